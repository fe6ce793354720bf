//! The `_headers` file of `--static DIR`, in the format static hosts and CDNs read (Netlify,
//! Cloudflare Pages), so the files served here carry the headers the deployment will send (its
//! Content-Security-Policy above all) and browser tests see what users will.
//!
//! ```text
//! # a comment
//! /*
//!   Content-Security-Policy: default-src 'self'
//! /mount.js
//!   Cache-Control: no-cache
//! ```
//!
//! A line starting with `/` is a path pattern: exact (`/mount.js`), or ending in `*` for everything
//! under it (`/*` is every path, `/assets/*` everything below `/assets/`). The indented `Name: value`
//! lines under it are headers for the paths it matches. Every matching block's headers are added,
//! in file order; a header the file names replaces dev-api's own of that name (`Content-Type`, say),
//! and a name given by several blocks is sent once per block. The patterns are matched against the
//! path asked for, so `/` matches `/` and `/*`, not `/index.html`.
//!
//! `Access-Control-*` headers are skipped with a warning: dev-api's CORS layer sets them, and two
//! `Access-Control-Allow-Origin` headers make the browser refuse the answer. So are the headers that
//! frame the answer (`Content-Length`, `Transfer-Encoding`, `Connection`), which dev-api sets itself.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// The file's name in the served folder.
pub const FILE_NAME: &str = "_headers";

/// Headers the file may not set.
const FRAMING: [&str; 3] = ["content-length", "transfer-encoding", "connection"];

/// Which paths a block applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// This path only.
    Exact(String),
    /// Every path starting with this (the pattern without its `*`).
    Prefix(String),
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match self {
            Pattern::Exact(exact) => path == exact,
            Pattern::Prefix(prefix) => path.starts_with(prefix.as_str()),
        }
    }
}

/// One block: a pattern and its headers.
#[derive(Debug, Clone)]
struct Block {
    pattern: Pattern,
    headers: Vec<(HeaderName, HeaderValue)>,
}

/// The rules of one `_headers` file.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    blocks: Vec<Block>,
}

impl Rules {
    /// Adds the headers of every block matching `path` to `headers`.
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        let mut named: Vec<&HeaderName> = Vec::new();
        for block in self.blocks.iter().filter(|b| b.pattern.matches(path)) {
            for (name, value) in &block.headers {
                if named.contains(&name) {
                    headers.append(name.clone(), value.clone());
                } else {
                    // The file's word replaces dev-api's own header of that name.
                    headers.insert(name.clone(), value.clone());
                    named.push(name);
                }
            }
        }
    }

    /// How many blocks there are.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// A line that was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// Its number, from 1.
    pub line: usize,
    /// Whether it is a mistake (rather than a header dev-api will not let the file set).
    pub malformed: bool,
    /// Why, as a phrase.
    pub reason: String,
}

/// A file, read: its rules and the lines it ignored.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// What to apply.
    pub rules: Rules,
    /// What was left out.
    pub ignored: Vec<Ignored>,
}

impl Parsed {
    /// Whether a line is a mistake.
    pub fn is_malformed(&self) -> bool {
        self.ignored.iter().any(|i| i.malformed)
    }

    /// One line for stderr about the ignored lines of `file`, when there are any.
    pub fn warning(&self, file: &Path) -> Option<String> {
        (!self.ignored.is_empty()).then(|| format!("{}: ignored {}", file.display(), self.lines()))
    }

    /// The ignored lines, numbered, in one line.
    fn lines(&self) -> String {
        let lines: Vec<String> = self
            .ignored
            .iter()
            .map(|i| format!("line {}: {}", i.line, i.reason))
            .collect();
        lines.join("; ")
    }
}

/// Where the lines that follow belong.
enum Current {
    /// Before the first pattern.
    Nothing,
    /// To this block.
    Block(usize),
    /// To a pattern that was refused: they are dropped with it, without a warning each.
    Refused,
}

/// Reads the text of a `_headers` file.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current = Current::Nothing;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut ignore = |malformed: bool, reason: String| {
            parsed.ignored.push(Ignored {
                line: index + 1,
                malformed,
                reason,
            });
        };
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            match pattern(trimmed) {
                Some(pattern) => {
                    parsed.rules.blocks.push(Block {
                        pattern,
                        headers: Vec::new(),
                    });
                    current = Current::Block(parsed.rules.blocks.len() - 1);
                }
                None => {
                    ignore(
                        true,
                        format!(
                            "{trimmed:?} is neither a path pattern (starting with /, optionally ending in *) nor \
                             an indented header"
                        ),
                    );
                    current = Current::Refused;
                }
            }
            continue;
        }
        let block = match current {
            Current::Block(block) => block,
            Current::Refused => continue,
            Current::Nothing => {
                ignore(true, "a header before any path pattern".to_owned());
                continue;
            }
        };
        let Some((name, value)) = trimmed.split_once(':') else {
            ignore(true, "a header line without \"Name: value\"".to_owned());
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            ignore(true, format!("{name:?} is not a header name"));
            continue;
        };
        let value = match HeaderValue::from_str(value) {
            Ok(value) if !value.is_empty() => value,
            _ => {
                ignore(true, format!("the value of {name} is empty or not plain ASCII text"));
                continue;
            }
        };
        if header.as_str().starts_with("access-control-") {
            ignore(
                false,
                format!("{name} is left to dev-api's CORS layer (--allow-origin)"),
            );
            continue;
        }
        if FRAMING.contains(&header.as_str()) {
            ignore(false, format!("{name} is set by dev-api itself"));
            continue;
        }
        parsed.rules.blocks[block].headers.push((header, value));
    }
    parsed
}

/// A path pattern line: `/exact` or `/prefix*`.
fn pattern(text: &str) -> Option<Pattern> {
    if !text.starts_with('/') || text.contains(char::is_whitespace) {
        return None;
    }
    match text.strip_suffix('*') {
        Some(prefix) if !prefix.contains('*') => Some(Pattern::Prefix(prefix.to_owned())),
        Some(_) => None,
        None if !text.contains('*') => Some(Pattern::Exact(text.to_owned())),
        None => None,
    }
}

/// When a file was last read, by modification time and size.
type Stamp = (Option<SystemTime>, u64);

/// The `_headers` of a folder, read again whenever it changes (the build may rewrite it while
/// dev-api runs), with one warning per read that ignored lines.
#[derive(Debug)]
pub struct HeadersFile {
    path: PathBuf,
    cache: Mutex<Option<(Stamp, Arc<Rules>)>>,
}

impl HeadersFile {
    /// The `_headers` of `root`, read now. A file with a malformed line is an error, so a mistake
    /// shows when dev-api starts rather than as a missing header in a browser test.
    pub fn open(root: &Path) -> io::Result<HeadersFile> {
        let file = HeadersFile {
            path: root.join(FILE_NAME),
            cache: Mutex::new(None),
        };
        if let Ok(metadata) = std::fs::metadata(&file.path) {
            let text = std::fs::read(&file.path)?;
            let text = String::from_utf8(text).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{} is not UTF-8 text", file.path.display()),
                )
            })?;
            let parsed = parse(&text);
            if parsed.is_malformed() {
                let message = format!("{} is malformed: {}", file.path.display(), parsed.lines());
                return Err(io::Error::new(io::ErrorKind::InvalidData, message));
            }
            if let Some(warning) = parsed.warning(&file.path) {
                eprintln!("dev-api: {warning}");
            }
            *file.lock() = Some((stamp(&metadata), Arc::new(parsed.rules)));
        }
        Ok(file)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Stamp, Arc<Rules>)>> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The rules as the file is now: no rules when it is gone; the cached ones while its
    /// modification time and size are unchanged; else read again (a malformed line is then left
    /// out with a warning, since failing would stop the server mid-run).
    pub async fn rules(&self) -> Arc<Rules> {
        let Ok(metadata) = tokio::fs::metadata(&self.path).await else {
            *self.lock() = None;
            return Arc::default();
        };
        let now = stamp(&metadata);
        if let Some((seen, rules)) = self.lock().as_ref()
            && *seen == now
        {
            return rules.clone();
        }
        let parsed = match tokio::fs::read(&self.path).await.map(String::from_utf8) {
            Ok(Ok(text)) => parse(&text),
            Ok(Err(_)) => {
                eprintln!("dev-api: {} is not UTF-8 text; no headers from it", self.path.display());
                Parsed::default()
            }
            Err(error) => {
                eprintln!("dev-api: cannot read {}: {error}", self.path.display());
                return Arc::default();
            }
        };
        if let Some(warning) = parsed.warning(&self.path) {
            eprintln!("dev-api: {warning}");
        }
        let rules = Arc::new(parsed.rules);
        *self.lock() = Some((now, rules.clone()));
        rules
    }
}

fn stamp(metadata: &std::fs::Metadata) -> Stamp {
    (metadata.modified().ok(), metadata.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(rules: &Rules, path: &str) -> Vec<(String, String)> {
        let mut map = HeaderMap::new();
        map.insert("content-type", HeaderValue::from_static("text/html"));
        rules.apply(path, &mut map);
        map.iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
            .collect()
    }

    #[test]
    fn blocks_apply_in_file_order() {
        let parsed = parse(
            "\u{feff}# the deployment's headers\r\n\
             /*\r\n\
             \x20 Content-Security-Policy: default-src 'self'\r\n\
             \x20 X-Frame-Options: DENY\r\n\
             \n\
             /mount.js\n\
             \t# an indented comment\n\
             \tCache-Control: no-cache\n\
             \tX-Frame-Options: SAMEORIGIN\n\
             /assets/*\n\
             \x20 Cache-Control: max-age=31536000, immutable\n\
             /\n\
             \x20 Content-Type: text/html; charset=utf-8\n",
        );
        assert!(parsed.ignored.is_empty(), "{:?}", parsed.ignored);
        assert_eq!(parsed.rules.len(), 4);
        let csp = ("content-security-policy".to_owned(), "default-src 'self'".to_owned());
        assert_eq!(
            headers(&parsed.rules, "/mount.js"),
            [
                ("content-type".to_owned(), "text/html".to_owned()),
                csp.clone(),
                ("x-frame-options".to_owned(), "DENY".to_owned()),
                ("x-frame-options".to_owned(), "SAMEORIGIN".to_owned()),
                ("cache-control".to_owned(), "no-cache".to_owned()),
            ]
        );
        let assets = headers(&parsed.rules, "/assets/a/b.wasm");
        assert!(assets.contains(&("cache-control".to_owned(), "max-age=31536000, immutable".to_owned())));
        assert!(
            !headers(&parsed.rules, "/assets")
                .iter()
                .any(|(n, _)| n == "cache-control")
        );
        // `/` replaces dev-api's content type; `/index.html` is another path.
        assert!(
            headers(&parsed.rules, "/").contains(&("content-type".to_owned(), "text/html; charset=utf-8".to_owned()))
        );
        assert!(headers(&parsed.rules, "/index.html").contains(&("content-type".to_owned(), "text/html".to_owned())));
        assert!(
            headers(&parsed.rules, "/mount.jsx")
                .iter()
                .all(|(n, _)| n != "cache-control")
        );
    }

    #[test]
    fn mistakes_and_refusals_are_named() {
        let parsed = parse(
            "  X-Early: 1\n\
             mount.js\n\
             \x20 X-Dropped-With-Its-Pattern: 1\n\
             /a*b\n\
             /ok\n\
             \x20 no colon here\n\
             \x20 Bad Name: 1\n\
             \x20 X-Empty:\n\
             \x20 Access-Control-Allow-Origin: *\n\
             \x20 Content-Length: 3\n\
             \x20 X-Kept: yes\n",
        );
        let lines: Vec<(usize, bool)> = parsed.ignored.iter().map(|i| (i.line, i.malformed)).collect();
        assert_eq!(
            lines,
            [
                (1, true),
                (2, true),
                (4, true),
                (6, true),
                (7, true),
                (8, true),
                (9, false),
                (10, false)
            ]
        );
        assert!(parsed.is_malformed());
        assert_eq!(
            headers(&parsed.rules, "/ok"),
            [
                ("content-type".to_owned(), "text/html".to_owned()),
                ("x-kept".to_owned(), "yes".to_owned())
            ]
        );
        let warning = parsed.warning(Path::new("dist/_headers")).unwrap();
        assert!(warning.starts_with("dist/_headers: ignored line 1: "), "{warning}");
        assert!(!warning.contains('\n'));
        let cors_only = parse("/*\n  Access-Control-Allow-Origin: *\n");
        assert!(!cors_only.is_malformed() && cors_only.warning(Path::new("_headers")).is_some());
    }
}
