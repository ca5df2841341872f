#include "config.h"

#include "flowdiag/input/scan.h"
#include "scan-int.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flowdiag/input/input.h"
#include "flowdiag/input/walk.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/pool.h"
#include "flowdiag/util/progress.h"
#include "flowdiag/util/xmalloc.h"

/* A file of twice this at least is cut in parts for the threads (below,
 * they cost more than they give); its parts shrink toward its end, down
 * to a quarter of this (split()). */
#define PART_MIN ((off_t)64 << 20)
/* Parts a file is cut in at most. */
#define PARTS_MAX 64

/* A file, or a part of one, for a thread to read into a scan of its own;
 * the results are merged in order, as if one thread had read them all. */
struct task {
	char *path;
	bool found;           /* met in a directory: unreadable is a skip */
	const char *again_of; /* the file was read already, by this name */
	dev_t dev;
	ino_t ino;
	/* A part of a large plain file: bytes [off, off + len), and what
	 * its first part found it holds. */
	bool part;
	int index; /* 0: the first part */
	off_t off;
	off_t len;
	enum scan_kind kind;
	struct flow_format fmt;
	uint64_t size; /* bytes it reads, for the progress; 0: not known */
	/* The result. */
	struct scan w;
	uint64_t lines; /* newlines read */
	int ret;
	struct errinfo ei;
};

struct plan {
	struct scan *s;
	struct task *v;
	size_t n;
	size_t cap;
	unsigned int threads;
	off_t part_min;
	uint64_t base; /* merging: lines of a file's parts so far */
	struct errinfo ei;
	struct progress *progress; /* or NULL */
	bool unsized; /* a file of no size known: standard input, a FIFO */
};

/* Does task t: reads its file, or its part of one, into t->w, telling
 * the progress p (or NULL) as it goes; when done, the whole of the file
 * counts as read, for the bytes to reach the total. */
static int
run_task(struct task *t, struct progress *p, struct errinfo *ei)
{
	struct stream st;
	struct scan_file *sf;
	int ret;

	memset(&st, 0, sizeof(st));
	sf = scan_add_file(&t->w, t->path, SCAN_EMPTY);
	sf->dev = t->dev;
	sf->ino = t->ino;
	st.sf = sf;
	st.progress = p;
	if (t->again_of != NULL) {
		sf->skipped = true;
		xasprintf(&sf->problem, "'%s' is '%s' again", sf->name,
		    t->again_of);
		return 0;
	}
	if (t->part)
		st.in = input_open_range(t->path, t->off, t->len, ei);
	else
		st.in = input_open(t->path, ei);
	if (st.in == NULL) {
		stream_tell(&st, t->size);
		if (cancel_requested())
			return errinfo_set(ei, EC_INTERRUPTED,
			    "interrupted while opening '%s'", t->path);
		/* In a directory, one unreadable file does not stop the rest. */
		if (!t->found)
			return -1;
		sf->skipped = true;
		sf->problem = xstrdup(ei->msg);
		return 0;
	}
	st.s = &t->w;
	if (t->part && t->index > 0) {
		st.mid_file = true;
		sf->kind = t->kind;
		st.fmt = t->fmt;
	}
	ret = stream_read(&st, t->path, t->found, ei);
	stream_tell(&st, t->size);
	t->lines = st.line;
	free(st.buf);
	input_close(st.in);
	return ret;
}

static int
task_work(void *arg, size_t i)
{
	struct plan *pl = arg;
	struct task *t = &pl->v[i];

	/* Set up here, not when planned: only the tasks running and those
	 * waiting to be merged hold memory, however many files there are. */
	scan_init(&t->w, &pl->s->opt);
	t->w.format = pl->s->format;
	t->ret = run_task(t, pl->progress, &t->ei);
	/* The parse buffer is not needed past the reading. */
	free(t->w.scratch);
	t->w.scratch = NULL;
	return t->ret;
}

/* Adds what task t found to s: a part goes on the file of the parts
 * before it, its lines counted from the file's start. */
static void
merge(struct plan *pl, struct task *t)
{
	bool continued = t->part && t->index > 0;

	if (!continued)
		pl->base = 0;
	scan_absorb(pl->s, &t->w, continued, pl->base);
	pl->base += t->lines;
}

static void
task_done(void *arg, size_t i)
{
	struct plan *pl = arg;
	struct task *t = &pl->v[i];

	/* Every task before the first failure ran: its error is the one,
	 * and those after it did not run. */
	if (pl->ei.code == EC_OK) {
		if (t->ret == 0)
			merge(pl, t);
		else
			pl->ei = t->ei;
	}
	scan_release(&t->w);
}

static struct task *
add_task(struct plan *pl, const char *path, bool found)
{
	struct task *t;

	if (pl->n == pl->cap) {
		pl->cap = pl->cap == 0 ? 16 : pl->cap * 2;
		pl->v = xreallocarray(pl->v, pl->cap, sizeof(*pl->v));
	}
	t = &pl->v[pl->n++];
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->found = found;
	return t;
}

/* The name of a file with t's device and inode read before, or NULL. */
static const char *
read_before(const struct plan *pl, const struct task *t)
{
	size_t i;

	if (t->ino == 0)
		return NULL;
	for (i = 0; i < pl->s->nfiles; i++) {
		const struct scan_file *o = pl->s->files[i];

		if (o->ino == t->ino && o->dev == t->dev)
			return o->name;
	}
	for (i = 0; i + 1 < pl->n; i++) {
		if (pl->v[i].ino == t->ino && pl->v[i].dev == t->dev &&
		    (!pl->v[i].part || pl->v[i].index == 0))
			return pl->v[i].path;
	}
	return NULL;
}

/* Where the line that holds byte off ends, plus one: the start of a part;
 * -1 when no newline comes soon enough to cut there. */
static off_t
line_start_after(int fd, off_t off, bool json)
{
	char buf[65536], *nl, *p = buf;
	ssize_t n;

	if ((n = pread(fd, buf, sizeof(buf), off)) <= 0)
		return -1;
	/* JSON lines: a line that starts an object. */
	while ((nl = memchr(p, '\n', (size_t)(buf + n - p))) != NULL) {
		if (!json || (nl + 1 < buf + n && nl[1] == '{'))
			return off + (nl - buf) + 1;
		p = nl + 1;
	}
	return -1;
}

/* Whether the JSON in buf[0..n) is JSON lines: an object on each line,
 * so that a part may start at any line. */
static bool
json_lines(const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n, *nl, *e;
	int lines = 0;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		for (e = nl; e > p && (e[-1] == '\r' || e[-1] == ' '); e--)
			;
		if (e > p && (*p != '{' || e[-1] != '}'))
			return false;
		lines += e > p;
		p = nl + 1;
	}
	return lines >= 2;
}

/* What a file holds, told from its first bytes as a reading would, when
 * it can be read in parts: flow log lines, or JSON lines of events.  Its
 * kind, and for S3 text the format of its header. */
static bool
probe(const struct plan *pl, const char *path, enum scan_kind *kind,
    struct flow_format *fmt)
{
	struct scan w;
	struct stream st;
	struct errinfo ei;
	bool ok = false;

	memset(&st, 0, sizeof(st));
	if ((st.in = input_open(path, &ei)) == NULL)
		return false;
	scan_init(&w, &pl->s->opt);
	w.format = pl->s->format;
	st.s = &w;
	st.sf = scan_add_file(&w, path, SCAN_EMPTY);
	st.fmt = w.format;
	st.term = '\n';
	st.unit_max = FLOW_LINE_MAX;
	st.buf = xmalloc(BUF_SIZE);
	if (stream_fill(&st, DETECT_BYTES, &ei) == 0 && !input_is_gzip(st.in) &&
	    stream_detect(&st, &ei) == 0 &&
	    (st.sf->kind == SCAN_TEXT || st.sf->kind == SCAN_S3_TEXT ||
		(st.sf->kind == SCAN_JSON_EVENTS &&
		    json_lines(st.buf, st.len)))) {
		*kind = st.sf->kind;
		*fmt = st.fmt;
		ok = true;
	}
	free(st.buf);
	input_close(st.in);
	scan_release(&w);
	return ok;
}

/*
 * Cuts task ti, a large plain file of flow log lines or JSON lines, into
 * parts that start at line starts, one task each.  Parts shrink as the
 * file goes on, each a share of what is left, down to a quarter of the
 * least a part is given: the threads start on large parts and end on
 * small ones, so that none is left long on a part of its own while the
 * others have finished.  With equal parts, a thread finished 10-20 ms
 * before the other on the 1 GiB bench file.
 */
static void
split(struct plan *pl, size_t ti, off_t size)
{
	struct task *t;
	struct flow_format fmt;
	enum scan_kind kind;
	off_t starts[PARTS_MAX + 1], at, len, least = pl->part_min / 4;
	int n = 0, k, fd;

	if (size < 2 * pl->part_min || !probe(pl, pl->v[ti].path, &kind, &fmt))
		return;
	if ((fd = open(pl->v[ti].path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	if (least < 1)
		least = 1;
	starts[n++] = 0;
	while (n < PARTS_MAX) {
		len = (size - starts[n - 1]) / (2 * (off_t)pl->threads);
		if (len < least)
			len = least;
		if (size - starts[n - 1] - len < least)
			break;
		at = line_start_after(fd, starts[n - 1] + len,
		    kind == SCAN_JSON_EVENTS);
		if (at <= starts[n - 1] || at >= size)
			break;
		starts[n++] = at;
	}
	close(fd);
	if (n < 2)
		return;
	starts[n] = size;
	for (k = 0; k < n; k++) {
		if (k > 0)
			add_task(pl, pl->v[ti].path, pl->v[ti].found);
		t = &pl->v[ti + (size_t)k];
		t->part = true;
		t->index = k;
		t->off = starts[k];
		t->len = starts[k + 1] - starts[k];
		t->size = (uint64_t)t->len;
		t->kind = kind;
		t->fmt = fmt;
		t->dev = pl->v[ti].dev;
		t->ino = pl->v[ti].ino;
	}
}

/* Adds the task for a file the walk met, cut in parts when it is large. */
static int
plan_file(void *arg, const char *path, bool found, struct errinfo *ei)
{
	struct plan *pl = arg;
	struct task *t = add_task(pl, path, found);
	struct stat st;

	(void)ei;
	if (strcmp(path, "-") == 0) {
		pl->unsized = true;
		return 0;
	}
	if (stat(path, &st) == -1)
		return 0;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	if ((t->again_of = read_before(pl, t)) != NULL)
		return 0;
	if (S_ISREG(st.st_mode))
		t->size = (uint64_t)st.st_size;
	else
		pl->unsized = true;
	if (S_ISREG(st.st_mode) && pl->threads > 1 &&
	    st.st_size >= 2 * pl->part_min)
		split(pl, pl->n - 1, st.st_size);
	return 0;
}

int
scan_fd(struct scan *s, int fd, const char *name, struct errinfo *ei)
{
	struct stream st;
	int ret;

	memset(&st, 0, sizeof(st));
	st.sf = scan_add_file(s, name, SCAN_EMPTY);
	st.s = s;
	if ((st.in = input_open_fd(fd, name, ei)) == NULL) {
		st.sf->skipped = true;
		st.sf->problem = xstrdup(ei->msg);
		return 0;
	}
	/* As a file found in a directory: what is not a flow log is
	 * skipped, and said so, not an error that stops the rest. */
	ret = stream_read(&st, name, true, ei);
	free(st.buf);
	input_close(st.in);
	return ret;
}

/* PART_MIN, or $FLOWDIAG_PART_MIN for tests. */
static off_t
part_min(void)
{
	return (off_t)env_number("FLOWDIAG_PART_MIN", 1, INT32_MAX, PART_MIN);
}

/* How long a scan goes on before its progress shows: PROGRESS_AFTER_MS,
 * or $FLOWDIAG_PROGRESS_AFTER milliseconds, 0 at once, for tests. */
static long
progress_after(void)
{
	return (long)env_number("FLOWDIAG_PROGRESS_AFTER", 0, 86400000,
	    PROGRESS_AFTER_MS);
}

/* Drops the tasks from the first'th on, planned for a path whose walk
 * failed. */
static void
drop_tasks(struct plan *pl, size_t first)
{
	while (pl->n > first)
		free(pl->v[--pl->n].path);
}

int
scan_paths(struct scan *s, const char *const *paths, size_t n,
    struct errinfo *ei)
{
	struct plan pl;
	struct progress progress;
	struct errinfo walk = { EC_OK, "" };
	char what[64];
	uint64_t total = 0;
	size_t i, before;
	int ret = -1;

	memset(&pl, 0, sizeof(pl));
	pl.s = s;
	pl.threads = pool_threads();
	pl.part_min = part_min();
	for (i = 0; i < n; i++) {
		before = pl.n;
		if (walk_path(paths[i], plan_file, &pl, &walk) == -1) {
			drop_tasks(&pl, before);
			break;
		}
	}
	if (s->opt.progress) {
		for (i = 0; i < pl.n; i++)
			total += pl.v[i].size;
		if (s->opt.census != NULL)
			snprintf(what, sizeof(what), "files again, for %s",
			    s->opt.census);
		else
			snprintf(what, sizeof(what), "files");
		progress_init(&progress, what, pl.unsized ? 0 : total,
		    progress_after());
		pl.progress = &progress;
	}
	pool_run(pl.n, pl.threads, task_work, task_done, &pl);
	if (pl.progress != NULL) {
		progress_end(pl.progress);
		progress_release(pl.progress);
	}
	if (pl.ei.code != EC_OK) {
		*ei = pl.ei;
		goto out;
	}
	if (walk.code != EC_OK) {
		*ei = walk;
		goto out;
	}
	ret = 0;
out:
	drop_tasks(&pl, 0);
	free(pl.v);
	return ret;
}

int
scan_path(struct scan *s, const char *path, struct errinfo *ei)
{
	return scan_paths(s, &path, 1, ei);
}
