//! The planner: an ordered roll-out plan for a topology.

use crate::{Error, Plan, Topology};

/// Plans the roll-out of `topology.update` across the organisation.
pub fn plan(topology: &Topology) -> Result<Plan, Error> {
    let _ = topology;
    Err(Error::new(crate::ErrorKind::Invalid, "the planner is not written yet"))
}
