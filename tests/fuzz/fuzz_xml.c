/*
 * EC2's answers, read by the XML reader: the whole tree walked, every
 * element's text decoded, names found at any depth, an error body's
 * Code and Message, and the DescribeFlowLogs and DescribeNetworkInterfaces
 * readers.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/ec2.h"
#include "flowdiag/aws/xml.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

/* Walks e's children to depth, decoding each one's text; returns the
 * number of elements seen, which the caller bounds. */
static size_t
walk(const struct xml_elem *e, const char *doc, size_t len, int depth)
{
	struct xml_elem child;
	size_t pos = 0, seen = 1;
	char *t;

	FUZZ_CHECK(e->name >= doc && e->name + e->name_len <= doc + len &&
		e->body >= doc && e->body + e->body_len <= doc + len,
	    "element outside the document");
	if ((t = xml_text(e)) != NULL) {
		FUZZ_CHECK(strlen(t) <= e->body_len, "text longer than body");
		free(t);
	}
	if (depth == XML_DEPTH_MAX + 1)
		return seen;
	while (xml_next(e, &pos, &child) && seen < 10000)
		seen += walk(&child, doc, len, depth + 1);
	return seen;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec2_flow_logs fl = { 0 };
	struct ec2_interface *is = NULL;
	size_t nis = 0, i;
	struct xml_elem root, found;
	struct errinfo ei;
	char *doc = malloc(size != 0 ? size : 1), *next = NULL, *t;

	memcpy(doc, data, size);
	if (xml_root(doc, size, &root) == 0) {
		walk(&root, doc, size, 0);
		if (xml_find(&root, "Error", &found)) {
			free(xml_child_text(&found, "Code"));
			free(xml_child_text(&found, "Message"));
		}
		if (xml_find(&root, "item", &found) &&
		    (t = xml_text(&found)) != NULL)
			free(t);
	}
	if (ec2_parse_flow_logs(doc, size, &fl, &next, &ei) == 0)
		FUZZ_CHECK(fl.n == 0 || fl.v != NULL, "flow logs");
	ec2_flow_logs_release(&fl);
	free(next);
	next = NULL;
	if (ec2_parse_interfaces(doc, size, &is, &nis, &next, &ei) == 0) {
		FUZZ_CHECK(nis <= EC2_INTERFACES_MAX, "%zu interfaces", nis);
		for (i = 0; i < nis; i++)
			FUZZ_CHECK(is[i].id != NULL, "interface %zu", i);
	}
	ec2_interfaces_free(is, nis);
	free(next);
	free(doc);
	return 0;
}
