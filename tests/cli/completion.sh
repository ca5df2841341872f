#!/bin/sh
# The bash completion: the script in the tree is what flowdiag completion
# bash makes now (else: make completions), and sourced in bash it
# completes commands, check's options and their values, rules verbs and
# --log-format's fields as flowdiag takes them.
. "${srcdir:-.}/tests/lib.sh"

top=$(cd "${srcdir:-.}" && pwd)
command -v bash >/dev/null || { echo "bash missing" >&2; exit 77; }

for shell in bash zsh; do
	case $shell in
	bash) file=$top/completions/bash/flowdiag ;;
	zsh) file=$top/completions/zsh/_flowdiag ;;
	esac
	run completion "$shell"
	expect_status 0
	same "$file"
done
run completion fish
expect_status 64
expect_err "flowdiag: usage: flowdiag completion bash|zsh"
# Not offered, not suggested: a command for make completions and packagers.
run completio
expect_status 64
expect_err "unknown command 'completio' (commands: check, rules, help)"

# Paths complete from here.
mkdir "$tmp/here"
cd "$tmp/here"
mkdir rules.d
: >flows.log
: >extra.json
: >rfile

# Each case: the words, the last one being typed; prints the case and
# its replies, sorted, on one line.
cat >"$tmp/cases.bash" <<'EOF'
. "$1"
c()
{
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_flowdiag
	for w in "${@:2}"; do
		printf '%s ' "${w:-''}"
	done
	printf '=>'
	printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | while IFS= read -r w; do
		[ -z "$w" ] || printf ' [%s]' "$w"
	done
	echo
}
c flowdiag ''
c flowdiag ch
c flowdiag --
c flowdiag check --fi
c flowdiag check --co
c flowdiag check --color =
c flowdiag check --color = al
c flowdiag check --color=a
c flowdiag check --engine ''
c flowdiag check -p ''
c flowdiag check --traffic-type R
c flowdiag check --log-format version,acc
c flowdiag check -F version,srcaddr,dstp
c flowdiag check --log-format "'version tcp-f"
c flowdiag check --log-format '"${version} ${pkt-s'
c flowdiag check --log-format=reject-
c flowdiag check --file fl
c flowdiag check --config e
c flowdiag check --rules r
c flowdiag check --client ''
c flowdiag check 10.0.1.10:80 ''
c flowdiag check 10.0.1.10:80 -q -e --re
c flowdiag rules ''
c flowdiag rules check fl
c flowdiag rules list --
c flowdiag rules facts ''
c flowdiag help ''
EOF
bash "$tmp/cases.bash" "$top/completions/bash/flowdiag" >"$tmp/out" 2>"$tmp/err" ||
	fail "bash: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "bash said: $(cat "$tmp/err")"
cat >"$tmp/want" <<'EOF'
'' => [check] [help] [rules]
ch => [check]
-- => [--help] [--version]
check --fi => [--file]
check --co => [--color] [--config]
check --color = => [always] [auto] [never]
check --color = al => [always]
check --color=a => [--color=always] [--color=auto]
check --engine '' => [athena] [auto] [filter] [insights]
check -p '' => [any] [icmp] [icmpv6] [tcp] [udp]
check --traffic-type R => [REJECT]
check --log-format version,acc => [version,account-id]
check -F version,srcaddr,dstp => [version,srcaddr,dstport]
check --log-format 'version tcp-f => [version tcp-flags]
check --log-format "${version} ${pkt-s => [${version} ${pkt-src-aws-service}] [${version} ${pkt-srcaddr}]
check --log-format=reject- => [--log-format=reject-reason]
check --file fl => [flows.log]
check --config e => [ec2] [extra.json]
check --rules r => [rules.d]
check --client '' =>
check 10.0.1.10:80 '' =>
check 10.0.1.10:80 -q -e --re => [--records] [--region]
rules '' => [--help] [--rules] [check] [facts] [list] [test]
rules check fl => [flows.log]
rules list -- => [--rules]
rules facts '' =>
help '' =>
EOF
diff "$tmp/want" "$tmp/out" >"$tmp/diff" ||
	fail "bash completion differs (- expected, + got):
$(cat "$tmp/diff")"
passed=$((passed + 1))

# Every long option check --help lists is offered, and no other but
# --help, which the text leaves out.
{ "$FLOWDIAG" check --help | grep -o -- '--[a-z][a-z0-9-]*'; echo --help; } |
    LC_ALL=C sort -u >"$tmp/help"
bash -c '. "$1"; COMP_WORDS=(flowdiag check --); COMP_CWORD=2; _flowdiag
    printf "%s\n" "${COMPREPLY[@]}"' - "$top/completions/bash/flowdiag" |
    LC_ALL=C sort -u >"$tmp/offered"
diff "$tmp/help" "$tmp/offered" >"$tmp/diff" ||
	fail "check --help and the completion differ (- help, + offered):
$(cat "$tmp/diff")"
passed=$((passed + 1))

# Every field offered after --log-format is one flowdiag takes: all of
# them at once make a format it accepts: no usage error, whatever the
# sample's records make of it.
fields=$(bash -c '. "$1"; COMP_WORDS=(flowdiag check --log-format ""); COMP_CWORD=3
    _flowdiag; IFS=,; echo "${COMPREPLY[*]}"' - "$top/completions/bash/flowdiag")
n=$(echo "$fields" | tr , '\n' | grep -c .)
# Versions 2 to 8: 14 + 7 + 4 + 4 + 18 + 10 + 1 fields.
[ "$n" -eq 58 ] || fail "$n fields offered, not 58: $fields"
passed=$((passed + 1))
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --log-format "$fields"
[ "$status" -ne 64 ] || fail "--log-format refused the offered fields: $(cat "$tmp/err")"
passed=$((passed + 1))
done_testing
