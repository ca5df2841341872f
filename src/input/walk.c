#include "config.h"

#include "flowdiag/input/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "flowdiag/util/xmalloc.h"

/* Deeper than any AWSLogs/ tree, shallow enough to stop a link loop. */
#define WALK_DEPTH 32

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The directories on the way down, to notice a link that loops. */
struct walk_up {
	dev_t dev;
	ino_t ino;
	const struct walk_up *up;
};

static bool
looped(const struct walk_up *wu, const struct stat *st)
{
	for (; wu != NULL; wu = wu->up) {
		if (wu->dev == st->st_dev && wu->ino == st->st_ino)
			return true;
	}
	return false;
}

static int
walk_dir(const char *dir, int depth, const struct walk_up *up, walk_fn fn,
    void *arg, struct errinfo *ei)
{
	struct dirent **names = NULL;
	struct walk_up here;
	struct stat st;
	char *path;
	int n, i, ret = 0;

	if (depth > WALK_DEPTH) {
		return errinfo_set(ei, EC_NOINPUT,
		    "'%s': directories nested deeper than %d", dir, WALK_DEPTH);
	}
	if (stat(dir, &st) == -1)
		return errinfo_errno(ei, errno, "cannot open '%s'", dir);
	here.dev = st.st_dev;
	here.ino = st.st_ino;
	here.up = up;
	if ((n = scandir(dir, &names, not_hidden, by_name)) == -1)
		return errinfo_errno(ei, errno, "cannot read directory '%s'",
		    dir);
	for (i = 0; i < n; i++) {
		if (ret == 0) {
			xasprintf(&path, "%s%s%s", dir,
			    dir[strlen(dir) - 1] == '/' ? "" : "/",
			    names[i]->d_name);
			/* A dangling link is handed on: reading it tells
			 * why it is skipped. */
			if (stat(path, &st) == -1)
				ret = fn(arg, path, true, ei);
			else if (S_ISDIR(st.st_mode) && !looped(&here, &st))
				ret = walk_dir(path, depth + 1, &here, fn, arg,
				    ei);
			else if (S_ISREG(st.st_mode))
				ret = fn(arg, path, true, ei);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int
walk_path(const char *path, walk_fn fn, void *arg, struct errinfo *ei)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return fn(arg, path, false, ei);
	if (stat(path, &st) == -1)
		return errinfo_errno(ei, errno, "cannot open '%s'", path);
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, 0, NULL, fn, arg, ei);
	return fn(arg, path, false, ei);
}
