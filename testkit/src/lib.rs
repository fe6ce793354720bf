//! Test helpers shared by the workspace's crates: the connection API's reference JSON Schema
//! (`testkit/reference/`, a copy kept in the repository), ready to validate what the form sends and
//! what the local API answers.

use std::path::PathBuf;

/// `testkit/reference`: the API's schema and paths, copied into the repository (its README says from
/// where, when, and how to refresh them) so that the tests read nothing outside it.
pub fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reference")
}

/// The schema document, `connection-api.schema.json`, in draft 2020-12 form.
pub fn schema_document() -> serde_json::Value {
    let path = reference_dir().join("connection-api.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut schema = serde_json::from_str(&text).unwrap();
    modernize(&mut schema);
    schema
}

/// The reference schema came from an OpenAPI 3.0 document and still says `"exclusiveMaximum": true`
/// beside `"maximum": 600`, which draft 2020-12 spells `"exclusiveMaximum": 600`. Rewrite that one
/// idiom (same meaning) so a strict validator accepts the schema.
fn modernize(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            for (bound, flag) in [("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")] {
                if let Some(serde_json::Value::Bool(exclusive)) = object.get(flag).cloned() {
                    object.remove(flag);
                    if exclusive && let Some(limit) = object.remove(bound) {
                        object.insert(flag.to_owned(), limit);
                    }
                }
            }
            object.values_mut().for_each(modernize);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(modernize),
        _ => {}
    }
}

/// A validator for one type of the reference schema, e.g. `GenerateConnectionRequest`.
pub fn validator(definition: &str) -> jsonschema::Validator {
    let mut schema = schema_document();
    schema["$ref"] = serde_json::Value::String(format!("#/$defs/{definition}"));
    jsonschema::validator_for(&schema).unwrap()
}

/// The endpoints document, `connection-api.paths.json`.
pub fn paths_document() -> serde_json::Value {
    let text = std::fs::read_to_string(reference_dir().join("connection-api.paths.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A validator for a request body given inline in `connection-api.paths.json` (`/oauth-connect`).
pub fn path_body_validator(path: &str) -> jsonschema::Validator {
    let paths = paths_document();
    let mut schema = paths["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"].clone();
    // Point the refs into the schema document's definitions.
    let text = serde_json::to_string(&schema)
        .unwrap()
        .replace("connection-api.schema.json#", "#");
    schema = serde_json::from_str(&text).unwrap();
    schema["$defs"] = schema_document()["$defs"].clone();
    jsonschema::validator_for(&schema).unwrap()
}

/// Asserts that `instance` is valid, listing every error otherwise.
pub fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, context: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{context}: {instance}\n{}", errors.join("\n"));
}
