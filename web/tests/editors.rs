//! The planner's editor components, rendered by Yew in headless Chromium: errors sit next to
//! their field, names with markup stay text, and the Windows release can be chosen.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::cell::RefCell;
use std::rc::Rc;

use std::collections::BTreeMap;

use sp_rules::{
    Cluster, ClusterMode, Error, ErrorKind, Level, Options, Role, Server, Topology, Update, Version, VirtualServer,
    Windows,
};
use sp_web::components::planner::cluster_editor::{ClusterEditorProps, cluster_editor};
use sp_web::components::planner::server_editor::{ServerEditorProps, server_editor};
use sp_web::components::planner::update_editor::update_editor;
use sp_web::planner_state::{ClusterField, Machine, PlannerAction, ServerField};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::{AppHandle, BaseComponent, Callback, Html, Properties, component};

wasm_bindgen_test_configure!(run_in_browser);

/// A name that would make elements if it were parsed as markup.
const HOSTILE: &str = "<img src=x onerror=alert(1)><b>MAIL</b> & co";

fn server(name: &str) -> Server {
    Server {
        name: name.to_owned(),
        version: Version::V2000,
        level: Some(Level::Sp2),
        build: None,
        role: Role::Standalone,
        pool: None,
        sbs: false,
        remote: false,
        windows: None,
    }
}

/// Records the actions a component dispatches.
fn recorder() -> (Callback<PlannerAction>, Rc<RefCell<Vec<PlannerAction>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (Callback::from(move |action| sink.borrow_mut().push(action)), seen)
}

/// Hosts [`server_editor`], which is a plain function, as a component to mount.
#[component]
fn ServerEditor(props: &ServerEditorProps) -> Html {
    server_editor(props)
}

/// Hosts [`cluster_editor`], which is a plain function, as a component to mount.
#[component]
fn ClusterEditor(props: &ClusterEditorProps) -> Html {
    cluster_editor(props)
}

/// Renders a component into a fresh element of the page and waits until Yew has drawn it.
async fn mount<C: BaseComponent>(props: C::Properties) -> (Element, AppHandle<C>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, handle)
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Chooses `value` in the select and fires the change event a user's choice fires.
fn choose(select: &Element, value: &str) {
    let select: &HtmlSelectElement = select.dyn_ref().unwrap();
    select.set_value(value);
    assert_eq!(select.value(), value, "{value} is one of the choices");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_typed_build_fills_on_the_button_and_on_enter() {
    let (on_action, seen) = recorder();
    let props = ServerEditorProps { index: 0, server: server("MAIL1"), problem: None, build_note: None, on_action };
    let (root, handle) = mount::<ServerEditor>(props).await;

    let input: HtmlInputElement = find(&root, "#f-servers-0-build").dyn_into().unwrap();
    input.set_value("6.5.7638.2");
    let button: web_sys::HtmlElement = find(&root, ".build-field button").dyn_into().unwrap();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "6.5.7638.2", "the box keeps its text");

    input.set_value("6.0.6249.0");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let enter = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&enter).unwrap();
    assert!(enter.default_prevented(), "Enter does not submit anything else");
    let other = web_sys::KeyboardEventInit::new();
    other.set_key("a");
    other.set_bubbles(true);
    input
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &other).unwrap())
        .unwrap();

    assert_eq!(
        *seen.borrow(),
        [
            PlannerAction::FillFromBuild(Machine::Server(0), "6.5.7638.2".to_owned()),
            PlannerAction::FillFromBuild(Machine::Server(0), "6.0.6249.0".to_owned()),
        ]
    );
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_field_error_sits_next_to_its_field_and_is_announced_with_it() {
    let (on_action, _) = recorder();
    let problem = Error::new(ErrorKind::Invalid, "duplicate name: MAIL1 is also a cluster node").at("servers[0].name");
    let props = ServerEditorProps {
        index: 0,
        server: server("MAIL1"),
        problem: Some(problem),
        build_note: None,
        on_action,
    };
    let (root, handle) = mount::<ServerEditor>(props).await;

    let input = find(&root, "#f-servers-0-name");
    let error = find(&root, "#f-servers-0-name-error");
    assert_eq!(error.text_content().as_deref(), Some("duplicate name: MAIL1 is also a cluster node"));
    assert!(input.parent_element().unwrap().is_same_node(error.parent_element().as_deref()), "same field");
    assert!(input.parent_element().unwrap().class_list().contains("invalid"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    assert!(described.split(' ').any(|id| id == "f-servers-0-name-error"), "{described}");
    assert_eq!(count(&root, ".field-error"), 1, "the error shows once, at its field only");
    assert_eq!(find(&root, "#f-servers-0-level").get_attribute("aria-invalid"), None);
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn server_names_with_markup_render_as_text() {
    let (on_action, _) = recorder();
    let props = ServerEditorProps { index: 0, server: server(HOSTILE), problem: None, build_note: None, on_action };
    let (root, handle) = mount::<ServerEditor>(props).await;

    assert_eq!(find(&root, "legend").text_content().unwrap(), format!("Server: {HOSTILE}"));
    let input: HtmlInputElement = find(&root, "#f-servers-0-name").dyn_into().unwrap();
    assert_eq!(input.value(), HOSTILE);
    let remove = find(&root, "button.remove");
    assert_eq!(remove.get_attribute("aria-label").unwrap(), format!("Remove server {HOSTILE}"));
    assert_eq!(count(&root, "img, b"), 0, "no element was made from the name");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn cluster_node_and_virtual_server_names_with_markup_render_as_text() {
    let (on_action, _) = recorder();
    let node = "<i>NODE</i>";
    let cluster = Cluster {
        name: HOSTILE.to_owned(),
        version: Version::V2003,
        level: Some(Level::Sp1),
        build: None,
        mode: ClusterMode::ActivePassive,
        nodes: vec![node.to_owned(), "NODE2".to_owned()],
        virtual_servers: vec![VirtualServer { name: "<u>EVS</u>".to_owned(), owner: node.to_owned() }],
        remote: false,
        windows: None,
    };
    let props = ClusterEditorProps { index: 0, cluster, problem: None, build_note: None, on_action };
    let (root, handle) = mount::<ClusterEditor>(props).await;

    assert_eq!(find(&root, "legend").text_content().unwrap(), format!("Cluster: {HOSTILE}"));
    let owner: HtmlSelectElement = find(&root, "#f-clusters-0-virtual_servers-0-owner").dyn_into().unwrap();
    assert_eq!(owner.value(), node);
    assert_eq!(find(&root, "#f-clusters-0-virtual_servers-0-owner option").text_content().as_deref(), Some(node));
    let evs: HtmlInputElement = find(&root, "#f-clusters-0-virtual_servers-0-name").dyn_into().unwrap();
    assert_eq!(evs.value(), "<u>EVS</u>");
    assert_eq!(count(&root, "img, b, i, u"), 0, "no element was made from a name");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_windows_release_is_a_labelled_choice_with_its_error_next_to_it() {
    let (on_action, seen) = recorder();
    let mut old = server("OLD");
    old.windows = Some(Windows("2000 SP1".to_owned()));
    let problem = Error::new(
        ErrorKind::NotApplicable,
        "Exchange 2000 SP3 needs Windows 2000 SP2 or later, and this server runs Windows 2000 SP1: update Windows first",
    )
    .at("servers[0].windows");
    let props = ServerEditorProps { index: 0, server: old, problem: Some(problem), build_note: None, on_action };
    let (root, handle) = mount::<ServerEditor>(props).await;

    let select = find(&root, "select#f-servers-0-windows");
    assert_eq!(select.dyn_ref::<HtmlSelectElement>().unwrap().value(), "2000 SP1");
    assert_eq!(find(&root, "label[for='f-servers-0-windows']").text_content().as_deref(), Some("Windows release"));
    let error = find(&root, "#f-servers-0-windows-error");
    assert!(error.text_content().unwrap().contains("needs Windows 2000 SP2 or later"));
    assert!(select.parent_element().unwrap().is_same_node(error.parent_element().as_deref()), "same field");
    assert_eq!(select.get_attribute("aria-describedby").as_deref(), Some("f-servers-0-windows-error"));
    assert_eq!(count(&root, ".field-error"), 1);
    let first = find(&root, "select#f-servers-0-windows option");
    assert_eq!(first.text_content().as_deref(), Some("Not stated"));

    choose(&select, "2000 SP4");
    choose(&select, "");
    assert_eq!(
        *seen.borrow(),
        vec![
            PlannerAction::EditServer(0, ServerField::Windows(Some("2000 SP4".to_owned()))),
            PlannerAction::EditServer(0, ServerField::Windows(None)),
        ]
    );
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn an_imported_windows_release_outside_the_list_stays_shown_with_its_error() {
    let (on_action, seen) = recorder();
    let cluster = Cluster {
        name: "CL".to_owned(),
        version: Version::V2000,
        level: Some(Level::Sp2),
        build: None,
        mode: ClusterMode::ActivePassive,
        nodes: vec!["NA".to_owned(), "NB".to_owned()],
        virtual_servers: vec![VirtualServer { name: "EVS".to_owned(), owner: "NA".to_owned() }],
        remote: false,
        windows: Some(Windows("Windows 2000".to_owned())),
    };
    let problem = Error::new(ErrorKind::Invalid, "`Windows 2000` is not a Windows release").at("clusters[0].windows");
    let props = ClusterEditorProps { index: 0, cluster, problem: Some(problem), build_note: None, on_action };
    let (root, handle) = mount::<ClusterEditor>(props).await;

    let select = find(&root, "select#f-clusters-0-windows");
    assert_eq!(select.dyn_ref::<HtmlSelectElement>().unwrap().value(), "Windows 2000");
    assert_eq!(
        find(&root, "select#f-clusters-0-windows option:checked").text_content().as_deref(),
        Some("Windows 2000 (not a choice)")
    );
    assert_eq!(
        find(&root, "#f-clusters-0-windows-error").text_content().as_deref(),
        Some("`Windows 2000` is not a Windows release")
    );
    choose(&select, "2000 SP2");
    assert_eq!(
        *seen.borrow(),
        vec![PlannerAction::EditCluster(0, ClusterField::Windows(Some("2000 SP2".to_owned())))]
    );
    handle.destroy();
    root.remove();
}

/// Props of [`UpdateHost`].
#[derive(Properties, PartialEq)]
struct UpdateHostProps {
    topology: Topology,
    on_action: Callback<PlannerAction>,
}

/// Renders the update editor, a plain function, as the topology editor does.
#[component]
fn UpdateHost(props: &UpdateHostProps) -> Html {
    update_editor(&props.topology, None, &props.on_action)
}

#[wasm_bindgen_test]
async fn the_update_lists_the_versions_in_use_and_named_oldest_first() {
    let (on_action, _) = recorder();
    let mut mail = server("MAIL");
    mail.version = Version::V2003;
    mail.level = Some(Level::Sp1);
    let topology = Topology {
        format: None,
        name: "Org".to_owned(),
        // 2003 is in use; 5.5 is only named by the update; 2000 is neither.
        servers: vec![mail],
        clusters: Vec::new(),
        update: Update::ServicePack(BTreeMap::from([(Version::V55, Level::Sp4)])),
        options: Options::default(),
    };
    let (root, handle) = mount::<UpdateHost>(UpdateHostProps { topology, on_action }).await;

    let ids: Vec<String> = (0..count(&root, "select"))
        .map(|i| root.query_selector_all("select").unwrap().get(i).unwrap().dyn_into::<Element>().unwrap().id())
        .collect();
    assert_eq!(ids, ["f-update-service_pack-5-5", "f-update-service_pack-2003"]);
    let chosen = |id: &str| find(&root, &format!("#{id}")).dyn_into::<HtmlSelectElement>().unwrap().value();
    assert_eq!(chosen("f-update-service_pack-5-5"), "SP4");
    assert_eq!(chosen("f-update-service_pack-2003"), "none");
    handle.destroy();
    root.remove();
}
