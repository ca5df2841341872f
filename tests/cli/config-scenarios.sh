#!/bin/sh
# The configuration named, end to end: a VPC built in moto through
# botocore (tests/make-vpc.py; tests/moto-server.py is moto with blackhole
# routes as AWS shows them), flow-log records written with moto's interface
# ids, then each
# case diagnosed twice, online (--config ec2: EC2's Query API) and offline
# (--config DIR: the JSON the AWS CLI printed), and once without a
# configuration.  Each case asserts the verdict, the entry named and the
# exact command suggested; the expectations are written here from what
# AWS's rules say of the setup, not from flowdiag's output.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
need_moto
start_moto "${srcdir:-.}/tests/moto-server.py"
unset AWS_ENDPOINT_URL_EC2
export FLOWDIAG_BACKOFF_MS=10

# The VPC (tests/make-vpc.py says what each case's subnet holds): its ids
# as shell variables.
python3 "${srcdir:-.}/tests/make-vpc.py" "$moto_url" >"$tmp/ids" ||
	fail "tests/make-vpc.py: $(cat "$tmp/ids")"
. "$tmp/ids"
[ "$(aws ec2 describe-route-tables --route-table-ids "$rt_7" --output text \
    --query "RouteTables[0].Routes[?DestinationCidrBlock=='198.51.100.0/24'].State")" = blackhole ] ||
	fail "tests/moto-server.py does not show the blackhole"

# records FILE ENI LINE...: flow-log records (version 2) of ENI, each
# LINE "SRC DST SPORT DPORT PACKETS BYTES ACTION", a minute apart.
records()
{
	f=$1 e=$2 t=1700000000
	shift 2
	: >"$f"
	for l in "$@"; do
		set -- $l
		echo "2 123456789012 $e $1 $2 $3 $4 6 $5 $6 $t $((t + 60)) $7 OK" >>"$f"
		t=$((t + 60))
	done
}

records "$tmp/1.log" "$eni_1" \
    "203.0.113.5 10.0.1.10 40001 80 1 60 REJECT" \
    "203.0.113.5 10.0.1.10 40001 80 1 60 REJECT" \
    "203.0.113.5 10.0.1.10 40002 80 1 60 REJECT"
records "$tmp/2.log" "$eni_2" \
    "10.0.3.20 10.0.2.10 40020 80 1 60 REJECT" \
    "10.0.3.20 10.0.2.10 40021 80 1 60 REJECT" \
    "10.0.3.21 10.0.2.10 40030 80 12 1320 ACCEPT" \
    "10.0.2.10 10.0.3.21 80 40030 10 18432 ACCEPT"
records "$tmp/4.log" "$eni_4" \
    "203.0.113.7 10.0.4.10 40040 80 1 60 REJECT" \
    "203.0.113.7 10.0.4.10 40041 80 1 60 REJECT"
records "$tmp/5.log" "$eni_5" \
    "203.0.113.12 10.0.5.10 51234 80 3 180 ACCEPT" \
    "10.0.5.10 203.0.113.12 80 51234 3 180 REJECT" \
    "203.0.113.12 10.0.5.10 51240 80 3 180 ACCEPT" \
    "10.0.5.10 203.0.113.12 80 51240 3 180 REJECT"
records "$tmp/6.log" "$eni_6" \
    "2001:db8::5 $target6 40060 80 1 80 REJECT" \
    "2001:db8::5 $target6 40061 80 1 80 REJECT"
records "$tmp/7.log" "$eni_7" \
    "198.51.100.9 10.0.7.10 40070 80 1 60 ACCEPT" \
    "10.0.7.10 198.51.100.9 80 40070 1 60 ACCEPT" \
    "198.51.100.9 10.0.7.10 40070 80 1 60 ACCEPT" \
    "10.0.7.10 198.51.100.9 80 40070 1 60 ACCEPT"
records "$tmp/8.log" "$eni_8" \
    "192.0.2.44 10.0.8.10 40080 80 1 60 ACCEPT" \
    "10.0.8.10 192.0.2.44 80 40080 1 60 ACCEPT" \
    "192.0.2.44 10.0.8.10 40080 80 1 60 ACCEPT" \
    "10.0.8.10 192.0.2.44 80 40080 1 60 ACCEPT"
records "$tmp/9.log" "$eni_9" \
    "203.0.113.99 10.0.9.10 40090 80 1 60 REJECT" \
    "203.0.113.99 10.0.9.10 40091 80 1 60 REJECT"

# The offline snapshot: what the AWS CLI prints.
mkdir "$tmp/snap"
aws ec2 describe-security-groups >"$tmp/snap/security-groups.json"
aws ec2 describe-network-acls >"$tmp/snap/network-acls.json"
aws ec2 describe-route-tables >"$tmp/snap/route-tables.json"
aws ec2 describe-network-interfaces >"$tmp/snap/network-interfaces.json"

# fact NAME: a fact of the last --json run.
fact()
{
	jq -r --arg f "$1" '.evidence.facts[$f] | tostring' "$tmp/out"
}

# expect_json FILTER WANT: jq's raw output of FILTER on the last run.
expect_json()
{
	got=$(jq -r "$1" "$tmp/out")
	[ "$got" = "$2" ] || fail "$how: $1: got '$got', want '$2'"
	passed=$((passed + 1))
}

# check CASE TARGET CAUSE BLOCKS COMPONENT RULE FIX: the case online and
# offline names the layer, the component, the ACL rule (0: none) and the
# command, and says it as a next step.
check()
{
	for how in online offline; do
		if [ $how = online ]; then cfg=ec2; else cfg=$tmp/snap; fi
		run check "$2" --file "$tmp/$1.log" --config "$cfg" --json
		[ "$status" -ne 1 ] || fail "$how case $1: $(cat "$tmp/err")"
		expect_json .verdict.cause "$3"
		expect_json '.evidence.facts["config.known"]' true
		expect_json '.evidence.facts["config.blocks"]' "$4"
		expect_json '.evidence.facts["config.component"]' "$5"
		expect_json '.evidence.facts["config.rule"]' "$6"
		expect_json '.evidence.facts["config.fix"]' "$7"
		expect_json "[.next_steps[].commands[] | select(. == \"$7\")] | length" 1
		expect_json ".config.flows[0].layers[] | select(.layer == \"$4\") | .decision" denies
		expect_json ".config.flows[0].layers[] | select(.layer == \"$4\") | .component" "$5"
	done
	last_case=$1 last_target=$2 last_layer=$4 last_fix=$7
}

# fixed: the last case's command does what it says: run as a user would
# paste it, against moto, its layer then allows the flow, and none denies.
fixed()
{
	how="case $last_case fixed"
	sh -c "$last_fix" >/dev/null || fail "$how: the command failed: $last_fix"
	run check "$last_target" --file "$tmp/$last_case.log" --config ec2 --json
	expect_json ".config.flows[0].layers[] | select(.layer == \"$last_layer\") | .decision" allows
	expect_json '.evidence.facts["config.blocks"]' ""
}

check 1 10.0.1.10:80 inbound-rejected-sg target-sg-in "$sg_1" 0 \
    "aws ec2 authorize-security-group-ingress --group-id $sg_1 --protocol tcp --port 80 --cidr 203.0.113.5/32"
how="case 1 why"
expect_json '.evidence.facts["config.why"] | contains("10.0.0.0/16")' true
fixed

check 2 10.0.2.10:80 inbound-rejected-sg target-sg-in "$sg_2" 0 \
    "aws ec2 authorize-security-group-ingress --group-id $sg_2 --protocol tcp --port 80 --cidr 10.0.3.20/32"
how="case 2 referenced group"
expect_json '.evidence.facts["config.why"] | contains("'"$sg_app"'")' true
# The client in the referenced group is admitted: its flows allow.
expect_json '.config.flows[] | select(.client == "10.0.3.21") | .layers[] | select(.layer == "target-sg-in") | .decision' allows
expect_json '.config.flows[] | select(.client == "10.0.3.21") | .client_interface' "$eni_c2ok"
expect_json '.config.flows[] | select(.client == "10.0.3.20") | .client_interface' "$eni_c2"
fixed

check 4 10.0.4.10:80 inbound-rejected-acl target-acl-in "$acl_4" 90 \
    "aws ec2 create-network-acl-entry --network-acl-id $acl_4 --ingress --rule-number 89 --protocol tcp --port-range From=80,To=80 --cidr-block 203.0.113.7/32 --rule-action allow"
fixed

check 5 10.0.5.10:80 reply-rejected-acl target-acl-out "$acl_5" 32767 \
    "aws ec2 create-network-acl-entry --network-acl-id $acl_5 --egress --rule-number 32766 --protocol tcp --port-range From=1024,To=65535 --cidr-block 203.0.113.12/32 --rule-action allow"
fixed

check 6 "[$target6]:80" inbound-rejected-acl target-acl-in "$acl_6" 32767 \
    "aws ec2 create-network-acl-entry --network-acl-id $acl_6 --ingress --rule-number 32766 --protocol tcp --port-range From=80,To=80 --ipv6-cidr-block 2001:db8::5/128 --rule-action allow"
fixed

check 7 10.0.7.10:80 reply-route-blocked route-reply "$rt_7" 0 \
    "aws ec2 replace-route --route-table-id $rt_7 --destination-cidr-block 198.51.100.0/24 --gateway-id $igw"
how="case 6 confidence"
expect_json .verdict.confidence medium
fixed

check 8 10.0.8.10:80 reply-route-blocked route-reply "$rt_8" 0 \
    "aws ec2 create-route --route-table-id $rt_8 --destination-cidr-block 0.0.0.0/0 --gateway-id $igw"
fixed

# 8: the records decide (rejected inbound), the configuration cannot say
# which layer: the confidence drops and the report says what fits.
for how in online offline; do
	if [ $how = online ]; then cfg=ec2; else cfg=$tmp/snap; fi
	run check 10.0.9.10:80 --file "$tmp/9.log" --config "$cfg" --json
	expect_json .verdict.cause inbound-rejected
	expect_json .verdict.confidence medium
	expect_json '.evidence.facts["config.allows"]' true
	expect_json '[.confidence_lowered[] | select(contains("allows these flows on every layer") and contains("Block Public Access"))] | length' 1
done

# Records logged on the client's interface alone, both interfaces in the
# snapshot: the target's interface is the one holding its address, never
# the client's that the records named.
how="client's interface"
echo "2 123456789012 $eni_c2 10.0.3.20 10.0.2.10 40020 80 6 1 60 1700000000 1700000060 REJECT OK" >"$tmp/c2.log"
run check 10.0.2.10:80 --file "$tmp/c2.log" --config "$tmp/snap" --json
expect_json '.config.flows[0].target_interface' "$eni_2"
expect_json '.config.flows[0].client_interface' "$eni_c2"

# Requests rejected where the configuration allows every request layer
# (only the replies' ACL denies): the confidence drops, and says so.
how="requests rejected, request layers allow"
echo "2 123456789012 $eni_5 203.0.113.13 10.0.5.10 40100 80 6 1 60 1700000000 1700000060 REJECT OK" >"$tmp/5r.log"
run check 10.0.5.10:80 --file "$tmp/5r.log" --config "$tmp/snap" --json
expect_json .verdict.cause inbound-rejected
expect_json .verdict.confidence medium
expect_json '[.confidence_lowered[] | select(contains("allows these requests on every layer they cross"))] | length' 1

# An address alone is pinged: ICMP echo (type 8) is judged, and web9
# admits tcp/80 only.
how="ICMP"
echo "2 123456789012 $eni_9 203.0.113.98 10.0.9.10 0 0 1 1 84 1700000000 1700000060 REJECT OK" >"$tmp/icmp.log"
run check 10.0.9.10 --file "$tmp/icmp.log" --config ec2 --json
expect_json .verdict.cause inbound-rejected-sg
expect_json '.evidence.facts["config.why"] | contains("icmp")' true
expect_json '.evidence.facts["config.fix"] | contains("IpProtocol=icmp,FromPort=8,")' true
last_case=icmp last_target=10.0.9.10 last_layer=target-sg-in
last_fix=$(jq -r '.evidence.facts["config.fix"]' "$tmp/out")
fixed

# Without a configuration, each verdict is what the records alone give.
for c in "1 10.0.1.10:80 inbound-rejected" "4 10.0.4.10:80 inbound-rejected" \
    "5 10.0.5.10:80 reply-rejected" "9 10.0.9.10:80 inbound-rejected"; do
	set -- $c
	how="case $1 without configuration"
	run check "$2" --file "$tmp/$1.log" --json
	expect_json .verdict.cause "$3"
	expect_json .verdict.confidence high
	expect_json .config null
	expect_json '.evidence.facts["config.known"]' false
done

# The text report names the entry and prints the command on its own line.
run check 10.0.4.10:80 --file "$tmp/4.log" --config "$tmp/snap"
expect_status 10
expect_out "network ACL $acl_4, rule 90"
expect_out "Configuration ($tmp/snap)"
expect_out "       \$ aws ec2 create-network-acl-entry --network-acl-id $acl_4 --ingress --rule-number 89"

# A file that is not a snapshot is an error that names it.
echo '{"Vpcs": []}' >"$tmp/vpcs.json"
run check 10.0.4.10:80 --file "$tmp/4.log" --config "$tmp/vpcs.json"
[ "$status" -ne 0 ] && [ "$status" -ne 10 ] || fail "a wrong --config file gave status $status"
expect_err "$tmp/vpcs.json"
run check 10.0.4.10:80 --file "$tmp/4.log" --config "$tmp/none.json"
[ "$status" -ne 0 ] && [ "$status" -ne 10 ] || fail "a missing --config file gave status $status"
expect_err "$tmp/none.json"

done_testing
