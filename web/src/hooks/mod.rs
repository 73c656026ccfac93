//! Hooks of the app.

pub mod use_route;
