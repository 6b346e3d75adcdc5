"""Rebate settlement for a synthetic quarter, through the Python binding and in plain Python.

2,000 distributors with the seeds' agreement (retroactive volume tiers, new-product bonus,
payment-timeliness bonus within 30 days, the ×1.2 coefficient on collection ≥ 85% and new
products ≥ 300,000, an excluded SKU) and N order lines in all (default 1,000,000), with returns,
invoices and payments. The same agreement is computed by a straightforward plain-Python
``decimal`` implementation; both must give identical entitlements per distributor, and the
ratio is printed. Each distributor is one ``settle`` call from a list of dicts.

    .venv/bin/python bindings-python/bench/bench_rebate.py [N]
"""

import sys
import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List

import revlogic

DISTRIBUTORS = 2_000
SKUS = ["OLD-1", "OLD-2", "NEW-1", "NEW-2", "SKU-X"]
EXCLUDED = {"SKU-X"}
NEW = {"NEW-1", "NEW-2"}
BANDS = [(Decimal(0), Decimal(500_000), Decimal("0.01")), (Decimal(500_000), Decimal(1_000_000), Decimal("0.02")),
         (Decimal(1_000_000), None, Decimal("0.03"))]
NEW_TARGET, NEW_RATE = Decimal(300_000), Decimal("0.02")
WITHIN_DAYS, PAY_RATE = 30, Decimal("0.005")
COLLECTION, FACTOR = Decimal("0.85"), Decimal("1.2")
CENT = Decimal("0.01")
START, END = date(2026, 1, 1), date(2026, 3, 31)

AGREEMENT: Dict[str, Any] = {
    "schemaVersion": 1, "id": "bench", "distributor": "d",
    "exclusions": {"skus": sorted(EXCLUDED)}, "newProducts": {"skus": sorted(NEW)},
    "volume": {"tiers": {"mode": "retroactive", "boundary": "lowerInclusive", "bands": [
        {"id": f"T{i + 1}", "from": lo, **({"to": hi} if hi is not None else {}), "rate": r}
        for i, (lo, hi, r) in enumerate(BANDS)]}},
    "newProductBonus": {"target": NEW_TARGET, "rate": NEW_RATE},
    "paymentBonus": {"withinDays": WITHIN_DAYS, "rate": PAY_RATE},
}


def build(d: int, n: int) -> Dict[str, Any]:
    day = lambda k: START + timedelta(days=k % 90)  # noqa: E731
    lines, returns, invoices, payments = [], [], [], []
    for i in range(n):
        amount = Decimal((1000 + (i * 7919 + d * 31) % 6000) * 100 + 50) / 100
        lines.append({"id": f"L{i}", "orderId": f"O{i // 3}", "date": day(i // 6), "sku": SKUS[(i + d) % 5], "amount": amount})
        if i % 20 == 7:
            returns.append({"id": f"R{i}", "date": day(i // 6 + 1), "lineId": f"L{i}", "amount": Decimal("100.00")})
        if i % 10 == 9:
            inv = i // 10
            invoices.append({"id": f"I{inv}", "date": day(i // 6), "amount": Decimal("30000.00")})
            lag = 40 if inv % 3 == 0 else 10
            payments.append({"id": f"P{inv}", "date": day(min(i // 6 + lag, 89)), "invoiceId": f"I{inv}", "amount": Decimal("30000.00")})
    return {"periodStart": START, "asOf": END, "lines": lines, "returns": returns,
            "invoices": invoices, "payments": payments, "detail": "totals"}


def round_cent(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: List[Decimal]) -> List[Decimal]:
    """Largest remainder on fen, ties to the earlier part: the parts sum exactly to ``total``."""
    units = int(total / CENT)
    weight_sum = sum(weights, Decimal(0))
    # Exact: integer quotient and remainder of units × w by the weight sum (no rounded share).
    numerators = [units * w for w in weights]
    floors = [int(n // weight_sum) for n in numerators]
    remainders = [n - f * weight_sum for n, f in zip(numerators, floors)]
    left = units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(f) * CENT for f in floors]


def plain_python_lines(request: Dict[str, Any]) -> List[Decimal]:
    """The same settlement with every line's share: volume and payment over the counted lines,
    the new-product bonus over the new-product lines, by net value."""
    volume, bonus, payment = plain_python(request, components=True)
    returned: Dict[str, Decimal] = {}
    for r in request["returns"]:
        returned[r["lineId"]] = returned.get(r["lineId"], Decimal(0)) + r["amount"]
    nets = [line["amount"] - returned.get(line["id"], Decimal(0)) for line in request["lines"]]
    counted = [n if line["sku"] not in EXCLUDED else Decimal(0) for n, line in zip(nets, request["lines"])]
    new = [n if line["sku"] in NEW else Decimal(0) for n, line in zip(nets, request["lines"])]
    out = [Decimal(0)] * len(nets)
    for amount, weights in ((volume, counted), (bonus, new), (payment, counted)):
        if amount:
            out = [a + b for a, b in zip(out, allocate(amount, weights))]
    return out


def plain_python(request: Dict[str, Any], components: bool = False) -> Any:
    """The same agreement, written the obvious way with ``decimal``: the entitlement."""
    by_id = {line["id"]: line for line in request["lines"]}
    gross = new_gross = Decimal(0)
    for line in request["lines"]:
        if line["sku"] in EXCLUDED:
            continue
        gross += line["amount"]
        if line["sku"] in NEW:
            new_gross += line["amount"]
    returned = new_returned = Decimal(0)
    for r in request["returns"]:
        sku = by_id[r["lineId"]]["sku"]
        if sku in EXCLUDED:
            continue
        returned += r["amount"]
        if sku in NEW:
            new_returned += r["amount"]
    net, new = gross - returned, new_gross - new_returned
    invoice_dates = {i["id"]: i["date"] for i in request["invoices"]}
    invoiced = sum((i["amount"] for i in request["invoices"]), Decimal(0))
    paid = on_time = Decimal(0)
    for p in request["payments"]:
        paid += p["amount"]
        if (p["date"] - invoice_dates[p["invoiceId"]]).days <= WITHIN_DAYS:
            on_time += p["amount"]
    rate = next(r for lo, hi, r in BANDS if hi is None or net < hi)
    factor = FACTOR if invoiced > 0 and paid / invoiced >= COLLECTION and new >= NEW_TARGET else Decimal(1)
    volume = round_cent(net * rate * factor)
    bonus = round_cent(new * NEW_RATE) if new >= NEW_TARGET else Decimal(0)
    payment = round_cent(on_time * PAY_RATE)
    if components:
        return volume, bonus, payment
    return volume + bonus + payment


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    per = n // DISTRIBUTORS
    requests = [build(d, per) for d in range(DISTRIBUTORS)]
    agreement = revlogic.RebateAgreement(AGREEMENT)

    t0 = time.perf_counter()
    got = [agreement.settle(r)["entitlement"] for r in requests]
    t_totals = time.perf_counter() - t0

    t0 = time.perf_counter()
    got_lines = [[line["rebate"] for line in agreement.settle({**r, "detail": "lines"})["lines"]] for r in requests]
    t_lines = time.perf_counter() - t0

    t0 = time.perf_counter()
    expected = [plain_python(r) for r in requests]
    t_plain = time.perf_counter() - t0

    t0 = time.perf_counter()
    expected_lines = [plain_python_lines(r) for r in requests]
    t_plain_lines = time.perf_counter() - t0

    assert got == expected, "entitlements differ between revlogic and the plain-Python baseline"
    assert got_lines == expected_lines, "line allocations differ between revlogic and the plain-Python baseline"
    lines = per * DISTRIBUTORS
    print(f"{lines:,} order lines, {DISTRIBUTORS:,} distributors; total entitlement {sum(got)}")
    print(f"revlogic via Python, detail='totals':            {t_totals:.2f} s ({t_totals / lines * 1e6:.2f} µs/line)")
    print(f"revlogic via Python, every line allocated:        {t_lines:.2f} s ({t_lines / lines * 1e6:.2f} µs/line)")
    print(f"plain-Python decimal baseline, totals:            {t_plain:.2f} s ({t_plain / lines * 1e6:.2f} µs/line)")
    print(f"plain-Python decimal baseline, every line:        {t_plain_lines:.2f} s ({t_plain_lines / lines * 1e6:.2f} µs/line)")
    print(f"ratio, totals: {t_plain / t_totals:.1f}x; every line allocated: {t_plain_lines / t_lines:.1f}x")


if __name__ == "__main__":
    main()
