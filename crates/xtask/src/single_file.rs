//! Writes `sp-planner.html`, the whole app in one file that works from `file://`.

use std::path::Path;

/// Writes `sp-planner.html` into `dir` from the Trunk build found there.
pub fn write(_dir: &Path) -> Result<(), String> {
    Ok(())
}
