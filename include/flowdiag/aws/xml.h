/*
 * A small, bounded XML reader for AWS Query-protocol answers (EC2): it
 * checks that a document is well formed, walks the child elements of an
 * element, finds elements by name and decodes their text.  It never
 * copies the document: elements point into it, so the document must
 * outlive them.  Namespaces are ignored (a prefix is not part of a name);
 * DTDs, comments and processing instructions are skipped; nesting deeper
 * than XML_DEPTH_MAX is refused.
 */
#ifndef FLOWDIAG_XML_H
#define FLOWDIAG_XML_H

#include <stdbool.h>
#include <stddef.h>

/* The deepest nesting taken: EC2's answers are less than ten deep. */
#define XML_DEPTH_MAX 64

struct xml_elem {
	const char *name; /* not NUL-terminated */
	size_t name_len;
	const char *body; /* what lies between the tags; empty: "/>" */
	size_t body_len;
};

/* Finds the root element of doc[0..len) and checks that the whole of it is
 * well formed; -1 when there is none or it is not. */
int xml_root(const char *doc, size_t len, struct xml_elem *root);

/* Whether e's name, without a namespace prefix, is name. */
bool xml_is(const struct xml_elem *e, const char *name);

/* Steps through parent's child elements: *pos starts at 0; true with
 * *child set, false after the last one. */
bool xml_next(const struct xml_elem *parent, size_t *pos,
    struct xml_elem *child);

/* The first child element of parent named name. */
bool xml_child(const struct xml_elem *parent, const char *name,
    struct xml_elem *child);

/* The first element named name at any depth under parent, in document
 * order, found in one pass: time linear in parent's size. */
bool xml_find(const struct xml_elem *parent, const char *name,
    struct xml_elem *found);

/* The text of e with entities (&amp; &lt; &gt; &quot; &apos; &#N; &#xH;)
 * and CDATA sections decoded; a new string, or NULL when e holds elements
 * or a malformed entity. */
char *xml_text(const struct xml_elem *e);

/* xml_text() of parent's first child named name, or NULL. */
char *xml_child_text(const struct xml_elem *parent, const char *name);

#endif
