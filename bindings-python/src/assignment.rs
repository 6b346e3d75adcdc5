//! `Assigner` (SPEC §3): load an assignment policy once, assign batches of leads with it.

use crate::{compute, errors, input, reply};
use pyo3::prelude::*;
use revlogic::wire::ops;

/// A loaded, validated assignment policy.
#[pyclass(module = "revlogic", frozen)]
pub(crate) struct Assigner {
    inner: revlogic::assignment::AssignmentPolicy,
}

#[pymethods]
impl Assigner {
    #[new]
    fn new(py: Python<'_>, policy: &Bound<'_, PyAny>) -> PyResult<Self> {
        let policy = crate::document(policy)?;
        compute(py, policy, ops::load_assignment_policy)
            .map(|inner| Assigner { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// Assigns `{asOf, leads, reps, history?, explain?}`; every lead comes back once,
    /// assigned, pooled or rejected.
    fn assign(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = input(request, "")?;
        let policy = &self.inner;
        reply(py, compute(py, request, |r| ops::assign(policy, r)))
    }

    /// Decides a rep's claim on a pool lead: `{asOf, lead, rep, reason, history?}`.
    fn claim(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = input(request, "")?;
        let policy = &self.inner;
        reply(py, compute(py, request, |r| ops::claim(policy, r)))
    }

    /// The fairness report of a period's assignment records:
    /// `{records, periodStart?, periodEnd?, groups?, explain?}`.
    fn fairness_report(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = input(request, "")?;
        let policy = &self.inner;
        reply(
            py,
            compute(py, request, |r| ops::fairness_report(policy, r)),
        )
    }

    fn __repr__(&self) -> String {
        format!("Assigner(id={:?})", self.inner.id())
    }
}
