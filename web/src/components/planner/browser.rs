//! The browser APIs the planner uses: storage, downloads, the clipboard, files and printing.
//!
//! Each helper fails quietly into a result the caller shows to the user; none of them panics.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use web_sys::{Blob, BlobPropertyBag, File, FileReader, HtmlAnchorElement, Storage, Url};
use yew::Callback;

use crate::planner_state::read_draft;

/// The storage key of the topology being edited.
pub const SAVED_KEY: &str = "sp-planner/topology";

/// The storage key of the organisation a load replaced.
pub const PREVIOUS_KEY: &str = "sp-planner/topology-previous";

/// The prefix of keys under which unreadable saved topologies are kept aside.
pub const ASIDE_PREFIX: &str = "sp-planner/topology-unreadable-";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What the browser had saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Nothing saved, or storage is not available.
    Nothing,
    /// A topology the editor can take.
    Topology(Box<sp_rules::Topology>),
    /// Saved text that cannot be read, now kept aside.
    Unreadable {
        /// Why it cannot be read.
        reason: String,
        /// The key it is kept under, or `None` when keeping it aside failed.
        aside: Option<String>,
        /// The text, for the user to download.
        text: String,
    },
}

/// Reads the saved topology; text that cannot be read is copied to a fresh key first, so that
/// saving the next topology never destroys it.
pub fn load_saved() -> Saved {
    let Some(storage) = storage() else {
        return Saved::Nothing;
    };
    let Ok(Some(text)) = storage.get_item(SAVED_KEY) else {
        return Saved::Nothing;
    };
    match read_draft(&text) {
        Ok(topology) => Saved::Topology(Box::new(topology)),
        Err(reason) => {
            let aside = (1..1000).map(|n| format!("{ASIDE_PREFIX}{n}")).find(|key| {
                matches!(storage.get_item(key), Ok(None))
            });
            let aside = aside.filter(|key| storage.set_item(key, &text).is_ok());
            Saved::Unreadable { reason, aside, text }
        }
    }
}

/// Saves the topology's JSON; false when the browser refuses (storage full or disabled).
pub fn save(json: &str) -> bool {
    storage().is_some_and(|storage| storage.set_item(SAVED_KEY, json).is_ok())
}

/// The organisation a load replaced, when one is saved and readable.
pub fn load_previous() -> Option<sp_rules::Topology> {
    let text = storage()?.get_item(PREVIOUS_KEY).ok()??;
    read_draft(&text).ok()
}

/// Saves or forgets the organisation a load replaced.
pub fn save_previous(json: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match json {
            Some(json) => storage.set_item(PREVIOUS_KEY, json),
            None => storage.remove_item(PREVIOUS_KEY),
        };
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let failed = |_| "the browser refused the download".to_owned();
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("the page has no document")?;
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| "the browser refused the download".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// Copies `text` to the clipboard and reports whether it worked.
pub fn copy(text: &str, on_done: Callback<Result<(), String>>) {
    let Some(window) = web_sys::window() else {
        on_done.emit(Err("the page has no window".to_owned()));
        return;
    };
    let clipboard = window.navigator().clipboard();
    if JsValue::from(clipboard.clone()).is_undefined() {
        on_done.emit(Err("this browser gives the page no clipboard".to_owned()));
        return;
    }
    let promise: Promise = clipboard.write_text(text);
    let ok = {
        let on_done = on_done.clone();
        Closure::once_into_js(move |_: JsValue| on_done.emit(Ok(())))
    };
    let failed = Closure::once_into_js(move |_: JsValue| {
        on_done.emit(Err("the browser did not allow copying".to_owned()));
    });
    // `then` is called through reflection so that each handler frees itself once it runs.
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|then| then.dyn_into::<Function>().ok());
    if let Some(then) = then {
        let _ = then.call2(&promise, &ok, &failed);
    }
}

/// Reads a file the user chose as text.
pub fn read_file(file: &File, on_done: Callback<Result<String, String>>) {
    let Ok(reader) = FileReader::new() else {
        on_done.emit(Err("this browser cannot read files".to_owned()));
        return;
    };
    let loaded = {
        let reader = reader.clone();
        let on_done = on_done.clone();
        Closure::once_into_js(move |_: JsValue| {
            let text = reader.result().ok().and_then(|value| value.as_string());
            on_done.emit(text.ok_or_else(|| "the file is not text".to_owned()));
        })
    };
    let failed = {
        let on_done = on_done.clone();
        Closure::once_into_js(move |_: JsValue| {
            on_done.emit(Err("the file could not be read".to_owned()));
        })
    };
    reader.set_onload(loaded.dyn_ref::<Function>());
    reader.set_onerror(failed.dyn_ref::<Function>());
    if reader.read_as_text(file).is_err() {
        on_done.emit(Err("the file could not be read".to_owned()));
    }
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// The page's address without its hash.
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .map(|href| match href.split_once('#') {
            Some((base, _)) => base.to_owned(),
            None => href,
        })
        .unwrap_or_default()
}
