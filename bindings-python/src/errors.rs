//! Core errors → the exception classes of `revlogic/_errors.py`. Everything comes from
//! `Error::payload()`, so Python reports exactly the kind, code, path and problems that every
//! other language reports.

use crate::host;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use revlogic::{Error, ErrorKind};

/// The exception to raise for a core error.
pub fn raise(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|cause| {
        // Only reachable if `revlogic._errors` cannot be imported (a broken install): the
        // caller still gets the message, with the import failure as its cause.
        let fallback = PyValueError::new_err(error.to_string());
        fallback.set_cause(py, Some(cause));
        fallback
    })
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    // `Error::payload()` reads the first problem, and `Error::problems` is a public Vec: an
    // empty one must not become a panic at the boundary.
    if error.problems.is_empty() {
        return Ok(PyValueError::new_err(
            "revlogic reported an error without any problem",
        ));
    }
    let payload = error.payload();
    let (class, kind) = match payload.kind {
        ErrorKind::Config => (host::config_error(py)?, "config"),
        ErrorKind::Input => (host::input_error(py)?, "input"),
        ErrorKind::Internal => (host::internal_error(py)?, "internal"),
    };
    let problems = PyList::empty(py);
    for p in &payload.problems {
        let d = PyDict::new(py);
        d.set_item("code", p.code.as_str())?;
        d.set_item("path", &p.path)?;
        d.set_item("message", &p.message)?;
        problems.append(d)?;
    }
    let instance = class.call1((
        payload.message.as_str(),
        kind,
        payload.code.as_str(),
        payload.path.as_str(),
        problems,
    ))?;
    Ok(PyErr::from_value(instance))
}
