/*
 * The JSON of the AWS CLI's describe-* commands read into a VPC's
 * configuration (vpc/json.c).  The first byte picks the file's name: bit
 * 0 one holding a prefix list's id (pl-0a1b2c3d.json), which the bare
 * entries of get-managed-prefix-list-entries take as their list's.  The
 * input is read twice into one config, the second replacing what the
 * first made; whatever came in, every object kept has an id of its form
 * and within the bounds.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/json.h"
#include "flowdiag/vpc/vpc.h"

#include "fuzz.h"

/* Whether s is prefix and lowercase hex digits. */
static int
id_form(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s != NULL && strncmp(s, prefix, n) == 0 && s[n] != '\0' &&
	    strspn(s + n, "0123456789abcdef") == strlen(s + n);
}

static void
check(const struct vpc_config *c)
{
	size_t i, k, elements = 0;

	FUZZ_CHECK(c->nifs + c->nsgs + c->nacls + c->nrts + c->npls <=
		VPC_JSON_MAX_OBJECTS,
	    "objects");
	for (i = 0; i < c->nsgs; i++) {
		const struct vpc_sg *g = &c->sgs[i];

		FUZZ_CHECK(id_form(g->id, "sg-"), "sg '%s'", g->id);
		FUZZ_CHECK(g->vpc == NULL || id_form(g->vpc, "vpc-"), "vpc");
		for (k = 0; k < g->nin + g->nout; k++) {
			const struct vpc_sg_rule *r =
			    k < g->nin ? &g->in[k] : &g->out[k - g->nin];

			FUZZ_CHECK(r->protocol >= -1 && r->protocol <= 255,
			    "protocol %d", r->protocol);
			FUZZ_CHECK(r->from >= -1 && r->from <= 65535 &&
				r->to >= -1 && r->to <= 65535,
			    "ports");
			FUZZ_CHECK(r->kind == VPC_PEER_CIDR
				? r->ref == NULL &&
				    (r->cidr.addr.family == 4 ||
					r->cidr.addr.family == 6)
				: id_form(r->ref,
				      r->kind == VPC_PEER_GROUP ? "sg-"
								: "pl-"),
			    "peer");
		}
		elements += g->nin + g->nout;
	}
	for (i = 0; i < c->nacls; i++) {
		const struct vpc_acl *a = &c->acls[i];

		FUZZ_CHECK(id_form(a->id, "acl-"), "acl '%s'", a->id);
		for (k = 0; k < a->nsubnets; k++)
			FUZZ_CHECK(id_form(a->subnets[k], "subnet-"), "subnet");
		for (k = 0; k < a->n; k++)
			FUZZ_CHECK(a->v[k].number >= 1 &&
				a->v[k].number <= VPC_ACL_LAST,
			    "rule %d", a->v[k].number);
		elements += a->n + a->nsubnets;
	}
	for (i = 0; i < c->nrts; i++) {
		const struct vpc_route_table *t = &c->rts[i];

		FUZZ_CHECK(id_form(t->id, "rtb-"), "rtb '%s'", t->id);
		for (k = 0; k < t->n; k++) {
			const char *s = t->v[k].target;

			FUZZ_CHECK(s == NULL ||
				strspn(s,
				    "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789:/._-") == strlen(s),
			    "target '%s'", s);
			FUZZ_CHECK((t->v[k].prefix_list != NULL) ==
				(t->v[k].dest.addr.family == 0),
			    "destination");
		}
		elements += t->n + t->nsubnets;
	}
	for (i = 0; i < c->nifs; i++) {
		const struct vpc_interface *f = &c->ifs[i];

		FUZZ_CHECK(id_form(f->id, "eni-"), "eni '%s'", f->id);
		for (k = 0; k < f->ngroups; k++)
			FUZZ_CHECK(id_form(f->groups[k], "sg-"), "group");
		elements += f->naddrs + f->ngroups;
	}
	for (i = 0; i < c->npls; i++) {
		FUZZ_CHECK(id_form(c->pls[i].id, "pl-"), "pl '%s'",
		    c->pls[i].id);
		FUZZ_CHECK(c->pls[i].n == 0 || c->pls[i].entries_known,
		    "entries");
		elements += c->pls[i].n;
	}
	FUZZ_CHECK(elements <= VPC_JSON_MAX_ELEMENTS, "elements %zu", elements);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vpc_config c;
	struct errinfo ei;
	const char *origin;
	char *text;
	int pass, ret;

	if (size < 1)
		return 0;
	origin = data[0] & 1 ? "dir/pl-0a1b2c3d.json" : "dir/config.json";
	data++;
	size--;
	/* Exactly size bytes, so that ASan sees a read past them. */
	text = malloc(size != 0 ? size : 1);
	memcpy(text, data, size);
	memset(&c, 0, sizeof(c));
	for (pass = 0; pass < 2; pass++) {
		ei.code = EC_OK;
		ei.msg[0] = '\0';
		ret = vpc_load_json(&c, text, size, origin, &ei);
		FUZZ_CHECK(ret == 0 ||
			(ret == -1 && ei.code == EC_DATA &&
			    strncmp(ei.msg, origin, strlen(origin)) == 0),
		    "ret %d: %s", ret, ei.msg);
		check(&c);
	}
	vpc_config_release(&c);
	free(text);
	return 0;
}
