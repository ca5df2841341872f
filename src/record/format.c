#include "config.h"

#include "flowdiag/record/format.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const struct flow_field_info flow_fields[FLOW_NFIELDS] = {
	[FF_VERSION] = { "version", FK_UINT, 2, 255 },
	[FF_ACCOUNT_ID] = { "account-id", FK_TEXT, 2, 0 },
	[FF_INTERFACE_ID] = { "interface-id", FK_TEXT, 2, 0 },
	[FF_SRCADDR] = { "srcaddr", FK_ADDR, 2, 0 },
	[FF_DSTADDR] = { "dstaddr", FK_ADDR, 2, 0 },
	[FF_SRCPORT] = { "srcport", FK_UINT, 2, 65535 },
	[FF_DSTPORT] = { "dstport", FK_UINT, 2, 65535 },
	[FF_PROTOCOL] = { "protocol", FK_UINT, 2, 255 },
	[FF_PACKETS] = { "packets", FK_UINT, 2, UINT64_MAX },
	[FF_BYTES] = { "bytes", FK_UINT, 2, UINT64_MAX },
	[FF_START] = { "start", FK_TIME, 2, 0 },
	[FF_END] = { "end", FK_TIME, 2, 0 },
	[FF_ACTION] = { "action", FK_ACTION, 2, 0 },
	[FF_LOG_STATUS] = { "log-status", FK_STATUS, 2, 0 },
	[FF_VPC_ID] = { "vpc-id", FK_TEXT, 3, 0 },
	[FF_SUBNET_ID] = { "subnet-id", FK_TEXT, 3, 0 },
	[FF_INSTANCE_ID] = { "instance-id", FK_TEXT, 3, 0 },
	[FF_TCP_FLAGS] = { "tcp-flags", FK_UINT, 3, 255 },
	[FF_TYPE] = { "type", FK_TYPE, 3, 0 },
	[FF_PKT_SRCADDR] = { "pkt-srcaddr", FK_ADDR, 3, 0 },
	[FF_PKT_DSTADDR] = { "pkt-dstaddr", FK_ADDR, 3, 0 },
	[FF_REGION] = { "region", FK_TEXT, 4, 0 },
	[FF_AZ_ID] = { "az-id", FK_TEXT, 4, 0 },
	[FF_SUBLOCATION_TYPE] = { "sublocation-type", FK_TEXT, 4, 0 },
	[FF_SUBLOCATION_ID] = { "sublocation-id", FK_TEXT, 4, 0 },
	[FF_PKT_SRC_AWS_SERVICE] = { "pkt-src-aws-service", FK_TEXT, 5, 0 },
	[FF_PKT_DST_AWS_SERVICE] = { "pkt-dst-aws-service", FK_TEXT, 5, 0 },
	[FF_FLOW_DIRECTION] = { "flow-direction", FK_DIRECTION, 5, 0 },
	[FF_TRAFFIC_PATH] = { "traffic-path", FK_UINT, 5, 8 },
	[FF_RESOURCE_TYPE] = { "resource-type", FK_TEXT, 6, 0 },
	[FF_TGW_ID] = { "tgw-id", FK_TEXT, 6, 0 },
	[FF_TGW_ATTACHMENT_ID] = { "tgw-attachment-id", FK_TEXT, 6, 0 },
	[FF_TGW_SRC_VPC_ACCOUNT_ID] = { "tgw-src-vpc-account-id", FK_TEXT, 6,
	    0 },
	[FF_TGW_DST_VPC_ACCOUNT_ID] = { "tgw-dst-vpc-account-id", FK_TEXT, 6,
	    0 },
	[FF_TGW_SRC_VPC_ID] = { "tgw-src-vpc-id", FK_TEXT, 6, 0 },
	[FF_TGW_DST_VPC_ID] = { "tgw-dst-vpc-id", FK_TEXT, 6, 0 },
	[FF_TGW_SRC_SUBNET_ID] = { "tgw-src-subnet-id", FK_TEXT, 6, 0 },
	[FF_TGW_DST_SUBNET_ID] = { "tgw-dst-subnet-id", FK_TEXT, 6, 0 },
	[FF_TGW_SRC_ENI] = { "tgw-src-eni", FK_TEXT, 6, 0 },
	[FF_TGW_DST_ENI] = { "tgw-dst-eni", FK_TEXT, 6, 0 },
	[FF_TGW_SRC_AZ_ID] = { "tgw-src-az-id", FK_TEXT, 6, 0 },
	[FF_TGW_DST_AZ_ID] = { "tgw-dst-az-id", FK_TEXT, 6, 0 },
	[FF_TGW_PAIR_ATTACHMENT_ID] = { "tgw-pair-attachment-id", FK_TEXT, 6,
	    0 },
	[FF_PACKETS_LOST_NO_ROUTE] = { "packets-lost-no-route", FK_UINT, 6,
	    UINT64_MAX },
	[FF_PACKETS_LOST_BLACKHOLE] = { "packets-lost-blackhole", FK_UINT, 6,
	    UINT64_MAX },
	[FF_PACKETS_LOST_MTU_EXCEEDED] = { "packets-lost-mtu-exceeded", FK_UINT,
	    6, UINT64_MAX },
	[FF_PACKETS_LOST_TTL_EXPIRED] = { "packets-lost-ttl-expired", FK_UINT,
	    6, UINT64_MAX },
	[FF_ECS_CLUSTER_ARN] = { "ecs-cluster-arn", FK_TEXT, 7, 0 },
	[FF_ECS_CLUSTER_NAME] = { "ecs-cluster-name", FK_TEXT, 7, 0 },
	[FF_ECS_CONTAINER_INSTANCE_ARN] = { "ecs-container-instance-arn",
	    FK_TEXT, 7, 0 },
	[FF_ECS_CONTAINER_INSTANCE_ID] = { "ecs-container-instance-id", FK_TEXT,
	    7, 0 },
	[FF_ECS_CONTAINER_ID] = { "ecs-container-id", FK_TEXT, 7, 0 },
	[FF_ECS_SECOND_CONTAINER_ID] = { "ecs-second-container-id", FK_TEXT, 7,
	    0 },
	[FF_ECS_SERVICE_NAME] = { "ecs-service-name", FK_TEXT, 7, 0 },
	[FF_ECS_TASK_DEFINITION_ARN] = { "ecs-task-definition-arn", FK_TEXT, 7,
	    0 },
	[FF_ECS_TASK_ARN] = { "ecs-task-arn", FK_TEXT, 7, 0 },
	[FF_ECS_TASK_ID] = { "ecs-task-id", FK_TEXT, 7, 0 },
	[FF_REJECT_REASON] = { "reject-reason", FK_TEXT, 8, 0 },
};

int
flow_field_lookup(const char *name, size_t len)
{
	int f;

	for (f = 0; f < FLOW_NFIELDS; f++) {
		if (strlen(flow_fields[f].name) == len &&
		    memcmp(flow_fields[f].name, name, len) == 0)
			return f;
	}
	return -1;
}

/* Lower-cases s and drops '-' and '_', so that every spelling of a field
 * name folds to one: "interface-id", "interfaceId", "interface_id". */
static void
fold_key(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < size; s++) {
		if (*s != '-' && *s != '_')
			out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
}

int
flow_field_lookup_key(const char *key)
{
	char want[64], have[64];
	int f;

	fold_key(key, want, sizeof(want));
	if (strcmp(want, "account") == 0)
		return FF_ACCOUNT_ID;
	for (f = 0; f < FLOW_NFIELDS; f++) {
		fold_key(flow_fields[f].name, have, sizeof(have));
		if (strcmp(want, have) == 0)
			return f;
	}
	return -1;
}

void
flow_format_default(struct flow_format *fmt)
{
	unsigned int i;

	memset(fmt, 0, sizeof(*fmt));
	for (i = 0; i <= FF_LOG_STATUS; i++) {
		fmt->field[i] = (uint8_t)i;
		fmt->has |= FLOW_BIT(i);
	}
	fmt->n = FF_LOG_STATUS + 1;
}

/* Adds the field named name[0..len) to fmt; what says where, for errors. */
static int
format_add(struct flow_format *fmt, const char *name, size_t len,
    const char *what, enum errcode code, struct errinfo *ei)
{
	char dashed[64];
	size_t i;
	int f;

	/* Athena, Vector and others write interface_id for interface-id. */
	if ((f = flow_field_lookup(name, len)) == -1 && len < sizeof(dashed)) {
		for (i = 0; i < len; i++)
			dashed[i] = name[i] == '_' ? '-' : name[i];
		f = flow_field_lookup(dashed, len);
	}
	if (f == -1) {
		return errinfo_set(ei, code, "%s: unknown field '%.*s'", what,
		    (int)(len > 64 ? 64 : len), name);
	}
	if (fmt->has & FLOW_BIT(f)) {
		return errinfo_set(ei, code, "%s: field '%s' appears twice",
		    what, flow_fields[f].name);
	}
	fmt->field[fmt->n++] = (uint8_t)f;
	fmt->has |= FLOW_BIT(f);
	return 0;
}

int
flow_format_parse(const char *spec, struct flow_format *fmt, struct errinfo *ei)
{
	const char *p = spec, *name;
	size_t len;

	memset(fmt, 0, sizeof(*fmt));
	for (;;) {
		/* Commas too: "version,srcaddr" needs no quotes in a shell
		 * and completes there field by field. */
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (p[0] == '$' && p[1] == '{') {
			name = p + 2;
			if ((p = strchr(name, '}')) == NULL) {
				return errinfo_set(ei, EC_USAGE,
				    "log format: '${' without '}'");
			}
			len = (size_t)(p - name);
			p++;
		} else {
			name = p;
			len = strcspn(p, " \t,");
			p += len;
		}
		if (fmt->n == FLOW_NFIELDS) {
			return errinfo_set(ei, EC_USAGE,
			    "log format: too many fields");
		}
		if (format_add(fmt, name, len, "log format", EC_USAGE, ei) ==
		    -1)
			return -1;
	}
	if (fmt->n == 0)
		return errinfo_set(ei, EC_USAGE, "log format: no fields");
	return 0;
}

int
flow_format_from_header(const char *line, size_t len, struct flow_format *fmt,
    struct errinfo *ei)
{
	const char *p = line, *end = line + len, *tok;

	memset(fmt, 0, sizeof(*fmt));
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		tok = p;
		while (p < end && *p != ' ')
			p++;
		if (fmt->n == FLOW_NFIELDS)
			return errinfo_set(ei, EC_DATA,
			    "header: too many fields");
		if (format_add(fmt, tok, (size_t)(p - tok), "header", EC_DATA,
			ei) == -1)
			return -1;
	}
	if (fmt->n == 0)
		return errinfo_set(ei, EC_DATA, "header: no fields");
	return 0;
}

bool
flow_format_equal(const struct flow_format *a, const struct flow_format *b)
{
	return a->n == b->n && memcmp(a->field, b->field, a->n) == 0;
}

const char *
flow_format_string(const struct flow_format *fmt, char *buf, size_t size)
{
	size_t used = 0;
	unsigned int i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < fmt->n && used < size; i++) {
		n = snprintf(buf + used, size - used, "%s${%s}",
		    i == 0 ? "" : " ", flow_fields[fmt->field[i]].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}
