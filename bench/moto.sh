# Sourced by the benchmarks that call AWS (cloudwatch.sh, s3.sh), with
# $bench naming the one that sources it: skips when moto or the AWS CLI
# is missing, then starts moto on a free port of 127.0.0.1 and points the
# AWS environment at it; $tmp, a directory, is removed with moto at exit.
python3 -c 'import moto.server' 2>/dev/null || {
	echo "$bench: moto missing (pip install 'moto[server]'): skipped" >&2
	exit 0
}
command -v aws >/dev/null || { echo "$bench: aws CLI missing: skipped" >&2; exit 0; }
[ -x /usr/bin/time ] || { echo "$bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "$bench: moto does not answer" >&2; exit 1; }
	sleep 0.1
done
export AWS_ACCESS_KEY_ID=AKIDFLOWDIAGBENCH AWS_SECRET_ACCESS_KEY=bench/secret
export AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=$tmp/none
export AWS_SHARED_CREDENTIALS_FILE=$tmp/none
