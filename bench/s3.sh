#!/bin/sh
# Amazon S3 against moto: 1,000 flow log objects (BENCH_S3_OBJECTS; 10
# flow logs, a 5-minute batch each, BENCH_S3_RECORDS records an object,
# one target record in a thousand) in the delivery layout, read by
# flowdiag check --s3, and by aws s3 sync followed by flowdiag check
# --file; the time, bytes a second and peak RSS of each, and the same
# verdict and records matched.
#
#     sh bench/s3.sh BUILDDIR SRCDIR
set -eu
builddir=${1:?usage: s3.sh BUILDDIR SRCDIR}
srcdir=${2:?usage: s3.sh BUILDDIR SRCDIR}
flowdiag=$builddir/flowdiag
objects=${BENCH_S3_OBJECTS:-1000}
records=${BENCH_S3_RECORDS:-1000}

bench=s3.sh
. "$srcdir/bench/moto.sh"
export FLOWDIAG_RULES=$srcdir/rules FLOWDIAG_NOW=1700086400

# 2023-11-14T00:00Z; the batches of 10 flow logs from there on.
t0=1699920000
python3 - "$t0" "$objects" "$records" "$tmp/up" <<'PY'
import gzip, os, sys, time
t0, n, per, out = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                   sys.argv[4])
header = (b"version account-id interface-id srcaddr dstaddr srcport dstport "
          b"protocol packets bytes start end action log-status\n")
for k in range(n):
    fl, batch = k % 10, k // 10
    stamp = t0 + (batch + 1) * 300
    eni = "eni-0a1b2c3d4e5f6%04d" % fl
    lines = [header]
    for r in range(per):
        start = stamp - 300 + (r * 240) // per
        i = k * per + r
        if i % 1000 == 0:
            lines.append(b"2 123456789012 eni-0a1b2c3d4e5f60001 198.51.100.%d "
                         b"10.0.1.10 %d 80 6 3 180 %d %d ACCEPT OK\n"
                         % (i % 200, 40000 + i % 20000, start, start + 60))
        else:
            lines.append(b"2 123456789012 %s 10.0.%d.%d 10.0.%d.%d %d 443 6 "
                         b"10 4000 %d %d ACCEPT OK\n"
                         % (eni.encode(), i % 7, i % 250, (i + 3) % 7,
                            (i + 9) % 250, 30000 + i % 30000, start,
                            start + 60))
    t = time.gmtime(stamp)
    d = os.path.join(out, "flows/AWSLogs/123456789012/vpcflowlogs/us-east-1",
                     time.strftime("%Y/%m/%d", t))
    os.makedirs(d, exist_ok=True)
    name = "123456789012_vpcflowlogs_us-east-1_fl-0123456789abcd%03d_%s_%08x.log.gz" % (
        fl, time.strftime("%Y%m%dT%H%MZ", t), k)
    with open(os.path.join(d, name), "wb") as f:
        f.write(gzip.compress(b"".join(lines), mtime=0, compresslevel=6))
PY
aws s3 mb s3://bench >/dev/null
aws s3 cp --recursive --quiet "$tmp/up" s3://bench/
stored=$(find "$tmp/up" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
raw=$(find "$tmp/up" -type f -exec zcat {} + | wc -c)
last=$((t0 + (objects / 10) * 300))

# measure LABEL CMD...: the seconds and peak RSS of CMD, in $secs and $mib.
measure()
{
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/$label.out" 2>"$tmp/$label.err" || :
	secs=$(tail -1 "$tmp/time" | cut -d" " -f1)
	mib=$(($(tail -1 "$tmp/time" | cut -d" " -f2) / 1024))
}

# rate SECONDS: MB a second stored (gzip) and read (decompressed).
rate()
{
	awk -v b="$stored" -v r="$raw" -v s="$1" \
	    'BEGIN { if (s > 0) printf "%.1f | %.1f", b / s / 1e6, r / s / 1e6; else printf "- | -" }'
}

echo "$objects objects, $records records each: $((stored / 1000)) kB stored (gzip), $((raw / 1000)) kB of records"
echo
echo "| reading | seconds | MB/s stored | MB/s of records | peak RSS MiB | verdict | records matched |"
echo "|---|--:|--:|--:|--:|---|--:|"
measure s3 "$flowdiag" check 10.0.1.10:80 --s3 s3://bench/flows \
    --from "$t0" --to "$last" --json
s3_secs=$secs
echo "| flowdiag check --s3 | $secs | $(rate "$secs") | $mib | $(jq -r .verdict.cause "$tmp/s3.out") | $(jq -r .input.records_matched "$tmp/s3.out") |"
measure sync aws s3 sync --quiet s3://bench/flows "$tmp/sync"
sync_secs=$secs
echo "| aws s3 sync | $secs | $(rate "$secs") | $mib | | |"
measure local "$flowdiag" check 10.0.1.10:80 --file "$tmp/sync" \
    --from "$t0" --to "$last" --json
echo "| flowdiag check --file (after the sync) | $secs | $(rate "$secs") | $mib | $(jq -r .verdict.cause "$tmp/local.out") | $(jq -r .input.records_matched "$tmp/local.out") |"
both=$(awk -v a="$sync_secs" -v b="$secs" 'BEGIN { print a + b }')
echo "| aws s3 sync + check --file | $both | $(rate "$both") | | | |"
gets=$(grep -c '"GET /bench/flows/.*\.log\.gz HTTP' "$tmp/moto.log" || :)
echo
echo "GetObject requests: $gets (sync and --s3 together; $((objects * 2)) expected)"
[ "$s3_secs" != "" ]
