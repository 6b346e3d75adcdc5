//! Python binding of revlogic. Every method converts its arguments to the wire's `Value` tree
//! (`to_wire`) while holding the GIL, calls one function of `revlogic::wire::ops` with the GIL
//! released, and converts the typed result (`to_python`) or the coded error (`errors`) back.
//! No business logic lives here.

mod assignment;
mod commission;
mod errors;
mod from_python;
mod host;
mod rebate;
mod reconcile;
mod scoring;
mod to_python;
mod to_wire;

use pyo3::prelude::*;
use pyo3::types::PyType;
use revlogic::wire::{ops, schema as wire_schema};
use revlogic::{Error, ErrorKind};
use serde::Serialize;
use serde_json::Value;

/// For the many small Rust allocations of a batch (see Cargo.toml); Python's own objects are
/// still allocated by Python.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs binding code so that a panic in it comes back as `InternalError` (code `INTERNAL`):
/// pyo3 would raise `PanicException`, which derives from `BaseException`, so an application's
/// `except Exception` would not catch it. The last line of defence, never the expected path.
fn contained<R>(op: impl FnOnce() -> Result<R, Error>) -> Result<R, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(op))
        .unwrap_or_else(|payload| Err(ops::internal_error(payload.as_ref())))
}

/// Converts an argument of a call (records, requests): a bad value is the caller's input.
fn input(obj: &Bound<'_, PyAny>, root: &str) -> PyResult<Value> {
    contained(|| to_wire::to_value(obj, root, ErrorKind::Input))
        .map_err(|e| errors::raise(obj.py(), &e))
}

/// Converts a configuration document: a bad value is a configuration problem.
fn document(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    contained(|| to_wire::to_value(obj, "", ErrorKind::Config))
        .map_err(|e| errors::raise(obj.py(), &e))
}

/// Decodes a request straight into its core type, reading the Python objects in place (no
/// wire tree in between): for the large requests whose conversion would cost more than the
/// computation.
fn typed_input<T: serde::de::DeserializeOwned>(obj: &Bound<'_, PyAny>, root: &str) -> PyResult<T> {
    contained(|| from_python::from_python(obj, root, ErrorKind::Input))
        .map_err(|e| errors::raise(obj.py(), &e))
}

/// A keyword flag such as `explain=`: left out, it takes its default; given, it must be a
/// `bool` (`None` or `"yes"` is an `InputError` with code `INVALID_TYPE` at its name).
pub(crate) enum Flag {
    Unset,
    Given(Py<PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Flag {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Flag::Given(obj.to_owned().unbind()))
    }
}

impl Flag {
    pub(crate) fn read(&self, py: Python<'_>, name: &str, default: bool) -> PyResult<bool> {
        let Flag::Given(obj) = self else {
            return Ok(default);
        };
        let obj = obj.bind(py);
        if let Ok(b) = obj.cast::<pyo3::types::PyBool>() {
            return Ok(b.is_true());
        }
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        let problem = revlogic::Problem::new(
            revlogic::ErrorCode::InvalidType,
            name,
            format!("`{name}` must be True or False, not a `{type_name}`"),
        );
        Err(errors::raise(py, &Error::single(ErrorKind::Input, problem)))
    }
}

/// Runs `op` on `arg` without the GIL, so that other Python threads run meanwhile. The
/// argument is dropped there too: freeing a large batch costs a good fraction of checking it.
fn compute<A: Send + 'static, R: Send>(
    py: Python<'_>,
    arg: A,
    op: impl FnOnce(&A) -> Result<R, Error> + Send,
) -> Result<R, Error> {
    compute_batch(py, arg, 0, op)
}

/// A batch of at least this many records is freed on a thread of its own once its result is
/// ready: giving back a million records' memory takes tens of milliseconds, which the caller
/// need not wait for.
const FREE_LATER_FROM: usize = 16_384;

/// `compute` for a batch of `records` records, freed after the result is ready when large.
fn compute_batch<A: Send + 'static, R: Send>(
    py: Python<'_>,
    arg: A,
    records: usize,
    op: impl FnOnce(&A) -> Result<R, Error> + Send,
) -> Result<R, Error> {
    py.detach(move || {
        let result = contained(|| op(&arg));
        if records >= FREE_LATER_FROM {
            // Should no thread start, the closure and the batch are dropped right here.
            let _ = std::thread::Builder::new()
                .name("revlogic-free".into())
                .spawn(move || drop(arg));
        } else {
            drop(arg);
        }
        result
    })
}

/// A result back to Python, or the error raised as `ConfigError` / `InputError`.
fn reply<R: Serialize + Send>(py: Python<'_>, result: Result<R, Error>) -> PyResult<Py<PyAny>> {
    match result {
        Ok(value) => {
            let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                to_python::to_python(py, &value)
            }))
            .unwrap_or_else(|payload| {
                Err(errors::raise(py, &ops::internal_error(payload.as_ref())))
            });
            py.detach(move || drop(value));
            converted
        }
        Err(e) => Err(errors::raise(py, &e)),
    }
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
        let document = crate::document(document)?;
        compute(py, document, ops::load_pipeline)
            .map(|inner| Pipeline { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    /// The built-in default pipeline.
    #[classmethod]
    fn default(cls: &Bound<'_, PyType>) -> PyResult<Self> {
        let py = cls.py();
        compute(py, Value::String("default".into()), ops::load_pipeline)
            .map(|inner| Pipeline { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[pyo3(
        signature = (requests, *, explain = Flag::Unset),
        text_signature = "($self, requests, *, explain=True)"
    )]
    fn check_transitions(
        &self,
        py: Python<'_>,
        requests: &Bound<'_, PyAny>,
        explain: Flag,
    ) -> PyResult<Py<PyAny>> {
        let explain = explain.read(py, "explain", true)?;
        let requests = input(requests, "requests")?;
        let pipeline = &self.inner;
        let batch = compute(py, requests, |r| {
            ops::check_transitions(pipeline, r, explain)
        });
        reply(py, batch)
    }

    fn data_quality(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = input(request, "")?;
        let pipeline = &self.inner;
        reply(py, compute(py, request, |r| ops::data_quality(pipeline, r)))
    }

    fn dwell_times(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = input(request, "")?;
        let pipeline = &self.inner;
        reply(py, compute(py, request, |r| ops::dwell_times(pipeline, r)))
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
        let document = crate::document(document)?;
        compute(py, document, ops::load_stage_mapping)
            .map(|inner| StageMapping { inner })
            .map_err(|e| errors::raise(py, &e))
    }

    fn map(&self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let records = input(records, "records")?;
        let mapping = &self.inner;
        reply(py, compute(py, records, |r| ops::map_stages(mapping, r)))
    }

    fn compare(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let request = input(request, "")?;
        let mapping = &self.inner;
        reply(
            py,
            compute(py, request, |r| ops::compare_stages(mapping, r)),
        )
    }
}

/// Splits `total` (`{"amount", "currency"}`) by `weights` into parts that sum exactly.
#[pyfunction]
fn allocate(
    py: Python<'_>,
    total: &Bound<'_, PyAny>,
    weights: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let mut request = serde_json::Map::new();
    request.insert("total".into(), input(total, "total")?);
    request.insert("weights".into(), input(weights, "weights")?);
    reply(py, compute(py, Value::Object(request), ops::allocate))
}

/// Caps the threads one call may use for a large batch; 1 keeps every call on the caller's
/// thread, 0 restores the default (the machine's cores, at most 8).
#[pyfunction]
fn set_max_threads(threads: &Bound<'_, PyAny>) -> PyResult<()> {
    let value = input(threads, "threads")?;
    ops::set_max_threads(&value).map_err(|e| errors::raise(threads.py(), &e))
}

/// How many threads one call may use for a large batch.
#[pyfunction]
fn max_threads() -> usize {
    revlogic::max_threads()
}

/// The JSON Schema of a document, request or result type (see `SCHEMA_NAMES`).
#[pyfunction]
fn schema(py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
    reply(py, wire_schema::schema(name))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<StageMapping>()?;
    m.add_class::<commission::CommissionPlan>()?;
    m.add_class::<assignment::Assigner>()?;
    scoring::register(m)?;
    rebate::register(m)?;
    reconcile::register(m)?;
    m.add_function(wrap_pyfunction!(allocate, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(set_max_threads, m)?)?;
    m.add_function(wrap_pyfunction!(max_threads, m)?)?;
    let codes: Vec<&str> = revlogic::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    m.add("ERROR_CODES", codes)?;
    m.add("SCHEMA_NAMES", wire_schema::SCHEMA_NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
