#!/bin/sh
# Arguments as people write them: help as a command, rules without a verb,
# -p any, windows without a minus and --since, and when the report is in
# colour (--color, NO_COLOR as no-color.org says, TERM=dumb).
. "${srcdir:-.}/tests/lib.sh"

f="$EXAMPLES/flows.log"

# help is --help.
run --help
cp "$tmp/out" "$tmp/help"
run help
expect_status 0
same "$tmp/help"
expect_out "usage: flowdiag"

# rules alone lists the rules, as the REPL's rules does.
run rules list
cp "$tmp/out" "$tmp/list"
run rules
expect_status 0
same "$tmp/list"
expect_out "reply-rejected"
printf 'rules\n' | "$FLOWDIAG" >"$tmp/repl" 2>&1
grep -qF "$(sed -n 2p "$tmp/list")" "$tmp/repl" ||
	fail "the REPL's rules lists otherwise: $(cat "$tmp/repl")"
run rules --rules "$FLOWDIAG_RULES"
expect_status 0
expect_out "reply-rejected"

# -p any: every protocol, as with no -p at all.
run check 10.0.1.10:80 --file "$f"
cp "$tmp/out" "$tmp/plain"
run check 10.0.1.10:80 --file "$f" -p any
expect_status 10
same "$tmp/plain"

# Now is 1700000300.  90 seconds ago is 1700000210: of the target's
# records, only those of 1700000180-1700000240 (lines 7 and 8) reach it.
export FLOWDIAG_NOW=1700000300
for w in "--from -90s" "--from 90s" "--since 90s" "--since -90s"; do
	# shellcheck disable=SC2086
	run check 10.0.1.10:80 --file "$f" --records $w
	expect_status 0
	expect_lines 3
	expect_out "flows.log:7 "
	expect_out "flows.log:8 "
done
unset FLOWDIAG_NOW

# Colour: ESC [ on the verdict line, or none.
esc=$(printf '\033[')
coloured()
{
	grep -qF "$esc" "$tmp/out" || fail "no colour ($1): $(cat "$tmp/out")"
	passed=$((passed + 1))
}
plain()
{
	! grep -qF "$esc" "$tmp/out" || fail "colour ($1): $(cat -v "$tmp/out")"
	passed=$((passed + 1))
}
run check 10.0.1.10:80 --file "$f" --color=always
coloured "always, into a pipe"
run check 10.0.1.10:80 --file "$f" --color=auto
plain "auto, into a pipe"
run check 10.0.1.10:80 --file "$f" --color never
plain "never"

# At a terminal (script(1) gives one): colour unless NO_COLOR is set and
# not empty, or TERM is dumb.
if script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
	tty()
	{
		script -qec "$* \"$FLOWDIAG\" check 10.0.1.10:80 --file '$f'" \
		    /dev/null </dev/null >"$tmp/out" 2>&1 || :
	}
	tty env -u NO_COLOR TERM=xterm
	coloured "a terminal"
	tty env NO_COLOR= TERM=xterm
	coloured "NO_COLOR empty"
	tty env NO_COLOR=1 TERM=xterm
	plain "NO_COLOR=1"
	tty env -u NO_COLOR TERM=dumb
	plain "TERM=dumb"
	tty env NO_COLOR=1 TERM=dumb
	plain "both"
fi

done_testing
