//! Scoring models (SPEC §2): `ScoreModel(document).score(records, explain=False)`.

use crate::{compute, errors, input, reply, Flag};
use pyo3::prelude::*;
use revlogic::scoring::ScoreOptions;
use revlogic::wire::ops;
use serde_json::Value;

/// A loaded, validated score model of any kind (`processHealth`, `dataCredit`, …).
#[pyclass(module = "revlogic", frozen)]
pub struct ScoreModel {
    inner: revlogic::scoring::ScoreModel,
}

#[pymethods]
impl ScoreModel {
    #[new]
    fn new(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        let document = crate::document(document)?;
        compute(py, document, ops::load_score_model)
            .map(|inner| ScoreModel { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    /// The model kind, e.g. `"processHealth"`.
    #[getter]
    fn model(&self) -> &'static str {
        self.inner.model()
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// Scores a batch of records: one outcome per record, in input order.
    #[pyo3(
        signature = (records, *, explain = Flag::Unset, components = Flag::Unset),
        text_signature = "($self, records, *, explain=False, components=True)"
    )]
    fn score(
        &self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        explain: Flag,
        components: Flag,
    ) -> PyResult<Py<PyAny>> {
        let explain = explain.read(py, "explain", false)?;
        let components = components.read(py, "components", true)?;
        let records = input(records, "records")?;
        let model = &self.inner;
        let options = ScoreOptions {
            explain,
            components,
        };
        reply(py, compute(py, records, |r| ops::score(model, r, options)))
    }

    fn __repr__(&self) -> String {
        format!(
            "ScoreModel(model={:?}, id={:?})",
            self.inner.model(),
            self.inner.id()
        )
    }
}

/// Trains a win-probability model from closed opportunities; returns
/// `{"model": document, "trained": n, "rejected": [...]}`.
#[pyfunction]
fn train_win_model(
    py: Python<'_>,
    opportunities: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let mut request = serde_json::Map::new();
    request.insert(
        "opportunities".into(),
        input(opportunities, "opportunities")?,
    );
    request.insert("options".into(), input(options, "options")?);
    reply(
        py,
        compute(py, Value::Object(request), |r| {
            ops::train_win_model(
                r.get("opportunities").unwrap_or(&Value::Null),
                r.get("options").unwrap_or(&Value::Null),
            )
        }),
    )
}

/// The TOP-N opportunities to push today.
#[pyfunction]
fn prioritise(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let request = input(request, "")?;
    reply(py, compute(py, request, ops::prioritise))
}

/// KPI helpers: forecast accuracy, target deviation, decision acceleration.
#[pyfunction]
fn kpi(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let request = input(request, "")?;
    reply(py, compute(py, request, ops::kpi))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ScoreModel>()?;
    m.add_function(wrap_pyfunction!(train_win_model, m)?)?;
    m.add_function(wrap_pyfunction!(prioritise, m)?)?;
    m.add_function(wrap_pyfunction!(kpi, m)?)
}
