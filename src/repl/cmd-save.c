#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/xmalloc.h"

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

/* Writes the report beside path and renames it into place, so that path
 * holds either the old file or the whole new report, never a part. */
static int
write_atomically(const char *path, json_t *root, struct errinfo *ei)
{
	char *tmp;
	FILE *fp = NULL;
	mode_t mask;
	int fd, ret = -1;

	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		errinfo_errno(ei, errno, "cannot write '%s'", path);
		free(tmp);
		return -1;
	}
	/* mkstemp() makes it 0600; a report is as readable as any file. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if ((fp = fdopen(fd, "w")) == NULL) {
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
	if (rename(tmp, path) == -1) {
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

static int
cmd_save_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;
	json_t *root;
	int ret;

	(void)argc;
	if ((d = session_diagnosis(s, ei)) == NULL)
		return -1;
	if (is_input(s, argv[1])) {
		return errinfo_set(ei, EC_USAGE,
		    "'%s' is one of the flow logs read: save to another file",
		    argv[1]);
	}
	root = report_json(d);
	ret = write_atomically(argv[1], root, ei);
	json_decref(root);
	if (ret == 0)
		fprintf(s->out, "saved the report to %s\n", argv[1]);
	return ret;
}

static enum cmd_complete
cmd_save_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	(void)s;
	(void)argv;
	(void)words;
	return argc == 1 ? CMD_COMPLETE_FILES : CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_save_entry = {
	.name = "save",
	.alias = NULL,
	.usage = "file",
	.summary = "write the verdict as JSON (as check --json prints it)",
	.help = "Writes the report of the last verdict to FILE as JSON, the "
		"document flowdiag check --json prints.  The file is written "
		"beside its final name and renamed into place, so it is "
		"never left half written; a flow log that was read is never "
		"overwritten.",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_save_exec,
	.complete = cmd_save_complete,
};
