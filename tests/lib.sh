# Shared by the shell tests: a scratch directory, and checks that say what
# they expected when they fail.  Sourced with $FLOWDIAG, $EXAMPLES and
# $TESTDATA set by the test harness.

set -eu

: "${FLOWDIAG:?}" "${EXAMPLES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

# run CMD...: runs flowdiag, keeping stdout, stderr and the exit status in
# $tmp/out, $tmp/err and $status.
run()
{
	status=0
	"$FLOWDIAG" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}

# expect_status N: the last run exited with N.
expect_status()
{
	[ "$status" -eq "$1" ] ||
		fail "expected exit status $1, got $status; stderr: $(cat "$tmp/err")"
	passed=$((passed + 1))
}

# expect_out TEXT / expect_err TEXT: the last run's stdout (stderr) holds
# TEXT as a fixed string.
expect_out()
{
	grep -qF -- "$1" "$tmp/out" ||
		fail "stdout lacks '$1'; it was: $(cat "$tmp/out")"
	passed=$((passed + 1))
}

expect_err()
{
	grep -qF -- "$1" "$tmp/err" ||
		fail "stderr lacks '$1'; it was: $(cat "$tmp/err")"
	passed=$((passed + 1))
}

# expect_lines N: stdout has exactly N lines.
expect_lines()
{
	n=$(wc -l <"$tmp/out")
	[ "$n" -eq "$1" ] || fail "expected $1 lines of output, got $n: $(cat "$tmp/out")"
	passed=$((passed + 1))
}

# same FILE: stdout equals FILE byte for byte.
same()
{
	cmp -s "$1" "$tmp/out" ||
		fail "output differs from $1: $(diff "$1" "$tmp/out" | head -20)"
	passed=$((passed + 1))
}

done_testing()
{
	echo "$passed checks passed"
}
