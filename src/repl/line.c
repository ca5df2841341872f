#include "config.h"

#include "flowdiag/repl/line.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "flowdiag/util/cancel.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/xmalloc.h"

/* Lines kept in the history file. */
#define HISTORY_MAX 1000

/* Readline calls back without context: the session and what the word
 * being typed can be while a question is asked. */
static struct session *current;
static bool asking;
static enum cmd_complete ask_kind;
static const char *const *ask_words;

/* The line handed over by readline's callback. */
static char *line_got;
static bool line_done;

static volatile sig_atomic_t resized;

static char *history_file;

static void
on_sigwinch(int sig)
{
	(void)sig;
	resized = 1;
}

/* Offers the words of the list that start with text, one per call. */
static const char *const *gen_words;

static char *
generate(const char *text, int state)
{
	static size_t i, len;
	const char *w;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while (gen_words != NULL && (w = gen_words[i]) != NULL) {
		i++;
		if (strncmp(w, text, len) == 0)
			return xstrdup(w);
	}
	return NULL;
}

static const char *const *
command_names(void)
{
	static const char *names[64];
	size_t i;

	for (i = 0; cmd_table[i] != NULL && i + 1 < 64; i++)
		names[i] = cmd_table[i]->name;
	names[i] = NULL;
	return names;
}

/* What the word being typed at [start] of the line can be. */
static enum cmd_complete
context(int start, const char *const **words)
{
	const struct cmd_entry *e;
	struct errinfo ei;
	enum cmd_complete kind = CMD_COMPLETE_NONE;
	char *prefix, **argv = NULL;
	int argc = 0;

	if (asking) {
		*words = ask_words;
		return ask_kind;
	}
	prefix = xstrndup(rl_line_buffer, (size_t)start);
	if (cmd_split(prefix, &argc, &argv, &ei) == 0) {
		if (argc == 0)
			kind = CMD_COMPLETE_COMMANDS;
		else if ((e = cmd_find(argv[0], &ei)) != NULL &&
		    e->complete != NULL)
			kind = e->complete(current, argc, argv, words);
	}
	cmd_free_argv(argc, argv);
	free(prefix);
	return kind;
}

static char **
complete(const char *text, int start, int end)
{
	const char *const *words = NULL;
	char **matches = NULL;
	struct errinfo ei;

	(void)end;
	rl_attempted_completion_over = 1;
	switch (context(start, &words)) {
	case CMD_COMPLETE_COMMANDS:
		gen_words = command_names();
		matches = rl_completion_matches(text, generate);
		break;
	case CMD_COMPLETE_WORDS:
		gen_words = words;
		matches = rl_completion_matches(text, generate);
		break;
	case CMD_COMPLETE_GROUPS:
		/* Nothing listed: nothing to offer; the next Tab tries
		 * again. */
		(void)session_list_groups(current, false, &ei);
		gen_words = (const char *const *)current->known_groups;
		matches = rl_completion_matches(text, generate);
		break;
	case CMD_COMPLETE_FILES:
		matches = rl_completion_matches(text,
		    rl_filename_completion_function);
		break;
	case CMD_COMPLETE_NONE:
		break;
	}
	return matches;
}

static void
on_line(char *line)
{
	line_got = line;
	line_done = true;
	rl_callback_handler_remove();
}

/* Drops the line being typed after a Ctrl-C. */
static char *
abandon(bool *interrupted)
{
	cancel_clear();
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_cleanup_after_signal();
	rl_callback_handler_remove();
	fputc('\n', rl_outstream);
	*interrupted = true;
	return NULL;
}

/* Reads a line with readline's callback interface, so that Ctrl-C, which
 * only sets a flag, can abandon the line and give a fresh prompt. */
static char *
read_tty(const char *prompt, bool *interrupted)
{
	fd_set fds;
	int fd = fileno(rl_instream);

	line_got = NULL;
	line_done = false;
	cancel_clear();
	rl_callback_handler_install(prompt, on_line);
	while (!line_done) {
		FD_ZERO(&fds);
		FD_SET(fd, &fds);
		if (select(fd + 1, &fds, NULL, NULL, NULL) == -1) {
			if (errno != EINTR)
				break;
			if (resized) {
				resized = 0;
				rl_resize_terminal();
			}
			if (cancel_requested())
				return abandon(interrupted);
			continue;
		}
		rl_callback_read_char();
		/* Ctrl-C while readline worked (a completion that asks AWS)
		 * abandons the line too. */
		if (!line_done && cancel_requested())
			return abandon(interrupted);
	}
	if (!line_done)
		rl_callback_handler_remove();
	return line_got;
}

/* Reads a plain line, echoed after its prompt for the transcript. */
static char *
read_plain(struct session *s, const char *prompt)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t n;

	escape_puts(s->out, prompt);
	if ((n = getline(&line, &size, stdin)) == -1) {
		free(line);
		fputc('\n', s->out);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	escape_printf(s->out, "%s\n", line);
	return line;
}

char *
line_read(struct session *s, const char *prompt, bool *interrupted)
{
	char *shown, *line;

	*interrupted = false;
	fflush(s->out);
	if (!s->interactive)
		return read_plain(s, prompt);
	/* readline writes the prompt, which may quote a setting, itself. */
	shown = escape_text(prompt);
	line = read_tty(shown, interrupted);
	free(shown);
	return line;
}

char *
line_trim(char *line)
{
	char *p = line, *end;

	while (isspace((unsigned char)*p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	memmove(line, p, (size_t)(end - p) + 1);
	return line;
}

int
line_ask(struct session *s, const char *prompt, enum cmd_complete kind,
    const char *const *words, char **answer)
{
	bool interrupted;
	char *line;

	asking = true;
	ask_kind = kind;
	ask_words = words;
	line = line_read(s, prompt, &interrupted);
	asking = false;
	if (line == NULL)
		return 0;
	*answer = line_trim(line);
	return 1;
}

/* Whether c is in the base64 alphabet. */
static bool
base64_char(char c)
{
	return isalnum((unsigned char)c) || c == '/' || c == '+' || c == '=';
}

/* Whether the run p[0..n) of the base64 alphabet has a stretch without '/'
 * of at least 32 characters with capitals, small letters and digits among
 * them: random bytes encoded, not a path of words. */
static bool
random_stretch(const char *p, size_t n)
{
	const char *end = p + n, *q;

	for (; p < end; p = q + 1) {
		int upper = 0, lower = 0, digit = 0;

		for (q = p; q < end && *q != '/'; q++) {
			upper |= isupper((unsigned char)*q) != 0;
			lower |= islower((unsigned char)*q) != 0;
			digit |= isdigit((unsigned char)*q) != 0;
		}
		if (q - p >= 32 && upper && lower && digit)
			return true;
	}
	return false;
}

bool
line_secret(const char *line)
{
	static const char *const words[] = { "secret", "password", "passwd",
		"token", "credential", "aws_access_key", "private key", NULL };
	/* What STS session tokens hold near their start, in base64:
	 * "origin_ec" (IQoJb3JpZ2luX2Vj...), "er/aws" (FwoGZXIvYXdzE...) and
	 * the oldest ones' AQoDYXdz. */
	static const char *const token_marks[] = { "b3JpZ2luX2Vj", "ZXIvYXdz",
		"AQoDYXdz", NULL };
	const char *p, *q;
	size_t i, run;

	for (i = 0; words[i] != NULL; i++) {
		if (strcasestr(line, words[i]) != NULL)
			return true;
	}
	for (i = 0; token_marks[i] != NULL; i++) {
		if (strstr(line, token_marks[i]) != NULL)
			return true;
	}
	for (p = line; *p != '\0'; p++) {
		/* An access key ID: AKIA or ASIA and 16 more capitals or
		 * digits. */
		if ((strncmp(p, "AKIA", 4) == 0 ||
			strncmp(p, "ASIA", 4) == 0)) {
			for (q = p + 4; isupper((unsigned char)*q) ||
			     isdigit((unsigned char)*q);
			     q++)
				;
			if (q - p >= 20)
				return true;
		}
	}
	/* A secret access key: a word of exactly 40 base64 characters,
	 * capitals, small letters and digits all among them; a session
	 * token: a run of 100 or more, random. */
	for (p = line; *p != '\0'; p = q) {
		int upper = 0, lower = 0, digit = 0;

		for (q = p; base64_char(*q); q++) {
			upper |= isupper((unsigned char)*q) != 0;
			lower |= islower((unsigned char)*q) != 0;
			digit |= isdigit((unsigned char)*q) != 0;
		}
		run = (size_t)(q - p);
		if (run == 40 && upper && lower && digit)
			return true;
		if (run >= 100 && random_stretch(p, run))
			return true;
		if (run == 0)
			q++;
	}
	return false;
}

char *
line_history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *path;

	if (state != NULL && *state == '/')
		xasprintf(&path, "%s/flowdiag/history", state);
	else if (home != NULL && *home != '\0')
		xasprintf(&path, "%s/.local/state/flowdiag/history", home);
	else
		return NULL;
	return path;
}

/* Makes every directory above path, private to the user. */
static int
make_parents(const char *path)
{
	char *dir = xstrdup(path), *p;
	int ret = 0;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	free(dir);
	return ret;
}

static void
history_open(void)
{
	int fd;

	using_history();
	stifle_history(HISTORY_MAX);
	if ((history_file = line_history_path()) == NULL)
		return;
	if (make_parents(history_file) == -1 ||
	    (fd = open(history_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		 0600)) == -1) {
		escape_line(stderr,
		    "flowdiag: warning: cannot keep the history in '%s': %s",
		    history_file, strerror(errno));
		free(history_file);
		history_file = NULL;
		return;
	}
	fchmod(fd, 0600);
	close(fd);
	read_history(history_file);
}

/* Keeps line in the history, and in its file at once, unless it is blank,
 * the same as the last one, or looks like it holds a secret. */
void
line_keep(const char *line)
{
	HIST_ENTRY *last;
	int fd;

	if (line[0] == '\0' || line_secret(line))
		return;
	last = history_length > 0
	    ? history_get(history_base + history_length - 1)
	    : NULL;
	if (last != NULL && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	if (history_file == NULL ||
	    (fd = open(history_file, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return;
	if (write(fd, line, strlen(line)) == -1 || write(fd, "\n", 1) == -1) {
		close(fd);
		return;
	}
	close(fd);
}

static void
history_close(void)
{
	if (history_file == NULL)
		return;
	history_truncate_file(history_file, HISTORY_MAX);
	chmod(history_file, 0600);
	free(history_file);
	history_file = NULL;
}

void
line_open(struct session *s)
{
	struct sigaction sa;

	rl_readline_name = "flowdiag";
	rl_instream = stdin;
	rl_outstream = stdout;
	rl_attempted_completion_function = complete;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigwinch;
	sigemptyset(&sa.sa_mask);
	/* A resize must not cut a write to the pager short; select() is
	 * never restarted, so the prompt still sees it. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	/* Ctrl-C stops what runs and abandons a line, never the REPL. */
	cancel_arm();
	history_open();
	current = s;
}

void
line_close(void)
{
	history_close();
	cancel_disarm();
}
