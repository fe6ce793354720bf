//! Helpers shared by the integration tests: the reference schema and plausible values.

#![allow(dead_code)]

use std::path::PathBuf;

use connect_core::form::{FieldKind, FieldSpec, Part, Target};
use connect_core::template::Placement;

/// `../shared/reference` from the workspace root.
pub fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference")
}

fn schema_document() -> serde_json::Value {
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

/// A validator for a request body given inline in `connection-api.paths.json` (`/oauth-connect`).
pub fn path_body_validator(path: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(reference_dir().join("connection-api.paths.json")).unwrap();
    let paths: serde_json::Value = serde_json::from_str(&text).unwrap();
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

/// A value a real user might type into the field.
pub fn plausible_value(field: &FieldSpec) -> String {
    match (&field.kind, &field.placement) {
        (FieldKind::Select(options), _) => options[0].value.clone(),
        (FieldKind::Scopes, _) => "read write, admin".to_owned(),
        (FieldKind::DateTime, _) => "2027-01-31T12:00:00Z".to_owned(),
        (FieldKind::Secret, _) => "  s3cr3t-Value_0123456789  ".to_owned(),
        (_, Placement::HostLabel(_)) => "acme".to_owned(),
        (_, Placement::Host { .. }) => "acme.example.com".to_owned(),
        (_, Placement::PathSegment(_)) => "acme-tenant".to_owned(),
        (_, Placement::BaseUrl { .. }) => "https://acme.example.com".to_owned(),
        _ => match field.target.part() {
            Some(Part::Username) => "jane@example.com".to_owned(),
            Some(Part::ClientId) => "client-0123".to_owned(),
            _ if matches!(field.target, Target::Metadata(_)) => "acme-123".to_owned(),
            _ => "value 123".to_owned(),
        },
    }
}
