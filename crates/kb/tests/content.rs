//! Reading content: sections, anchors, presets, rendering and errors, on small fixtures; then
//! the whole index as a snapshot, and spot checks of facts in the real content.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use expect_test::{expect, expect_file};
use sp_kb::Kb;
use sp_kb_build::{Compiled, compile};

const CLUSTERS: &str = include_str!("fixtures/clusters.md");
const BASICS: &str = include_str!("fixtures/basics.md");
const PRESET: &str = include_str!("fixtures/presets/active-active.json");

const CITATIONS: &[(&str, &str)] = &[("e2000-active-active-consolidate", "e2000-active-active"), ("lab-test-first", "basics")];

/// The fixtures, compiled once per test.
fn compiled() -> Compiled {
    compile(&[("basics.md", BASICS), ("clusters.md", CLUSTERS)], &[("active-active.json", PRESET)])
}

/// Opens compiled content.
fn open<'a>(compiled: &'a Compiled, citations: &[(&'a str, &'a str)]) -> Kb<'a> {
    Kb::open(&compiled.text, &compiled.tables, citations).unwrap()
}

fn errors(pages: &[(&str, &str)]) -> String {
    let compiled = compile(pages, &[("p.json", "{}")]);
    let kb = open(&compiled, &[]);
    let listed: String = kb.errors().iter().map(|e| format!("{e}\n")).collect();
    let returned: String = compiled.errors.iter().map(|e| format!("{e}\n")).collect();
    assert_eq!(listed, returned, "the tables and the compiler disagree on the errors");
    listed
}

#[test]
fn sections_have_anchors_breadcrumbs_presets_and_rules() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    assert!(kb.errors().is_empty(), "{:?}", kb.errors());
    let listing: String = kb
        .sections()
        .iter()
        .map(|s| format!("{} [{}] {} preset={:?} rules={:?} links={:?} {}:{}\n", s.id, s.level, s.breadcrumbs.join(" › "), s.preset, s.rules, s.links, s.file, s.line))
        .collect();
    expect![[r#"
        basics [2] Basics preset=None rules=["lab-test-first"] links=[] basics.md:7
        steps [2] Basics › Steps preset=None rules=[] links=[] basics.md:15
        clusters [1] Exchange 2000 Server preset=None rules=[] links=[] clusters.md:1
        e2000-active-active [2] Exchange 2000 Server › Active/active cluster preset=Some("active-active") rules=["e2000-active-active-consolidate"] links=["basics"] clusters.md:13
        steps-1 [3] Exchange 2000 Server › Active/active cluster › Steps preset=Some("active-active") rules=[] links=[] clusters.md:18
        steps-2 [3] Exchange 2000 Server › Active/active cluster › Steps preset=Some("active-active") rules=[] links=[] clusters.md:23
        event-1025 [2] Exchange 2000 Server › Event 1025 preset=None rules=[] links=[] clusters.md:31
    "#]]
    .assert_eq(&listing);
}

#[test]
fn pages_are_in_table_of_contents_order() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    let pages: Vec<(&str, i64, Vec<&str>, usize)> = kb.pages().iter().map(|p| (p.id, p.order, p.versions.clone(), kb.page_sections(p).len())).collect();
    assert_eq!(pages, [("basics", 10, vec![], 2), ("clusters", 20, vec!["2000"], 5)]);
    assert!(kb.page("nope").is_none());
}

#[test]
fn section_text_is_plain() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    assert_eq!(kb.text("basics").unwrap(), "Back up first, with front-end servers before back ends.\nVersion | Restart\n5.5 | None");
    assert_eq!(kb.text("steps").unwrap(), "Test in a lab. Raw HTML stays.");
    assert_eq!(kb.text("steps-2").unwrap(), "A second list with the same heading.\nDetails\nDeeper headings stay in their section.");
    assert_eq!(kb.text("steps-1").unwrap(), "Move EVS 2 to Node A.\nStop the Cluster service on Node B. unconfirmed");
    assert_eq!(kb.text("nope"), None);
}

/// The tables store each section's HTML, not its plain text: the reader derives the text from
/// the HTML as the compiler does.
#[test]
fn plain_text_is_derived_not_stored() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    let loaded = sp_kb_build::load::load(&[("basics.md", BASICS), ("clusters.md", CLUSTERS)], &[("active-active.json", PRESET)]);
    assert_eq!(loaded.sections.len(), kb.sections().len());
    for section in &loaded.sections {
        assert_eq!(kb.text(&section.id), Some(section.text.as_str()), "#{}", section.id);
    }
    let table = kb.text("basics").unwrap();
    assert!(table.contains("5.5 | None") && !compiled.text.contains("5.5 | None"), "{}", compiled.text);
}

#[test]
fn text_in_raw_html_and_badges_is_searchable() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    assert_eq!(kb.search("stays", 5)[0].id, "steps");
    let hits: Vec<&str> = kb.search("unconfirmed", 5).iter().map(|h| h.id).collect();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits.contains(&"clusters") && hits.contains(&"steps-1"), "{hits:?}");
}

#[test]
fn section_html_rewrites_links_and_markers() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    let html = kb.section("e2000-active-active").unwrap().html;
    assert!(html.contains("<a href=\"#/kb/basics\">the basics</a>"), "{html}");
    assert!(html.contains("<a href=\"https://example.com/kb/295925\" rel=\"noopener noreferrer\">Microsoft</a>"), "{html}");
    let steps = kb.section("steps-1").unwrap().html;
    assert!(steps.contains("<span class=\"badge unconfirmed\""), "{steps}");
    assert!(kb.section("steps").unwrap().html.contains("<span class=\"note\">Raw HTML stays.</span>"));
}

#[test]
fn pages_render_with_heading_anchors() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    let html = kb.render_page("clusters").unwrap();
    assert!(html.starts_with("<h1 id=\"clusters\">Exchange 2000 Server</h1>\n<p>Clusters need care. <span class=\"badge unconfirmed\""), "{html}");
    assert!(html.contains("<h2 id=\"e2000-active-active\">Active/active cluster</h2>"), "{html}");
    assert!(html.contains("<h3 id=\"steps-1\">Steps</h3>") && html.contains("<h3 id=\"steps-2\">Steps</h3>"), "{html}");
    assert!(html.contains("<h4>Details</h4>"), "{html}");
    let basics = kb.render_page("basics").unwrap();
    assert!(basics.starts_with("<h1>Basics</h1>\n<h2 id=\"basics\">Basics</h2>"), "{basics}");
    assert!(basics.contains("<table>"), "{basics}");
    assert!(kb.render_page("nope").is_none());
}

#[test]
fn presets_are_found_by_name() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    assert_eq!(kb.preset("active-active"), Some(PRESET));
    assert_eq!(kb.preset("nope"), None);
    assert_eq!(kb.presets().map(|(name, _)| name).collect::<Vec<_>>(), ["active-active"]);
}

#[test]
fn problems_are_reported_with_file_and_line() {
    let a = "+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n[presets]\nx = \"p\"\nmissing = \"nope\"\n+++\n## X {#x}\n\nSee [y](#nowhere).\n\n## Again {#x}\n";
    let b = "+++\nid = \"b\"\ntitle = \"B\"\norder = 2\n+++\n## Clash {#a}\n";
    let c = "+++\nid = \"a\"\ntitle = \"Same id\"\norder = 3\n+++\n";
    let d = "no front matter\n";
    let e = "+++\nid = \"e\"\ntitle = \"E\"\norder = \"soon\"\n+++\n";
    expect![[r#"
        c.md:2: page id `a` is already used by a.md
        d.md:1: missing front matter: the file must start with a `+++` line
        e.md:4: front matter: invalid type: string "soon", expected i64
        a.md:13: section anchor `x` is already used in a.md
        b.md:6: section anchor `a` is already a page id
        a.md:7: preset for unknown section `missing` of this page
        a.md:7: unknown preset `nope` (no content/presets/nope.json)
        a.md:11: link to unknown section `#nowhere`
    "#]]
    .assert_eq(&errors(&[("a.md", a), ("b.md", b), ("c.md", c), ("d.md", d), ("e.md", e)]));
}

#[test]
fn duplicate_anchors_still_get_unique_ids() {
    let a = "+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n+++\n## One {#x}\n## Two {#x}\n";
    let compiled = compile(&[("a.md", a)], &[]);
    let kb = open(&compiled, &[]);
    let ids: Vec<&str> = kb.sections().iter().map(|s| s.id).collect();
    assert_eq!(ids, ["a", "x", "x-1"]);
}

#[test]
fn opening_text_under_a_claimed_page_id_gets_its_own_anchor() {
    let a = "+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n+++\nOpening words.\n\n## A {#a}\n\nBody.\n";
    let compiled = compile(&[("a.md", a)], &[]);
    let kb = open(&compiled, &[]);
    let ids: Vec<(&str, &str)> = kb.sections().iter().map(|s| (s.id, kb.text(s.id).unwrap())).collect();
    assert_eq!(ids, [("a-intro", "Opening words."), ("a", "Body.")]);
}

#[test]
fn generated_ids_never_take_explicit_ones() {
    let a = "+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n+++\n## Steps\n";
    let b = "+++\nid = \"b\"\ntitle = \"B\"\norder = 2\n+++\n## Later {#steps}\n";
    let compiled = compile(&[("a.md", a), ("b.md", b)], &[]);
    let kb = open(&compiled, &[]);
    assert!(kb.errors().is_empty());
    assert_eq!(kb.section("steps").unwrap().page, "b");
    assert_eq!(kb.section("steps-1").unwrap().page, "a");
}

#[test]
fn search_finds_fixture_sections() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    let hits = kb.search("MSExchangeCluster", 5);
    assert_eq!(hits[0].id, "event-1025");
    assert_eq!(hits[0].breadcrumbs, ["Exchange 2000 Server", "Event 1025"]);
    assert_eq!(kb.search("842427", 5)[0].id, "event-1025");
    assert_eq!(kb.search("7638", 5)[0].id, "event-1025");
    let hit = &kb.search("event", 5)[0];
    assert_eq!((hit.id, hit.title_html()), ("event-1025", "<mark>Event</mark> 1025".to_owned()));
    assert_eq!(hit.snippet_html(), "<mark>Event</mark> ID: 1025 from MSExchangeCluster. Build 6.5.7638 and KB 842427 matter here.");
    assert!(kb.search("", 5).is_empty());
    assert!(kb.search("event", 0).is_empty());
}

#[test]
fn hits_serialize_for_the_app() {
    let compiled = compiled();
    let kb = open(&compiled, CITATIONS);
    let json = serde_json::to_value(&kb.search("1025", 1)[0]).unwrap();
    assert_eq!(json["id"], "event-1025");
    assert_eq!(json["matches"], serde_json::json!([[10, 14]]));
    assert_eq!(json["title_matches"], serde_json::json!([[6, 10]]));
}

/// The whole index of the fixtures; `UPDATE_EXPECT=1` rewrites it after a deliberate change.
#[test]
fn index_snapshot() {
    let compiled = compiled();
    expect_file!["fixtures/index.snapshot"].assert_eq(&open(&compiled, CITATIONS).index_dump());
}

#[test]
fn real_content_spot_checks() {
    let kb = Kb::get();
    assert!(kb.pages().len() >= 10);
    let event = kb.section("event-1025").unwrap();
    assert_eq!(event.page, "troubleshooting");
    assert!(kb.text("event-1025").unwrap().contains("MSExchangeCluster"));
    assert!(kb.text("event-1025").unwrap().contains("The Exchange virtual server needs to be upgraded before coming online."));
    assert!(kb.text("error-c1037b44").unwrap().contains("ID no: c1037b44"));
    assert!(kb.text("build-numbers-2003").unwrap().contains("6.5.7638"));
    assert_eq!(kb.section("e2003-cluster").unwrap().preset, Some("e2003-cluster"));
    assert!(kb.preset("e2003-cluster").unwrap().contains("sp-planner/topology@1"));
    assert_eq!(kb.search("c1037b44", 1)[0].id, "error-c1037b44");
    assert_eq!(kb.search("KB842427", 3).iter().filter(|h| h.id == "e2003-clean-install-migration").count(), 1);
    assert!(kb.index_stats().terms > 500);
    #[cfg(feature = "rules")]
    assert!(kb.section("backups").unwrap().rules.contains(&"backup-before"));
}
