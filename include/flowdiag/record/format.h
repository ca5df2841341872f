/*
 * The fields of VPC flow log records (versions 2 to 8) and log formats: the
 * order in which a flow log writes them.
 */
#ifndef FLOWDIAG_FORMAT_H
#define FLOWDIAG_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/util/errinfo.h"

enum flow_field {
	/* version 2: the default format, in its order */
	FF_VERSION,
	FF_ACCOUNT_ID,
	FF_INTERFACE_ID,
	FF_SRCADDR,
	FF_DSTADDR,
	FF_SRCPORT,
	FF_DSTPORT,
	FF_PROTOCOL,
	FF_PACKETS,
	FF_BYTES,
	FF_START,
	FF_END,
	FF_ACTION,
	FF_LOG_STATUS,
	/* version 3 */
	FF_VPC_ID,
	FF_SUBNET_ID,
	FF_INSTANCE_ID,
	FF_TCP_FLAGS,
	FF_TYPE,
	FF_PKT_SRCADDR,
	FF_PKT_DSTADDR,
	/* version 4 */
	FF_REGION,
	FF_AZ_ID,
	FF_SUBLOCATION_TYPE,
	FF_SUBLOCATION_ID,
	/* version 5 */
	FF_PKT_SRC_AWS_SERVICE,
	FF_PKT_DST_AWS_SERVICE,
	FF_FLOW_DIRECTION,
	FF_TRAFFIC_PATH,
	/* version 6: transit gateway flow logs */
	FF_RESOURCE_TYPE,
	FF_TGW_ID,
	FF_TGW_ATTACHMENT_ID,
	FF_TGW_SRC_VPC_ACCOUNT_ID,
	FF_TGW_DST_VPC_ACCOUNT_ID,
	FF_TGW_SRC_VPC_ID,
	FF_TGW_DST_VPC_ID,
	FF_TGW_SRC_SUBNET_ID,
	FF_TGW_DST_SUBNET_ID,
	FF_TGW_SRC_ENI,
	FF_TGW_DST_ENI,
	FF_TGW_SRC_AZ_ID,
	FF_TGW_DST_AZ_ID,
	FF_TGW_PAIR_ATTACHMENT_ID,
	FF_PACKETS_LOST_NO_ROUTE,
	FF_PACKETS_LOST_BLACKHOLE,
	FF_PACKETS_LOST_MTU_EXCEEDED,
	FF_PACKETS_LOST_TTL_EXPIRED,
	/* version 7: ECS */
	FF_ECS_CLUSTER_ARN,
	FF_ECS_CLUSTER_NAME,
	FF_ECS_CONTAINER_INSTANCE_ARN,
	FF_ECS_CONTAINER_INSTANCE_ID,
	FF_ECS_CONTAINER_ID,
	FF_ECS_SECOND_CONTAINER_ID,
	FF_ECS_SERVICE_NAME,
	FF_ECS_TASK_DEFINITION_ARN,
	FF_ECS_TASK_ARN,
	FF_ECS_TASK_ID,
	/* version 8 */
	FF_REJECT_REASON,
	FLOW_NFIELDS
};

#define FLOW_BIT(f) ((uint64_t)1 << (f))

/* How a field's text is checked and stored in a record. */
enum flow_kind {
	FK_TEXT,      /* kept as text only */
	FK_ADDR,      /* IPv4 or IPv6 address */
	FK_UINT,      /* decimal within the field's range */
	FK_TIME,      /* Unix seconds, or milliseconds past 2^31 */
	FK_ACTION,    /* ACCEPT or REJECT */
	FK_STATUS,    /* OK, NODATA or SKIPDATA */
	FK_DIRECTION, /* ingress or egress */
	FK_TYPE,      /* IPv4, IPv6 or EFA */
};

struct flow_field_info {
	const char *name; /* as in ${name} and S3 header lines */
	enum flow_kind kind;
	unsigned int version; /* the flow log version that added it */
	uint64_t max;         /* largest value of an FK_UINT field */
};

/* Inline: the parser asks for every field of every record. */
extern const struct flow_field_info flow_fields[FLOW_NFIELDS];

static inline const struct flow_field_info *
flow_field_info(enum flow_field f)
{
	return &flow_fields[f];
}

/* The field named name[0..len), as in a log format; -1 when unknown. */
int flow_field_lookup(const char *name, size_t len);

/* The field for a JSON key in any of the usual spellings: "interface-id",
 * "interfaceId", "interface_id", and "account" for account-id; -1 when
 * unknown. */
int flow_field_lookup_key(const char *key);

struct flow_format {
	unsigned int n;              /* number of fields in a record */
	uint8_t field[FLOW_NFIELDS]; /* enum flow_field, in record order */
	uint64_t has;                /* FLOW_BIT() of every field present */
};

/* The default format: the fourteen version 2 fields. */
void flow_format_default(struct flow_format *fmt);

/* Parses a custom format, "${version} ${vpc-id} ..." (the ${} may be left
 * off, commas may separate the fields).  Unknown, duplicate or missing fields are errors naming the field. */
int flow_format_parse(const char *spec, struct flow_format *fmt,
    struct errinfo *ei);

/* Builds the format from an S3 header line ("version account-id ...");
 * -1 when line[0..len) is not a header line. */
int flow_format_from_header(const char *line, size_t len,
    struct flow_format *fmt, struct errinfo *ei);

bool flow_format_equal(const struct flow_format *a,
    const struct flow_format *b);

/* Writes the format as "${a} ${b} ..." into buf; returns buf. */
const char *flow_format_string(const struct flow_format *fmt, char *buf,
    size_t size);

#endif
