//! Minifies the JavaScript the site serves with terser, from npm (pinned in `package-lock.json`).
//!
//! Trunk minifies the page and the stylesheets itself (`minify` in `Trunk.toml`), but its
//! JavaScript minifier cannot parse the wasm-bindgen glue, and it never sees the loader and the
//! service worker, which [`crate::site`] writes. Those are minified here, as build output only:
//! their sources stay commented.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How the browser runs a script, which decides what terser may rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An ES module: its top-level names are its own, and it may `await` at the top level.
    Module,
    /// A classic script, such as a service worker: its top-level names are globals and are kept.
    Script,
}

/// The terser the build uses: `node_modules/.bin/terser` of the workspace when `npm ci` has
/// installed it there, otherwise `terser` on `PATH`.
pub fn terser() -> PathBuf {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/.bin/terser");
    if local.is_file() {
        local
    } else {
        PathBuf::from("terser")
    }
}

/// `source` minified by the workspace's terser (see [`terser`]).
pub fn javascript(source: &str, kind: Kind) -> Result<String, String> {
    javascript_with(&terser(), source, kind)
}

/// `source` compressed and with its local names shortened by `program`, a terser command line.
pub fn javascript_with(program: &Path, source: &str, kind: Kind) -> Result<String, String> {
    let mut command = Command::new(program);
    command.args(["--compress", "--mangle"]);
    if kind == Kind::Module {
        command.arg("--module");
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            format!(
                "cannot run {}: {error} (./scripts/setup.sh web installs it from package-lock.json)",
                program.display()
            )
        })?;
    // A thread writes the input while this one collects the output, so that neither waits on
    // a full pipe.
    let stdin = child.stdin.take();
    let output = std::thread::scope(|scope| {
        let writer = scope.spawn(move || match stdin {
            Some(mut stdin) => stdin.write_all(source.as_bytes()),
            None => Ok(()),
        });
        let output = child.wait_with_output();
        let written = writer.join().unwrap_or(Ok(()));
        (output, written)
    });
    let output = match output {
        (Ok(output), _) if !output.status.success() => {
            let said = String::from_utf8_lossy(&output.stderr);
            return Err(format!(
                "{} failed ({}): {}",
                program.display(),
                output.status,
                said.trim()
            ));
        }
        (Ok(output), Ok(())) => output,
        (Err(error), _) | (_, Err(error)) => {
            return Err(format!("cannot run {}: {error}", program.display()));
        }
    };
    let mut text = String::from_utf8(output.stdout)
        .map_err(|_| format!("{} wrote text that is not UTF-8", program.display()))?;
    if text.trim().is_empty() && !source.trim().is_empty() {
        return Err(format!("{} wrote nothing", program.display()));
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const MODULE: &str = "// A comment that goes.\n\
        import init from './glue.js';\n\
        export function start(moduleOrPath) {\n    const longLocalName = moduleOrPath + '!';\n    return init(longLocalName);\n}\n\
        const result = await start('app.wasm');\n\
        export { result as default };\n";

    #[test]
    fn a_module_loses_its_comments_and_long_local_names_and_keeps_its_exports_and_imports() {
        let small = javascript(MODULE, Kind::Module).unwrap();
        assert!(small.len() < MODULE.len() / 2, "{small}");
        assert!(
            !small.contains("comment") && !small.contains("longLocalName"),
            "{small}"
        );
        assert!(small.contains("\"./glue.js\""), "{small}");
        assert!(
            small.contains("export{") || small.contains("export {"),
            "{small}"
        );
        assert!(
            small.contains("function start("),
            "the exported name is kept: {small}"
        );
        assert!(small.contains("as default"), "{small}");
        assert!(small.ends_with('\n'));
    }

    #[test]
    fn a_script_keeps_its_top_level_names_which_are_globals() {
        let script = "// The version.\nconst VERSION_NAME = 'a';\nfunction describeVersion(prefix) { return prefix + VERSION_NAME; }\n";
        let small = javascript(script, Kind::Script).unwrap();
        assert!(
            small.contains("VERSION_NAME") && small.contains("describeVersion"),
            "{small}"
        );
        assert!(
            !small.contains("prefix") && !small.contains("The version"),
            "{small}"
        );
    }

    #[test]
    fn top_level_await_is_refused_in_a_script_but_not_in_a_module() {
        let source = "const a = await fetch('x');\nconsole.log(a);\n";
        assert!(javascript(source, Kind::Module).is_ok());
        let error = javascript(source, Kind::Script).unwrap_err();
        assert!(error.contains("failed"), "{error}");
    }

    #[test]
    fn a_missing_program_is_an_error_that_says_how_to_install_it() {
        let error =
            javascript_with(Path::new("/no/such/terser"), "let a;", Kind::Script).unwrap_err();
        assert!(error.starts_with("cannot run /no/such/terser"), "{error}");
        assert!(error.contains("./scripts/setup.sh web"), "{error}");
    }
}
