#!/bin/sh
# --s3 without --account: EC2 is asked whose the target's address is
# (DescribeNetworkInterfaces' ownerId), and the listing goes straight to
# that account's folder of the region asked, not to AWSLogs/ nor to the
# other accounts' and regions' folders; when EC2 cannot say (no interface
# has the address, --no-ec2) or the account's folder holds nothing, every
# account is listed, as before.  moto serves EC2 and S3.
. "${srcdir:-.}/tests/lib.sh"

need_moto
start_moto
export FLOWDIAG_BACKOFF_MS=0 FLOWDIAG_NOW=1700086400
window="--from 1700000000 --to 1700003600"

python3 "${srcdir:-.}/tests/make-scenarios.py" "$tmp/corpus" >/dev/null ||
	fail "make-scenarios.py failed"
python3 "${srcdir:-.}/tests/make-s3-objects.py" "$tmp/corpus" "$tmp/objects" \
    reachable || fail "make-s3-objects.py failed"
# org/: the window's 3 objects in account 123456789012 (moto's, which owns
# the interface made below) in us-east-1, the same in its eu-west-1
# folder and in account 210987654321's; other/: only the other account.
logs="$tmp/objects/window/plain/reachable/AWSLogs"
mkdir -p "$tmp/org/AWSLogs/123456789012/vpcflowlogs" "$tmp/other/AWSLogs"
cp -R "$logs/123456789012" "$tmp/org/AWSLogs/"
cp -R "$logs/123456789012/vpcflowlogs/us-east-1" \
    "$tmp/org/AWSLogs/123456789012/vpcflowlogs/eu-west-1"
cp -R "$logs/123456789012" "$tmp/org/AWSLogs/210987654321"
cp -R "$logs/123456789012" "$tmp/other/AWSLogs/210987654321"
aws s3 mb s3://flows >/dev/null || fail "cannot make the bucket in moto"
aws s3 cp --recursive --quiet "$tmp/org" s3://flows/org/ ||
	fail "cannot upload org/"
aws s3 cp --recursive --quiet "$tmp/other" s3://flows/other/ ||
	fail "cannot upload other/"

# The target's interface, in moto's account.
vpc=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId \
    --output text) || fail "create-vpc"
subnet=$(aws ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.0.1.0/24 \
    --query Subnet.SubnetId --output text) || fail "create-subnet"
aws ec2 create-network-interface --subnet-id "$subnet" \
    --private-ip-address 10.0.1.10 >/dev/null || fail "create-network-interface"

# fresh: moto's log from here on.
fresh()
{
	mark=$(wc -l <"$tmp/moto.log")
}
since()
{
	tail -n "+$((mark + 1))" "$tmp/moto.log"
}
gets()
{
	since | grep -c '"GET /flows/[^? ]*\.log\.[a-z]* HTTP' || :
}
# listed PREFIX: whether PREFIX itself was listed since fresh.
listed()
{
	since | grep -q "\"GET /flows?delimiter=/&list-type=2&prefix=$1 "
}

# EC2 names the account: only its us-east-1 folder is listed and read.
fresh
# shellcheck disable=SC2086 # $window: two options
run check 10.0.1.10:80 --s3 s3://flows/org $window --debug
expect_status 0
expect_err "flowdiag: debug: EC2: the target's address is account 123456789012's: listing its S3 folders of us-east-1"
[ "$(gets)" -eq 3 ] || fail "$(gets) GetObject requests, expected 3"
! listed org/AWSLogs/ || fail "AWSLogs/ was listed though EC2 named the account"
listed org/AWSLogs/123456789012/vpcflowlogs/ ||
	fail "the account's regions were not listed"
! listed org/AWSLogs/123456789012/vpcflowlogs/eu-west-1/2023/11/14/ ||
	fail "eu-west-1 was listed"
! since | grep -q 'prefix=org/AWSLogs/210987654321' ||
	fail "the other account was listed"
passed=$((passed + 5))

# --no-ec2: every account and region, as before.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --s3 s3://flows/org $window --no-ec2
expect_status 0
[ "$(gets)" -eq 9 ] || fail "--no-ec2: $(gets) GetObject requests, expected 9"
listed org/AWSLogs/ || fail "--no-ec2: AWSLogs/ not listed"
passed=$((passed + 2))

# No interface has the address: EC2 cannot say, every account is listed.
fresh
# shellcheck disable=SC2086
run check 10.0.1.99:80 --s3 s3://flows/org $window --debug
expect_err "flowdiag: debug: no network interface in us-east-1 has the address 10.0.1.99: listing every account's S3 folders"
listed org/AWSLogs/ || fail "no interface: AWSLogs/ not listed"
[ "$(gets)" -eq 9 ] || fail "no interface: $(gets) GetObject requests, expected 9"
passed=$((passed + 2))

# The account EC2 gives has no folder there: every account is listed.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --s3 s3://flows/other $window --debug
expect_status 0
expect_err "flowdiag: debug: s3://flows/other: no flow logs of account 123456789012 in us-east-1, which EC2 gave: listing every account"
[ "$(gets)" -eq 3 ] || fail "other/: $(gets) GetObject requests, expected 3"
passed=$((passed + 1))

# --account is the user's word: EC2 is not asked, and a wrong one is an
# error, not a guess to fall back from.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --s3 s3://flows/other --account 123456789012 $window --debug
expect_status 66
expect_err "flowdiag: s3://flows/other: no flow logs of account 123456789012"
! grep -q "DescribeNetworkInterfaces" "$tmp/err" || fail "EC2 asked with --account"
passed=$((passed + 1))

done_testing
