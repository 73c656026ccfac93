//! Starts the SP Planner web app; everything else is in the library (`lib.rs`).

fn main() {
    sp_web::start();
}
