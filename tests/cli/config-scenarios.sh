#!/bin/sh
# The configuration named, end to end: a VPC built in moto with the real
# AWS CLI (tests/moto-server.py: moto, with blackhole routes as AWS shows
# them), flow-log records written with moto's interface ids, then each
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

ec2() { aws ec2 "$@" --output text; }

vpc=$(ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId)
aws ec2 associate-vpc-cidr-block --vpc-id "$vpc" \
    --amazon-provided-ipv6-cidr-block >/dev/null
block6=$(ec2 describe-vpcs --vpc-ids "$vpc" \
    --query 'Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock')
igw=$(ec2 create-internet-gateway --query InternetGateway.InternetGatewayId)
aws ec2 attach-internet-gateway --vpc-id "$vpc" --internet-gateway-id "$igw"
# The VPC's main route table reaches the internet: a subnet with a table
# of its own that does not is the odd one out.
main_rt=$(ec2 describe-route-tables \
    --filters "Name=vpc-id,Values=$vpc" Name=association.main,Values=true \
    --query 'RouteTables[0].RouteTableId')
aws ec2 create-route --route-table-id "$main_rt" \
    --destination-cidr-block 0.0.0.0/0 --gateway-id "$igw" >/dev/null

# subnet N: subnet 10.0.N.0/24 with a network ACL and a route table of its
# own, local routes only; sets sub_N, acl_N, rt_N.
subnet()
{
	s=$(ec2 create-subnet --vpc-id "$vpc" --cidr-block "10.0.$1.0/24" \
	    --query Subnet.SubnetId)
	a=$(ec2 create-network-acl --vpc-id "$vpc" --query NetworkAcl.NetworkAclId)
	old=$(ec2 describe-network-acls \
	    --filters "Name=association.subnet-id,Values=$s" \
	    --query "NetworkAcls[0].Associations[?SubnetId=='$s'].NetworkAclAssociationId")
	aws ec2 replace-network-acl-association --association-id "$old" \
	    --network-acl-id "$a" >/dev/null
	r=$(ec2 create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
	aws ec2 associate-route-table --route-table-id "$r" --subnet-id "$s" \
	    >/dev/null
	eval "sub_$1=\$s acl_$1=\$a rt_$1=\$r"
}

# entry ACL DIRECTION NUMBER ACTION PROTOCOL PORTS CIDR: a network ACL
# entry; PORTS is FROM-TO or - for none.
entry()
{
	set -- "$@"
	ports=
	[ "$6" = - ] || ports="--port-range From=${6%-*},To=${6#*-}"
	case $7 in
	*:*) cidr="--ipv6-cidr-block $7" ;;
	*) cidr="--cidr-block $7" ;;
	esac
	# shellcheck disable=SC2086
	aws ec2 create-network-acl-entry --network-acl-id "$1" "--$2" \
	    --rule-number "$3" --rule-action "$4" "--protocol=$5" $ports $cidr
}

# open ACL: every protocol both ways, IPv4 and IPv6.
open_acl()
{
	for d in ingress egress; do
		entry "$1" "$d" 100 allow -1 - 0.0.0.0/0
		entry "$1" "$d" 101 allow -1 - ::/0
	done
}

# group NAME [PERMISSIONS...]: a security group with these inbound
# permissions (the AWS CLI's shorthand); prints its id.
group()
{
	g=$(ec2 create-security-group --group-name "$1" --description "$1" \
	    --vpc-id "$vpc" --query GroupId)
	shift
	for p in "$@"; do
		aws ec2 authorize-security-group-ingress --group-id "$g" \
		    --ip-permissions "$p" >/dev/null
	done
	echo "$g"
}

# eni SUBNET ADDRESS GROUP [IPV6]: an interface; prints its id.
eni()
{
	if [ $# -gt 3 ]; then
		ec2 create-network-interface --subnet-id "$1" \
		    --private-ip-address "$2" --groups "$3" \
		    --ipv6-addresses "Ipv6Address=$4" \
		    --query NetworkInterface.NetworkInterfaceId
	else
		ec2 create-network-interface --subnet-id "$1" \
		    --private-ip-address "$2" --groups "$3" \
		    --query NetworkInterface.NetworkInterfaceId
	fi
}

# public ENI: an Elastic IP on the interface, as a public server has.
public()
{
	a=$(ec2 allocate-address --domain vpc --query AllocationId)
	aws ec2 associate-address --allocation-id "$a" \
	    --network-interface-id "$1" >/dev/null
}

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

web='IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0}],Ipv6Ranges=[{CidrIpv6=::/0}]'

# 1. A security group without the client's CIDR.
subnet 1
open_acl "$acl_1"
aws ec2 create-route --route-table-id "$rt_1" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
sg_1=$(group web1 'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=10.0.0.0/16}]')
eni_1=$(eni "$sub_1" 10.0.1.10 "$sg_1")
public "$eni_1"
records "$tmp/1.log" "$eni_1" \
    "203.0.113.5 10.0.1.10 40001 80 1 60 REJECT" \
    "203.0.113.5 10.0.1.10 40001 80 1 60 REJECT" \
    "203.0.113.5 10.0.1.10 40002 80 1 60 REJECT"

# 2. A security group that admits another group, not the client's.
subnet 2
subnet 3
open_acl "$acl_2"
open_acl "$acl_3"
sg_app=$(group app2)
sg_other=$(group other2)
sg_2=$(group web2 "IpProtocol=tcp,FromPort=80,ToPort=80,UserIdGroupPairs=[{GroupId=$sg_app}]")
eni_2=$(eni "$sub_2" 10.0.2.10 "$sg_2")
eni_c2=$(eni "$sub_3" 10.0.3.20 "$sg_other")
eni_c2ok=$(eni "$sub_3" 10.0.3.21 "$sg_app")
records "$tmp/2.log" "$eni_2" \
    "10.0.3.20 10.0.2.10 40020 80 1 60 REJECT" \
    "10.0.3.20 10.0.2.10 40021 80 1 60 REJECT" \
    "10.0.3.21 10.0.2.10 40030 80 12 1320 ACCEPT" \
    "10.0.2.10 10.0.3.21 80 40030 10 18432 ACCEPT"

# 3. A network ACL whose inbound deny comes before its allow.
subnet 4
sg_4=$(group web4 "$web")
entry "$acl_4" ingress 90 deny 6 80-80 203.0.113.0/24
entry "$acl_4" ingress 100 allow 6 80-80 0.0.0.0/0
entry "$acl_4" egress 100 allow -1 - 0.0.0.0/0
aws ec2 create-route --route-table-id "$rt_4" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
eni_4=$(eni "$sub_4" 10.0.4.10 "$sg_4")
public "$eni_4"
records "$tmp/4.log" "$eni_4" \
    "203.0.113.7 10.0.4.10 40040 80 1 60 REJECT" \
    "203.0.113.7 10.0.4.10 40041 80 1 60 REJECT"

# 4. A network ACL whose outbound entries miss the ephemeral range.
subnet 5
sg_5=$(group web5 "$web")
entry "$acl_5" ingress 100 allow 6 80-80 0.0.0.0/0
entry "$acl_5" egress 100 allow 6 443-443 0.0.0.0/0
aws ec2 create-route --route-table-id "$rt_5" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
eni_5=$(eni "$sub_5" 10.0.5.10 "$sg_5")
public "$eni_5"
records "$tmp/5.log" "$eni_5" \
    "203.0.113.12 10.0.5.10 51234 80 3 180 ACCEPT" \
    "10.0.5.10 203.0.113.12 80 51234 3 180 REJECT" \
    "203.0.113.12 10.0.5.10 51240 80 3 180 ACCEPT" \
    "10.0.5.10 203.0.113.12 80 51240 3 180 REJECT"

# 5. An IPv6 client where the network ACL allows IPv4 only.
sub6=$(python3 -c 'import ipaddress, sys
print(list(ipaddress.ip_network(sys.argv[1]).subnets(new_prefix=64))[6])' "$block6")
target6=$(python3 -c 'import ipaddress, sys
print(ipaddress.ip_network(sys.argv[1])[10])' "$sub6")
s=$(ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.0.6.0/24 \
    --ipv6-cidr-block "$sub6" --query Subnet.SubnetId)
acl_6=$(ec2 create-network-acl --vpc-id "$vpc" --query NetworkAcl.NetworkAclId)
old=$(ec2 describe-network-acls --filters "Name=association.subnet-id,Values=$s" \
    --query "NetworkAcls[0].Associations[?SubnetId=='$s'].NetworkAclAssociationId")
aws ec2 replace-network-acl-association --association-id "$old" \
    --network-acl-id "$acl_6" >/dev/null
sub_6=$s
entry "$acl_6" ingress 100 allow 6 80-80 0.0.0.0/0
entry "$acl_6" egress 100 allow -1 - 0.0.0.0/0
entry "$acl_6" egress 101 allow -1 - ::/0
rt_6=$(ec2 create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
aws ec2 associate-route-table --route-table-id "$rt_6" --subnet-id "$sub_6" >/dev/null
aws ec2 create-route --route-table-id "$rt_6" --destination-ipv6-cidr-block ::/0 \
    --gateway-id "$igw" >/dev/null
sg_6=$(group web6 "$web")
eni_6=$(eni "$sub_6" 10.0.6.10 "$sg_6" "$target6")
records "$tmp/6.log" "$eni_6" \
    "2001:db8::5 $target6 40060 80 1 80 REJECT" \
    "2001:db8::5 $target6 40061 80 1 80 REJECT"

# 6. The reply's route is a blackhole: its interface was deleted.
subnet 7
open_acl "$acl_7"
sg_7=$(group web7 "$web")
aws ec2 create-route --route-table-id "$rt_7" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
gone=$(ec2 create-network-interface --subnet-id "$sub_7" \
    --query NetworkInterface.NetworkInterfaceId)
aws ec2 create-route --route-table-id "$rt_7" \
    --destination-cidr-block 198.51.100.0/24 --network-interface-id "$gone" >/dev/null
aws ec2 delete-network-interface --network-interface-id "$gone"
[ "$(ec2 describe-route-tables --route-table-ids "$rt_7" \
    --query "RouteTables[0].Routes[?DestinationCidrBlock=='198.51.100.0/24'].State")" = blackhole ] ||
	fail "tests/moto-server.py does not show the blackhole"
eni_7=$(eni "$sub_7" 10.0.7.10 "$sg_7")
public "$eni_7"
records "$tmp/7.log" "$eni_7" \
    "198.51.100.9 10.0.7.10 40070 80 1 60 ACCEPT" \
    "10.0.7.10 198.51.100.9 80 40070 1 60 ACCEPT" \
    "198.51.100.9 10.0.7.10 40070 80 1 60 ACCEPT" \
    "10.0.7.10 198.51.100.9 80 40070 1 60 ACCEPT"

# 7. A public client, and a subnet whose route table has no route to the
# internet gateway.
subnet 8
open_acl "$acl_8"
sg_8=$(group web8 "$web")
eni_8=$(eni "$sub_8" 10.0.8.10 "$sg_8")
public "$eni_8"
records "$tmp/8.log" "$eni_8" \
    "192.0.2.44 10.0.8.10 40080 80 1 60 ACCEPT" \
    "10.0.8.10 192.0.2.44 80 40080 1 60 ACCEPT" \
    "192.0.2.44 10.0.8.10 40080 80 1 60 ACCEPT" \
    "10.0.8.10 192.0.2.44 80 40080 1 60 ACCEPT"

# 8. Every layer allows what the records show rejected.
subnet 9
open_acl "$acl_9"
sg_9=$(group web9 "$web")
aws ec2 create-route --route-table-id "$rt_9" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
eni_9=$(eni "$sub_9" 10.0.9.10 "$sg_9")
public "$eni_9"
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
		expect_json "[.next_steps[] | select(contains(\"\$ $7\"))] | length" 1
		expect_json ".config.flows[0].layers[] | select(.layer == \"$4\") | .decision" denies
		expect_json ".config.flows[0].layers[] | select(.layer == \"$4\") | .component" "$5"
	done
}

check 1 10.0.1.10:80 inbound-rejected-sg target-sg-in "$sg_1" 0 \
    "aws ec2 authorize-security-group-ingress --group-id $sg_1 --protocol tcp --port 80 --cidr 203.0.113.5/32"
how="case 1 why"
expect_json '.evidence.facts["config.why"] | contains("10.0.0.0/16")' true

check 2 10.0.2.10:80 inbound-rejected-sg target-sg-in "$sg_2" 0 \
    "aws ec2 authorize-security-group-ingress --group-id $sg_2 --protocol tcp --port 80 --cidr 10.0.3.20/32"
how="case 2 referenced group"
expect_json '.evidence.facts["config.why"] | contains("'"$sg_app"'")' true
# The client in the referenced group is admitted: its flows allow.
expect_json '.config.flows[] | select(.client == "10.0.3.21") | .layers[] | select(.layer == "target-sg-in") | .decision' allows
expect_json '.config.flows[] | select(.client == "10.0.3.21") | .client_interface' "$eni_c2ok"
expect_json '.config.flows[] | select(.client == "10.0.3.20") | .client_interface' "$eni_c2"

check 4 10.0.4.10:80 inbound-rejected-acl target-acl-in "$acl_4" 90 \
    "aws ec2 create-network-acl-entry --network-acl-id $acl_4 --ingress --rule-number 89 --protocol tcp --port-range From=80,To=80 --cidr-block 203.0.113.7/32 --rule-action allow"

check 5 10.0.5.10:80 reply-rejected-acl target-acl-out "$acl_5" 32767 \
    "aws ec2 create-network-acl-entry --network-acl-id $acl_5 --egress --rule-number 32766 --protocol tcp --port-range From=1024,To=65535 --cidr-block 203.0.113.12/32 --rule-action allow"

check 6 "[$target6]:80" inbound-rejected-acl target-acl-in "$acl_6" 32767 \
    "aws ec2 create-network-acl-entry --network-acl-id $acl_6 --ingress --rule-number 32766 --protocol tcp --port-range From=80,To=80 --ipv6-cidr-block 2001:db8::5/128 --rule-action allow"

check 7 10.0.7.10:80 reply-route-blocked route-reply "$rt_7" 0 \
    "aws ec2 replace-route --route-table-id $rt_7 --destination-cidr-block 198.51.100.0/24 --gateway-id $igw"
how="case 6 confidence"
expect_json .verdict.confidence medium

check 8 10.0.8.10:80 reply-route-blocked route-reply "$rt_8" 0 \
    "aws ec2 create-route --route-table-id $rt_8 --destination-cidr-block 0.0.0.0/0 --gateway-id $igw"

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
