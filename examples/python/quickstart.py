"""Quickstart: check stage moves against the default pipeline, read the answers, handle errors.

Run with the package installed (`pip install ./bindings-python`): python examples/python/quickstart.py
"""
from decimal import Decimal

import revlogic

pipeline = revlogic.Pipeline.default()

key_fields = {
    "first_contact_method": "visit",
    "pain_points": "month-end reconciliation takes three days",
    "competitor_analysis": "two local vendors, neither integrates with HIS",
    "budget_range": "800k-1.2M",
    "decision_chain": ["equipment_director", "procurement"],
}
survey = {"kind": "needs_survey", "fields": {"budget_range": "800k-1.2M", "decision_chain": ["procurement"]}}

batch = pipeline.check_transitions([
    # Blocked: a quote over 50,000 needs the director's approval.
    {"opportunity": {"id": "OPP-1", "stage": "proposal", "evidence": [survey],
                     "fields": {**key_fields, "amount": Decimal("960000.00")}}, "to": "quote"},
    # Allowed, with the legal notification as an effect for the CRM to carry out.
    {"opportunity": {"id": "OPP-2", "stage": "quote",
                     "fields": {**key_fields, "amount": Decimal("960000.00"), "payment_terms": "30/70"}},
     "to": "contract"},
    # Rejected on its own: 12,000 is not a decimal. The rest of the batch still computes.
    {"opportunity": {"id": "OPP-3", "stage": "contract", "fields": {"amount": "12,000"}}, "to": "payment"},
])

for result in batch["results"]:
    if result["status"] == "rejected":
        print(result["id"], "rejected:", result["error"]["code"], "at", result["error"]["path"])
        continue
    print(result["opportunityId"], "allowed" if result["allowed"] else "blocked")
    for violation in result["violations"]:
        print("   ", violation["code"], "-", violation["message"])
    for effect in result["effects"]:
        amount = effect["data"]["amount"]
        assert isinstance(amount, Decimal)  # typed fields come back as Decimal, never float
        print("    effect:", effect["kind"], effect.get("role"), amount)

assert [r["status"] for r in batch["results"]] == ["ok", "ok", "rejected"]
assert batch["summary"] == {"total": 3, "allowed": 1, "blocked": 1, "rejected": 1}

# Money splits sum exactly to the cent.
parts = revlogic.allocate({"amount": Decimal("100.00"), "currency": "CNY"}, [1, 1, 1])["parts"]
assert sum(p["amount"] for p in parts) == Decimal("100.00")
print("split:", [str(p["amount"]) for p in parts])

# A bad settings document reports every problem at once.
try:
    revlogic.Pipeline({"schemaVersion": 1, "id": "p", "stages": [{"name": "lead"}, {"name": "lead"}]})
except revlogic.ConfigError as error:
    print("config errors:", [(p["code"], p["path"]) for p in error.problems])
