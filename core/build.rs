//! Writes the catalog the form embeds: the wire catalog with only what the form uses. The app ships
//! this smaller copy; `dev-api` serves the full one. A test checks that every provider gets the same
//! form, picker entry and icons from both, so nothing the form uses can be lost here.
//!
//! Beyond dropping members the form never reads, it drops URL templates without a `{{.value}}` (they
//! only matter to where a value lands), the dark icon when there is a regular one, labels other than
//! `experimental`, members that read the same when absent (`false`, `""`, `{}`) and each provider's
//! `name` (its key).

use std::path::Path;

use serde_json::{Map, Value};

/// Members kept, by path of object keys; `*` stands for any key (a provider, a module).
const KEEP: &[&str] = &[
    "*.name",
    "*.displayName",
    "*.authType",
    "*.baseURL",
    "*.defaultModule",
    "*.labels.experimental",
    "*.oauth2Opts.grantType",
    "*.oauth2Opts.authURL",
    "*.oauth2Opts.tokenURL",
    "*.oauth2Opts.explicitScopesRequired",
    "*.oauth2Opts.explicitWorkspaceRequired",
    "*.oauth2Opts.docsURL",
    "*.oauth2Opts.tokenMetadataFields.workspaceRefField",
    "*.apiKeyOpts.docsURL",
    "*.basicOpts",
    "*.customOpts.inputs",
    "*.customOpts.multiStep",
    "*.metadata.input",
    "*.media.regular.iconURL",
    "*.media.darkMode.iconURL",
    "*.modules.*.baseURL",
];

fn keep(value: &Value, prefix: &[&str], rules: &[Vec<&str>]) -> Value {
    let Value::Object(object) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (key, member) in object {
        let mut path = prefix.to_vec();
        path.push(key);
        let matches = |rule: &Vec<&str>| rule.iter().zip(&path).all(|(r, p)| *r == "*" || r == p);
        if rules.iter().any(|rule| rule.len() <= path.len() && matches(rule)) {
            out.insert(key.clone(), member.clone());
        } else if rules.iter().any(|rule| rule.len() > path.len() && matches(rule)) {
            out.insert(key.clone(), keep(member, &path, rules));
        }
    }
    Value::Object(out)
}

/// Removes what the form cannot tell apart from its absence.
fn prune(provider: &mut Value) {
    let is_template = |v: &Value| v.as_str().is_some_and(|s| s.contains("{{"));
    let drop_plain = |object: &mut Value, key: &str| {
        if object.get(key).is_some_and(|v| !is_template(v)) {
            object.as_object_mut().expect("an object").remove(key);
        }
    };
    drop_plain(provider, "baseURL");
    if let Some(oauth) = provider.get_mut("oauth2Opts") {
        drop_plain(oauth, "authURL");
        drop_plain(oauth, "tokenURL");
    }
    if let Some(Value::Object(modules)) = provider.get_mut("modules") {
        for module in modules.values_mut() {
            drop_plain(module, "baseURL");
        }
        modules.retain(|_, module| module.as_object().is_some_and(|m| !m.is_empty()));
    }
    // The form shows one icon on light and dark pages (on a light tile in dark mode): the dark one
    // only when there is no other.
    if let Some(media) = provider.get_mut("media")
        && media.get("regular").is_some()
    {
        media.as_object_mut().expect("an object").remove("darkMode");
    }
    drop_defaults(provider);
}

/// Removes what reads the same when absent: `false`, `""`, `{}` (recursively), and the provider's
/// `name`, which is its key.
fn drop_defaults(value: &mut Value) {
    if let Value::Object(object) = value {
        object.remove("name");
        for member in object.values_mut() {
            if member.is_object() {
                drop_default_members(member);
            }
        }
        object.retain(|_, v| !is_default(v));
    }
}

fn drop_default_members(value: &mut Value) {
    if let Value::Object(object) = value {
        for member in object.values_mut() {
            drop_default_members(member);
        }
        object.retain(|_, v| !is_default(v));
    }
}

fn is_default(value: &Value) -> bool {
    match value {
        Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn main() {
    let source = Path::new("catalog/providers.json");
    println!("cargo::rerun-if-changed={}", source.display());
    let text = std::fs::read_to_string(source).expect("core/catalog/providers.json");
    let catalog: Value = serde_json::from_str(&text).expect("the catalog is JSON");
    let rules: Vec<Vec<&str>> = KEEP.iter().map(|r| r.split('.').collect()).collect();
    let mut stripped = keep(&catalog, &[], &rules);
    for provider in stripped.as_object_mut().expect("the catalog is an object").values_mut() {
        prune(provider);
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("form-catalog.json");
    std::fs::write(out, serde_json::to_string(&stripped).expect("serializable")).expect("writable OUT_DIR");
}
