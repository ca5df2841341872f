/*
 * How wide the terminal is, for the front ends to tell the report: the
 * report layer lays text out to a width it is given and never asks.
 */
#ifndef FLOWDIAG_TERM_H
#define FLOWDIAG_TERM_H

#include <stddef.h>

/* Text not going to a terminal is laid out for this many columns. */
#define TERM_WIDTH_DEFAULT 80
/* Narrower than this, nothing reads well: it is taken as this. */
#define TERM_WIDTH_MIN 40
/* Wider than this is taken as this (a nonsense COLUMNS). */
#define TERM_WIDTH_MAX 1000

/* The columns of the terminal at descriptor fd: COLUMNS when it is set
 * to a number, else what the terminal says (TIOCGWINSZ); when fd is not
 * a terminal, or it does not say, TERM_WIDTH_DEFAULT.  Held within
 * TERM_WIDTH_MIN and TERM_WIDTH_MAX. */
size_t term_width(int fd);

#endif
