"""Typing stubs of the native module. Results are plain dicts and lists whose keys are exactly
those of the wire format (camelCase, as in the JSON Schemas from ``schema()``); decimals come
back as ``Decimal``, dates as ``date``, instants as aware ``datetime``."""

from decimal import Decimal
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Union, final

__all__ = [
    "ERROR_CODES",
    "Pipeline",
    "SCHEMA_NAMES",
    "Assigner",
    "CommissionPlan",
    "PreparedRebatePeriod",
    "RebateAgreement",
    "ScoreModel",
    "StageMapping",
    "__version__",
    "allocate",
    "kpi",
    "max_threads",
    "prioritise",
    "reconcile",
    "schema",
    "set_max_threads",
    "train_win_model",
]

ERROR_CODES: List[str]
SCHEMA_NAMES: List[str]
__version__: str

@final
class Pipeline:
    """A loaded, validated pipeline; load once, check many batches."""

    def __new__(cls, document: Union[Mapping[str, Any], Literal["default"]]) -> Pipeline:
        """Loads a pipeline document (or the built-in one for ``"default"``); raises
        ``ConfigError`` listing every problem."""

    @classmethod
    def default(cls) -> Pipeline:
        """The built-in default pipeline."""

    @property
    def id(self) -> str: ...
    def check_transitions(
        self, requests: Sequence[Mapping[str, Any]], *, explain: bool = True
    ) -> Dict[str, Any]:
        """Checks stage moves; returns ``{"pipelineId", "pipelineVersion"?, "results",
        "summary"}`` with one result per request, a bad request rejected in its place."""

    def data_quality(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """Evaluates the data-quality breaker on ``{"submissions", "clearances"?}``."""

    def dwell_times(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """Computes time spent per stage for ``{"asOf", "histories", "top"?}``."""

@final
class StageMapping:
    """A validated mapping from one system's stages to another's."""

    def __new__(cls, document: Mapping[str, Any]) -> StageMapping:
        """Loads a stage-mapping document; raises ``ConfigError`` listing every problem."""

    def map(self, records: Sequence[Mapping[str, Any]]) -> Dict[str, Any]:
        """Translates records ``{"id", "stage"}`` into the target system's stages."""

    def compare(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """Compares ``{"source", "target"}`` record by record."""

@final
class CommissionPlan:
    """A loaded, validated commission plan; load once, compute many statements."""

    def __new__(cls, document: Mapping[str, Any]) -> CommissionPlan:
        """Loads a commission plan document; raises ``ConfigError`` listing every problem."""

    @property
    def id(self) -> str: ...
    def statement(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """The statement for a period: ``{"period", "asOf", "reps", "deals", "payments",
        "priorPayouts", "week", "explain"}``; bad deals come back under ``rejected``."""

    def what_if(self, proposal: CommissionPlan, request: Mapping[str, Any]) -> Dict[str, Any]:
        """The request's statement under this plan and ``proposal``, compared rep by rep."""

    def efficiency(
        self, request: Mapping[str, Any], options: Optional[Mapping[str, Any]] = None
    ) -> Dict[str, Any]:
        """Incentive cost per 10,000 of revenue per rep, flagging high output with low
        incentive; ``options`` may set ``per`` and ``lowIncentiveRatio``."""

    def live_figure(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """One rep's figures now: payable now, the week's gap and the excess pool."""

@final
class RebateAgreement:
    """A loaded, validated distributor rebate agreement (SPEC §5); load once, settle and
    estimate many times."""

    def __new__(cls, document: Mapping[str, Any]) -> RebateAgreement:
        """Loads a rebate agreement document; raises ``ConfigError`` listing every problem."""

    @property
    def id(self) -> str: ...
    @property
    def distributor(self) -> str: ...
    def settle(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """Settles a period ``{"periodStart", "asOf", "lines", "returns", "invoices",
        "payments", "priorSettlements", "detail"}``: figures, components with explanations,
        entitlement, settlement and the rebate allocated to every line; bad records come back
        under ``rejected``."""

    def prepare(self, request: Mapping[str, Any]) -> PreparedRebatePeriod:
        """Checks and sums a period once (same request as ``settle``) for many estimates."""

@final
class PreparedRebatePeriod:
    """A period checked and summed once; each estimate is independent of its size."""

    def estimate(self, order: Mapping[str, Any]) -> Dict[str, Any]:
        """What ``{"id", "lines": [{"sku", "category", "quantity", "amount"}]}`` would add:
        ``{"rebate", "entitlementWithout", "entitlementWith", "components", ...}``."""

    def baseline(self) -> Dict[str, Any]:
        """The period so far: ``{"figures", "entitlement", "components", "rejected"}``."""

@final
class Assigner:
    """A loaded, validated lead-assignment policy (SPEC §3); load once, assign many batches."""

    def __new__(cls, policy: Mapping[str, Any]) -> Assigner:
        """Loads an assignment policy document; raises ``ConfigError`` listing every problem."""

    @property
    def id(self) -> str: ...
    def assign(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """Assigns ``{"asOf", "leads", "reps", "history", "explain"}``; returns
        ``{"assignments", "pooled", "rejected", "reclaims", "summary", …}`` with every lead
        exactly once."""

    def claim(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """Decides a claim on a pool lead ``{"asOf", "lead", "rep", "reason", "history"}``;
        granted only above the policy's match threshold and with a reason, which is recorded."""

    def fairness_report(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """The fairness report of ``{"records", "periodStart", "periodEnd", "groups",
        "explain"}``: per group share, target, mean lead quality, conversion and warnings."""

@final
class ScoreModel:
    """A validated score model (SPEC §2) of any kind, tagged by its ``model`` member."""

    def __new__(cls, document: Mapping[str, Any]) -> ScoreModel:
        """Loads a score-model document; raises ``ConfigError`` listing every problem."""

    @property
    def model(self) -> str:
        """The model kind, e.g. ``"processHealth"``."""

    @property
    def id(self) -> str: ...
    def score(
        self,
        records: Sequence[Mapping[str, Any]],
        *,
        explain: bool = False,
        components: bool = True,
    ) -> Dict[str, Any]:
        """Scores a batch: ``{"model", "modelId", "results": [...]}`` with one outcome per
        record, each ``{"status": "ok", "score", "band", "components", ...}`` or
        ``{"status": "rejected", "index", "error"}``."""

def allocate(
    total: Mapping[str, Any], weights: Sequence[Union[Decimal, str, int]]
) -> Dict[str, Any]:
    """Splits ``total`` (``{"amount", "currency"}``) by ``weights`` into parts that sum
    exactly to it: ``{"parts": [{"amount": Decimal, "currency": str}, ...]}``."""

def train_win_model(
    opportunities: Sequence[Mapping[str, Any]], options: Mapping[str, Any]
) -> Dict[str, Any]:
    """Trains a win-probability model from closed opportunities ``{"id", "outcome", "fields"}``:
    ``{"model": document, "trained": int, "rejected": [...]}``; the document loads into
    ``ScoreModel``."""

def prioritise(request: Mapping[str, Any]) -> Dict[str, Any]:
    """Ranks open opportunities by win probability × urgency × intent: ``{"top", "results"}``."""

def kpi(request: Mapping[str, Any]) -> Dict[str, Any]:
    """Forecast accuracy, target deviation and decision acceleration, one outcome per record."""

def reconcile(request: Mapping[str, Any]) -> Dict[str, Any]:
    """The five checks of SPEC §6 over ``{"asOf", "currency", "policy", "contracts", "payments",
    "invoices", "receivables", "quotes", "history"}``: ``{"paymentDeviations", "overdue",
    "threeWayMatch", "deliverable", "margins", "rejected"}``."""

def set_max_threads(threads: int) -> None:
    """Caps the threads one call may use for a large batch (16,384 records or more): ``1``
    keeps every call on the calling thread, ``0`` restores the default, the machine's cores
    up to 8. Results never depend on it. Long calls release the GIL either way."""

def max_threads() -> int:
    """How many threads one call may use for a large batch."""

def schema(name: str) -> Dict[str, Any]:
    """The JSON Schema of a document, request or result type named in ``SCHEMA_NAMES``."""
