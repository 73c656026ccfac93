#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use wasmparser::{Parser, Payload, TypeRef};

use super::*;

const HASHED: &str = "__wbg_alert_0123456789abcdef";
const GENERIC: &str = "__wbindgen_generic_0000000000000001";
const TWICE: &str = "__wbg_twice_fedcba9876543210";

fn name(out: &mut Vec<u8>, text: &str) {
    push_name(out, text);
}

fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    push_u32(out, body.len() as u32);
    out.extend_from_slice(body);
}

/// A module with a type, four function imports and a memory import from the glue, one function
/// and a custom section after the imports.
fn module() -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    section(&mut out, 1, &[1, 0x60, 0, 0]);
    let mut imports = vec![5];
    for field in [HASHED, GENERIC, TWICE, "plain"] {
        name(&mut imports, "./app_bg.js");
        name(&mut imports, field);
        imports.extend_from_slice(&[0x00, 0x00]);
    }
    name(&mut imports, "./app_bg.js");
    name(&mut imports, "memory");
    imports.extend_from_slice(&[0x02, 0x01, 0x01, 0x02]);
    section(&mut out, 2, &imports);
    section(&mut out, 3, &[1, 0]);
    section(&mut out, 10, &[1, 2, 0, 0x0b]);
    let mut custom = Vec::new();
    name(&mut custom, "note");
    custom.extend_from_slice(b"kept as it is");
    section(&mut out, 0, &custom);
    out
}

fn glue() -> String {
    format!(
        "const e={{__proto__:null,{HASHED}:function(a){{alert(a)}},\n{GENERIC} :function(){{}},{TWICE}:function(){{}},\
         plain:function(){{}}}};e.{TWICE}();const plainly=1;export{{e}};"
    )
}

/// The module's imports as (module, name, type) and the custom section's bytes.
fn read(module: &[u8]) -> (Vec<(String, String, TypeRef)>, Vec<u8>) {
    let mut imports = Vec::new();
    let mut custom = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        match payload.unwrap() {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    imports.push((import.module.to_owned(), import.name.to_owned(), import.ty));
                }
            }
            Payload::CustomSection(reader) => custom = reader.data().to_vec(),
            _ => {}
        }
    }
    (imports, custom)
}

#[test]
fn imports_named_once_as_keys_get_short_names_in_both_files() {
    let (module, glue) = shorten(&module(), &glue()).unwrap();
    let (imports, custom) = read(&module);
    let names: Vec<&str> = imports.iter().map(|(_, name, _)| name.as_str()).collect();
    // The third is used outside its key too, and the glue does not name the memory; `plain` is
    // a key once, and `plainly` is another word.
    assert_eq!(names, ["a", "b", TWICE, "c", "memory"]);
    assert!(imports.iter().all(|(module, _, _)| module == "./app_bg.js"));
    assert_eq!(imports[0].2, TypeRef::Func(0));
    assert!(matches!(imports[4].2, TypeRef::Memory(memory) if memory.initial == 1 && memory.maximum == Some(2)));
    assert_eq!(custom, b"kept as it is");
    assert_eq!(
        glue,
        format!(
            "const e={{__proto__:null,a:function(a){{alert(a)}},\nb :function(){{}},{TWICE}:function(){{}},\
             c:function(){{}}}};e.{TWICE}();const plainly=1;export{{e}};"
        )
    );
}

#[test]
fn a_module_without_imports_is_left_as_it_is() {
    let mut bare = b"\0asm\x01\0\0\0".to_vec();
    section(&mut bare, 1, &[1, 0x60, 0, 0]);
    let (module, glue) = shorten(&bare, "const e={};").unwrap();
    assert_eq!(module, bare);
    assert_eq!(glue, "const e={};");
}

#[test]
fn broken_modules_are_refused_with_a_reason() {
    assert!(shorten(b"not wasm", "").unwrap_err().contains("not a WebAssembly module"));
    let mut cut = module();
    cut.truncate(30);
    assert!(shorten(&cut, &glue()).unwrap_err().contains("not a readable module"));
}

#[test]
fn short_names_are_distinct_letters() {
    let names: Vec<String> = (0..3000).map(short_name).collect();
    assert_eq!(names[0], "a");
    assert_eq!(names[51], "Z");
    assert_eq!(names[52], "aa");
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    assert!(names.iter().all(|name| name.bytes().all(|b| b.is_ascii_alphabetic())));
}

const INVOKE: &str = "wasm_bindgen__convert__closures_____invoke__h0123456789abcdef";
const INVOKE_TWICE: &str = "wasm_bindgen__convert__closures_____invoke__hfedcba9876543210";
const NOT_READ: &str = "closure__h00000000000000ff";

/// The module of [`module`] with an export section: its memory, `main` and three hashed names
/// for its one function, and a section after the exports.
fn module_with_exports() -> Vec<u8> {
    let mut out = module();
    let mut exports = vec![5];
    name(&mut exports, "memory");
    exports.extend_from_slice(&[0x02, 0x00]);
    for field in ["main", INVOKE, INVOKE_TWICE, NOT_READ] {
        name(&mut exports, field);
        exports.extend_from_slice(&[0x00, 0x04]);
    }
    // The export section belongs after the function section and before the code section.
    let code = out.iter().rposition(|&b| b == 10).unwrap();
    let mut with = out[..code].to_vec();
    section(&mut with, 7, &exports);
    with.extend_from_slice(&out[code..]);
    out = with;
    out
}

fn exports_of(module: &[u8]) -> Vec<(String, wasmparser::ExternalKind, u32)> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ExportSection(reader) = payload.unwrap() {
            for export in reader {
                let export = export.unwrap();
                out.push((export.name.to_owned(), export.kind, export.index));
            }
        }
    }
    out
}

#[test]
fn hashed_exports_read_once_as_properties_get_short_names_in_both_files() {
    let glue = format!(
        "{}let k;function f(a){{return k.{INVOKE}(a)}}function g(){{k.{INVOKE_TWICE}();k.{INVOKE_TWICE}()}}\
         function h(){{return k[\"{NOT_READ}\"]}}k.main();k.memory;",
        glue()
    );
    let (module, glue) = shorten(&module_with_exports(), &glue).unwrap();
    let exports = exports_of(&module);
    let names: Vec<&str> = exports.iter().map(|(name, _, _)| name.as_str()).collect();
    // Only the first hashed name qualifies: the second is read twice, the third not as a
    // property, and `memory` and `main` carry no hash.
    assert_eq!(names, ["memory", "main", "a", INVOKE_TWICE, NOT_READ]);
    assert_eq!(exports[0].1, wasmparser::ExternalKind::Memory);
    assert!(exports[1..].iter().all(|(_, kind, index)| *kind == wasmparser::ExternalKind::Func && *index == 4));
    assert!(glue.contains("return k.a(a)"), "{glue}");
    assert!(!glue.contains(INVOKE), "{glue}");
    assert!(glue.contains(&format!("k.{INVOKE_TWICE}();k.{INVOKE_TWICE}()")));
    // The imports are renamed as before, and the rest of the module is unchanged.
    let (imports, custom) = read(&module);
    assert_eq!(imports[0].1, "a");
    assert_eq!(custom, b"kept as it is");
}

#[test]
fn only_names_ending_in_a_hash_count_as_hashed() {
    assert!(ends_in_hash(INVOKE));
    assert!(ends_in_hash("x__h0123456789abcdef"));
    assert!(!ends_in_hash("__h0123456789abcdef"), "nothing before the hash");
    assert!(!ends_in_hash("x__h0123456789abcdeg"));
    assert!(!ends_in_hash("x_h0123456789abcdef0"));
    assert!(!ends_in_hash("main"));
    assert!(ends_in_hash("ü__h0123456789abcdef"));
    // The 16th byte from the end falls inside `ü`.
    assert!(!ends_in_hash("xxxxü0123456789abcde"));
}
