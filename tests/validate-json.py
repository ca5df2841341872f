#!/usr/bin/env python3
"""Validates JSON documents against flowdiag's schema, in one process.

usage: validate-json.py SCHEMA FILE...
Prints each document that fails with the reason; exits 1 if one did, 77
when python3-jsonschema is missing (the test then skips).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema missing: apt-get install python3-jsonschema",
          file=sys.stderr)
    sys.exit(77)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # Each document against the shape its keys claim, so that an error
    # names the key at fault rather than "not valid under any of the
    # given schemas" for the whole document.
    validators = {}
    for kind in ("report", "records", "error"):
        sub = {k: v for k, v in schema.items() if k != "oneOf"}
        sub["$ref"] = "#/definitions/" + kind
        validators[kind] = cls(sub)
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except ValueError as e:
            print(f"{path}: not JSON: {e}")
            bad += 1
            continue
        kind = "report"
        if isinstance(doc, dict) and "error" in doc:
            kind = "error"
        elif isinstance(doc, dict) and "verdict" not in doc and "records" in doc:
            kind = "records"
        errors = list(validators[kind].iter_errors(doc))
        if errors:
            best = jsonschema.exceptions.best_match(errors)
            where = "/".join(str(p) for p in best.absolute_path)
            print(f"{path}: {kind} /{where}: {best.message[:300]}")
            bad += 1
    print(f"{len(sys.argv) - 2 - bad} of {len(sys.argv) - 2} documents valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
