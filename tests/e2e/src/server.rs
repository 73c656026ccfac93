//! A tiny static file server for the built app: loopback only, GET and HEAD only, bounded.
//!
//! It serves one directory under one path prefix, as an intranet server would host the app under
//! a sub-path such as `/tools/exchange/`.
//! Each connection gets one request and is then closed; at most [`MAX_CONNECTIONS`] are handled
//! at once and the rest are refused with 503, and slow clients time out.
//! It can play an old intranet server that sends `.wasm` files with another media type
//! ([`Server::serve_wasm_as`]), and it can be stopped while the browser stays open
//! ([`Server::stop`]), to test the app offline.

use std::fs;
use std::io::{self, BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How many connections are served at the same time.
pub const MAX_CONNECTIONS: usize = 32;

/// The longest request head (request line and headers) accepted, in bytes.
const MAX_HEAD: u64 = 16 * 1024;

/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A running server; it stops when dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    prefix: String,
    shared: Arc<Shared>,
    accept: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Debug)]
struct Shared {
    root: PathBuf,
    prefix: String,
    stopping: AtomicBool,
    active: AtomicUsize,
    log: Mutex<Vec<String>>,
    wasm_type: Mutex<&'static str>,
}

impl Server {
    /// Serves `root` under `prefix` (for example `/tools/exchange/`) on 127.0.0.1 at `port`;
    /// port 0 picks a free port.
    pub fn start(root: impl Into<PathBuf>, prefix: &str, port: u16) -> io::Result<Server> {
        let root = root.into().canonicalize()?;
        let prefix = normalise_prefix(prefix);
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            root,
            prefix: prefix.clone(),
            stopping: AtomicBool::new(false),
            active: AtomicUsize::new(0),
            log: Mutex::new(Vec::new()),
            wasm_type: Mutex::new("application/wasm"),
        });
        let accept = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("static-server".into())
                .spawn(move || accept_loop(&listener, &shared))?
        };
        Ok(Server {
            addr,
            prefix,
            shared,
            accept: Mutex::new(Some(accept)),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the app: `http://127.0.0.1:<port><prefix>`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.prefix)
    }

    /// Sends `.wasm` files with `content_type` from now on instead of `application/wasm`, as some
    /// old servers do (`application/octet-stream`).
    pub fn serve_wasm_as(&self, content_type: &'static str) {
        if let Ok(mut wasm_type) = self.shared.wasm_type.lock() {
            *wasm_type = content_type;
        }
    }

    /// Stops the server: it accepts no connection from now on, so the port refuses them.
    /// Requests already being answered are finished. Stopping twice does nothing.
    pub fn stop(&self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        let accept = self.accept.lock().ok().and_then(|mut accept| accept.take());
        if let Some(accept) = accept {
            // Wake the accept loop so it sees the flag; the listener closes when the loop ends.
            let _ = TcpStream::connect(self.addr);
            let _ = accept.join();
        }
    }

    /// The request lines served so far ("GET /path 200"), oldest first.
    pub fn requests(&self) -> Vec<String> {
        self.shared
            .log
            .lock()
            .map(|log| log.clone())
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn normalise_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        if shared.active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.active.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(&mut stream, "HEAD", 503, "text/plain", b"busy\n", &[]);
            continue;
        }
        let shared_for_thread = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name("static-server-conn".into())
            .spawn(move || {
                let _ = handle(stream, &shared_for_thread);
                shared_for_thread.active.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            shared.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_HEAD));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read and ignore the headers; a head longer than MAX_HEAD ends the loop early.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let (status, content_type, body, extra) = answer(shared, &method, &target);
    if let Ok(mut log) = shared.log.lock() {
        log.push(format!("{method} {target} {status}"));
    }
    respond(&mut stream, &method, status, content_type, &body, &extra)?;
    let _ = stream.shutdown(Shutdown::Both);
    Ok(())
}

type Answer = (u16, &'static str, Vec<u8>, Vec<(&'static str, String)>);

fn answer(shared: &Shared, method: &str, target: &str) -> Answer {
    let text = |status, body: &str| (status, "text/plain; charset=utf-8", body.as_bytes().to_vec(), Vec::new());
    if method != "GET" && method != "HEAD" {
        return text(405, "method not allowed\n");
    }
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if format!("{path}/") == shared.prefix {
        return (301, "text/plain; charset=utf-8", Vec::new(), vec![("Location", shared.prefix.clone())]);
    }
    let Some(rest) = path.strip_prefix(shared.prefix.as_str()) else {
        return text(404, "not found\n");
    };
    let Some(file) = resolve(&shared.root, rest) else {
        return text(404, "not found\n");
    };
    let media_type = if file.extension().is_some_and(|ext| ext == "wasm") {
        shared.wasm_type.lock().map_or("application/wasm", |wasm_type| *wasm_type)
    } else {
        content_type(&file)
    };
    match fs::read(&file) {
        Ok(body) => (200, media_type, body, Vec::new()),
        Err(_) => text(404, "not found\n"),
    }
}

/// Maps a URL path below the prefix to a file under `root`, refusing anything that would leave it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut path = root.to_path_buf();
    for component in Path::new(&decoded).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        path.push("index.html");
    }
    let path = path.canonicalize().ok()?;
    (path.starts_with(root) && path.is_file()).then_some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        if byte == b'%' {
            let high = char::from(input.next()?).to_digit(16)?;
            let low = char::from(input.next()?).to_digit(16)?;
            bytes.push(u8::try_from(high * 16 + low).ok()?);
        } else {
            bytes.push(byte);
        }
    }
    String::from_utf8(bytes).ok()
}

/// The media type for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    method: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, String)],
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sp-e2e-server-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("index.html"), "<p>home</p>").unwrap();
        fs::write(dir.join("app.wasm"), b"\0asm").unwrap();
        fs::write(dir.join("sub/a b.css"), "p{}").unwrap();
        dir
    }

    fn get(server: &Server, raw_target: &str) -> String {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(stream, "GET {raw_target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_files_under_the_prefix_with_their_types() {
        let root = temp_root("types");
        let server = Server::start(&root, "tools/exchange", 0).unwrap();
        assert!(server.url().ends_with("/tools/exchange/"));
        let index = get(&server, "/tools/exchange/");
        assert!(index.starts_with("HTTP/1.1 200"), "{index}");
        assert!(index.contains("text/html"));
        assert!(index.ends_with("<p>home</p>"));
        let wasm = get(&server, "/tools/exchange/app.wasm?v=1");
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
        let css = get(&server, "/tools/exchange/sub/a%20b.css");
        assert!(css.contains("text/css") && css.ends_with("p{}"), "{css}");
    }

    #[test]
    fn redirects_the_bare_prefix() {
        let root = temp_root("redirect");
        let server = Server::start(&root, "/tools/exchange/", 0).unwrap();
        let response = get(&server, "/tools/exchange");
        assert!(response.starts_with("HTTP/1.1 301"), "{response}");
        assert!(response.contains("Location: /tools/exchange/"));
    }

    #[test]
    fn refuses_paths_outside_the_root_or_the_prefix() {
        let root = temp_root("escape");
        let server = Server::start(&root, "/app/", 0).unwrap();
        for target in [
            "/app/../index.html",
            "/app/%2e%2e/%2e%2e/etc/passwd",
            "/app/sub/../../x",
            "/app/%zz",
            "/index.html",
            "/app/missing.js",
            "/app/a%5Cb",
        ] {
            let response = get(&server, target);
            assert!(response.starts_with("HTTP/1.1 404"), "{target}: {response}");
        }
        let log = server.requests();
        assert_eq!(log.len(), 7);
        assert!(log.iter().all(|line| line.ends_with(" 404")), "{log:?}");
    }

    #[test]
    fn serves_wasm_with_another_media_type_when_asked() {
        let root = temp_root("wasm-type");
        let server = Server::start(&root, "/app/", 0).unwrap();
        server.serve_wasm_as("application/octet-stream");
        let wasm = get(&server, "/app/app.wasm");
        assert!(wasm.contains("Content-Type: application/octet-stream\r\n"), "{wasm}");
        let css = get(&server, "/app/sub/a%20b.css");
        assert!(css.contains("text/css"), "{css}");
    }

    #[test]
    fn a_stopped_server_refuses_connections() {
        let root = temp_root("stop");
        let server = Server::start(&root, "/app/", 0).unwrap();
        assert!(get(&server, "/app/").starts_with("HTTP/1.1 200"));
        server.stop();
        assert!(TcpStream::connect(server.addr()).is_err(), "the port is closed");
        server.stop();
        assert_eq!(server.requests(), ["GET /app/ 200"]);
    }

    #[test]
    fn refuses_other_methods() {
        let root = temp_root("methods");
        let server = Server::start(&root, "/", 0).unwrap();
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(stream, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 405"), "{response}");
    }

    #[test]
    fn head_requests_get_no_body() {
        let root = temp_root("head");
        let server = Server::start(&root, "/", 0).unwrap();
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(stream, "HEAD /index.html HTTP/1.1\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"));
        assert!(response.ends_with("\r\n\r\n"), "{response:?}");
    }
}
