#!/bin/sh
# Every scenario of tests/make-scenarios.py, put into a CloudWatch Logs
# group of moto's (named like /vpc/flowlogs/NAME), gives the same verdict
# from the group as from the file, over the same window.  Default-format
# files go as they are; v5 files lose their S3 header, which becomes
# --log-format for both runs.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
need_moto
start_moto
# The credentials this test has always had: its own secret, no session token.
export AWS_SECRET_ACCESS_KEY=flowdiag/secret
unset AWS_SESSION_TOKEN

python3 "${srcdir:-.}/tests/make-scenarios.py" "$tmp/sc"
# moto refuses events older than 14 days: every scenario moves to two
# hours ago, minute-aligned, and its times (--from, --to, now=) with it.
now=$(date +%s)
shift=$(( (now - 7200) / 60 * 60 - 1700000000 ))
mismatches=
runs=0

while IFS="$(printf '\t')" read -r name target file category cause code extra; do
	case "$name" in \#*) continue ;; esac
	# CloudWatch events need a time, which the NAT gateway format lacks;
	# and a log group is asked for the window only, so no record outside
	# it is ever seen.
	case "$file" in nat.*) continue ;; esac
	case "$cause" in window-misses-input) continue ;; esac
	key="$name-${file%%.*}"
	if [ ! -f "$tmp/$key.log" ]; then
		# The records, headerless, times moved; the format's fields.
		case "$file" in
		*.gz) zcat "$tmp/sc/$name/$file" ;;
		*) cat "$tmp/sc/$name/$file" ;;
		esac | awk -v d="$shift" -v fmt="$tmp/$key.fmt" '
		    NR == 1 && $1 == "version" && $2 !~ /^[0-9]/ {
			for (i = 1; i <= NF; i++) {
				if ($i == "start") s = i
				if ($i == "end") e = i
				f = f (i > 1 ? " " : "") "${" $i "}"
			}
			print f > fmt
			next
		    }
		    NR == 1 { s = 11; e = 12 }
		    { if ($s ~ /^[0-9]+$/) { $s += d; $e += d } print }' >"$tmp/$key.log"
		group="/vpc/flowlogs/$key"
		jq -R -s --arg fmt "$(cat "$tmp/$key.fmt" 2>/dev/null)" '
		    ($fmt | split(" ") | index("${start}") // 10) as $s |
		    split("\n") | map(select(length > 0)) |
		    map({t: (split(" ")[$s] | tonumber? // null), message: .}) |
		    # a damaged line, with no time, goes with the first event
		    ([.[].t | select(. != null)] | min) as $min |
		    map({timestamp: ((.t // $min) * 1000), message}) |
		    sort_by(.timestamp)' "$tmp/$key.log" >"$tmp/$key.json"
		aws logs create-log-group --log-group-name "$group"
		aws logs create-log-stream --log-group-name "$group" --log-stream-name all
		aws logs put-log-events --log-group-name "$group" --log-stream-name all \
		    --log-events "file://$tmp/$key.json" >"$tmp/put.json"
		[ "$(jq -r '.rejectedLogEventsInfo // empty' "$tmp/put.json")" = "" ] ||
			fail "$key: moto rejected events: $(cat "$tmp/put.json")"
	fi
	# The scenario's own options, their times moved too.
	args= flowdiag_now=$((1700086400 + shift)) from= to=
	set -f
	set -- $extra
	set +f
	while [ $# -gt 0 ]; do
		case "$1" in
		now=*) flowdiag_now=$((${1#now=} + shift)) ;;
		confidence* | summary~=* | why~=* | next~=*) ;;
		--from) from=$(($2 + shift)); shift ;;
		--to) to=$(($2 + shift)); shift ;;
		*) args="$args $1" ;;
		esac
		shift
	done
	# Without a window of its own, the span of the records.
	[ -n "$from" ] || from=$(jq '[.[].timestamp] | min / 1000 | floor' "$tmp/$key.json")
	[ -n "$to" ] || to=$(awk -v fmt="$(cat "$tmp/$key.fmt" 2>/dev/null)" '
	    BEGIN { e = 12; n = split(fmt, f, " "); for (i = 1; i <= n; i++) if (f[i] == "${end}") e = i }
	    $e != "-" && $e > m { m = $e } END { print m }' "$tmp/$key.log")
	format=
	[ -s "$tmp/$key.fmt" ] && format=$(cat "$tmp/$key.fmt")
	export FLOWDIAG_NOW=$flowdiag_now
	# shellcheck disable=SC2086
	"$FLOWDIAG" check "$target" --file "$tmp/$key.log" --from "$from" --to "$to" \
	    ${format:+--log-format "$format"} --json $args >"$tmp/file.json" 2>/dev/null || true
	# shellcheck disable=SC2086
	"$FLOWDIAG" check "$target" --log-group "/vpc/flowlogs/$key" --from "$from" \
	    --to "$to" ${format:+--log-format "$format"} --json --no-ec2 $args \
	    >"$tmp/group.json" 2>"$tmp/err" || true
	want=$(jq -c '[.verdict.category, .verdict.cause, .verdict.confidence, .input.records_matched]' "$tmp/file.json")
	got=$(jq -c '[.verdict.category, .verdict.cause, .verdict.confidence, .input.records_matched]' "$tmp/group.json" 2>/dev/null)
	runs=$((runs + 1))
	if [ "$want" = "$got" ]; then
		passed=$((passed + 1))
	else
		mismatches="$mismatches
$key ($extra): file $want, log group $got $(head -c 300 "$tmp/err")"
	fi
done <"$tmp/sc/MANIFEST"

[ -z "$mismatches" ] || fail "log group and file disagree:$mismatches"
[ "$runs" -ge 40 ] || fail "only $runs scenario runs compared"
done_testing
