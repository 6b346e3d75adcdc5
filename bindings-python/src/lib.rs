//! Python binding of revlogic. Each method converts its arguments to the wire's `Value` tree
//! (`to_wire`), calls one function of `revlogic::wire::ops` with the GIL released, and
//! converts the typed result (`to_python`) or the coded error (`errors`) back. No business
//! logic lives here.

mod errors;
mod to_python;
mod to_wire;

use errors::{input_error, raise};
use pyo3::prelude::*;
use revlogic::wire::{ops, schema as wire_schema};
use serde_json::Value;
use to_python::to_python;

fn wire(obj: &Bound<'_, PyAny>, root: &str) -> PyResult<Value> {
    to_wire::to_value(obj, root).map_err(|p| input_error(obj.py(), p))
}

/// A loaded, validated pipeline, applied to many batches.
#[pyclass(module = "revlogic", frozen)]
struct Pipeline {
    inner: revlogic::stages::Pipeline,
}

#[pymethods]
impl Pipeline {
    #[new]
    fn new(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        let document = to_wire::to_value(document, "").map_err(|p| errors::config_error(py, p))?;
        let inner = py
            .detach(|| ops::load_pipeline(&document))
            .map_err(|e| raise(py, &e))?;
        Ok(Pipeline { inner })
    }

    /// The built-in default pipeline of SPEC §1.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Self> {
        let inner =
            ops::load_pipeline(&Value::String("default".into())).map_err(|e| raise(py, &e))?;
        Ok(Pipeline { inner })
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[pyo3(signature = (requests, *, explain = true))]
    fn check_transitions(
        &self,
        py: Python<'_>,
        requests: &Bound<'_, PyAny>,
        explain: bool,
    ) -> PyResult<Py<PyAny>> {
        let requests = wire(requests, "requests")?;
        let batch = py
            .detach(|| ops::check_transitions(&self.inner, &requests, explain))
            .map_err(|e| raise(py, &e))?;
        to_python(py, &batch)
    }

    fn data_quality(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = wire(request, "")?;
        let report = py
            .detach(|| ops::data_quality(&self.inner, &request))
            .map_err(|e| raise(py, &e))?;
        to_python(py, &report)
    }

    fn dwell_times(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = wire(request, "")?;
        let report = py
            .detach(|| ops::dwell_times(&self.inner, &request))
            .map_err(|e| raise(py, &e))?;
        to_python(py, &report)
    }

    fn __repr__(&self) -> String {
        format!("Pipeline(id={:?})", self.inner.id())
    }
}

/// A validated mapping from one system's stages to another's.
#[pyclass(module = "revlogic", frozen)]
struct StageMapping {
    inner: revlogic::stages::StageMapping,
}

#[pymethods]
impl StageMapping {
    #[new]
    fn new(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Self> {
        let document = to_wire::to_value(document, "").map_err(|p| errors::config_error(py, p))?;
        let inner = ops::load_stage_mapping(&document).map_err(|e| raise(py, &e))?;
        Ok(StageMapping { inner })
    }

    fn map(&self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let records = wire(records, "records")?;
        let batch = py
            .detach(|| ops::map_stages(&self.inner, &records))
            .map_err(|e| raise(py, &e))?;
        to_python(py, &batch)
    }

    fn compare(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = wire(request, "")?;
        let report = py
            .detach(|| ops::compare_stages(&self.inner, &request))
            .map_err(|e| raise(py, &e))?;
        to_python(py, &report)
    }
}

/// Splits `total` ({"amount", "currency"}) by `weights` into parts that sum exactly.
#[pyfunction]
fn allocate(
    py: Python<'_>,
    total: &Bound<'_, PyAny>,
    weights: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let mut request = serde_json::Map::new();
    request.insert("total".into(), wire(total, "total")?);
    request.insert("weights".into(), wire(weights, "weights")?);
    let allocation = ops::allocate(&Value::Object(request)).map_err(|e| raise(py, &e))?;
    to_python(py, &allocation)
}

/// The JSON Schema of a document, request or result type (see `SCHEMA_NAMES`).
#[pyfunction]
fn schema(py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
    let schema = wire_schema::schema(name).map_err(|e| raise(py, &e))?;
    to_python(py, &schema)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<StageMapping>()?;
    m.add_function(wrap_pyfunction!(allocate, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    let codes: Vec<&str> = revlogic::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    m.add("ERROR_CODES", codes)?;
    m.add("SCHEMA_NAMES", wire_schema::SCHEMA_NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
