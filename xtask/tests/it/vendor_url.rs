//! `cargo xtask vendor --from <URL>` against a scripted HTTP server on loopback: what it
//! writes on success, and that every failure is a clear error that writes nothing.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use xtask::{one_line, vendor, DownloadLimits, Source, Workspace};

const DOCUMENT: &str = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "7"},
  "paths": {"/v1/user": {"get": {"responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}}},
  "components": {"schemas": {"User": {"type": "object", "properties": {"id": {"type": "string"}}}}}}"##;

/// What the server writes for one request path.
type Script = fn(&str) -> (Duration, Vec<u8>);

/// Serves `script` on 127.0.0.1 until the test process ends; returns the base URL.
fn serve(script: Script) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (delay, reply) = script(&path);
                std::thread::sleep(delay);
                let _ = stream.write_all(&reply);
            });
        }
    });
    base
}

fn response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut reply =
        format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
    reply.extend_from_slice(body);
    reply
}

fn empty_workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("openapi")).unwrap();
    let workspace = Workspace::at(dir.path());
    (dir, workspace)
}

fn limits() -> DownloadLimits {
    DownloadLimits {
        max_bytes: 4096,
        connect_timeout: Duration::from_secs(5),
        total_timeout: Duration::from_millis(1500),
    }
}

fn vendor_url(workspace: &Workspace, url: &str) -> anyhow::Result<String> {
    let mut out = Vec::new();
    let selection = elevenlabs_spec::Selection::one(&"GET /v1/user".parse()?);
    vendor(workspace, &Source::parse(url)?, &selection, &limits(), &mut out)?;
    Ok(String::from_utf8(out)?)
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("openapi")).unwrap().count()
}

#[test]
fn a_document_served_over_http_is_vendored_with_its_url() {
    let base = serve(|_| (Duration::ZERO, response("200 OK", DOCUMENT.as_bytes())));
    let (dir, workspace) = empty_workspace();
    let url = format!("{base}/openapi.json");
    let out = vendor_url(&workspace, &url).unwrap();
    assert!(out.contains("vendored GET /v1/user from openapi.json"), "{out}");
    let provenance: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace.provenance()).unwrap()).unwrap();
    assert_eq!(provenance["url"], url.as_str());
    assert_eq!(provenance["source"], "openapi.json");
    assert_eq!(provenance["sha256"], elevenlabs_spec::sha256_hex(DOCUMENT.as_bytes()).as_str());
    assert!(std::fs::read_to_string(workspace.fragment()).unwrap().contains("\"User\""));
    assert_eq!(files_in(dir.path()), 2);
}

#[test]
fn redirects_are_followed() {
    let base = serve(|path| match path {
        "/latest" => (
            Duration::ZERO,
            b"HTTP/1.1 302 Found\r\nLocation: /v2/openapi.json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_vec(),
        ),
        _ => (Duration::ZERO, response("200 OK", DOCUMENT.as_bytes())),
    });
    let (_dir, workspace) = empty_workspace();
    vendor_url(&workspace, &format!("{base}/latest")).unwrap();
    assert!(workspace.fragment().exists());
}

/// Each failure: (what the server does, what the error says).
#[test]
fn every_failed_download_is_a_clear_error_and_writes_nothing() {
    let cases: [(Script, &str); 6] = [
        (|_| (Duration::ZERO, response("404 Not Found", b"no such thing")), "404 Not Found"),
        (
            |_| {
                let mut reply = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n".to_vec();
                reply.extend_from_slice(&DOCUMENT.as_bytes()[..40]);
                (Duration::ZERO, reply)
            },
            "larger than the 4096 byte limit",
        ),
        (
            |_| {
                let mut reply = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n".to_vec();
                reply.extend_from_slice(&DOCUMENT.as_bytes()[..40]);
                (Duration::ZERO, reply)
            },
            "broke off",
        ),
        (
            |_| {
                let mut reply = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
                reply.extend(std::iter::repeat_n(b' ', 5000));
                (Duration::ZERO, reply)
            },
            "larger than the 4096 byte limit",
        ),
        (|_| (Duration::from_secs(4), response("200 OK", DOCUMENT.as_bytes())), "timed out"),
        (|_| (Duration::ZERO, response("200 OK", b"<html>sign in</html>")), "not an OpenAPI document"),
    ];
    for (script, expected) in cases {
        let base = serve(script);
        let (dir, workspace) = empty_workspace();
        let url = format!("{base}/openapi.json");
        let error = one_line(&vendor_url(&workspace, &url).unwrap_err());
        assert!(error.contains(expected) && error.contains(&url), "{expected}: {error}");
        assert_eq!(files_in(dir.path()), 0, "{expected}: wrote something");
    }
}
