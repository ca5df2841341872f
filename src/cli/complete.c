#include "config.h"

#include "flowdiag/cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "flowdiag/aws/source.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/report/rules.h"
#include "flowdiag/util/colour.h"
#include "flowdiag/util/escape.h"

#include "check-int.h"

/* What an option's value can be. */
enum value_kind {
	VALUE_TEXT,   /* anything: nothing to offer */
	VALUE_WORDS,  /* one of a list */
	VALUE_FILES,  /* a path */
	VALUE_DIRS,   /* a directory */
	VALUE_CONFIG, /* a path, or ec2 */
	VALUE_FIELDS, /* flow log field names, as --log-format takes them */
};

/* The options of check whose value completes, and those given more than
 * once; any other that takes a value is VALUE_TEXT.  The words come from
 * the tables their parsers read. */
struct value_spec {
	const char *option;
	enum value_kind kind;
	const char *const *words; /* VALUE_WORDS */
	bool repeat;
};

static const char *protocols[8];

static const struct value_spec values[] = {
	{ "file", VALUE_FILES, NULL, true },
	{ "log-group", VALUE_TEXT, NULL, true },
	{ "interface", VALUE_TEXT, NULL, true },
	{ "config", VALUE_CONFIG, NULL, true },
	{ "rules", VALUE_DIRS, NULL, false },
	{ "log-format", VALUE_FIELDS, NULL, false },
	{ "protocol", VALUE_WORDS, protocols, false },
	{ "engine", VALUE_WORDS, source_engine_names, false },
	{ "traffic-type", VALUE_WORDS, check_traffic_types, false },
	{ "color", VALUE_WORDS, colour_modes, false },
};

#define NVALUES (sizeof(values) / sizeof(values[0]))

/* One option of check, as the scripts need it. */
struct opt {
	const char *name;
	int letter; /* the short option, or 0 */
	bool takes_value;
	enum value_kind kind;
	const char *const *words;
	bool repeat;
	char help[256]; /* from check --help */
};

#define MAXOPTS 64

/* The protocols -p takes by name: those flow_protocol_name() knows (it
 * returns its own strings for them, buf only for numbers), and any, which
 * check takes as the REPL's set protocol does. */
static void
fill_protocols(void)
{
	char buf[16];
	const char *name;
	unsigned int p;
	size_t n = 0;

	for (p = 0; p < 256 && n + 2 < sizeof(protocols) / sizeof(*protocols);
	     p++) {
		name = flow_protocol_name(p, buf, sizeof(buf));
		if (!isdigit((unsigned char)name[0]))
			protocols[n++] = name;
	}
	protocols[n++] = "any";
	protocols[n] = NULL;
}

/* The help text of --name in check's usage: the rest of its line from
 * column 25, and the lines indented to it that follow. */
static int
find_help(const char *name, char *out, size_t size)
{
	const char *usage = check_usage(), *p, *line, *eol;
	size_t len = strlen(name), n = 0;
	bool found = false;

	out[0] = '\0';
	for (line = usage; *line != '\0'; line = *eol != '\0' ? eol + 1 : eol) {
		eol = line + strcspn(line, "\n");
		if (!found) {
			if (strncmp(line, "  -", 3) != 0 &&
			    strncmp(line, "      --", 8) != 0)
				continue;
			for (p = line; (p = strstr(p, "--")) != NULL && p < eol;
			     p += 2) {
				if (strncmp(p + 2, name, len) == 0 &&
				    strchr(" ,\n", p[2 + len]) != NULL)
					break;
			}
			if (p == NULL || p >= eol)
				continue;
			found = true;
		} else if (strncmp(line, "                         ", 25) != 0)
			break;
		if (eol - line > 25 && line[24] == ' ' && line[25] != ' ')
			n += (size_t)snprintf(out + n, size - n, "%s%.*s",
			    n > 0 ? " " : "", (int)(eol - line - 25),
			    line + 25);
		if (n >= size)
			break;
	}
	return found && out[0] != '\0' ? 0 : -1;
}

/* Reads check's option table into v, with each option's help and the
 * kind of its value; fails on a value_spec or an option with no help,
 * which a change to check.c left behind. */
static int
gather(struct opt *v, size_t *nv, struct errinfo *ei)
{
	const struct option *o = check_option_table();
	size_t i, j, n = 0;
	bool used[NVALUES] = { false };

	fill_protocols();
	for (i = 0; o[i].name != NULL && n < MAXOPTS; i++) {
		struct opt *e = &v[n++];

		memset(e, 0, sizeof(*e));
		e->name = o[i].name;
		e->letter = o[i].val < 128 && isalpha(o[i].val) ? o[i].val : 0;
		e->takes_value = o[i].has_arg != no_argument;
		e->kind = VALUE_TEXT;
		for (j = 0; j < NVALUES; j++) {
			if (strcmp(values[j].option, e->name) == 0) {
				e->kind = values[j].kind;
				e->words = values[j].words;
				e->repeat = values[j].repeat;
				used[j] = true;
			}
		}
		if (strcmp(e->name, "help") == 0)
			snprintf(e->help, sizeof(e->help), "print the usage");
		else if (find_help(e->name, e->help, sizeof(e->help)) == -1)
			return errinfo_set(ei, EC_INTERNAL,
			    "completion: check --help does not describe --%s",
			    e->name);
	}
	for (j = 0; j < NVALUES; j++) {
		if (!used[j])
			return errinfo_set(ei, EC_INTERNAL,
			    "completion: check has no option --%s",
			    values[j].option);
	}
	*nv = n;
	return 0;
}

/* Prints the NULL-terminated words, separated by spaces. */
static void
print_words(FILE *fp, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		escape_printf(fp, "%s%s", i > 0 ? " " : "", words[i]);
}

static void
print_fields(FILE *fp)
{
	int f;

	for (f = 0; f < FLOW_NFIELDS; f++)
		escape_printf(fp, "%s%s", f > 0 ? " " : "",
		    flow_field_info(f)->name);
}

static void
print_commands(FILE *fp)
{
	size_t i, n = 0;

	for (i = 0; cli_commands[i].name != NULL; i++) {
		if (!cli_commands[i].hidden)
			escape_printf(fp, "%s%s", n++ > 0 ? " " : "",
			    cli_commands[i].name);
	}
}

static const char bash_head[] =
    "# bash completion for flowdiag(1)\n"
    "# Made by \"flowdiag completion bash\" from the tables flowdiag reads its\n"
    "# arguments with; tests/cli/completion.sh checks that it is current.\n"
    "\n";

static const char bash_body[] =
    "\n"
    "# _flowdiag_reply WORDS CUR: the WORDS that start with CUR.\n"
    "_flowdiag_reply()\n"
    "{\n"
    "    local w\n"
    "\n"
    "    for w in $1; do\n"
    "        [[ $w == \"$2\"* ]] && COMPREPLY+=(\"$w\")\n"
    "    done\n"
    "}\n"
    "\n"
    "# _flowdiag_files CUR [-d]: the paths (directories) that start with "
    "CUR.\n"
    "_flowdiag_files()\n"
    "{\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    mapfile -t -O \"${#COMPREPLY[@]}\" COMPREPLY < <(compgen \"${2:--f}\" "
    "-- \"$1\")\n"
    "}\n"
    "\n"
    "# _flowdiag_fields CUR: --log-format's fields, version,srcaddr or, in\n"
    "# quotes, \"version srcaddr\" or \"${version} ${srcaddr}\": the fields\n"
    "# before the last stay, the last completes.\n"
    "_flowdiag_fields()\n"
    "{\n"
    "    local cur=$1 head last f end=\n"
    "\n"
    "    # Readline replaces what follows an opening quote.\n"
    "    case $cur in \\'* | \\\"*) cur=${cur:1} ;; esac\n"
    "    last=${cur##*[ ,{]}\n"
    "    head=${cur%\"$last\"}\n"
    "    [[ $head == *'{' ]] && end='}'\n"
    "    for f in $_flowdiag_fields; do\n"
    "        [[ $f == \"$last\"* ]] && COMPREPLY+=(\"$head$f$end\")\n"
    "    done\n"
    "    compopt -o nospace 2>/dev/null\n"
    "}\n"
    "\n"
    "# _flowdiag_check_value OPTION CUR: completes the value of OPTION;\n"
    "# fails when OPTION takes none.\n"
    "_flowdiag_check_value()\n"
    "{\n"
    "    case $1 in\n";

static const char bash_tail[] =
    "    *) return 1 ;;\n"
    "    esac\n"
    "    return 0\n"
    "}\n"
    "\n"
    "_flowdiag_check()\n"
    "{\n"
    "    local cur=$1 prev=$2 opt i\n"
    "\n"
    "    # bash splits --opt=value at the '=' (COMP_WORDBREAKS) into --opt,\n"
    "    # = and value; a word that kept it whole is split here.\n"
    "    if [[ $cur == = ]]; then\n"
    "        _flowdiag_check_value \"$prev\" ''\n"
    "        return\n"
    "    fi\n"
    "    if [[ $prev == = ]] && ((COMP_CWORD > 2)); then\n"
    "        _flowdiag_check_value \"${COMP_WORDS[COMP_CWORD - 2]}\" "
    "\"$cur\"\n"
    "        return\n"
    "    fi\n"
    "    if [[ $cur == --*=* ]]; then\n"
    "        opt=${cur%%=*}\n"
    "        _flowdiag_check_value \"$opt\" \"${cur#*=}\" || return\n"
    "        for i in \"${!COMPREPLY[@]}\"; do\n"
    "            COMPREPLY[i]=$opt=${COMPREPLY[i]}\n"
    "        done\n"
    "        return\n"
    "    fi\n"
    "    _flowdiag_check_value \"$prev\" \"$cur\" && return\n"
    "    [[ $cur == -* ]] && _flowdiag_reply \"$_flowdiag_check_options\" "
    "\"$cur\"\n"
    "}\n"
    "\n"
    "_flowdiag_rules()\n"
    "{\n"
    "    local cur=$1 prev=$2\n"
    "\n"
    "    if [[ $prev == --rules ]]; then\n"
    "        _flowdiag_files \"$cur\" -d\n"
    "    elif ((COMP_CWORD == 2)); then\n"
    "        _flowdiag_reply \"$_flowdiag_rules_verbs --rules --help\" "
    "\"$cur\"\n"
    "    elif [[ ${COMP_WORDS[2]} == check ]]; then\n"
    "        _flowdiag_files \"$cur\"\n"
    "    elif [[ ${COMP_WORDS[2]} != facts ]]; then\n"
    "        _flowdiag_reply --rules \"$cur\"\n"
    "    fi\n"
    "}\n"
    "\n"
    "_flowdiag()\n"
    "{\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev=\n"
    "\n"
    "    COMPREPLY=()\n"
    "    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
    "    if ((COMP_CWORD == 1)); then\n"
    "        if [[ $cur == -* ]]; then\n"
    "            _flowdiag_reply '--help --version' \"$cur\"\n"
    "        else\n"
    "            _flowdiag_reply \"$_flowdiag_commands\" \"$cur\"\n"
    "        fi\n"
    "        return 0\n"
    "    fi\n"
    "    case ${COMP_WORDS[1]} in\n"
    "    check) _flowdiag_check \"$cur\" \"$prev\" ;;\n"
    "    rules) _flowdiag_rules \"$cur\" \"$prev\" ;;\n"
    "    esac\n"
    "    return 0\n"
    "}\n"
    "\n"
    "complete -F _flowdiag flowdiag\n";

static void
bash_script(FILE *fp, const struct opt *v, size_t n)
{
	size_t i;

	escape_puts(fp, bash_head);
	escape_printf(fp, "_flowdiag_commands='");
	print_commands(fp);
	escape_printf(fp, "'\n_flowdiag_check_options='");
	for (i = 0; i < n; i++) {
		escape_printf(fp, "%s--%s", i > 0 ? " " : "", v[i].name);
		if (v[i].letter != 0)
			escape_printf(fp, " -%c", v[i].letter);
	}
	escape_printf(fp, "'\n_flowdiag_rules_verbs='");
	print_words(fp, report_rules_verbs);
	escape_printf(fp, "'\n_flowdiag_fields='");
	print_fields(fp);
	escape_printf(fp, "'\n");
	escape_puts(fp, bash_body);
	for (i = 0; i < n; i++) {
		if (!v[i].takes_value)
			continue;
		escape_printf(fp, "    --%s", v[i].name);
		if (v[i].letter != 0)
			escape_printf(fp, " | -%c", v[i].letter);
		escape_printf(fp, ")");
		switch (v[i].kind) {
		case VALUE_TEXT:
			escape_printf(fp, " ;;\n");
			break;
		case VALUE_WORDS:
			escape_printf(fp, " _flowdiag_reply '");
			print_words(fp, v[i].words);
			escape_printf(fp, "' \"$2\" ;;\n");
			break;
		case VALUE_FILES:
			escape_printf(fp, " _flowdiag_files \"$2\" ;;\n");
			break;
		case VALUE_DIRS:
			escape_printf(fp, " _flowdiag_files \"$2\" -d ;;\n");
			break;
		case VALUE_CONFIG:
			escape_printf(fp,
			    "\n        _flowdiag_reply ec2 \"$2\"\n"
			    "        _flowdiag_files \"$2\"\n        ;;\n");
			break;
		case VALUE_FIELDS:
			escape_printf(fp, " _flowdiag_fields \"$2\" ;;\n");
			break;
		}
	}
	escape_puts(fp, bash_tail);
}

/* Writes s for a description inside an _arguments spec in single
 * quotes: the brackets and backslashes escaped, and the quotes. */
static void
zsh_text(FILE *fp, const char *s, bool colons)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			escape_printf(fp, "'\\''");
		else if (*s == '[' || *s == ']' || *s == '\\' ||
		    (colons && *s == ':'))
			escape_printf(fp, "\\%c", *s);
		else
			escape_printf(fp, "%c", *s);
	}
}

static const char zsh_head[] =
    "#compdef flowdiag\n"
    "# zsh completion for flowdiag(1)\n"
    "# Made by \"flowdiag completion zsh\" from the tables flowdiag reads its\n"
    "# arguments with; tests/cli/completion.sh checks that it is current.\n"
    "\n"
    "# --log-format's fields, version,srcaddr or, in quotes, \"version srcaddr\"\n"
    "# or \"${version} ${srcaddr}\": the fields before the last stay, the last\n"
    "# completes.\n"
    "_flowdiag_fields()\n"
    "{\n"
    "    local -a fields\n"
    "\n"
    "    fields=(";

static const char zsh_body[] =
    ")\n"
    "    compset -P '*[ ,{]'\n"
    "    if [[ $IPREFIX == *'{' ]]; then\n"
    "        compadd -S '}' -a fields\n"
    "    else\n"
    "        compadd -S '' -a fields\n"
    "    fi\n"
    "}\n"
    "\n"
    "_flowdiag_config()\n"
    "{\n"
    "    _alternative 'ec2:ask EC2:(ec2)' 'files:file:_files'\n"
    "}\n"
    "\n"
    "_flowdiag()\n"
    "{\n"
    "    local curcontext=$curcontext state state_descr line ret=1\n"
    "    local -a commands\n"
    "    typeset -A opt_args\n"
    "\n"
    "    commands=(";

static const char zsh_tail[] =
    "        rules)\n"
    "            if ((CURRENT > 2)) && [[ $words[2] == check ]]; then\n"
    "                _files && ret=0\n"
    "            else\n"
    "                _arguments : \\\n"
    "                    '1:verb:->verb' \\\n"
    "                    '--rules=[read the rules from DIR]:directory:_files -/' "
    "&& ret=0\n"
    "                [[ $state == verb ]] && compadd -a verbs && ret=0\n"
    "            fi\n"
    "            ;;\n"
    "        esac\n"
    "        ;;\n"
    "    esac\n"
    "    return ret\n"
    "}\n"
    "\n"
    "_flowdiag \"$@\"\n";

static void
zsh_option(FILE *fp, const struct opt *o)
{
	escape_printf(fp, "                ");
	/* A repeatable option stays on offer; one with two names goes
	 * with either. */
	if (o->letter != 0) {
		if (o->repeat)
			escape_printf(fp, "'*'");
		else
			escape_printf(fp, "'(-%c --%s)'", o->letter, o->name);
		escape_printf(fp, "{-%c%s,--%s%s}'", o->letter,
		    o->takes_value ? "+" : "", o->name,
		    o->takes_value ? "=" : "");
	} else {
		escape_printf(fp, "'%s--%s%s", o->repeat ? "*" : "", o->name,
		    o->takes_value ? "=" : "");
	}
	escape_printf(fp, "[");
	zsh_text(fp, o->help, false);
	escape_printf(fp, "]");
	if (o->takes_value) {
		escape_printf(fp, ":%s:", o->name);
		switch (o->kind) {
		case VALUE_TEXT:
			break;
		case VALUE_WORDS:
			escape_printf(fp, "(");
			print_words(fp, o->words);
			escape_printf(fp, ")");
			break;
		case VALUE_FILES:
			escape_printf(fp, "_files");
			break;
		case VALUE_DIRS:
			escape_printf(fp, "_files -/");
			break;
		case VALUE_CONFIG:
			escape_printf(fp, "_flowdiag_config");
			break;
		case VALUE_FIELDS:
			escape_printf(fp, "_flowdiag_fields");
			break;
		}
	}
	escape_printf(fp, "' \\\n");
}

static void
zsh_script(FILE *fp, const struct opt *v, size_t n)
{
	size_t i, k = 0;

	escape_puts(fp, zsh_head);
	print_fields(fp);
	escape_puts(fp, zsh_body);
	for (i = 0; cli_commands[i].name != NULL; i++) {
		if (cli_commands[i].hidden)
			continue;
		escape_printf(fp, "%s'%s:", k++ > 0 ? " " : "",
		    cli_commands[i].name);
		zsh_text(fp, cli_commands[i].summary, true);
		escape_printf(fp, "'");
	}
	escape_printf(fp,
	    ")\n    _arguments -C : \\\n"
	    "        '(- 1 *)--help[print the usage]' \\\n"
	    "        '(- 1 *)--version[print the version]' \\\n"
	    "        '1:command:->command' \\\n"
	    "        '*::argument:->argument' && ret=0\n"
	    "    case $state in\n"
	    "    command)\n"
	    "        _describe -t commands command commands && ret=0\n"
	    "        ;;\n"
	    "    argument)\n"
	    "        local -a verbs\n"
	    "        verbs=(");
	print_words(fp, report_rules_verbs);
	escape_printf(fp,
	    ")\n        curcontext=${curcontext%%:*:*}:flowdiag-$words[1]:\n"
	    "        case $words[1] in\n"
	    "        check)\n"
	    "            _arguments -s -S : \\\n");
	for (i = 0; i < n; i++)
		zsh_option(fp, &v[i]);
	/* The target with no action at all would match any word, and zsh
	 * would then insert no option: _guard offers it only for a word
	 * that is not one. */
	escape_printf(fp,
	    "                '1:target:_guard \"^-*\" \"target (ADDRESS\\:PORT)\"' "
	    "&& ret=0\n"
	    "            ;;\n");
	escape_puts(fp, zsh_tail);
}

int
cli_completion(int argc, char **argv, struct errinfo *ei)
{
	struct opt v[MAXOPTS];
	size_t n = 0;

	if (argc != 2 ||
	    (strcmp(argv[1], "bash") != 0 && strcmp(argv[1], "zsh") != 0))
		return errinfo_set(ei, EC_USAGE,
		    "usage: flowdiag completion bash|zsh");
	if (gather(v, &n, ei) == -1)
		return -1;
	if (strcmp(argv[1], "bash") == 0)
		bash_script(stdout, v, n);
	else
		zsh_script(stdout, v, n);
	if (fflush(stdout) == EOF)
		return errinfo_errno(ei, errno, "cannot write output");
	return 0;
}
