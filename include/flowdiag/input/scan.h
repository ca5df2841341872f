/*
 * The records stage: reads flow log streams, keeps what concerns the target
 * and counts what it cannot read.
 *
 * The hot path is a pre-filter: a record can only concern the target if its
 * text holds the target's address (or a NODATA/SKIPDATA status), so whole
 * buffers are searched for those strings and only the lines around a hit
 * are parsed.  Everything else is counted, never parsed.
 */
#ifndef FLOWDIAG_SCAN_H
#define FLOWDIAG_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/iface.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"

/* Malformed lines shown per file; the rest are counted. */
#define SCAN_SHOWN 5

/* Matching records kept by default; the rest are counted. */
#define SCAN_KEEP_DEFAULT 20000

enum scan_kind {
	SCAN_EMPTY,       /* no data at all */
	SCAN_TEXT,        /* record lines, no header */
	SCAN_S3_TEXT,     /* record lines after a header line */
	SCAN_JSON_EVENTS, /* CloudWatch events: {"message": "...", ...} */
	SCAN_JSON_FIELDS, /* objects with one key per field */
};

/* A malformed line shown: "name:line: why". */
struct scan_shown {
	uint64_t line;
	char *why;
};

struct scan_file {
	char *name;
	enum scan_kind kind;
	bool gzip;
	bool skipped;      /* found in a directory and not a flow log */
	bool partial;      /* the source returned only part of the records */
	uint64_t units;    /* lines, or JSON events, read */
	uint64_t examined; /* parsed in full */
	uint64_t matched;
	uint64_t malformed;
	uint64_t malformed_target; /* of them, those that name the target */
	unsigned int nshown;
	struct scan_shown shown[SCAN_SHOWN];
	char *problem; /* why the file was skipped or ended early */
	dev_t dev;     /* to notice a file read twice */
	ino_t ino;
};

/* A query a service ran to select the records (Athena), for the report:
 * what it read and how long it took. */
struct scan_query {
	char *engine;     /* "athena"; NULL: no query ran */
	char *id;         /* the service's id of the query */
	uint64_t scanned; /* bytes the service read, which it bills */
	double seconds;   /* the query's run time */
	uint64_t rows;    /* result rows */
};

struct scan_match {
	struct flow_record rec; /* an owning copy */
	enum target_side side;
};

/* A port of the target's address that requests came to. */
struct scan_port {
	uint16_t port;
	uint8_t protocol;
	uint32_t records; /* 0: a free slot */
};

/* Slots of the ports' table, a power of two: a request to another port
 * is counted in the slot its port hashes to, or one of the next few;
 * beyond them it is not counted.  Other clients named. */
#define SCAN_PORTS  256
#define SCAN_OTHERS 8

struct scan_options {
	const struct target *target;
	const struct flow_format *format; /* for headerless input; NULL: v2 */
	bool examine_all;                 /* parse every line */
	size_t keep;                      /* matches kept; 0: the default */
	/* An interface id: instead of the target's records, read that
	 * interface's, and count the addresses they name (scan.census),
	 * to tell whose interface it is; borrowed. */
	const char *census;
	/* A progress line (util/progress.h) while files are read: bytes of
	 * their total size, records, rate and time left. */
	bool progress;
};

struct scan {
	struct scan_options opt;
	struct flow_format format;
	char needle[ADDR_STRLEN];
	struct scan_file **files;
	size_t nfiles;
	struct scan_match *matches; /* in input order */
	size_t nmatches;
	size_t capmatches;
	uint64_t matched; /* also those not kept */
	uint64_t outside; /* records of the target outside the window */
	uint64_t fields;  /* FLOW_BIT()s in the format of every match */
	/* and of every record read; ~0 when none was */
	uint64_t format_fields;
	int64_t first; /* earliest start of any record parsed */
	int64_t last;  /* latest end of any record parsed */
	struct iface_table ifaces;
	struct iface_census census; /* with opt.census */
	/* Of the target's address besides the question: the ports other
	 * than the asked one that requests came to, by port; and,
	 * with a client given, the requests to the asked port from other
	 * clients, the first few of them named. */
	struct scan_port ports[SCAN_PORTS];
	uint64_t other_requests;
	struct addr others[SCAN_OTHERS];
	size_t nothers;
	struct scan_query query;
	char *scratch; /* parse buffer */
	size_t scratch_size;
};

/* opt is copied; its target and format are borrowed. */
void scan_init(struct scan *s, const struct scan_options *opt);
void scan_release(struct scan *s);

/* Reads the flow logs at path: a file, "-" for standard input, or a
 * directory walked recursively, with as many threads as pool_threads()
 * gives: files side by side, and a large plain file in parts; what is
 * found is the same, in the same order, as with one.  Returns -1 when a
 * file cannot be opened, or a file named by the user is not a flow log;
 * damage found part way (a truncated gzip file, a read error) is kept in
 * that file's problem and the records before it are kept too. */
int scan_path(struct scan *s, const char *path, struct errinfo *ei);

/* Reads the n paths as scan_path() reads one, one after the other in what
 * is found, their files side by side: one progress line for all, against
 * the sum of their sizes.  A path that cannot be walked is an error after
 * the paths before it are read, as if each were read by scan_path() in
 * turn. */
int scan_paths(struct scan *s, const char *const *paths, size_t n,
    struct errinfo *ei);

/* Reads the flow log that the descriptor fd holds (a copy of an object
 * of a service), by name, into s, as scan_path() reads a file found in a
 * directory: what is not a flow log is a skipped file with its cause,
 * damage is the file's problem.  fd is closed whatever happens; -1 only
 * on an interrupt. */
int scan_fd(struct scan *s, int fd, const char *name, struct errinfo *ei);

/* Sets the format of the headerless input read from now on, for a source
 * that knows its own (a log group whose flow log EC2 describes); fmt is
 * copied. */
void scan_set_format(struct scan *s, const struct flow_format *fmt);

/* Adds a file entry for a source that hands over messages one by one. */
struct scan_file *scan_add_file(struct scan *s, const char *name,
    enum scan_kind kind);

/* Takes one record line from a service (a CloudWatch event's message). */
void scan_message(struct scan *s, struct scan_file *sf, const char *line,
    size_t len, const char *event_id);

/* Moves what the scan w found into s, after what s holds: its files (with
 * continued, w's first file is the rest of s's last one, and its line
 * numbers go on from base), its records as many as s keeps, its
 * interfaces.  w is left to be released.  Threads that each read into a
 * scan of their own hand their results over this way, in order. */
void scan_absorb(struct scan *s, struct scan *w, bool continued, uint64_t base);

/* Sums a counter over every file. */
uint64_t scan_total_units(const struct scan *s);
uint64_t scan_total_malformed(const struct scan *s);
uint64_t scan_total_malformed_target(const struct scan *s);

/* The first file with a problem that is not a skip, or NULL. */
const struct scan_file *scan_damaged(const struct scan *s);

const char *scan_kind_name(enum scan_kind k);

#endif
