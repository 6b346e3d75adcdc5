//! `RebateAgreement` (SPEC §5): load an agreement once, settle periods, prepare a period for
//! estimates.

use crate::{compute, errors, input, reply, typed_input};
use pyo3::prelude::*;
use revlogic::rebate::SettleRequest;
use revlogic::wire::ops;
use std::sync::Arc;

/// A loaded, validated rebate agreement.
#[pyclass(module = "revlogic", frozen)]
pub(crate) struct RebateAgreement {
    inner: Arc<revlogic::rebate::RebateAgreement>,
}

#[pymethods]
impl RebateAgreement {
    #[new]
    fn new(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        let document = crate::document(document)?;
        compute(py, document, ops::load_rebate_agreement)
            .map(|inner| RebateAgreement {
                inner: Arc::new(inner),
            })
            .map_err(|e| errors::raise(py, &e))
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[getter]
    fn distributor(&self) -> &str {
        self.inner.distributor()
    }

    /// Settles a period: `{periodStart, asOf, lines, returns?, invoices?, payments?,
    /// priorSettlements?, detail?}`.
    fn settle(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request: SettleRequest = typed_input(request, "")?;
        let agreement = &self.inner;
        reply(
            py,
            compute(py, request, |r| ops::rebate_settle_decoded(agreement, r)),
        )
    }

    /// Checks and sums a period once (same request as `settle`) for many estimates.
    fn prepare(
        &self,
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
    ) -> PyResult<PreparedRebatePeriod> {
        let request: SettleRequest = typed_input(request, "")?;
        let agreement = &self.inner;
        compute(py, request, |r| ops::rebate_prepare_decoded(agreement, r))
            .map(|inner| PreparedRebatePeriod { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    fn __repr__(&self) -> String {
        format!(
            "RebateAgreement(id={:?}, distributor={:?})",
            self.inner.id(),
            self.inner.distributor()
        )
    }
}

/// A period checked and summed once; each estimate costs O(tiers), not O(orders).
#[pyclass(module = "revlogic", frozen)]
pub(crate) struct PreparedRebatePeriod {
    inner: revlogic::rebate::PreparedPeriod,
}

#[pymethods]
impl PreparedRebatePeriod {
    /// What `order` (`{id?, lines: [{sku, category?, quantity?, amount, currency?}]}`) would add:
    /// rebate with it − without it, by component.
    fn estimate(&self, py: Python<'_>, order: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let order = input(order, "")?;
        reply(py, ops::rebate_estimate(&self.inner, &order))
    }

    /// The period so far: figures, entitlement by component, rejected record count.
    fn baseline(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        reply(py, Ok(self.inner.baseline()))
    }

    fn __repr__(&self) -> String {
        format!(
            "PreparedRebatePeriod(agreement={:?})",
            self.inner.agreement().id()
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RebateAgreement>()?;
    m.add_class::<PreparedRebatePeriod>()?;
    Ok(())
}
