#!/bin/sh
# Inputs as users hand them over: standard input, directories, damaged and
# wrong files; each failure is one line naming the file and the cause, with
# its own exit status (sysexits).
. "${srcdir:-.}/tests/lib.sh"

# Standard input, plain and gzipped.
status=0
"$FLOWDIAG" check 10.0.1.10:80 --file - <"$EXAMPLES/flows.log" >"$tmp/out" \
    2>"$tmp/err" || status=$?
expect_status 10
expect_out "(6 of 15 records concern the target"
gzip -c "$EXAMPLES/flows.log" >"$tmp/flows.log.gz"
status=0
"$FLOWDIAG" check 10.0.1.10:80 --file - --records <"$tmp/flows.log.gz" \
    >"$tmp/out" 2>"$tmp/err" || status=$?
expect_status 0
expect_out "(stdin):6  "
expect_lines 7

# A multi-member gzip file, as `cat a.gz b.gz` makes: both members read.
cat "$tmp/flows.log.gz" "$tmp/flows.log.gz" >"$tmp/twice.log.gz"
run check 10.0.1.10:80 --file "$tmp/twice.log.gz"
expect_status 10
expect_out "(12 of 30 records concern the target"

# A truncated gzip file: the records before the damage are listed, then a
# one-line error, exit 65.  Cut the gzip of a larger log halfway.
i=0
while [ $i -lt 200 ]; do cat "$EXAMPLES/flows.log"; i=$((i + 1)); done |
    gzip -c >"$tmp/big.log.gz"
size=$(wc -c <"$tmp/big.log.gz")
head -c $((size / 2)) "$tmp/big.log.gz" >"$tmp/cut.log.gz"
run check 10.0.1.10:80 --file "$tmp/cut.log.gz" --records
expect_status 65
expect_err "flowdiag: '$tmp/cut.log.gz': truncated gzip data"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one error line: $(cat "$tmp/err")"
rows=$(($(wc -l <"$tmp/out") - 1))
[ "$rows" -gt 0 ] && [ "$rows" -lt 1200 ] ||
	fail "expected some but not all of 1200 records, got $rows"
passed=$((passed + 2))

# A file that is not there: 66.
run check 10.0.1.10:80 --file "$tmp/nonexistent.log"
expect_status 66
expect_err "flowdiag: cannot open '$tmp/nonexistent.log': No such file or directory"

# Not a flow log: binary data, or text of another kind: 65.
head -c 4096 /dev/urandom >"$tmp/random.bin"
printf '\0\0\0' >>"$tmp/random.bin"
run check 10.0.1.10:80 --file "$tmp/random.bin"
expect_status 65
expect_err "is not a flow log"
printf 'hello world\nthis is not a flow log\n' >"$tmp/notes.txt"
run check 10.0.1.10:80 --file "$tmp/notes.txt"
expect_status 65
expect_err "'$tmp/notes.txt' is not a flow log: line 1: expected 14 fields, found 2"
printf '{"name": "not flow logs", "items": [1, 2]}\n' >"$tmp/other.json"
run check 10.0.1.10:80 --file "$tmp/other.json"
expect_status 65
expect_err "JSON without flow log records"

# CloudWatch found nothing: an empty answer, not a wrong file.
printf '{\n    "events": [],\n    "searchedLogStreams": []\n}\n' >"$tmp/none.json"
run check 10.0.1.10:80 --file "$tmp/none.json"
expect_status 13
expect_out "(0 of 0 records concern the target"

# Nothing at all is an input error, one line, not a verdict: an empty
# file (65), /dev/null (65), a directory with no flow log in it (66), its
# skipped files summed up after the first three.
: >"$tmp/empty.log"
for f in "$tmp/empty.log" /dev/null; do
	run check 10.0.1.10:80 --file "$f"
	expect_status 65
	expect_err "flowdiag: '$f' holds no flow log record: it is empty"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
	[ ! -s "$tmp/out" ] || fail "a report for nothing: $(cat "$tmp/out")"
done
mkdir "$tmp/nolog"
for i in 1 2 3 4 5 6 7; do echo "notes $i" >"$tmp/nolog/n$i.txt"; done
run check 10.0.1.10:80 --file "$tmp/nolog"
expect_status 66
expect_err "flowdiag: no flow log in the input: 7 files skipped, the first because '$tmp/nolog/n1.txt' is not a flow log"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
cp "$EXAMPLES/flows.log" "$tmp/nolog/"
run check 10.0.1.10:80 --file "$tmp/nolog"
expect_status 10
[ "$(grep -c 'skipped: ' "$tmp/err")" -eq 3 ] || fail "skipped files not summed up: $(cat "$tmp/err")"
expect_err "flowdiag: skipped 4 more files that are not flow logs (7 in all)"
passed=$((passed + 3))

# A window the input lies outside of: said so, with the span the input
# covers; the window is never upside down.
FLOWDIAG_NOW=1765000000 run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --from -1h --json
expect_status 13
[ "$(jq -r '[.verdict.cause, .window.from, .window.to] | join(" ")' "$tmp/out")" =     "window-misses-input 2025-12-06T04:46:40Z 2025-12-06T05:46:40Z" ] ||
	fail "window: $(jq -c '[.verdict, .window]' "$tmp/out")"
jq -r .verdict.summary "$tmp/out" | grep -qF "the input's records run from 2023-11-14T22:13:20Z to 2023-11-14T22:17:20Z" ||
	fail "span: $(jq -r .verdict.summary "$tmp/out")"
[ "$(jq -r '.evidence.facts["input.outside_window"]' "$tmp/out")" = 6 ] ||
	fail "outside: $(jq -c .evidence.facts "$tmp/out")"
passed=$((passed + 3))

# An unreadable file: 77.  Root reads everything, so only as another user.
if [ "$(id -u)" -ne 0 ]; then
	cp "$EXAMPLES/flows.log" "$tmp/secret.log"
	chmod 000 "$tmp/secret.log"
	run check 10.0.1.10:80 --file "$tmp/secret.log"
	expect_status 77
	expect_err "Permission denied"
fi

# A directory: walked recursively; files of other kinds are skipped with a
# warning, hidden ones ignored; the scan goes on.
mkdir -p "$tmp/tree/a/b" "$tmp/tree/.hidden"
cp "$EXAMPLES/flows.log" "$tmp/tree/a/b/one.log"
cp "$EXAMPLES/flows.log" "$tmp/tree/.hidden/two.log"
cp "$tmp/flows.log.gz" "$tmp/tree/a/three.log.gz"
cp "$tmp/notes.txt" "$tmp/tree/README.txt"
run check 10.0.1.10:80 --file "$tmp/tree" --json
expect_status 10
[ "$(jq -r '.input.files | map(.name | sub(".*/tree/"; "")) | join(" ")' "$tmp/out")" = \
    "README.txt a/b/one.log a/three.log.gz" ] ||
	fail "walk order: $(jq -c '.input.files | map(.name)' "$tmp/out")"
[ "$(jq -r '.input.records_matched' "$tmp/out")" = 12 ] ||
	fail "matched: $(jq '.input' "$tmp/out")"
[ "$(jq -r '.input.files[0].kind' "$tmp/out")" = skipped ] ||
	fail "README.txt not skipped"
passed=$((passed + 3))
expect_err "skipped: '$tmp/tree/README.txt' is not a flow log"

# Links: a loop is walked once, a dangling link is skipped with a warning,
# and a file named twice is read once.
ln -s .. "$tmp/tree/a/up"
ln -s /nonexistent "$tmp/tree/a/dead"
run check 10.0.1.10:80 --file "$tmp/tree" --file "$tmp/tree/a/b/one.log" --json
[ "$(jq -r '.input.records_matched' "$tmp/out")" = 12 ] ||
	fail "links: $(jq -c '.input' "$tmp/out")"
passed=$((passed + 1))
expect_err "skipped: cannot open '$tmp/tree/a/dead': No such file or directory"
expect_err "skipped: '$tmp/tree/a/b/one.log' is '$tmp/tree/a/b/one.log' again"
expect_err "warning: skipped: '$tmp/tree/a/up' leads to a directory read already"

# Links that fan out: 19 levels, each with two links to the next, lead to
# 2^19 paths to the one flow log at the bottom.  Each real directory is
# read once: the records are found once, in one file, and the links not
# followed are summed up in a few lines, in bounded memory (the walk that
# followed every path took 2 GB and a minute).
mkdir "$tmp/fan"
i=0
while [ "$i" -lt 20 ]; do
	mkdir "$tmp/fan/l$i"
	if [ "$i" -gt 0 ]; then
		ln -s "../l$i" "$tmp/fan/l$((i - 1))/a"
		ln -s "../l$i" "$tmp/fan/l$((i - 1))/b"
	fi
	i=$((i + 1))
done
cp "$EXAMPLES/flows.log" "$tmp/fan/l19/flows.log"
if [ -x /usr/bin/time ]; then
	status=0
	/usr/bin/time -f %M -o "$tmp/rss" "$FLOWDIAG" check 10.0.1.10:80 \
	    --file "$tmp/fan/l0" --json >"$tmp/out" 2>"$tmp/err" || status=$?
	rss=$(tail -n 1 "$tmp/rss")
	[ "$rss" -lt 200000 ] || fail "fan-out: peak RSS $rss KB"
	passed=$((passed + 1))
else
	run check 10.0.1.10:80 --file "$tmp/fan/l0" --json
fi
expect_status 10
[ "$(jq -r '[.verdict.cause, .input.records_matched, (.input.files | length)] | join(" ")' "$tmp/out")" = \
    "reply-rejected 6 1" ] ||
	fail "fan-out: $(jq -c '[.verdict.cause, .input.records_matched, (.input.files | length)]' "$tmp/out")"
[ "$(wc -l <"$tmp/err")" -eq 4 ] ||
	fail "fan-out: $(wc -l <"$tmp/err") lines on stderr: $(head -c 2000 "$tmp/err")"
passed=$((passed + 2))
expect_err "warning: skipped: '$tmp/fan/l0/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/b' leads to a directory read already"
expect_err "warning: skipped 16 more links to directories read already (19 in all)"
# Many directories, each with a link back up: the set of those read grows
# past its first size and still tells each one.
mkdir "$tmp/wide"
i=10
while [ "$i" -lt 110 ]; do
	mkdir "$tmp/wide/d$i"
	ln -s .. "$tmp/wide/d$i/up"
	i=$((i + 1))
done
cp "$EXAMPLES/flows.log" "$tmp/wide/d109/flows.log"
run check 10.0.1.10:80 --file "$tmp/wide" --json
expect_status 10
[ "$(jq -r '[.input.records_matched, (.input.files | length)] | join(" ")' "$tmp/out")" = "6 1" ] ||
	fail "wide: $(jq -c '.input' "$tmp/out")"
passed=$((passed + 1))
expect_err "warning: skipped: '$tmp/wide/d10/up' leads to a directory read already"
expect_err "warning: skipped 97 more links to directories read already (100 in all)"

# Malformed lines: counted per file, the first shown with file:line and
# the reason; the rest of the file is read.
{
	sed -n 1,4p "$EXAMPLES/flows.log"
	echo "2 123456789012 eni-0a1b2c3d4e5f60001 10.0.1.10 203.0.113.12 80"
	echo "2 123456789012 eni-0a1b2c3d4e5f60001 10.0.1.10 203.0.113.999 80 51234 6 3 180 1700000120 1700000180 REJECT OK"
	echo "2 123456789012 eni-0a1b2c3d4e5f60001 10.0.1.10 203.0.113.12 80 51234 6 3 180 1700000120 1700000180 MAYBE OK"
	sed -n 5,15p "$EXAMPLES/flows.log"
} >"$tmp/damaged.log"
run check 10.0.1.10:80 --file "$tmp/damaged.log"
expect_status 10
expect_out "(6 of 18 records concern the target"
expect_err "$tmp/damaged.log:5: expected 14 fields, found 6"
expect_err "$tmp/damaged.log:6: field 5 (dstaddr): bad address '203.0.113.999'"
expect_err "$tmp/damaged.log:7: field 13 (action): bad action 'MAYBE'"
run check 10.0.1.10:80 --file "$tmp/damaged.log" --json
[ "$(jq -r '.input.malformed' "$tmp/out")" = 3 ] || fail "malformed count"
passed=$((passed + 1))

# CRLF line endings read like LF.
sed 's/$/\r/' "$EXAMPLES/flows.log" >"$tmp/crlf.log"
run check 10.0.1.10:80 --file "$tmp/crlf.log"
expect_status 10
expect_out "(6 of 15 records concern the target"

# Nothing the user supplied is modified.
sum_before=$(cksum <"$tmp/damaged.log")
run check 10.0.1.10:80 --file "$tmp/damaged.log" --records
[ "$(cksum <"$tmp/damaged.log")" = "$sum_before" ] || fail "input modified"
passed=$((passed + 1))

done_testing
