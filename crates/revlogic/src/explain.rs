//! Explanations: the steps that produced a figure or a decision, attached to the result so a
//! rep, a clerk or a manager can read why without asking anyone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// How a single step came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The rule held.
    Pass,
    /// The rule failed and blocks the result.
    Fail,
    /// The rule failed but only warns.
    Warn,
    /// The rule did not apply (its condition was false, or it has nothing to check).
    Skip,
    /// A value was computed; `output` holds it.
    Computed,
}

/// One step: which rule (a stable id from the configuration document or the library), what it
/// checked or computed, the inputs it looked at, and how it came out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub rule: Arc<str>,
    pub check: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
}

/// The ordered steps behind one result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Explanation {
    pub steps: Vec<Step>,
}

/// Collects steps only when asked to, so a hot batch that does not want explanations pays
/// nothing for them. Steps are built by closures that never run when collection is off.
#[derive(Debug)]
pub struct Tracer {
    steps: Option<Vec<Step>>,
}

impl Tracer {
    pub fn new(enabled: bool) -> Self {
        Tracer {
            steps: enabled.then(Vec::new),
        }
    }

    pub fn enabled(&self) -> bool {
        self.steps.is_some()
    }

    /// Records a step; `check` is only formatted when tracing is on.
    pub fn step(&mut self, rule: &Arc<str>, outcome: Outcome, check: impl FnOnce() -> String) {
        if let Some(steps) = &mut self.steps {
            steps.push(Step {
                rule: rule.clone(),
                check: check(),
                outcome,
                inputs: None,
                output: None,
            });
        }
    }

    /// Records a step with the inputs it looked at and what it produced.
    pub fn step_with(
        &mut self,
        rule: &Arc<str>,
        outcome: Outcome,
        check: impl FnOnce() -> String,
        io: impl FnOnce() -> (Option<Value>, Option<Value>),
    ) {
        if let Some(steps) = &mut self.steps {
            let (inputs, output) = io();
            steps.push(Step {
                rule: rule.clone(),
                check: check(),
                outcome,
                inputs,
                output,
            });
        }
    }

    pub fn finish(self) -> Option<Explanation> {
        self.steps.map(|steps| Explanation { steps })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disabled_tracer_never_formats() {
        let rule: Arc<str> = Arc::from("r");
        let mut off = Tracer::new(false);
        off.step(&rule, Outcome::Pass, || panic!("must not be called"));
        assert!(off.finish().is_none());
        let mut on = Tracer::new(true);
        on.step(&rule, Outcome::Fail, || "checked".to_string());
        let steps = on.finish().unwrap().steps;
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].outcome, Outcome::Fail);
    }
}
