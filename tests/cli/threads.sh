#!/bin/sh
# Threads change nothing but the time: every file of the scenario corpus
# and of the examples, cut into many small parts read side by side
# (FLOWDIAG_PART_MIN), and directories of many files read by several
# threads, give the same report, byte for byte, the same records with the
# same lines, and the same warnings as one thread.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null || { echo "python3 missing: apt-get install python3" >&2; exit 77; }
FLOWDIAG_NOW=1700086400
export FLOWDIAG_NOW

corpus="$tmp/scenarios"
python3 "${srcdir:-.}/tests/make-scenarios.py" "$corpus" || fail "make-scenarios.py failed"

# same_with_threads ARGS...: check ARGS gives the same stdout, stderr and
# status with one thread as with three and parts of 300 bytes.
same_with_threads()
{
	FLOWDIAG_THREADS=1 "$FLOWDIAG" "$@" >"$tmp/one.out" 2>"$tmp/one.err" &&
		one=0 || one=$?
	FLOWDIAG_THREADS=3 FLOWDIAG_PART_MIN=300 "$FLOWDIAG" "$@" \
	    >"$tmp/many.out" 2>"$tmp/many.err" && many=0 || many=$?
	[ "$one" -eq "$many" ] || fail "$*: status $one with one thread, $many with three"
	cmp -s "$tmp/one.out" "$tmp/many.out" ||
		fail "$*: the output differs with threads: $(diff "$tmp/one.out" "$tmp/many.out" | head)"
	cmp -s "$tmp/one.err" "$tmp/many.err" ||
		fail "$*: the warnings differ with threads: $(diff "$tmp/one.err" "$tmp/many.err" | head)"
	passed=$((passed + 1))
}

tab=$(printf '\t')
set -f
while IFS="$tab" read -r name target file category cause code args; do
	case $name in '' | '#'*) continue ;; esac
	opts=
	for a in $args; do
		case $a in now=* | confidence* | summary~=* | why~=* | next~=*) ;; *) opts="$opts $a" ;; esac
	done
	same_with_threads check "$target" --file "$corpus/$name/$file" $opts --json
	same_with_threads check "$target" --file "$corpus/$name/$file" $opts --records
done <"$corpus/MANIFEST"
set +f

# A large file really is cut: with parts of 300 bytes, the sample's lines
# fall in several parts (the first line of the second part is line 3).
same_with_threads check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --records
grep -q '^.*flows.log:3 ' "$tmp/many.out" || fail "no line 3: $(cat "$tmp/many.out")"
passed=$((passed + 1))
for f in "$EXAMPLES"/*; do
	[ -f "$f" ] || continue
	same_with_threads check 10.0.1.10:80 --file "$f" --json
done

# Directories: the whole corpus, and the examples, many files at once.
same_with_threads check 10.0.1.10:80 --file "$corpus" --json
same_with_threads check 10.0.1.10:80 --file "$EXAMPLES" --json
same_with_threads check 10.0.1.10:80 --file "$corpus" --file "$EXAMPLES" --records

# Malformed lines in every part are counted, and the first five shown with
# their lines from the start of the file.
{
	head -n 4 "$EXAMPLES/flows.log"
	i=0
	while [ $i -lt 40 ]; do
		echo "2 123456789012 eni-0a1b2c3d4e5f60001 10.0.1.10 bad 80 1 6 1 1 1700000000 1700000060 ACCEPT OK"
		sed -n 5p "$EXAMPLES/flows.log"
		i=$((i + 1))
	done
} >"$tmp/bad.log"
same_with_threads check 10.0.1.10:80 --file "$tmp/bad.log" --json
grep -q 'bad.log:5: field 5 (dstaddr)' "$tmp/many.err" || fail "first malformed line: $(cat "$tmp/many.err")"
grep -q 'bad.log:13: ' "$tmp/many.err" || fail "fifth malformed line: $(cat "$tmp/many.err")"
grep -q 'bad.log: 40 malformed records in all' "$tmp/many.err" || fail "the count of them all: $(cat "$tmp/many.err")"
passed=$((passed + 3))

# S3 files concatenated: header lines all along, some at the start of a
# part; none of them is counted as a record.
s3=$(find "$EXAMPLES/s3" -name '*.gz' | head -n 1)
gzip -dc "$s3" >"$tmp/one.log"
i=2
while [ $i -le "$(wc -l <"$tmp/one.log")" ]; do
	head -n 1 "$tmp/one.log"
	sed -n "${i}p" "$tmp/one.log"
	i=$((i + 1))
done >"$tmp/concat.log"
same_with_threads check 10.0.1.10:80 --file "$tmp/concat.log" --json
want=$(($(wc -l <"$tmp/concat.log") / 2))
grep -q "\"records_scanned\": $want," "$tmp/many.out" ||
	fail "records scanned: $(grep records_scanned "$tmp/many.out"), want $want"
passed=$((passed + 1))

# --keep across parts: the first N in file order are kept.
same_with_threads check 10.0.1.10:80 --file "$tmp/bad.log" --keep 7 --records

# A file named twice is read once, whichever thread meets it.
same_with_threads check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --file "$EXAMPLES/flows.log" --json

# An unreadable file named on the command line is an error, the same one.
same_with_threads check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --file "$tmp/none.log"

done_testing
