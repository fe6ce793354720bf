//! The fields each auth type asks for, and how their values are checked.

use connect_core::catalog::{Catalog, Provider};
use connect_core::form::{Credential, FieldKind, Flow, FormSpec, Label, Part, StandardLabel, Target, Unsupported};
use connect_core::validate::{FieldErrorKind, FormValues, MAX_SECRET, MAX_TEXT, check_field, validate};

fn spec(name: &str, module: Option<&str>) -> FormSpec {
    FormSpec::for_provider(Catalog::embedded().get(name).unwrap(), module)
}

fn targets(spec: &FormSpec) -> Vec<String> {
    spec.fields.iter().map(|f| f.path()).collect()
}

fn provider(json: &str) -> Provider {
    Provider::from_json(json).unwrap()
}

#[test]
fn api_key() {
    let spec = spec("activeCampaign", None);
    assert_eq!(spec.flow, Flow::Generate(Credential::ApiKey));
    assert_eq!(targets(&spec), ["providerMetadata.workspace", "apiKey"]);
    let key = &spec.fields[1];
    assert_eq!(key.kind, FieldKind::Secret);
    assert_eq!(key.label, Label::Standard(StandardLabel::ApiKey));
    assert!(key.required);
    assert!(key.docs_url.as_deref().unwrap().starts_with("https://"));
    assert_eq!(key.autocomplete, "current-password");
    assert_eq!(spec.fields[0].label, Label::Catalog("Account name".into()));
}

#[test]
fn basic() {
    let spec = spec("freshdesk", None);
    assert_eq!(
        targets(&spec),
        ["providerMetadata.workspace", "basicAuth.username", "basicAuth.password"]
    );
    assert_eq!(spec.fields[1].autocomplete, "username");
    assert_eq!(spec.fields[2].kind, FieldKind::Secret);
    let mailgun = self::spec("mailgun", None);
    assert!(mailgun.fields.iter().all(|f| f.docs_url.is_some()));
}

#[test]
fn basic_with_an_api_key_as_one_half() {
    let p = provider(
        r#"{"name": "k", "authType": "basic", "baseURL": "https://k", "defaultModule": "",
            "basicOpts": {"apiKeyAsBasic": true, "apiKeyAsBasicOpts": {"fieldUsed": "username"}}}"#,
    );
    let spec = FormSpec::for_provider(&p, None);
    assert_eq!(targets(&spec), ["basicAuth.username"]);
    assert_eq!(spec.fields[0].label, Label::Standard(StandardLabel::ApiKey));
    assert_eq!(spec.fields[0].kind, FieldKind::Secret);
}

#[test]
fn custom_inputs_by_field_type() {
    let spec = spec("redtail", None);
    assert_eq!(spec.flow, Flow::MultiStep);
    assert_eq!(
        targets(&spec),
        [
            "providerMetadata.region",
            "customAuth.apiKey",
            "customAuth.username",
            "customAuth.password"
        ]
    );
    assert_eq!(spec.fields[1].kind, FieldKind::Secret);
    assert_eq!(spec.fields[2].kind, FieldKind::Text);
    assert_eq!(spec.fields[2].autocomplete, "username");
    assert_eq!(spec.fields[0].example.as_deref(), Some("crm"));

    let gitlab = self::spec("gitlab", None);
    assert_eq!(gitlab.flow, Flow::Generate(Credential::Custom));
    assert_eq!(
        gitlab.fields[0].kind,
        FieldKind::Secret,
        "absent fieldType means password"
    );
    assert_eq!(gitlab.fields[0].label, Label::Catalog("Access Token".into()));

    let select = provider(
        r#"{"name": "s", "authType": "custom", "baseURL": "https://s", "defaultModule": "",
            "customOpts": {"inputs": [{"name": "env", "displayName": "Environment", "fieldType": "fieldTypeSelect",
              "options": [{"value": "prod", "label": "Production"}, {"value": "dev", "label": "Sandbox"}]}],
              "providerInputs": [{"name": "secret", "displayName": "Builder's secret"}]}}"#,
    );
    let spec = FormSpec::for_provider(&select, None);
    assert_eq!(targets(&spec), ["customAuth.env"], "providerInputs are never asked");
    let field = &spec.fields[0];
    assert!(matches!(&field.kind, FieldKind::Select(options) if options.len() == 2));
    assert_eq!(check_field(field, "prod").unwrap().value.unwrap().text(), "prod");
    assert_eq!(check_field(field, "Production"), Err(FieldErrorKind::NotAnOption));
}

#[test]
fn client_credentials_with_and_without_scopes() {
    let adobe = spec("adobe", None);
    assert_eq!(adobe.flow, Flow::Generate(Credential::ClientCredentials));
    assert_eq!(
        targets(&adobe),
        [
            "oauth2ClientCredentials.clientId",
            "oauth2ClientCredentials.clientSecret",
            "oauth2ClientCredentials.scopes"
        ]
    );
    assert_eq!(adobe.fields[2].kind, FieldKind::Scopes);
    assert!(adobe.fields[2].required);
    let marketo = spec("marketo", None);
    assert_eq!(
        targets(&marketo),
        [
            "providerMetadata.workspace",
            "oauth2ClientCredentials.clientId",
            "oauth2ClientCredentials.clientSecret"
        ]
    );
}

#[test]
fn password_grant_is_marked_legacy() {
    let sugar = spec("sugarCRM", None);
    assert!(sugar.legacy_grant());
    assert_eq!(
        targets(&sugar),
        [
            "providerMetadata.workspace",
            "oauth2PasswordCredentials.username",
            "oauth2PasswordCredentials.password",
            "oauth2PasswordCredentials.clientId",
            "oauth2PasswordCredentials.clientSecret",
            "oauth2PasswordCredentials.scopes"
        ]
    );
    assert!(!sugar.fields[5].required, "sugarCRM does not require explicit scopes");
    assert!(!spec("adobe", None).legacy_grant());
}

#[test]
fn authorization_code_asks_only_what_sign_in_needs() {
    let hubspot = spec("hubspot", None);
    assert_eq!(hubspot.flow, Flow::ContinueWithProvider { pkce: false });
    assert!(hubspot.fields.is_empty());
    let zendesk = spec("zendeskSupport", None);
    assert_eq!(targets(&zendesk), ["providerMetadata.workspace"]);
    assert!(zendesk.fields[0].required);
    let salesforce = spec("salesforce", None);
    assert_eq!(salesforce.flow, Flow::ContinueWithProvider { pkce: true });
    assert_eq!(targets(&salesforce), ["providerMetadata.workspace"]);
    assert!(
        !salesforce.fields[0].required,
        "the API learns Salesforce's My Domain from the token"
    );
}

#[test]
fn metadata_inputs_follow_the_module() {
    // Explicit module.
    let restlet = spec("netsuite", Some("restlet"));
    assert_eq!(
        targets(&restlet),
        [
            "providerMetadata.workspace",
            "providerMetadata.scriptId",
            "providerMetadata.deployId"
        ]
    );
    // The default module (restapi) when none is given.
    assert_eq!(targets(&spec("netsuite", None)), ["providerMetadata.workspace"]);
    let engagement = spec("salesforce", Some("account-engagement"));
    assert_eq!(
        targets(&engagement),
        ["providerMetadata.workspace", "providerMetadata.businessUnitId"]
    );
    // No module at all: every input.
    let p = provider(
        r#"{"name": "m", "authType": "apiKey", "baseURL": "https://m", "defaultModule": "",
            "metadata": {"input": [{"name": "a"}, {"name": "b", "moduleDependencies": {"x": {}}}]}}"#,
    );
    assert_eq!(
        targets(&FormSpec::for_provider(&p, None)),
        ["providerMetadata.a", "providerMetadata.b", "apiKey"]
    );
    assert_eq!(
        targets(&FormSpec::for_provider(&p, Some("y"))),
        ["providerMetadata.a", "apiKey"]
    );
    assert_eq!(
        FormSpec::for_provider(&p, None).fields[0].label,
        Label::Catalog("a".into())
    );
}

#[test]
fn unsupported_auth_types_say_why() {
    let make = |auth: &str| {
        FormSpec::for_provider(
            &provider(&format!(
                r#"{{"name": "u", "authType": "{auth}", "baseURL": "https://u", "defaultModule": ""}}"#
            )),
            None,
        )
    };
    assert_eq!(make("jwt").flow, Flow::Unsupported(Unsupported::Jwt));
    assert_eq!(make("none").flow, Flow::Unsupported(Unsupported::NoAuth));
    assert_eq!(
        make("quantum").flow,
        Flow::Unsupported(Unsupported::UnknownAuthType("quantum".into()))
    );
    assert_eq!(
        make("oauth2").flow,
        Flow::Unsupported(Unsupported::MissingOptions("oauth2Opts"))
    );
    assert_eq!(
        spec("snowflake", None).flow,
        Flow::Unsupported(Unsupported::NothingToAsk)
    );
    let grant = provider(
        r#"{"name": "g", "authType": "oauth2", "baseURL": "https://g", "defaultModule": "",
            "oauth2Opts": {"grantType": "deviceCode", "tokenURL": "https://g/t", "explicitScopesRequired": false,
            "explicitWorkspaceRequired": false, "tokenMetadataFields": {}}}"#,
    );
    assert_eq!(
        FormSpec::for_provider(&grant, None).flow,
        Flow::Unsupported(Unsupported::UnknownGrantType("deviceCode".into()))
    );
    assert!(make("jwt").fields.is_empty());
    assert_eq!(
        FormSpec::token_import(
            &provider(r#"{"name": "u", "authType": "apiKey", "baseURL": "https://u"}"#),
            None
        )
        .flow,
        Flow::Unsupported(Unsupported::NoTokenImport)
    );
}

#[test]
fn checks_on_every_kind_of_value() {
    let spec = spec("freshdesk", None);
    let username = spec.field(&Target::Basic(Part::Username)).unwrap();
    let password = spec.field(&Target::Basic(Part::Password)).unwrap();
    assert_eq!(check_field(username, "   "), Err(FieldErrorKind::Required));
    assert_eq!(
        check_field(username, "jane\u{0}"),
        Err(FieldErrorKind::ControlCharacter)
    );
    assert_eq!(
        check_field(username, "ja\u{200B}ne"),
        Err(FieldErrorKind::ControlCharacter)
    );
    assert_eq!(
        check_field(username, &"x".repeat(MAX_TEXT + 1)),
        Err(FieldErrorKind::TooLong { max: MAX_TEXT })
    );
    assert_eq!(check_field(username, " jane ").unwrap().value.unwrap().text(), "jane");
    // Passwords keep their spaces: they may be part of it.
    assert_eq!(
        check_field(password, " pass word ").unwrap().value.unwrap().text(),
        " pass word "
    );
    assert_eq!(
        check_field(password, &"x".repeat(MAX_SECRET))
            .unwrap()
            .value
            .unwrap()
            .text()
            .len(),
        MAX_SECRET
    );
    assert_eq!(
        check_field(password, &"x".repeat(MAX_SECRET + 1)),
        Err(FieldErrorKind::TooLong { max: MAX_SECRET })
    );

    let errors = validate(&spec, &FormValues::new()).unwrap_err();
    let named: Vec<String> = errors.iter().map(|e| e.target.path()).collect();
    assert_eq!(
        named,
        ["providerMetadata.workspace", "basicAuth.username", "basicAuth.password"]
    );
    assert!(errors.iter().all(|e| e.kind == FieldErrorKind::Required));
}

#[test]
fn scopes_and_dates() {
    let adobe = spec("adobe", None);
    let scopes = adobe.field(&Target::ClientCredentials(Part::Scopes)).unwrap();
    let checked = check_field(scopes, "openid, AdobeID\nread_organizations openid").unwrap();
    assert_eq!(checked.value.unwrap().text(), "openid AdobeID read_organizations");
    assert_eq!(check_field(scopes, " , "), Err(FieldErrorKind::Required));
    assert_eq!(
        check_field(scopes, &"s".repeat(257)),
        Err(FieldErrorKind::ScopeTooLong { max: 256 })
    );
    let many: Vec<String> = (0..101).map(|i| format!("s{i}")).collect();
    assert_eq!(
        check_field(scopes, &many.join(" ")),
        Err(FieldErrorKind::TooManyScopes { max: 100 })
    );

    let import = FormSpec::token_import(Catalog::embedded().get("hubspot").unwrap(), None);
    let expiry = import.field(&Target::Tokens(Part::AccessTokenExpiresAt)).unwrap();
    assert!(check_field(expiry, "2027-01-31T12:00:00+01:00").is_ok());
    assert_eq!(check_field(expiry, "next week"), Err(FieldErrorKind::InvalidDateTime));
    assert_eq!(check_field(expiry, "").unwrap().value, None);
}

#[test]
fn problem_issue_paths_find_their_fields() {
    let spec = spec("freshdesk", None);
    let find = |path: &str| spec.field_for_path(path).map(|f| f.path());
    assert_eq!(find("basicAuth.username").as_deref(), Some("basicAuth.username"));
    assert_eq!(find("/basicAuth/password").as_deref(), Some("basicAuth.password"));
    assert_eq!(find("body.basicAuth.password").as_deref(), Some("basicAuth.password"));
    assert_eq!(
        find("providerWorkspaceRef").as_deref(),
        Some("providerMetadata.workspace")
    );
    assert_eq!(
        find("providerMetadata.workspace.value").as_deref(),
        Some("providerMetadata.workspace")
    );
    assert_eq!(find("basicAuth"), None);
    assert_eq!(find("apiKey"), None);
    let adobe = self::spec("adobe", None);
    assert_eq!(
        adobe
            .field_for_path("oauth2ClientCredentials.scopes[2]")
            .map(|f| f.path())
            .as_deref(),
        Some("oauth2ClientCredentials.scopes")
    );
}

#[test]
fn dom_ids_are_safe() {
    let spec = spec("talkdesk", None);
    let ids: Vec<String> = spec.fields.iter().map(|f| f.dom_id()).collect();
    assert_eq!(
        ids,
        [
            "f-providerMetadata-workspace",
            "f-providerMetadata-talkdesk_api_domain",
            "f-providerMetadata-talkdesk_token_domain"
        ]
    );
}
