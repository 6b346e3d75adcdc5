#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora and the libFuzzer dictionary from the conformance
vectors (tests/vectors/**/*.json, each {operation, input, ...}).

    python3 fuzz/seeds.py OUT_DIR        # OUT_DIR/<target>/<sha1>, OUT_DIR/revlogic.dict

Seeds are named by the SHA-1 of their bytes, as libFuzzer names what it adds, so re-running
is idempotent and never duplicates a seed already in a live corpus.
"""

import glob
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Must match revlogic::wire::ops::OPERATIONS (fuzz/fuzz_targets/call.rs selects by index);
# the script checks this against the library source before using it.
OPERATIONS = [
    "stages.checkTransitions",
    "stages.dataQuality",
    "stages.dwellTimes",
    "stages.mapStages",
    "stages.compareStages",
    "money.allocate",
    "commission.statement",
    "commission.whatIf",
    "commission.efficiency",
    "commission.liveFigure",
    "scoring.score",
    "scoring.trainWinModel",
    "scoring.prioritise",
    "scoring.kpi",
    "rebate.settle",
    "rebate.estimate",
    "reconcile.check",
    "assignment.assign",
    "assignment.claim",
    "assignment.fairness",
]

# Which member of a vector's input each loader target reads, by operation domain (see each
# domain's `call` in crates/revlogic/src/wire/ops/).
LOADER_MEMBERS = {
    "load_pipeline": lambda op: ["pipeline"] if op.startswith("stages.") else [],
    "load_stage_mapping": lambda op: ["mapping"] if op.startswith("stages.") else [],
    "load_score_model": lambda op: ["model"] if op == "scoring.score" else [],
    "load_assignment_policy": lambda op: ["policy"] if op.startswith("assignment.") else [],
    "load_commission_plan": lambda op: ["plan", "proposal"] if op.startswith("commission.") else [],
    "load_rebate_agreement": lambda op: ["agreement"] if op.startswith("rebate.") else [],
    "reconcile": lambda op: ["request"] if op == "reconcile.check" else [],
}
TARGETS = list(LOADER_MEMBERS) + ["call", "scalar"]

# Values at the edges of what the core accepts: decimal range and scale, calendar limits,
# lone surrogates, numbers a float cannot hold, the shapes serde refuses.
TRICKY = [
    '"79228162514264337593543950335"',
    '"-79228162514264337593543950335"',
    '"79228162514264337593543950336"',
    '"0.0000000000000000000000000001"',
    '"0.00000000000000000000000000001"',
    '"7922816251426433759354395033.5"',
    '"1e-28"',
    '"1E28"',
    '"-0"',
    '"0.0"',
    '"+1"',
    '"NaN"',
    '"Infinity"',
    "79228162514264337593543950335",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "9007199254740993",
    "4294967295",
    "4294967296",
    "1e308",
    "1e999",
    "-0.0",
    "0.1",
    "-1",
    "0",
    '"0000-01-01"',
    '"9999-12-31"',
    '"0001-01-01"',
    '"2024-02-29"',
    '"2023-02-29"',
    '"2026-13-01"',
    '"2026-00-10"',
    '"0000-01-01T00:00:00Z"',
    '"9999-12-31T23:59:59.999999999+23:59"',
    '"2026-03-01T09:30:00+08:00"',
    '"2026-03-01T09:30:00-23:59"',
    '"2016-12-31T23:59:60Z"',
    '"\\ud800"',
    '"\\udfff"',
    '"\\u0000"',
    '""',
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "[[[[[[[[",
    '":"',
    '","',
    '"default"',
]


def dict_entry(token):
    """A libFuzzer dictionary line: the token in quotes, anything unusual hex-escaped."""
    body = "".join(
        chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else "\\x%02X" % b
        for b in token.encode("utf-8")
    )
    return '"%s"' % body


DECIMAL = re.compile(r"^[-+]?[0-9]+(\.[0-9]+)?$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Each seed also goes in pushed to one limit at a time: every decimal string, every date or
# every whole number replaced by one edge value (the fuzzer rarely finds these by mutation).
EDGES = [
    (lambda v: isinstance(v, str) and DECIMAL.match(v), "79228162514264337593543950335"),
    (lambda v: isinstance(v, str) and DECIMAL.match(v), "-79228162514264337593543950335"),
    (lambda v: isinstance(v, str) and DECIMAL.match(v), "0.0000000000000000000000000001"),
    (lambda v: isinstance(v, str) and DATE.match(v), "0000-01-01"),
    (lambda v: isinstance(v, str) and DATE.match(v), "9999-12-31"),
    (lambda v: isinstance(v, int) and not isinstance(v, bool), 18446744073709551615),
]


def replace(value, matches, edge):
    if isinstance(value, dict):
        return {k: replace(v, matches, edge) for k, v in value.items()}
    if isinstance(value, list):
        return [replace(v, matches, edge) for v in value]
    return edge if matches(value) else value


def with_edges(value):
    variants = [value] + [replace(value, m, e) for m, e in EDGES]
    return [v for i, v in enumerate(variants) if v not in variants[:i]]


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def walk(value, keys, strings):
    if isinstance(value, dict):
        for k, v in value.items():
            keys.add(k)
            walk(v, keys, strings)
    elif isinstance(value, list):
        for v in value:
            walk(v, keys, strings)
    elif isinstance(value, str):
        strings.add(value)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "corpus")
    source = open(os.path.join(ROOT, "crates/revlogic/src/wire/ops/mod.rs")).read()
    listed = source.split("pub const OPERATIONS")[1].split("];")[0]
    if [s.split('"')[1] for s in listed.splitlines() if '"' in s] != OPERATIONS:
        sys.exit("fuzz/seeds.py: OPERATIONS differs from wire/ops/mod.rs; update the copy here")

    seeds = {t: set() for t in TARGETS}
    keys, strings = set(), set()
    files = sorted(glob.glob(os.path.join(ROOT, "tests/vectors/**/*.json"), recursive=True))
    for path in files:
        with open(path, encoding="utf-8") as f:
            vector = json.load(f)
        operation, given = vector["operation"], vector.get("input", {})
        walk(given, keys, strings)
        if operation in OPERATIONS:
            for variant in with_edges(given):
                seeds["call"].add(bytes([OPERATIONS.index(operation)]) + compact(variant))
        for target, members in LOADER_MEMBERS.items():
            for name in members(operation):
                if isinstance(given, dict) and name in given:
                    seeds[target].update(compact(v) for v in with_edges(given[name]))
    seeds["scalar"] = {s.encode("utf-8") for s in strings if len(s) <= 64}
    seeds["scalar"].update(t.strip('"').encode("utf-8") for t in TRICKY)

    for target, items in seeds.items():
        directory = os.path.join(out, target)
        os.makedirs(directory, exist_ok=True)
        for data in items:
            name = hashlib.sha1(data).hexdigest()
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)

    tokens = ['"%s"' % k for k in sorted(keys)] + ['"%s":' % k for k in sorted(keys)] + TRICKY
    with open(os.path.join(out, "revlogic.dict"), "w", encoding="ascii") as f:
        f.write("# Generated by fuzz/seeds.py from tests/vectors: member names and edge values.\n")
        for token in dict.fromkeys(tokens):
            f.write(dict_entry(token) + "\n")

    summary = ", ".join("%s %d" % (t, len(seeds[t])) for t in TARGETS)
    print("seeds from %d vectors: %s; dictionary %d entries" % (len(files), summary, len(tokens)))


if __name__ == "__main__":
    main()
