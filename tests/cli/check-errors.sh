#!/bin/sh
# Wrong arguments: one line on stderr naming what is wrong, exit 64
# (EX_USAGE), nothing on stdout.
. "${srcdir:-.}/tests/lib.sh"

f="$EXAMPLES/flows.log"

usage_error()
{
	want=$1
	shift
	run "$@"
	expect_status 64
	expect_err "$want"
	[ ! -s "$tmp/out" ] || fail "stdout not empty: $(cat "$tmp/out")"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
	passed=$((passed + 2))
}

usage_error "flowdiag: check: no target" check --file "$f"
usage_error "flowdiag: check: no input: give --file PATH, --log-group NAME, --s3 s3://BUCKET/PREFIX or --engine athena --athena-table DB.TABLE" check 10.0.1.10:80
usage_error "one target only, got '10.0.1.11:80' too" check 10.0.1.10:80 10.0.1.11:80 --file "$f"
usage_error "target 'web:80': flow logs hold addresses, not host names" check web:80 --file "$f"
usage_error "target '10.0.1.10.5:80' is not ADDRESS:PORT" check 10.0.1.10.5:80 --file "$f"
usage_error "target '10.0.1.10:99999': port must be 0 to 65535 or a service name (http, https)" check 10.0.1.10:99999 --file "$f"
usage_error "unknown protocol 'sctpx'" check 10.0.1.10:80 --protocol sctpx --file "$f"
usage_error "icmp has no ports" check 10.0.1.10:80 --protocol icmp --file "$f"
usage_error "tcp needs a port" check 10.0.1.10 --protocol tcp --file "$f"
usage_error "client '198.51.100.0/40' is not an address or CIDR block" check 10.0.1.10:80 --client 198.51.100.0/40 --file "$f"
usage_error "time 'yesterday' is not Unix seconds" check 10.0.1.10:80 --from yesterday --file "$f"
usage_error "the window ends (--to) before it starts (--from)" check 10.0.1.10:80 --from 2023-11-15 --to 2023-11-14 --file "$f"
usage_error "log format: unknown field 'proto'" check 10.0.1.10:80 --log-format '${version} ${proto}' --file "$f"
usage_error "log format: field 'srcaddr' appears twice" check 10.0.1.10:80 --log-format '${srcaddr} ${srcaddr}' --file "$f"
usage_error "check: unknown option '--frobnicate' (see flowdiag check --help)" check 10.0.1.10:80 --frobnicate --file "$f"
# A value left out is named as missing, whichever option lacks it.
usage_error "flowdiag: check: --file needs a value (see flowdiag check --help)" check 10.0.1.10:80 --file
usage_error "flowdiag: check: --file needs a value" check 10.0.1.10:80 -f
usage_error "flowdiag: check: --from needs a value" check 10.0.1.10:80 --file "$f" --from
usage_error "flowdiag: check: --log-format needs a value" check 10.0.1.10:80 --file "$f" -F
usage_error "flowdiag: check: --color needs a value" check 10.0.1.10:80 --file "$f" --color
usage_error "flowdiag: check: --json takes no value" check 10.0.1.10:80 --file "$f" --json=yes
# A slip gets the real name; an abbreviation of several gets them all.
usage_error "flowdiag: check: unknown option '--fiel'; did you mean --file?" check 10.0.1.10:80 --fiel "$f"
usage_error "flowdiag: check: unknown option '--jsno'; did you mean --json?" check 10.0.1.10:80 --file "$f" --jsno
usage_error "flowdiag: check: unknown option '--protcol'; did you mean --protocol?" check 10.0.1.10:80 --file "$f" --protcol=tcp
usage_error "flowdiag: check: ambiguous option '--re': --region, --records" check 10.0.1.10:80 --file "$f" --re
usage_error "flowdiag: check: unknown option '-x' (see flowdiag check --help)" check 10.0.1.10:80 --file "$f" -x
usage_error "--color 'sometimes': auto, always or never" check 10.0.1.10:80 --file "$f" --color=sometimes
# --since takes a duration, and not with --from.
usage_error "--since '2023-11-14' is not a duration (30m, 2h, 1d, 1w)" check 10.0.1.10:80 --since 2023-11-14 --file "$f"
usage_error "--since '1700000000' is not a duration" check 10.0.1.10:80 --since 1700000000 --file "$f"
usage_error "--since and --from both say where the window starts: give one" check 10.0.1.10:80 --since 2h --from -1h --file "$f"
usage_error "flowdiag: --interface 'i-0a1b2c3d': an ENI id (eni- and hex digits)" check 10.0.1.10:80 --file "$f" --interface i-0a1b2c3d
usage_error "flowdiag: --interface 'eni-0A1B': an ENI id (eni- and hex digits)" check 10.0.1.10:80 --file "$f" --interface eni-0A1B
usage_error "--keep takes a positive number" check 10.0.1.10:80 --keep 0 --file "$f"
usage_error "flowdiag: unknown command 'chekc'; did you mean check?" chekc 10.0.1.10:80
usage_error "flowdiag: unknown command 'chek'; did you mean check?" chek 10.0.1.10:80
usage_error "flowdiag: unknown command 'frobnicate' (commands: check, rules, help)" frobnicate
usage_error "flowdiag: rules: unknown verb 'lsit'; did you mean list?" rules lsit
usage_error "flowdiag: rules: --rules needs a value" rules list --rules
usage_error "flowdiag: rules: --rules needs a value" rules --rules
# A host name: flow logs hold addresses; the command to resolve it.
usage_error "target 'web.example.com:443': flow logs hold addresses, not host names: resolve it first (\$ getent ahosts web.example.com) and ask about the address" check web.example.com:443 --file "$f"
# Not a host name either: no command is made of it.
usage_error "target 'web;id:443' is not ADDRESS:PORT, [IPV6]:PORT or ADDRESS" check 'web;id:443' --file "$f"

# No arguments at all is the REPL: at the end of its input it leaves, 0.
run </dev/null
expect_status 0
expect_out "flowdiag> "

done_testing
