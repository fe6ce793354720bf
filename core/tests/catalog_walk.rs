//! Every provider of the embedded catalog, from its form to a body the API's schema accepts.

mod common;

use std::collections::BTreeMap;

use common::{assert_valid, path_body_validator, plausible_value, validator};
use connect_core::assemble::{custom_auth_connect_request, generate_request, oauth_connect_request};
use connect_core::catalog::{AuthType, Catalog, EMBEDDED_CATALOG_JSON};
use connect_core::form::{FieldKind, Flow, FormSpec, Outcome, Target};
use connect_core::validate::{FormValues, validate};
use connect_core::{Identity, Secret};

fn identity() -> Identity {
    Identity {
        group_ref: "group-1".into(),
        group_name: Some("Acme Inc".into()),
        consumer_ref: "user-1".into(),
        consumer_name: Some("Jane".into()),
    }
}

fn fill(spec: &FormSpec) -> FormValues {
    let mut values = FormValues::new();
    for field in &spec.fields {
        values.set(field.target.clone(), plausible_value(field));
    }
    values
}

/// The embedded catalog is the reference's `providers.json` itself (compacted; see
/// `testkit/reference/README.md`), so there is no second copy to compare it with: check its schema.
#[test]
fn the_embedded_catalog_fits_its_schema() {
    let embedded: serde_json::Value = serde_json::from_str(EMBEDDED_CATALOG_JSON).unwrap();
    assert_valid(&validator("CatalogType"), &embedded, "catalog");
}

#[test]
fn every_provider_gets_a_form_that_assembles_into_a_valid_request() {
    let catalog = Catalog::embedded();
    let generate = validator("GenerateConnectionRequest");
    let oauth_connect = path_body_validator("/oauth-connect");
    let custom_connect = validator("CustomAuthConnectRequest");
    let mut outcomes: BTreeMap<Outcome, Vec<String>> = BTreeMap::new();
    for provider in catalog.providers() {
        let spec = FormSpec::for_provider(provider, None);
        outcomes.entry(spec.outcome()).or_default().push(provider.name.clone());
        let values = fill(&spec);
        let validated = validate(&spec, &values).unwrap_or_else(|e| panic!("{}: {e:?}", provider.name));
        match spec.flow {
            Flow::Generate(credential) => {
                let request = generate_request(&spec, &validated, &identity()).unwrap();
                let json = serde_json::to_value(&request).unwrap();
                assert_valid(&generate, &json, &provider.name);
                // The browser's writer gives the very bytes serde gives.
                assert_eq!(
                    request.to_json(),
                    serde_json::to_string(&request).unwrap(),
                    "{}",
                    provider.name
                );
                assert_eq!(request.credential_keys(), [credential.key()], "{}", provider.name);
                // Secrets arrive trimmed.
                if let Some(key) = &request.api_key {
                    assert_eq!(key.expose(), "s3cr3t-Value_0123456789");
                }
                // Every field the form asked for reaches the request.
                let text = json.to_string();
                for field in &spec.fields {
                    if let Target::Metadata(name) = &field.target {
                        assert_eq!(json["providerMetadata"][name]["source"], "input", "{}", provider.name);
                    }
                    if let Target::Custom(name) = &field.target {
                        assert!(json["customAuth"].get(name).is_some(), "{}: {name}", provider.name);
                    }
                }
                assert!(text.contains("\"groupRef\":\"group-1\""));
            }
            Flow::ContinueWithProvider { .. } => {
                let body = oauth_connect_request(&spec, &validated, &identity(), "my-project").unwrap();
                let json = serde_json::to_value(&body).unwrap();
                assert_eq!(
                    body.to_json(),
                    serde_json::to_string(&body).unwrap(),
                    "{}",
                    provider.name
                );
                assert_valid(&oauth_connect, &json, &provider.name);
                // Only what must be known before sign-in: never a credential.
                assert!(
                    spec.fields.iter().all(|f| matches!(f.target, Target::Metadata(_))),
                    "{}",
                    provider.name
                );
            }
            Flow::MultiStep => {
                let body = custom_auth_connect_request(&spec, &validated, &identity(), "my-project").unwrap();
                let json = serde_json::to_value(&body).unwrap();
                assert_eq!(
                    body.to_json(),
                    serde_json::to_string(&body).unwrap(),
                    "{}",
                    provider.name
                );
                assert_valid(&custom_connect, &json, &provider.name);
            }
            Flow::Unsupported(_) => assert!(spec.fields.is_empty()),
        }
        // The credential fields match the auth type.
        let secrets = spec.fields.iter().filter(|f| f.kind == FieldKind::Secret).count();
        match provider.auth_type {
            AuthType::ApiKey => assert_eq!(secrets, 1, "{}", provider.name),
            AuthType::Basic => assert!(secrets >= 1, "{}", provider.name),
            _ => {}
        }
    }
    println!("\nOutcomes over {} providers:", catalog.len());
    for (outcome, names) in &outcomes {
        println!("  {outcome:?}: {}", names.len());
    }
    println!("  Unsupported: {:?}", outcomes.get(&Outcome::Unsupported));
    assert_eq!(outcomes.values().map(Vec::len).sum::<usize>(), 238);
    assert_eq!(outcomes[&Outcome::ContinueWithProvider].len(), 117);
    assert_eq!(outcomes[&Outcome::MultiStep].len(), 2);
    assert_eq!(outcomes[&Outcome::Form].len(), 69 + 32 + 8 + 1 + 8);
    assert_eq!(outcomes[&Outcome::Unsupported], ["snowflake"]);
}

#[test]
fn token_import_assembles_for_every_authorization_code_provider() {
    let catalog = Catalog::embedded();
    let generate = validator("GenerateConnectionRequest");
    let mut count = 0;
    for provider in catalog.providers() {
        let spec = FormSpec::token_import(provider, None);
        if spec.outcome() == Outcome::Unsupported {
            continue;
        }
        count += 1;
        let validated = validate(&spec, &fill(&spec)).unwrap();
        let request = generate_request(&spec, &validated, &identity()).unwrap();
        let json = serde_json::to_value(&request).unwrap();
        assert_valid(&generate, &json, &provider.name);
        assert_eq!(
            request.to_json(),
            serde_json::to_string(&request).unwrap(),
            "{}",
            provider.name
        );
        assert_eq!(request.credential_keys(), ["oauth2AuthorizationCode"]);
        let tokens = &json["oauth2AuthorizationCode"];
        assert_eq!(tokens["accessToken"]["token"], "s3cr3t-Value_0123456789");
        assert_eq!(tokens["accessToken"]["expiresAt"], "2027-01-31T12:00:00Z");
        assert_eq!(tokens["scopes"], serde_json::json!(["read", "write", "admin"]));
    }
    assert_eq!(count, 117);
}

#[test]
fn debug_output_of_a_request_hides_every_secret() {
    let catalog = Catalog::embedded();
    for provider in catalog.providers() {
        let spec = FormSpec::for_provider(provider, None);
        let values = fill(&spec);
        assert!(!format!("{values:?}").contains("s3cr3t"), "{}", provider.name);
        let Ok(validated) = validate(&spec, &values) else {
            continue;
        };
        assert!(!format!("{validated:?}").contains("s3cr3t"), "{}", provider.name);
        if let Ok(request) = generate_request(&spec, &validated, &identity()) {
            assert!(!format!("{request:?}").contains("s3cr3t"), "{}", provider.name);
        }
    }
    assert_eq!(format!("{:?}", Secret::new("s3cr3t")), "***");
}

#[test]
fn the_schema_check_would_catch_a_bad_request() {
    // A control for the tests above: the validator refuses what the API refuses.
    let generate = validator("GenerateConnectionRequest");
    let bad = [
        serde_json::json!({"provider": "x", "consumerRef": "c"}),
        serde_json::json!({"provider": "x", "consumerRef": "c", "groupRef": "g", "basicAuth": {"username": "u"}}),
        serde_json::json!({"provider": "x", "consumerRef": "c", "groupRef": "g", "providerMetadata": {"w": {"value": "v"}}}),
        serde_json::json!({"provider": "x", "consumerRef": "c", "groupRef": "g", "providerMetadata": {"w": {"value": "v", "source": "typed"}}}),
    ];
    for instance in bad {
        assert!(!generate.is_valid(&instance), "{instance}");
    }
}
