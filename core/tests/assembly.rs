//! The bodies the API receives, exactly.

mod common;

use std::collections::BTreeMap;

use common::{assert_valid, validator};
use connect_core::api::ConnectionSummary;
use connect_core::assemble::{
    AssembleError, IssueKind, check_generate_request, custom_auth_resume_request, generate_request,
    oauth_connect_request, update_form, update_request, values_from_connection,
};
use connect_core::catalog::Catalog;
use connect_core::form::{FormSpec, Outcome, Part, Target};
use connect_core::problem::{IssueLocation, Problem};
use connect_core::validate::{FieldErrorKind, FormValues, validate};
use connect_core::{ConnectionRequest, Identity};
use serde_json::json;

fn spec(name: &str) -> FormSpec {
    FormSpec::for_provider(Catalog::embedded().get(name).unwrap(), None)
}

fn identity() -> Identity {
    Identity {
        group_ref: " g1 ".into(),
        group_name: Some("  ".into()),
        consumer_ref: "c1".into(),
        consumer_name: None,
    }
}

fn metadata(name: &str) -> Target {
    Target::Metadata(name.to_owned())
}

#[test]
fn generate_sends_only_the_keys_that_apply() {
    let spec = spec("freshdesk");
    let values = FormValues::new()
        .with(metadata("workspace"), "https://acme.freshdesk.com/a/tickets")
        .with(Target::Basic(Part::Username), "jane@acme.com")
        .with(Target::Basic(Part::Password), "hunter2");
    let validated = validate(&spec, &values).unwrap();
    assert_eq!(validated.normalizations.len(), 1);
    let request = generate_request(&spec, &validated, &identity()).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "provider": "freshdesk",
            "groupRef": "g1",
            "consumerRef": "c1",
            "providerWorkspaceRef": "acme",
            "providerMetadata": {"workspace": {"value": "acme", "source": "input"}},
            "basicAuth": {"username": "jane@acme.com", "password": "hunter2"}
        })
    );
}

#[test]
fn generate_needs_the_hosts_identity_and_the_right_flow() {
    let spec = spec("gitlab");
    let validated = validate(
        &spec,
        &FormValues::new().with(Target::Custom("token".into()), "glpat-x"),
    )
    .unwrap();
    let no_consumer = Identity {
        consumer_ref: "".into(),
        ..identity()
    };
    assert_eq!(
        generate_request(&spec, &validated, &no_consumer),
        Err(AssembleError::MissingIdentity("consumerRef"))
    );
    let no_group = Identity {
        group_ref: " ".into(),
        ..identity()
    };
    assert_eq!(
        generate_request(&spec, &validated, &no_group),
        Err(AssembleError::MissingIdentity("groupRef"))
    );
    let request = generate_request(&spec, &validated, &identity()).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap()["customAuth"],
        json!({"token": "glpat-x"})
    );
    let hubspot = self::spec("hubspot");
    assert_eq!(
        generate_request(&hubspot, &validate(&hubspot, &FormValues::new()).unwrap(), &identity()),
        Err(AssembleError::WrongFlow(Outcome::ContinueWithProvider))
    );
}

#[test]
fn oauth_connect_body() {
    let spec = spec("zendeskSupport");
    let validated = validate(
        &spec,
        &FormValues::new().with(metadata("workspace"), "https://acme.zendesk.com/agent/"),
    )
    .unwrap();
    let body = oauth_connect_request(&spec, &validated, &identity(), "proj").unwrap();
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "projectIdOrName": "proj",
            "provider": "zendeskSupport",
            "groupRef": "g1",
            "consumerRef": "c1",
            "providerWorkspaceRef": "acme",
            "providerMetadata": {"workspace": {"value": "acme", "source": "input"}}
        })
    );
    // Salesforce without its optional workspace sends none.
    let salesforce = self::spec("salesforce");
    let body = oauth_connect_request(
        &salesforce,
        &validate(&salesforce, &FormValues::new()).unwrap(),
        &identity(),
        "p",
    )
    .unwrap();
    let json = serde_json::to_value(&body).unwrap();
    assert!(json.get("providerWorkspaceRef").is_none() && json.get("providerMetadata").is_none());
}

#[test]
fn custom_auth_resume_body() {
    let params = BTreeMap::from([
        ("code".to_owned(), "abc".to_owned()),
        ("q\"\n".to_owned(), "\u{1}é".to_owned()),
    ]);
    let body = custom_auth_resume_request("proj", "sess-1", params);
    assert_eq!(body.to_json(), serde_json::to_string(&body).unwrap());
    let body = custom_auth_resume_request(
        "proj",
        "sess-1",
        BTreeMap::from([("code".to_owned(), "abc".to_owned())]),
    );
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(
        json,
        json!({"projectIdOrName": "proj", "sessionId": "sess-1", "callbackParams": {"code": "abc"}})
    );
    assert_valid(&validator("CustomAuthConnectRequest"), &json, "resume");
}

#[test]
fn update_masks_name_only_what_changed() {
    let update = validator("UpdateConnectionRequest");
    let spec = spec("freshdesk");
    let original = FormValues::new().with(metadata("workspace"), "acme");
    // Only the password changed: the whole basicAuth is needed, so the username is asked again.
    let current = original.clone().with(Target::Basic(Part::Password), "new-pass");
    match update_request(&spec, &current, &original) {
        Err(AssembleError::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].target, Target::Basic(Part::Username));
            assert_eq!(errors[0].kind, FieldErrorKind::Required);
        }
        other => panic!("{other:?}"),
    }
    let current = current.with(Target::Basic(Part::Username), "jane");
    let body = update_request(&spec, &current, &original).unwrap();
    assert_eq!(body.to_json(), serde_json::to_string(&body).unwrap());
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(
        json,
        json!({"updateMask": ["basicAuth"], "connection": {"basicAuth": {"username": "jane", "password": "new-pass"}}})
    );
    assert_valid(&update, &json, "basic");

    // Only the workspace changed.
    let current = original
        .clone()
        .with(metadata("workspace"), "https://globex.freshdesk.com");
    let body = update_request(&spec, &current, &original).unwrap();
    assert_eq!(body.to_json(), serde_json::to_string(&body).unwrap());
    let json = serde_json::to_value(body).unwrap();
    assert_eq!(
        json,
        json!({"updateMask": ["providerWorkspaceRef", "providerMetadata"], "connection": {
            "providerWorkspaceRef": "globex",
            "providerMetadata": {"workspace": {"value": "globex", "source": "input"}}}})
    );
    assert_valid(&update, &json, "metadata");

    assert_eq!(
        update_request(&spec, &original, &original),
        Err(AssembleError::NothingChanged)
    );

    // Custom credentials cannot be rotated through the API's update mask.
    let gitlab = self::spec("gitlab");
    let current = FormValues::new().with(Target::Custom("token".into()), "new");
    assert!(matches!(
        update_request(&gitlab, &current, &FormValues::new()),
        Err(AssembleError::Invalid(e)) if e[0].kind == FieldErrorKind::NotUpdatable
    ));
}

#[test]
fn an_update_form_opens_on_the_connection_and_keeps_blank_credentials() {
    let freshdesk = spec("freshdesk");
    let form = update_form(&freshdesk);
    assert!(
        form.fields
            .iter()
            .all(|f| !f.required && f.target.update_mask().is_some())
    );
    assert_eq!(form.fields.len(), freshdesk.fields.len());
    let connection = ConnectionSummary {
        id: "c-1".into(),
        provider: "freshdesk".into(),
        workspace: Some("acme".into()),
        ..ConnectionSummary::default()
    };
    let original = values_from_connection(&form, &connection);
    assert_eq!(original.get(&metadata("workspace")), "acme");
    assert_eq!(original.get(&Target::Basic(Part::Password)), "");
    // Metadata wins over the workspace field when both are there.
    let with_metadata = ConnectionSummary {
        metadata: vec![("workspace".into(), "globex".into())],
        ..connection
    };
    assert_eq!(
        values_from_connection(&form, &with_metadata).get(&metadata("workspace")),
        "globex"
    );

    // New credentials alone: the mask names them only; the workspace is not sent.
    let current = original
        .clone()
        .with(Target::Basic(Part::Username), "jane")
        .with(Target::Basic(Part::Password), "pw");
    let json = serde_json::to_value(update_request(&freshdesk, &current, &original).unwrap()).unwrap();
    assert_eq!(
        json,
        json!({"updateMask": ["basicAuth"], "connection": {"basicAuth": {"username": "jane", "password": "pw"}}})
    );

    // Custom inputs cannot be updated, so the update form leaves them out.
    assert!(
        update_form(&spec("gitlab"))
            .fields
            .iter()
            .all(|f| !matches!(f.target, Target::Custom(_)))
    );
}

#[test]
fn the_server_runs_the_same_checks_on_what_it_receives() {
    let spec = spec("freshdesk");
    let request: ConnectionRequest = serde_json::from_value(json!({
        "provider": "freshdesk", "groupRef": "g", "consumerRef": "c",
        "providerMetadata": {"workspace": {"value": "not a label", "source": "input"}},
        "basicAuth": {"username": "", "password": "pw"},
        "apiKey": "stray"
    }))
    .unwrap();
    let issues = check_generate_request(&spec, &request).unwrap_err();
    let named: Vec<(&str, &IssueKind)> = issues.iter().map(|i| (i.name.as_str(), &i.kind)).collect();
    assert_eq!(
        named,
        [
            ("apiKey", &IssueKind::NotForThisProvider),
            (
                "providerMetadata.workspace",
                &IssueKind::Field(FieldErrorKind::InvalidLabel)
            ),
            ("basicAuth.username", &IssueKind::Field(FieldErrorKind::Required)),
        ]
    );
    // The workspace may come as providerWorkspaceRef alone.
    let request: ConnectionRequest = serde_json::from_value(json!({
        "provider": "freshdesk", "groupRef": "g", "consumerRef": "c", "providerWorkspaceRef": "acme",
        "basicAuth": {"username": "u", "password": "p"}
    }))
    .unwrap();
    assert!(check_generate_request(&spec, &request).is_ok());
    let hubspot = self::spec("hubspot");
    let issues = check_generate_request(&hubspot, &request).unwrap_err();
    assert_eq!(issues[0].kind, IssueKind::WrongFlow(Outcome::ContinueWithProvider));
    let gitlab = self::spec("gitlab");
    let request: ConnectionRequest =
        serde_json::from_value(json!({"customAuth": {"token": "t", "extra": "x"}})).unwrap();
    let issues = check_generate_request(&gitlab, &request).unwrap_err();
    assert_eq!(issues[0].name, "customAuth.extra");
}

#[test]
fn problem_details_with_issues_on_fields() {
    let body = r#"{
        "type": "https://docs.example.com/problems/invalid", "title": "Invalid request", "status": 422,
        "detail": "Some values are not valid.", "causes": ["bad username"], "remedy": "Fix the fields.",
        "retryable": false, "requestId": "req-1", "somethingNew": {"a": 1},
        "retryAfter": "2026-11-29T10:00:30Z", "instance": "/requests/req-1",
        "issues": [
            {"in": "body", "name": "basicAuth.username", "detail": "Unknown user."},
            {"in": "body", "name": "providerWorkspaceRef", "detail": "No such site."},
            {"in": "header", "name": "basicAuth.username", "detail": "Header issue."},
            {"in": "body", "name": "groupRef", "detail": "Group is archived."}
        ]
    }"#;
    let problem = Problem::parse(body).unwrap();
    // Every member the form reads, as sent.
    assert_eq!(
        Problem {
            issues: Vec::new(),
            ..problem.clone()
        },
        Problem {
            kind: Some("https://docs.example.com/problems/invalid".into()),
            title: Some("Invalid request".into()),
            status: Some(422),
            detail: Some("Some values are not valid.".into()),
            instance: Some("/requests/req-1".into()),
            causes: vec!["bad username".into()],
            remedy: Some("Fix the fields.".into()),
            retryable: Some(false),
            retry_after: Some("2026-11-29T10:00:30Z".into()),
            request_id: Some("req-1".into()),
            ..Problem::default()
        }
    );
    assert_eq!(problem.issues.len(), 4);
    assert_eq!(problem.issues[0].location, Some(IssueLocation::Body));
    let spec = spec("freshdesk");
    let (on_fields, general) = problem.issues_by_field(&spec);
    let on: Vec<(String, &str)> = on_fields
        .iter()
        .map(|(f, i)| (f.path(), i.detail.as_deref().unwrap()))
        .collect();
    assert_eq!(
        on,
        [
            ("basicAuth.username".to_owned(), "Unknown user."),
            ("providerMetadata.workspace".to_owned(), "No such site.")
        ]
    );
    assert_eq!(general.len(), 2);
}

#[test]
fn problem_details_that_are_partly_wrong_keep_what_is_right() {
    let problem =
        Problem::parse(r#"{"status": "four hundred", "detail": "Broken.", "title": 7, "causes": "not a list"}"#)
            .unwrap();
    assert_eq!(problem.status, None);
    assert_eq!(problem.detail.as_deref(), Some("Broken."));
    assert_eq!(problem.title, None);
    assert!(problem.causes.is_empty());
    assert!(Problem::parse("<html>502 Bad Gateway</html>").is_err());
    assert!(Problem::parse("[1]").is_err());
    assert!(Problem::parse("").is_err());
}

#[test]
fn a_created_connection_is_summarized_without_its_secrets() {
    let body = r#"{"id": "conn_1", "projectId": "p", "provider": "freshdesk", "providerWorkspaceRef": "acme",
        "createTime": "2026-11-29T10:00:00Z", "authScheme": "basic", "status": "working",
        "group": {"groupRef": "g", "groupName": "g", "projectId": "p", "createTime": "2026-11-29T10:00:00Z"},
        "consumer": {"consumerRef": "c", "consumerName": "c", "projectId": "p", "createTime": "2026-11-29T10:00:00Z"}}"#;
    let summary = connect_core::api::ConnectionSummary::from_json(body).unwrap();
    assert_eq!(summary.id, "conn_1");
    assert_eq!(summary.provider, "freshdesk");
    assert_eq!(summary.workspace.as_deref(), Some("acme"));
    assert_eq!(summary.status, Some(connect_core::api::ConnectionStatus::Working));
    assert_eq!(
        connect_core::api::ConnectionSummary::from_json(r#"{"provider": "x"}"#),
        None
    );
    assert_eq!(connect_core::api::ConnectionSummary::from_json(r#"{"id": "#), None);
}
