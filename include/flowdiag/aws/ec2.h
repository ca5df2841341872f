/*
 * EC2's view of the flow logs: which network interfaces hold an address
 * (DescribeNetworkInterfaces), and which flow logs cover an interface, its
 * subnet or its VPC, or deliver to a log group (DescribeFlowLogs), with
 * their format, traffic type, creation time and delivery status.  It
 * knows nothing of rules; the check command turns what it learns into
 * evidence options.
 */
#ifndef FLOWDIAG_EC2_H
#define FLOWDIAG_EC2_H

#include <stddef.h>
#include <stdint.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

/* The EC2 Query API version. */
#define EC2_API_VERSION "2016-11-15"
/* Interfaces taken for one address: one per VPC that reuses it. */
#define EC2_INTERFACES_MAX 16

struct ec2_interface {
	char *id; /* eni-... */
	char *subnet;
	char *vpc;
	char *owner; /* ownerId: the account, or NULL */
};

struct ec2_flow_log {
	char *id;           /* FlowLogId: fl-... */
	char *resource;     /* ResourceId: the ENI, subnet or VPC logged */
	char *traffic_type; /* ALL, ACCEPT or REJECT */
	char *format;       /* LogFormat: "${version} ${account-id} ..." */
	int64_t created;    /* CreationTime in Unix seconds; 0: unknown */
	char *status;       /* DeliverLogsStatus: SUCCESS or FAILED */
	char *error;        /* DeliverLogsErrorMessage, or NULL */
	char *group;        /* LogGroupName, or NULL (S3, Firehose) */
	char *destination;  /* LogDestinationType: cloud-watch-logs, s3 */
	long aggregation;   /* MaxAggregationInterval in seconds; 0: unknown */
};

struct ec2_flow_logs {
	struct ec2_flow_log *v;
	size_t n;
};

/* The interfaces whose private address (IPv4) or IPv6 address is a, at
 * most EC2_INTERFACES_MAX; *v is a new array (none: NULL and 0) to free
 * with ec2_interfaces_free(). */
int ec2_find_interfaces(struct aws_client *c, const struct addr *a,
    struct ec2_interface **v, size_t *n, struct errinfo *ei);
void ec2_interfaces_free(struct ec2_interface *v, size_t n);

/* Reads the interfaces of one DescribeNetworkInterfaces answer,
 * xml[0..len), appending them to *v and *n (at most EC2_INTERFACES_MAX
 * in all); *next is a new string, the next page's token, or NULL.  -1
 * when the answer is not one. */
int ec2_parse_interfaces(const char *xml, size_t len, struct ec2_interface **v,
    size_t *n, char **next, struct errinfo *ei);

/* Every flow log whose filter ("resource-id", "log-group-name") has one of
 * values[0..nvalues), page after page, appended to fl (zeroed by the
 * caller, released with ec2_flow_logs_release()). */
int ec2_describe_flow_logs(struct aws_client *c, const char *filter,
    const char *const *values, size_t nvalues, struct ec2_flow_logs *fl,
    struct errinfo *ei);
void ec2_flow_logs_release(struct ec2_flow_logs *fl);

/* Reads the flow logs of one DescribeFlowLogs answer, xml[0..len), into
 * fl; *next is a new string, the next page's token, or NULL.  -1 when the
 * answer is not one. */
int ec2_parse_flow_logs(const char *xml, size_t len, struct ec2_flow_logs *fl,
    char **next, struct errinfo *ei);

#endif
