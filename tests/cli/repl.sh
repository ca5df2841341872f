#!/bin/sh
# The REPL driven through a pipe: every command and every error path, and
# the proof that it is the same pipeline as flowdiag check: for every
# scenario of the corpus, the report the REPL saves equals check --json.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: apt-get install python3" >&2; exit 77; }

f="$EXAMPLES/flows.log"
# The tests below change directory: the source tree's path, whole.
top=$(cd "${srcdir:-.}" && pwd)
# A day after the data, so that reports made a second apart are equal.
FLOWDIAG_NOW=1700086400
export FLOWDIAG_NOW

# repl LINE...: pipes the lines into the REPL; stdout, stderr and the
# status land where run() puts them.
repl()
{
	status=0
	printf '%s\n' "$@" | "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || status=$?
}

# lacks_out TEXT: stdout does not hold TEXT.
lacks_out()
{
	if grep -qF -- "$1" "$tmp/out"; then
		fail "stdout holds '$1': $(cat "$tmp/out")"
	fi
	passed=$((passed + 1))
}

# expect_rows TEXT: stdout holds TEXT, lines and all, as it stands.
expect_rows()
{
	case $(cat "$tmp/out") in
	*"$1"*) ;;
	*) fail "stdout lacks the lines '$1'; it was: $(cat "$tmp/out")" ;;
	esac
	passed=$((passed + 1))
}

# count_out TEXT N: TEXT is on exactly N lines of stdout.
count_out()
{
	n=$(grep -cF -- "$1" "$tmp/out" || true)
	[ "$n" -eq "$2" ] || fail "'$1' on $n lines, not $2: $(cat "$tmp/out")"
	passed=$((passed + 1))
}

start="set target 10.0.1.10:80"
src="set source $f"

# --- help: every command of the table, and help for each ---------------
repl help
expect_status 0
names=$(sed -n 's/^  \([a-z][a-z]*\).*/\1/p' "$tmp/out" | sort -u)
for c in config guide help next quit records rules run save set show teach timeline why; do
	echo "$names" | grep -qx "$c" || fail "help does not list '$c': $names"
	repl "help $c"
	expect_status 0
	grep -q "^$c" "$tmp/out" || fail "help $c does not start with its usage: $(cat "$tmp/out")"
done
[ "$(echo "$names" | wc -l)" -eq 14 ] || fail "help lists other commands: $names"
passed=$((passed + 1))
repl "help quit"
expect_out "(alias: exit)"
repl "help zzz"
expect_status 64
expect_err "unknown command 'zzz'"

# --- commands found by prefix and alias; ambiguity; arity -------------
repl "ti"
expect_err "no verdict yet"
repl "s"
expect_status 64
expect_err "ambiguous command 's'"
repl "r"
expect_err "ambiguous command 'r'"
repl "nosuch"
expect_err "unknown command 'nosuch'; the commands: config, guide, help, next, quit, records, rules, run, save, set, show, teach, timeline, why"
# A slip gets the command meant; clear is like none of them.
repl "shwo"
expect_err "unknown command 'shwo'; did you mean show?"
repl "clear"
expect_err "unknown command 'clear'; the commands: config, guide,"
repl "why not"
expect_status 64
expect_err "usage: why"
repl "save"
expect_err "usage: save [-f] file"
repl 'set target "10.0.1.10'
expect_err "unclosed \" quote"
# Blank lines and comments do nothing; quit and exit leave at once.
repl "" "# a comment" "   " "quit" "help"
expect_status 0
lacks_out "Commands"
repl "exit" "help"
lacks_out "Commands"
# The end of input leaves too, with the status of the last failure.
repl "nosuch" "help"
expect_status 64
expect_out "Commands"

# --- before a run ------------------------------------------------------
for c in why next records timeline "save $tmp/x.json" "teach verdict"; do
	repl "$c"
	expect_status 64
	expect_err "no verdict yet: type run"
done
[ ! -e "$tmp/x.json" ] || fail "save wrote a file without a verdict"
repl run
expect_err "not yet set: the target's address"
repl "set target 10.0.1.10" run
expect_err "not yet set: the port (set port N, or set port none for ICMP)"
repl "$start" run
expect_err "not yet set: where the flow logs are"

# --- show and set ------------------------------------------------------
repl show
expect_out "target       (not set)"
expect_out "verdict      none yet (run)"
repl "$start" "set protocol udp" "set client 203.0.113.0/24" \
    "set window 2023-11-14T22:00Z 2023-11-14T23:00:00Z" "$src" \
    "set format \${version} \${account-id} \${interface-id} \${srcaddr} \${dstaddr} \${srcport} \${dstport} \${protocol} \${packets} \${bytes} \${start} \${end} \${action} \${log-status}" \
    "set interface eni-0a1b2c3d4e5f60001" "set traffic-type ACCEPT" show
expect_status 0
expect_out "target       10.0.1.10"
expect_out "port         80"
expect_out "protocol     udp"
expect_out "client       203.0.113.0/24"
expect_out "window       2023-11-14T22:00Z to 2023-11-14T23:00:00Z"
expect_out "source       $f"
expect_out "format       \${version} \${account-id}"
expect_out "interface    eni-0a1b2c3d4e5f60001"
expect_out "traffic-type ACCEPT"
repl "set target [2001:db8::10]:443" "set port none" "set protocol icmpv6" \
    "set client all" "set window -2h" "set format default" \
    "set interface none" "set traffic-type unknown" \
    "set source log-group /vpc/a /vpc/b" "set region eu-west-1" \
    "set profile ops" show
expect_status 0
expect_out "target       2001:db8::10"
expect_out "port         none (ICMP)"
expect_out "protocol     icmpv6"
expect_out "client       all"
expect_out "window       -2h to now"
expect_out "source       /vpc/a /vpc/b"
expect_out "region       eu-west-1"
expect_out "profile      ops"
expect_out "interface    (from the records)"
# Each value that will not do is refused with the reason, and the
# setting stays as it was.
check_refused()
{
	repl "$start" "$1" show
	expect_status "${3:-64}"
	expect_err "$2"
}
check_refused "set target 10.0.1.999" "target '10.0.1.999' is not ADDRESS:PORT"
check_refused "set target 10.0.1.10:99999" "port must be 0 to 65535"
check_refused "set port 70000" "port '70000': a number from 0 to 65535, a service name (http, https), or none for ICMP"
check_refused "set port no-such-service" "port 'no-such-service': a number from 0 to 65535, a service name"
check_refused "set port any" "port 'any': the question is about one port; for every protocol, set protocol any; for ICMP, set port none"
check_refused "set protocol icmp" "ICMP has no port: set port none first"
check_refused "set protocol sctpx" "unknown protocol 'sctpx'"
check_refused "set client 10.0.0.0/33" "client '10.0.0.0/33' is not an address or CIDR block"
check_refused "set window yesterday" "time 'yesterday' is not Unix seconds"
check_refused "set window -1h -2h" "window: '-1h' is after '-2h'"
check_refused "set window a b c" "window: all, or FROM [TO]"
check_refused "set source $tmp/none.log" "source: '$tmp/none.log': No such file or directory" 66
check_refused "set source -" "standard input is the REPL's"
check_refused "set source log-group" "source: log-group NAME..."
check_refused "set format \${version} \${bogus}" "unknown field 'bogus'"
check_refused "set interface i-123" "interface 'i-123': an ENI id"
check_refused "set traffic-type SOME" "traffic-type: ALL, ACCEPT, REJECT, or unknown"
check_refused "set colour red" "cannot set 'colour'"
check_refused "set port" "set port takes one value"
check_refused "set" "usage: set key value..."
expect_out "port         80"
repl "set target 10.0.1.10" "set port none" "set protocol icmp" "set port 22" show
expect_status 64
expect_out "protocol     icmp"
expect_out "port         none (ICMP)"
expect_err "ICMP has no port: set protocol tcp, udp or any first"

# No port is ICMP: a protocol with ports goes.
repl "set target 10.0.1.10:80" "set protocol tcp" "set port none" show
expect_status 0
expect_out "protocol     icmp"
# A window with a start only ends with the records, as check's does.
repl "$start" "$src" "set window 2023-11-14T22:15:00Z" show run "save $tmp/from.json"
expect_out "window       2023-11-14T22:15:00Z to the last record"
run check 10.0.1.10:80 --file "$f" --from 2023-11-14T22:15:00Z --json
jq -S . "$tmp/out" >"$tmp/want"
jq -S . "$tmp/from.json" | cmp -s - "$tmp/want" ||
	fail "a start only: $(jq -S . "$tmp/from.json" | diff - "$tmp/want" | head)"
passed=$((passed + 1))

# --- a run, and what follows it ----------------------------------------
repl "$start" "$src" run why next
expect_status 0
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80"
expect_out "cause reply-rejected, confidence high"
expect_out "(6 of 15 records concern the target; records lists them)"
expect_out "Next: why (the reasoning), next (what to check)"
expect_out "A security group cannot do this"
expect_out "reachable (handshake-completed): 198.51.100.7"
expect_out "Gaps"
expect_out "Next steps"
expect_out "\$ aws ec2 describe-network-acls"
expect_out "Reachability Analyzer explanation codes to cross-check: SUBNET_ACL_RESTRICTION"
# why and next say what check says, section for section.
run check 10.0.1.10:80 --file "$f"
cp "$tmp/out" "$tmp/check.txt"
repl "$start" "$src" run why
sed -n '/^Why$/,/^Next steps$/p' "$tmp/check.txt" | sed '$d' | sed '${/^$/d;}' >"$tmp/want"
sed -n '/^Why$/,/^flowdiag> $/p' "$tmp/out" | sed '$d' >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "why differs from check: $(diff "$tmp/want" "$tmp/got")"
passed=$((passed + 1))

# records: the same records as check --records, then filtered.  Within
# 120 columns, the table says the columns of one value above it instead
# (interface and status here: layout.sh works the widths out); the rest
# are check's, cell for cell.
cp "$f" "$tmp/flows.log"
(cd "$tmp" && run check 10.0.1.10:80 --file flows.log --records)
awk '{ print $1, $2, $3, $5, $6, $7, $8, $9, $10, $11 }' "$tmp/out" >"$tmp/table"
(cd "$tmp" && repl "$start" "set source flows.log" run records)
expect_out "(every record: interface eni-0a1b2c3d4e5f60001, status OK)"
sed -n '/^WHERE/,/^(/p' "$tmp/out" | sed '$d' | awk '{ $1 = $1; print }' >"$tmp/got"
cmp -s "$tmp/table" "$tmp/got" || fail "records differs from check --records: $(diff "$tmp/table" "$tmp/got")"
passed=$((passed + 1))
expect_out "(6 of 6 records of the target)"
records_count()
{
	repl "$start" "$src" run "records $1"
	expect_status 0
	expect_out "($2 of 6 records of the target)"
}
records_count REJECT 2
records_count accept 4
records_count request 3
records_count reply 3
records_count "reply REJECT" 2
records_count "client=198.51.100.7" 2
records_count "reply client=198.51.100.7" 1
records_count "dstport=80 ACCEPT request" 3
records_count "srcaddr=10.0.1.10" 3
records_count "interface-id=eni-0a1b2c3d4e5f60001" 6
repl "$start" "$src" run "records srcport=41822"
# (Its values are said once, some above the table: which ones depends on
# how wide the file's path makes the rest, so only the widest two are
# sure to be there.)
count_out "198.51.100.7:41822" 1
expect_out "(the record: start 2023-11-14T22:14:20Z, interface eni-0a1b2c3d4e5f60001"
repl "$start" "$src" run "records dstport=443"
expect_out "No record of the 6 kept matches that."
repl "$start" "$src" run "records bogus"
expect_status 64
expect_err "records: 'bogus' is not ACCEPT, REJECT, request, reply or FIELD=VALUE"
repl "$start" "$src" run "records proto=6"
expect_err "records: no field 'proto'"
repl "$start" "$src" run "records client=nowhere"
expect_err "records: client 'nowhere' is not an address"

# timeline: a row a minute, requests and replies counted by action, a
# mark a record.
repl "$start" "$src" run timeline
expect_status 0
expect_out "Timeline of 10.0.1.10:80: each row is 1 minute"
expect_out "each mark is 1 record: + accepted, x rejected"
expect_out "TIME (UTC)        REQUESTS acc/rej      REPLIES acc/rej       LOGGING"
grep -q '^22:14  *+  *1/0  *+  *1/0$' "$tmp/out" || fail "22:14: $(cat "$tmp/out")"
grep -q '^22:15  *+  *1/0  *x  *0/1$' "$tmp/out" || fail "22:15: $(cat "$tmp/out")"
grep -q '^22:16  *+  *1/0  *x  *0/1$' "$tmp/out" || fail "22:16: $(cat "$tmp/out")"
passed=$((passed + 3))
repl "$start" "$src" run "timeline 2m"
expect_out "each row is 2 minutes"
grep -q '^22:14  *++  *2/0  *+x  *1/1$' "$tmp/out" || fail "22:14 by 2m: $(cat "$tmp/out")"
passed=$((passed + 1))
repl "$start" "$src" run "timeline 5x"
expect_status 64
expect_err "timeline: a step is minutes or hours"
repl "$start" "$src" run "timeline 1m 2m"
expect_err "usage: timeline [step]"

# teach: the lessons, by name or prefix, and the verdict's own.
repl teach
expect_status 0
for t in stateful ephemeral tcp-flags nodata delay nat unseen verdict; do
	grep -q "^  $t " "$tmp/out" || fail "teach does not list '$t'"
done
passed=$((passed + 1))
teach_says()
{
	repl "teach $1"
	expect_status 0
	expect_out "$2"
}
teach_says stateful "Security groups are stateful; network ACLs are not"
teach_says eph "Linux clients use 32768-60999"
teach_says tcp "SYN-ACK 18"
teach_says nodata "SKIPDATA means records were skipped"
teach_says delay "Delivery delay"
teach_says unseen "a host DROP shows as ACCEPT with no reply"
teach_says nat "the target's flow logs name the load balancer's"
repl "teach nosuch"
expect_status 64
expect_err "teach: no lesson 'nosuch'"
repl "$start" "$src" run "teach verdict"
expect_out "Learn"
expect_out "Network ACLs are stateless"

# save: the report as check --json prints it, written atomically.
mkdir "$tmp/save"
repl "$start" "$src" run "save $tmp/save/report.json"
expect_status 0
expect_out "saved the report to $tmp/save/report.json"
run check 10.0.1.10:80 --file "$f" --json
jq -S . "$tmp/out" >"$tmp/want"
jq -S . "$tmp/save/report.json" >"$tmp/got" || fail "save wrote no JSON"
cmp -s "$tmp/want" "$tmp/got" || fail "save differs from check --json: $(diff "$tmp/want" "$tmp/got" | head)"
[ "$(ls "$tmp/save")" = report.json ] || fail "save left files behind: $(ls "$tmp/save")"
passed=$((passed + 2))
# An existing file is not replaced without -f when no one is at a
# terminal to be asked; with -f it is replaced whole and keeps its mode.
echo old >"$tmp/save/report.json"
chmod 600 "$tmp/save/report.json"
repl "$start" "$src" run "save $tmp/save/report.json"
expect_status 64
expect_err "'$tmp/save/report.json' exists: 'save -f $tmp/save/report.json' replaces it"
[ "$(cat "$tmp/save/report.json")" = old ] || fail "save replaced a file without -f"
passed=$((passed + 1))
repl "$start" "$src" run "save -f $tmp/save/report.json"
expect_status 0
expect_out "saved the report to $tmp/save/report.json"
jq -e .verdict "$tmp/save/report.json" >/dev/null || fail "save -f did not replace the file"
[ "$(stat -c %a "$tmp/save/report.json")" = 600 ] ||
	fail "save -f made a 0600 file $(stat -c %a "$tmp/save/report.json")"
[ "$(ls "$tmp/save")" = report.json ] || fail "save -f left files behind: $(ls "$tmp/save")"
passed=$((passed + 3))
# Its permissions, not its set-id or sticky bits: a report is no program.
chmod 6755 "$tmp/save/report.json"
repl "$start" "$src" run "save -f $tmp/save/report.json"
expect_status 0
[ "$(stat -c %a "$tmp/save/report.json")" = 755 ] ||
	fail "save -f kept special bits: $(stat -c %a "$tmp/save/report.json")"
passed=$((passed + 1))
# A link to a regular file: the file it points to is replaced, the link
# stays a link.  A link to nothing is refused and left as it is.
echo old >"$tmp/save/target.json"
ln -s target.json "$tmp/save/link.json"
repl "$start" "$src" run "save $tmp/save/link.json"
expect_status 64
expect_err "'$tmp/save/link.json' exists: 'save -f $tmp/save/link.json' replaces it"
repl "$start" "$src" run "save -f $tmp/save/link.json"
expect_status 0
[ -L "$tmp/save/link.json" ] && [ "$(readlink "$tmp/save/link.json")" = target.json ] ||
	fail "save replaced the link: $(ls -l "$tmp/save")"
jq -e .verdict "$tmp/save/target.json" >/dev/null || fail "save did not write through the link"
ln -s nothing.json "$tmp/save/dangling.json"
repl "$start" "$src" run "save -f $tmp/save/dangling.json"
expect_status 64
expect_err "'$tmp/save/dangling.json' is a link to nothing: save to its target by name, or remove the link"
[ -L "$tmp/save/dangling.json" ] && [ ! -e "$tmp/save/nothing.json" ] ||
	fail "save changed a link to nothing: $(ls -l "$tmp/save")"
passed=$((passed + 3))
rm "$tmp/save/target.json" "$tmp/save/link.json" "$tmp/save/dangling.json"
# A FIFO is written into, never replaced: with no reader it is an error
# (not a wait); with one, the reader gets the report.
mkfifo "$tmp/save/fifo"
repl "$start" "$src" run "save $tmp/save/fifo"
expect_status 74
expect_err "no one reads the FIFO '$tmp/save/fifo': start its reader first"
[ -p "$tmp/save/fifo" ] || fail "save replaced a FIFO: $(ls -l "$tmp/save")"
exec 3<>"$tmp/save/fifo"
repl "$start" "$src" run "save -f $tmp/save/fifo"
expect_status 0
[ -p "$tmp/save/fifo" ] || fail "save -f replaced a FIFO: $(ls -l "$tmp/save")"
# (The report, 9 KB, is in the pipe's buffer: one read takes it all.)
dd bs=65536 count=1 <&3 2>/dev/null | jq -S . >"$tmp/got" || fail "the FIFO's reader got no JSON"
exec 3>&-
cmp -s "$tmp/want" "$tmp/got" || fail "save to a FIFO differs from check --json: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 3))
rm "$tmp/save/fifo"
# A character device is written into, never replaced.  As root, a node
# of our own (the test must not risk /dev/null); as anyone else,
# /dev/null, which they cannot replace anyway.
dev=
if [ "$(id -u)" -ne 0 ]; then
	dev=/dev/null
elif mknod "$tmp/save/null" c 1 3 2>/dev/null; then
	dev=$tmp/save/null
fi
if [ -n "$dev" ]; then
	repl "$start" "$src" run "save $dev"
	expect_status 0
	expect_out "saved the report to $dev"
	[ -c "$dev" ] || fail "save replaced the device $dev: $(ls -l "$dev")"
	passed=$((passed + 1))
fi
rm -f "$tmp/save/null"
# /dev/fd/1 (as /dev/stdout, but a name where nothing can be created, so
# that a save that replaces names cannot harm the system as root) writes on
# standard output where it stands (a file here: it
# is not replaced, nor written over from its start).
repl "$start" "$src" run "save /dev/fd/1" "show"
expect_status 0
sed -n '/^{/,/^}/p' "$tmp/out" | jq -S . >"$tmp/got" || fail "save /dev/fd/1 wrote no JSON: $(cat "$tmp/out")"
cmp -s "$tmp/want" "$tmp/got" || fail "save /dev/fd/1 differs from check --json: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 1))
expect_out "saved the report to /dev/fd/1"
expect_out "verdict      network-path-block (reply-rejected)"
# A directory is refused.
repl "$start" "$src" run "save $tmp/save"
expect_status 64
expect_err "'$tmp/save' is a directory: save writes a regular file, a character device or a FIFO"
cp "$f" "$tmp/flows.log"
cp "$f" "$tmp/flows.orig"
repl "$start" "set source $tmp/flows.log" run "save $tmp/flows.log"
expect_status 64
expect_err "'$tmp/flows.log' is one of the flow logs read: save to another file"
cmp -s "$tmp/flows.log" "$tmp/flows.orig" || fail "save changed a flow log"
passed=$((passed + 1))
repl "$start" "$src" run "save $tmp/no/such/dir/r.json"
expect_status 66
expect_err "cannot write '$tmp/no/such/dir/r.json'"

# rules: the same as flowdiag rules.
run rules list
cp "$tmp/out" "$tmp/want"
repl rules
sed -n '/^RULE/,/^flowdiag> $/p' "$tmp/out" | sed '$d' >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "rules differs from flowdiag rules list"
passed=$((passed + 1))
repl "rules test"
expect_out " passed, 0 failed"
repl "rules facts"
expect_out "req.accept.records"
repl "rules check $tmp/none.rules"
expect_status 66
repl "rules frobnicate"
expect_status 64
expect_err "rules: unknown verb 'frobnicate' (list, check, test, facts)"

# A run that fails keeps the last verdict; the settings changed since are
# pointed out.
printf 'this is not a flow log\n' >"$tmp/notes.txt"
repl "$start" "$src" run "set source $tmp/notes.txt" run show why
expect_status 65
expect_err "not a flow log"
expect_out "verdict      network-path-block (reply-rejected), from before the settings changed"
expect_out "(the settings changed since this verdict: run brings it up to date)"
# A new run replaces the verdict.
repl "$start" "$src" run "set client 198.51.100.7" run show
expect_status 0
expect_out "verdict      reachable (handshake-completed)"
lacks_out "from before the settings changed"

# --- guided mode through the pipe ---------------------------------------
cd "$tmp"
mkdir -p guided/examples
cp "$f" guided/examples/flows.log
cd guided
repl guide 10.0.1.999 10.0.1.10 "" 80 udpx "" files /nonexistent "" "last week" all why
expect_status 0
expect_out "   address: 10.0.1.999"
expect_out "   ! target '10.0.1.999' is not ADDRESS:PORT, [IPV6]:PORT or ADDRESS: try again"
expect_out "   ! an answer is needed (Ctrl-C leaves the questions): try again"
expect_out "   ! unknown protocol 'udpx'"
expect_out "   path [examples/flows.log]: "
expect_out "   ! source: '/nonexistent': No such file or directory: try again"
expect_out "   ! time 'last' is not Unix seconds"
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80, but its"
expect_out "Why"
# The address with its port skips the port question; the settings come
# back as defaults the next time.
repl guide 10.0.1.10:22 "" "" "" "" guide "" "" "" "" "" ""
expect_status 0
count_out "   port" 1
expect_out "   address [10.0.1.10]: "
expect_out "   protocol: tcp, udp or any [any]: "
count_out "reachable: " 2
# A source that is not a flow log: its format is asked, then, that not
# mending it, the source again, with the reason.
cp "$tmp/notes.txt" notes.txt
repl guide 10.0.1.10:80 "" files notes.txt all "" "" "" "" show
expect_status 0
expect_out "   ! 'notes.txt' "
count_out "path [" 2
expect_out "source       examples/flows.log"
# The kind of source by a prefix, in any case; anything else is asked
# again.
repl guide 10.0.1.10:80 "" x F "" "" show
expect_status 0
expect_out "   ! 'x' is neither files nor cloudwatch: try again"
expect_out "source       examples/flows.log"
# Lines of a custom format: the format is asked, not the source again.
cp "$EXAMPLES/custom-v5.log" custom.log
v5='${version} ${vpc-id} ${subnet-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${pkt-srcaddr} ${pkt-dstaddr}'
repl guide 10.0.1.10:80 "" files custom.log all '${version} ${vpc-id}' "$v5" show
expect_status 0
expect_out "(a custom format? give --log-format)"
count_out "   log format" 2
count_out "   path [" 1
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80, but its"
expect_out "format       \${version} \${vpc-id} \${subnet-id}"
# The end of input leaves the questions.
repl guide 10.0.1.10
expect_status 0
expect_out "(questions left: help lists the commands, guide asks again)"
cd "$tmp"

# --- the same pipeline as check, scenario by scenario ------------------
corpus="$tmp/scenarios"
python3 "$top/tests/make-scenarios.py" "$corpus" || fail "make-scenarios.py failed"
tab=$(printf '\t')
runs=0
set -f
while IFS="$tab" read -r name target file category cause code args; do
	case $name in '' | '#'*) continue ;; esac
	now=1700086400
	script="$tmp/script"
	opts=
	case $target in
	*:*) echo "set target $target" >"$script" ;;
	*) printf 'set target %s\nset port none\n' "$target" >"$script" ;;
	esac
	echo "set source $corpus/$name/$file" >>"$script"
	set -- $args
	while [ $# -gt 0 ]; do
		case $1 in
		now=*) now=${1#now=} ;;
		confidence* | summary~=* | why~=* | next~=*) ;;
		--protocol) echo "set protocol $2" >>"$script"; opts="$opts $1 $2"; shift ;;
		--client) echo "set client $2" >>"$script"; opts="$opts $1 $2"; shift ;;
		--interface) echo "set interface $2" >>"$script"; opts="$opts $1 $2"; shift ;;
		--from) from=$2; opts="$opts $1 $2"; shift ;;
		--to) echo "set window $from $2" >>"$script"; opts="$opts $1 $2"; shift ;;
		*) fail "$name: no REPL setting for '$1'" ;;
		esac
		shift
	done
	printf 'run\nsave %s\n' "$tmp/saved.json" >>"$script"
	rm -f "$tmp/saved.json"
	FLOWDIAG_NOW=$now "$FLOWDIAG" <"$script" >"$tmp/out" 2>"$tmp/err" ||
		fail "$name $file: the REPL failed: $(cat "$tmp/err")"
	FLOWDIAG_NOW=$now "$FLOWDIAG" check "$target" --file "$corpus/$name/$file" $opts --json >"$tmp/want.json" 2>/dev/null || true
	jq -S . "$tmp/want.json" >"$tmp/want"
	jq -S . "$tmp/saved.json" >"$tmp/got" || fail "$name $file: nothing saved"
	cmp -s "$tmp/want" "$tmp/got" ||
		fail "$name $file $opts: the REPL's report differs from check's: $(diff "$tmp/want" "$tmp/got" | head)"
	[ "$(jq -r .verdict.cause "$tmp/got")" = "$cause" ] ||
		fail "$name $file: cause $(jq -r .verdict.cause "$tmp/got"), not $cause"
	runs=$((runs + 1))
done <"$corpus/MANIFEST"
set +f
want=$(grep -cv '^#' "$corpus/MANIFEST")
[ "$runs" -eq "$want" ] || fail "ran $runs scenarios, not the MANIFEST's $want"
passed=$((passed + runs))

# The timeline shows what the logging says (SKIPDATA, NODATA, nothing
# logged yet or any more) in a word that keeps a row within 80 columns,
# and says under the rows what each word used means.  Rows without a
# record that say the same fold into one line from the first's time
# (the skipdata scenario's SKIPDATA records cover 22:15:23 to 22:21:23).
fits80()
{
	! awk 'length($0) > 80' "$tmp/out" | grep -q . ||
		fail "timeline lines over 80 columns: $(awk 'length($0) > 80' "$tmp/out" | head -3)"
}
repl "$start" "set source $corpus/skipdata/v2.log" run timeline
expect_rows "22:14
22:15             ... 7 minutes: SKIPDATA
22:22"
expect_out "  SKIPDATA           records were skipped (a capacity limit or an internal"
lacks_out "NODATA"
lacks_out "not logged yet?"
fits80
repl "$start" "set source $corpus/nodata-only/v2.log" "set interface eni-0a1b2c3d4e5f60001" run timeline
expect_out "  NODATA             the interface was logged and had no traffic at all"
fits80
repl "$start" "set source $corpus/logging-started-late/v2.log" "set window 1700000000 1700003600" run timeline "timeline 1m"
expect_out "each row is 2 minutes"
expect_out "each row is 1 minute"
expect_out "  ... quiet for "
expect_rows "2023-11-14 22:13  ... 30 minutes: not logged yet?
22:43             ... quiet for 31 minutes"
expect_out "  not logged yet?    before the interface's first record: its flow log may"
fits80
FLOWDIAG_NOW=1700001900 repl "$start" "set source $corpus/delivery-pending/v2.log" "set window 1700000400 1700001800" run timeline
expect_rows "22:21
22:22             ... 22 minutes: stopped? pending?"
expect_out "                     or its records are still on their way (about 5 minutes to"
fits80
# Between the records of a live interface it is idle, not unlogged: the
# quiet host's hour folds, and no row says it was not logged.
repl "$start" "set source $corpus/quiet-host/v2.log" run "timeline 1m"
expect_out "  ... quiet for "
! grep -q "not logged" "$tmp/out" || fail "idle rows called unlogged: $(grep 'not logged' "$tmp/out" | head -3)"
passed=$((passed + 1))

# --- config: the configuration held against the flows ------------------
cfg="$EXAMPLES/config.json"
repl "$start" "$src" run config
expect_status 0
expect_out "No configuration was read"
repl "$start" "$src" "config $cfg" show run config "teach stateful" \
    "save $tmp/config.json"
expect_status 0
expect_out "  config       $cfg"
expect_out "Configuration ($cfg)"
expect_out "target-acl-out denies   acl-0a1b2c3d4e5f60001 egress rule 90 denies tcp"
# teach: the target's own entries, lowest number first, the deciding one
# marked in each direction, the final * shown.
expect_out "acl-0a1b2c3d4e5f60001 outbound (the replies), lowest number first:"
expect_out "    90     deny  tcp     0-65535      203.0.113.0/24   <- the first that matches: it decides"
expect_out "    100    allow tcp     80           0.0.0.0/0   <- the first that matches: it decides"
count_out "<- the first that matches" 2
count_out "    *      deny  all     all          0.0.0.0/0" 2
expect_out "Here: sg-0a1b2c3d4e5f60001 (web) inbound tcp 80 from 0.0.0.0/0: it admits"
# The same pipeline: the REPL's report holds what check --json says.
"$FLOWDIAG" check 10.0.1.10:80 --file "$f" --config "$cfg" --json \
    >"$tmp/check.json" || [ $? -eq 10 ] || fail "check --config failed"
[ "$(jq -c '.config, .verdict' "$tmp/config.json")" = \
    "$(jq -c '.config, .verdict' "$tmp/check.json")" ] ||
	fail "the REPL's config differs from check's: $(jq -c .config "$tmp/config.json")"
passed=$((passed + 1))
# A path that cannot be read is refused when set, and the setting kept.
repl "$start" "$src" "config $cfg" "config $tmp/none.json" show
expect_err "config '$tmp/none.json': No such file or directory"
expect_out "  config       $cfg"
repl "$start" "$src" "config $cfg" "config none" show
expect_out "  config       (none)"

done_testing
