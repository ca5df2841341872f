#!/bin/sh
# The JSON Schema in schema/ is strict: it catches a key gone missing, one
# too many, a value of the wrong shape.  Every test's JSON is validated
# against it as the test ends (tests/lib.sh's done_testing); without
# python3-jsonschema this test skips, so that the gap shows.
. "${srcdir:-.}/tests/lib.sh"

schema="${srcdir:-.}/schema/flowdiag-report.schema.json"
v="${srcdir:-.}/tests/validate-json.py"
python3 -c 'import jsonschema' 2>/dev/null ||
	{ echo "python3-jsonschema missing: apt-get install python3-jsonschema" >&2; exit 77; }
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

# The schema is strict: a document without a key, with one too many or
# with next steps as strings is refused.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --config "$EXAMPLES/config.json" --json
cp "$tmp/out" "$tmp/good.json"
python3 "$v" "$schema" "$tmp/good.json" >"$tmp/v" || fail "sample refused: $(cat "$tmp/v")"
passed=$((passed + 1))
for f in 'del(.input.files[0].partial)' 'del(.schema_version)' \
    '.verdict.extra = 1' '.next_steps |= map(.text)' '.rule.analyzer |= join(" ")' \
    'del(.config.flows[0].layers[0].fix)' '.schema_version = 2' \
    'del(.evidence.records[0].event_id)' '.evidence.facts["window.age"] = 5'; do
	jq "$f" "$tmp/good.json" >"$tmp/bad.json"
	if python3 "$v" "$schema" "$tmp/bad.json" >"$tmp/v"; then
		fail "schema accepts $f"
	fi
	passed=$((passed + 1))
done

# So are an error and a record list with a key missing.
run check 10.0.1.10:80 --file "$tmp/none.log" --json
jq 'del(.error.status)' "$tmp/out" >"$tmp/bad.json"
python3 "$v" "$schema" "$tmp/bad.json" >"$tmp/v" && fail "schema accepts an error without status"
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --records --json
jq 'del(.records[0].side)' "$tmp/out" >"$tmp/bad.json"
python3 "$v" "$schema" "$tmp/bad.json" >"$tmp/v" && fail "schema accepts a record without side"
passed=$((passed + 2))

done_testing
