#!/bin/sh
# The options that narrow the question: protocol, client, window, format,
# and the ones that shape the output.
. "${srcdir:-.}/tests/lib.sh"

f="$EXAMPLES/flows.log"
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

# matched PATTERN-OF-ARGS...: the number of records matched.
matched()
{
	run check "$@" --json
	[ "$status" -lt 64 ] || fail "exit $status: $(cat "$tmp/err")"
	jq -r '.input.records_matched' "$tmp/out"
}

[ "$(matched 10.0.1.10:80 --file "$f")" = 6 ] || fail "all port 80"
[ "$(matched 10.0.1.10:80 --protocol tcp --file "$f")" = 6 ] || fail "tcp"
[ "$(matched 10.0.1.10:80 --protocol udp --file "$f")" = 0 ] || fail "udp"
[ "$(matched 10.0.1.10:80 --client 198.51.100.7 --file "$f")" = 2 ] || fail "client"
[ "$(matched 10.0.1.10:80 --client 203.0.113.0/24 --file "$f")" = 4 ] || fail "client CIDR"
[ "$(matched 10.0.1.10:22 --file "$f")" = 2 ] || fail "port 22"
[ "$(matched 10.0.1.10:23 --file "$f")" = 1 ] || fail "scanner"
# The window: minute 2 starts at 1700000120; records touching it count.
[ "$(matched 10.0.1.10:80 --from 1700000181 --file "$f")" = 2 ] || fail "from"
[ "$(matched 10.0.1.10:80 --to 2023-11-14T22:14:59Z --file "$f")" = 2 ] || fail "to"
[ "$(matched 10.0.1.10:80 --from 2023-11-14T22:15:00Z --to 2023-11-14T22:15:59Z --file "$f")" = 4 ] ||
	fail "from and to, touching minutes 1 and 2"
[ "$(matched 10.0.1.10:80 --from 2023-11-14T22:15:21Z --to 2023-11-14T22:15:59Z --file "$f")" = 2 ] ||
	fail "from and to"
passed=$((passed + 11))

# The window and target come back in the JSON.
run check 10.0.1.10:80 --client 203.0.113.0/24 --from 1700000100 --to 2023-11-14T23:00:00Z --file "$f" --json
[ "$(jq -c .target "$tmp/out")" = \
    '{"address":"10.0.1.10","port":80,"protocol":null,"client":"203.0.113.0/24","from":"2023-11-14T22:15:00Z","to":"2023-11-14T23:00:00Z"}' ] ||
	fail "target JSON: $(jq -c .target "$tmp/out")"
passed=$((passed + 1))

# Relative times count back from now ($FLOWDIAG_NOW pins it).
FLOWDIAG_NOW=1700000300; export FLOWDIAG_NOW
[ "$(matched 10.0.1.10:80 --from -2m --file "$f")" = 4 ] || fail "relative from"
unset FLOWDIAG_NOW
passed=$((passed + 1))

# --keep bounds what is kept, not what is counted.
run check 10.0.1.10:80 --keep 2 --records --file "$f"
expect_status 0
expect_lines 3
expect_err "6 matching records; the first 2 are kept"

# --validate reads every line: malformed lines that do not mention the
# target count too.
{ cat "$f"; echo "garbage that mentions nothing"; } >"$tmp/g.log"
[ "$(matched 10.0.1.10:80 --file "$tmp/g.log" | tail -n 1)" = 6 ] || fail "g.log"
[ "$(jq -r .input.malformed "$tmp/out")" = 0 ] || fail "pre-filter read the garbage"
run check 10.0.1.10:80 --validate --file "$tmp/g.log" --json
[ "$(jq -r .input.malformed "$tmp/out")" = 1 ] || fail "--validate missed the garbage"
[ "$(jq -r .input.records_matched "$tmp/out")" = 6 ] || fail "--validate matches"
passed=$((passed + 3))

# ICMP: an address alone.
printf '%s\n' \
    "2 123456789012 eni-1 203.0.113.12 10.0.1.10 0 0 1 4 336 1700000000 1700000060 ACCEPT OK" \
    "2 123456789012 eni-1 10.0.1.10 203.0.113.12 0 0 1 4 336 1700000000 1700000060 REJECT OK" \
    >"$tmp/ping.log"
run check 10.0.1.10 --file "$tmp/ping.log" --records --json
expect_status 0
[ "$(jq -r '[.records[] | .side + ":" + .action] | join(" ")' "$tmp/out")" = \
    "request:ACCEPT reply:REJECT" ] || fail "ping: $(cat "$tmp/out")"
passed=$((passed + 1))

# IPv6 targets, in brackets.
printf '%s\n' \
    "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK" \
    >"$tmp/v6.log"
run check '[2001:db8:1234:a102:3304:8879:34cf:4071]:22' --file "$tmp/v6.log" --records --json
expect_status 0
[ "$(jq -r '.records[0].srcaddr' "$tmp/out")" = 2001:db8:1234:a100:8d6e:3477:df66:f105 ] ||
	fail "IPv6: $(cat "$tmp/out")"
passed=$((passed + 1))

# --help and --version.
run --help
expect_status 0
expect_out "usage: flowdiag                (the guided REPL)"
expect_out "       flowdiag check TARGET"
run check --help
expect_status 0
expect_out "--log-format FMT"
run --version
expect_status 0
expect_out "flowdiag "

done_testing
