//! The simulated organisation that the validator steps through.
