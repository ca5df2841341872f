#!/bin/sh
# Verdicts at the edges, each once wrong: data without a handshake in UDP,
# ping replies beside a TCP service, a lone client's single REJECT, late
# packets after a close, resets after data, a changed S3 header, damaged
# JSON, NUL bytes.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
FLOWDIAG_NOW=1800000000
export FLOWDIAG_NOW
v5='${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${tcp-flags} ${flow-direction}'

# verdict FILE TARGET WANT [ARGS...]: the JSON verdict is WANT,
# "category/cause".
verdict()
{
	f=$1 target=$2 want=$3
	shift 3
	run check "$target" --file "$f" --json "$@"
	got=$(jq -r '.verdict.category + "/" + .verdict.cause' "$tmp/out")
	[ "$got" = "$want" ] || fail "$f: want $want, got $got: $(cat "$tmp/err")"
	passed=$((passed + 1))
}

# A UDP service that never answers: its requests' size proves nothing.
cat >"$tmp/udp.log" <<'L'
2 123456789012 eni-1 10.0.0.5 10.0.1.10 40000 514 17 10 2000 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-1 10.0.0.5 10.0.1.10 40001 514 17 10 2000 1700000060 1700000120 ACCEPT OK
2 123456789012 eni-1 10.0.1.10 10.0.0.6 22 50000 6 5 500 1700000000 1700000060 ACCEPT OK
L
verdict "$tmp/udp.log" 10.0.1.10:514 instance-fault/no-reply --protocol udp

# A working TCP service whose host also answers ping: the ICMP replies are
# not a closed UDP port.
cat >"$tmp/ping.log" <<L
2 eni-1 198.51.100.7 10.0.1.10 41822 80 6 12 1320 1700000000 1700000060 ACCEPT OK 3 ingress
2 eni-1 10.0.1.10 198.51.100.7 80 41822 6 10 18432 1700000000 1700000060 ACCEPT OK 19 egress
2 eni-1 198.51.100.7 10.0.1.10 0 0 1 4 336 1700000000 1700000060 ACCEPT OK 0 ingress
2 eni-1 10.0.1.10 198.51.100.7 0 0 1 4 336 1700000000 1700000060 ACCEPT OK 0 egress
L
verdict "$tmp/ping.log" 10.0.1.10:80 reachable/handshake-completed --log-format "$v5"

# One public client that tried once and was rejected is the user's test,
# not a scanner.
echo "2 123456789012 eni-1 203.0.113.9 10.0.1.10 51000 80 6 2 120 1700000000 1700000060 REJECT OK" >"$tmp/once.log"
verdict "$tmp/once.log" 10.0.1.10:80 network-path-block/inbound-rejected

# A packet rejected after the connection closed is not a rule change.
cat >"$tmp/late.log" <<L
2 eni-1 198.51.100.7 10.0.1.10 41822 80 6 12 1320 1700000000 1700000060 ACCEPT OK 3 ingress
2 eni-1 10.0.1.10 198.51.100.7 80 41822 6 10 18432 1700000000 1700000060 ACCEPT OK 19 egress
2 eni-1 198.51.100.7 10.0.1.10 41822 80 6 1 40 1700000060 1700000120 REJECT OK 4 ingress
L
verdict "$tmp/late.log" 10.0.1.10:80 reachable/handshake-completed --log-format "$v5"

# A reset after data: the service was there; the port is not closed.
cat >"$tmp/rst.log" <<L
2 eni-1 198.51.100.7 10.0.1.10 41822 80 6 40 4000 1700000060 1700000120 ACCEPT OK 0 ingress
2 eni-1 10.0.1.10 198.51.100.7 80 41822 6 40 60000 1700000060 1700000120 ACCEPT OK 4 egress
L
verdict "$tmp/rst.log" 10.0.1.10:80 reachable/handshake-completed --log-format "$v5"

# Two S3 files of different formats, concatenated: each read by its header.
printf 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 123456789012 eni-1 203.0.113.9 10.0.1.10 51000 80 6 3 180 1700000000 1700000060 REJECT OK\n' |
    gzip -c >"$tmp/a.gz"
printf 'interface-id dstaddr srcaddr dstport srcport protocol packets bytes start end action log-status\neni-1 10.0.1.10 203.0.113.9 80 51001 6 3 180 1700000060 1700000120 REJECT OK\n' |
    gzip -c >"$tmp/b.gz"
cat "$tmp/a.gz" "$tmp/b.gz" >"$tmp/both.log.gz"
run check 10.0.1.10:80 --file "$tmp/both.log.gz" --records --json
[ "$(jq -r '[.records[] | .side + ":" + .srcaddr + ":" + (.srcport | tostring)] | join(" ")' "$tmp/out")" = \
    "request:203.0.113.9:51000 request:203.0.113.9:51001" ] ||
	fail "changed header: $(cat "$tmp/out")"
passed=$((passed + 1))

# JSON cut off inside an object: an error, not a quiet verdict.
head -c 500 "$EXAMPLES/cloudwatch.json" >"$tmp/cut.json"
run check 10.0.1.10:80 --file "$tmp/cut.json"
expect_status 65
expect_err "the JSON ends inside an object"

# A NUL byte inside a record, past the first 4 KiB that detection reads
# (there, NUL means binary data): malformed, not read up to the NUL.
i=0
while [ $i -lt 60 ]; do
	echo "2 123456789012 eni-2 10.0.0.5 10.0.0.6 40000 5432 6 3 180 1700000000 1700000060 ACCEPT OK"
	i=$((i + 1))
done >"$tmp/nul.log"
printf '2 123456789012 eni-1 203.0.113.9 10.0.1.10 51000 80 6 3 180 1700000000 1700000060 REJECT OK\0junk\n' >>"$tmp/nul.log"
printf '2 123456789012 eni-1 203.0.113.9 10.0.1.10 51001 80 6 3 180 1700000000 1700000060 REJECT OK\n' >>"$tmp/nul.log"
run check 10.0.1.10:80 --file "$tmp/nul.log" --records --json
expect_err "nul.log:61: NUL byte in the line"
[ "$(jq '.records | length' "$tmp/out")" = 1 ] || fail "NUL line read: $(cat "$tmp/out")"
passed=$((passed + 1))

# A rules file nested beyond reason is an error, not a crash.
{
	printf 'rule r\n\tcategory reachable\n\tcause c\n\twhen '
	i=0
	while [ $i -lt 200 ]; do printf '('; i=$((i + 1)); done
	printf 'true\n\tsummary "s"\nend\n'
} >"$tmp/deep.rules"
run rules check "$tmp/deep.rules"
expect_status 65
expect_err "parentheses nested deeper than 64"

# Without any rules there is no verdict to give.
mkdir "$tmp/norules"
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --rules "$tmp/norules"
expect_status 65
expect_err "no rules in '$tmp/norules'"

# --keep weighs fewer records, and says so.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --keep 2 --json
[ "$(jq -r '.verdict.confidence + "|" + (.confidence_lowered | join(";"))' "$tmp/out")" = \
    "medium|only the first records that matched were weighed (--keep)" ] ||
	fail "--keep: $(jq -c '[.verdict, .confidence_lowered]' "$tmp/out")"
passed=$((passed + 1))

done_testing
