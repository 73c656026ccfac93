// The rest of SP Planner's loader. `cargo run -p xtask -- finish-dist` puts the import of the
// JS glue and the name of the WebAssembly module (WASM) above this text.

// The glue falls back from streaming compilation when a server sends the module with another
// media type than application/wasm.
const wasm = await init({ module_or_path: new URL(WASM, import.meta.url) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// The service worker keeps the app working offline. Browsers allow one only on http and https;
// a copy opened from disk runs without it.
if ((location.protocol === 'http:' || location.protocol === 'https:') && 'serviceWorker' in navigator) {
  navigator.serviceWorker
    .register(new URL('sw.js', import.meta.url), { updateViaCache: 'none' })
    .catch((error) => console.warn('SP Planner runs, but will not work offline:', error));
}
