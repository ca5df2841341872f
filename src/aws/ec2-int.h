/*
 * What ec2.c shares with ec2-config.c and no other file: the form of an
 * EC2 Query request's filters, and the loop over an answer's pages.  It
 * sits beside them, not under include/.
 */
#ifndef FLOWDIAG_EC2_INT_H
#define FLOWDIAG_EC2_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/aws/xml.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"

/* Filter values in one request: EC2 takes 200. */
#define EC2_VALUES_MAX 200

/* Reads one answer into arg; *next is the next page's token, or NULL. */
typedef int (*ec2_page_fn)(const char *xml, size_t len, void *arg, char **next,
    struct errinfo *ei);

/* Appends s, percent-encoded as a form value (RFC 3986 unreserved kept),
 * to b; false when b is full. */
bool ec2_add_escaped(struct buf *b, const char *s);

/* Appends "Filter.N.Name=NAME&Filter.N.Value.1=V1&..." to b, with an '&'
 * before it unless n is 1. */
void ec2_add_filter(struct buf *b, unsigned int n, const char *name,
    const char *const *values, size_t nvalues);

/* Calls action with params and, while answers name a next page, again
 * with its token; fn reads each answer.  At most 1000 pages. */
int ec2_pages(struct aws_client *c, const char *action, const char *params,
    ec2_page_fn fn, void *arg, struct errinfo *ei);

/* Finds the answer's set (networkInterfaceSet, flowLogSet) and its next
 * token; a missing set is an empty one.  -1 when the answer is not XML. */
int ec2_answer_set(const char *xml, size_t len, const char *set,
    struct xml_elem *items, char **next, struct errinfo *ei);

#endif
