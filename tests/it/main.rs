//! The cross-crate test binary: one binary, one module per area.

mod hostile;
mod kb;
mod properties;
mod scenarios;
