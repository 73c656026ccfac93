//! The knowledge base never panics, whatever the content or the query, and derives tidy plain
//! text from any HTML.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use sp_kb::Kb;

/// Markdown-ish text: headings, anchors, links, markers, tables, quotes and odd characters.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n## ".to_owned()),
        Just("\n### ".to_owned()),
        Just(" {#x}".to_owned()),
        Just(" {#a-b}".to_owned()),
        Just("[l](#x)".to_owned()),
        Just("[l](https://e.x)".to_owned()),
        Just(" [unconfirmed] ".to_owned()),
        Just("\n| a | b |\n|---|---|\n".to_owned()),
        Just("6.5.7638 KB842427 c1037b44 front-end ".to_owned()),
        Just("\"".to_owned()),
        Just("+++\n".to_owned()),
        "[a-zA-Z0-9 .\\-]{0,12}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// HTML-ish text: tags (closed, unclosed, with quoted `<` and `>`), comments, character
/// references (known, unknown, malformed) and odd characters.
fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_owned()),
        Just("</p>\n".to_owned()),
        Just("<li>".to_owned()),
        Just("</td>".to_owned()),
        Just("<pre>".to_owned()),
        Just("</pre>".to_owned()),
        Just("<br />".to_owned()),
        Just("<a title=\"x > y < z\" href='#/kb/a'>".to_owned()),
        Just("<span class=\"badge".to_owned()),
        Just("<!-- c -->".to_owned()),
        Just("<!--".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#39;".to_owned()),
        Just("&#x1F642;".to_owned()),
        Just("&#xD800;".to_owned()),
        Just("&nbsp;".to_owned()),
        Just("&#".to_owned()),
        Just(" | ".to_owned()),
        "[<>&;#/=\"' a-z0-9\n]{0,12}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn page(body: &str, id: &str) -> String {
    format!("+++\nid = \"{id}\"\ntitle = \"T\"\norder = 1\n[presets]\nx = \"p\"\n+++\n{body}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_content_loads_and_searches(a in markdownish(), b in markdownish(), raw in "\\PC{0,40}", query in "\\PC{0,30}") {
        let pa = page(&a, "pa");
        let pb = page(&b, "pb");
        let compiled = sp_kb_build::compile(&[("a.md", &pa), ("b.md", &pb), ("raw.md", &raw)], &[("p.json", "{}")]);
        let kb = Kb::open(&compiled.text, &compiled.tables, &[("r", "x")]).unwrap();
        for page in kb.pages() {
            let _ = kb.render_page(page.id);
        }
        for error in kb.errors() {
            prop_assert!(error.line >= 1);
        }
        for q in [query.as_str(), a.as_str(), "x", "front end", "\"a b"] {
            let hits = kb.search(q, 5);
            prop_assert!(hits.len() <= 5);
            for hit in hits {
                for &(s, e) in &hit.matches {
                    prop_assert!(s < e && hit.snippet.get(s..e).is_some());
                }
                for &(s, e) in &hit.title_matches {
                    prop_assert!(s < e && hit.title.get(s..e).is_some());
                }
                let _ = hit.snippet_html();
            }
        }
    }

    /// Damaged tables open with an error, or open and answer without panicking.
    #[test]
    fn damaged_tables_are_an_error_not_a_panic(cut in 0usize..4096, flip in 0usize..4096, bits in 1u8..=255) {
        let (text, tables) = Kb::embedded();
        let mut damaged = tables.to_vec();
        if let Some(byte) = damaged.get_mut(flip % tables.len()) {
            *byte ^= bits;
        }
        damaged.truncate(damaged.len().saturating_sub(cut));
        if let Ok(kb) = Kb::open(text, &damaged, &[]) {
            for q in ["c1037b44", "passive node first", "perfomance optimzer", "\"does not match\"", "restart serv"] {
                prop_assert!(kb.search(q, 10).len() <= 10);
            }
            for page in kb.pages() {
                let _ = kb.render_page(page.id);
            }
        }
    }

    /// Damage inside one segment (a byte changed, or the segment's length in the header cut
    /// short) is found by the decoder, or opens and answers without panicking.
    #[test]
    fn damaged_segments_are_an_error_not_a_panic(segment in 0..sp_kb_text::layout::SEGMENTS, at in any::<prop::sample::Index>(), bits in 1u8..=255, shorten in 0u32..4) {
        let (text, tables) = Kb::embedded();
        let mut damaged = tables.to_vec();
        let word = |i: usize| u32::from_le_bytes(tables[4 * i..4 * i + 4].try_into().unwrap());
        let (offset, len) = (word(2 + 2 * segment) as usize, word(3 + 2 * segment));
        if len > 0 {
            damaged[offset + at.index(len as usize)] ^= bits;
        }
        let cut = len.saturating_sub(shorten);
        damaged[4 * (3 + 2 * segment)..4 * (4 + 2 * segment)].copy_from_slice(&cut.to_le_bytes());
        if let Ok(kb) = Kb::open(text, &damaged, &[]) {
            for q in ["c1037b44", "passive node first", "perfomance optimzer", "\"does not match\"", "restart serv", "exchange"] {
                prop_assert!(kb.search(q, 10).len() <= 10);
            }
            // Damaged ids may be out of order, so a lookup may miss, but it must not panic.
            for section in kb.sections() {
                let _ = kb.section(section.id);
            }
            for page in kb.pages() {
                let _ = kb.render_page(page.id);
            }
        }
    }

    /// A section's plain text is tidy whatever its HTML: words single-spaced, no empty lines,
    /// no line ending in a space or a table-cell bar.
    #[test]
    fn plain_text_of_any_html_is_tidy(html in htmlish()) {
        let text = sp_kb_text::html::to_text(&html);
        for line in text.split('\n').filter(|_| !text.is_empty()) {
            prop_assert!(!line.is_empty() && !line.contains("  "), "{:?} gives {:?}", html, text);
            prop_assert!(!line.starts_with(char::is_whitespace) && !line.ends_with(|c: char| c == '|' || c.is_whitespace()), "{:?} gives {:?}", html, text);
        }
    }

    /// Escaped text comes back as it was, tidied, with its line breaks as spaces.
    #[test]
    fn plain_text_of_escaped_text_is_the_text(text in "\\PC{0,40}|[<>&;#'\" a-z\n]{0,40}") {
        let html = sp_kb_text::html::escape(&text);
        prop_assert_eq!(sp_kb_text::html::to_text(&html), sp_kb_text::html::tidy(&text.replace('\n', " ")));
    }

    #[test]
    fn any_query_on_the_real_content(query in "\\PC{0,60}") {
        let hits = Kb::get().search(&query, 10);
        prop_assert!(hits.len() <= 10);
        let scores: Vec<f32> = hits.iter().map(|h| h.score).collect();
        prop_assert!(scores.windows(2).all(|w| w[0] >= w[1]), "scores out of order: {:?}", scores);
    }
}

/// The index is built when it is first needed, so the idf and boost tables it is built with
/// are checked against the sections when the tables are opened.
#[test]
fn idf_and_boosts_that_do_not_match_the_sections_are_refused_at_open() {
    use sp_kb_text::layout::{join, split};
    let (text, tables) = Kb::embedded();
    let [meta, ids, idf, boosts] = split(tables).unwrap();
    let sections = Kb::open(text, tables, &[]).unwrap().sections().len();
    assert_eq!((idf.len(), boosts.len()), (4 * sections, 4 * sections));
    let short = |s: &[u8]| s[..s.len() - 4].to_vec();
    for bad in [
        [meta.to_vec(), ids.to_vec(), short(idf), boosts.to_vec()],
        [meta.to_vec(), ids.to_vec(), idf.to_vec(), short(boosts)],
        [meta.to_vec(), ids.to_vec(), [idf, &[0; 4]].concat(), boosts.to_vec()],
    ] {
        let error = Kb::open(text, &join(&bad), &[]).unwrap_err();
        assert!(error.to_string().contains("does not match the sections"), "{error}");
    }
    let rejoined = join(&[meta.to_vec(), ids.to_vec(), idf.to_vec(), boosts.to_vec()]);
    let whole = Kb::open(text, &rejoined, &[]).unwrap();
    assert_eq!(whole.search("c1037b44", 1)[0].id, "error-c1037b44");
}
