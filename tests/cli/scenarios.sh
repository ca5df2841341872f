#!/bin/sh
# The diagnosis against the scenario corpus: tests/make-scenarios.py plants
# one fault per scenario among unrelated traffic and lists in its MANIFEST
# the verdict each file must give.  For every MANIFEST line flowdiag check
# --json must print one JSON object whose .verdict.category and
# .verdict.cause are the expected ones, and exit with the category's status,
# and what a line asks of the confidence, the summary or the explanation.
# Every mismatch is reported, not only the first.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null || { echo "python3 missing" >&2; exit 77; }
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
set -f	# extra args are split on spaces, never globbed

# a day after the data; a MANIFEST line may set its own with now=T
now_default=1700086400
corpus="$tmp/scenarios"
gen="${srcdir:-.}/tests/make-scenarios.py"
python3 "$gen" "$corpus" || fail "make-scenarios.py failed"
[ -s "$corpus/MANIFEST" ] || fail "make-scenarios.py wrote no MANIFEST"

# The corpus is the same on every run.
python3 "$gen" "$tmp/again" || fail "make-scenarios.py failed the second time"
for f in $(cd "$corpus" && find . -type f | sort); do
	cmp -s "$corpus/$f" "$tmp/again/$f" ||
		fail "make-scenarios.py is not deterministic: $f differs"
done
passed=$((passed + 1))

tab=$(printf '\t')
bad="$tmp/mismatches"
: >"$bad"
runs=0

# mismatch LABEL TEXT: records a failed expectation.
mismatch()
{
	printf '%s: %s\n' "$1" "$2" >>"$bad"
}

while IFS="$tab" read -r name target file category cause code args; do
	case $name in '' | '#'*) continue ;; esac
	runs=$((runs + 1))

	now=$now_default
	want_conf=
	says=
	opts=
	for a in $args; do
		case $a in
		now=*) now=${a#now=} ;;
		confidence=* | confidence!=*) want_conf=$a ;;
		summary~=* | why~=* | next~=*) says="$says $a" ;;
		*) opts="$opts $a" ;;
		esac
	done
	label="$name/$file$opts"

	if [ ! -f "$corpus/$name/$file" ]; then
		mismatch "$label" "no such file in the corpus"
		continue
	fi

	status=0
	# shellcheck disable=SC2086 # $opts: space-separated, no quoting
	FLOWDIAG_NOW=$now "$FLOWDIAG" check "$target" \
	    --file "$corpus/$name/$file" $opts --json \
	    </dev/null >"$tmp/out" 2>"$tmp/err" || status=$?

	if [ "$status" -eq "$code" ]; then
		passed=$((passed + 1))
	else
		mismatch "$label" "exit status $status, expected $code; stderr: $(head -n 3 "$tmp/err")"
	fi

	# one jq per run: the verdict's fields, tab-separated, if the output
	# is exactly one JSON object
	if ! jq -r -s 'if length == 1 and (.[0] | type) == "object"
	    then .[0].verdict // {} |
	        [.category, .cause, .confidence] | map(if . == null or . == "" then "(none)" else tostring end) |
	        join("\t")
	    else error("not one JSON object") end' \
	    "$tmp/out" >"$tmp/verdict" 2>/dev/null; then
		mismatch "$label" "output is not one JSON object: $(head -c 200 "$tmp/out")"
		continue
	fi
	passed=$((passed + 1))
	IFS="$tab" read -r got_category got_cause got_confidence <"$tmp/verdict"

	if [ "$got_category" = "$category" ]; then
		passed=$((passed + 1))
	else
		mismatch "$label" "category '$got_category', expected '$category'"
	fi
	if [ "$got_cause" = "$cause" ]; then
		passed=$((passed + 1))
	else
		mismatch "$label" "cause '$got_cause', expected '$cause'"
	fi

	# summary~=WORDS, why~=WORDS, next~=WORDS: the summary, the
	# explanation or the next steps hold WORDS ('_' for a blank).
	for a in $says; do
		case $a in
		summary~=*) what=.verdict.summary want=${a#summary~=} ;;
		next~=*) what='[.next_steps[] | .text, "$ " + .commands[]] | join(" ")' want=${a#next~=} ;;
		*) what='.explanation | join(" ")' want=${a#why~=} ;;
		esac
		want=$(printf '%s' "$want" | tr _ ' ')
		if jq -r "$what" "$tmp/out" | grep -qF -- "$want"; then
			passed=$((passed + 1))
		else
			mismatch "$label" "${a%%~=*} lacks '$want': $(jq -r "$what" "$tmp/out")"
		fi
	done

	# No verdict about the target's side is high without records of the
	# target's own interface.
	case "$got_category/$got_cause/$got_confidence" in
	instance-fault/*/high | */inbound-rejected/high | */reply-rejected/high)
		at=$(jq -r '.evidence.facts["req.at_target"]' "$tmp/out")
		if [ "$at" -gt 0 ] 2>/dev/null; then
			passed=$((passed + 1))
		else
			mismatch "$label" "$got_cause, high, without a record of the target's interface (req.at_target $at)"
		fi ;;
	esac

	if [ -n "$want_conf" ]; then
		ok=n
		case $want_conf in
		confidence!=*)
			[ "$got_confidence" = "${want_conf#confidence!=}" ] || ok=y ;;
		*)	[ "$got_confidence" != "${want_conf#confidence=}" ] || ok=y ;;
		esac
		if [ "$ok" = y ]; then
			passed=$((passed + 1))
		else
			mismatch "$label" "confidence '$got_confidence', expected $want_conf"
		fi
	fi
done <"$corpus/MANIFEST"

[ "$runs" -ge 40 ] || fail "the MANIFEST lists only $runs runs"

if [ -s "$bad" ]; then
	fail "$(wc -l <"$bad") mismatches in $runs scenario runs:
$(cat "$bad")"
fi
done_testing
