#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "flowdiag/repl/line.h"
#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/xmalloc.h"

/* How the report reaches the path the user named. */
enum save_how {
	SAVE_NEW,     /* nothing there: a new file */
	SAVE_REPLACE, /* a regular file (or a link to one): replaced whole */
	SAVE_THROUGH, /* a character device or a FIFO: written in place */
	SAVE_FD,      /* /dev/stdout and the like: the descriptor itself */
};

/* Where and how to save: the file to write (the link's target for a link
 * to a regular file) and what was found there. */
struct save_plan {
	enum save_how how;
	char *file;     /* owned */
	struct stat st; /* of what is there, for SAVE_REPLACE */
	int fd;         /* for SAVE_FD */
};

/* Whether path names a file the run read: a report must not replace a
 * flow log. */
static bool
is_input(const struct session *s, const char *path)
{
	const struct scan *sc = &s->run->scan;
	struct stat st;
	size_t i;

	if (stat(path, &st) == -1)
		return false;
	for (i = 0; i < sc->nfiles; i++) {
		if (sc->files[i]->ino == st.st_ino &&
		    sc->files[i]->dev == st.st_dev)
			return true;
	}
	return false;
}

static const char *
kind_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* The descriptor that path names, /dev/stdout, /dev/stderr, /dev/fd/N or
 * /proc/self/fd/N, or -1.  Opening such a name opens the file behind the
 * descriptor afresh (at its start, when it is a regular file), where the
 * user means to write on the descriptor, as a shell's >> would. */
static int
named_fd(const char *path)
{
	const char *n = NULL;
	char *end;
	long fd;

	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	if (strncmp(path, "/dev/fd/", 8) == 0)
		n = path + 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		n = path + 14;
	if (n == NULL || *n < '0' || *n > '9')
		return -1;
	errno = 0;
	fd = strtol(n, &end, 10);
	if (*end != '\0' || errno != 0 || fd > INT_MAX)
		return -1;
	return (int)fd;
}

/* Decides how to save to path from what is there, never following more
 * than the user would: a link is written through to its target when that
 * is a regular file, a character device or a FIFO (/dev/stdout is a link
 * to one of them); anything else is refused. */
static int
save_plan(const char *path, struct save_plan *pl, struct errinfo *ei)
{
	struct stat lst;
	char *real;

	pl->file = NULL;
	if (lstat(path, &lst) == -1) {
		if (errno != ENOENT)
			return errinfo_errno(ei, errno, "cannot write '%s'",
			    path);
		pl->how = SAVE_NEW;
		pl->file = xstrdup(path);
		return 0;
	}
	pl->st = lst;
	if (S_ISLNK(lst.st_mode) && (pl->fd = named_fd(path)) != -1) {
		pl->how = SAVE_FD;
		pl->file = xstrdup(path);
		return 0;
	}
	if (S_ISLNK(lst.st_mode) && stat(path, &pl->st) == -1) {
		return errinfo_set(ei, EC_USAGE,
		    "'%s' is a link to nothing: save to its target by name, or "
		    "remove the link",
		    path);
	}
	if (S_ISCHR(pl->st.st_mode) || S_ISFIFO(pl->st.st_mode)) {
		pl->how = SAVE_THROUGH;
		pl->file = xstrdup(path);
		return 0;
	}
	if (!S_ISREG(pl->st.st_mode)) {
		return errinfo_set(ei, EC_USAGE,
		    "'%s' is %s: save writes a regular file, a character "
		    "device or a FIFO",
		    path, kind_name(pl->st.st_mode));
	}
	pl->how = SAVE_REPLACE;
	if (!S_ISLNK(lst.st_mode)) {
		pl->file = xstrdup(path);
		return 0;
	}
	/* The report replaces the link's target, beside it; the link stays. */
	if ((real = realpath(path, NULL)) == NULL)
		return errinfo_errno(ei, errno, "cannot write '%s'", path);
	pl->file = real;
	return 0;
}

/* Whether file is still what save_plan() found: nothing for a new file,
 * the same regular file for one replaced. */
static bool
unchanged(const struct save_plan *pl)
{
	struct stat st;

	if (lstat(pl->file, &st) == -1)
		return errno == ENOENT && pl->how == SAVE_NEW;
	return pl->how == SAVE_REPLACE && S_ISREG(st.st_mode) &&
	    st.st_dev == pl->st.st_dev && st.st_ino == pl->st.st_ino;
}

/* Writes the report beside the plan's file and renames it into place, so
 * that the file holds either the old content or the whole new report,
 * never a part; a file replaced keeps its mode and, where allowed, its
 * owner. */
static int
write_atomically(const char *path, const struct save_plan *pl, json_t *root,
    struct errinfo *ei)
{
	char *tmp;
	FILE *fp = NULL;
	mode_t mode;
	int fd, ret = -1;

	xasprintf(&tmp, "%s.XXXXXX", pl->file);
	if ((fd = mkstemp(tmp)) == -1) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		free(tmp);
		return -1;
	}
	if (pl->how == SAVE_REPLACE) {
		/* Its permissions, never its set-id or sticky bits: a report
		 * is no program. */
		mode = pl->st.st_mode & 0777;
		/* Its owner too, which only root can give; for anyone else
		 * the file is theirs, as any file they write, and the
		 * failure says nothing worth stopping for. */
		if ((pl->st.st_uid != geteuid() ||
			pl->st.st_gid != getegid()) &&
		    fchown(fd, pl->st.st_uid, pl->st.st_gid) == -1)
			errno = 0;
	} else {
		/* mkstemp() makes it 0600; a report is as readable as any
		 * file. */
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	if (fchmod(fd, mode) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		close(fd);
		goto out;
	}
	if (json_dumpf(root, fp, JSON_INDENT(2)) == -1 ||
	    fputc('\n', fp) == EOF || fflush(fp) == EOF || fsync(fd) == -1) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		goto out;
	}
	if (fclose(fp) == EOF) {
		fp = NULL;
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		goto out;
	}
	fp = NULL;
	if (!unchanged(pl)) {
		errinfo_set(ei, EC_IO,
		    "'%s' changed while the report was written: not saved",
		    path);
		goto out;
	}
	if (rename(tmp, pl->file) == -1) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		goto out;
	}
	ret = 0;
out:
	if (fp != NULL)
		fclose(fp);
	if (ret == -1)
		unlink(tmp);
	free(tmp);
	return ret;
}

/* Writes the report into the character device or FIFO at path, as a
 * shell's > would, but never creating, truncating or replacing it; a FIFO
 * no one reads is an error rather than a wait.  With SAVE_FD, on (a
 * duplicate of) the descriptor the path names, whatever it is. */
static int
write_through(struct session *s, const char *path, const struct save_plan *pl,
    json_t *root, struct errinfo *ei)
{
	struct sigaction ign, saved;
	struct stat st;
	FILE *fp = NULL;
	int fd, flags, ret = -1;

	if (pl->how == SAVE_FD) {
		/* What the REPL printed comes first. */
		fflush(s->out);
		fflush(stderr);
		if ((fd = fcntl(pl->fd, F_DUPFD_CLOEXEC, 0)) == -1)
			return errinfo_errno(ei, errno, "cannot write '%s'",
			    path);
	} else if ((fd = open(path,
			O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == ENXIO)
			return errinfo_set(ei, EC_IO,
			    "no one reads the FIFO '%s': start its reader "
			    "first",
			    path);
		return errinfo_errno(ei, errno, "cannot write '%s'", path);
	}
	if (pl->how == SAVE_THROUGH &&
	    (fstat(fd, &st) == -1 ||
		!(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))) {
		close(fd);
		return errinfo_set(ei, EC_IO,
		    "'%s' changed while the report was written: not saved",
		    path);
	}
	if ((flags = fcntl(fd, F_GETFL)) != -1)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	if ((fp = fdopen(fd, "w")) == NULL) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		close(fd);
		return -1;
	}
	/* A reader that leaves is an error to report, not the REPL's end. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &saved);
	if (json_dumpf(root, fp, JSON_INDENT(2)) == -1 ||
	    fputc('\n', fp) == EOF || fflush(fp) == EOF) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		goto out;
	}
	ret = 0;
out:
	if (fclose(fp) == EOF && ret == 0)
		ret = errinfo_errno(ei, errno, "cannot write '%s'", path);
	sigaction(SIGPIPE, &saved, NULL);
	return ret;
}

/* At a terminal, asks before path is replaced; true to go on. */
static bool
may_replace(struct session *s, const char *path)
{
	static const char *const yes_no[] = { "yes", "no", NULL };
	char *prompt, *answer = NULL;
	bool yes = false;

	xasprintf(&prompt, "'%s' exists: replace it? [y/N] ", path);
	if (line_ask(s, prompt, CMD_COMPLETE_WORDS, yes_no, &answer) == 1)
		yes = strcasecmp(answer, "y") == 0 ||
		    strcasecmp(answer, "yes") == 0;
	free(answer);
	free(prompt);
	return yes;
}

/* save [-f] FILE: the report to FILE, as save_plan() decides; an existing
 * file replaced only after a yes at a terminal, or with -f. */
static int
cmd_save_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;
	struct save_plan pl = { .file = NULL, .fd = -1 };
	const char *path = argv[argc - 1];
	bool force = false;
	json_t *root = NULL;
	int ret = -1;

	if (argc == 3) {
		if (strcmp(argv[1], "-f") != 0)
			return errinfo_set(ei, EC_USAGE,
			    "save: unknown option '%s' (usage: save [-f] file)",
			    argv[1]);
		force = true;
	} else if (strcmp(path, "-f") == 0) {
		return errinfo_set(ei, EC_USAGE, "usage: save [-f] file");
	}
	if ((d = session_diagnosis(s, ei)) == NULL)
		return -1;
	if (is_input(s, path)) {
		return errinfo_set(ei, EC_USAGE,
		    "'%s' is one of the flow logs read: save to another file",
		    path);
	}
	if (save_plan(path, &pl, ei) == -1)
		goto out;
	if (pl.how == SAVE_REPLACE && !force) {
		if (!s->interactive) {
			errinfo_set(ei, EC_USAGE,
			    "'%s' exists: 'save -f %s' replaces it", path,
			    path);
			goto out;
		}
		if (!may_replace(s, path)) {
			escape_printf(s->out, "not saved: '%s' is as it was\n",
			    path);
			ret = 0;
			goto out;
		}
	}
	root = report_json(d);
	if (pl.how == SAVE_THROUGH || pl.how == SAVE_FD)
		ret = write_through(s, path, &pl, root, ei);
	else
		ret = write_atomically(path, &pl, root, ei);
	if (ret == 0)
		escape_printf(s->out, "saved the report to %s\n", path);
out:
	json_decref(root);
	free(pl.file);
	return ret;
}

static enum cmd_complete
cmd_save_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	(void)s;
	(void)words;
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-f") == 0))
		return CMD_COMPLETE_FILES;
	return CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_save_entry = {
	.name = "save",
	.alias = NULL,
	.usage = "[-f] file",
	.summary = "write the verdict as JSON (as check --json prints it)",
	.help = "Writes the report of the last verdict to FILE as JSON, the "
		"document flowdiag check --json prints.  A regular file is "
		"written beside its final name and renamed into place, so it "
		"is never left half written; one that exists keeps its mode, "
		"and is replaced only after a yes at the terminal, or with -f "
		"(without a terminal, save refuses without -f).  A link to a "
		"regular file replaces the file it points to and stays a "
		"link.  A character device or a FIFO (/dev/stdout, a pipe "
		"made with mkfifo) is written into in place, never replaced; "
		"a FIFO no one reads is an error.  /dev/stdout, /dev/stderr "
		"and /dev/fd/N write on that descriptor, where it stands.  "
		"Anything else (a directory, a link to nothing) is refused, "
		"and a flow log that was read is never overwritten.",
	.min_args = 1,
	.max_args = 2,
	.exec = cmd_save_exec,
	.complete = cmd_save_complete,
};
