//! Core errors → the Python exception classes defined in `revlogic/_errors.py`, with `kind`,
//! `code`, `path`, `message` and every problem as attributes.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use revlogic::{Error, ErrorKind, Problem};

pub fn raise(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|e| e)
}

pub fn input_error(py: Python<'_>, problem: Problem) -> PyErr {
    raise(py, &Error::single(ErrorKind::Input, problem))
}

pub fn config_error(py: Python<'_>, problem: Problem) -> PyErr {
    raise(py, &Error::single(ErrorKind::Config, problem))
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let payload = error.payload();
    let module = PyModule::import(py, "revlogic._errors")?;
    let (class_name, kind) = match payload.kind {
        ErrorKind::Config => ("ConfigError", "config"),
        ErrorKind::Input => ("InputError", "input"),
    };
    let problems = PyList::empty(py);
    for p in &payload.problems {
        let d = PyDict::new(py);
        d.set_item("code", p.code.as_str())?;
        d.set_item("path", &p.path)?;
        d.set_item("message", &p.message)?;
        problems.append(d)?;
    }
    let instance = module.getattr(class_name)?.call1((
        payload.message.as_str(),
        kind,
        payload.code.as_str(),
        payload.path.as_str(),
        problems,
    ))?;
    Ok(PyErr::from_value(instance))
}
