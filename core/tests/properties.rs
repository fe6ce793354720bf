//! Whatever a user types: validation never panics, what it accepts assembles into a body the schema
//! accepts, and what it refuses names its field.

mod common;

use common::{assert_valid, validator};
use connect_core::Identity;
use connect_core::assemble::generate_request;
use connect_core::catalog::Catalog;
use connect_core::form::{Flow, FormSpec};
use connect_core::validate::{FormValues, validate};
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Arbitrary unicode, control characters included.
        any::<String>(),
        // Short, plausible-looking values and URLs.
        "[a-zA-Z0-9 ._:/@-]{0,40}",
        "https?://[a-z0-9.-]{1,20}(:[0-9]{1,6})?(/[a-z0-9._-]{0,10}){0,3}",
        // Very long values.
        proptest::collection::vec(any::<char>(), 1000..20_000).prop_map(|c| c.into_iter().collect()),
        "[\\x00-\\x1f\\x7f\\u{200b}\\u{feff}a ]{0,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, .. ProptestConfig::default() })]

    /// The browser's JSON writer escapes any text exactly as serde_json does.
    #[test]
    fn the_json_writer_matches_serde_json(key in any_text(), value in any_text()) {
        let written = connect_core::json::ObjectWriter::new().str(&key, &value).finish();
        let mut object = serde_json::Map::new();
        object.insert(key, serde_json::Value::String(value));
        prop_assert_eq!(written, serde_json::to_string(&object).unwrap());
    }

    #[test]
    fn any_input_is_either_a_valid_request_or_named_errors(
        provider_index in 0usize..238,
        texts in proptest::collection::vec(any_text(), 8),
    ) {
        let catalog = Catalog::embedded();
        let provider = catalog.providers().nth(provider_index).unwrap();
        let spec = FormSpec::for_provider(provider, None);
        let mut values = FormValues::new();
        for (field, text) in spec.fields.iter().zip(texts.iter().cycle()) {
            values.set(field.target.clone(), text.clone());
        }
        match validate(&spec, &values) {
            Ok(validated) => {
                if let Flow::Generate(_) = spec.flow {
                    let identity = Identity { group_ref: "g".into(), consumer_ref: "c".into(), ..Identity::default() };
                    let request = generate_request(&spec, &validated, &identity).unwrap();
                    let json = serde_json::to_value(&request).unwrap();
                    assert_valid(&validator("GenerateConnectionRequest"), &json, &provider.name);
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(spec.field(&error.target).is_some(), "{:?} names no field", error);
                }
            }
        }
    }

    #[test]
    fn every_single_field_check_terminates_without_panicking(text in any_text()) {
        let catalog = Catalog::embedded();
        for name in ["zendeskSupport", "coupa", "sugarCRM", "dynamicsBusinessCentral", "talkdesk", "adobe", "aws"] {
            let spec = FormSpec::for_provider(catalog.get(name).unwrap(), None);
            for field in &spec.fields {
                let _ = connect_core::validate::check_field(field, &text);
            }
        }
        let _ = connect_core::json::Json::parse(&text);
        let _ = connect_core::problem::Problem::parse(&text);
        let _ = connect_core::api::ConnectionSummary::from_json(&text);
        let _ = connect_core::catalog::Catalog::from_json(&text);
        let _ = connect_core::time::parse_rfc3339(&text);
        let _ = connect_core::time::parse_http_date(&text);
        let _ = connect_core::template::Address::parse(&text);
    }
}
