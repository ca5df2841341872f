#!/bin/sh
# CloudWatch Logs against moto: a one-hour window of 100,000 events (one
# stream per interface, the target's records among them), fetched one
# request after the other (FLOWDIAG_FETCHES=1) and four at a time; the
# time, the requests and the peak RSS of each, and the same records.
#
#     sh bench/cloudwatch.sh BUILDDIR SRCDIR
set -eu
builddir=${1:?usage: cloudwatch.sh BUILDDIR SRCDIR}
srcdir=${2:?usage: cloudwatch.sh BUILDDIR SRCDIR}
flowdiag=$builddir/flowdiag
events=${BENCH_CW_EVENTS:-100000}

bench=cloudwatch.sh
. "$srcdir/bench/moto.sh"

# The hour that ended an hour ago (moto keeps 14 days), minute-aligned.
t0=$(( ($(date +%s) - 7200) / 60 * 60 ))
python3 - "$t0" "$events" "$tmp" <<'PY'
import json, sys
t0, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
streams = {}
for i in range(n):
    eni = "eni-0a1b2c3d4e5f6%04d" % (i % 20)
    start = t0 + (i * 3600) // n // 60 * 60
    if i % 1000 == 0:
        eni = "eni-0a1b2c3d4e5f60001"
        msg = ("2 123456789012 %s 198.51.100.%d 10.0.1.10 %d 80 6 3 180 %d %d ACCEPT OK"
               % (eni, i % 200, 40000 + i % 20000, start, start + 60))
    else:
        msg = ("2 123456789012 %s 10.0.%d.%d 10.0.%d.%d %d 443 6 10 4000 %d %d ACCEPT OK"
               % (eni, i % 7, i % 250, (i + 3) % 7, (i + 9) % 250, 30000 + i % 30000,
                  start, start + 60))
    streams.setdefault(eni, []).append({"timestamp": start * 1000, "message": msg})
with open(out + "/streams", "w") as f:
    for eni, evs in sorted(streams.items()):
        for k in range(0, len(evs), 5000):
            name = "%s/%s.%d.json" % (out, eni, k)
            json.dump(evs[k:k + 5000], open(name, "w"))
            f.write("%s %s\n" % (eni, name))
PY
aws logs create-log-group --log-group-name /vpc/flowlogs/bench
while read -r eni file; do
	aws logs create-log-stream --log-group-name /vpc/flowlogs/bench \
	    --log-stream-name "$eni-all" 2>/dev/null || :
	aws logs put-log-events --log-group-name /vpc/flowlogs/bench \
	    --log-stream-name "$eni-all" --log-events "file://$file" >/dev/null
done <"$tmp/streams"

echo "| fetches at once | seconds | requests | pages | events | peak RSS MiB | records matched |"
echo "|--:|--:|--:|--:|--:|--:|--:|"
for at_once in 1 4; do
	FLOWDIAG_FETCHES=$at_once FLOWDIAG_RULES=$srcdir/rules /usr/bin/time -f '%e %M' -o "$tmp/time" \
	    "$flowdiag" check 10.0.1.10:80 --log-group /vpc/flowlogs/bench \
	    --from "$t0" --to $((t0 + 3599)) --no-ec2 --debug --json \
	    >"$tmp/out" 2>"$tmp/err" || :
	line=$(grep 'debug: .* requests, ' "$tmp/err" | tail -1)
	requests=$(echo "$line" | sed 's/.*debug: \([0-9]*\) requests.*/\1/')
	pages=$(echo "$line" | sed 's/.* \([0-9]*\) pages.*/\1/')
	evs=$(echo "$line" | sed 's/.* \([0-9]*\) events.*/\1/')
	matched=$(sed -n 's/.*"records_matched": *\([0-9]*\).*/\1/p' "$tmp/out" | head -1)
	secs=$(tail -1 "$tmp/time" | cut -d" " -f1); kb=$(tail -1 "$tmp/time" | cut -d" " -f2)
	echo "| $at_once | $secs | $requests | $pages | $evs | $((kb / 1024)) | $matched |"
done
