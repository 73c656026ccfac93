//! The scenario runner: every folder under tests/scenarios is a topology and its expected plan.
