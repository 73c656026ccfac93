//! Short names for the functions a WebAssembly module imports from its wasm-bindgen glue.
//!
//! wasm-bindgen names every import after the Rust item it binds and a 16-digit hash, such as
//! `__wbg_addEventListener_847fd86b8c33ec43`; each name is written twice, once in the module's
//! import section and once as a key of the object the glue hands to the module. The hashes
//! compress badly, so for the served site both copies are renamed to short names (`a`, `b`,
//! and so on). Nothing else refers to these names: the glue calls into the module through its
//! exports, which keep their names.
//!
//! A name is renamed only when the glue holds it exactly once, as an object key (`name:`), and
//! nowhere else; any other import keeps its name.
//!
//! Some exports carry such hashes too: the functions through which JavaScript calls a Rust
//! closure (`wasm_bindgen__convert__closures_____invoke__h…`). An export whose name ends in a
//! hash (`__h` and 16 hexadecimal digits) and which the glue reads exactly once, as a property
//! (`.name`), is renamed in both files as well; every other export keeps its name.

use std::ops::Range;

use wasmparser::{BinaryReader, TypeRef};

/// The id of the import section.
const IMPORT_SECTION: u8 = 2;

/// The id of the export section.
const EXPORT_SECTION: u8 = 7;

/// The module `module` and its glue `glue` with the imports and the hashed exports renamed to
/// short names.
pub fn shorten(module: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    let (module, glue) = shorten_imports(module, glue)?;
    shorten_exports(&module, &glue)
}

/// The module and its glue with the imports renamed; unchanged when the module imports nothing.
fn shorten_imports(module: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    let Some(section) = find_section(module, IMPORT_SECTION)? else {
        return Ok((module.to_vec(), glue.to_owned()));
    };
    let contents = module.get(section.contents.clone()).ok_or("the import section lies outside the module")?;
    let imports = read_imports(contents, section.contents.start)?;

    let mut glue = glue.to_owned();
    let names: Vec<&str> = imports.iter().map(|import| import.name).collect();
    let renamed = rename(&names, &mut glue, key_span);
    let mut body = Vec::with_capacity(contents.len());
    push_u32(&mut body, u32::try_from(imports.len()).map_err(|_| "too many imports")?);
    for (import, name) in imports.iter().zip(&renamed) {
        push_name(&mut body, import.module);
        push_name(&mut body, name);
        let description = contents
            .get(import.description.clone())
            .ok_or("an import's type lies outside the import section")?;
        body.extend_from_slice(description);
    }

    Ok((replace_section(module, &section, IMPORT_SECTION, &body)?, glue))
}

/// The module and its glue with the hashed exports renamed; unchanged when the module exports
/// nothing.
fn shorten_exports(module: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    let Some(section) = find_section(module, EXPORT_SECTION)? else {
        return Ok((module.to_vec(), glue.to_owned()));
    };
    let contents = module.get(section.contents.clone()).ok_or("the export section lies outside the module")?;
    let exports = read_exports(contents, section.contents.start)?;

    let mut glue = glue.to_owned();
    let names: Vec<&str> = exports.iter().map(|export| export.name).collect();
    let renamed = rename(&names, &mut glue, |glue, name| {
        if ends_in_hash(name) { property_span(glue, name) } else { None }
    });
    let mut body = Vec::with_capacity(contents.len());
    push_u32(&mut body, u32::try_from(exports.len()).map_err(|_| "too many exports")?);
    for (export, name) in exports.iter().zip(&renamed) {
        push_name(&mut body, name);
        let description = contents
            .get(export.description.clone())
            .ok_or("an export's kind lies outside the export section")?;
        body.extend_from_slice(description);
    }
    Ok((replace_section(module, &section, EXPORT_SECTION, &body)?, glue))
}

/// The new name of each of `names`: a short one where `place` finds the name in `glue` (the
/// glue is changed there to match), the name itself elsewhere. No short name is one of `names`.
fn rename(names: &[&str], glue: &mut String, place: impl Fn(&str, &str) -> Option<Range<usize>>) -> Vec<String> {
    let mut next = 0usize;
    let mut renamed = Vec::with_capacity(names.len());
    for &name in names {
        let Some(span) = place(glue, name) else {
            renamed.push(name.to_owned());
            continue;
        };
        let short = loop {
            let candidate = short_name(next);
            next += 1;
            if !names.contains(&candidate.as_str()) {
                break candidate;
            }
        };
        glue.replace_range(span, &short);
        renamed.push(short);
    }
    renamed
}

/// `module` with the contents of `section`, whose id is `id`, replaced by `body`.
fn replace_section(module: &[u8], section: &Section, id: u8, body: &[u8]) -> Result<Vec<u8>, String> {
    let outside = || format!("section {id} lies outside the module");
    let mut out = Vec::with_capacity(module.len());
    out.extend_from_slice(module.get(..section.start).ok_or_else(outside)?);
    out.push(id);
    push_u32(&mut out, u32::try_from(body.len()).map_err(|_| format!("section {id} is too large"))?);
    out.extend_from_slice(body);
    out.extend_from_slice(module.get(section.contents.end..).ok_or_else(outside)?);
    Ok(out)
}

/// Where the import section is: from its id byte, and its contents.
struct Section {
    start: usize,
    contents: Range<usize>,
}

/// Finds the section with the id `wanted` in `module`, if it has one.
fn find_section(module: &[u8], wanted: u8) -> Result<Option<Section>, String> {
    let broken = |error: wasmparser::BinaryReaderError| format!("not a readable module: {error}");
    if module.get(..4) != Some(b"\0asm".as_slice()) {
        return Err("not a WebAssembly module (no `\\0asm` at the start)".to_owned());
    }
    let mut reader = BinaryReader::new(module, 0);
    reader.read_bytes(8).map_err(broken)?;
    while !reader.eof() {
        let start = reader.current_position();
        let id = reader.read_u8().map_err(broken)?;
        let size = reader.read_var_u32().map_err(broken)? as usize;
        let begin = reader.current_position();
        reader.read_bytes(size).map_err(broken)?;
        if id == wanted {
            return Ok(Some(Section { start, contents: begin..begin + size }));
        }
    }
    Ok(None)
}

/// One import: its module and name, and where its type is within the section's contents.
struct Import<'a> {
    module: &'a str,
    name: &'a str,
    description: Range<usize>,
}

/// Reads the imports of the section `contents`, which start at byte `offset` of the module.
fn read_imports(contents: &[u8], offset: usize) -> Result<Vec<Import<'_>>, String> {
    let broken = |error: wasmparser::BinaryReaderError| format!("cannot read the module's imports: {error}");
    let mut reader = BinaryReader::new(contents, offset);
    let count = reader.read_var_u32().map_err(broken)?;
    let mut imports = Vec::new();
    for _ in 0..count {
        let module = reader.read_string().map_err(broken)?;
        let name = reader.read_string().map_err(broken)?;
        let start = reader.current_position();
        reader.read::<TypeRef>().map_err(broken)?;
        imports.push(Import { module, name, description: start..reader.current_position() });
    }
    if !reader.eof() {
        return Err("the import section has bytes after its last import".to_owned());
    }
    Ok(imports)
}

/// One export: its name, and where its kind and index are within the section's contents.
struct Export<'a> {
    name: &'a str,
    description: Range<usize>,
}

/// Reads the exports of the section `contents`, which start at byte `offset` of the module.
fn read_exports(contents: &[u8], offset: usize) -> Result<Vec<Export<'_>>, String> {
    let broken = |error: wasmparser::BinaryReaderError| format!("cannot read the module's exports: {error}");
    let mut reader = BinaryReader::new(contents, offset);
    let count = reader.read_var_u32().map_err(broken)?;
    let mut exports = Vec::new();
    for _ in 0..count {
        let name = reader.read_string().map_err(broken)?;
        let start = reader.current_position();
        reader.read_u8().map_err(broken)?;
        reader.read_var_u32().map_err(broken)?;
        exports.push(Export { name, description: start..reader.current_position() });
    }
    if !reader.eof() {
        return Err("the export section has bytes after its last export".to_owned());
    }
    Ok(exports)
}

/// Whether `name` ends in a hash as wasm-bindgen writes it: `__h` and 16 hexadecimal digits.
fn ends_in_hash(name: &str) -> bool {
    name.len() > 19
        && name.get(..name.len() - 16).is_some_and(|rest| rest.ends_with("__h"))
        && name.bytes().rev().take(16).all(|b| b.is_ascii_hexdigit())
}

/// Where `name` is in `glue`, as a whole word, when the glue holds it exactly once.
fn only_place(glue: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    let mut found = glue.match_indices(name).filter(|(at, _)| {
        let before = glue.get(..*at).and_then(|text| text.chars().next_back());
        let after = glue.get(at + name.len()..).and_then(|text| text.chars().next());
        !before.is_some_and(is_identifier_char) && !after.is_some_and(is_identifier_char)
    });
    let (at, _) = found.next()?;
    found.next().is_none().then_some(at)
}

/// Where `name` is in `glue` when the glue holds it exactly once, as an object key.
fn key_span(glue: &str, name: &str) -> Option<Range<usize>> {
    let at = only_place(glue, name)?;
    let before = glue.get(..at).and_then(|text| text.trim_end().chars().next_back());
    let after = glue.get(at + name.len()..).and_then(|text| text.trim_start().chars().next());
    (matches!(before, Some('{' | ',')) && after == Some(':')).then_some(at..at + name.len())
}

/// Where `name` is in `glue` when the glue holds it exactly once, as a property read
/// (`object.name`).
fn property_span(glue: &str, name: &str) -> Option<Range<usize>> {
    let at = only_place(glue, name)?;
    let before = glue.get(..at).and_then(|text| text.chars().next_back());
    (before == Some('.')).then_some(at..at + name.len())
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The `index`th short name: `a` to `z`, `A` to `Z`, then two letters and so on.
fn short_name(index: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    let mut rest = index;
    loop {
        name.push(LETTERS.get(rest % LETTERS.len()).copied().unwrap_or(b'a'));
        rest /= LETTERS.len();
        if rest == 0 {
            break;
        }
        rest -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn push_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn push_name(out: &mut Vec<u8>, name: &str) {
    push_u32(out, u32::try_from(name.len()).unwrap_or(u32::MAX));
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests;
