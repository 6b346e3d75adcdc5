//! `CommissionPlan` (SPEC §4): load a plan once, compute statements from it.

use crate::{compute, compute_batch, errors, reply, typed_input};
use pyo3::prelude::*;
use revlogic::commission::{EfficiencyOptions, StatementRequest};
use revlogic::wire::ops;

/// A loaded, validated commission plan.
#[pyclass(module = "revlogic", frozen)]
pub(crate) struct CommissionPlan {
    inner: revlogic::commission::CommissionPlan,
}

#[pymethods]
impl CommissionPlan {
    #[new]
    fn new(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        let document = crate::document(document)?;
        compute(py, document, ops::load_commission_plan)
            .map(|inner| CommissionPlan { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// The statement for a period: `{period, asOf, reps, deals, payments?, priorPayouts?,
    /// week?, explain?}`.
    fn statement(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request: StatementRequest = typed_input(request, "")?;
        let records = request.deals.len();
        let plan = &self.inner;
        reply(
            py,
            compute_batch(py, request, records, |r| {
                ops::commission_statement_decoded(plan, r)
            }),
        )
    }

    /// The request's statement under this plan and under `proposal`, compared rep by rep.
    fn what_if(
        &self,
        py: Python<'_>,
        proposal: &Bound<'_, CommissionPlan>,
        request: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let request: StatementRequest = typed_input(request, "")?;
        let records = request.deals.len();
        let (baseline, proposal) = (&self.inner, &proposal.get().inner);
        reply(
            py,
            compute_batch(py, request, records, |r| {
                ops::commission_what_if_decoded(baseline, proposal, r)
            }),
        )
    }

    /// Incentive cost per 10,000 of revenue for each rep, with the high-output /
    /// low-incentive flag; `options` is `{"per", "lowIncentiveRatio"}` or None.
    #[pyo3(signature = (request, options = None))]
    fn efficiency(
        &self,
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let request: StatementRequest = typed_input(request, "")?;
        let options: EfficiencyOptions = match options {
            Some(o) if !o.is_none() => typed_input(o, "options")?,
            _ => EfficiencyOptions::default(),
        };
        let records = request.deals.len();
        let plan = &self.inner;
        reply(
            py,
            compute_batch(py, request, records, move |r| {
                ops::commission_efficiency_decoded(plan, r, &options)
            }),
        )
    }

    /// One rep's figures now (payable now, week gap, excess pool): a statement request
    /// naming exactly one rep.
    fn live_figure(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request: StatementRequest = typed_input(request, "")?;
        let records = request.deals.len();
        let plan = &self.inner;
        reply(
            py,
            compute_batch(py, request, records, |r| {
                ops::commission_live_figure_decoded(plan, r)
            }),
        )
    }

    fn __repr__(&self) -> String {
        format!("CommissionPlan(id={:?})", self.inner.id())
    }
}
