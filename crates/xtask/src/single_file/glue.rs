//! The classic-script glue, written by `wasm-bindgen --target no-modules` from the module cargo
//! built, since Trunk's glue is an ES module and module scripts do not run from `file://`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// What `wasm-bindgen --target no-modules` wrote.
#[derive(Debug)]
pub struct Glue {
    /// The classic script; it defines the global `wasm_bindgen`, the function that starts the app.
    pub script: String,
    /// The module the script was written for, before any optimisation.
    pub module: Vec<u8>,
}

/// Where cargo left the module of binary `bin` before wasm-bindgen processed it:
/// `<target>/wasm32-unknown-unknown/<profile>/<bin>.wasm`.
///
/// `target_dir` is `$CARGO_TARGET_DIR` when set; otherwise the workspace's `target/`. `profile` is
/// Trunk's `TRUNK_PROFILE` (`debug` or `release`); without it the build is taken to be a release.
pub fn raw_module(target_dir: Option<OsString>, profile: Option<String>, bin: &str) -> PathBuf {
    let target = target_dir.map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    // Cargo keeps the `dev` profile's output in `debug/`.
    let profile = match profile.as_deref() {
        None | Some("") => "release".to_owned(),
        Some("dev") => "debug".to_owned(),
        Some(other) => other.to_owned(),
    };
    target
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join(format!("{bin}.wasm"))
}

/// Runs `program` (wasm-bindgen) on `raw` with the `no-modules` target in a folder of its own
/// under `scratch`, reads what it wrote and removes the folder.
///
/// `name` is the output name Trunk gave wasm-bindgen, the binary's name: the module imports its
/// JavaScript functions from `./<name>_bg.js`, so the glue must use the same name to match it.
pub fn generate(program: &Path, raw: &Path, name: &str, scratch: &Path) -> Result<Glue, String> {
    if !raw.is_file() {
        return Err(format!(
            "{} does not exist: the single-file page needs the module cargo built \
             (set CARGO_TARGET_DIR or TRUNK_PROFILE if the build put it elsewhere)",
            raw.display()
        ));
    }
    static RUNS: AtomicU32 = AtomicU32::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let out = scratch.join(format!("sp-xtask-glue-{}-{run}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)
        .map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    let result = generate_into(program, raw, name, &out);
    let _ = std::fs::remove_dir_all(&out);
    result
}

fn generate_into(program: &Path, raw: &Path, name: &str, out: &Path) -> Result<Glue, String> {
    let output = Command::new(program)
        .args([
            "--target",
            "no-modules",
            "--no-typescript",
            "--out-name",
            name,
            "--out-dir",
        ])
        .arg(out)
        .arg(raw)
        .output()
        .map_err(|error| {
            format!(
                "cannot run {}: {error} (it must be on PATH, as for Trunk)",
                program.display()
            )
        })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "{} --target no-modules failed on {} ({}): {}",
            program.display(),
            raw.display(),
            output.status,
            said.trim()
        ));
    }
    let read = |name: &str| {
        let path = out.join(name);
        std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))
    };
    let script = String::from_utf8(read(&format!("{name}.js"))?)
        .map_err(|_| "the glue wasm-bindgen wrote is not UTF-8".to_owned())?;
    Ok(Glue {
        script,
        module: read(&format!("{name}_bg.wasm"))?,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_raw_module_follows_the_target_folder_and_the_profile() {
        let custom = raw_module(Some("/build/t".into()), Some("debug".into()), "sp-web");
        assert_eq!(
            custom,
            Path::new("/build/t/wasm32-unknown-unknown/debug/sp-web.wasm")
        );
        let dev = raw_module(Some("/build/t".into()), Some("dev".into()), "app");
        assert_eq!(
            dev,
            Path::new("/build/t/wasm32-unknown-unknown/debug/app.wasm")
        );
        let default = raw_module(None, None, "sp-web");
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        assert_eq!(
            default,
            workspace.join("target/wasm32-unknown-unknown/release/sp-web.wasm")
        );
    }

    #[test]
    fn a_missing_module_is_an_error_that_names_it() {
        let scratch = std::env::temp_dir();
        let error = generate(
            Path::new("wasm-bindgen"),
            Path::new("/no/such/sp-web.wasm"),
            "sp-web",
            &scratch,
        )
        .unwrap_err();
        assert!(
            error.starts_with("/no/such/sp-web.wasm does not exist"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_program_or_a_failed_run_is_an_error() {
        let scratch =
            std::env::temp_dir().join(format!("sp-xtask-glue-test-{}", std::process::id()));
        std::fs::create_dir_all(&scratch).unwrap();
        let raw = scratch.join("fake.wasm");
        std::fs::write(&raw, b"not a module").unwrap();
        let error =
            generate(Path::new("/no/such/wasm-bindgen"), &raw, "fake", &scratch).unwrap_err();
        assert!(
            error.starts_with("cannot run /no/such/wasm-bindgen"),
            "{error}"
        );
        // `false` stands in for a wasm-bindgen that refuses its input.
        let error = generate(Path::new("false"), &raw, "fake", &scratch).unwrap_err();
        assert!(error.contains("--target no-modules failed on"), "{error}");
        std::fs::remove_dir_all(&scratch).unwrap();
    }

    #[test]
    fn the_glue_and_module_written_under_the_binarys_name_are_read_back() {
        use std::os::unix::fs::PermissionsExt as _;

        let scratch =
            std::env::temp_dir().join(format!("sp-xtask-glue-fake-{}", std::process::id()));
        std::fs::create_dir_all(&scratch).unwrap();
        let raw = scratch.join("sp-web.wasm");
        std::fs::write(&raw, b"\0asm raw").unwrap();
        // A stand-in for wasm-bindgen that writes what the real one would, where it would.
        let program = scratch.join("fake-wasm-bindgen");
        std::fs::write(
            &program,
            "#!/bin/sh\nprintf 'let wasm_bindgen; // %s\\n' \"$*\" > \"$7/$5.js\"\ncp \"$8\" \"$7/$5_bg.wasm\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let glue = generate(&program, &raw, "sp-web", &scratch).unwrap();
        assert!(
            glue.script.starts_with("let wasm_bindgen; // --target no-modules --no-typescript --out-name sp-web --out-dir "),
            "{}",
            glue.script
        );
        assert_eq!(glue.module, b"\0asm raw");
        let left: Vec<_> = std::fs::read_dir(&scratch)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "the output folder is removed: {left:?}");
        std::fs::remove_dir_all(&scratch).unwrap();
    }
}
