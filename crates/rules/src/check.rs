//! The validator: checks a step list against every rule by simulating it.

use serde::{Deserialize, Serialize};

use crate::{Error, Severity, Step, Topology};

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The step number where the rule breaks (none for problems of the plan as a whole).
    pub step: Option<u32>,
    /// The rule id.
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
}

/// The validator's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Every broken rule, in step order.
    pub violations: Vec<Violation>,
}

/// Reads a step list: a whole plan document or a bare JSON array of steps.
pub fn parse_steps(json: &str) -> Result<Vec<Step>, Error> {
    let _ = json;
    Err(Error::new(crate::ErrorKind::BadStep, "the step reader is not written yet"))
}

/// Simulates `steps` on `topology` and reports every broken rule.
pub fn check(topology: &Topology, steps: &[Step]) -> Result<Report, Error> {
    let _ = (topology, steps);
    Err(Error::new(crate::ErrorKind::Invalid, "the validator is not written yet"))
}
