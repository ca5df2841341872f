#include "config.h"

#include "flowdiag/facts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/xmalloc.h"

static const struct fact_def defs[FACT_COUNT] = {
#define FACT_DEF(id, name, type, doc) [F_##id] = { name, FACT_##type, doc },
	FACTS(FACT_DEF)
#undef FACT_DEF
};

const struct fact_def *
fact_def(enum fact_id id)
{
	return &defs[id];
}

int
fact_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < FACT_COUNT; i++) {
		if (strlen(defs[i].name) == len &&
		    memcmp(defs[i].name, name, len) == 0)
			return i;
	}
	return -1;
}

const char *
fact_type_name(enum fact_type t)
{
	switch (t) {
	case FACT_NUM:
		return "number";
	case FACT_BOOL:
		return "boolean";
	case FACT_STR:
		return "string";
	}
	return "?";
}

void
facts_init(struct facts *f)
{
	memset(f, 0, sizeof(*f));
}

void
facts_release(struct facts *f)
{
	int i;

	for (i = 0; i < FACT_COUNT; i++)
		free(f->v[i].str);
	memset(f, 0, sizeof(*f));
}

void
facts_copy(struct facts *dst, const struct facts *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < FACT_COUNT; i++) {
		if (src->v[i].str != NULL)
			dst->v[i].str = xstrdup(src->v[i].str);
	}
}

void
facts_set_num(struct facts *f, enum fact_id id, double v)
{
	f->v[id].num = v;
	f->v[id].set = true;
}

void
facts_set_bool(struct facts *f, enum fact_id id, bool v)
{
	facts_set_num(f, id, v ? 1 : 0);
}

void
facts_set_str(struct facts *f, enum fact_id id, const char *s)
{
	free(f->v[id].str);
	f->v[id].str = xstrdup(s);
	f->v[id].set = true;
}

double
facts_num(const struct facts *f, enum fact_id id)
{
	return f->v[id].num;
}

const char *
facts_str(const struct facts *f, enum fact_id id)
{
	return f->v[id].str != NULL ? f->v[id].str : "";
}

const char *
facts_format(const struct facts *f, enum fact_id id, char *buf, size_t size)
{
	double v = f->v[id].num;

	switch (defs[id].type) {
	case FACT_STR:
		snprintf(buf, size, "%s", facts_str(f, id));
		break;
	case FACT_BOOL:
		snprintf(buf, size, "%s", v != 0 ? "true" : "false");
		break;
	case FACT_NUM:
		if (v == floor(v) && fabs(v) < 1e15)
			snprintf(buf, size, "%.0f", v);
		else
			snprintf(buf, size, "%.2f", v);
		break;
	}
	return buf;
}
