//! The `sp-planner` command.

fn main() {}
