//! Helpers shared by the integration tests: plausible values.

#![allow(dead_code)]

use connect_core::form::{FieldKind, FieldSpec, Part, Target};
use connect_core::template::Placement;

#[allow(unused_imports)]
pub use testkit::{assert_valid, path_body_validator, validator};

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
