//! `--static DIR`: a release build served from the API's own origin, with its `_headers`.

use dev_api::Config;

use crate::common::Api;

#[tokio::test]
async fn files_with_their_types() {
    // The served folder sits inside another, beside a file that must never be served.
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "not for the web").unwrap();
    let folder = outer.path().join("dist");
    std::fs::create_dir(&folder).unwrap();
    let files = [
        (
            "index.html",
            "<!DOCTYPE html><title>app</title>",
            "text/html; charset=utf-8",
        ),
        ("app_bg.wasm", "\0asm", "application/wasm"),
        ("app.js", "export {}", "text/javascript; charset=utf-8"),
        ("style.css", "body{}", "text/css; charset=utf-8"),
        ("logo.svg", "<svg/>", "image/svg+xml"),
        ("icon.png", "png", "image/png"),
        ("data.json", "{}", "application/json"),
    ];
    for (name, body, _) in files {
        std::fs::write(folder.join(name), body).unwrap();
    }
    let api = Api::with(Config {
        static_dir: Some(folder.clone()),
        ..Config::for_tests()
    })
    .await;
    let root = api.get("/").await;
    assert_eq!(root.status, 200);
    assert_eq!(root.content_type(), "text/html; charset=utf-8");
    assert_eq!(root.text, files[0].1);
    for (name, body, content_type) in files {
        let reply = api.get(&format!("/{name}")).await;
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.content_type(), content_type, "{name}");
        assert_eq!(reply.text, body);
    }
    api.get("/missing.js").await.problem(404);
    // Paths that climb out of the folder, sent as written (an HTTP client would clean them up first).
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/dist/../../secret.txt",
    ] {
        let (origin, path_owned) = (api.origin.clone(), path.to_owned());
        // On its own thread: the server runs on this test's runtime.
        let answer = tokio::task::spawn_blocking(move || raw_get(&origin, &path_owned))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
        assert!(!answer.contains("not for the web"), "{path}");
    }
    // The API is still there, and its unknown paths are not files.
    api.get("/v1/providers/aircall").await.ok_json(200);
    api.get("/v1/index.html").await.problem(404);
    let post = api.send(api.client.post(api.url("/index.html"))).await;
    post.problem(405);
}

#[tokio::test]
async fn without_static_nothing_is_served_at_the_root() {
    let api = Api::start().await;
    api.get("/").await.problem(404);
}

const HEADERS: &str = "\
# What the deployment sends (Netlify / Cloudflare Pages format).
/*
  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'
  X-Content-Type-Options: nosniff

/mount.js
  Cache-Control: no-cache
  # CORS is dev-api's: this line is skipped with a warning, not sent twice.
  Access-Control-Allow-Origin: *
";

const CSP: &str = "default-src 'self'; frame-ancestors 'none'";

/// A folder with index.html, mount.js and `_headers`.
fn site(headers: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("index.html"), "<!DOCTYPE html><title>app</title>").unwrap();
    std::fs::write(folder.path().join("mount.js"), "export {}").unwrap();
    std::fs::write(folder.path().join("_headers"), headers).unwrap();
    folder
}

async fn serve(folder: &tempfile::TempDir) -> Api {
    Api::with(Config {
        static_dir: Some(folder.path().to_path_buf()),
        ..Config::for_tests()
    })
    .await
}

#[tokio::test]
async fn files_get_the_headers_of_underscore_headers() {
    let folder = site(HEADERS);
    let api = serve(&folder).await;

    let root = api.get("/").await;
    assert_eq!(root.status, 200);
    assert_eq!(root.header("content-security-policy"), CSP);
    assert_eq!(root.header("x-content-type-options"), "nosniff");
    assert_eq!(root.header("cache-control"), "");
    assert_eq!(root.content_type(), "text/html; charset=utf-8");

    let mount = api
        .send(
            api.client
                .get(api.url("/mount.js"))
                .header("Origin", "http://127.0.0.1:8080"),
        )
        .await;
    assert_eq!(mount.status, 200);
    assert_eq!(mount.header("content-security-policy"), CSP);
    assert_eq!(mount.header("cache-control"), "no-cache");
    assert_eq!(mount.content_type(), "text/javascript; charset=utf-8");
    // One Access-Control-Allow-Origin, dev-api's, not the file's `*`.
    let allow: Vec<_> = mount.headers.get_all("access-control-allow-origin").iter().collect();
    assert_eq!(allow, ["http://127.0.0.1:8080"]);
    let head = api.send(api.client.head(api.url("/mount.js"))).await;
    assert_eq!(head.header("cache-control"), "no-cache");

    // Only files: the API, the dev pages and 404s keep their own headers.
    let providers = api.get("/v1/providers").await;
    providers.ok_json(200);
    assert_eq!(providers.header("content-security-policy"), "");
    assert_eq!(providers.header("x-content-type-options"), "");
    let missing = api.get("/missing.js").await;
    missing.problem(404);
    assert_eq!(missing.header("content-security-policy"), "");
    // The file itself is configuration, not content.
    api.get("/_headers").await.problem(404);
    for path in ["//_headers", "/_headers/"] {
        let (origin, path_owned) = (api.origin.clone(), path.to_owned());
        let answer = tokio::task::spawn_blocking(move || raw_get(&origin, &path_owned))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
        assert!(!answer.contains("nosniff\n"), "{path}");
    }
}

#[tokio::test]
async fn a_rewritten_file_is_read_again() {
    let folder = site(HEADERS);
    let api = serve(&folder).await;
    assert_eq!(api.get("/mount.js").await.header("cache-control"), "no-cache");
    // As a build rewrites it while dev-api runs; a malformed line now is left out, the rest applies.
    let rewritten = "/mount.js\n  Cache-Control: max-age=60, must-revalidate\nnot a pattern\n  X-Lost: 1\n";
    std::fs::write(folder.path().join("_headers"), rewritten).unwrap();
    let mount = api.get("/mount.js").await;
    assert_eq!(mount.header("cache-control"), "max-age=60, must-revalidate");
    assert_eq!(mount.header("content-security-policy"), "");
    assert_eq!(mount.header("x-lost"), "");
    // Gone: no headers, and files are still served.
    std::fs::remove_file(folder.path().join("_headers")).unwrap();
    let mount = api.get("/mount.js").await;
    assert_eq!(mount.status, 200);
    assert_eq!(mount.header("cache-control"), "");
}

#[tokio::test]
async fn a_malformed_file_stops_the_start() {
    let folder = site("/*\n  Content-Security-Policy: default-src 'self'\nCache-Control: no-cache\n");
    let error = dev_api::serve(Config {
        static_dir: Some(folder.path().to_path_buf()),
        ..Config::for_tests()
    })
    .await
    .err()
    .expect("a malformed _headers is refused");
    let message = error.to_string();
    assert!(message.contains("_headers") && message.contains("line 3"), "{message}");
    // Only Access-Control-* lines is no mistake: it starts, with a warning.
    let cors = site("/*\n  Access-Control-Allow-Origin: *\n");
    let api = serve(&cors).await;
    assert_eq!(api.get("/").await.status, 200);
}

/// `GET path` over a plain socket, exactly as written; the whole answer.
fn raw_get(origin: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let address = origin.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}
