#!/bin/sh
# Regenerates the moto-*.json and pl-*.json fixtures of tests/data/config/:
# what the real AWS CLI prints for describe-security-groups,
# describe-network-acls, describe-route-tables, describe-network-interfaces,
# describe-managed-prefix-lists and get-managed-prefix-list-entries, asked of
# moto's server (python3 -m moto.server) about a VPC built here: two
# subnets, an internet, an egress-only internet and a NAT gateway, a
# managed prefix list, security groups with IPv4, IPv6, prefix-list and
# group peers, a network ACL with IPv4 and IPv6 entries, route tables with
# local, igw, eigw, nat and prefix-list destinations, and an interface with
# two private IPv4 addresses, an IPv6 address and a public IP.
#
# moto's ids are random: the script seeds its generator (moto-api/seed) so
# that a second run writes the same ids, which tests/unit/test_vpc_json.c
# names.  A moto of another version may still draw them otherwise; then the
# test's ids change with the files.
#
#   sh tests/make-config-fixtures.sh     (needs moto[server] and aws)
#
# The hand-written files beside them (aws-*.json and the others the README
# lists) hold what moto leaves out, written from EC2's documented output.
set -eu
cd "$(dirname "$0")/.."
out=tests/data/config
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null; [ -z "${KEEP_LOG:-}" ] || cp "$tmp/moto.log" "$KEEP_LOG"; rm -rf "$tmp"' EXIT
url=http://127.0.0.1:$port
i=0
until curl -s -o /dev/null "$url/"; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { cat "$tmp/moto.log" >&2; exit 1; }
	sleep 0.1
done
curl -s -X POST "$url/moto-api/seed?a=17" >/dev/null

AWS_ACCESS_KEY_ID=x
AWS_SECRET_ACCESS_KEY=y
AWS_DEFAULT_REGION=us-east-1
AWS_ENDPOINT_URL=$url
AWS_CONFIG_FILE=/nonexistent
AWS_SHARED_CREDENTIALS_FILE=/nonexistent
AWS_EC2_METADATA_DISABLED=true
AWS_PAGER=
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION \
    AWS_ENDPOINT_URL AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE \
    AWS_EC2_METADATA_DISABLED AWS_PAGER

ec2()
{
	aws ec2 "$@"
}

vpc=$(ec2 create-vpc --cidr-block 10.0.0.0/16 \
    --amazon-provided-ipv6-cidr-block --query Vpc.VpcId --output text)
v6=$(ec2 describe-vpcs --vpc-ids "$vpc" --query \
    'Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock' --output text)
v6sub=$(echo "$v6" | sed 's|::/56$|::/64|')
public=$(ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.0.1.0/24 \
    --ipv6-cidr-block "$v6sub" --query Subnet.SubnetId --output text)
private=$(ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.0.2.0/24 \
    --query Subnet.SubnetId --output text)
igw=$(ec2 create-internet-gateway --query InternetGateway.InternetGatewayId \
    --output text)
ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
eigw=$(ec2 create-egress-only-internet-gateway --vpc-id "$vpc" --query \
    EgressOnlyInternetGateway.EgressOnlyInternetGatewayId --output text)
natip=$(ec2 allocate-address --domain vpc --query AllocationId --output text)
nat=$(ec2 create-nat-gateway --subnet-id "$public" --allocation-id "$natip" \
    --query NatGateway.NatGatewayId --output text)
pl=$(ec2 create-managed-prefix-list --prefix-list-name office \
    --address-family IPv4 --max-entries 5 \
    --entries Cidr=203.0.113.0/24,Description=office \
    Cidr=198.51.100.16/28,Description=vpn \
    --query PrefixList.PrefixListId --output text)

app=$(ec2 create-security-group --vpc-id "$vpc" --group-name app \
    --description app --query GroupId --output text)
web=$(ec2 create-security-group --vpc-id "$vpc" --group-name web \
    --description web --query GroupId --output text)
ec2 authorize-security-group-ingress --group-id "$web" --ip-permissions \
    '[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"0.0.0.0/0","Description":"https"}],"Ipv6Ranges":[{"CidrIpv6":"::/0"}]},
      {"IpProtocol":"tcp","FromPort":22,"ToPort":22,"PrefixListIds":[{"PrefixListId":"'"$pl"'"}]},
      {"IpProtocol":"udp","FromPort":1000,"ToPort":2000,"IpRanges":[{"CidrIp":"10.0.0.0/16"},{"CidrIp":"192.168.1.0/24"}]},
      {"IpProtocol":"icmp","FromPort":8,"ToPort":-1,"IpRanges":[{"CidrIp":"10.0.0.0/8"}]}]' >/dev/null
ec2 authorize-security-group-ingress --group-id "$app" --ip-permissions \
    '[{"IpProtocol":"tcp","FromPort":5432,"ToPort":5432,"UserIdGroupPairs":[{"GroupId":"'"$web"'"}]},
      {"IpProtocol":"-1","IpRanges":[{"CidrIp":"10.0.2.0/24"}]}]' >/dev/null

acl=$(ec2 create-network-acl --vpc-id "$vpc" --query NetworkAcl.NetworkAclId \
    --output text)
ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 100 \
    --ingress --rule-action allow --protocol tcp --port-range From=443,To=443 \
    --cidr-block 0.0.0.0/0
ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 110 \
    --ingress --rule-action allow --protocol tcp \
    --port-range From=1024,To=65535 --ipv6-cidr-block ::/0
ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 120 \
    --ingress --rule-action deny --protocol icmp --icmp-type-code Type=8,Code=0 \
    --cidr-block 0.0.0.0/0
ec2 create-network-acl-entry --network-acl-id "$acl" --rule-number 100 \
    --egress --rule-action allow --protocol -1 --cidr-block 0.0.0.0/0
assoc=$(ec2 describe-network-acls --filters Name=vpc-id,Values="$vpc" \
    Name=default,Values=true --query \
    "NetworkAcls[0].Associations[?SubnetId=='$public'].NetworkAclAssociationId" \
    --output text)
ec2 replace-network-acl-association --association-id "$assoc" \
    --network-acl-id "$acl" >/dev/null

rtpub=$(ec2 create-route-table --vpc-id "$vpc" --query \
    RouteTable.RouteTableId --output text)
ec2 create-route --route-table-id "$rtpub" --destination-cidr-block 0.0.0.0/0 \
    --gateway-id "$igw" >/dev/null
ec2 create-route --route-table-id "$rtpub" \
    --destination-ipv6-cidr-block ::/0 \
    --egress-only-internet-gateway-id "$eigw" >/dev/null
ec2 associate-route-table --route-table-id "$rtpub" --subnet-id "$public" \
    >/dev/null
rtpriv=$(ec2 create-route-table --vpc-id "$vpc" --query \
    RouteTable.RouteTableId --output text)
ec2 create-route --route-table-id "$rtpriv" \
    --destination-cidr-block 0.0.0.0/0 --nat-gateway-id "$nat" >/dev/null
ec2 create-route --route-table-id "$rtpriv" --destination-prefix-list-id "$pl" \
    --gateway-id "$igw" >/dev/null
ec2 associate-route-table --route-table-id "$rtpriv" --subnet-id "$private" \
    >/dev/null

eni=$(ec2 create-network-interface --subnet-id "$public" --groups "$web" \
    --private-ip-address 10.0.1.10 --ipv6-address-count 1 --query \
    NetworkInterface.NetworkInterfaceId --output text)
ec2 assign-private-ip-addresses --network-interface-id "$eni" \
    --private-ip-addresses 10.0.1.11 >/dev/null
eip=$(ec2 allocate-address --domain vpc --query AllocationId --output text)
ec2 associate-address --allocation-id "$eip" --network-interface-id "$eni" \
    >/dev/null
ec2 create-network-interface --subnet-id "$private" --groups "$app" \
    --private-ip-address 10.0.2.20 >/dev/null

f="Name=vpc-id,Values=$vpc"
ec2 describe-security-groups --filters "$f" >"$out/moto-security-groups.json"
ec2 describe-network-acls --filters "$f" >"$out/moto-network-acls.json"
ec2 describe-route-tables --filters "$f" >"$out/moto-route-tables.json"
ec2 describe-network-interfaces --filters "$f" \
    >"$out/moto-network-interfaces.json"
ec2 describe-managed-prefix-lists --prefix-list-ids "$pl" \
    >"$out/moto-prefix-lists.json"
ec2 get-managed-prefix-list-entries --prefix-list-id "$pl" >"$out/$pl.json"
echo "wrote $out/moto-*.json and $out/$pl.json (vpc $vpc)"
