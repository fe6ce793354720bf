//! The embedding parameters are listed once, in `connect_core::config::PARAMS`; the host script
//! (`host/connect-form.js`, which copies each option of that name into the form's query) and its
//! types (`host/connect-form.d.ts`) repeat them. These tests fail when either drifts from the list.

use std::collections::BTreeSet;
use std::path::PathBuf;

use connect_core::config::PARAMS;

/// Parameters the host script deliberately does not take as options, and why.
const NOT_OPTIONS: [(&str, &str); 1] = [(
    "parentOrigin",
    "the host script sets it to the embedding page's own origin: a page must not name another",
)];

/// The host script's own options, which are not the form's parameters, and why.
const HOST_OPTIONS: [(&str, &str); 9] = [
    ("formUrl", "where the form is served: the address the query is added to"),
    ("container", "where the iframe (or the mounted form) goes"),
    ("title", "the iframe's accessible name"),
    ("getToken", "answers the form's token requests on the page's side"),
    ("onReady", "a callback for connect-form:ready"),
    ("onConnected", "a callback for connect-form:connected"),
    ("onError", "a callback for connect-form:error"),
    ("onCancel", "a callback for connect-form:cancel"),
    ("onResize", "a callback for connect-form:resize"),
];

fn host_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../host").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} not found")) + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?}"));
    &text[from..from + to]
}

/// The names in a JavaScript array of single-quoted strings, in order.
fn quoted(list: &str) -> Vec<String> {
    list.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The member names of a TypeScript interface (`name:` or `name?:` at the start of a line).
fn members(dts: &str, interface: &str) -> Vec<String> {
    let start = format!("export interface {interface} {{");
    let body = &dts[dts.find(&start).unwrap_or_else(|| panic!("{start:?} not found")) + start.len()..];
    let mut depth = 1;
    let end = body
        .char_indices()
        .find(|&(_, c)| {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            depth == 0
        })
        .map(|(at, _)| at)
        .expect("the interface is closed");
    body[..end]
        .lines()
        .filter_map(|line| {
            let (name, _) = line.trim_start().split_once(':')?;
            let name = name.strip_suffix('?').unwrap_or(name);
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then(|| name.to_owned())
        })
        .collect()
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    names.into_iter().collect()
}

/// Fails naming what one side has and the other lacks.
fn assert_same(found: &BTreeSet<&str>, expected: &BTreeSet<&str>, file: &str) {
    let lacking: Vec<&str> = expected.difference(found).copied().collect();
    let extra: Vec<&str> = found.difference(expected).copied().collect();
    assert!(
        lacking.is_empty() && extra.is_empty(),
        "{file} has drifted from connect_core::config::PARAMS: missing {lacking:?}, not parameters {extra:?} \
         (an exception belongs in this test's NOT_OPTIONS or HOST_OPTIONS, with its reason)"
    );
}

/// What the host script should take as options: every parameter but the exceptions.
fn expected_options() -> BTreeSet<&'static str> {
    for (name, _) in NOT_OPTIONS {
        assert!(
            PARAMS.contains(&name),
            "{name} is listed as an exception but is not in PARAMS"
        );
    }
    PARAMS
        .into_iter()
        .filter(|p| !NOT_OPTIONS.iter().any(|(n, _)| n == p))
        .collect()
}

#[test]
fn the_host_script_copies_every_parameter_into_the_query() {
    let script = host_file("connect-form.js");
    let listed = quoted(between(&script, "const PARAMS = [", "];"));
    let unique = set(listed.iter().map(String::as_str));
    assert_eq!(
        unique.len(),
        listed.len(),
        "host/connect-form.js lists a parameter twice: {listed:?}"
    );
    assert_same(&unique, &expected_options(), "host/connect-form.js's PARAMS");
    // The exception holds only while the script sets it itself, whatever the options say.
    assert!(
        script.contains("url.searchParams.set('parentOrigin', location.origin);"),
        "host/connect-form.js no longer sets parentOrigin to the page's origin"
    );
}

#[test]
fn the_host_script_types_declare_every_parameter_and_nothing_else() {
    let dts = host_file("connect-form.d.ts");
    let declared = members(&dts, "EmbedOptions");
    let unique = set(declared.iter().map(String::as_str));
    assert_eq!(
        unique.len(),
        declared.len(),
        "EmbedOptions declares an option twice: {declared:?}"
    );
    let host_own = set(HOST_OPTIONS.map(|(name, _)| name));
    for (name, _) in NOT_OPTIONS {
        assert!(
            !unique.contains(name),
            "EmbedOptions declares {name}, which the host script sets itself"
        );
    }
    let parameters: BTreeSet<&str> = unique.difference(&host_own).copied().collect();
    assert_same(
        &parameters,
        &expected_options(),
        "host/connect-form.d.ts's EmbedOptions",
    );
    let missing: Vec<&str> = host_own.difference(&unique).copied().collect();
    assert!(
        missing.is_empty(),
        "EmbedOptions lacks the host script's own {missing:?}"
    );
}

#[test]
fn the_host_script_reads_only_declared_options() {
    let script = host_file("connect-form.js");
    let declared = members(&host_file("connect-form.d.ts"), "EmbedOptions");
    // `options.name` and the callbacks it calls by name (`call('onError', ...)`).
    let read = script
        .split("options.")
        .skip(1)
        .chain(script.split("call('").skip(1))
        .map(|rest| {
            rest.split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or_default()
        })
        .filter(|name| !name.is_empty());
    for name in read {
        assert!(
            declared.iter().any(|d| d == name),
            "host/connect-form.js reads options.{name}, which EmbedOptions does not declare"
        );
    }
}

#[test]
fn the_readers_find_what_they_look_for() {
    assert_eq!(quoted("\n  'a', 'bC',\n  'd',\n"), ["a", "bC", "d"]);
    let dts = "export interface X {\n  /** doc: with a colon */\n  a: string;\n  b?: (d: { c?: string }) => void;\n  // x: y\n}\nexport interface Y { z: 1 }";
    assert_eq!(members(dts, "X"), ["a", "b"]);
}
