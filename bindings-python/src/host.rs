//! Python classes the binding needs on every call, imported once per interpreter and cached:
//! looking them up by module and name for each value would cost more than the conversion.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SEQUENCE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CONFIG_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INTERNAL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The classes values are converted to and from, borrowed for the length of one conversion.
pub struct Classes<'py> {
    pub decimal: Bound<'py, PyType>,
    pub date: Bound<'py, PyType>,
    pub datetime: Bound<'py, PyType>,
    pub mapping: Bound<'py, PyType>,
    pub sequence: Bound<'py, PyType>,
}

impl<'py> Classes<'py> {
    pub fn get(py: Python<'py>) -> PyResult<Self> {
        Ok(Classes {
            decimal: DECIMAL.import(py, "decimal", "Decimal")?.clone(),
            date: DATE.import(py, "datetime", "date")?.clone(),
            datetime: DATETIME.import(py, "datetime", "datetime")?.clone(),
            mapping: MAPPING.import(py, "collections.abc", "Mapping")?.clone(),
            sequence: SEQUENCE.import(py, "collections.abc", "Sequence")?.clone(),
        })
    }
}

/// `revlogic.ConfigError`, defined in Python so that users can subclass and pickle it.
pub fn config_error(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    CONFIG_ERROR.import(py, "revlogic._errors", "ConfigError")
}

/// `revlogic.InputError`.
pub fn input_error(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    INPUT_ERROR.import(py, "revlogic._errors", "InputError")
}

/// `revlogic.InternalError`.
pub fn internal_error(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    INTERNAL_ERROR.import(py, "revlogic._errors", "InternalError")
}
