//! `--static DIR`: the files of a release build at `/`, so browser tests load the app from the
//! API's own origin, with the headers of the folder's `_headers` file (see `site_headers.rs`).

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::problem::ApiError;
use crate::site_headers::{self, HeadersFile};

/// The folder served at `/` and its `_headers`.
#[derive(Debug)]
pub struct StaticSite {
    /// The folder.
    pub root: PathBuf,
    /// Its `_headers` file (which may come and go while the server runs).
    pub headers: HeadersFile,
}

impl StaticSite {
    /// The folder `root`; an error when its `_headers` is malformed now.
    pub fn open(root: PathBuf) -> io::Result<StaticSite> {
        let headers = HeadersFile::open(&root)?;
        Ok(StaticSite { root, headers })
    }
}

/// The content type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a URL path names inside `root`, if it names one without leaving `root`. The folder's
/// `_headers` is configuration, not content (static hosts do not serve it either).
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = url_path.trim_start_matches('/');
    let relative = if relative.is_empty() { "index.html" } else { relative };
    let mut path = root.to_path_buf();
    let mut parts = 0;
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => path.push(part),
            // `..`, a root or a drive prefix would leave the folder.
            _ => return None,
        }
        parts += 1;
    }
    if parts == 1 && path.file_name().is_some_and(|name| name == site_headers::FILE_NAME) {
        return None;
    }
    Some(path)
}

fn not_found(path: &str) -> Response {
    ApiError::not_found(format!("There is nothing at {path:?}.")).into_response()
}

/// Every path no route claims: a file of `--static`, else 404.
pub async fn fallback(State(site): State<Option<Arc<StaticSite>>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(site) = site.as_deref() else {
        return not_found(&path);
    };
    if path.starts_with("/v1/") || path.starts_with("/dev/") {
        return not_found(&path);
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            format!("Static files are read with GET, not {}.", request.method()),
        )
        .into_response();
    }
    let Some(file) = resolve(&site.root, &path) else {
        return not_found(&path);
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mut response = ([(header::CONTENT_TYPE, content_type(&file))], bytes).into_response();
            // Only files get the deployment's headers: the API's and the dev pages' answers keep
            // their own.
            site.headers.rules().await.apply(&path, response.headers_mut());
            if request.method() == Method::HEAD {
                *response.body_mut() = axum::body::Body::empty();
            }
            response
        }
        Err(_) => not_found(&path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve(root, "/"), Some(PathBuf::from("/srv/dist/index.html")));
        assert_eq!(
            resolve(root, "/app_bg.wasm"),
            Some(PathBuf::from("/srv/dist/app_bg.wasm"))
        );
        assert_eq!(resolve(root, "/a/../../etc/passwd"), None);
        assert_eq!(resolve(root, "/_headers"), None);
        assert_eq!(resolve(root, "//_headers/"), None);
        assert_eq!(
            resolve(root, "/sub/_headers"),
            Some(PathBuf::from("/srv/dist/sub/_headers"))
        );
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("x.JS")), "text/javascript; charset=utf-8");
    }
}
