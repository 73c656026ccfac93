//! The table of contents, grouped by Exchange version and then by page.

use yew::prelude::*;

use crate::app::StateHandle;
use crate::dom::{El, fragment, text_el};
use crate::kb::TocGroup;
use crate::route::Route;
use crate::state::Action;

/// The version groups of the table of contents, in order: a page goes under every version it
/// names, and pages for all versions come first.
const VERSIONS: [(&str, &str); 4] = [
    ("", "All versions"),
    ("2003", "Exchange Server 2003"),
    ("2000", "Exchange 2000 Server"),
    ("5.5", "Exchange Server 5.5"),
];

/// Groups pages by version as [`VERSIONS`] orders them; pure, so it is tested natively.
pub fn by_version(pages: &[TocGroup]) -> Vec<(&'static str, Vec<&TocGroup>)> {
    VERSIONS
        .iter()
        .map(|&(version, label)| {
            let pages = pages
                .iter()
                .filter(|page| {
                    if version.is_empty() {
                        page.versions.is_empty()
                    } else {
                        page.versions.iter().any(|v| v == version)
                    }
                })
                .collect::<Vec<_>>();
            (label, pages)
        })
        .filter(|(_, pages)| !pages.is_empty())
        .collect()
}

/// The table of contents beside the article (a drawer on narrow screens).
///
/// A plain function rather than a component: every component costs its own copy of Yew's
/// lifecycle code in the WebAssembly module, and the app, which holds the route and the state,
/// is drawn again whenever they change anyway.
pub fn toc(pages: &[TocGroup], route: &Route, state: &StateHandle) -> Html {
    let current = match route {
        Route::Kb { section } => Some(section.as_str()),
        _ => None,
    };
    let close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CloseMenu))
    };

    El::with_class("nav", "toc")
        .set("id", "toc")
        .set("aria-label", "Table of contents")
        .on_click(close)
        .child(if pages.is_empty() {
            text_el("p", "muted", "The knowledge base is empty in this build.")
        } else {
            Html::default()
        })
        .child(fragment(
            by_version(pages)
                .into_iter()
                .map(|(label, pages)| {
                    El::with_class("section", "toc-version")
                        .child(text_el("h2", "", label))
                        .child(fragment(pages.into_iter().map(|page| toc_page(page, current)).collect()))
                        .html()
                })
                .collect(),
        ))
        .html()
}

/// One page of the table of contents: its title over its sections, open from the start.
fn toc_page(page: &TocGroup, current: Option<&str>) -> Html {
    El::new("details")
        .flag("open", true)
        .child(El::new("summary").string(page.title.clone()).html())
        .child(
            El::new("ul")
                .child(fragment(
                    page.entries
                        .iter()
                        .map(|entry| {
                            let here = current == Some(entry.id.as_str());
                            El::new("li")
                                .set_string("class", format!("depth-{}", entry.depth.min(3)))
                                .child(
                                    El::new("a")
                                        .set_string("href", Route::Kb { section: entry.id.clone() }.to_hash())
                                        .attr_opt("aria-current", here.then_some(AttrValue::Static("page")))
                                        .string(entry.title.clone())
                                        .html(),
                                )
                                .html()
                        })
                        .collect(),
                ))
                .html(),
        )
        .html()
}

/// Scrolls the table of contents (not the page) so that the current entry is in its upper third.
pub fn reveal_current() {
    use wasm_bindgen::JsCast as _;
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let toc = document.get_element_by_id("toc");
    let link = document
        .query_selector("#toc a[aria-current='page']")
        .ok()
        .flatten()
        .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok());
    if let (Some(toc), Some(link)) = (toc, link) {
        let top = link.offset_top();
        let height = toc.client_height();
        if top < toc.scroll_top() || top > toc.scroll_top() + height - 40 {
            toc.set_scroll_top((top - height / 3).max(0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, versions: &[&str]) -> TocGroup {
        TocGroup {
            title: title.into(),
            versions: versions.iter().map(|v| (*v).to_owned()).collect(),
            entries: Vec::new(),
        }
    }

    #[test]
    fn pages_are_grouped_by_version_in_a_fixed_order() {
        let pages = [
            page("Exchange 5.5", &["5.5"]),
            page("Before you start", &[]),
            page("Clusters", &["2000", "2003"]),
        ];
        let groups = by_version(&pages)
            .into_iter()
            .map(|(label, pages)| {
                let titles = pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>();
                format!("{label}: {}", titles.join(", "))
            })
            .collect::<Vec<_>>();
        assert_eq!(
            groups,
            [
                "All versions: Before you start",
                "Exchange Server 2003: Clusters",
                "Exchange 2000 Server: Clusters",
                "Exchange Server 5.5: Exchange 5.5",
            ]
        );
    }

    #[test]
    fn empty_groups_are_left_out() {
        assert!(by_version(&[]).is_empty());
        assert_eq!(by_version(&[page("Only 2003", &["2003"])]).len(), 1);
    }
}
