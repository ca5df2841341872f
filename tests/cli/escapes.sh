#!/bin/sh
# Text from outside never drives the terminal: terminal escapes in a
# record's fields, a file's name, a malformed line, a CloudWatch event or
# a server's error reach stdout and stderr as visible escapes ("\x1b",
# "\u009b"), in the report, --records, the warnings, the errors and the
# REPL; invalid UTF-8 is U+FFFD in the text and in the JSON alike, where
# no key is lost to it.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: apt-get install python3" >&2; exit 77; }

export AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST AWS_SECRET_ACCESS_KEY=flowdiag/escapes/secret
export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$tmp/none" AWS_SHARED_CREDENTIALS_FILE="$tmp/none"
export FLOWDIAG_BACKOFF_MS=10 FLOWDIAG_NOW=1700086400
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_CLOUDWATCH_LOGS

# A title, a bell, a colour, a C1 CSI (UTF-8 and a raw byte) and DEL.
esc=$(printf '\033]0;PWNED\007\033[31m\302\23331m\23331m\177')
# What it shows as: the raw 0x9b is no UTF-8, so U+FFFD.
shown=$(printf '\\x1b]0;PWNED\\x07\\x1b[31m\\u009b31m\357\277\27531m\\x7f')
rec()
{
	printf '2 123456789012 %s 203.0.113.12 10.0.1.10 %s 80 6 3 180 1700000120 1700000180 REJECT OK\n' "$1" "$2"
}

# clean FILE...: no C0 byte but the newline, no DEL, no C1 (raw or in
# UTF-8) and nothing but valid UTF-8.
clean()
{
	python3 - "$@" <<'PY' || fail "raw control bytes written"
import re, sys
for name in sys.argv[1:]:
    data = open(name, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("%s: invalid UTF-8: %s" % (name, e))
    bad = re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", text)
    if bad:
        sys.exit("%s: raw %r at %d: %r" % (name, bad.group(), bad.start(),
                 text[max(0, bad.start() - 30):bad.start() + 10]))
PY
	passed=$((passed + 1))
}

# A record whose interface-id holds the escapes: not evidence (it is no
# interface id), and the warning that says so shows them escaped.
{ rec eni-0a1b2c3d 40000; rec "eni-0a1b$esc" 40001; } >"$tmp/id.log"
run check 10.0.1.10:80 --file "$tmp/id.log"
expect_status 10
clean "$tmp/out" "$tmp/err"
expect_err "malformed: $tmp/id.log:2: interface-id 'eni-0a1b$shown' is not eni- and hex digits"
run check 10.0.1.10:80 --file "$tmp/id.log" --records
clean "$tmp/out" "$tmp/err"
expect_err "interface-id 'eni-0a1b$shown'"

# A file name with the escapes: the report, --records, the warnings and
# the errors.
name="$tmp/flows$esc.log"
{ rec eni-0a1b2c3d 40000; echo "10.0.1.10 not a record $esc"; } >"$name"
run check 10.0.1.10:80 --file "$name"
expect_status 10
clean "$tmp/out" "$tmp/err"
expect_out "flows$shown.log:1 on eni-0a1b2c3d"
expect_err "malformed: $tmp/flows$shown.log:2:"
run check 10.0.1.10:80 --file "$name" --records
clean "$tmp/out" "$tmp/err"
expect_out "flows$shown.log:1"
run check 10.0.1.10:80 --file "$tmp/none$esc.log"
expect_status 66
clean "$tmp/out" "$tmp/err"
expect_err "none$shown.log"

# A newline inside a value (a JSON event's message may hold one) is
# escaped too in a message, which is one line: it cannot forge a line of
# its own.
{
	printf '{"message": "%s"}\n' "$(rec eni-0a1b2c3d 40000)"
	printf '{"message": "%s"}\n' "$(rec 'eni-0a1b\nflowdiag:forged' 40001)"
} >"$tmp/nl.jsonl"
run check 10.0.1.10:80 --file "$tmp/nl.jsonl"
expect_status 10
expect_err "malformed: $tmp/nl.jsonl:2: interface-id 'eni-0a1b\\x0aflowdiag:forged' is not"
grep -q '^flowdiag:forged' "$tmp/err" && fail "a value's newline started a line of its own"
passed=$((passed + 1))

# A file name with a newline stays on its evidence line.
mkdir "$tmp/nl
dir"
rec eni-0a1b2c3d 40000 >"$tmp/nl
dir/f.log"
run check 10.0.1.10:80 --file "$tmp/nl
dir/f.log"
expect_status 10
expect_out "nl\\x0adir/f.log:1 on eni-0a1b2c3d"
grep -q '^dir/f.log' "$tmp/out" && fail "a file name's newline started a line of its own"
passed=$((passed + 1))

# A malformed line that names the target, quoted in the warning.
{ rec eni-0a1b2c3d 40000; rec eni-0a1b2c3d "40000$esc"; } >"$tmp/bad.log"
run check 10.0.1.10:80 --file "$tmp/bad.log"
clean "$tmp/out" "$tmp/err"
expect_err "malformed: $tmp/bad.log:2: field 6 (srcport): bad number '40000$shown'"
# And the error of a file that is no flow log at all.
rec eni-0a1b2c3d "40000$esc" >"$tmp/nolog.log"
run check 10.0.1.10:80 --file "$tmp/nolog.log"
expect_status 65
clean "$tmp/out" "$tmp/err"
expect_err "bad number '40000$shown'"

# The REPL: its report, records, why, next, show and timeline, and its
# errors, on the file with the escapes in its name.
printf '%s\n' "set target 10.0.1.10:80" "set source $name" run records why \
    next show timeline "set source $tmp/none$esc.log" "$esc" |
    "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || :
clean "$tmp/out" "$tmp/err"
expect_out "flows$shown.log:1"
expect_err "none$shown.log"

# Invalid UTF-8: U+FFFD in the JSON and in the text, every key kept.
bad=$(printf 'bad\377\300\257')
fffd=$(printf 'bad\357\277\275\357\277\275\357\277\275')
{ rec eni-0a1b2c3d 40000; rec "eni-0a1b$bad" 40001; } >"$tmp/utf8$bad.log"
run check 10.0.1.10:80 --file "$tmp/utf8$bad.log" --json
expect_status 10
clean "$tmp/out" "$tmp/err"
[ "$(jq -r '.evidence.records[0].file' "$tmp/out")" = "$tmp/utf8$fffd.log" ] ||
	fail "file: $(jq -c '.evidence.records[0]' "$tmp/out")"
[ "$(jq -r '.evidence.records[0]["interface-id"]' "$tmp/out")" = eni-0a1b2c3d ] ||
	fail "interface-id: $(jq -c '.evidence.records[0]' "$tmp/out")"
[ "$(jq -r '.input.files[0].name' "$tmp/out")" = "$tmp/utf8$fffd.log" ] ||
	fail "input name: $(jq -c '.input.files[0]' "$tmp/out")"
[ "$(jq -r '.input.files[0].malformed_shown[0]' "$tmp/out")" = \
    "$tmp/utf8$fffd.log:2: interface-id 'eni-0a1b$fffd' is not eni- and hex digits" ] ||
	fail "malformed_shown: $(jq -c '.input.files[0]' "$tmp/out")"
[ "$(jq -r '.evidence.facts["target.interface"]' "$tmp/out")" = eni-0a1b2c3d ] ||
	fail "target.interface: $(jq -c '.evidence.facts' "$tmp/out")"
[ "$(jq -c '.evidence.interfaces' "$tmp/out")" = '["eni-0a1b2c3d"]' ] ||
	fail "interfaces: $(jq -c '.evidence.interfaces' "$tmp/out")"
passed=$((passed + 6))
run check 10.0.1.10:80 --file "$tmp/utf8$bad.log"
clean "$tmp/out" "$tmp/err"
expect_out "utf8$fffd.log:1 on eni-0a1b2c3d"
expect_err "interface-id 'eni-0a1b$fffd'"
# And the REPL's save, the same JSON.
printf '%s\n' "set target 10.0.1.10:80" "set source $tmp/utf8$bad.log" run \
    "save $tmp/saved.json" | "$FLOWDIAG" >/dev/null 2>&1 || :
[ "$(jq -r '.evidence.records[0].file' "$tmp/saved.json")" = "$tmp/utf8$fffd.log" ] ||
	fail "saved file: $(jq -c '.evidence.records[0]' "$tmp/saved.json")"
passed=$((passed + 1))

# Through CloudWatch: an event id, an interface-id and a message with the
# escapes, and a server's error that holds them.
shown_cw=$(printf '\\x1b]0;PWNED\\x07\\x1b[31m\\u009b31m\\x7f')
start_fake fake-logs.py escapes
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
expect_status 10
clean "$tmp/out" "$tmp/err"
expect_out "event 1$shown_cw on eni-0a1b2c3d4e5f60001"
expect_err "interface-id 'eni-0a1b$shown_cw'"
expect_err "bad address '203.0.113.12$shown_cw'"
start_fake fake-logs.py escapes
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300 --records
clean "$tmp/out" "$tmp/err"
expect_out "1$shown_cw"
start_fake fake-logs.py escape-error
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
clean "$tmp/out" "$tmp/err"
# aws.c turns C0 controls into spaces itself; the C1 CSI is escaped.
expect_err "ValidationException: bad group ]0;PWNED"
expect_err '\u009b31m'
done_testing
