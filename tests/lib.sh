# Shared by the shell tests: a scratch directory, and checks that say what
# they expected when they fail.  Sourced with $FLOWDIAG, $EXAMPLES and
# $TESTDATA set by the test harness.

set -eu

: "${FLOWDIAG:?}" "${EXAMPLES:?}"
tmp=$(mktemp -d)
# Background servers started with stop_at_exit go when the test ends.
bg_pids=
trap '[ -z "$bg_pids" ] || kill $bg_pids 2>/dev/null || :; rm -rf "$tmp"' EXIT INT TERM
passed=0

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

# run CMD...: runs flowdiag, keeping stdout, stderr and the exit status in
# $tmp/out, $tmp/err and $status.  What it prints after --json is kept too,
# for done_testing to validate against the schema.
json_kept=0
# Absolute, for tests that cd.
json_top=$(cd "${srcdir:-.}" && pwd)
run()
{
	status=0
	"$FLOWDIAG" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
	for arg; do
		case $arg in
		--) break ;;
		--json | -j | -[a-zA-Z]*j)
			json_kept=$((json_kept + 1))
			mkdir -p "$tmp/json"
			cp "$tmp/out" "$tmp/json/$json_kept.json"
			break
			;;
		esac
	done
}

# validate_json FILE...: each FILE fits schema/flowdiag-report.schema.json
# (all in one python3 process); nothing is checked without
# python3-jsonschema, which tests/cli/json-schema.sh reports as a skip.
validate_json()
{
	python3 -c 'import jsonschema' 2>/dev/null || return 0
	python3 "$json_top/tests/validate-json.py" \
	    "$json_top/schema/flowdiag-report.schema.json" "$@" >"$tmp/valid" ||
		fail "JSON output outside the schema: $(grep -v ' documents valid$' "$tmp/valid" | head -20)"
	passed=$((passed + 1))
}

# expect_status N: the last run exited with N.
expect_status()
{
	[ "$status" -eq "$1" ] ||
		fail "expected exit status $1, got $status; stderr: $(cat "$tmp/err")"
	passed=$((passed + 1))
}

# expect_out TEXT / expect_err TEXT: the last run's stdout (stderr) holds
# TEXT as a fixed string.
expect_out()
{
	grep -qF -- "$1" "$tmp/out" ||
		fail "stdout lacks '$1'; it was: $(cat "$tmp/out")"
	passed=$((passed + 1))
}

expect_err()
{
	grep -qF -- "$1" "$tmp/err" ||
		fail "stderr lacks '$1'; it was: $(cat "$tmp/err")"
	passed=$((passed + 1))
}

# expect_lines N: stdout has exactly N lines.
expect_lines()
{
	n=$(wc -l <"$tmp/out")
	[ "$n" -eq "$1" ] || fail "expected $1 lines of output, got $n: $(cat "$tmp/out")"
	passed=$((passed + 1))
}

# same FILE: stdout equals FILE byte for byte.
same()
{
	cmp -s "$1" "$tmp/out" ||
		fail "output differs from $1: $(diff "$1" "$tmp/out" | head -20)"
	passed=$((passed + 1))
}

# stop_at_exit PID: kills PID when the test ends, however it ends.
stop_at_exit()
{
	bg_pids="$bg_pids $1"
}

# free_port: a TCP port nothing listens on now.
free_port()
{
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL: until something answers there, 10 s at the most.
wait_http()
{
	i=0
	while ! curl -s -o /dev/null "$1"; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "nothing answers at $1"
		sleep 0.1
	done
}

# wait_port FILE WHAT: until a server started in the background writes
# its port to FILE, 10 s at the most; prints the port.
wait_port()
{
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "$2 did not start"
		sleep 0.1
	done
	cat "$1"
}

# start_fake SCRIPT MODE [ARG...]: (re)starts tests/SCRIPT, a stand-in for
# an AWS service, in MODE; it writes its port to $tmp/fakeport and takes
# the ARGs after that.  Sets $fakeurl; the server goes at exit.
fake_pid=
start_fake()
{
	script=$1 mode=$2
	shift 2
	[ -z "$fake_pid" ] || kill "$fake_pid" 2>/dev/null || :
	rm -f "$tmp/fakeport"
	python3 "${srcdir:-.}/tests/$script" "$mode" "$tmp/fakeport" "$@" &
	fake_pid=$!
	stop_at_exit $fake_pid
	fakeurl="http://127.0.0.1:$(wait_port "$tmp/fakeport" "$script")"
}

# need_moto: skips the test (77) without moto's server or the AWS CLI.
need_moto()
{
	python3 -c 'import moto.server' 2>/dev/null || {
		echo "moto missing: pip install 'moto[server]' (this workplace's python3 ships it)" >&2
		exit 77
	}
	command -v aws >/dev/null || { echo "aws CLI missing: pip install awscli" >&2; exit 77; }
}

# start_moto [SCRIPT]: moto's server (or SCRIPT, a python3 script that
# runs it, tests/moto-server.py) on a free port, stopped at exit, and the
# AWS environment pointed at it with test credentials and no shared files:
# $moto_url is its address.
start_moto()
{
	moto_port=$(free_port)
	if [ $# -gt 0 ]; then
		python3 "$1" -H 127.0.0.1 -p "$moto_port" >"$tmp/moto.log" 2>&1 &
	else
		python3 -m moto.server -H 127.0.0.1 -p "$moto_port" \
		    >"$tmp/moto.log" 2>&1 &
	fi
	stop_at_exit $!
	moto_url="http://127.0.0.1:$moto_port"
	wait_http "$moto_url/"
	AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST
	AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/flowdiag/secret/KEY
	AWS_SESSION_TOKEN=flowdiag-session-token-SECRET
	AWS_DEFAULT_REGION=us-east-1
	AWS_ENDPOINT_URL=$moto_url
	AWS_EC2_METADATA_DISABLED=true
	AWS_CONFIG_FILE=$tmp/none
	AWS_SHARED_CREDENTIALS_FILE=$tmp/none
	export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
	    AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_EC2_METADATA_DISABLED \
	    AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
}

# put_sample GROUP: a log group in moto holding the bundled sample moved to
# an hour ago (moto refuses events older than 14 days), minute-aligned,
# each record's start its event's time; the records go to
# $tmp/recent.log too, and $sample_from and $sample_to hold their window.
put_sample()
{
	now=$(date +%s)
	moved=$(( (now - 3600) / 60 * 60 - 1700000000 ))
	awk -v d="$moved" '{ if ($11 != "-") { $11 += d; $12 += d } print }' \
	    "$EXAMPLES/flows.log" >"$tmp/recent.log"
	sample_from=$((1700000000 + moved))
	sample_to=$((sample_from + 600))
	jq -R -s 'split("\n") | map(select(length > 0)) |
	    map({timestamp: ((split(" ")[10] | tonumber) * 1000), message: .}) |
	    sort_by(.timestamp)' "$tmp/recent.log" >"$tmp/events.json"
	aws logs create-log-group --log-group-name "$1"
	aws logs create-log-stream --log-group-name "$1" \
	    --log-stream-name eni-0a1b2c3d4e5f60001-all
	aws logs put-log-events --log-group-name "$1" \
	    --log-stream-name eni-0a1b2c3d4e5f60001-all \
	    --log-events "file://$tmp/events.json" >"$tmp/put.json"
	[ "$(jq -r '.rejectedLogEventsInfo // empty' "$tmp/put.json")" = "" ] ||
		fail "moto rejected events: $(cat "$tmp/put.json")"
}

done_testing()
{
	[ "$json_kept" -eq 0 ] || validate_json "$tmp/json"/*.json
	echo "$passed checks passed"
}
