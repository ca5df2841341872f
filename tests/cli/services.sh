#!/bin/sh
# Service names as ports, from the services database: 10.0.1.10:http is
# 10.0.1.10:80.  Skipped where the database has no http.
. "${srcdir:-.}/tests/lib.sh"

getent services http >/dev/null 2>&1 || exit 77
getent services https >/dev/null 2>&1 || exit 77
[ "$(getent services http | awk '{print $2}')" = 80/tcp ] || exit 77

f="$EXAMPLES/flows.log"
run check 10.0.1.10:80 --file "$f" --json
cp "$tmp/out" "$tmp/port"
run check 10.0.1.10:http --file "$f" --json
expect_status 10
same "$tmp/port"
run check 10.0.1.10:http --file "$f"
expect_out "10.0.1.10:80"

# https is 443: no record of the sample is on it.
run check 10.0.1.10:https --file "$f" --records
expect_status 0
expect_lines 1
expect_out "WHERE"

# Not a service: the message says what a port may be.
run check 10.0.1.10:no-such-service --file "$f"
expect_status 64
expect_err "target '10.0.1.10:no-such-service': port must be 0 to 65535 or a service name (http, https)"

# The REPL's set port reads a port as the target does: https is 443, and
# the question is the one check asks.
printf '%s\n' "set target 10.0.1.10" "set port https" "set protocol tcp" \
    "set source $f" show run "save $tmp/repl.json" |
    "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || :
expect_out "  port         443"
run check 10.0.1.10:443 -p tcp --file "$f" --json
jq -S . "$tmp/out" >"$tmp/want" 2>/dev/null || cp "$tmp/out" "$tmp/want"
jq -S . "$tmp/repl.json" >"$tmp/got" 2>/dev/null || cp "$tmp/repl.json" "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "set port https differs from check :443: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 1))

done_testing
