#!/bin/sh
# The progress line of a local scan: on stderr at a terminal only (a
# pseudo-terminal here, tests/pty-run.py), with the bytes read of the
# files' total size (compressed bytes for .gz), the records, the rate and
# the time left; ended when the scan ends, and by Ctrl-C, which still
# exits 130.  Nothing when stderr is a pipe or a file, with --quiet, or
# for a scan that ends within a second.  $FLOWDIAG_PROGRESS_AFTER=0 shows
# the first line at the first buffer, so that what is checked does not
# hang on the speed of the machine.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null ||
	{ echo "python3 missing: apt-get install python3" >&2; exit 77; }
python3 -c 'import pty' 2>/dev/null ||
	{ echo "python3 has no pty module" >&2; exit 77; }
command -v gzip >/dev/null || { echo "gzip missing" >&2; exit 77; }

pty_run="python3 ${srcdir:-.}/tests/pty-run.py"
unset FLOWDIAG_PROGRESS_AFTER

# at_tty [OPTION...] -- CMD...: runs CMD with stderr on a terminal; the
# terminal's text in $tmp/err (carriage returns as they came, newlines as
# the terminal writes them, "\r\n"), stdout in $tmp/out, the status in
# $status.
at_tty()
{
	opts=
	while [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	shift
	status=$($pty_run $opts "$tmp/out" "$tmp/err" "$@") ||
		fail "pty-run.py failed"
	[ "$status" -ne 124 ] || fail "$* still running after the timeout"
}

# lines: the terminal's text with each "\r" or "\r\n" a line end, in
# $tmp/lines; a line rewritten in place is one line per version.
lines()
{
	tr '\r' '\n' <"$tmp/err" | sed '/^$/d' >"$tmp/lines"
}

# expect_line ERE: a line of the terminal matches ERE whole.
expect_line()
{
	grep -Eqx -- "$1" "$tmp/lines" ||
		fail "no line is '$1'; the terminal showed: $(cat -A "$tmp/err")"
	passed=$((passed + 1))
}

no_progress()
{
	if grep -q "files:" "$tmp/err"; then
		fail "$1: a progress line: $(cat -A "$tmp/err")"
	fi
	passed=$((passed + 1))
}

# mb BYTES: BYTES in MB as the line shows them, one decimal.
mb()
{
	awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'
}

# Flow logs: the sample 2000 times over, 30000 records, 3.1 MB; and the
# same gzipped, in a directory with the plain file.
i=0
while [ $i -lt 2000 ]; do cat "$EXAMPLES/flows.log"; i=$((i + 1)); done >"$tmp/big.log"
records=$(wc -l <"$tmp/big.log")
[ "$records" -eq 30000 ] || fail "not 30000 records: $records"
mkdir "$tmp/dir"
cp "$tmp/big.log" "$tmp/dir/a.log"
gzip -c "$tmp/big.log" >"$tmp/dir/b.log.gz"
plain=$(wc -c <"$tmp/big.log")
packed=$(wc -c <"$tmp/dir/b.log.gz")
num='[0-9]+\.[0-9]'
rate="$num MB/s"
left='([0-9]+h)?([0-9]+m)?[0-9]+[sm] left'
took='in ([0-9]+h)?([0-9]+m)?[0-9]+[sm]'

# At a terminal: a line while reading, the bytes of the file's size, and
# a last one with what was read in all, ended by a newline.
at_tty -- env FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/big.log"
expect_status 10
lines
expect_line "flowdiag: files: $num MB of $(mb "$plain") MB \([0-9]+%\), [0-9]+ records?, $rate, $left *"
expect_line "flowdiag: files: $(mb "$plain") MB, 30000 records $took, $rate *"
# The last line is ended, and the report is on stdout, not the terminal.
tail -c 2 "$tmp/err" | od -c | grep -q '\\r  *\\n' ||
	fail "the last progress line is not ended: $(cat -A "$tmp/err")"
passed=$((passed + 1))
expect_out "network-path-block"
no_report=$(grep -c "network-path-block" "$tmp/err" || :)
[ "$no_report" -eq 0 ] || fail "the report on the terminal: $(cat -A "$tmp/err")"

# A directory of a plain file and the same gzipped: one line for both,
# against the sum of their sizes, the .gz counted by its compressed bytes.
at_tty -- env FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/dir"
expect_status 10
lines
expect_line "flowdiag: files: $num MB of $(mb $((plain + packed))) MB \([0-9]+%\), [0-9]+ records?, $rate, $left *"
expect_line "flowdiag: files: $(mb $((plain + packed))) MB, 60000 records $took, $rate *"

# Two --file arguments and a file read in parts by two threads: one
# progress for all, the parts adding up to the file.
at_tty -- env FLOWDIAG_PROGRESS_AFTER=0 FLOWDIAG_THREADS=2 FLOWDIAG_PART_MIN=65536 \
    "$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/big.log" --file "$tmp/dir/b.log.gz"
expect_status 10
lines
expect_line "flowdiag: files: $(mb $((plain + packed))) MB, 60000 records $took, $rate *"
n=$(grep -c "records in" "$tmp/lines" || :)
[ "$n" -eq 1 ] || fail "$n last lines, not one: $(cat -A "$tmp/err")"
passed=$((passed + 1))

# Standard input has no size: bytes, records and rate, no time left.
at_tty --feed "$tmp/big.log" -- env FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG" check 10.0.1.10:80 --file - --records
expect_status 0
lines
expect_line "flowdiag: files: $num MB, [0-9]+ records?, $rate *"

# --records --json at a terminal shows it too, and stdout is JSON alone.
at_tty -- env FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/big.log" --records --json
expect_status 0
lines
expect_line "flowdiag: files: $(mb "$plain") MB, 30000 records $took, $rate *"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/out" ||
	fail "stdout is not JSON: $(head -c 300 "$tmp/out")"
passed=$((passed + 1))

# Not at a terminal: nothing, even when asked for at once.
FLOWDIAG_PROGRESS_AFTER=0
export FLOWDIAG_PROGRESS_AFTER
run check 10.0.1.10:80 --file "$tmp/big.log"
expect_status 10
no_progress "stderr a file"
status=0
"$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/big.log" --json 2>&1 | cat >"$tmp/err" || status=$?
no_progress "--json, stderr into the pipe"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/err" ||
	fail "the pipe holds more than the JSON: $(head -c 300 "$tmp/err")"
passed=$((passed + 1))
unset FLOWDIAG_PROGRESS_AFTER
# --quiet at a terminal: nothing.
at_tty -- env FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/big.log" --quiet
expect_status 10
no_progress "--quiet"

# The REPL's run at a terminal shows it as check does.
printf '%s\n' 10.0.1.10:80 tcp files "$tmp/big.log" all quit >"$tmp/typed"
mkdir "$tmp/home"
at_tty --type "$tmp/typed" -- env HOME="$tmp/home" XDG_STATE_HOME="$tmp/home" \
    TERM=dumb FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG"
expect_status 0
lines
expect_line "flowdiag: files: $(mb "$plain") MB, 30000 records $took, $rate *"
expect_out "network-path-block"

# Under qemu (tools/arm64.sh) the rest is skipped: the first second of a
# short scan is wall-clock time, which the emulator stretches many times
# over, and SIGINT goes to qemu, which passes it on to the program when
# the emulated read(2) returns, a path not tried here.
if [ -n "${TEST_EMULATOR:-}" ]; then
	echo "under $TEST_EMULATOR: the one-second and Ctrl-C checks skipped" >&2
	done_testing
	exit 0
fi

# A short scan at a terminal, the threshold as shipped: quiet.
at_tty -- "$FLOWDIAG" check 10.0.1.10:80 --file "$EXAMPLES/flows.log"
expect_status 10
no_progress "a scan of the sample"

# Ctrl-C while standard input waits for more: the scan stops, the
# progress line is ended as it stood, one line says why, and the status is 130.
head -c 1000000 "$tmp/big.log" >"$tmp/feed.log"
at_tty --feed "$tmp/feed.log" --interrupt "files:" -- \
    env FLOWDIAG_PROGRESS_AFTER=0 "$FLOWDIAG" check 10.0.1.10:80 --file -
expect_status 130
lines
# The last line stands as it was: no totals' line ("in Ns"), which would
# read as if all were read.
expect_line "flowdiag: files: $num MB, [0-9]+ records?, $rate *"
grep -Eq "flowdiag: files: $num MB, [0-9]+ records? $took" "$tmp/lines" &&
	fail "a totals' line after Ctrl-C: $(cat -A "$tmp/err")"
passed=$((passed + 1))
# After the progress, whose last version ends in "\r\n", one line and
# nothing else: no second message, no sanitizer's report.
tr '\r' '\n' <"$tmp/err" | sed '/^$/d' | grep -v '^flowdiag: files: ' >"$tmp/rest"
printf '%s\n' "flowdiag: interrupted while reading '-'" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/rest" ||
	fail "after Ctrl-C: $(cat -A "$tmp/err")"
passed=$((passed + 1))
tr -d '\n' <"$tmp/err" | grep -q "$(printf '\r')flowdiag: interrupted" ||
	fail "the progress line is not ended before the message: $(cat -A "$tmp/err")"
passed=$((passed + 1))
[ ! -s "$tmp/out" ] || fail "stdout after Ctrl-C: $(cat "$tmp/out")"
passed=$((passed + 1))

done_testing
