#!/bin/sh
# Benchmarks flowdiag against cat, mawk, gawk, ripgrep, grep, gzip and jq on
# generated flow logs, and checks that every tool finds the same records.
#
#   sh bench/run.sh BUILDDIR SRCDIR        (what `make bench` runs)
#
# Environment: BENCH_MB (size of flows.log in MiB, 1024), BENCH_EVENTS
# (CloudWatch events, 1000000), BENCH_V5_MB (v5.log in MiB, BENCH_MB/4),
# BENCH_DATA (data directory, BUILDDIR/bench-data), BENCH_RUNS (runs per
# tool, 3), CC (compiler for bench/gen.c, cc).  BENCHMARKS.md explains it.
# Exit status: 0, or 1 when the tools disagree or something failed.
# shellcheck disable=SC2016 # awk, jq and Markdown text in single quotes

set -eu

die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

note() {
	printf 'bench: %s\n' "$*" >&2
}

# Quotes $1 for sh -c.
q() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The size of file $1 in bytes.
size_of() {
	n=$(wc -c <"$1")
	echo $((n))
}

[ $# -eq 2 ] || die "usage: sh bench/run.sh BUILDDIR SRCDIR"
BUILDDIR=$(cd "$1" && pwd) || die "no build directory '$1'"
SRCDIR=$(cd "$2" && pwd) || die "no source directory '$2'"
FLOWDIAG=$BUILDDIR/flowdiag
DATA=${BENCH_DATA:-$BUILDDIR/bench-data}
MB=${BENCH_MB:-1024}
EVENTS=${BENCH_EVENTS:-1000000}
V5MB=${BENCH_V5_MB:-$((MB / 4))}
RUNS=${BENCH_RUNS:-3}
RESULTS=$BUILDDIR/bench-results.md
PARTS=8
TARGET=10.0.1.10:80
STARTUP_RUNS=20
HDR2='version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'

for v in "$MB" "$EVENTS" "$V5MB" "$RUNS"; do
	case $v in
	'' | *[!0-9]*) die "BENCH_MB, BENCH_EVENTS, BENCH_V5_MB and BENCH_RUNS take whole numbers" ;;
	esac
done
[ "$V5MB" -ge 1 ] || V5MB=1
[ "$RUNS" -ge 1 ] || die "BENCH_RUNS must be at least 1"

[ -x "$FLOWDIAG" ] || die "no flowdiag at '$FLOWDIAG': build it first"
[ -x /usr/bin/time ] ||
	die "/usr/bin/time is missing (GNU time, for wall time and peak RSS): apt-get install time"
command -v mawk >/dev/null 2>&1 || die "mawk is missing: apt-get install mawk"
command -v cat >/dev/null 2>&1 || die "cat is missing"
command -v gzip >/dev/null 2>&1 || die "gzip is missing: apt-get install gzip"
have() {
	command -v "$1" >/dev/null 2>&1
}

# Every tool runs in the C locale, the fastest for awk and grep.
LC_ALL=C
export LC_ALL

mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/flowdiag-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# --- data ------------------------------------------------------------------

GEN=$DATA/gen
GENSUM=$(cksum <"$SRCDIR/bench/gen.c" | cut -d ' ' -f 1)
if [ ! -x "$GEN" ] || [ "$(cat "$GEN.sum" 2>/dev/null)" != "$GENSUM" ]; then
	note "compiling bench/gen.c"
	rm -f "$GEN.sum"
	${CC:-cc} -std=c11 -O2 -o "$GEN" "$SRCDIR/bench/gen.c" ||
		die "cannot compile bench/gen.c"
	echo "$GENSUM" >"$GEN.sum"
fi

# Whether $1 is there as its stamp describes it for key $2; sets LINES.
fresh() {
	[ -f "$1" ] && [ -f "$1.stamp" ] || return 1
	read -r skey ssize slines <"$1.stamp" || return 1
	[ "$skey" = "$2" ] && [ "$ssize" = "$(size_of "$1")" ] || return 1
	LINES=$slines
}

# Makes $1 with gen $3 $4 unless a fresh one (key $2) is there; sets LINES.
generate() {
	if fresh "$1" "$2"; then
		note "reusing $1"
		return
	fi
	note "generating $1 (gen $3 $4)"
	rm -f "$1.stamp"
	"$GEN" "$3" "$4" >"$1.tmp" || die "gen $3 $4 failed"
	mv "$1.tmp" "$1"
	LINES=$(wc -l <"$1")
	LINES=$((LINES))
	printf '%s %s %s\n' "$2" "$(size_of "$1")" "$LINES" >"$1.stamp"
}

TEXT_KEY=text-$MB-$GENSUM
generate "$DATA/flows.log" "$TEXT_KEY" text "$MB"
TEXT_LINES=$LINES
TEXT_BYTES=$(size_of "$DATA/flows.log")

# The S3 copy: PARTS gzip files, each with the header line first.
S3_KEY=s3-$PARTS-$TEXT_KEY
s3_fresh() {
	[ -f "$DATA/s3.stamp" ] && [ -d "$DATA/s3" ] || return 1
	read -r skey ssize <"$DATA/s3.stamp" || return 1
	[ "$skey" = "$S3_KEY" ] || return 1
	total=0
	for f in "$DATA"/s3/*.log.gz; do
		[ -f "$f" ] || return 1
		total=$((total + $(size_of "$f")))
	done
	[ "$total" = "$ssize" ]
}
if s3_fresh; then
	note "reusing $DATA/s3/"
else
	note "splitting flows.log into $PARTS gzip files in $DATA/s3/"
	rm -rf "$DATA/s3" "$DATA/s3.tmp" "$DATA/s3.stamp"
	mkdir "$DATA/s3.tmp"
	split -l $(((TEXT_LINES + PARTS - 1) / PARTS)) -a 2 "$DATA/flows.log" \
		"$DATA/s3.tmp/part."
	i=0
	total=0
	for p in "$DATA"/s3.tmp/part.*; do
		# One file every 24h/PARTS from 2023-11-14T22:15Z, S3's naming.
		t=$((1700000100 + i * 86400 / PARTS))
		t=$((t - t % 300))
		when=$(date -u -d "@$t" +%Y%m%dT%H%MZ 2>/dev/null ||
			date -u -r "$t" +%Y%m%dT%H%MZ)
		hash=$(printf '%08x' $(((i + 1) * 2654435761 % 4294967296)))
		name=123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_${when}_$hash.log.gz
		{
			printf '%s\n' "$HDR2"
			cat "$p"
		} | gzip -6 >"$DATA/s3.tmp/$name"
		rm -f "$p"
		total=$((total + $(size_of "$DATA/s3.tmp/$name")))
		i=$((i + 1))
	done
	mv "$DATA/s3.tmp" "$DATA/s3"
	printf '%s %s\n' "$S3_KEY" "$total" >"$DATA/s3.stamp"
fi
S3_FILES=$(find "$DATA/s3" -name '*.log.gz' | wc -l)
S3_FILES=$((S3_FILES))
read -r _ S3_GZ_BYTES <"$DATA/s3.stamp"
S3_BYTES=$((TEXT_BYTES + S3_FILES * (${#HDR2} + 1)))

generate "$DATA/v5.log" "v5-$V5MB-$GENSUM" v5 "$V5MB"
V5_RECORDS=$((LINES - 1))
V5_BYTES=$(size_of "$DATA/v5.log")

generate "$DATA/events.jsonl" "json-$EVENTS-$GENSUM" json "$EVENTS"
JSON_RECORDS=$LINES
JSON_BYTES=$(size_of "$DATA/events.jsonl")

# --- tools -----------------------------------------------------------------

FD=$(q "$FLOWDIAG")
# A record concerns 10.0.1.10:80 when it goes to it or comes from it.
AWK_V2='($5=="10.0.1.10" && $7=="80") || ($4=="10.0.1.10" && $6=="80") {n++} END {print n+0}'
AWK_S3='$1=="version" {next} ($5=="10.0.1.10" && $7=="80") || ($4=="10.0.1.10" && $6=="80") {n++} END {print n+0}'
# v5.log: srcaddr 4, dstaddr 5, srcport 6, dstport 7, pkt-srcaddr 20,
# pkt-dstaddr 21 (flowdiag matches the target on the packet addresses too).
AWK_V5='$1=="version" {next} (($5=="10.0.1.10" || $21=="10.0.1.10") && $7=="80") || (($4=="10.0.1.10" || $20=="10.0.1.10") && $6=="80") {n++} END {print n+0}'
# events.jsonl, split on blanks: $6 is the message's first word ("2), so
# srcaddr is $9, dstaddr $10, srcport $11, dstport $12.
AWK_JSON='($10=="10.0.1.10" && $12=="80") || ($9=="10.0.1.10" && $11=="80") {n++} END {print n+0}'
JQ_JSON='reduce (inputs | .message | split(" ") | select((.[4] == "10.0.1.10" and .[6] == "80") or (.[3] == "10.0.1.10" and .[5] == "80"))) as $r (0; . + 1)'
# Fields 4-7 of the default format, anchored at the line start.
RE_V2='^([^ ]+ ){3}(10\.0\.1\.10 [^ ]+ 80|[^ ]+ 10\.0\.1\.10 [^ ]+ 80) '

# add_tool NAME KIND COMMAND: KIND is none (no count), flowdiag (count from
# its JSON) or count (the command prints the count).
add_tool() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$TMP/tools"
}

skip_tool() {
	printf -- '- %s: not installed, skipped\n' "$1" >>"$TMP/notes"
	note "$1 is not installed: skipped"
}

# Prints field $1 of the "input" object of flowdiag's JSON in file $2, or
# ERR.  Without jq: the first "$1": N line after the "input" key.
input_field() {
	if have jq; then
		jq -r ".input.$1 // \"ERR\"" "$2" 2>/dev/null || echo ERR
	else
		v=$(sed -n '/^  "input": {/,$ s/^ *"'"$1"'": *\([0-9][0-9]*\).*/\1/p' "$2" |
			head -n 1)
		echo "${v:-ERR}"
	fi
}

# Runs the tool once; appends "name kind seconds rss count scanned
# malformed" to $TMP/raw.
run_once() {
	st=0
	(cd "$DATA" && /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" \
		sh -c "$3" <"/dev/null" >"$TMP/out" 2>"$TMP/err") || st=$?
	set -- "$1" "$2" "$3" "$(tail -n 1 "$TMP/time")"
	scanned=-
	malformed=-
	case $2 in
	none)
		count=-
		;;
	flowdiag)
		count=$(input_field records_matched "$TMP/out")
		scanned=$(input_field records_scanned "$TMP/out")
		malformed=$(input_field malformed "$TMP/out")
		;;
	count)
		count=$(head -n 1 "$TMP/out" | tr -d ' \t')
		# rg -c prints nothing when nothing matches.
		[ -n "$count" ] || count=0
		;;
	esac
	case $count in
	- | *[!0-9]* | '') [ "$count" = - ] || count=ERR ;;
	esac
	if [ "$count" = ERR ] || { [ "$2" = none ] && [ "$st" -ne 0 ]; }; then
		note "$1 failed (exit status $st):"
		head -n 5 "$TMP/err" >&2
		[ "$2" = none ] && count=ERR
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$4" "$count" "$scanned" \
		"$malformed" >>"$TMP/raw"
}

# bench TITLE RECORDS BYTES GZBYTES FILES...: runs the tools of $TMP/tools
# RUNS times each, interleaved, on a warm page cache, and reports.
bench() {
	title=$1 records=$2 bytes=$3 gzbytes=$4
	shift 4
	note "dataset $title: warming the page cache"
	(cd "$DATA" && find "$@" -type f -exec cat {} + >/dev/null)
	: >"$TMP/raw"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		while IFS='	' read -r name kind cmd; do
			note "$title: $name, run $r of $RUNS"
			run_once "$name" "$kind" "$cmd"
		done <"$TMP/tools"
		r=$((r + 1))
	done
	{
		printf '\n### %s\n\n' "$title"
		cat "$TMP/desc"
		printf '\n'
		awk -F '\t' -v records="$records" -v bytes="$bytes" \
			-v gzbytes="$gzbytes" -v fd="$FD" -f "$TMP/report.awk" \
			"$TMP/tools" "$TMP/raw" || echo FAILED >"$TMP/failed"
		if [ -s "$TMP/notes" ]; then
			printf '\n'
			cat "$TMP/notes"
		fi
	} >"$TMP/table"
	cat "$TMP/table"
	cat "$TMP/table" >>"$RESULTS"
	: >"$TMP/tools"
	: >"$TMP/notes"
}

# The report: medians, peak RSS, ratios, and the count check.  Reads the
# tool list (for the order and the commands), then the runs.
cat >"$TMP/report.awk" <<'EOF'
function median(s, n,    a, i, j, t) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function rate(x, t) {
	return t > 0 ? x / t : x / 0.005
}
function human(x) {
	if (x >= 1e6)
		return sprintf("%.2f M", x / 1e6)
	if (x >= 1e3)
		return sprintf("%.1f k", x / 1e3)
	return sprintf("%.0f", x)
}
function display(c,    i) {
	while ((i = index(c, fd)) > 0)
		c = substr(c, 1, i - 1) "flowdiag" substr(c, i + length(fd))
	return c
}
FNR == NR {
	order[++ntools] = $1
	cmd[$1] = $3
	next
}
{
	split($3, tr, " ")
	times[$1] = times[$1] " " tr[1]
	cpus[$1] = cpus[$1] " " (tr[3] + tr[4])
	if (tr[2] + 0 > rss[$1])
		rss[$1] = tr[2] + 0
	if (!($1 in count))
		count[$1] = $4
	else if (count[$1] != $4)
		count[$1] = "varies (" count[$1] ", " $4 ")"
	if ($2 == "flowdiag") {
		fdname = $1
		scanned = $5
		malformed = $6
	}
}
END {
	fdt = median(times[fdname])
	printf "| tool | seconds (median) | MiB/s%s | records/s | CPU seconds | peak RSS MiB | vs flowdiag | matches |\n", (gzbytes > 0 ? " (decompressed) | MiB/s (compressed)" : "")
	printf "|---|---:|---:|%s---:|---:|---:|---|---:|\n", (gzbytes > 0 ? "---:|" : "")
	for (i = 1; i <= ntools; i++) {
		n = order[i]
		t = median(times[n])
		if (n == fdname)
			vs = "-"
		else if (fdt <= 0 || t <= 0)
			vs = "(too fast to tell)"
		else if (t / fdt < 1.05 && fdt / t < 1.05)
			vs = "about the same"
		else if (t >= fdt)
			vs = sprintf("flowdiag %.1fx faster", t / fdt)
		else
			vs = sprintf("flowdiag %.1fx slower", fdt / t)
		cell = n
		gsub(/\|/, "\\|", cell)
		printf "| %s | %.2f | %.0f |", cell, t, rate(bytes / 1048576, t)
		if (gzbytes > 0)
			printf " %.1f |", rate(gzbytes / 1048576, t)
		printf " %s | %.2f | %.1f | %s | %s |\n", human(rate(records, t)),
		    median(cpus[n]), rss[n] / 1024, vs, count[n]
	}
	bad = 0
	want = count[fdname]
	for (i = 1; i <= ntools; i++) {
		n = order[i]
		if (count[n] == "-")
			continue
		if (count[n] != want) {
			printf "\n**MISMATCH: %s counts %s records of 10.0.1.10:80, flowdiag %s**\n", n, count[n], want
			printf "MISMATCH: %s counts %s, flowdiag %s\n", n, count[n], want > "/dev/stderr"
			bad = 1
		}
	}
	if (scanned != records) {
		printf "\n**MISMATCH: flowdiag scanned %s records, the input has %s**\n", scanned, records
		printf "MISMATCH: flowdiag scanned %s records of %s\n", scanned, records > "/dev/stderr"
		bad = 1
	}
	if (malformed != 0) {
		printf "\n**MISMATCH: flowdiag found %s malformed records, the input has none**\n", malformed
		printf "MISMATCH: flowdiag: %s malformed records\n", malformed > "/dev/stderr"
		bad = 1
	}
	if (!bad)
		printf "\nAll tools agree: %s records concern 10.0.1.10:80 (flowdiag scanned %s records, %s malformed).\n", want, scanned, malformed
	printf "\nCommands (in %s, LC_ALL=C):\n\n", "$BENCH_DATA"
	for (i = 1; i <= ntools; i++)
		printf "- %s: `%s`\n", order[i], display(cmd[order[i]])
	exit bad
}
EOF

have jq || note "jq is missing: flowdiag's JSON is read with sed, the jq run is skipped"

# --- machine ---------------------------------------------------------------

version_of() {
	"$@" 2>&1 | head -n 1
}

{
	printf '# flowdiag benchmarks\n\n'
	printf -- '- date: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	printf -- '- machine: %s CPUs (nproc), %s, %s\n' "$(nproc 2>/dev/null || echo '?')" \
		"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)" \
		"$(uname -sr)"
	printf -- '- memory: %s\n' "$(sed -n 's/^MemTotal: *//p' /proc/meminfo 2>/dev/null)"
	printf -- '- flowdiag: %s (%s)\n' "$(version_of "$FLOWDIAG" --version)" "$FLOWDIAG"
	printf -- '- mawk: %s\n' "$(version_of mawk -W version)"
	for t in gawk rg grep jq gzip igzip; do
		if have "$t"; then
			printf -- '- %s: %s\n' "$t" "$(version_of "$t" --version)"
		fi
	done
	printf -- '- runs: %s per tool, interleaved, page cache warm; median wall time and user+sys CPU time, peak RSS of the biggest process (GNU time %%e %%U %%S %%M)\n' "$RUNS"
} >"$TMP/head"
cat "$TMP/head"
cat "$TMP/head" >"$RESULTS"
: >"$TMP/tools"
: >"$TMP/notes"

# --- text ------------------------------------------------------------------

add_tool cat none "cat flows.log >/dev/null"
add_tool flowdiag flowdiag "$FD check $TARGET --file flows.log --json"
add_tool mawk count "mawk $(q "$AWK_V2") flows.log"
if have gawk; then
	add_tool gawk count "gawk $(q "$AWK_V2") flows.log"
else
	skip_tool gawk
fi
if have rg; then
	add_tool "rg -c" count "rg -c --no-filename $(q "$RE_V2") flows.log"
else
	skip_tool rg
fi
add_tool "grep -E -c" count "grep -E -c $(q "$RE_V2") flows.log"
NAIVE=$(grep -F -c 10.0.1.10 "$DATA/flows.log") || NAIVE=0
printf 'flows.log: default format (v2), %s MiB, %s records. A naive `grep -F -c 10.0.1.10` finds %s lines.\n' \
	"$(awk -v b="$TEXT_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	"$TEXT_LINES" "$NAIVE" >"$TMP/desc"
bench "text: flows.log" "$TEXT_LINES" "$TEXT_BYTES" 0 flows.log

# --- gzip ------------------------------------------------------------------

add_tool "gzip -dc" none "gzip -dc s3/*.gz >/dev/null"
if have igzip; then
	add_tool "igzip -dc" none "igzip -dc s3/*.gz >/dev/null"
else
	skip_tool igzip
fi
add_tool flowdiag flowdiag "$FD check $TARGET --file s3/ --json"
add_tool "gzip -dc | mawk" count "gzip -dc s3/*.gz | mawk $(q "$AWK_S3")"
if have igzip; then
	add_tool "igzip -dc | mawk" count "igzip -dc s3/*.gz | mawk $(q "$AWK_S3")"
fi
printf 's3/: %s gzip files (S3 naming, header line first), %s MiB compressed, %s MiB decompressed, %s records.\n' \
	"$S3_FILES" \
	"$(awk -v b="$S3_GZ_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	"$(awk -v b="$S3_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	"$TEXT_LINES" >"$TMP/desc"
bench "gzip: s3/" "$TEXT_LINES" "$S3_BYTES" "$S3_GZ_BYTES" s3

# --- json ------------------------------------------------------------------

add_tool cat none "cat events.jsonl >/dev/null"
add_tool flowdiag flowdiag "$FD check $TARGET --file events.jsonl --json"
if have jq; then
	add_tool jq count "jq -n $(q "$JQ_JSON") events.jsonl"
else
	skip_tool jq
fi
add_tool mawk count "mawk $(q "$AWK_JSON") events.jsonl"
printf 'events.jsonl: CloudWatch Logs events, one JSON object a line, %s MiB, %s events.\n' \
	"$(awk -v b="$JSON_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	"$JSON_RECORDS" >"$TMP/desc"
bench "json: events.jsonl" "$JSON_RECORDS" "$JSON_BYTES" 0 events.jsonl

# --- v5 --------------------------------------------------------------------

add_tool cat none "cat v5.log >/dev/null"
add_tool flowdiag flowdiag "$FD check $TARGET --file v5.log --json"
add_tool mawk count "mawk $(q "$AWK_V5") v5.log"
printf 'v5.log: custom format, 29 fields up to version 5, header line first, %s MiB, %s records.\n' \
	"$(awk -v b="$V5_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	"$V5_RECORDS" >"$TMP/desc"
bench "v5: v5.log" "$V5_RECORDS" "$V5_BYTES" 0 v5.log

# --- start-up --------------------------------------------------------------

EXAMPLE=$SRCDIR/examples/flows.log
note "start-up: $STARTUP_RUNS runs on examples/flows.log"
if have python3; then
	startup=$(python3 - "$STARTUP_RUNS" "$FLOWDIAG" check "$TARGET" --file "$EXAMPLE" <<'EOF'
import statistics, subprocess, sys, time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
first, total = [], []
for i in range(runs + 1):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.read(1)
    t1 = time.perf_counter()
    p.stdout.read()
    p.wait()
    t2 = time.perf_counter()
    if i > 0:  # the first run only warms up
        first.append(t1 - t0)
        total.append(t2 - t0)
print("%.1f ms to the first byte of output, %.1f ms to exit" %
      (statistics.median(first) * 1000, statistics.median(total) * 1000))
EOF
	)
else
	"$FLOWDIAG" check "$TARGET" --file "$EXAMPLE" >/dev/null 2>&1 || :
	: >"$TMP/ms"
	i=0
	while [ "$i" -lt "$STARTUP_RUNS" ]; do
		t0=$(date +%s%N)
		"$FLOWDIAG" check "$TARGET" --file "$EXAMPLE" >/dev/null 2>&1 || :
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) >>"$TMP/ms"
		i=$((i + 1))
	done
	startup=$(sort -n "$TMP/ms" | awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f ms to exit (date +%%s%%N around each run)", m / 1000 }')
fi
{
	printf '\n### start-up\n\n'
	printf '`flowdiag check %s --file examples/flows.log` (%s records, full diagnosis): median of %s runs, %s.\n' \
		"$TARGET" "$(($(wc -l <"$EXAMPLE")))" "$STARTUP_RUNS" "$startup"
} >"$TMP/table"
cat "$TMP/table"
cat "$TMP/table" >>"$RESULTS"

# CloudWatch Logs: a one-hour window against moto, one fetch at a time and
# four.
if [ "${BENCH_CLOUDWATCH:-1}" != 0 ]; then
	note "CloudWatch Logs against moto"
	{
		printf '\n### CloudWatch Logs (moto), a one-hour window\n\n'
		sh "$SRCDIR/bench/cloudwatch.sh" "$BUILDDIR" "$SRCDIR"
	} >"$TMP/table"
	cat "$TMP/table"
	cat "$TMP/table" >>"$RESULTS"
fi

# Amazon S3: 1,000 objects in moto, read by --s3 and by aws s3 sync and a
# local check.
if [ "${BENCH_S3:-1}" != 0 ]; then
	note "Amazon S3 against moto"
	{
		printf '\n### Amazon S3 (moto), 1,000 objects\n\n'
		sh "$SRCDIR/bench/s3.sh" "$BUILDDIR" "$SRCDIR"
	} >"$TMP/table"
	cat "$TMP/table"
	cat "$TMP/table" >>"$RESULTS"
fi

note "results written to $RESULTS"
if [ -f "$TMP/failed" ]; then
	note "FAILED: the tools disagree (see MISMATCH above)"
	exit 1
fi
