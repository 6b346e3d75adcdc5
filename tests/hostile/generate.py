"""Writes the hostile-input corpus (corpus.json) from the conformance vectors plus hand-written
cases. Run it again after adding vectors: `python3 tests/hostile/generate.py`.

Each case is `{name, operation, input}` and optionally `expect` (`{"error": {code, path}}` or
`{"rejected": [{code, path}, ...]}`) where the outcome is known by hand. Every language's
runner calls the case through its public API and checks that the outcome is a result or a
coded error — never a crash, a hang or an INTERNAL error — and equals the outcome recorded in
outcomes.json (an error's kind, code and path, or every rejection's code and path: any object
in the result with an `error` that has a `code`), which the Rust runner writes when run with REVLOGIC_BLESS=1. So the same code
and path come out in every language.

Large inputs are written compactly and expanded by each runner: `{"$repeat": [text, n]}` is
the text repeated n times, `{"$list": [value, n]}` a list of n copies, `{"$nest": n}` n lists
nested in one another. Such a case is marked `"limits": true`: a binding refuses it whole while
converting host values (LIMIT_EXCEEDED at the value), while the Rust core, handed a value tree
that exists already, refuses the record holding it as it decodes; so for these cases only
"a coded outcome, never a crash" is compared, not the outcome itself.
"""

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parent / "vectors"

LIMIT_DECIMALS = [
    "9999999999999999999999999999",
    "-9999999999999999999999999999",
    "0.0000000000000000000000000001",
    "79228162514264337593543950335",
]
BAD_DECIMALS = ["NaN", "Infinity", "1e5", "", " 1", "1,000"]
BAD_DATES = ["0000-01-01", "2026-02-30", "2026-13-01", "10000-01-01", "9999-12-31"]
PER_OPERATION = 2  # vectors used per operation


def is_decimal(text):
    body = text[1:] if text[:1] in "+-" else text
    whole, _, frac = body.partition(".")
    return whole.isdigit() and (frac == "" or frac.isdigit()) and not body.endswith(".")


def is_date(text):
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


def leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    else:
        yield path, value


def nodes(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from nodes(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from nodes(v, path + (i,))


def replaced(value, path, new):
    out = copy.deepcopy(value)
    if not path:
        return new
    cursor = out
    for step in path[:-1]:
        cursor = cursor[step]
    cursor[path[-1]] = new
    return out


def shown(path):
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def mutations(inp):
    """(label, mutated input) pairs: a handful per kind of hostility, on the first leaves."""
    all_leaves = list(leaves(inp))
    decimals = [(p, v) for p, v in all_leaves if isinstance(v, str) and is_decimal(v)]
    dates = [(p, v) for p, v in all_leaves if isinstance(v, str) and is_date(v)]
    texts = [(p, v) for p, v in all_leaves if isinstance(v, str) and not is_decimal(v) and not is_date(v)]
    numbers = [(p, v) for p, v in all_leaves if isinstance(v, (int, float)) and not isinstance(v, bool)]
    # A call's own flags (`explain`) are options of each language's API, tested per binding.
    bools = [(p, v) for p, v in all_leaves if isinstance(v, bool) and len(p) > 1]
    objects = [(p, v) for p, v in nodes(inp) if isinstance(v, dict) and v and len(p) >= 2]
    batches = [(p, v) for p, v in nodes(inp) if isinstance(v, list) and v and isinstance(v[0], dict)]
    for p, _ in decimals[:3]:
        for d in LIMIT_DECIMALS:
            yield f"decimal {shown(p)} = {d}", replaced(inp, p, d)
    for p, _ in decimals[:1]:
        for d in BAD_DECIMALS:
            yield f"decimal {shown(p)} = {d!r}", replaced(inp, p, d)
        yield f"decimal {shown(p)} as a float", replaced(inp, p, 0.1)
    for p, _ in dates[:2]:
        for d in BAD_DATES:
            yield f"date {shown(p)} = {d}", replaced(inp, p, d)
    for p, _ in texts[:2]:
        yield f"text {shown(p)} with NUL", replaced(inp, p, "A\u0000B")
        yield f"text {shown(p)} as a number", replaced(inp, p, 7)
        yield f"text {shown(p)} of 2 MiB", replaced(inp, p, {"$repeat": ["x", 2 * 1024 * 1024]})
    for p, _ in numbers[:2]:
        # Within ±(2^53 − 1): JS numbers are exact only there, and every language must read the same.
        for n in [-1, 2**53 - 1, -(2**53 - 1), 4294967296, "x"]:
            yield f"number {shown(p)} = {n}", replaced(inp, p, n)
    for p, _ in bools[:1]:
        yield f"flag {shown(p)} = 'yes'", replaced(inp, p, "yes")
        yield f"flag {shown(p)} = null", replaced(inp, p, None)
    for p, v in objects[:2]:
        yield f"object {shown(p)} as an array", replaced(inp, p, list(v.values()))
        yield f"object {shown(p)} nested 200 deep", replaced(inp, p, {"$nest": 200})
    for p, v in batches[:1]:
        yield f"batch {shown(p)} with its first record twice", replaced(inp, p, [v[0]] + v)
        yield f"batch {shown(p)} with a null record", replaced(inp, p, [None] + v)
        yield f"batch {shown(p)} of 2,000,001 records", replaced(inp, p, {"$list": [None, 2_000_001]})
    # Positional arguments (allocate's total and weights) have no "absent" in Python.
    if not {"total", "weights"} & set(inp):
        yield "input is an array", [inp]
        yield "input is empty", {}


def vector_cases():
    by_operation = {}
    for file in sorted(VECTORS.rglob("*.json")):
        vector = json.loads(file.read_text(encoding="utf-8"))
        # Vectors that fail as a whole exercise less of the computation.
        if "expected" in vector:
            by_operation.setdefault(vector["operation"], []).append((file, vector))
    for operation, vectors in sorted(by_operation.items()):
        for file, vector in vectors[:PER_OPERATION]:
            source = file.relative_to(VECTORS).as_posix()
            for label, inp in mutations(vector["input"]):
                case = {"name": f"{source}: {label}", "operation": operation, "input": inp}
                if '"$repeat"' in json.dumps(inp) or '"$nest"' in json.dumps(inp) or '"$list"' in json.dumps(inp):
                    case["limits"] = True
                yield case


MONEY = {"amount": "100", "currency": "CNY"}

HAND_WRITTEN = [
    {
        "name": "allocate: a 28-digit total over two weights",
        "operation": "money.allocate",
        "input": {"total": {"amount": "1000000000000000000000000000", "currency": "CNY"}, "weights": ["1", "1"]},
    },
    {
        "name": "allocate: a total given as an array",
        "operation": "money.allocate",
        "input": {"total": ["100", "CNY"], "weights": ["1", "1"]},
        "expect": {"error": {"code": "INVALID_TYPE", "path": "total"}},
    },
    {
        "name": "allocate: 29 significant digits",
        "operation": "money.allocate",
        "input": {"total": {"amount": "12345678901234567890123456789", "currency": "CNY"}, "weights": ["1"]},
        "expect": {"error": {"code": "DECIMAL_OUT_OF_RANGE", "path": "total.amount"}},
    },
    {
        "name": "allocate: weights nested 1,000 deep",
        "operation": "money.allocate",
        "input": {"total": MONEY, "weights": {"$nest": 1000}},
        "limits": True,
    },
    {
        "name": "allocate: 2,000,001 weights",
        "operation": "money.allocate",
        "input": {"total": MONEY, "weights": {"$list": ["1", 2_000_001]}},
        "expect": {"error": {"code": "LIMIT_EXCEEDED", "path": "weights"}},
        "limits": True,
    },
    {
        "name": "allocate: a currency of 2 MiB",
        "operation": "money.allocate",
        "input": {"total": {"amount": "1", "currency": {"$repeat": ["C", 2 * 1024 * 1024]}}, "weights": ["1"]},
        "expect": {"error": {"code": "LIMIT_EXCEEDED", "path": "total.currency"}},
        "limits": True,
    },
]


def main():
    cases = list(vector_cases()) + HAND_WRITTEN
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    (HERE / "corpus.json").write_text(
        json.dumps(cases, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{len(cases)} cases written to {HERE / 'corpus.json'}")


if __name__ == "__main__":
    main()
