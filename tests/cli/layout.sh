#!/bin/sh
# Layout at 80 columns, worked out by hand: the report's evidence lines
# wrapped between words with a hanging indent (80 columns when piped, the
# terminal's width at a terminal: COLUMNS, else the terminal's own), long
# names never split; counts agreeing with their nouns; the REPL's records
# table within 120 columns; rules and show columns as wide as their
# longest name; the timeline's legend and folds; and the REPL's first
# screen with check's Clients block and check's protocol.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null ||
	{ echo "python3 missing: apt-get install python3" >&2; exit 77; }
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

FLOWDIAG_NOW=1700086400
export FLOWDIAG_NOW
unset COLUMNS || :

top=$(cd "${srcdir:-.}" && pwd)
# The tests run in $tmp, so that the records' places read "flows.log:N".
cp "$EXAMPLES/flows.log" "$tmp/flows.log"
cd "$tmp"

# section NAME: the lines of stdout from the line NAME to the next blank
# one, into $tmp/section.
section()
{
	sed -n "/^$1\$/,/^\$/p" "$tmp/out" | sed '/^$/d' >"$tmp/section"
}

# same_text FILE: $tmp/section equals FILE.
same_section()
{
	cmp -s "$1" "$tmp/section" ||
		fail "expected:
$(cat "$1")
got:
$(cat "$tmp/section")"
	passed=$((passed + 1))
}

# on_tty COLS CMD...: runs CMD with stdout on a terminal COLS wide (its
# own TIOCGWINSZ), into $tmp/out.
on_tty()
{
	python3 - "$@" >"$tmp/out" <<'EOF'
import fcntl, os, struct, subprocess, sys, termios
cols = int(sys.argv[1])
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
p = subprocess.Popen(sys.argv[2:], stdout=slave, stderr=subprocess.DEVNULL)
os.close(slave)
out = b""
while True:
    try:
        b = os.read(master, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
p.wait()
sys.stdout.write(out.decode().replace("\r\n", "\n"))
EOF
}

# --- the evidence, piped: 78 columns at most, the counts held together ---
# A request line is 82 columns whole: it breaks before its counts.  A
# reply line is 80: it breaks too, for 78 is the most.
run check 10.0.1.10:80 --file flows.log
section Evidence
cat >"$tmp/want" <<'EOF'
Evidence
  flows.log:5 on eni-0a1b2c3d4e5f60001 at 2023-11-14T22:15:20Z
      request 203.0.113.12:51234 -> 10.0.1.10:80 tcp,
        3 packets, 180 bytes: ACCEPT
  flows.log:7 on eni-0a1b2c3d4e5f60001 at 2023-11-14T22:16:20Z
      request 203.0.113.12:51240 -> 10.0.1.10:80 tcp,
        3 packets, 180 bytes: ACCEPT
  flows.log:6 on eni-0a1b2c3d4e5f60001 at 2023-11-14T22:15:20Z
      reply 10.0.1.10:80 -> 203.0.113.12:51234 tcp,
        3 packets, 180 bytes: REJECT
  flows.log:8 on eni-0a1b2c3d4e5f60001 at 2023-11-14T22:16:20Z
      reply 10.0.1.10:80 -> 203.0.113.12:51240 tcp,
        3 packets, 180 bytes: REJECT
  eni-0a1b2c3d4e5f60001 is the target's: its records name the target with
    several peers
  (6 of 15 records concern the target; --records lists them)
EOF
same_section "$tmp/want"
# No line of the whole report is wider than 78, but for the commands of
# the next steps, which stay whole to be copied.
long=$(grep -v '^       \$ ' "$tmp/out" | awk 'length($0) > 78' || :)
[ -z "$long" ] || fail "lines wider than 78: $long"
passed=$((passed + 1))
# COLUMNS is the terminal's: piped, it changes nothing.
status=0
COLUMNS=120 "$FLOWDIAG" check 10.0.1.10:80 --file flows.log >"$tmp/out2" ||
	status=$?
cmp -s "$tmp/out" "$tmp/out2" || fail "COLUMNS changed piped output"
passed=$((passed + 1))

# --- at a terminal: its width, from COLUMNS or from the terminal -------
# 100 columns (98 filled): the 82 columns of a request line fit whole.
on_tty 100 "$FLOWDIAG" check 10.0.1.10:80 --file flows.log --color=never
grep -qxF "      request 203.0.113.12:51234 -> 10.0.1.10:80 tcp, 3 packets, 180 bytes: ACCEPT" "$tmp/out" ||
	fail "a 100-column terminal broke the request line: $(cat "$tmp/out")"
passed=$((passed + 1))
# COLUMNS over the terminal's own word.
COLUMNS=80 on_tty 100 "$FLOWDIAG" check 10.0.1.10:80 --file flows.log --color=never
expect_out "      request 203.0.113.12:51234 -> 10.0.1.10:80 tcp,
"
grep -qxF "        3 packets, 180 bytes: ACCEPT" "$tmp/out" ||
	fail "COLUMNS=80 did not win over the terminal: $(cat "$tmp/out")"
passed=$((passed + 1))
# Narrower than 40 is 40 (38 filled): "-> ADDRESS:PORT" and the counts
# move down whole.
COLUMNS=10 on_tty 100 "$FLOWDIAG" check 10.0.1.10:80 --file flows.log --color=never
section Evidence
head -6 "$tmp/section" >"$tmp/got"
mv "$tmp/got" "$tmp/section"
cat >"$tmp/want" <<'EOF'
Evidence
  flows.log:5 on eni-0a1b2c3d4e5f60001
    at 2023-11-14T22:15:20Z
      request 203.0.113.12:51234
        -> 10.0.1.10:80 tcp,
        3 packets, 180 bytes: ACCEPT
EOF
same_section "$tmp/want"

# --- one packet of one byte; a name longer than a line stays whole ------
# The request line is then 78 columns exactly: it fits.
long_name=flows-$(printf '%080d' 0 | tr 0 a).log
mkdir "$tmp/d"
printf '%s\n' "2 123456789012 eni-0a1b2c3d4e5f60001 198.51.100.7 10.0.1.10 41822 80 6 1 1 1700000060 1700000120 ACCEPT OK" \
    >"$tmp/d/$long_name"
run check 10.0.1.10:80 --file "$tmp/d/$long_name"
section Evidence
cat >"$tmp/want" <<EOF
Evidence
  $long_name:1
    on eni-0a1b2c3d4e5f60001 at 2023-11-14T22:14:20Z
      request 198.51.100.7:41822 -> 10.0.1.10:80 tcp, 1 packet, 1 byte: ACCEPT
  eni-0a1b2c3d4e5f60001 is the target's: its records name a public peer, which
    is never an interface's own address
  (1 of 1 record concerns the target; --records lists them)
EOF
same_section "$tmp/want"
# The rule's words agree too: one request record was accepted.
expect_out "1 request record was accepted"
# "at" goes down with its time, "on" with its interface: 57 columns up to
# the interface, and " at TIME" would make 81.
cp "$tmp/d/$long_name" flows-with-a-longer-name.log
run check 10.0.1.10:80 --file flows-with-a-longer-name.log
section Evidence
head -3 "$tmp/section" >"$tmp/got"
mv "$tmp/got" "$tmp/section"
cat >"$tmp/want" <<'EOF'
Evidence
  flows-with-a-longer-name.log:1 on eni-0a1b2c3d4e5f60001
    at 2023-11-14T22:14:20Z
EOF
same_section "$tmp/want"

# --- rules: counts, and columns as wide as the longest name -------------
mkdir "$tmp/rules"
sed -n '/^rule handshake-completed$/,/^end$/p' "$top/rules/reachable.rules" \
    >"$tmp/rules/a.rules"
sed 's/^rule handshake-completed$/rule a-rule-whose-name-is-longer-than-any-other/' \
    "$tmp/rules/a.rules" >"$tmp/rules/b.rules"
[ "$(wc -l <"$tmp/rules/a.rules")" -gt 5 ] || fail "no rule cut from reachable.rules"
run rules check "$tmp/rules/a.rules"
expect_status 0
[ "$(cat "$tmp/out")" = "1 rule in 1 file: ok" ] || fail "rules check: $(cat "$tmp/out")"
passed=$((passed + 1))
run rules check "$tmp/rules/a.rules" "$tmp/rules/b.rules"
[ "$(cat "$tmp/out")" = "2 rules in 2 files: ok" ] || fail "rules check: $(cat "$tmp/out")"
passed=$((passed + 1))
# A template's count and noun: {FACT one|many}, or {FACT:one|many} for
# the word alone; a noun without its plural, a fact that is not a number
# and an empty noun are refused where they stand.
for bad in "{flows.answered connection}" "{target connection|connections}" \
    "{flows.answered |connections}"; do
	sed "s/{flows.answered connection|connections}/$bad/" "$tmp/rules/a.rules" \
	    >"$tmp/bad.rules"
	run rules check "$tmp/bad.rules"
	expect_status 65
	expect_err "bad.rules:10:15: template: '$bad': a count and its noun are {NUMBER-FACT one|many}, the word alone {NUMBER-FACT:one|many}"
done
grep -qF "{flows.answered connection|connections}" "$tmp/rules/a.rules" ||
	fail "the rule cut from reachable.rules lost its counted noun"
passed=$((passed + 1))
# RULE is 42 wide (the long name), CATEGORY 9 (reachable), CAUSE 19
# (handshake-completed), PRI 3.
run rules list --rules "$tmp/rules"
expect_status 0
{
	echo "RULE                                        CATEGORY   CAUSE                PRI  WHERE"
	echo "handshake-completed                         reachable  handshake-completed   70  $tmp/rules/a.rules:1"
	echo "a-rule-whose-name-is-longer-than-any-other  reachable  handshake-completed   70  $tmp/rules/b.rules:1"
} >"$tmp/want"
same "$tmp/want"

# --- the REPL --------------------------------------------------------------
repl()
{
	status=0
	printf '%s\n' "$@" | "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || status=$?
}
start="set target 10.0.1.10:80"

# show: the values line up after traffic-type, the longest key shown (the
# athena-* keys are shown, and count, only with engine athena).
repl "$start" "set source flows.log" show
sed -n '/^flowdiag> show$/,$p' "$tmp/out" | sed '1d;$d' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
  target       10.0.1.10
  port         80
  protocol     any (TCP and UDP)
  client       all
  window       all the records
  source       flows.log
  engine       auto
  format       default (or the file's header)
  interface    (from the records)
  traffic-type unknown
  config       (none)
  verdict      none yet (run)
EOF
cmp -s "$tmp/want" "$tmp/got" || fail "show: $(diff "$tmp/want" "$tmp/got")"
passed=$((passed + 1))

# The first screen after run: the Clients block, as check prints it.
repl "$start" "set source flows.log" run
sed -n '/^Clients$/,/^$/p' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
Clients
  reachable (handshake-completed): 198.51.100.7
  network-path-block (reply-rejected): 203.0.113.12

EOF
cmp -s "$tmp/want" "$tmp/got" || fail "first screen: $(cat "$tmp/out")"
passed=$((passed + 1))
run check 10.0.1.10:80 --file flows.log
sed -n '/^Clients$/,/^$/p' "$tmp/out" >"$tmp/got2"
cmp -s "$tmp/got" "$tmp/got2" || fail "check's Clients differ: $(cat "$tmp/got2")"
passed=$((passed + 1))

# save and check --json agree on the same question.
repl "$start" "set source flows.log" run "save $tmp/saved.json"
expect_status 0
run check 10.0.1.10:80 --file flows.log --json
jq -S . "$tmp/out" >"$tmp/a.json"
jq -S . "$tmp/saved.json" >"$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" ||
	fail "save and check --json differ: $(diff "$tmp/a.json" "$tmp/b.json" | head)"
passed=$((passed + 1))

# records: too wide for 120 columns whole (151), it says the one-valued
# columns above the table, the widest first (INTERFACE 21, then STATUS 6
# before PROTO and FLAGS, 5), until the rest fits: 151 - 23 - 8 = 120.
repl "$start" "set source flows.log" run records
sed -n '/^(every record/,/^(6 of/p' "$tmp/out" | sed 's/^flowdiag> //' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
(every record: interface eni-0a1b2c3d4e5f60001, status OK)
WHERE        START                 DIR      SOURCE              DESTINATION         PROTO  PACKETS  BYTES  FLAGS  ACTION
flows.log:3  2023-11-14T22:14:20Z  request  198.51.100.7:41822  10.0.1.10:80        tcp         12   1320  -      ACCEPT
flows.log:4  2023-11-14T22:14:20Z  reply    10.0.1.10:80        198.51.100.7:41822  tcp         10  18432  -      ACCEPT
flows.log:5  2023-11-14T22:15:20Z  request  203.0.113.12:51234  10.0.1.10:80        tcp          3    180  -      ACCEPT
flows.log:6  2023-11-14T22:15:20Z  reply    10.0.1.10:80        203.0.113.12:51234  tcp          3    180  -      REJECT
flows.log:7  2023-11-14T22:16:20Z  request  203.0.113.12:51240  10.0.1.10:80        tcp          3    180  -      ACCEPT
flows.log:8  2023-11-14T22:16:20Z  reply    10.0.1.10:80        203.0.113.12:51240  tcp          3    180  -      REJECT
(6 of 6 records of the target)
EOF
cmp -s "$tmp/want" "$tmp/got" || fail "records: $(diff "$tmp/want" "$tmp/got")"
passed=$((passed + 1))
# check --records keeps every column: scripts read it.
run check 10.0.1.10:80 --file flows.log --records
expect_out "WHERE        START                 DIR      INTERFACE              SOURCE"
expect_out "FLAGS  ACTION  STATUS"

# Still too wide with the one-valued columns out (DESTINATION 27, DIR
# 7, STATUS 6, FLAGS 5: 184 - 29 - 9 - 8 - 7 = 131): each row stops at
# 120, BYTES (from column 116) cut to 4 with '>', ACTION left out.
cat >v6.log <<'EOF'
2 123456789012 eni-0a1b2c3d4e5f60001 2001:db8:ffff:ffff:ffff:ffff:ffff:1 2001:db8:1:2:3:4:5:10 50000 443 6 10 1000000 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-0a1b2c3d4e5f60002 2001:db8:ffff:ffff:ffff:ffff:ffff:2 2001:db8:1:2:3:4:5:10 50001 443 17 2 2000000 1700000060 1700000120 REJECT OK
EOF
repl "set target [2001:db8:1:2:3:4:5:10]:443" "set source v6.log" run records
sed -n '/^(every record/,/^(2 of/p' "$tmp/out" | sed 's/^flowdiag> //' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
(every record: dir request, destination [2001:db8:1:2:3:4:5:10]:443, flags -, status OK)
WHERE     START                 INTERFACE              SOURCE                                       PROTO  PACKETS  BYT>
v6.log:1  2023-11-14T22:13:20Z  eni-0a1b2c3d4e5f60001  [2001:db8:ffff:ffff:ffff:ffff:ffff:1]:50000  tcp         10  100>
v6.log:2  2023-11-14T22:14:20Z  eni-0a1b2c3d4e5f60002  [2001:db8:ffff:ffff:ffff:ffff:ffff:2]:50001  udp          2  200>
(2 of 2 records of the target)
EOF
cmp -s "$tmp/want" "$tmp/got" || fail "records cut: $(diff "$tmp/want" "$tmp/got")"
passed=$((passed + 1))

# timeline: the legend says what a row and a mark are; one record is
# one mark, and the busiest row fills twelve at most.
repl "$start" "set source flows.log" run timeline
sed -n '/^Timeline of/,/^flowdiag>/p' "$tmp/out" | sed '$d' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
Timeline of 10.0.1.10:80: each row is 1 minute
each mark is 1 record: + accepted, x rejected
TIME (UTC)        REQUESTS acc/rej      REPLIES acc/rej       LOGGING
2023-11-14 22:13
22:14             +            1/0      +            1/0
22:15             +            1/0      x            0/1
22:16             +            1/0      x            0/1
22:17
EOF
cmp -s "$tmp/want" "$tmp/got" || fail "timeline: $(diff "$tmp/want" "$tmp/got")"
passed=$((passed + 1))

# 30 records a minute on one side: a mark is up to 3 records (30 over 11
# marks, rounded up), so 24 accepted take 8 marks and 6 rejected 2; three
# quiet minutes and more fold into one line, at the first one's time,
# that says how long (22:14 to 22:22, the record after is at 22:23:20).
: >busy.log
i=0
while [ "$i" -lt 30 ]; do
	action=ACCEPT
	[ "$i" -lt 24 ] || action=REJECT
	echo "2 123456789012 eni-0a1b2c3d4e5f60001 198.51.100.7 10.0.1.10 $((40000 + i)) 80 6 3 180 1700000000 1700000030 $action OK" >>busy.log
	i=$((i + 1))
done
echo "2 123456789012 eni-0a1b2c3d4e5f60001 198.51.100.7 10.0.1.10 41000 80 6 3 180 1700000600 1700000630 ACCEPT OK" >>busy.log
repl "$start" "set source busy.log" run timeline
sed -n '/^Timeline of/,/^flowdiag>/p' "$tmp/out" | sed '$d' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
Timeline of 10.0.1.10:80: each row is 1 minute
each mark is up to 3 records: + accepted, x rejected
TIME (UTC)        REQUESTS acc/rej      REPLIES acc/rej       LOGGING
2023-11-14 22:13  ++++++++xx   24/6
22:14             ... quiet for 9 minutes
22:23             +            1/0
EOF
cmp -s "$tmp/want" "$tmp/got" || fail "timeline folds: $(diff "$tmp/want" "$tmp/got")"
passed=$((passed + 1))

done_testing
