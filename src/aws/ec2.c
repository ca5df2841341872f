#include "config.h"

#include "flowdiag/aws/ec2.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/paging.h"
#include "flowdiag/aws/xml.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

#include "ec2-int.h"

/* Pages read at the most: an account's flow logs fit in a few. */
#define PAGES_MAX 1000
/* Flow logs taken from one answer, and the longest format kept. */
#define FLOW_LOGS_MAX 1000
#define FORMAT_MAX    4096
/* Describe* calls share a bucket of about 100 a second: stay well under. */
#define PER_SECOND 10.0

struct interfaces {
	struct ec2_interface *v;
	size_t n;
};

bool
ec2_add_escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3];

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || strchr("-_.~", ch) != NULL) {
			if (!buf_append(b, s, 1))
				return false;
			continue;
		}
		e[0] = '%';
		e[1] = hex[ch >> 4];
		e[2] = hex[ch & 15];
		if (!buf_append(b, e, 3))
			return false;
	}
	return true;
}

void
ec2_add_filter(struct buf *b, unsigned int n, const char *name,
    const char *const *values, size_t nvalues)
{
	char key[64];
	size_t i;

	snprintf(key, sizeof(key), "%sFilter.%u.Name=", n > 1 ? "&" : "", n);
	buf_append(b, key, strlen(key));
	ec2_add_escaped(b, name);
	for (i = 0; i < nvalues; i++) {
		snprintf(key, sizeof(key), "&Filter.%u.Value.%zu=", n, i + 1);
		buf_append(b, key, strlen(key));
		ec2_add_escaped(b, values[i]);
	}
}

int
ec2_pages(struct aws_client *c, const char *action, const char *params,
    ec2_page_fn fn, void *arg, struct errinfo *ei)
{
	struct buf req, xml = { 0 };
	struct paging pg;
	char *next = NULL, *last = NULL, *what;
	size_t n;
	int ret = -1;

	xasprintf(&what, "ec2 %s", action);
	paging_init(&pg, what, c->fetch_budget_ms);
	c->per_second = PER_SECOND;
	buf_init(&req, 1024 * 1024);
	for (n = 0;; n++) {
		if (n == PAGES_MAX) {
			errinfo_set(ei, EC_SERVICE,
			    "ec2 %s: more than %d pages", action, PAGES_MAX);
			goto out;
		}
		buf_reset(&req);
		if (!buf_append(&req, params, strlen(params)) ||
		    (last != NULL &&
			(!buf_append(&req, "&NextToken=", 11) ||
			    !ec2_add_escaped(&req, last)))) {
			errinfo_set(ei, EC_SERVICE, "ec2 %s: request too large",
			    action);
			goto out;
		}
		if (aws_query_call(c, action, req.data != NULL ? req.data : "",
			&xml, ei) == -1)
			goto out;
		if (fn(xml.data, xml.len, arg, &next, ei) == -1)
			goto out;
		buf_release(&xml);
		/* No token is the end; one seen before would loop. */
		if (next == NULL || next[0] == '\0')
			break;
		if (paging_next(&pg, next, ei) == -1)
			goto out;
		free(last);
		last = next;
		next = NULL;
	}
	ret = 0;
out:
	paging_release(&pg);
	free(what);
	buf_release(&xml);
	buf_release(&req);
	free(next);
	free(last);
	return ret;
}

int
ec2_answer_set(const char *xml, size_t len, const char *set,
    struct xml_elem *items, char **next, struct errinfo *ei)
{
	struct xml_elem root;

	*next = NULL;
	if (xml_root(xml, len, &root) == -1)
		return errinfo_set(ei, EC_SERVICE,
		    "ec2: the answer is not XML");
	if (!xml_child(&root, set, items)) {
		items->body = "";
		items->body_len = 0;
	}
	*next = xml_child_text(&root, "nextToken");
	return 0;
}

int
ec2_parse_interfaces(const char *xml, size_t len, struct ec2_interface **v,
    size_t *n, char **next, struct errinfo *ei)
{
	struct ec2_interface *f;
	struct xml_elem set, item;
	size_t pos = 0;

	if (ec2_answer_set(xml, len, "networkInterfaceSet", &set, next, ei) ==
	    -1)
		return -1;
	while (xml_next(&set, &pos, &item)) {
		char *id = xml_child_text(&item, "networkInterfaceId");

		if (!xml_is(&item, "item") || id == NULL ||
		    *n == EC2_INTERFACES_MAX) {
			free(id);
			continue;
		}
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		f = &(*v)[(*n)++];
		f->id = id;
		f->subnet = xml_child_text(&item, "subnetId");
		f->vpc = xml_child_text(&item, "vpcId");
		f->owner = xml_child_text(&item, "ownerId");
	}
	return 0;
}

static int
parse_interfaces(const char *xml, size_t len, void *arg, char **next,
    struct errinfo *ei)
{
	struct interfaces *is = arg;

	return ec2_parse_interfaces(xml, len, &is->v, &is->n, next, ei);
}

int
ec2_find_interfaces(struct aws_client *c, const struct addr *a,
    struct ec2_interface **v, size_t *n, struct errinfo *ei)
{
	struct interfaces is = { NULL, 0 };
	struct buf params;
	char text[ADDR_STRLEN];
	const char *value = addr_format(a, text, sizeof(text));
	int ret;

	buf_init(&params, 64 * 1024);
	ec2_add_filter(&params, 1,
	    a->family == 6 ? "ipv6-addresses.ipv6-address"
			   : "addresses.private-ip-address",
	    &value, 1);
	ret = ec2_pages(c, "DescribeNetworkInterfaces", params.data,
	    parse_interfaces, &is, ei);
	buf_release(&params);
	if (ret == -1) {
		ec2_interfaces_free(is.v, is.n);
		is.v = NULL;
		is.n = 0;
	}
	*v = is.v;
	*n = is.n;
	return ret;
}

void
ec2_interfaces_free(struct ec2_interface *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].subnet);
		free(v[i].vpc);
		free(v[i].owner);
	}
	free(v);
}

int
ec2_parse_flow_logs(const char *xml, size_t len, struct ec2_flow_logs *fl,
    char **next, struct errinfo *ei)
{
	struct ec2_flow_log *f;
	struct xml_elem set, item;
	struct errinfo ignored;
	size_t pos = 0;
	char *t;

	if (ec2_answer_set(xml, len, "flowLogSet", &set, next, ei) == -1)
		return -1;
	while (xml_next(&set, &pos, &item)) {
		char *id = xml_child_text(&item, "flowLogId");

		if (!xml_is(&item, "item") || id == NULL) {
			free(id);
			continue;
		}
		/* A hostile endpoint could send flow logs without end. */
		if (fl->n == FLOW_LOGS_MAX) {
			free(id);
			return errinfo_set(ei, EC_SERVICE,
			    "ec2 DescribeFlowLogs: more than %d flow logs",
			    FLOW_LOGS_MAX);
		}
		fl->v = xreallocarray(fl->v, fl->n + 1, sizeof(*fl->v));
		f = &fl->v[fl->n++];
		memset(f, 0, sizeof(*f));
		f->id = id;
		f->resource = xml_child_text(&item, "resourceId");
		f->traffic_type = xml_child_text(&item, "trafficType");
		f->format = xml_child_text(&item, "logFormat");
		f->status = xml_child_text(&item, "deliverLogsStatus");
		f->error = xml_child_text(&item, "deliverLogsErrorMessage");
		if (f->error != NULL)
			aws_clean_text(f->error, strlen(f->error) + 1, NULL);
		if (f->format != NULL && strlen(f->format) > FORMAT_MAX)
			f->format[FORMAT_MAX] = '\0';
		f->group = xml_child_text(&item, "logGroupName");
		f->destination = xml_child_text(&item, "logDestinationType");
		if ((t = xml_child_text(&item, "creationTime")) != NULL &&
		    when_parse(t, 0, &f->created, &ignored) == -1)
			f->created = 0;
		free(t);
		if ((t = xml_child_text(&item, "maxAggregationInterval")) !=
		    NULL)
			f->aggregation = strtol(t, NULL, 10);
		free(t);
	}
	return 0;
}

static int
parse_flow_logs(const char *xml, size_t len, void *arg, char **next,
    struct errinfo *ei)
{
	return ec2_parse_flow_logs(xml, len, arg, next, ei);
}

int
ec2_describe_flow_logs(struct aws_client *c, const char *filter,
    const char *const *values, size_t nvalues, struct ec2_flow_logs *fl,
    struct errinfo *ei)
{
	struct buf params;
	size_t i, n;
	int ret = 0;

	for (i = 0; i < nvalues && ret == 0; i += n) {
		n = nvalues - i < EC2_VALUES_MAX ? nvalues - i : EC2_VALUES_MAX;
		buf_init(&params, 1024 * 1024);
		ec2_add_filter(&params, 1, filter, values + i, n);
		ret = ec2_pages(c, "DescribeFlowLogs", params.data,
		    parse_flow_logs, fl, ei);
		buf_release(&params);
	}
	return ret;
}

void
ec2_flow_logs_release(struct ec2_flow_logs *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++) {
		struct ec2_flow_log *f = &fl->v[i];

		free(f->id);
		free(f->resource);
		free(f->traffic_type);
		free(f->format);
		free(f->status);
		free(f->error);
		free(f->group);
		free(f->destination);
	}
	free(fl->v);
	fl->v = NULL;
	fl->n = 0;
}
