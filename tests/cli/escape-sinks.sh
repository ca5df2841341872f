#!/bin/sh
# Every text flowdiag writes for people goes through util/escape.h's
# writers (escape_printf, escape_puts, escape_write; escape_raw for its own
# control sequences), and every JSON string through output_json_text():
# a front end or report that calls stdio or jansson's json_string()
# directly could write a byte from outside raw.  Checked here, so a new
# command cannot forget it.  fputc() of a character constant is ours.
. "${srcdir:-.}/tests/lib.sh"

top=${srcdir:-.}
bad="$tmp/bad"
: >"$bad"
files=0
for f in "$top"/src/main.c "$top"/src/cli/*.c "$top"/src/repl/*.c \
    "$top"/src/report/*.c; do
	rel=${f#"$top"/}
	files=$((files + 1))
	grep -nE '(^|[^a-z_])(v?f?printf|fputs|puts|fwrite|perror|putchar|fputws)\(' "$f" |
	    sed "s|^|$rel:|" >>"$bad" || :
	grep -nE '(^|[^a-z_])f?putc\(' "$f" | grep -vE "f?putc\('(\\\\.|[^'])'," |
	    sed "s|^|$rel:|" >>"$bad" || :
	[ "$rel" = src/report/output.c ] && continue
	grep -nE '(^|[^a-z_])json_stringn?\(' "$f" | sed "s|^|$rel:|" >>"$bad" || :
done
[ "$files" -gt 20 ] || fail "only $files files looked at"
[ ! -s "$bad" ] || fail "text written past the escaping writers:
$(cat "$bad")"
passed=$((passed + 1))
# The one json_string() of output.c is output_json_text()'s own.
n=$(grep -cE '(^|[^a-z_])json_stringn?\(' "$top"/src/report/output.c)
[ "$n" -eq 2 ] || fail "output.c calls json_string() $n times, not 2"
passed=$((passed + 1))
done_testing
