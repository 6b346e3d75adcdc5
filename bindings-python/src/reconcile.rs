//! `reconcile` (SPEC §6): the five reconciliation checks over one batch of records.

use crate::{compute, input, reply};
use pyo3::prelude::*;
use revlogic::wire::ops;

/// Payment deviation, overdue receivables, three-way match, deliverable new contract value
/// and margin guard.
#[pyfunction]
fn reconcile(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let request = input(request, "")?;
    reply(py, compute(py, request, ops::reconcile))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(reconcile, m)?)
}
