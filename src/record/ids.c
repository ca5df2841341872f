#include "config.h"

#include "flowdiag/record/ids.h"

#include <stdint.h>
#include <string.h>

/* How many characters of a bad id a message quotes. */
#define SHOWN 40
/* The longest run of hex digits an id may hold; AWS writes 8 or 17. */
#define HEX_MAX 32

/* The fields that have a form below. */
#define ID_FIELDS                                                           \
	(FLOW_BIT(FF_INTERFACE_ID) | FLOW_BIT(FF_TGW_SRC_ENI) |             \
	    FLOW_BIT(FF_TGW_DST_ENI) | FLOW_BIT(FF_VPC_ID) |                \
	    FLOW_BIT(FF_TGW_SRC_VPC_ID) | FLOW_BIT(FF_TGW_DST_VPC_ID) |     \
	    FLOW_BIT(FF_SUBNET_ID) | FLOW_BIT(FF_TGW_SRC_SUBNET_ID) |       \
	    FLOW_BIT(FF_TGW_DST_SUBNET_ID) | FLOW_BIT(FF_INSTANCE_ID) |     \
	    FLOW_BIT(FF_TGW_ID) | FLOW_BIT(FF_TGW_ATTACHMENT_ID) |          \
	    FLOW_BIT(FF_TGW_PAIR_ATTACHMENT_ID) | FLOW_BIT(FF_ACCOUNT_ID) | \
	    FLOW_BIT(FF_TGW_SRC_VPC_ACCOUNT_ID) |                           \
	    FLOW_BIT(FF_TGW_DST_VPC_ACCOUNT_ID))

struct id_form {
	const char *prefix; /* "eni-"; NULL: the field has no fixed form */
	const char *what;   /* the form, in words */
};

static const struct id_form forms[FLOW_NFIELDS] = {
	[FF_INTERFACE_ID] = { "eni-", "eni- and hex digits" },
	[FF_TGW_SRC_ENI] = { "eni-", "eni- and hex digits" },
	[FF_TGW_DST_ENI] = { "eni-", "eni- and hex digits" },
	[FF_VPC_ID] = { "vpc-", "vpc- and hex digits" },
	[FF_TGW_SRC_VPC_ID] = { "vpc-", "vpc- and hex digits" },
	[FF_TGW_DST_VPC_ID] = { "vpc-", "vpc- and hex digits" },
	[FF_SUBNET_ID] = { "subnet-", "subnet- and hex digits" },
	[FF_TGW_SRC_SUBNET_ID] = { "subnet-", "subnet- and hex digits" },
	[FF_TGW_DST_SUBNET_ID] = { "subnet-", "subnet- and hex digits" },
	[FF_INSTANCE_ID] = { "i-", "i- and hex digits" },
	[FF_TGW_ID] = { "tgw-", "tgw- and hex digits" },
	[FF_TGW_ATTACHMENT_ID] = { "tgw-attach-",
	    "tgw-attach- and hex digits" },
	[FF_TGW_PAIR_ATTACHMENT_ID] = { "tgw-attach-",
	    "tgw-attach- and hex digits" },
	[FF_ACCOUNT_ID] = { "", "12 digits or unknown" },
	[FF_TGW_SRC_VPC_ACCOUNT_ID] = { "", "12 digits or unknown" },
	[FF_TGW_DST_VPC_ACCOUNT_ID] = { "", "12 digits or unknown" },
};

/* What each byte is in an id: a table, as the ids of every record taken
 * are read. */
enum { DIGIT = 1, HEX = 2 };
static const unsigned char kind[256] = {
	['0'] = DIGIT,
	['1'] = DIGIT,
	['2'] = DIGIT,
	['3'] = DIGIT,
	['4'] = DIGIT,
	['5'] = DIGIT,
	['6'] = DIGIT,
	['7'] = DIGIT,
	['8'] = DIGIT,
	['9'] = DIGIT,
	['a'] = HEX,
	['b'] = HEX,
	['c'] = HEX,
	['d'] = HEX,
	['e'] = HEX,
	['f'] = HEX,
};

/* An account id: 12 digits, or "unknown", which AWS writes for the
 * interfaces of its own services. */
static bool
account_valid(const char *s)
{
	int i;

	for (i = 0; i < 12; i++) {
		if (kind[(unsigned char)s[i]] != DIGIT)
			return strcmp(s, "unknown") == 0;
	}
	return s[12] == '\0';
}

bool
ids_valid(enum flow_field f, const char *s)
{
	const struct id_form *fm = &forms[f];
	const char *p = fm->prefix;
	size_t n;

	if (p == NULL)
		return true;
	if (*p == '\0')
		return account_valid(s);
	for (; *p != '\0'; p++, s++) {
		if (*s != *p)
			return false;
	}
	for (n = 0; kind[(unsigned char)s[n]] != 0; n++)
		;
	return n > 0 && n <= HEX_MAX && s[n] == '\0';
}

int
ids_check_field(enum flow_field f, const char *s, struct errinfo *ei)
{
	if (ids_valid(f, s))
		return 0;
	return errinfo_set(ei, EC_DATA, "%s '%.*s%s' is not %s",
	    flow_field_info(f)->name, SHOWN, s, strlen(s) > SHOWN ? "..." : "",
	    forms[f].what);
}

int
ids_check(const struct flow_record *r, struct errinfo *ei)
{
	uint64_t todo = r->present & ID_FIELDS;
	const char *s;
	int f;

	/* Only the id fields the record holds: a record of the default
	 * format costs two short checks. */
	for (; todo != 0; todo &= todo - 1) {
		f = __builtin_ctzll(todo);
		if ((s = flow_text(r, f)) != NULL &&
		    ids_check_field(f, s, ei) == -1)
			return -1;
	}
	return 0;
}
