#!/bin/sh
# The vector unit changes nothing but the time: every level this CPU can
# be capped to ($FLOWDIAG_SIMD: scalar, and sse2, avx2, avx512 or neon as
# it has them) gives the same report, byte for byte, the same records and
# the same warnings, on the scenario corpus, the examples, and generated
# logs big enough for every vector loop, decoy addresses among them.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null || { echo "python3 missing: apt-get install python3" >&2; exit 77; }
FLOWDIAG_NOW=1700086400
export FLOWDIAG_NOW
unset FLOWDIAG_SIMD

levels=$("$FLOWDIAG" --version | sed -n 's/^vector unit: .*; this CPU: //p')
[ -n "$levels" ] || fail "--version names no vector levels: $("$FLOWDIAG" --version)"
case " $levels " in *" scalar "*) ;; *) fail "no scalar level in '$levels'" ;; esac
best=${levels##* }
echo "levels: $levels"

# Each level is the one in use when asked for, and an unknown one is a
# usage error that names the levels there are.
for l in $levels; do
	FLOWDIAG_SIMD=$l "$FLOWDIAG" --version >"$tmp/v" || fail "--version at $l"
	grep -q "^vector unit: $l;" "$tmp/v" || fail "capped to $l: $(cat "$tmp/v")"
done
FLOWDIAG_SIMD=avx1024 "$FLOWDIAG" --version >/dev/null 2>"$tmp/err" && fail "avx1024 taken"
grep -q "FLOWDIAG_SIMD='avx1024' is not a vector level of this machine: use scalar" "$tmp/err" ||
	fail "unknown level: $(cat "$tmp/err")"
passed=$((passed + 2))

corpus="$tmp/scenarios"
python3 "${srcdir:-.}/tests/make-scenarios.py" "$corpus" || fail "make-scenarios.py failed"
# bench/gen's logs: the target among 50 interfaces, NODATA and SKIPDATA,
# addresses that hold the target's (10.0.1.100, 110.0.1.10).
gen="$tmp/gen"
${CC:-cc} -std=c11 -O2 -o "$gen" "${srcdir:-.}/bench/gen.c" || fail "cannot build bench/gen.c"
"$gen" text 3 >"$tmp/text.log"
"$gen" v5 1 >"$tmp/v5.log"
"$gen" json 4000 >"$tmp/events.jsonl"
# Lines damaged here and there, so that the general parse path runs too,
# and blanks of every kind between fields: tabs, runs of spaces.
awk 'NR % 7 == 3 { $5 = "10.0.1.1O" } NR % 11 == 5 { $12 = "-" }
    NR % 5 == 1 { OFS = "\t" } NR % 5 == 2 { OFS = "   " }
    NR % 5 == 3 { OFS = " \t " } NR % 5 > 3 { OFS = " " }
    { $1 = $1; print }' "$tmp/text.log" >"$tmp/damaged.log"

# same_at_levels ARGS...: flowdiag ARGS gives the same stdout, stderr and
# status at every level as at the best.
same_at_levels()
{
	FLOWDIAG_SIMD=$best "$FLOWDIAG" "$@" >"$tmp/best.out" 2>"$tmp/best.err" &&
		want=0 || want=$?
	for l in $levels; do
		[ "$l" != "$best" ] || continue
		FLOWDIAG_SIMD=$l "$FLOWDIAG" "$@" >"$tmp/l.out" 2>"$tmp/l.err" &&
			got=0 || got=$?
		[ "$got" -eq "$want" ] || fail "$*: status $got at $l, $want at $best"
		cmp -s "$tmp/best.out" "$tmp/l.out" ||
			fail "$*: the output differs at $l: $(diff "$tmp/best.out" "$tmp/l.out" | head)"
		cmp -s "$tmp/best.err" "$tmp/l.err" ||
			fail "$*: the warnings differ at $l: $(diff "$tmp/best.err" "$tmp/l.err" | head)"
		passed=$((passed + 1))
	done
}

tab=$(printf '\t')
set -f
while IFS="$tab" read -r name target file category cause code args; do
	case $name in '' | '#'*) continue ;; esac
	opts=
	for a in $args; do
		case $a in now=* | confidence* | summary~=* | why~=* | next~=*) ;; *) opts="$opts $a" ;; esac
	done
	same_at_levels check "$target" --file "$corpus/$name/$file" $opts --json
	same_at_levels check "$target" --file "$corpus/$name/$file" $opts --records --validate
done <"$corpus/MANIFEST"
set +f

for f in "$EXAMPLES"/*; do
	[ -f "$f" ] || continue
	same_at_levels check 10.0.1.10:80 --file "$f" --json
done
same_at_levels check 10.0.1.10:80 --file "$EXAMPLES" --records
for t in 10.0.1.10:80 10.0.1.100:443 110.0.1.10:80; do
	same_at_levels check "$t" --file "$tmp/text.log" --json
	same_at_levels check "$t" --file "$tmp/damaged.log" --json
done
same_at_levels check 10.0.1.10:80 --file "$tmp/text.log" --records --validate
same_at_levels check 10.0.1.10:80 --file "$tmp/damaged.log" --records --validate
same_at_levels check 10.0.1.10:80 --file "$tmp/v5.log" --json
same_at_levels check 10.0.1.10:80 --file "$tmp/events.jsonl" --records
# The damaged file really has malformed lines, so the test compares them.
grep -q 'malformed records in all' "$tmp/best.err" 2>/dev/null ||
	FLOWDIAG_SIMD=$best "$FLOWDIAG" check 10.0.1.10:80 --file "$tmp/damaged.log" 2>&1 >/dev/null |
	grep -q 'malformed' || fail "damaged.log has no malformed line"
passed=$((passed + 1))

done_testing
