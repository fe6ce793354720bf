//! `--static DIR`: a release build served from the API's own origin.

use dev_api::Config;

use crate::common::Api;

#[tokio::test]
async fn files_with_their_types() {
    let folder = tempfile::tempdir().unwrap();
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
        std::fs::write(folder.path().join(name), body).unwrap();
    }
    let api = Api::with(Config {
        static_dir: Some(folder.path().to_path_buf()),
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
    api.get("/../Cargo.toml").await.problem(404);
    api.get("/%2e%2e/Cargo.toml").await.problem(404);
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
