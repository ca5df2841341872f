#!/bin/sh
# The manual: mandoc finds nothing to lint, and every option that
# `flowdiag check --help` lists is documented.
. "${srcdir:-.}/tests/lib.sh"

[ -n "${MANDOC:-}" ] || { echo "mandoc missing" >&2; exit 77; }
"$MANDOC" -Tlint -W warning "$MANDIR/flowdiag.1" >"$tmp/lint" 2>&1 ||
	fail "mandoc -Tlint: $(cat "$tmp/lint")"
passed=$((passed + 1))

"$FLOWDIAG" check --help >"$tmp/help"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
	[ "$opt" = --help ] && continue
	name=${opt#--}
	grep -q -- "Fl -$name" "$MANDIR/flowdiag.1" ||
		fail "option $opt is not in flowdiag.1"
	passed=$((passed + 1))
done

done_testing
