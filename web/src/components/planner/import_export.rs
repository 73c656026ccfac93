//! Import a topology (file or pasted text) and export the topology and the plan (JSON,
//! Markdown, a link, a printed checklist).

use sp_rules::{Plan, Report, Topology};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{browser, button};
use super::export::{MAX_IMPORT_BYTES, check_import_size, file_stem, plan_json, plan_markdown, topology_json};
use crate::dom::{El, fragment, text_el};
use crate::planner_state::{Notice, Origin, PlannerAction, read_draft};

/// What [`import_export`] draws.
pub struct ImportExportProps {
    /// The topology as a document.
    pub topology: Topology,
    /// The plan as shown, when there is one.
    pub plan: Option<Plan>,
    /// The validator's report on the shown order, when it was edited.
    pub report: Option<Report>,
    /// The link that reopens the topology.
    pub link: AttrValue,
    /// Called when the user copies the link, so the page can put it in the address bar.
    pub on_share: Callback<()>,
    /// Called with loads and notices.
    pub on_action: Callback<PlannerAction>,
}

fn notify(on_action: &Callback<PlannerAction>, result: Result<(), String>, done: &str, failed: &str) {
    on_action.emit(PlannerAction::Notify(match result {
        Ok(()) => Notice::info(done),
        Err(error) => Notice::error(format!("{failed}: {error}.")),
    }));
}

/// Turns a read result into a load or an error notice.
fn load(on_action: &Callback<PlannerAction>, text: &str, origin: Origin) {
    match read_draft(text) {
        Ok(topology) => on_action.emit(PlannerAction::Load(Box::new(topology), origin)),
        Err(error) => on_action.emit(PlannerAction::Notify(Notice::error(format!(
            "Nothing was imported: {error}."
        )))),
    }
}

/// The text in the paste box, which keeps its own text until the user imports it.
fn pasted_text() -> String {
    use wasm_bindgen::JsCast as _;
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("import-text"))
        .and_then(|element| element.dyn_into::<HtmlTextAreaElement>().ok())
        .map(|area| area.value())
        .unwrap_or_default()
}

/// The import and export panel; `fallback` holds the Markdown shown for copying by hand when
/// the clipboard refused it.
///
/// A plain function rather than a component, with the page holding its one piece of state:
/// every component costs its own copy of Yew's lifecycle code in the WebAssembly module.
pub fn import_export(props: &ImportExportProps, fallback: &UseStateHandle<Option<String>>) -> Html {
    let stem = file_stem(&props.topology.name);

    let on_file = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Clearing the input lets the same file be chosen again after a fix.
            input.set_value("");
            if let Err(error) = check_import_size(file.size()) {
                on_action.emit(PlannerAction::Notify(Notice::error(format!("Nothing was imported: {error}."))));
                return;
            }
            let name = file.name();
            let on_action = on_action.clone();
            browser::read_file(
                &file,
                Callback::from(move |result: Result<String, String>| match result {
                    Ok(text) => load(&on_action, &text, Origin::File(name.clone())),
                    Err(error) => on_action.emit(PlannerAction::Notify(Notice::error(format!(
                        "Nothing was imported: {error}."
                    )))),
                }),
            );
        })
    };
    let on_paste_import = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            let text = pasted_text();
            if text.len() > MAX_IMPORT_BYTES {
                on_action.emit(PlannerAction::Notify(Notice::error(
                    "Nothing was imported: the pasted text is over 10 MB.",
                )));
                return;
            }
            if text.trim().is_empty() {
                on_action.emit(PlannerAction::Notify(Notice::error(
                    "Nothing was imported: paste a topology in the box first.",
                )));
                return;
            }
            load(&on_action, &text, Origin::Pasted);
        })
    };
    let on_download_topology = {
        let topology = props.topology.clone();
        let on_action = props.on_action.clone();
        let stem = stem.clone();
        Callback::from(move |_: MouseEvent| {
            let json = topology_json(&topology);
            let result = browser::download(&format!("{stem}.topology.json"), "application/json", &json);
            notify(&on_action, result, "The topology was downloaded.", "The topology was not downloaded");
        })
    };
    let on_copy_link = {
        let link = props.link.clone();
        let on_share = props.on_share.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_share.emit(());
            let on_action = on_action.clone();
            browser::copy(
                &link,
                Callback::from(move |result: Result<(), String>| {
                    notify(
                        &on_action,
                        result,
                        "The link was copied. It holds the whole topology, so anyone who opens it sees the same plan.",
                        "The link was not copied, so copy it from the box below",
                    );
                }),
            );
        })
    };
    let plan_actions = props.plan.as_ref().map(|plan| {
        let markdown = plan_markdown(plan, props.report.as_ref());
        let json = plan_json(plan);
        let on_copy_markdown = {
            let on_action = props.on_action.clone();
            let fallback = fallback.clone();
            Callback::from(move |_: MouseEvent| {
                let on_action = on_action.clone();
                let fallback = fallback.clone();
                let text = markdown.clone();
                browser::copy(
                    &markdown,
                    Callback::from(move |result: Result<(), String>| {
                        // Without a clipboard the text is shown, ready to select and copy.
                        fallback.set(result.is_err().then(|| text.clone()));
                        notify(
                            &on_action,
                            result,
                            "The plan was copied as a Markdown checklist.",
                            "The Markdown was not copied, so select it in the box below",
                        );
                    }),
                );
            })
        };
        let on_download_plan = {
            let on_action = props.on_action.clone();
            let stem = stem.clone();
            Callback::from(move |_: MouseEvent| {
                let result = browser::download(&format!("{stem}.plan.json"), "application/json", &json);
                notify(&on_action, result, "The plan was downloaded.", "The plan was not downloaded");
            })
        };
        fragment(vec![
            button("secondary", "copy-markdown", "Copy plan as Markdown", on_copy_markdown),
            button("secondary", "download-plan", "Download plan JSON", on_download_plan),
            button("secondary", "print-plan", "Print checklist", Callback::from(|_: MouseEvent| browser::print())),
        ])
    });

    El::with_class("section", "import-export")
        .set("aria-labelledby", "import-export-heading")
        .child(El::new("h2").set("id", "import-export-heading").text("Import and export").html())
        .child(
            El::with_class("div", "io-grid")
                .child(
                    El::with_class("div", "io-block")
                        .child(text_el("h3", "", "Import a topology"))
                        .child(field(
                            "import-file",
                            "Open a topology file (sp-planner/topology@1 JSON, at most 10 MB)",
                            El::new("input")
                                .set("type", "file")
                                .set("id", "import-file")
                                .set("accept", ".json,application/json")
                                .on_change(on_file)
                                .html(),
                        ))
                        .child(field(
                            "import-text",
                            "Or paste topology JSON",
                            El::new("textarea").set("id", "import-text").set("rows", "4").set("spellcheck", "false").html(),
                        ))
                        .child(button("", "import-pasted", "Import pasted JSON", on_paste_import))
                        .html(),
                )
                .child(
                    El::with_class("div", "io-block")
                        .child(text_el("h3", "", "Export"))
                        .child(
                            El::with_class("div", "io-buttons")
                                .child(button("secondary", "download-topology", "Download topology JSON", on_download_topology))
                                .child(plan_actions.unwrap_or_default())
                                .html(),
                        )
                        .child((**fallback).as_ref().map_or_else(Html::default, |text| {
                            field(
                                "markdown-text",
                                "The plan as Markdown",
                                El::new("textarea")
                                    .set("id", "markdown-text")
                                    .set("rows", "8")
                                    .flag("readonly", true)
                                    .value(AttrValue::from(text.clone()))
                                    .html(),
                            )
                        }))
                        .child(field(
                            "share-link",
                            "Link to this topology",
                            El::with_class("div", "inline")
                                .child(
                                    El::new("input")
                                        .set("type", "text")
                                        .set("id", "share-link")
                                        .flag("readonly", true)
                                        .value(props.link.clone())
                                        .html(),
                                )
                                .child(button("", "copy-link", "Copy link", on_copy_link))
                                .html(),
                        ))
                        .html(),
                )
                .html(),
        )
        .html()
}

/// A field of the panel: a label for the control with id `id`, and the control (or a group
/// holding it).
fn field(id: &'static str, label: &'static str, control: Html) -> Html {
    El::with_class("div", "field")
        .child(El::new("label").set("for", id).text(label).html())
        .child(control)
        .html()
}
