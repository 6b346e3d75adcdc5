//! `CommissionPlan` (SPEC §4): load a plan once, compute statements from it.

use crate::{compute, errors, input, reply};
use pyo3::prelude::*;
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
        let request = input(request, "")?;
        let plan = &self.inner;
        reply(
            py,
            compute(py, request, |r| ops::commission_statement(plan, r)),
        )
    }

    fn __repr__(&self) -> String {
        format!("CommissionPlan(id={:?})", self.inner.id())
    }
}
