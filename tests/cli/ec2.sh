#!/bin/sh
# EC2's view of the flow logs, end to end against moto (python3 -m
# moto.server) and, for what moto lacks, tests/fake-ec2.py: a log group is
# read in the format DescribeFlowLogs gives; an interface that no flow log
# covers, a delivery error, a flow log created late and an ACCEPT-only one
# reach the evidence; denied EC2 is one warning and the run goes on.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
need_moto
start_moto
export FLOWDIAG_BACKOFF_MS=10
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL_EC2 AWS_ENDPOINT_URL_CLOUDWATCH_LOGS

v5='${version} ${vpc-id} ${subnet-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${pkt-srcaddr} ${pkt-dstaddr}'
role=arn:aws:iam::123456789012:role/flow-logs

# eni NAME CIDR ADDRESS: a subnet of $vpc and an interface with ADDRESS
# in it; sets $NAME to the interface's id and ${NAME}_subnet to the subnet's.
eni()
{
	s=$(aws ec2 create-subnet --vpc-id "$vpc" --cidr-block "$2" \
	    --query Subnet.SubnetId --output text)
	e=$(aws ec2 create-network-interface --subnet-id "$s" \
	    --private-ip-address "$3" --query NetworkInterface.NetworkInterfaceId \
	    --output text)
	eval "$1=\$e ${1}_subnet=\$s"
}

# put GROUP FILE FIELD: FILE's lines as the events of GROUP, each stamped
# with its record's start, the FIELDth field.
put()
{
	jq -R -s --argjson f "$3" 'split("\n") | map(select(length > 0)) |
	    map({timestamp: ((split(" ")[$f - 1] | tonumber) * 1000), message: .}) |
	    sort_by(.timestamp)' "$2" >"$tmp/events.json"
	aws logs create-log-stream --log-group-name "$1" --log-stream-name s
	aws logs put-log-events --log-group-name "$1" --log-stream-name s \
	    --log-events "file://$tmp/events.json" >"$tmp/put.json"
	[ "$(jq -r '.rejectedLogEventsInfo // empty' "$tmp/put.json")" = "" ] ||
		fail "moto rejected events: $(cat "$tmp/put.json")"
}

# facts NAME...: the values of these facts in the last --json run.
facts()
{
	for f in "$@"; do
		jq -r --arg f "$f" '.evidence.facts[$f]' "$tmp/out"
	done | paste -s -d ' ' -
}

# expect_facts WANT NAME...: those facts, space-separated, are WANT.
expect_facts()
{
	want=$1
	shift
	got=$(facts "$@")
	[ "$got" = "$want" ] || fail "facts $*: got '$got', want '$want'"
	passed=$((passed + 1))
}

# expect_gap KIND: the last --json run reports a gap of KIND.
expect_gap()
{
	jq -e --arg k "$1" '[.gaps[].kind] | index($k)' "$tmp/out" >/dev/null ||
		fail "no $1 gap: $(jq -c '[.gaps[].kind]' "$tmp/out")"
	passed=$((passed + 1))
}

verdict()
{
	jq -c '[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"]]' \
	    "$tmp/out"
}

vpc=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
eni target 10.0.1.0/24 10.0.1.10
eni bare 10.0.2.0/24 10.0.2.20
eni accept 10.0.3.0/24 10.0.3.30
eni failing 10.0.4.0/24 10.0.4.40

# What moto does, checked before relying on it: DescribeFlowLogs filters
# by log-group-name and by resource-id, and answers LogFormat.
aws logs create-log-group --log-group-name vpc-custom
aws ec2 create-flow-logs --resource-type NetworkInterface --resource-ids "$target" \
    --traffic-type ALL --log-destination-type cloud-watch-logs \
    --log-group-name vpc-custom --deliver-logs-permission-arn "$role" \
    --log-format "$v5" >/dev/null
aws ec2 describe-flow-logs --filter Name=log-group-name,Values=vpc-custom \
    --query 'FlowLogs[].LogFormat' --output text >"$tmp/moto-format"
[ "$(cat "$tmp/moto-format")" = "$v5" ] ||
	fail "moto's LogFormat for vpc-custom: $(cat "$tmp/moto-format")"
[ "$(aws ec2 describe-flow-logs --filter Name=log-group-name,Values=nothing \
    --query 'length(FlowLogs)')" = 0 ] || fail "moto does not filter by log group"
passed=$((passed + 2))

# The custom v5 sample moved to a few minutes from now, after the flow log
# was created (moto takes events up to two hours ahead), minute-aligned.
now=$(date +%s)
base=$(( (now + 180) / 60 * 60 ))
shift=$((base - 1700000000))
awk -v d="$shift" '{ if ($13 != "-") { $13 += d; $14 += d } print }' \
    "$EXAMPLES/custom-v5.log" >"$tmp/v5.log"
put vpc-custom "$tmp/v5.log" 13
from=$base
to=$((base + 600))
export FLOWDIAG_NOW=$((now + 86400))

# The same verdict from the log group, in the format DescribeFlowLogs
# gives, as from the file with --log-format.
run check 10.0.1.10:80 --file "$tmp/v5.log" --log-format "$v5" --json
expect_status 10
verdict >"$tmp/want"
run check 10.0.1.10:80 --log-group vpc-custom --from "$from" --to "$to" --json
expect_status 10
verdict >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "log group verdict $(cat "$tmp/got") differs from file's $(cat "$tmp/want")"
passed=$((passed + 1))
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"
passed=$((passed + 1))
expect_facts "yes ALL 0 " log.flow_log log.traffic_type log.created_late \
    log.delivery_error
jq -r '.evidence.facts["target.interface"]' "$tmp/out" | grep -q "$target" ||
	fail "EC2's interface $target is not the target's: $(facts target.interface)"
passed=$((passed + 1))

# Without EC2 (--no-ec2), the default format cannot read those events.
run check 10.0.1.10:80 --log-group vpc-custom --from "$from" --to "$to" \
    --json --no-ec2
[ "$(facts req.records)" = 0 ] ||
	fail "--no-ec2 read $(facts req.records) requests: $(cat "$tmp/err")"
passed=$((passed + 1))

# A window before the flow log was created: logging started late.
run check 10.0.1.10:80 --log-group vpc-custom --from "$((now - 7200))" \
    --to "$((now - 3600))" --json
expect_status 13
[ "$(verdict)" = '["logging-gap","logging-started-late",0,0]' ] ||
	fail "window before the flow log: $(verdict)"
passed=$((passed + 1))
expect_gap logging-started-late
late=$(facts log.created_late)
[ "$late" -ge 7000 ] && [ "$late" -le 7400 ] || fail "log.created_late $late"
passed=$((passed + 1))

# An interface that no flow log covers.
run check 10.0.2.20:80 --log-group vpc-custom --json
expect_status 13
[ "$(verdict)" = '["logging-gap","no-flow-log",0,0]' ] ||
	fail "interface without a flow log: $(verdict)"
passed=$((passed + 1))
expect_gap no-flow-log
expect_facts "no $bare" log.flow_log target.interface
jq -r '.gaps[] | select(.kind == "no-flow-log") | .detail' "$tmp/out" \
    >"$tmp/detail"
grep -q "no flow log on $bare, its subnet ${bare_subnet} or its VPC $vpc delivers to log group 'vpc-custom'" \
    "$tmp/detail" || fail "no-flow-log detail: $(cat "$tmp/detail")"
passed=$((passed + 1))

# An ACCEPT-only flow log on a subnet, in the default format.
aws logs create-log-group --log-group-name vpc-accept
aws ec2 create-flow-logs --resource-type Subnet --resource-ids "$accept_subnet" \
    --traffic-type ACCEPT --log-destination-type cloud-watch-logs \
    --log-group-name vpc-accept --deliver-logs-permission-arn "$role" >/dev/null
run check 10.0.3.30:80 --log-group vpc-accept --json
expect_status 13
expect_facts "yes ACCEPT" log.flow_log log.traffic_type
expect_gap traffic-type-filtered
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"
passed=$((passed + 1))
# --traffic-type wins over EC2.
run check 10.0.3.30:80 --log-group vpc-accept --traffic-type ALL --json
expect_facts "ALL" log.traffic_type

# A flow log to a group that did not exist yet: moto reports it FAILED
# with "Access error", as AWS does.
aws ec2 create-flow-logs --resource-type NetworkInterface --resource-ids "$failing" \
    --traffic-type ALL --log-destination-type cloud-watch-logs \
    --log-group-name vpc-late-group --deliver-logs-permission-arn "$role" \
    --query 'FlowLogIds[0]' --output text >"$tmp/flid"
aws logs create-log-group --log-group-name vpc-late-group
run check 10.0.4.40:80 --log-group vpc-late-group --json
expect_status 13
[ "$(verdict)" = '["logging-gap","delivery-error",0,0]' ] ||
	fail "delivery error: $(verdict)"
passed=$((passed + 1))
expect_facts "$(cat "$tmp/flid"): Access error" log.delivery_error
expect_gap delivery-error

# A log group no flow log delivers to: one warning, the default format.
put_sample plain
run check 10.0.1.10:80 --file "$tmp/recent.log" --json
verdict >"$tmp/want"
run check 10.0.1.10:80 --log-group plain --from "$sample_from" --to "$sample_to" --json
expect_status 10
verdict >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "plain group verdict $(cat "$tmp/got") differs from file's $(cat "$tmp/want")"
passed=$((passed + 1))
expect_err "flowdiag: warning: no flow log delivers to log group 'plain' in us-east-1, EC2 says: assuming the default format (give --log-format)"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
passed=$((passed + 1))
# The flow log that covers 10.0.1.10 delivers elsewhere: no flow log here.
expect_facts "no" log.flow_log
expect_gap no-flow-log

# What moto cannot do, from tests/fake-ec2.py.  First prove that it speaks
# EC2's protocol: the real AWS CLI reads its errors and its pages.
# fake MODE: starts the fake server in MODE and sets $fakeurl.
fake()
{
	start_fake fake-ec2.py "$1"
}

fake denied
AWS_MAX_ATTEMPTS=1 aws ec2 describe-flow-logs --endpoint-url "$fakeurl" \
    >/dev/null 2>"$tmp/cli" || true
grep -q "An error occurred (UnauthorizedOperation) when calling the DescribeFlowLogs operation: You are not authorized" "$tmp/cli" ||
	fail "the AWS CLI does not read the fake's denial: $(cat "$tmp/cli")"
passed=$((passed + 1))

# Denied: one warning naming the action, the default format, the same
# verdict.  --endpoint-url is CloudWatch Logs' only.
AWS_ENDPOINT_URL_EC2=$fakeurl run check 10.0.1.10:80 --log-group plain \
    --endpoint-url "$AWS_ENDPOINT_URL" --from "$sample_from" --to "$sample_to" --json
expect_status 10
verdict >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "denied EC2 changed the verdict: $(cat "$tmp/got")"
passed=$((passed + 1))
expect_err "flowdiag: warning: access denied to ec2:DescribeFlowLogs: allow it in the IAM policy"
expect_err "assuming the default format (give --log-format)"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
passed=$((passed + 1))
expect_facts "" log.flow_log

# With --log-format, the first action denied is DescribeNetworkInterfaces.
AWS_ENDPOINT_URL_EC2=$fakeurl run check 10.0.1.10:80 --log-group plain \
    --log-format '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}' \
    --from "$sample_from" --to "$sample_to"
expect_status 10
expect_err "flowdiag: warning: access denied to ec2:DescribeNetworkInterfaces"
expect_err "going on without EC2's view of the flow logs"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
passed=$((passed + 1))

# --no-ec2: not one request to EC2, no warning.
AWS_ENDPOINT_URL_EC2=$fakeurl run check 10.0.1.10:80 --log-group plain \
    --from "$sample_from" --to "$sample_to" --no-ec2 --debug
expect_status 10
! grep -q "warning" "$tmp/err" || fail "--no-ec2 warned: $(cat "$tmp/err")"
! grep -q "POST $fakeurl" "$tmp/err" || fail "--no-ec2 asked EC2"
passed=$((passed + 2))

# Pages: DescribeFlowLogs answers two; the second holds the flow log that
# delivers to the group read, with a delivery error.
fake pages
aws ec2 describe-flow-logs --endpoint-url "$fakeurl" \
    --query 'FlowLogs[].FlowLogId' --output json | jq -c . >"$tmp/cli"
[ "$(cat "$tmp/cli")" = '["fl-1","fl-2"]' ] || fail "the AWS CLI reads the fake's pages as $(cat "$tmp/cli")"
passed=$((passed + 1))
AWS_ENDPOINT_URL_EC2=$fakeurl run check 10.0.1.10:80 --log-group plain \
    --from "$sample_from" --to "$sample_to" --json --debug
expect_status 10
expect_facts "yes fl-2: Rate limited ALL" log.flow_log log.delivery_error \
    log.traffic_type
# Then the configuration (--config ec2 by itself, EC2 having answered):
# the interface again, its groups, its subnet's ACL and route table, the
# VPC's main table.
[ "$(grep -c "debug: POST $fakeurl" "$tmp/err")" -eq 10 ] ||
	fail "EC2 requests: $(grep -c "debug: POST $fakeurl" "$tmp/err"), want 10 (2 pages by group, 1 interface, 2 pages by resource, 5 of the configuration)"
passed=$((passed + 1))

done_testing
