#!/bin/sh
# Every default-format scenario of tests/make-scenarios.py, put into a
# CloudWatch Logs group of moto's, gives the same verdict from the group as
# from the file, over the same window.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing" >&2; exit 77; }
python3 -c 'import moto.server' 2>/dev/null || { echo "moto missing" >&2; exit 77; }
command -v aws >/dev/null || { echo "aws CLI missing" >&2; exit 77; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
i=0
while ! curl -s -o /dev/null "http://127.0.0.1:$port/"; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "moto did not start"
	sleep 0.1
done

export AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST AWS_SECRET_ACCESS_KEY=flowdiag/secret
export AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$tmp/none" AWS_SHARED_CREDENTIALS_FILE="$tmp/none"

python3 "${srcdir:-.}/tests/make-scenarios.py" "$tmp/sc"
# moto refuses events older than 14 days: every scenario moves to two
# hours ago, minute-aligned, and "now" moves with it.
now=$(date +%s)
shift=$(( (now - 7200) / 60 * 60 - 1700000000 ))
export FLOWDIAG_NOW=$((1700086400 + shift))
mismatches=

while IFS="$(printf '\t')" read -r name target file category cause code extra; do
	case "$name" in \#*) continue ;; esac
	# Default-format files only, and not those whose options pin times.
	[ "$file" = v2.log ] || continue
	case " $extra" in *now=* | *--from* | *--to*) continue ;; esac
	extra=$(printf '%s' "$extra" | sed 's/confidence!*=[a-z]*//')
	# A scenario may stand on several lines (with and without --client):
	# its group is made once.
	if [ ! -f "$tmp/$name.log" ]; then
		awk -v d="$shift" '{ if ($11 != "-") { $11 += d; $12 += d } print }' \
		    "$tmp/sc/$name/v2.log" >"$tmp/$name.log"
		jq -R -s 'split("\n") | map(select(length > 0)) |
		    map({timestamp: ((split(" ")[10] | tonumber) * 1000), message: .}) |
		    sort_by(.timestamp)' "$tmp/$name.log" >"$tmp/$name.json"
		aws logs create-log-group --log-group-name "$name"
		aws logs create-log-stream --log-group-name "$name" --log-stream-name all
		aws logs put-log-events --log-group-name "$name" --log-stream-name all \
		    --log-events "file://$tmp/$name.json" >"$tmp/put.json"
		[ "$(jq -r '.rejectedLogEventsInfo // empty' "$tmp/put.json")" = "" ] ||
			fail "$name: moto rejected events: $(cat "$tmp/put.json")"
	fi
	from=$(awk '$11 != "-" { print $11 }' "$tmp/$name.log" | sort -n | head -n 1)
	to=$(awk '$12 != "-" { print $12 }' "$tmp/$name.log" | sort -n | tail -n 1)
	# shellcheck disable=SC2086
	"$FLOWDIAG" check "$target" --file "$tmp/$name.log" --from "$from" \
	    --to "$to" --json $extra >"$tmp/file.json" 2>/dev/null || true
	# shellcheck disable=SC2086
	"$FLOWDIAG" check "$target" --log-group "$name" --from "$from" \
	    --to "$to" --json --no-ec2 $extra >"$tmp/group.json" 2>"$tmp/err" || true
	want=$(jq -c '[.verdict.category, .verdict.cause, .verdict.confidence, .input.records_matched]' "$tmp/file.json")
	got=$(jq -c '[.verdict.category, .verdict.cause, .verdict.confidence, .input.records_matched]' "$tmp/group.json" 2>/dev/null)
	if [ "$want" = "$got" ]; then
		passed=$((passed + 1))
	else
		mismatches="$mismatches
$name: file $want, log group $got $(head -c 300 "$tmp/err")"
	fi
done <"$tmp/sc/MANIFEST"

[ -z "$mismatches" ] || fail "log group and file disagree:$mismatches"
[ "$passed" -ge 15 ] || fail "only $passed scenarios compared"
done_testing
