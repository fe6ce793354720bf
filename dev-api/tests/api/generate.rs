//! `POST /v1/projects/{p}/connections:generate` for each kind of credential, conflicts, and what
//! the API received.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::{Api, aircall, freshdesk, issue_names};

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn received(api: &Api, id: &str) -> (Value, String) {
    let reply = api.get(&format!("/dev/projects/p/connections/{id}/received")).await;
    (reply.ok_json(200), reply.text)
}

#[tokio::test]
async fn basic_auth_with_a_workspace() {
    let api = Api::start().await;
    let password = "correct-horse-ter2";
    let reply = api.generate(&freshdesk("c1", password)).await;
    let connection = reply.connection(201);
    assert!(!reply.text.contains(password), "the secret is echoed: {}", reply.text);
    let id = connection["id"].as_str().unwrap();
    assert!(id.starts_with("conn_") && id.len() == 25, "{id}");
    assert_eq!(connection["provider"], "freshdesk");
    assert_eq!(connection["projectId"], "p");
    assert_eq!(connection["authScheme"], "basic");
    assert_eq!(connection["group"]["groupRef"], "g1");
    assert_eq!(connection["group"]["groupName"], "g1");
    assert_eq!(connection["consumer"]["consumerRef"], "c1");
    assert_eq!(connection["consumer"]["consumerName"], "Jane Doe");
    assert_eq!(connection["providerWorkspaceRef"], "acme");
    assert_eq!(
        connection["providerMetadata"]["workspace"],
        json!({ "value": "acme", "source": "input" })
    );

    let (received, text) = received(&api, id).await;
    assert!(!text.contains(password), "the secret is stored: {text}");
    assert_eq!(received["provider"], "freshdesk");
    assert_eq!(received["credential"], "basicAuth");
    assert_eq!(received["flow"], "generate");
    assert_eq!(received["values"]["basicAuth.username"], "jane@acme.test");
    assert_eq!(
        received["values"]["basicAuth.password"],
        json!({ "sha256": sha256(password), "last4": "ter2" })
    );
    assert_eq!(received["values"]["providerMetadata.workspace"], "acme");

    let listed = api.list("").await;
    assert_eq!(listed, std::slice::from_ref(&connection));
    let got = api.get(&format!("/v1/projects/p/connections/{id}")).await;
    assert_eq!(got.connection(200), connection);
    assert!(!got.text.contains(password));
}

#[tokio::test]
async fn a_pasted_address_is_accepted_as_the_form_accepts_it() {
    let api = Api::start().await;
    let mut body = freshdesk("c1", "correct-horse-ter2");
    body["providerMetadata"]["workspace"]["value"] = json!("https://acme.freshdesk.com/a/tickets");
    body.as_object_mut().unwrap().remove("providerWorkspaceRef");
    let connection = api.generate(&body).await.connection(201);
    assert_eq!(connection["providerWorkspaceRef"], "acme");
    assert_eq!(connection["providerMetadata"]["workspace"]["value"], "acme");
    let (received, _) = received(&api, connection["id"].as_str().unwrap()).await;
    assert_eq!(
        received["values"]["providerMetadata.workspace"], "https://acme.freshdesk.com/a/tickets",
        "the record shows what arrived"
    );
}

#[tokio::test]
async fn every_credential_kind() {
    let api = Api::start().await;
    let cases = [
        (aircall("c1", "ak_live_0123456789"), "apiKey", "apiKey", "apiKey"),
        (
            json!({
                "groupRef": "g1", "consumerRef": "c1", "provider": "adobe",
                "oauth2ClientCredentials": {
                    "clientId": "client-1", "clientSecret": "cs_0123456789abcdef", "scopes": ["openid", "read"]
                }
            }),
            "oauth2/clientCredentials",
            "oauth2ClientCredentials",
            "oauth2ClientCredentials.clientSecret",
        ),
        (
            json!({
                "groupRef": "g1", "consumerRef": "c1", "provider": "sugarCRM",
                "providerWorkspaceRef": "https://acme.sugarondemand.com",
                "providerMetadata": { "workspace": { "value": "https://acme.sugarondemand.com", "source": "input" } },
                "oauth2PasswordCredentials": {
                    "username": "jane", "password": "pw-0123456789ab", "clientId": "sugar", "clientSecret": "sugar-secret-1"
                }
            }),
            "oauth2/password",
            "oauth2PasswordCredentials",
            "oauth2PasswordCredentials.password",
        ),
        (
            json!({
                "groupRef": "g1", "consumerRef": "c1", "provider": "gitlab",
                "customAuth": { "token": "glpat-0123456789abcdef" }
            }),
            "none",
            "customAuth",
            "customAuth.token",
        ),
        (
            json!({
                "groupRef": "g1", "consumerRef": "c1", "provider": "asana",
                "oauth2AuthorizationCode": {
                    "accessToken": { "token": "at-0123456789abcdef", "expiresAt": "2030-01-01T00:00:00Z" },
                    "refreshToken": { "token": "rt-0123456789abcdef" },
                    "scopes": ["default"]
                }
            }),
            "oauth2/authorizationCode",
            "oauth2AuthorizationCode",
            "oauth2AuthorizationCode.accessToken.token",
        ),
        (
            json!({
                "groupRef": "g1", "consumerRef": "c1", "provider": "airtable",
                "oauth2AuthorizationCode": { "accessToken": { "token": "at-pkce-0123456789" } }
            }),
            "oauth2/authorizationCodePKCE",
            "oauth2AuthorizationCode",
            "oauth2AuthorizationCode.accessToken.token",
        ),
    ];
    for (body, scheme, credential, secret_path) in cases {
        let reply = api.generate(&body).await;
        let connection = reply.connection(201);
        assert_eq!(connection["authScheme"], scheme, "{body}");
        for secret in [
            "ak_live_0123456789",
            "cs_0123456789abcdef",
            "pw-0123456789ab",
            "glpat-0123456789abcdef",
        ] {
            assert!(!reply.text.contains(secret), "{}", reply.text);
        }
        assert!(!reply.text.contains("at-0123456789abcdef") && !reply.text.contains("sugar-secret-1"));
        let (received, text) = received(&api, connection["id"].as_str().unwrap()).await;
        assert_eq!(received["credential"], credential);
        let hidden = &received["values"][secret_path];
        assert!(hidden["sha256"].as_str().is_some_and(|h| h.len() == 64), "{received}");
        assert!(!text.contains("0123456789ab"), "a secret is stored: {text}");
    }
    let (received, _) = received(&api, api.list("?provider=adobe").await[0]["id"].as_str().unwrap()).await;
    assert_eq!(received["values"]["oauth2ClientCredentials.clientId"], "client-1");
    assert_eq!(
        received["values"]["oauth2ClientCredentials.scopes"],
        json!(["openid", "read"])
    );
    let sugar = &api.list("?provider=sugarCRM").await[0];
    assert_eq!(sugar["providerWorkspaceRef"], "https://acme.sugarondemand.com");
    assert_eq!(api.list("").await.len(), 6);
}

#[tokio::test]
async fn a_second_connection_for_the_same_end_user_is_a_conflict() {
    let api = Api::start().await;
    let first = api.generate(&aircall("c1", "ak_live_0123456789")).await.connection(201);
    let id = first["id"].as_str().unwrap();
    let problem = api.generate(&aircall("c1", "ak_live_9999999999")).await.problem(409);
    assert!(problem["detail"].as_str().unwrap().contains(id), "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("Update it"), "{problem}");
    assert_eq!(problem["context"]["connectionId"], id);
    assert!(problem["remedy"].as_str().unwrap().contains("PATCH"));
    // Another consumer, group or project is another end user.
    api.generate(&aircall("c2", "ak_live_0123456789")).await.connection(201);
    let mut other_group = aircall("c1", "ak_live_0123456789");
    other_group["groupRef"] = json!("g2");
    api.generate(&other_group).await.connection(201);
    let other_project = api
        .post(
            "/v1/projects/q/connections:generate",
            &aircall("c1", "ak_live_0123456789"),
        )
        .await;
    assert_eq!(other_project.connection(201)["projectId"], "q");
    assert_eq!(api.list("?consumerRef=c1&groupRef=g1").await.len(), 1);
}

#[tokio::test]
async fn refused_values_are_named() {
    let api = Api::start().await;
    let mut body = freshdesk("c1", "");
    body["providerMetadata"]["workspace"]["value"] = json!("not a domain!");
    body["providerWorkspaceRef"] = json!("not a domain!");
    let problem = api.generate(&body).await.problem(422);
    let names = issue_names(&problem);
    assert_eq!(names, ["providerMetadata.workspace", "basicAuth.password"], "{problem}");
    let issues = problem["issues"].as_array().unwrap();
    assert_eq!(issues[1]["detail"], "Password is required.");
    assert!(
        issues[0]["detail"].as_str().unwrap().starts_with("Domain must be"),
        "{problem}"
    );
    assert_eq!(issues[0]["in"], "body");
    // A credential of another provider, and the missing one.
    let wrong = json!({
        "groupRef": "g1", "consumerRef": "c1", "provider": "aircall",
        "basicAuth": { "username": "u", "password": "p" }
    });
    let problem = api.generate(&wrong).await.problem(422);
    assert_eq!(issue_names(&problem), ["basicAuth", "apiKey"]);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("Aircall does not use basicAuth"),
        "{problem}"
    );
    // A provider connected through a sign-in, not generate.
    let oauth = json!({ "groupRef": "g1", "consumerRef": "c1", "provider": "asana" });
    let problem = api.generate(&oauth).await.problem(422);
    assert_eq!(issue_names(&problem), ["provider"]);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("/v1/oauth-connect")
    );
    assert!(api.list("").await.is_empty());
}
