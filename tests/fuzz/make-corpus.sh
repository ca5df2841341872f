#!/bin/sh
# Writes the fuzz harnesses' seed corpora, tests/fuzz/corpus/NAME/, from
# the bundled examples (examples/), the rules (rules/) and the answers the
# fake AWS servers give (tests/fake-*.py), a small file a seed.  Run from
# anywhere; it replaces what the directories held.  Where a harness reads
# its first byte as a choice (jsonrec, insights, athena, gunzip, ini, creds), the
# seeds start with one.
set -eu
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
ex=examples
s3=$(ls $ex/s3/AWSLogs/*/vpcflowlogs/*/*/*/*/*.log.gz)
default='${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}'
v5='${version} ${vpc-id} ${subnet-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${pkt-srcaddr} ${pkt-dstaddr}'

rm -rf "$out"
for d in athena cmd_split creds cwl flow flow_diff format gunzip ini insights \
    json_diff jsonrec rules vpc_json xml; do
	mkdir -p "$out/$d"
done

# seed NAME FILE: writes standard input to corpus NAME as FILE.
seed()
{
	cat >"$out/$1/$2"
}

# Record lines: each line of the default-format example, and lines the
# fast paths leave to the general one.
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n' "$line" | seed flow_diff "flows-$n"
done <$ex/flows.log
printf '2 123456789012 eni-1 2001:db8::10 2001:db8::1 443 50000 6 10 840 1700000000 1700000060 ACCEPT OK\n' |
	seed flow_diff ipv6
printf '2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA\n' |
	seed flow_diff nodata
printf '2\t123456789012  eni-1 10.0.0.5 10.0.1.10 1 2 17 99999999999999999 12345678901234567 1700000000000 1700000060000 REJECT SKIPDATA\r\n' |
	seed flow_diff long-numbers

# Formats and their records: a log format or header, then records.
{ echo "$default"; head -n 3 $ex/flows.log; } | seed flow default
{ echo "$v5"; head -n 3 $ex/custom-v5.log; } | seed flow v5
gzip -dc "$s3" | head -n 4 | seed flow s3-header
echo "$default" | seed format default
echo "$v5" | seed format v5
gzip -dc "$s3" | head -n 1 | seed format s3-header
printf 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n' |
	seed format header-default

# JSON records: events and objects of fields; the first byte picks the
# default format (even) or version 5's (odd).
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '\000%s\n' "$line" | seed jsonrec "event-$n"
	printf '%s\n' "$line" | seed json_diff "event-$n"
	[ "$n" -lt 4 ] || break
done <$ex/events.jsonl
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '\000%s\n' "$line" | seed jsonrec "fields-$n"
	[ "$n" -lt 4 ] || break
done <$ex/fields.jsonl
printf '{"message": "2 123456789012 eni-1 10.0.0.5 10.0.1.10 1 2 6 1 40 1700000000 1700000060 ACCEPT OK", "eventId": "1", "n": -1.5e3, "b": true, "z": null}' |
	seed json_diff scalars
# Numbers jansson refuses, which the quick reader once took.
printf '{"ingestionTime": 1700000180700000180000, "message": "2 123456789012 eni-1 10.0.0.5 10.0.1.10 1 2 6 1 40 1700000000 1700000060 ACCEPT OK"}' |
	seed json_diff too-big-integer
printf '{"a": -1e400, "message": "2 123456789012 eni-1 10.0.0.5 10.0.1.10 1 2 6 1 40 1700000000 1700000060 ACCEPT OK"}' |
	seed json_diff real-overflow
printf '{"message": "2 123456789012 eni-1 \\u0031.0.0.5 10.0.1.10 1 2 6 1 40 1700000000 1700000060 ACCEPT OK"}' |
	seed json_diff escape

# gzip: the S3 object, and two members; the first byte is the most a
# read returns (below 128: that plus one).
{ printf '\377'; cat "$s3"; } | seed gunzip s3-object
{ printf '\007'; head -n 2 $ex/flows.log | gzip -9n; tail -n 1 $ex/flows.log | gzip -1n; } |
	seed gunzip two-members

# CloudWatch: a FilterLogEvents answer, and Insights results.
seed cwl example <$ex/cloudwatch.json
printf '{"events": [], "nextToken": "page-2", "searchedLogStreams": []}' |
	seed cwl empty-page
# A NUL byte, where jansson ends the inner value; the reader once took it.
printf '{"n": {"etely": true\000}' | seed cwl nul-byte
{
	printf '\000{"status": "Complete", "statistics": {"recordsScanned": 3.0, "bytesScanned": 300.0}, "results": [['
	sep=
	for kv in interface_id=eni-0a1b2c3d4e5f60001 srcaddr=10.0.0.5 \
	    dstaddr=10.0.1.10 srcport=50522 dstport=22 protocol=6 \
	    action=ACCEPT log_status=OK; do
		printf '%s{"field": "f_%s", "value": "%s"}' "$sep" "${kv%%=*}" "${kv#*=}"
		sep=', '
	done
	printf ', {"field": "bin(1m)", "value": "2023-11-14 22:15:00.000"}'
	for kv in packets=40 bytes=4200 start=1700000000 end=1700000060 records=1; do
		printf ', {"field": "agg_%s", "value": "%s"}' "${kv%%=*}" "${kv#*=}"
	done
	printf ']]}\n'
} | seed insights complete

# Athena: GetQueryResults of the query over a version 2 table, the header
# row first (tests/athena-rows.py's answer for the sample's port 80).
awk '($5 == "10.0.1.10" && $7 == 80) || ($4 == "10.0.1.10" && $6 == 80) ||
    $14 == "NODATA"' $ex/flows.log >"${TMPDIR:-/tmp}/athena-seed.$$"
{
	printf '\000'
	python3 tests/athena-rows.py "${TMPDIR:-/tmp}/athena-seed.$$" |
	    jq -c '{ResultSet: {Rows: .results[0].rows}}'
} | seed athena rows
rm -f "${TMPDIR:-/tmp}/athena-seed.$$"

# EC2: the fake server's answers.
ns=http://ec2.amazonaws.com/doc/2016-11-15/
printf '<DescribeFlowLogsResponse xmlns="%s"><requestId>r</requestId><flowLogSet><item><creationTime>2023-11-14T20:00:00.000Z</creationTime><deliverLogsStatus>FAILED</deliverLogsStatus><deliverLogsErrorMessage>Access error</deliverLogsErrorMessage><flowLogId>fl-1</flowLogId><flowLogStatus>ACTIVE</flowLogStatus><logGroupName>flows</logGroupName><resourceId>eni-0a1b2c3d4e5f60001</resourceId><trafficType>ALL</trafficType><logDestinationType>cloud-watch-logs</logDestinationType><logFormat>%s</logFormat><maxAggregationInterval>60</maxAggregationInterval></item></flowLogSet><nextToken>page-2</nextToken></DescribeFlowLogsResponse>\n' "$ns" "$default" |
	seed xml flow-logs
printf '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeNetworkInterfacesResponse xmlns="%s"><requestId>r</requestId><networkInterfaceSet><item><networkInterfaceId>eni-0a1b2c3d4e5f60001</networkInterfaceId><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><privateIpAddress>10.0.1.10</privateIpAddress><description><![CDATA[a <b> &amp; c]]></description><!-- x --></item></networkInterfaceSet></DescribeNetworkInterfacesResponse>\n' "$ns" |
	seed xml interfaces
printf '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized &amp; &#65;&#x42; &lt;x&gt;</Message></Error></Errors><RequestID>0f5e1a2b-0001</RequestID></Response>\n' |
	seed xml error

# The shared files; the first byte: bit 0 the config file, bits 1-2 the
# profile (default, dev, "a b", prod).
printf '\000[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n# comment\n[dev]\naws_access_key_id: AKIAI44QH8DHBEXAMPLE\n' |
	seed ini credentials
printf '\003\357\273\277[default]\r\nregion = eu-west-1\r\n[profile dev] ; dev\r\nregion=us-east-1\r\ns3 =\r\n  max_concurrent_requests = 20\r\ncredential_process = /bin/echo {"Version": 1}\r\n' |
	seed ini config

# credential_process output (first byte odd) and a container's answer.
printf '\001{"Version": 1, "AccessKeyId": "ASIAIOSFODNN7EXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SessionToken": "IQoJb3JpZ2luX2VjEXAMPLE", "Expiration": "2030-11-14T22:15:00Z"}\n' |
	seed creds process
printf '\000{"AccessKeyId": "ASIAIOSFODNN7EXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Token": "IQoJb3JpZ2luX2VjEXAMPLE", "Expiration": "2030-11-14T22:15:00+01:00", "RoleArn": "x"}\n' |
	seed creds container

# The rules: each rule of rules/ a seed of its own, the defaults block
# too.
for f in rules/*.rules; do
	base=$(basename "$f" .rules)
	awk -v dir="$out/rules" -v base="$base" '
	/^(rule|defaults)([ \t]|$)/ { n++; file = sprintf("%s/%s-%02d", dir, base, n) }
	file != "" { print > file }
	/^end[ \t]*$/ { if (file != "") close(file); file = "" }' "$f"
done

# A VPC's configuration as the AWS CLI prints it (tests/data/config/):
# the first byte even names the file config.json, odd pl-0a1b2c3d.json,
# whose id the bare entries of a prefix list take.
for f in aws-network-acls aws-route-tables aws-security-groups combined \
    aws-prefix-list-entries; do
	{ printf '\000'; cat "tests/data/config/$f.json"; } | seed vpc_json "$f"
done
{ printf '\001'; cat tests/data/config/pl-*.json; } | seed vpc_json entries

# REPL lines.
n=0
for line in 'set target 10.0.1.10:80' "set client '203.0.113.7'" \
    'run # a comment' 'save "my file.json"' 'records --json' \
    'set window "2023-11-14 22:00" \"x\" a\ b' 'why'; do
	n=$((n + 1))
	printf '%s\n' "$line" | seed cmd_split "line-$n"
done
