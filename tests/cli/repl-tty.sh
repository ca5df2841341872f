#!/bin/sh
# The REPL at a real terminal: flowdiag runs under GNU readline in a tmux
# pane, the keys are typed with send-keys and the checks read the screen
# with capture-pane.  Covered: the guided questions (a wrong answer asked
# again, Enter taking the default, Tab completing a word and a path), the
# verdict; Tab completion of command names, set keys and values (the
# engine too), show query and teach topics, and the list on a second Tab;
# Ctrl-C abandoning a line, and stopping a scan of a FIFO that never ends;
# Ctrl-D leaving; the history file (private, no secrets, no abandoned
# lines) and Up recalling it in a second session.
. "${srcdir:-.}/tests/lib.sh"

command -v tmux >/dev/null ||
	{ echo "tmux missing: apt-get install tmux" >&2; exit 77; }
command -v jq >/dev/null ||
	{ echo "jq missing: apt-get install jq" >&2; exit 77; }
command -v mkfifo >/dev/null ||
	{ echo "mkfifo missing: apt-get install coreutils" >&2; exit 77; }

# A private server: its socket lives in $tmp, so that tests running at the
# same time never meet, and it goes when the test ends however it ends.
unset TMUX TMUX_PANE
sock="fd$$"
# (A socket's path has room for about 100 bytes.)
if [ "${#tmp}" -lt 70 ]; then
	TMUX_TMPDIR=$tmp; export TMUX_TMPDIR
fi
writer=
cleanup()
{
	[ -z "$writer" ] || kill "$writer" 2>/dev/null || :
	[ -z "$bg_pids" ] || kill $bg_pids 2>/dev/null || :
	tm kill-server 2>/dev/null || :
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

tm()
{
	tmux -L "$sock" -f /dev/null "$@"
}

# The working directory: a copy of the examples, so that the guide offers
# examples/flows.log; the history goes to $tmp/state.
work="$tmp/work"
state="$tmp/state"
mkdir "$work"
cp -R "$EXAMPLES" "$work/examples"
chmod -R u+w "$work/examples"	# distcheck's sources are read-only
: >"$tmp/inputrc"		# no /etc/inputrc: readline's defaults
hist="$state/flowdiag/history"
secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

# q WORD: WORD quoted for sh.
q()
{
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The command the pane runs: exec, so that Ctrl-C reaches flowdiag alone
# and no shell is left to die of it.
envs="TERM=xterm HOME=$(q "$tmp") XDG_STATE_HOME=$(q "$state")"
envs="$envs INPUTRC=$(q "$tmp/inputrc") PAGER=cat"
for v in FLOWDIAG_RULES NO_COLOR XDG_CONFIG_HOME ASAN_OPTIONS \
    UBSAN_OPTIONS LSAN_OPTIONS PATH; do
	val=
	eval "isset=\${$v+x} val=\${$v-}"
	[ -z "$isset" ] || envs="$envs $v=$(q "$val")"
done
repl="cd $(q "$work") && exec env -u COLUMNS -u LINES $envs $(q "$FLOWDIAG")"

SHELL=/bin/sh tm new-session -d -s fd -x 120 -y 50 'exec sleep 600' ||
	fail "tmux cannot start a server"
tm set-option -g history-limit 10000
tm set-option -t fd remain-on-exit on

# start: runs flowdiag afresh in the pane, on a clean screen.
start()
{
	tm respawn-pane -k -t fd "$repl"
	tm clear-history -t fd
	mark=0
}

# screen: what the pane shows, wrapped lines joined.
screen()
{
	tm capture-pane -p -J -t fd 2>/dev/null | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# The pane's lines are numbered from the top of its history: the cursor's
# line is history_size + cursor_y.  mark remembers it before keys are
# sent, so that only what came after counts.
cursor_abs()
{
	p=$(tm display -p -t fd '#{history_size} #{cursor_y}')
	echo $((${p% *} + ${p#* }))
}

mark()
{
	mark=$(cursor_abs)
}

# since_mark: the lines from the marked one to the end of the screen.
since_mark()
{
	while :; do
		h=$(tm display -p -t fd '#{history_size}')
		[ -n "$h" ] || return 1	# no server
		out=$(tm capture-pane -p -J -t fd -S $((mark - h)))
		# Nothing scrolled in between: the start was the right one.
		[ "$(tm display -p -t fd '#{history_size}')" = "$h" ] && break
	done
	printf '%s\n' "$out"
}

# read_cursor: the line the cursor is on, trailing blanks dropped, in
# $line, and its number in $cur.
read_cursor()
{
	while :; do
		p=$(tm display -p -t fd '#{history_size} #{cursor_y}')
		[ -n "$p" ] || { line='' cur=0; return 1; }	# no server
		line=$(tm capture-pane -p -t fd -S "${p#* }" -E "${p#* }")
		[ "$(tm display -p -t fd '#{history_size} #{cursor_y}')" = "$p" ] &&
			break
	done
	cur=$((${p% *} + ${p#* }))
	line=$(printf '%s\n' "$line" | sed 's/[[:space:]]*$//')
}

# poll WHAT TIMEOUT TEST...: runs TEST every 0.1 s until it succeeds;
# after TIMEOUT seconds, fails saying it waited for WHAT, with the screen.
poll()
{
	what=$1 n=$(($2 * 10))
	shift 2
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] ||
			fail "waited for $what; the screen was:
$(screen)"
		sleep 0.1
	done
	passed=$((passed + 1))
}

has_text()
{
	since_mark | grep -qF -- "$1"
}

# wait_for TEXT [TIMEOUT]: TEXT shows on the screen after the mark.
wait_for()
{
	poll "'$1'" "${2:-10}" has_text "$1"
}

is_line()
{
	read_cursor
	[ "$line" = "$1" ]
}

# wait_line TEXT [TIMEOUT]: the cursor's line reads TEXT (as typing or
# completion left it).
wait_line()
{
	poll "the cursor's line to read '$1'" "${2:-10}" is_line "$1"
}

is_new_line()
{
	read_cursor
	[ "$line" = "$1" ] && [ "$cur" -gt "$mark" ]
}

# wait_ask TEXT [TIMEOUT]: a new question or prompt TEXT, below the mark,
# waits for an answer, nothing typed.
wait_ask()
{
	poll "a fresh '$1'" "${2:-10}" is_new_line "$1"
}

wait_prompt()
{
	wait_ask "flowdiag>"
}

# is_dead: the pane's process has left and tmux has its exit status.
# tmux 3.3a sometimes misses the SIGCHLD and leaves the process a zombie
# until another child of the server ends: a job that does nothing makes
# it look again.
is_dead()
{
	dead=$(tm display -p -t fd '#{pane_dead} #{pane_dead_status}')
	case $dead in
	"1 "?*) return 0 ;;
	1*) tm run-shell -b true ;;
	esac
	return 1
}

# wait_exit: flowdiag left, with status 0.
wait_exit()
{
	poll "flowdiag to leave" 10 is_dead
	[ "$dead" = "1 0" ] ||
		fail "flowdiag left with status ${dead#1 }:
$(screen)"
	passed=$((passed + 1))
}

keys()
{
	tm send-keys -t fd "$@"
}

# typein TEXT: types TEXT as it is, no key names.
typein()
{
	tm send-keys -t fd -l -- "$1"
}

# answer TEXT: types TEXT and Enter, from a new mark.
answer()
{
	mark
	[ -z "$1" ] || typein "$1"
	keys Enter
}

# The newcomer's path through the guide, with one wrong answer.
start
wait_for "why can't anything reach ADDRESS:PORT?"
wait_for "then a verdict"
wait_ask "   address:"
answer 10.0.1.999
wait_for "try again"
wait_ask "   address:"
answer 10.0.1.10
wait_ask "   port:"
answer 80
# any, as check without --protocol.
wait_ask "   protocol: tcp, udp or any [any]:"
answer ""
wait_ask "   files or cloudwatch [files]:"
mark
typein f
keys Tab
wait_line "   files or cloudwatch [files]: files"
keys Enter
wait_ask "   path [examples/flows.log]:"
mark
typein exa
keys Tab
wait_line "   path [examples/flows.log]: examples/"
typein fl
keys Tab
wait_line "   path [examples/flows.log]: examples/flows.log"
keys Enter
wait_ask "   window [all]:"
answer ""
wait_prompt
wait_for "network-path-block"
wait_for "reply-rejected"
# The pane is 120 columns (COLUMNS unset: the terminal says): a request
# line of 82 stays whole, where 80 columns would break it.
wait_for "      request 203.0.113.12:51234 -> 10.0.1.10:80 tcp, 3 packets, 180 bytes: ACCEPT"
# The first screen shows the clients that fare otherwise, as check does.
wait_for "Clients"
wait_for "  reachable (handshake-completed): 198.51.100.7"
# The guide's defaults ask what check asks: the same report.
answer "save $tmp/guided.json"
wait_prompt
(cd "$work" && "$FLOWDIAG" check 10.0.1.10:80 --file examples/flows.log --json) \
    >"$tmp/check.json" || :
jq -S . "$tmp/guided.json" >"$tmp/a.json" || fail "no saved report"
jq -S . "$tmp/check.json" >"$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" ||
	fail "the guided run's report is not check's: $(diff "$tmp/a.json" "$tmp/b.json" | head -20)"
passed=$((passed + 1))

# Completion at the prompt: a command, a set key and value, a topic.
mark
typein tim
keys Tab
wait_line "flowdiag> timeline"
keys Enter
wait_prompt
wait_for "Timeline of 10.0.1.10:80"
wait_for "REQUESTS"

mark
typein "set prot"
keys Tab
wait_line "flowdiag> set protocol"
keys Tab Tab
wait_for icmpv6
wait_for udp
wait_line "flowdiag> set protocol"
typein u
keys Tab
wait_line "flowdiag> set protocol udp"
keys C-u
wait_line "flowdiag>"

# The engine's words are check's --engine's; show completes query.
mark
typein "set eng"
keys Tab
wait_line "flowdiag> set engine"
typein at
keys Tab
wait_line "flowdiag> set engine athena"
keys C-u
wait_line "flowdiag>"
typein "show q"
keys Tab
wait_line "flowdiag> show query"
keys C-u
wait_line "flowdiag>"

mark
typein "teach eph"
keys Tab
wait_line "flowdiag> teach ephemeral"
keys Enter
wait_prompt
wait_for "Ephemeral ports"

# Ctrl-C abandons what is typed and leaves a fresh prompt, not flowdiag.
mark
typein "some text"
wait_line "flowdiag> some text"
keys C-c
wait_prompt
answer help
wait_prompt
wait_for "Commands (a unique prefix"
wait_for "  records "
wait_for "  timeline "

# Ctrl-C stops a scan that does not end: a FIFO fed slowly for 20 s.
mkfifo "$work/slow.log"
(
	exec >"$work/slow.log"
	head -n 4 "$work/examples/flows.log"
	: >"$tmp/writing"
	i=0
	while [ "$i" -lt 40 ]; do
		sleep 0.5
		sed -n 5p "$work/examples/flows.log"
		i=$((i + 1))
	done
) 2>/dev/null &
writer=$!
answer "set source slow.log"
wait_prompt
answer run
is_writing()
{
	[ -e "$tmp/writing" ]
}
poll "flowdiag to open slow.log" 10 is_writing
sleep 0.5
keys C-c
wait_for "interrupted while reading 'slow.log'"
wait_prompt
kill "$writer" 2>/dev/null || :
wait "$writer" 2>/dev/null || :
writer=
# The last verdict stays.
answer show
wait_prompt
wait_for "source       slow.log"
wait_for "verdict      network-path-block (reply-rejected)"

# A line that looks like a secret is not kept, even for Up.
answer "set profile $secret"
wait_prompt
mark
keys Up
wait_line "flowdiag> show"
keys C-c
wait_prompt
mark
keys C-d
wait_exit

# The history: private, the commands in it, not the secret nor what
# Ctrl-C abandoned.  (The guide's answers need not be there.)
[ -f "$hist" ] || fail "no history file $hist: $(ls -lR "$state" 2>&1)"
[ "$(stat -c %a "$hist")" = 600 ] ||
	fail "history mode $(stat -c %a "$hist"), not 600"
[ "$(stat -c %a "$state/flowdiag")" = 700 ] ||
	fail "history directory mode $(stat -c %a "$state/flowdiag"), not 700"
passed=$((passed + 3))
for cmd in timeline "teach ephemeral" help "set source slow.log" run show; do
	grep -qxF -- "$cmd" "$hist" ||
		fail "history lacks '$cmd'; it holds: $(cat "$hist")"
	passed=$((passed + 1))
done
! grep -qF -- "$secret" "$hist" ||
	fail "the secret is in the history: $(cat "$hist")"
! grep -qF -- "some text" "$hist" ||
	fail "a line Ctrl-C abandoned is in the history: $(cat "$hist")"
passed=$((passed + 2))

# A second session: Ctrl-C leaves the questions; Up recalls the last
# session's commands, newest first.
start
wait_ask "   address:"
mark
keys C-c
wait_for "(questions left"
wait_prompt
keys Up
wait_line "flowdiag> show"
keys Up
wait_line "flowdiag> run"
keys C-c
wait_prompt
mark
keys C-d
wait_exit

# Ctrl-C while Tab waits on AWS (listing the log groups from an endpoint
# that takes the connection and never answers) abandons the line too.
if command -v python3 >/dev/null; then
	python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    c, _ = s.accept()
    held.append(c)
    open(sys.argv[2], "w").close()
' "$tmp/port" "$tmp/asked" &
	writer=$!
	has_port()
	{
		[ -s "$tmp/port" ]
	}
	poll "the silent server to listen" 10 has_port
	aws="AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=x"
	aws="$aws AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true"
	aws="$aws AWS_ENDPOINT_URL=http://127.0.0.1:$(cat "$tmp/port")"
	repl="cd $(q "$work") && exec env -u COLUMNS -u LINES $envs $aws $(q "$FLOWDIAG")"
	start
	wait_ask "   address:"
	mark
	keys C-c
	wait_prompt
	mark
	typein "set source log-group "
	keys Tab
	asked()
	{
		[ -e "$tmp/asked" ]
	}
	poll "the log groups to be asked for" 10 asked
	sleep 0.3
	keys C-c
	wait_prompt
	answer show
	wait_prompt
	wait_for "source       (not set)"
	mark
	keys C-d
	wait_exit
	kill "$writer" 2>/dev/null || :
	wait "$writer" 2>/dev/null || :
	writer=
fi

# Tab completes log group names from DescribeLogGroups (moto), at the
# prompt and at the guide's question.
if python3 -c 'import moto.server' 2>/dev/null && command -v aws >/dev/null &&
    command -v jq >/dev/null; then
	start_moto
	put_sample /vpc/flowlogs/web
	aws logs create-log-group --log-group-name /vpc/flowlogs/db
	aws="AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
	aws="$aws AWS_SECRET_ACCESS_KEY=$(q "$AWS_SECRET_ACCESS_KEY")"
	aws="$aws AWS_SESSION_TOKEN=$AWS_SESSION_TOKEN AWS_REGION=us-east-1"
	aws="$aws AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL=$moto_url"
	aws="$aws AWS_CONFIG_FILE=$tmp/none AWS_SHARED_CREDENTIALS_FILE=$tmp/none"
	repl="cd $(q "$work") && exec env -u COLUMNS -u LINES $envs $aws $(q "$FLOWDIAG")"
	start
	wait_ask "   address:"
	answer 10.0.1.10:80
	# any, as check without --protocol.
wait_ask "   protocol: tcp, udp or any [any]:"
	answer ""
	wait_ask "   files or cloudwatch [files]:"
	answer cloudwatch
	wait_ask "   region [us-east-1]:"
	answer ""
	wait_ask "   profile (Enter: default):"
	answer ""
	wait_ask "   log group:"
	mark
	typein /vpc/flowlogs/w
	keys Tab
	wait_line "   log group: /vpc/flowlogs/web"
	keys Enter
	wait_ask "   window [-1h]:"
	answer "$sample_from $sample_to"
	wait_prompt
	wait_for "network-path-block"
	mark
	typein "set source log-group /vpc/f"
	keys Tab
	wait_line "flowdiag> set source log-group /vpc/flowlogs/"
	keys Tab Tab
	wait_for "/vpc/flowlogs/db"
	typein d
	keys Tab
	wait_line "flowdiag> set source log-group /vpc/flowlogs/db"
	keys C-u
	mark
	keys C-d
	wait_exit
fi

# save asks before it replaces a file: no keeps it, yes replaces it,
# whose mode stays; -f does not ask.
echo old >"$work/saved.json"
chmod 600 "$work/saved.json"
start
wait_ask "   address:"
mark
keys C-c
wait_prompt
answer "set target 10.0.1.10:80"
wait_prompt
answer "set source examples/flows.log"
wait_prompt
answer run
wait_prompt
answer "save saved.json"
wait_ask "'saved.json' exists: replace it? [y/N]"
answer n
wait_prompt
wait_for "not saved: 'saved.json' is as it was"
[ "$(cat "$work/saved.json")" = old ] || fail "save replaced the file after a no"
passed=$((passed + 1))
answer "save saved.json"
wait_ask "'saved.json' exists: replace it? [y/N]"
answer y
wait_prompt
wait_for "saved the report to saved.json"
grep -qF '"verdict"' "$work/saved.json" || fail "save did not replace the file after a yes"
validate_json "$work/saved.json"
[ "$(stat -c %a "$work/saved.json")" = 600 ] ||
	fail "save made a 0600 file $(stat -c %a "$work/saved.json")"
passed=$((passed + 2))
echo old >"$work/saved.json"
answer "save -f saved.json"
wait_prompt
wait_for "saved the report to saved.json"
! since_mark | grep -qF "replace it?" || fail "save -f asked"
grep -qF '"verdict"' "$work/saved.json" || fail "save -f did not replace the file"
passed=$((passed + 2))
mark
keys C-d
wait_exit

# records pages through less when the table does not fit the screen.
if command -v less >/dev/null; then
	i=0
	while [ "$i" -lt 60 ]; do
		t=$((1700000000 + i * 60))
		echo "2 123456789012 eni-0a1b2c3d4e5f60001 198.51.100.7 10.0.1.10 $((40000 + i)) 80 6 3 180 $t $((t + 60)) ACCEPT OK"
		echo "2 123456789012 eni-0a1b2c3d4e5f60001 10.0.1.10 198.51.100.7 80 $((40000 + i)) 6 3 180 $t $((t + 60)) ACCEPT OK"
		i=$((i + 1))
	done >"$work/many.log"
	repl="cd $(q "$work") && exec env -u COLUMNS -u LINES -u LESS $envs PAGER=less $(q "$FLOWDIAG")"
	start
	wait_ask "   address:"
	mark
	keys C-c
	wait_prompt
	answer "set target 10.0.1.10:80"
	wait_prompt
	answer "set source many.log"
	wait_prompt
	answer run
	wait_prompt
	wait_for "120 of 120 records concern the target"
	answer records
	wait_for "WHERE"
	wait_line ":"
	keys q
	wait_prompt
	mark
	keys C-d
	wait_exit
fi

done_testing
