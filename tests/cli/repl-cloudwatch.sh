#!/bin/sh
# The REPL on CloudWatch Logs, against moto: the guide asks for the region,
# the profile and the log group (a group that does not exist is asked
# again, naming the region), and the verdict and the saved report are the
# ones check --log-group gives.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
need_moto
start_moto
put_sample /vpc/flowlogs/web
aws logs create-log-group --log-group-name /vpc/flowlogs/db
export FLOWDIAG_NOW=$(($(date +%s) + 86400))

repl()
{
	status=0
	printf '%s\n' "$@" | "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || status=$?
}

# set source log-group, run, save: the report check --log-group prints.
repl "set target 10.0.1.10:80" "set source log-group /vpc/flowlogs/web" \
    "set window $sample_from $sample_to" run "save $tmp/saved.json" show
expect_status 0
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80"
expect_out "source       /vpc/flowlogs/web"
expect_out "region       (from the environment)"
run check 10.0.1.10:80 --log-group /vpc/flowlogs/web --from "$sample_from" \
    --to "$sample_to" --json
expect_status 10
jq -S . "$tmp/out" >"$tmp/want"
jq -S . "$tmp/saved.json" >"$tmp/got" || fail "nothing saved"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "the REPL's report differs from check's: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 1))
validate_json "$tmp/saved.json"

# The guide: cloudwatch, the region from the environment as the default,
# no profile, a group that does not exist asked again, then the window.
repl guide 10.0.1.10:80 "" cloudwatch "" "" /vpc/nope /vpc/flowlogs/web \
    "$sample_from $sample_to" show
expect_status 0
expect_out "   region [us-east-1]: "
expect_out "   profile (Enter: default): "
expect_out "   ! no log group '/vpc/nope' in us-east-1 (Tab lists them): try again"
expect_out "   window [-1h]: $sample_from $sample_to"
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80, but its"
expect_out "source       /vpc/flowlogs/web"

# Groups that cannot be listed (nothing listens at the endpoint): the
# guide says the name it was given is not checked, and the run says why.
closed=$(free_port)
AWS_ENDPOINT_URL=http://127.0.0.1:$closed FLOWDIAG_BACKOFF_MS=10 \
    repl guide 10.0.1.10:80 "" cloudwatch "" "" /vpc/x "-1h"
expect_status 25
expect_out "   (the log groups could not be listed, so '/vpc/x' is not checked: cannot"
expect_err "flowdiag: cannot connect to http://127.0.0.1:$closed: check the network, proxy and --endpoint-url"

# A group that vanished between the question and the run: the run's error
# names it, and the guide asks for the source again.
repl "set target 10.0.1.10:80" "set source log-group /vpc/flowlogs/gone" run
expect_status 23
expect_err "log group '/vpc/flowlogs/gone' not found in us-east-1"

# Without credentials the run says so, with the status check uses.
AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_SESSION_TOKEN= \
    repl "set target 10.0.1.10:80" "set source log-group /vpc/flowlogs/web" run show
expect_status 20
expect_out "verdict      none yet (run)"

done_testing
