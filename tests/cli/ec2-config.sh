#!/bin/sh
# The configuration that governs a target's traffic, read from EC2 by
# ec2_read_config() (tests/ec2-config-dump prints it), end to end against
# moto: a VPC built with the real AWS CLI (two subnets, security groups
# with CIDR, group and prefix-list rules, a custom network ACL, a route
# table with an internet gateway and a prefix-list route, the main table)
# read back as the ids the CLI returned.  And, from tests/fake-ec2.py,
# what moto cannot do: every action denied, DescribeNetworkAcls alone
# denied; then an endpoint out of reach, which stops the reading.
. "${srcdir:-.}/tests/lib.sh"

: "${EC2_CONFIG_DUMP:?}"
need_moto
start_moto
export FLOWDIAG_BACKOFF_MS=10
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL_EC2
LC_ALL=C
export LC_ALL

# dump ARGS...: runs the dump, keeping stdout, stderr and the status.
dump()
{
	status=0
	"$EC2_CONFIG_DUMP" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}

id()
{
	aws ec2 "$@" --output text
}

vpc=$(id create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId)
s1=$(id create-subnet --vpc-id "$vpc" --cidr-block 10.0.1.0/24 --query Subnet.SubnetId)
s2=$(id create-subnet --vpc-id "$vpc" --cidr-block 10.0.2.0/24 --query Subnet.SubnetId)
web=$(id create-security-group --vpc-id "$vpc" --group-name web \
    --description web --query GroupId)
app=$(id create-security-group --vpc-id "$vpc" --group-name app \
    --description app --query GroupId)
# Named by a rule of web, but no interface read is in it.
admin=$(id create-security-group --vpc-id "$vpc" --group-name admin \
    --description admin --query GroupId)
pl=$(id create-managed-prefix-list --prefix-list-name corp \
    --address-family IPv4 --max-entries 5 \
    --entries Cidr=10.8.0.0/16,Description=office Cidr=192.168.0.0/24 \
    --query PrefixList.PrefixListId)
aws ec2 authorize-security-group-ingress --group-id "$web" --ip-permissions \
    'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=10.0.0.0/16,Description=vpc}],Ipv6Ranges=[{CidrIpv6=2001:db8::/32}]' \
    "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=$app}]" \
    "IpProtocol=tcp,FromPort=22,ToPort=22,PrefixListIds=[{PrefixListId=$pl}]" \
    'IpProtocol=icmp,FromPort=8,ToPort=-1,IpRanges=[{CidrIp=0.0.0.0/0}]' \
    "IpProtocol=tcp,FromPort=8443,ToPort=8443,UserIdGroupPairs=[{GroupId=$admin}]" \
    >/dev/null
# The target, a client, and a member of app that is no client.  (moto
# matches a filter of several values on a list, as group-id is, only when
# the list holds all the values or they hold all of it; EC2 matches any:
# so each interface here is in one group.)
target=$(id create-network-interface --subnet-id "$s1" \
    --private-ip-address 10.0.1.10 --groups "$web" \
    --query NetworkInterface.NetworkInterfaceId)
client=$(id create-network-interface --subnet-id "$s2" \
    --private-ip-address 10.0.2.20 --groups "$app" \
    --query NetworkInterface.NetworkInterfaceId)
member=$(id create-network-interface --subnet-id "$s2" \
    --private-ip-address 10.0.2.30 --groups "$app" \
    --query NetworkInterface.NetworkInterfaceId)
# An interface no rule and no address names: never read.
id create-network-interface --subnet-id "$s2" --private-ip-address 10.0.2.40 \
    --query NetworkInterface.NetworkInterfaceId >/dev/null
acl=$(id create-network-acl --vpc-id "$vpc" --query NetworkAcl.NetworkAclId)
aws ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 100 \
    --protocol 6 --port-range From=80,To=80 --cidr-block 10.0.0.0/16 \
    --rule-action allow --ingress
aws ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 200 \
    --protocol -1 --cidr-block 0.0.0.0/0 --rule-action deny --ingress
aws ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 100 \
    --protocol 17 --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 \
    --rule-action allow --egress
dflt=$(id describe-network-acls --filters Name=vpc-id,Values="$vpc" \
    Name=default,Values=true --query 'NetworkAcls[0].NetworkAclId')
assoc=$(id describe-network-acls --filters Name=association.subnet-id,Values="$s1" \
    --query "NetworkAcls[0].Associations[?SubnetId=='$s1'].NetworkAclAssociationId")
aws ec2 replace-network-acl-association --association-id "$assoc" \
    --network-acl-id "$acl" >/dev/null
igw=$(id create-internet-gateway --query InternetGateway.InternetGatewayId)
aws ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
rtb=$(id create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
aws ec2 create-route --route-table-id "$rtb" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
aws ec2 create-route --route-table-id "$rtb" --destination-prefix-list-id "$pl" \
    --gateway-id "$igw" >/dev/null
aws ec2 associate-route-table --route-table-id "$rtb" --subnet-id "$s1" >/dev/null
main=$(id describe-route-tables --filters Name=vpc-id,Values="$vpc" \
    Name=association.main,Values=true --query 'RouteTables[0].RouteTableId')

# The clients: 199 addresses no interface holds, then 10.0.2.20, so that
# the client's interface is in the second request of 200 filter values
# (the target's address is the first value); and a public address, which
# is not looked up.
# shellcheck disable=SC2046
dump 10.0.1.10 $(seq 1 199 | sed 's/^/10.0.9./') 10.0.2.20 203.0.113.5

# What the CLI built, in the dump's form: the target's, the client's and
# the member's interfaces; web, app and admin (named by web's rule); s1's
# custom ACL and s2's default one (moto lists the default's entries egress
# first); s1's table and the main one, which s2 falls back to; the prefix
# list with its entries.
sort >"$tmp/want" <<EOF
interface $target subnet $s1 vpc $vpc addrs 10.0.1.10 public - groups $web origin api
interface $client subnet $s2 vpc $vpc addrs 10.0.2.20 public - groups $app origin api
interface $member subnet $s2 vpc $vpc addrs 10.0.2.30 public - groups $app origin api
EOF
cat >>"$tmp/want" <<EOF
$(printf '%s\n%s\n%s\n' "$web" "$app" "$admin" | sort | while read -r g; do
	case $g in
	"$web")
		echo "sg $web name 'web' vpc $vpc origin api"
		echo "  in tcp 80-80 cidr 10.0.0.0/16 'vpc'"
		echo "  in tcp 80-80 cidr 2001:db8::/32"
		echo "  in tcp 443-443 group $app"
		echo "  in tcp 22-22 pl $pl"
		echo "  in icmp 8-any cidr 0.0.0.0/0"
		echo "  in tcp 8443-8443 group $admin"
		echo "  out all any cidr 0.0.0.0/0" ;;
	"$app")
		echo "sg $app name 'app' vpc $vpc origin api"
		echo "  out all any cidr 0.0.0.0/0" ;;
	*)
		echo "sg $admin name 'admin' vpc $vpc origin api"
		echo "  out all any cidr 0.0.0.0/0" ;;
	esac
done)
$(printf '%s\n%s\n' "$acl" "$dflt" | sort | while read -r a; do
	if [ "$a" = "$acl" ]; then
		echo "acl $acl vpc $vpc default no subnets $s1 origin api"
		echo "  ingress 100 allow proto 6 ports 80-80 icmp any/any cidr 10.0.0.0/16"
		echo "  ingress 200 deny proto -1 ports any icmp any/any cidr 0.0.0.0/0"
		echo "  egress 100 allow proto 17 ports 1024-65535 icmp any/any cidr 0.0.0.0/0"
	else
		echo "acl $dflt vpc $vpc default yes subnets $s2 origin api"
		echo "  egress 100 allow proto -1 ports any icmp any/any cidr 0.0.0.0/0"
		echo "  egress 32767 deny proto -1 ports any icmp any/any cidr 0.0.0.0/0"
		echo "  ingress 100 allow proto -1 ports any icmp any/any cidr 0.0.0.0/0"
		echo "  ingress 32767 deny proto -1 ports any icmp any/any cidr 0.0.0.0/0"
	fi
done)
$(printf '%s\n%s\n' "$rtb" "$main" | sort | while read -r t; do
	if [ "$t" = "$rtb" ]; then
		echo "rtb $rtb vpc $vpc main no subnets $s1 origin api"
		echo "  route 10.0.0.0/16 local"
		echo "  route 0.0.0.0/0 $igw"
		echo "  route $pl $igw"
	else
		echo "rtb $main vpc $vpc main yes subnets - origin api"
		echo "  route 10.0.0.0/16 local"
	fi
done)
pl $pl name 'corp' entries 10.8.0.0/16,192.168.0.0/24 origin api
EOF
[ "$status" -eq 0 ] || fail "dump exited $status: $(cat "$tmp/err")"
same "$tmp/want"
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"
passed=$((passed + 1))

# More clients than are looked up: a line says how many were not.
seq 1 300 | awk '{ print "10.1." int($1 / 250) "." ($1 % 250 + 1) }' >"$tmp/many"
# shellcheck disable=SC2046
dump 10.0.1.10 $(cat "$tmp/many")
[ "$status" -eq 0 ] || fail "dump exited $status: $(cat "$tmp/err")"
expect_out "missing 44 clients beyond the first 256: their interfaces are not looked up"
expect_out "interface $target subnet $s1"

# Every action denied: the interfaces cannot be had, so nothing else is
# asked; one line says so, one warning, and the reading goes on to exit 0.
start_fake fake-ec2.py denied
AWS_ENDPOINT_URL_EC2=$fakeurl dump 10.0.1.10 10.0.2.20
[ "$status" -eq 0 ] || fail "denied: dump exited $status: $(cat "$tmp/err")"
cat >"$tmp/want" <<EOF
missing ec2:DescribeNetworkInterfaces denied: the interfaces are not known, nor their security groups, network ACLs and route tables
EOF
same "$tmp/want"
expect_err "warning: access denied to ec2:DescribeNetworkInterfaces: allow it in the IAM policy"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one warning: $(cat "$tmp/err")"
passed=$((passed + 1))

# DescribeNetworkAcls alone denied: the rest is read, the ACLs are a line.
start_fake fake-ec2.py acl-denied
AWS_ENDPOINT_URL_EC2=$fakeurl dump 10.0.1.10
[ "$status" -eq 0 ] || fail "acl-denied: dump exited $status: $(cat "$tmp/err")"
cat >"$tmp/want" <<EOF
interface eni-0a1b2c3d4e5f60001 subnet subnet-1 vpc vpc-1 addrs 10.0.1.10 public - groups sg-1 origin api
sg sg-1 name 'web' vpc vpc-1 origin api
  in tcp 443-443 cidr 10.0.0.0/16
rtb rtb-1 vpc vpc-1 main no subnets subnet-1 origin api
  route 10.0.0.0/16 local
  route 0.0.0.0/0 nat-1 blackhole
missing ec2:DescribeNetworkAcls denied: the network ACLs are not judged
EOF
same "$tmp/want"
expect_err "warning: access denied to ec2:DescribeNetworkAcls: allow it in the IAM policy"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one warning: $(cat "$tmp/err")"
passed=$((passed + 1))

# GetManagedPrefixListEntries refused (not denied) for both lists: a line
# for each, one warning for the action.
start_fake fake-ec2.py pl-fail
AWS_ENDPOINT_URL_EC2=$fakeurl dump 10.0.1.10
[ "$status" -eq 0 ] || fail "pl-fail: dump exited $status: $(cat "$tmp/err")"
why="ec2 GetManagedPrefixListEntries failed: HTTP 400 InvalidAction: no action GetManagedPrefixListEntries"
cat >"$tmp/want" <<EOF
interface eni-0a1b2c3d4e5f60001 subnet subnet-1 vpc vpc-1 addrs 10.0.1.10 public - groups sg-1 origin api
sg sg-1 name 'web' vpc - origin api
  in tcp 22-22 pl pl-1
  in tcp 22-22 pl pl-2
pl pl-1 name 'corp' entries unknown origin api
pl pl-2 name 'lab' entries unknown origin api
missing ec2:GetManagedPrefixListEntries failed ($why): the entries of prefix list pl-1 are not known
missing ec2:GetManagedPrefixListEntries failed ($why): the entries of prefix list pl-2 are not known
EOF
same "$tmp/want"
expect_err "warning: $why: the entries of prefix list pl-1 are not known"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one warning: $(cat "$tmp/err")"
passed=$((passed + 1))

# No way to the endpoint: every call would fail the same, so the reading
# stops at the first with the network's status (25).
AWS_ENDPOINT_URL_EC2=http://127.0.0.1:$(free_port) dump 10.0.1.10
expect_status 25
[ ! -s "$tmp/out" ] || fail "unreachable: output $(cat "$tmp/out")"
passed=$((passed + 1))

done_testing
