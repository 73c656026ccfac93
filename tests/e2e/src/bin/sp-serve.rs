//! Serves a built `dist/` on 127.0.0.1 for `scripts/serve.sh`.
//!
//! Usage: `sp-serve [--root dist] [--port 8080] [--prefix /]`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut root = String::from("dist");
    let mut port: u16 = 8080;
    let mut prefix = String::from("/");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--root", Some(value)) => root = value,
            ("--prefix", Some(value)) => prefix = value,
            ("--port", Some(value)) => match value.parse() {
                Ok(value) => port = value,
                Err(_) => {
                    eprintln!("sp-serve: --port needs a number from 0 to 65535, not {value:?}");
                    return ExitCode::from(2);
                }
            },
            (other, _) => {
                eprintln!("sp-serve: unknown or incomplete argument {other:?}");
                eprintln!("usage: sp-serve [--root dist] [--port 8080] [--prefix /]");
                return ExitCode::from(2);
            }
        }
    }
    let server = match sp_e2e::server::Server::start(&root, &prefix, port) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("sp-serve: cannot serve {root} on port {port}: {error}");
            return ExitCode::from(1);
        }
    };
    println!("SP Planner is served at {}", server.url());
    println!("Press Ctrl+C to stop.");
    loop {
        std::thread::park();
    }
}
