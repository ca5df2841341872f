#!/bin/sh
# Writes every report a flowdiag build gives on the examples, the
# scenario corpus and generated logs into OUTDIR, a file per run (stdout,
# stderr and the exit status), so that two builds can be compared with
# diff -r: a change that should not change behaviour must leave OUTDIR
# the same.
#
#   sh tools/reports.sh [FLOWDIAG] OUTDIR
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
if [ $# -eq 2 ]; then flowdiag=$1; shift; else flowdiag=$top/flowdiag; fi
out=$1
mkdir -p "$out"
export FLOWDIAG_NOW=1700086400 FLOWDIAG_RULES="$top/rules" NO_COLOR=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 tests/make-scenarios.py "$work/sc" >/dev/null
${CC:-cc} -std=c11 -O2 -o "$work/gen" bench/gen.c
"$work/gen" text 8 >"$work/text.log"
"$work/gen" v5 4 >"$work/v5.log"
"$work/gen" json 20000 >"$work/events.jsonl"

n=0
# run NAME ARGS...: one run of flowdiag check, kept as NAME.
run()
{
	name=$1
	shift
	status=0
	(cd "$work" && "$flowdiag" check "$@") >"$out/$name.out" 2>"$out/$name.err" </dev/null ||
		status=$?
	echo "$status" >"$out/$name.status"
	n=$((n + 1))
}

for f in examples/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	run "ex-$b" 10.0.1.10:80 --file "$top/$f"
	run "ex-$b-json" 10.0.1.10:80 --file "$top/$f" --json
	run "ex-$b-records" 10.0.1.10:80 --file "$top/$f" --records
	run "ex-$b-explain" 10.0.1.10:22 --file "$top/$f" --explain
done
run ex-dir 10.0.1.10:80 --file "$top/examples" --json

tab=$(printf '\t')
set -f
while IFS="$tab" read -r name target file category cause code args; do
	case $name in '' | '#'*) continue ;; esac
	opts=
	for a in $args; do
		case $a in now=* | confidence* | *~=*) ;; *) opts="$opts $a" ;; esac
	done
	key=$(printf '%s' "$name-$file-$opts" | tr -c 'A-Za-z0-9.-' _)
	run "sc-$key" "$target" --file "sc/$name/$file" $opts
	run "sc-$key-json" "$target" --file "sc/$name/$file" $opts --json
done <"$work/sc/MANIFEST"
set +f

for t in 10.0.1.10:80 10.0.1.100:443 10.0.1.10:8080; do
	run "gen-text-$t" "$t" --file text.log --json
	run "gen-v5-$t" "$t" --file v5.log
	run "gen-events-$t" "$t" --file events.jsonl --records
done
echo "reports.sh: $n runs in $out"
