#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/near.h"
#include "flowdiag/util/term.h"
#include "flowdiag/util/xmalloc.h"

extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_guide_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_next_entry;
extern const struct cmd_entry cmd_quit_entry;
extern const struct cmd_entry cmd_records_entry;
extern const struct cmd_entry cmd_rules_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_save_entry;
extern const struct cmd_entry cmd_set_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_teach_entry;
extern const struct cmd_entry cmd_timeline_entry;
extern const struct cmd_entry cmd_why_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_config_entry,
	&cmd_guide_entry,
	&cmd_help_entry,
	&cmd_next_entry,
	&cmd_quit_entry,
	&cmd_records_entry,
	&cmd_rules_entry,
	&cmd_run_entry,
	&cmd_save_entry,
	&cmd_set_entry,
	&cmd_show_entry,
	&cmd_teach_entry,
	&cmd_timeline_entry,
	&cmd_why_entry,
	NULL,
};

/* An unknown command: the nearest real one when it is a slip, else all
 * of them. */
static void
unknown(const char *name, struct errinfo *ei)
{
	const char *names[sizeof(cmd_table) / sizeof(cmd_table[0])];
	const char *near;
	char all[256] = "";
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++) {
		names[i] = cmd_table[i]->name;
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s",
		    i > 0 ? ", " : "", cmd_table[i]->name);
	}
	names[i] = NULL;
	if ((near = near_name(name, names)) != NULL) {
		errinfo_set(ei, EC_USAGE,
		    "unknown command '%s'; did you mean %s?", name, near);
	} else {
		errinfo_set(ei, EC_USAGE,
		    "unknown command '%s'; the commands: %s", name, all);
	}
}

const struct cmd_entry *
cmd_find(const char *name, struct errinfo *ei)
{
	const struct cmd_entry *const *e, *found = NULL;
	size_t len = strlen(name);
	bool ambiguous = false;

	for (e = cmd_table; *e != NULL; e++) {
		if ((*e)->alias != NULL && strcmp((*e)->alias, name) == 0)
			return *e;
		if (strcmp((*e)->name, name) == 0)
			return *e;
	}
	for (e = cmd_table; *e != NULL && len > 0; e++) {
		if (strncmp((*e)->name, name, len) != 0)
			continue;
		if (found != NULL)
			ambiguous = true;
		found = *e;
	}
	if (ambiguous) {
		errinfo_set(ei, EC_USAGE,
		    "ambiguous command '%s' (help lists "
		    "them)",
		    name);
		return NULL;
	}
	if (found == NULL)
		unknown(name, ei);
	return found;
}

void
cmd_free_argv(int argc, char **argv)
{
	int i;

	for (i = 0; argv != NULL && i < argc; i++)
		free(argv[i]);
	free(argv);
}

int
cmd_split(const char *line, int *argc, char ***argv, struct errinfo *ei)
{
	size_t len = strlen(line), n;
	char *word = xmalloc(len + 1), quote;
	const char *p = line;
	char **v = NULL;
	int c = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		for (n = 0, quote = 0; *p != '\0'; p++) {
			if (quote == 0 &&
			    (*p == ' ' || *p == '\t' || *p == '\n' ||
				*p == '\r'))
				break;
			if (quote == 0 && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (quote != 0 && *p == quote)
				quote = 0;
			else if (*p == '\\' && quote != '\'' && p[1] != '\0')
				word[n++] = *++p;
			else
				word[n++] = *p;
		}
		if (quote != 0) {
			cmd_free_argv(c, v);
			free(word);
			return errinfo_set(ei, EC_USAGE, "unclosed %c quote",
			    quote);
		}
		v = xreallocarray(v, (size_t)c + 2, sizeof(*v));
		v[c++] = xstrndup(word, n);
		v[c] = NULL;
	}
	free(word);
	if (v == NULL)
		v = xcalloc(1, sizeof(*v));
	*argc = c;
	*argv = v;
	return 0;
}

int
cmd_execute(struct session *s, const char *line, struct errinfo *ei)
{
	const struct cmd_entry *e;
	char **argv = NULL;
	int argc = 0, ret = -1;

	if (cmd_split(line, &argc, &argv, ei) == -1)
		return -1;
	if (argc == 0) {
		ret = 0;
		goto out;
	}
	if ((e = cmd_find(argv[0], ei)) == NULL)
		goto out;
	if (argc - 1 < e->min_args ||
	    (e->max_args >= 0 && argc - 1 > e->max_args)) {
		errinfo_set(ei, EC_USAGE, "usage: %s%s%s", e->name,
		    e->usage[0] != '\0' ? " " : "", e->usage);
		goto out;
	}
	/* Measured at each command: the terminal may have been resized. */
	report_set_width(term_width(fileno(s->out)));
	ret = e->exec(s, argc, argv, ei);
out:
	cmd_free_argv(argc, argv);
	return ret;
}
