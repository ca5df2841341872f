#!/bin/sh
# libcurl is loaded when AWS is first called, not at start-up: a check of
# files never loads it, and when it cannot be loaded a call to AWS fails
# with one line naming the cause and the fix, exit 69 (EX_UNAVAILABLE).
. "${srcdir:-.}/tests/lib.sh"

f="$EXAMPLES/flows.log"

# The loader's trace (glibc) lists every library a run loads.
LD_DEBUG=files "$FLOWDIAG" check 10.0.1.10:80 --file "$f" >"$tmp/out" 2>"$tmp/ld" ||
	[ $? -eq 10 ] || fail "check of files failed: $(tail -3 "$tmp/ld")"
if grep -q 'file=' "$tmp/ld"; then
	grep -q 'file=libjansson' "$tmp/ld" || fail "no libjansson in the loader's trace"
	passed=$((passed + 1))
	! grep -q 'file=libcurl' "$tmp/ld" ||
		fail "libcurl loaded by a check of files: $(grep 'file=libcurl' "$tmp/ld" | sed 1q)"
	passed=$((passed + 1))
else
	echo "# no glibc loader trace: the start-up check is skipped"
fi

# A call to AWS: credentials from the environment, an endpoint nobody
# listens on; the library is needed before any connection.
aws_call()
{
	status=0
	env AWS_ACCESS_KEY_ID=AKIDLIBCURLTEST AWS_SECRET_ACCESS_KEY=libcurl/test/secret \
		AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE="$tmp/none" \
		AWS_SHARED_CREDENTIALS_FILE="$tmp/none" AWS_EC2_METADATA_DISABLED=true \
		FLOWDIAG_LIBCURL="$1" "$FLOWDIAG" check 10.0.1.10:80 \
		--log-group /vpc/flowlogs --from 2023-11-14 --to 2023-11-15 \
		--no-ec2 --endpoint-url "http://127.0.0.1:$closed" \
		>"$tmp/out" 2>"$tmp/err" || status=$?
}
closed=$(free_port)

aws_call "$tmp/no-such-libcurl.so.4"
expect_status 69
expect_err "flowdiag: cannot load libcurl, needed to reach AWS ($tmp/no-such-libcurl.so.4:"
expect_err "install it (apt-get install libcurl4)"
[ ! -s "$tmp/out" ] || fail "stdout not empty: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
passed=$((passed + 2))
! grep -q 'libcurl/test/secret' "$tmp/err" || fail "the secret key in the error"
passed=$((passed + 1))

# A library that is not libcurl: zlib, from the directory the program's
# own libraries come from (under qemu, the x86-64 one would not load).
libdir=$(sed -n 's,.*calling init: \(/.*\)/libjansson\.so\.[0-9]*$,\1,p' "$tmp/ld" | sed 1q)
zlib=$(for d in ${libdir:+"$libdir"} /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /usr/lib64 /lib /usr/lib; do
	[ -e "$d/libz.so.1" ] && { echo "$d/libz.so.1"; break; }
done)
if [ -n "$zlib" ]; then
	aws_call "$zlib"
	expect_status 69
	expect_err "cannot load libcurl, needed to reach AWS ($zlib: no curl_global_init)"
else
	echo "# no libz.so.1 found: the wrong-library check is skipped"
fi

# The real one: the request is made, and fails on the closed port.
aws_call ""
expect_status 25
expect_err "127.0.0.1:$closed"

done_testing
