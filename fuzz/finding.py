#!/usr/bin/env python3
"""Prints a fuzz artifact as readable JSON, the form kept in fuzz/findings/.

    python3 fuzz/finding.py TARGET ARTIFACT > fuzz/findings/TARGET-short-name.json

For `call` the selector byte becomes the operation: {"operation": ..., "input": ...}, the
shape of a conformance vector. For `scalar` the text is wrapped as {"text": ...}; for the
other targets the document itself is printed.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seeds import OPERATIONS  # noqa: E402

target, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if target == "call":
    value = {
        "operation": OPERATIONS[data[0] % len(OPERATIONS)],
        "input": json.loads(data[1:]),
    }
elif target == "scalar":
    value = {"text": data.decode("utf-8")}
else:
    value = json.loads(data)
print(json.dumps(value, indent=2, ensure_ascii=True))
