//! The reader on the markup Trunk writes and on pages that end too early.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;

#[test]
fn tags_attributes_and_their_positions_are_found() {
    let html = "<!doctype html><!-- <script>x</script> --><HTML lang=en><head>\
                <link rel='icon stylesheet' href=./a.svg integrity=\"sha384-x\" async/>\
                <input disabled value=\"a &amp; &quot;b&quot;\"></head></html>";
    let found = elements(html).unwrap();
    let names: Vec<_> = found.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["html", "head", "link", "input"]);
    assert_eq!(found[0].attribute("lang"), Some("en"));
    let link = &found[2];
    assert!(link.has_rel("stylesheet") && link.has_rel("ICON") && !link.has_rel("styles"));
    assert_eq!(link.attribute("href"), Some("./a.svg"));
    assert_eq!(link.attribute("async"), Some(""));
    assert_eq!(link.attribute_entry("async").unwrap().value_span, None);
    let integrity = link.attribute_entry("integrity").unwrap();
    assert_eq!(&html[integrity.value_span.clone().unwrap()], "sha384-x");
    assert_eq!(
        &html[link.span.clone()],
        "<link rel='icon stylesheet' href=./a.svg integrity=\"sha384-x\" async/>"
    );
    assert_eq!(link.end, link.span.end);
    assert_eq!(link.end_tag, None);
    assert_eq!(&html[found[1].end_tag.clone().unwrap()], "</head>");
    assert_eq!(&html[found[0].end_tag.clone().unwrap()], "</html>");
    assert_eq!(found[3].attribute("disabled"), Some(""));
    assert_eq!(found[3].attribute("value"), Some("a & \"b\""));
}

#[test]
fn script_and_style_contents_are_raw_text() {
    let html = "<SCRIPT type=module>if (a < b) { x('<p>') }</Script ><p class=x>hi</p>\
                <style>a>b{}</STYLE><script></script>";
    let found = elements(html).unwrap();
    let names: Vec<_> = found.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["script", "p", "style", "script"]);
    let script = &found[0];
    assert_eq!(script.text_in(html), "if (a < b) { x('<p>') }");
    assert_eq!(
        &html[script.span.start..script.end],
        "<SCRIPT type=module>if (a < b) { x('<p>') }</Script >"
    );
    assert_eq!(found[1].text, None);
    assert_eq!(&html[found[1].end_tag.clone().unwrap()], "</p>");
    assert_eq!(&html[found[0].end_tag.clone().unwrap()], "</Script >");
    assert_eq!(found[1].text_in(html), "");
    assert_eq!(found[2].text_in(html), "a>b{}");
    assert!(html[found[2].span.start..found[2].end].ends_with("</STYLE>"));
    assert_eq!(found[3].text, Some(found[3].span.end..found[3].span.end));
}

#[test]
fn unclosed_constructs_are_errors() {
    assert_eq!(
        elements("<p><!-- open").unwrap_err(),
        "the comment at byte 3 is not closed"
    );
    assert_eq!(
        elements("<p>a<link href=\"x").unwrap_err(),
        "the tag at byte 4 is not closed"
    );
    assert_eq!(
        elements("<link href=x").unwrap_err(),
        "the tag at byte 0 is not closed"
    );
    assert_eq!(
        elements("<p class='x").unwrap_err(),
        "the tag at byte 0 is not closed"
    );
    assert_eq!(
        elements("<p></p></div> \n</span><p class='x>").unwrap_err(),
        "the tag at byte 22 is not closed"
    );
    assert_eq!(
        elements("<p><script>let a = 1;").unwrap_err(),
        "the script element at byte 3 has no end tag"
    );
}

#[test]
fn a_lone_less_than_sign_is_text() {
    assert_eq!(elements("a < b and <3").unwrap(), Vec::new());
    assert_eq!(elements("").unwrap(), Vec::new());
}

#[test]
fn end_tags_that_close_nothing_are_skipped() {
    let found = elements("<p>a</p></div>\n</span >").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].end_tag, Some(4..8));
}

#[test]
fn attribute_values_are_escaped_for_double_quotes() {
    assert_eq!(escape_attribute("a&b\"c'd"), "a&amp;b&quot;c'd");
}

#[test]
fn edits_are_applied_in_order_and_overlaps_refused() {
    let html = "0123456789";
    let edited = apply(
        html,
        vec![
            (5..7, "x".into()),
            (0..0, "<".into()),
            (9..10, String::new()),
        ],
    )
    .unwrap();
    assert_eq!(edited, "<01234x78");
    assert!(apply(html, vec![(1..5, String::new()), (3..6, String::new())]).is_err());
}

#[test]
fn the_head_starts_after_its_start_tag_or_where_the_page_leaves_it_out() {
    fn at(html: &str) -> Option<&str> {
        head_start(&elements(html).unwrap()).map(|at| &html[at..])
    }
    assert_eq!(
        at("<html lang=en><head><title>x</title></head>"),
        Some("<title>x</title></head>")
    );
    assert_eq!(
        at("<!doctype html><html lang=en><meta charset=utf-8></head>"),
        Some("<meta charset=utf-8></head>")
    );
    assert_eq!(
        at("<!doctype html>\n<meta charset=utf-8><title>x</title>"),
        Some("<meta charset=utf-8><title>x</title>")
    );
    assert_eq!(at("<!doctype html>"), None);
}
