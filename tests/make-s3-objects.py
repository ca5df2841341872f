"""Lays scenario flow logs out as VPC Flow Logs delivers them to S3.

python3 make-s3-objects.py SCENARIOS OUT SCENARIO...: for each SCENARIO
of the corpus tests/make-scenarios.py wrote in SCENARIOS, its v5.log.gz
cut in 5-minute batches, each batch an object stamped with the end of its
5 minutes (the batch of a record is the one its end falls in), with the
file's header line, in three layouts:

  OUT/window/plain/SCENARIO/AWSLogs/ACCOUNT/vpcflowlogs/REGION/Y/M/D/NAME
  OUT/window/hive/SCENARIO/AWSLogs/aws-account-id=ACCOUNT/aws-service=
      vpcflowlogs/aws-region=REGION/year=Y/month=M/day=D/NAME
  OUT/window/hourly/SCENARIO/...plain.../Y/M/D/HH/NAME

and OUT/decoy/ the same layouts holding objects a window of
[1700000000, 1700003600] must not read: a batch before it (22:00), one
after it (23:55, past the delivery delay), one two days later, one in
another hour folder (20:00), and a Parquet object of the window.
OUT/window holds every object a reading of that window reads.
"""

import gzip
import hashlib
import os
import sys
import time

ACCOUNT = "123456789012"
REGION = "us-east-1"
FLOW_LOG = "fl-0123456789abcdef0"


def name(stamp, data, ext=".log.gz"):
    t = time.gmtime(stamp)
    return "%s_vpcflowlogs_%s_%s_%s_%s%s" % (
        ACCOUNT, REGION, FLOW_LOG, time.strftime("%Y%m%dT%H%MZ", t),
        hashlib.md5(data).hexdigest()[:8], ext)


def folder(layout, stamp):
    t = time.gmtime(stamp)
    y, m, d, h = (time.strftime(f, t) for f in ("%Y", "%m", "%d", "%H"))
    if layout == "hive":
        return os.path.join(
            "AWSLogs", "aws-account-id=" + ACCOUNT, "aws-service=vpcflowlogs",
            "aws-region=" + REGION, "year=" + y, "month=" + m, "day=" + d)
    path = os.path.join("AWSLogs", ACCOUNT, "vpcflowlogs", REGION, y, m, d)
    return os.path.join(path, h) if layout == "hourly" else path


def put(root, layout, scenario, stamp, data, ext=".log.gz"):
    d = os.path.join(root, layout, scenario, folder(layout, stamp))
    os.makedirs(d, exist_ok=True)
    body = gzip.compress(data, mtime=0) if ext == ".log.gz" else data
    with open(os.path.join(d, name(stamp, data, ext)), "wb") as f:
        f.write(body)


def batches(path):
    """The header and the record lines of path by the stamp of their
    batch."""
    with gzip.open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    header, out = lines[0], {}
    fields = header.split()
    end = fields.index(b"end")
    start = fields.index(b"start")
    for line in lines[1:]:
        v = line.split()
        t = v[end] if v[end] != b"-" else v[start]
        stamp = (int(t) + 299) // 300 * 300
        out.setdefault(stamp, []).append(line)
    return header, out


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    for scenario in sys.argv[3:]:
        header, by_stamp = batches(os.path.join(corpus, scenario,
                                                "v5.log.gz"))
        first = None
        for stamp in sorted(by_stamp):
            data = header + b"".join(by_stamp[stamp])
            first = first or data
            for layout in ("plain", "hive", "hourly"):
                put(os.path.join(out, "window"), layout, scenario, stamp,
                    data)
        decoys = (1699999200, 1700006100, 1700006400 + 2 * 86400,
                  1699992000)
        for layout in ("plain", "hive", "hourly"):
            root = os.path.join(out, "decoy")
            for stamp in decoys:
                put(root, layout, scenario, stamp, first)
            put(root, layout, scenario, min(by_stamp), b"PAR1 not really",
                ".log.parquet")


if __name__ == "__main__":
    main()
