//! The interface of a WebAssembly module: what it imports and what it exports, with types.
//!
//! The single-file page pairs the classic glue that `wasm-bindgen --target no-modules` writes with
//! the module Trunk already optimised. That is only sound when both modules have the same
//! interface, so the build compares them and refuses a mismatch.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use wasmparser::{
    CompositeInnerType, ExternalKind, FuncType, GlobalType, MemoryType, Parser, Payload, TableType,
    TypeRef,
};

/// Every import and export of a module, each described in one line with its type.
/// Function types are written out rather than given as indices, which an optimiser renumbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interface {
    /// One line per import: `"module" "name" func (i32, i32) -> (i32)`.
    pub imports: BTreeSet<String>,
    /// One line per export: `"name" memory`.
    pub exports: BTreeSet<String>,
}

/// Reads the interface of the module in `bytes`.
pub fn read(bytes: &[u8]) -> Result<Interface, String> {
    let broken = |error: wasmparser::BinaryReaderError| format!("not a readable module: {error}");
    // A function type per type index; `None` for the types of the garbage-collection proposal.
    let mut types: Vec<Option<FuncType>> = Vec::new();
    // The type index of every function, imported ones first, as the index space counts them.
    let mut functions: Vec<u32> = Vec::new();
    let mut tables: Vec<TableType> = Vec::new();
    let mut memories: Vec<MemoryType> = Vec::new();
    let mut globals: Vec<GlobalType> = Vec::new();
    let mut tags: Vec<u32> = Vec::new();
    let mut interface = Interface::default();
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(broken)? {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub_type in group.map_err(broken)?.into_types() {
                        types.push(match sub_type.composite_type.inner {
                            CompositeInnerType::Func(func) => Some(func),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(broken)?;
                    let described = match import.ty {
                        TypeRef::Func(index) | TypeRef::FuncExact(index) => {
                            functions.push(index);
                            function(&types, index)?
                        }
                        TypeRef::Table(table) => {
                            tables.push(table);
                            describe_table(&table)
                        }
                        TypeRef::Memory(memory) => {
                            memories.push(memory);
                            describe_memory(&memory)
                        }
                        TypeRef::Global(global) => {
                            globals.push(global);
                            describe_global(&global)
                        }
                        TypeRef::Tag(tag) => {
                            tags.push(tag.func_type_idx);
                            format!("tag {}", function(&types, tag.func_type_idx)?)
                        }
                    };
                    interface
                        .imports
                        .insert(format!("{:?} {:?} {described}", import.module, import.name));
                }
            }
            Payload::FunctionSection(reader) => {
                for index in reader {
                    functions.push(index.map_err(broken)?);
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    tables.push(table.map_err(broken)?.ty);
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    memories.push(memory.map_err(broken)?);
                }
            }
            Payload::GlobalSection(reader) => {
                for global in reader {
                    globals.push(global.map_err(broken)?.ty);
                }
            }
            Payload::TagSection(reader) => {
                for tag in reader {
                    tags.push(tag.map_err(broken)?.func_type_idx);
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(broken)?;
                    exports.push((export.name.to_owned(), export.kind, export.index));
                }
            }
            _ => {}
        }
    }
    // The export section comes before the code but after every section that defines what it
    // names, so the index spaces are complete here.
    for (name, kind, index) in exports {
        let missing = || format!("export {name:?} names a missing item {index}");
        let position = usize::try_from(index).map_err(|_| missing())?;
        let described = match kind {
            ExternalKind::Func | ExternalKind::FuncExact => {
                let type_index = functions.get(position).ok_or_else(missing)?;
                function(&types, *type_index)?
            }
            ExternalKind::Table => describe_table(tables.get(position).ok_or_else(missing)?),
            ExternalKind::Memory => describe_memory(memories.get(position).ok_or_else(missing)?),
            ExternalKind::Global => describe_global(globals.get(position).ok_or_else(missing)?),
            ExternalKind::Tag => {
                let type_index = tags.get(position).ok_or_else(missing)?;
                format!("tag {}", function(&types, *type_index)?)
            }
        };
        interface.exports.insert(format!("{name:?} {described}"));
    }
    Ok(interface)
}

/// Says how `reused` differs from `expected`, the module the glue was written for, or nothing
/// when they have the same imports and exports.
pub fn differences(expected: &Interface, reused: &Interface) -> Vec<String> {
    let mut found = Vec::new();
    let mut list = |what: &str, from: &BTreeSet<String>, to: &BTreeSet<String>| {
        for line in from.difference(to) {
            found.push(format!("{what} {line}"));
        }
    };
    list(
        "only the glue's module imports",
        &expected.imports,
        &reused.imports,
    );
    list(
        "only the optimised module imports",
        &reused.imports,
        &expected.imports,
    );
    list(
        "only the glue's module exports",
        &expected.exports,
        &reused.exports,
    );
    list(
        "only the optimised module exports",
        &reused.exports,
        &expected.exports,
    );
    found
}

fn function(types: &[Option<FuncType>], index: u32) -> Result<String, String> {
    let func = usize::try_from(index)
        .ok()
        .and_then(|position| types.get(position))
        .ok_or_else(|| format!("type {index} does not exist"))?
        .as_ref()
        .ok_or_else(|| format!("type {index} is not a function type"))?;
    let mut text = String::from("func (");
    join(&mut text, func.params());
    text.push_str(") -> (");
    join(&mut text, func.results());
    text.push(')');
    Ok(text)
}

fn join(text: &mut String, values: &[wasmparser::ValType]) {
    for (position, value) in values.iter().enumerate() {
        if position > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{value}");
    }
}

fn describe_table(table: &TableType) -> String {
    let width = if table.table64 { "i64" } else { "i32" };
    format!("table {width} {}", table.element_type)
}

/// Limits are left out: the optimiser may change how many pages the module starts with, which the
/// glue does not depend on.
fn describe_memory(memory: &MemoryType) -> String {
    let width = if memory.memory64 { "i64" } else { "i32" };
    let shared = if memory.shared { " shared" } else { "" };
    format!("memory {width}{shared}")
}

fn describe_global(global: &GlobalType) -> String {
    let mutable = if global.mutable { "mut " } else { "" };
    format!("global {mutable}{}", global.content_type)
}

/// Tiny hand-encoded modules for the tests.
#[cfg(test)]
pub mod fixtures {
    #![allow(clippy::unwrap_used)]

    /// A section: its id, its length and its contents.
    fn section(id: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![id, u8::try_from(contents.len()).unwrap()];
        out.extend_from_slice(contents);
        out
    }

    fn name(text: &str) -> Vec<u8> {
        let mut out = vec![u8::try_from(text.len()).unwrap()];
        out.extend_from_slice(text.as_bytes());
        out
    }

    /// A module with one function type `(i32, i32) -> i32` or `(i64) -> ()`, importing
    /// `wbg.<import>` of that type, defining one function of it and a memory, and exporting them
    /// as `<export>` and `memory`.
    pub fn module(import: &str, export: &str, wide: bool) -> Vec<u8> {
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        let func_type: &[u8] = if wide {
            &[0x60, 1, 0x7e, 0]
        } else {
            &[0x60, 2, 0x7f, 0x7f, 1, 0x7f]
        };
        bytes.extend(section(1, &[&[1_u8][..], func_type].concat()));
        let mut imports = vec![1];
        imports.extend(name("wbg"));
        imports.extend(name(import));
        imports.extend([0x00, 0]);
        bytes.extend(section(2, &imports));
        bytes.extend(section(3, &[1, 0]));
        bytes.extend(section(5, &[1, 0x00, 17]));
        let mut exports = vec![2];
        exports.extend(name(export));
        exports.extend([0x00, 1]);
        exports.extend(name("memory"));
        exports.extend([0x02, 0]);
        bytes.extend(section(7, &exports));
        let body: &[u8] = if wide {
            &[2, 0, 0x0b]
        } else {
            &[4, 0, 0x41, 0, 0x0b]
        };
        bytes.extend(section(10, &[&[1_u8][..], body].concat()));
        bytes
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::fixtures::module;
    use super::*;

    #[test]
    fn imports_and_exports_are_read_with_their_types() {
        let interface = read(&module("__wbg_log_1", "start", false)).unwrap();
        assert_eq!(
            interface.imports.into_iter().collect::<Vec<_>>(),
            ["\"wbg\" \"__wbg_log_1\" func (i32, i32) -> (i32)"]
        );
        assert_eq!(
            interface.exports.into_iter().collect::<Vec<_>>(),
            [
                "\"memory\" memory i32",
                "\"start\" func (i32, i32) -> (i32)"
            ]
        );
    }

    #[test]
    fn the_same_module_has_no_difference() {
        let one = read(&module("__wbg_log_1", "start", false)).unwrap();
        let other = read(&module("__wbg_log_1", "start", false)).unwrap();
        assert_eq!(differences(&one, &other), Vec::<String>::new());
    }

    #[test]
    fn a_renamed_import_an_extra_export_or_a_changed_type_is_a_difference() {
        let expected = read(&module("__wbg_log_1", "start", false)).unwrap();
        let renamed = read(&module("__wbg_log_2", "start", false)).unwrap();
        assert_eq!(
            differences(&expected, &renamed),
            [
                "only the glue's module imports \"wbg\" \"__wbg_log_1\" func (i32, i32) -> (i32)",
                "only the optimised module imports \"wbg\" \"__wbg_log_2\" func (i32, i32) -> (i32)",
            ]
        );
        let exported = read(&module("__wbg_log_1", "begin", false)).unwrap();
        assert_eq!(differences(&expected, &exported).len(), 2);
        let retyped = read(&module("__wbg_log_1", "start", true)).unwrap();
        let found = differences(&expected, &retyped);
        assert!(
            found.iter().any(|line| line.ends_with("func (i64) -> ()")),
            "{found:?}"
        );
    }

    #[test]
    fn bytes_that_are_not_a_module_are_an_error() {
        let error = read(b"<!doctype html>").unwrap_err();
        assert!(error.starts_with("not a readable module"), "{error}");
        let mut cut = module("__wbg_log_1", "start", false);
        cut.truncate(30);
        assert!(read(&cut).is_err());
    }
}
