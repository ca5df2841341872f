#include "config.h"

#include "flowdiag/record/ids.h"

#include <string.h>

/* How many characters of a bad id a message quotes. */
#define SHOWN 40
/* The longest run of hex digits an id may hold; AWS writes 8 or 17. */
#define HEX_MAX 32

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

/* An account id: 12 digits, or "unknown", which AWS writes for the
 * interfaces of its own services. */
static bool
account_valid(const char *s)
{
	return (strlen(s) == 12 && strspn(s, "0123456789") == 12) ||
	    strcmp(s, "unknown") == 0;
}

bool
ids_valid(enum flow_field f, const char *s)
{
	const struct id_form *fm = &forms[f];
	size_t plen, n;

	if (fm->prefix == NULL)
		return true;
	if (fm->prefix[0] == '\0')
		return account_valid(s);
	plen = strlen(fm->prefix);
	if (strncmp(s, fm->prefix, plen) != 0)
		return false;
	n = strlen(s + plen);
	return n > 0 && n <= HEX_MAX &&
	    strspn(s + plen, "0123456789abcdef") == n;
}

int
ids_check(const struct flow_record *r, struct errinfo *ei)
{
	const char *s;
	int f;

	for (f = 0; f < FLOW_NFIELDS; f++) {
		if (forms[f].prefix == NULL || !flow_has(r, f) ||
		    (s = flow_text(r, f)) == NULL || ids_valid(f, s))
			continue;
		return errinfo_set(ei, EC_DATA, "%s '%.*s%s' is not %s",
		    flow_field_info(f)->name, SHOWN, s,
		    strlen(s) > SHOWN ? "..." : "", forms[f].what);
	}
	return 0;
}
