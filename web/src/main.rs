//! Starts the SP Planner web app; everything else is in the library (`lib.rs`).

// Talc instead of Rust's default allocator for WebAssembly (dlmalloc), because it is smaller in
// the module; web/SIZE.md gives what it saves and what it costs in speed.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    sp_web::start();
}
