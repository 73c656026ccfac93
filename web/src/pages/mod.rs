//! One file per screen.

pub mod home;
pub mod kb;
pub mod not_found;
pub mod plan;
pub mod search;

/// Sets the document title, so history entries and tabs say where they lead.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        if title.is_empty() {
            document.set_title("SP Planner");
        } else {
            document.set_title(&format!("{title} \u{2014} SP Planner"));
        }
    }
}
