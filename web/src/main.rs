//! The SP Planner web app.

fn main() {}
