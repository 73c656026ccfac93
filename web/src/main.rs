//! Starts the SP Planner web app; everything else is in the library (`lib.rs`).

// Talc instead of Rust's default allocator for WebAssembly (dlmalloc): smaller in the module
// and faster (see web/SIZE.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    sp_web::start();
}
