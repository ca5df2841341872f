#!/bin/sh
# The layers of the tree: every #include "flowdiag/..." points to the
# folder's own layer or one below it, never up, and a header beside the
# sources is included from its own folder only.  From the bottom:
#
#   util     knows nothing of flow logs
#   record   what a record is, which ones concern the target
#   input    bytes to candidate lines, the scan
#   vpc      a VPC's configuration and its evaluation
#   aws      every network call and secret
#   engine   facts, evidence, rules, the verdict
#   report   text and JSON; decides nothing
#   pipeline wires the stages (src/pipeline.c, flowdiag/pipeline.h)
#   cli repl the two front ends, which do not include each other
#   main     the front door
#
# And readline is included by src/repl/line.c alone.
. "${srcdir:-.}/tests/lib.sh"

top=${srcdir:-.}
tier()
{
	case $1 in
	util) echo 0 ;; record) echo 1 ;; input) echo 2 ;; vpc) echo 3 ;;
	aws) echo 4 ;;
	engine) echo 5 ;; report) echo 6 ;; pipeline) echo 7 ;;
	cli | repl) echo 8 ;; main) echo 9 ;; *) echo "" ;;
	esac
}

bad="$tmp/bad"
: >"$bad"
files=0
for f in "$top"/src/*.c "$top"/src/*/*.c "$top"/src/*/*.h \
    "$top"/include/flowdiag/*.h "$top"/include/flowdiag/*/*.h; do
	[ -f "$f" ] || continue
	rel=${f#"$top"/}
	case $rel in
	src/main.c) layer=main ;;
	src/pipeline.c | include/flowdiag/pipeline.h) layer=pipeline ;;
	src/*/* | include/flowdiag/*/*)
		layer=${rel#src/}
		layer=${layer#include/flowdiag/}
		layer=${layer%%/*} ;;
	*) echo "$rel: not in a layer's folder" >>"$bad"; continue ;;
	esac
	mine=$(tier "$layer")
	[ -n "$mine" ] || { echo "$rel: unknown layer '$layer'" >>"$bad"; continue; }
	files=$((files + 1))
	sed -n 's/^#include "flowdiag\/\(.*\)"$/\1/p' "$f" | while read -r inc; do
		case $inc in
		pipeline.h) to=pipeline ;;
		*/*) to=${inc%%/*} ;;
		*) echo "$rel: '$inc' is in no layer's folder" >>"$bad"; continue ;;
		esac
		theirs=$(tier "$to")
		if [ -z "$theirs" ]; then
			echo "$rel: '$inc': unknown layer '$to'" >>"$bad"
		elif [ "$theirs" -gt "$mine" ] ||
		    { [ "$theirs" -eq "$mine" ] && [ "$to" != "$layer" ]; }; then
			echo "$rel ($layer) includes $inc ($to)" >>"$bad"
		fi
	done
	# A header beside the sources (rule-int.h) is private to its folder.
	sed -n 's/^#include "\(.*\)"$/\1/p' "$f" | while read -r inc; do
		case $inc in
		config.h | flowdiag/*) ;;
		*/*) echo "$rel includes $inc from another folder" >>"$bad" ;;
		*) [ -f "${f%/*}/$inc" ] ||
		    echo "$rel includes $inc, which is not beside it" >>"$bad" ;;
		esac
	done
done
# Libraries kept to one place: readline to the REPL's lines.
for f in "$top"/src/*.c "$top"/src/*/*.c "$top"/include/flowdiag/*.h \
    "$top"/include/flowdiag/*/*.h; do
	rel=${f#"$top"/}
	if grep -q '^#include <readline/' "$f" && [ "$rel" != src/repl/line.c ]; then
		echo "$rel includes readline, which only src/repl/line.c may" >>"$bad"
	fi
done
[ "$files" -gt 40 ] || fail "only $files files looked at"
[ ! -s "$bad" ] || fail "includes that point up or across:
$(cat "$bad")"
passed=$((passed + 1))
done_testing
