//! Knowledge-base checks across crates: rule anchors, internal links, presets.
