"""Python `jsonschema` baseline for benchmarks/schema-validation.sh: validations per second, one thread.

Uses the same JSON Schema files and messages as `gauntlet schema bench`: the agent dashboard's Pydantic export
and its captured conversation. Two modes:
  branch  each message against its own model's schema ({"$ref": "#/$defs/<Model>"}), like Gauntlet's per-message
          compiled validator after reading the tag;
  union   each message against its side's whole discriminated union (jsonschema ignores `discriminator`, so it
          tries every `oneOf` branch).
`format` is an annotation in both tools (jsonschema without a FormatChecker), as JSON Schema 2020-12 specifies.
"""

import argparse
import importlib.metadata
import json
import time

import jsonschema


def measure(seconds, pairs):
    done = 0
    valid = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for validator, message in pairs:
            if validator.is_valid(message):
                valid += 1
        done += len(pairs)
    elapsed = time.perf_counter() - start
    if valid != done:
        raise SystemExit(f"{done - valid} of {done} validations failed")
    return done / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--messages", required=True)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    unions = {}
    branches = {}
    for path in (args.client, args.server):
        with open(path) as handle:
            schema = json.load(handle)
        union = jsonschema.Draft202012Validator(schema)
        for tag, ref in schema["discriminator"]["mapping"].items():
            unions[tag] = union
            branches[tag] = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": ref})
    with open(args.messages) as handle:
        messages = [json.loads(line) for line in handle if line.strip()]
    branch_pairs = [(branches[m["type"]], m) for m in messages]
    union_pairs = [(unions[m["type"]], m) for m in messages]
    print(f"python_jsonschema_version={importlib.metadata.version('jsonschema')}")
    print(f"python_branch_per_second={int(measure(args.seconds, branch_pairs))}")
    print(f"python_union_per_second={int(measure(args.seconds, union_pairs))}")


if __name__ == "__main__":
    main()
