#!/bin/sh
# The zsh completion, in a zsh at a pseudo-terminal (zsh/zpty): compinit
# finds it on the fpath, and a Tab completes commands, check's options and
# their values, rules verbs and --log-format's fields.
. "${srcdir:-.}/tests/lib.sh"

top=$(cd "${srcdir:-.}" && pwd)
command -v zsh >/dev/null || { echo "zsh missing" >&2; exit 77; }
zsh -n "$top/completions/zsh/_flowdiag" 2>"$tmp/err" ||
	fail "zsh -n: $(cat "$tmp/err")"
passed=$((passed + 1))

# The shell at the terminal: flowdiag a function that shows the line it
# was given between @@.
cat >"$tmp/rc" <<'EOF2'
PS1='> '
unset zle_bracketed_paste
autoload -U compinit
compinit -u -D
flowdiag() { print -r -- "@@$*@@" }
EOF2
cat >"$tmp/drive.zsh" <<'EOF2'
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
# reply: what is printed next between @@ and @@.
reply()
{
	local out= chunk i=0

	while (( i++ < 200 )); do
		if zpty -r -t z chunk; then out+=$chunk; else sleep 0.05; fi
		[[ $out == *@@*@@* ]] && break
	done
	out=${out#*@@}
	print -r -- "${out%%@@*}"
}
# The completion function compinit found for flowdiag (the line typed
# shows no @@ of its own).
zpty -w z "fpath=(${(q)1} \$fpath); . ${(q)2}; print -r -- \${:-@}@\$_comps[flowdiag]\${:-@}@"
reply
# tab LINE: types LINE, a Tab and Enter; prints what flowdiag was given.
tab()
{
	zpty -w -n z "$1"$'\t\r'
	reply
}
tab 'flowdiag ch'
tab 'flowdiag check --fi'
tab 'flowdiag check --expl'
tab 'flowdiag check --engine i'
tab 'flowdiag check --color=al'
tab 'flowdiag check -p icmpv'
tab 'flowdiag check --traffic-type R'
tab 'flowdiag check --log-format version,acc'
tab 'flowdiag check 10.0.1.10:80 --no-e'
tab 'flowdiag rules fa'
zpty -d z
EOF2
status=0
(cd "$tmp" && zsh -f "$tmp/drive.zsh" "$top/completions/zsh" "$tmp/rc") \
    >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -ne 77 ] || { echo "zsh/zpty missing" >&2; exit 77; }
[ "$status" -eq 0 ] || fail "zsh: $(cat "$tmp/err")"
cat >"$tmp/want" <<'EOF2'
_flowdiag
check
check --file
check --explain
check --engine insights
check --color=always
check -p icmpv6
check --traffic-type REJECT
check --log-format version,account-id
check 10.0.1.10:80 --no-ec2
rules facts
EOF2
diff "$tmp/want" "$tmp/out" >"$tmp/diff" ||
	fail "zsh completion differs (- expected, + got):
$(cat "$tmp/diff")"
passed=$((passed + 1))
done_testing
