//! `cargo run -p xtask -- finish-dist [DIR]` finishes a Trunk build.
//!
//! Trunk runs it as a post-build hook (see `Trunk.toml`) on its staging folder, named by the
//! `TRUNK_STAGING_DIR` variable, before the folder becomes `dist/`. Given a folder instead, it
//! finishes that folder. It writes the single-file page first, from Trunk's own `index.html`,
//! then rewrites the served site for offline use and the content security policy.
//!
//! `cargo run -p xtask -- finish-site DIR` runs only the second part, on a folder that Trunk
//! built or that was finished before (to finish again a build whose files were changed).

mod single_file;

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::site;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some(command @ ("finish-dist" | "finish-site")) => {
            let dir = args
                .get(1)
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from));
            let Some(dir) = dir else {
                eprintln!("xtask: {command} needs a folder or TRUNK_STAGING_DIR");
                return ExitCode::from(2);
            };
            let result = if command == "finish-dist" {
                single_file::write(&dir).and_then(|()| site::finish(&dir))
            } else {
                site::finish(&dir)
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("xtask: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("usage: cargo run -p xtask -- finish-dist [DIR] | finish-site [DIR]");
            ExitCode::from(2)
        }
    }
}
