#include "config.h"

#include "flowdiag/input/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "flowdiag/util/notice.h"
#include "flowdiag/util/xmalloc.h"

/* Deeper than any AWSLogs/ tree; links never add to it (a directory is
 * read once), so only real nesting counts. */
#define WALK_DEPTH 32

/* Links to a directory read already that are named one by one; the rest
 * are counted. */
#define WALK_SHOWN 3

/* A directory read, by its identity, whatever the path that led to it. */
struct walk_dir {
	dev_t dev;
	ino_t ino;
	bool used;
};

/* One walk: every directory read so far, in an open-addressing hash set
 * that grows with the real directories met (links add nothing), so that
 * each is read once however many links lead to it. */
struct walk {
	walk_fn fn;
	void *arg;
	struct walk_dir *set;
	size_t cap; /* a power of two, or 0 */
	size_t n;
	uint64_t again; /* links to a directory read already, not followed */
};

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

static size_t
slot(const struct walk *w, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)ino ^ ((uint64_t)dev << 32)) *
	    UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> 17) & (w->cap - 1);
}

/* Adds the directory st to the set; false when it was there already. */
static bool
visit(struct walk *w, const struct stat *st)
{
	struct walk_dir *old = w->set;
	size_t oldcap = w->cap, i, j;

	if (2 * (w->n + 1) > w->cap) {
		w->cap = w->cap == 0 ? 64 : 2 * w->cap;
		w->set = xcalloc(w->cap, sizeof(*w->set));
		for (i = 0; i < oldcap; i++) {
			if (!old[i].used)
				continue;
			for (j = slot(w, old[i].dev, old[i].ino);
			     w->set[j].used; j = (j + 1) & (w->cap - 1))
				;
			w->set[j] = old[i];
		}
		free(old);
	}
	for (j = slot(w, st->st_dev, st->st_ino); w->set[j].used;
	     j = (j + 1) & (w->cap - 1)) {
		if (w->set[j].ino == st->st_ino && w->set[j].dev == st->st_dev)
			return false;
	}
	w->set[j].dev = st->st_dev;
	w->set[j].ino = st->st_ino;
	w->set[j].used = true;
	w->n++;
	return true;
}

static int
walk_dir(struct walk *w, const char *dir, int depth, struct errinfo *ei)
{
	struct dirent **names = NULL;
	struct stat st;
	char *path;
	int n, i, ret = 0;

	if (depth > WALK_DEPTH) {
		return errinfo_set(ei, EC_NOINPUT,
		    "'%s': directories nested deeper than %d", dir, WALK_DEPTH);
	}
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
				ret = w->fn(w->arg, path, true, ei);
			else if (S_ISDIR(st.st_mode) && visit(w, &st))
				ret = walk_dir(w, path, depth + 1, ei);
			else if (S_ISDIR(st.st_mode) && w->again++ < WALK_SHOWN)
				notice(NOTICE_WARNING,
				    "skipped: '%s' leads to a directory read already",
				    path);
			else if (S_ISREG(st.st_mode))
				ret = w->fn(w->arg, path, true, ei);
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
	struct walk w;
	struct stat st;
	int ret;

	if (strcmp(path, "-") == 0)
		return fn(arg, path, false, ei);
	if (stat(path, &st) == -1)
		return errinfo_errno(ei, errno, "cannot open '%s'", path);
	if (!S_ISDIR(st.st_mode))
		return fn(arg, path, false, ei);
	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.arg = arg;
	visit(&w, &st);
	ret = walk_dir(&w, path, 0, ei);
	if (w.again > WALK_SHOWN)
		notice(NOTICE_WARNING,
		    "skipped %llu more links to directories read already (%llu "
		    "in all)",
		    (unsigned long long)(w.again - WALK_SHOWN),
		    (unsigned long long)w.again);
	free(w.set);
	return ret;
}
