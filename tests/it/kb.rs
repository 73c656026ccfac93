//! Knowledge-base checks across crates: rule anchors, internal links, presets, the rule
//! catalogue page, and content without parse errors.

use expect_test::expect_file;
use sp_kb::Kb;
use sp_rules::rules::{RULES, catalogue_markdown};

fn kb() -> &'static Kb<'static> {
    Kb::get()
}

#[test]
fn content_has_no_errors() {
    let errors: Vec<String> = kb().errors().iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "problems in content/:\n{}", errors.join("\n"));
}

#[test]
fn every_rule_cites_a_real_section() {
    let missing: Vec<String> = RULES
        .iter()
        .filter(|rule| kb().section(rule.kb).is_none())
        .map(|rule| format!("rule {} cites #{}", rule.id, rule.kb))
        .collect();
    assert!(missing.is_empty(), "rules cite sections that do not exist:\n{}", missing.join("\n"));
}

#[test]
fn sections_list_the_rules_that_cite_them() {
    for rule in RULES {
        if let Some(section) = kb().section(rule.kb) {
            assert!(section.rules.contains(&rule.id), "#{} does not list rule {}", rule.kb, rule.id);
        }
    }
}

#[test]
fn every_rule_has_a_catalogue_section() {
    let missing: Vec<&str> = RULES.iter().filter(|rule| kb().section(&format!("rule-{}", rule.id)).is_none()).map(|rule| rule.id).collect();
    assert!(missing.is_empty(), "rules without a rule-<id> section: {missing:?}");
}

#[test]
fn every_internal_link_resolves() {
    let mut broken = Vec::new();
    for section in kb().sections() {
        for link in &section.links {
            if kb().section(link).is_none() {
                broken.push(format!("{}:{} (#{}) links to #{link}", section.file, section.line, section.id));
            }
        }
    }
    assert!(broken.is_empty(), "broken internal links:\n{}", broken.join("\n"));
}

#[test]
fn every_preset_parses_and_plans() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, json) in kb().presets() {
        count += 1;
        match sp_rules::Topology::from_json(json) {
            Ok(topology) => {
                if let Err(error) = sp_rules::plan(&topology) {
                    failures.push(format!("{name}: planning fails: {error}"));
                }
            }
            Err(error) => failures.push(format!("{name}: not a valid topology: {error}")),
        }
    }
    assert!(count > 0, "no presets are embedded");
    assert!(failures.is_empty(), "presets that do not plan:\n{}", failures.join("\n"));
}

#[test]
fn every_section_preset_exists() {
    let missing: Vec<String> = kb()
        .sections()
        .iter()
        .filter_map(|s| s.preset.as_ref().filter(|p| kb().preset(p).is_none()).map(|p| format!("#{} -> {p}", s.id)))
        .collect();
    assert!(missing.is_empty(), "sections name presets that do not exist: {missing:?}");
}

/// The content folder as it is now on disk, compiled again: the embedded knowledge base must
/// hold every file of it, and be exactly what it compiles to (a stale build would differ).
#[test]
fn every_content_file_is_a_page_and_the_embedded_copy_is_current() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let read = sp_kb_build::Sources::read(&content);
    assert!(read.is_ok(), "cannot read {}: {:?}", content.display(), read.as_ref().err());
    let Ok(sources) = read else { return };
    assert!(!sources.pages.is_empty(), "no pages in {}", content.display());
    for (file, _) in &sources.pages {
        assert!(kb().pages().iter().any(|page| page.file == file), "{file} did not become a page");
    }
    let compiled = sources.compile();
    let (text, tables) = Kb::embedded();
    assert!(compiled.text == text && compiled.tables == tables, "the embedded knowledge base differs from content/ compiled now");
}

/// The rule catalogue page is generated from the registry; `UPDATE_EXPECT=1` rewrites it.
#[test]
fn rule_catalogue_page_is_current() {
    expect_file!["../../content/rules.md"].assert_eq(&catalogue_markdown());
}
