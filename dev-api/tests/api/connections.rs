//! List, read, delete and update connections.

use serde_json::{Value, json};

use crate::common::{Api, aircall, freshdesk, issue_names, schemas};

async fn create(api: &Api, body: &Value) -> String {
    let connection = api.generate(body).await.connection(201);
    connection["id"].as_str().unwrap().to_owned()
}

async fn received(api: &Api, id: &str) -> Value {
    api.get(&format!("/dev/projects/p/connections/{id}/received"))
        .await
        .ok_json(200)
}

#[tokio::test]
async fn list_filters() {
    let api = Api::start().await;
    create(&api, &aircall("c1", "ak_live_0123456789")).await;
    create(&api, &aircall("c2", "ak_live_0123456789")).await;
    create(&api, &freshdesk("c1", "correct-horse-ter2")).await;
    assert_eq!(api.list("").await.len(), 3);
    assert_eq!(api.list("?provider=aircall").await.len(), 2);
    assert_eq!(api.list("?consumerRef=c1").await.len(), 2);
    assert_eq!(api.list("?provider=aircall&consumerRef=c2&groupRef=g1").await.len(), 1);
    assert_eq!(api.list("?groupRef=g2").await.len(), 0);
    assert_eq!(api.list("?includeCreds=true&unknown=1").await.len(), 3);
    // Oldest first.
    let listed = api.list("").await;
    assert_eq!(listed[0]["consumer"]["consumerRef"], "c1");
    assert_eq!(listed[2]["provider"], "freshdesk");
    // Another project sees nothing.
    let other = api.get("/v1/projects/q/connections").await.ok_json(200);
    assert_eq!(other, json!([]));
}

#[tokio::test]
async fn get_and_delete() {
    let api = Api::start().await;
    let id = create(&api, &aircall("c1", "ak_live_0123456789")).await;
    let path = format!("/v1/projects/p/connections/{id}");
    assert_eq!(api.get(&path).await.connection(200)["id"], id.as_str());
    api.get(&format!("/v1/projects/q/connections/{id}")).await.problem(404);
    api.get("/v1/projects/p/connections/conn_00000000000000000000")
        .await
        .problem(404);
    let reply = api.delete(&path).await;
    assert_eq!(reply.status, 204);
    assert!(reply.text.is_empty());
    let problem = api.get(&path).await.problem(404);
    assert!(problem["detail"].as_str().unwrap().contains(&id));
    api.delete(&path).await.problem(404);
    api.get(&format!("/dev/projects/p/connections/{id}/received"))
        .await
        .problem(404);
    assert!(api.list("").await.is_empty());
    // Once deleted, the end user can connect again.
    create(&api, &aircall("c1", "ak_live_0123456789")).await;
}

#[tokio::test]
async fn rotate_an_api_key() {
    let api = Api::start().await;
    let id = create(&api, &aircall("c1", "ak_live_0123456789")).await;
    let before = received(&api, &id).await;
    let body = json!({ "updateMask": ["apiKey"], "connection": { "apiKey": "ak_live_rotated_0002" } });
    testkit::assert_valid(&schemas().update_request, &body, "test body");
    let reply = api.patch(&format!("/v1/projects/p/connections/{id}"), &body).await;
    let connection = reply.connection(200);
    assert!(!reply.text.contains("ak_live_rotated_0002"));
    assert_eq!(connection["id"], id.as_str());
    assert!(connection["updateTime"].is_string(), "{connection}");
    let after = received(&api, &id).await;
    assert_ne!(before["values"]["apiKey"], after["values"]["apiKey"]);
    assert_eq!(after["values"]["apiKey"]["last4"], "0002");
    assert_eq!(api.list("").await, [connection]);
}

#[tokio::test]
async fn only_masked_parts_change() {
    let api = Api::start().await;
    let id = create(&api, &freshdesk("c1", "correct-horse-ter2")).await;
    let path = format!("/v1/projects/p/connections/{id}");
    let before = received(&api, &id).await;
    // New metadata; the workspace ref and the password in the body are not masked.
    let body = json!({
        "updateMask": ["providerMetadata"],
        "connection": {
            "providerWorkspaceRef": "globex",
            "providerMetadata": { "workspace": { "value": "globex", "source": "input" } },
            "basicAuth": { "username": "x", "password": "not-applied-secret" }
        }
    });
    let connection = api.patch(&path, &body).await.connection(200);
    assert_eq!(connection["providerMetadata"]["workspace"]["value"], "globex");
    assert_eq!(connection["providerWorkspaceRef"], "acme");
    let after = received(&api, &id).await;
    assert_eq!(
        after["values"]["basicAuth.password"],
        before["values"]["basicAuth.password"]
    );
    assert_eq!(after["values"]["basicAuth.username"], "jane@acme.test");
    assert_eq!(after["values"]["providerMetadata.workspace"], "globex");
    // Both parts, and new basic credentials.
    let body = json!({
        "updateMask": ["providerWorkspaceRef", "providerMetadata", "basicAuth"],
        "connection": {
            "providerWorkspaceRef": "initech",
            "providerMetadata": { "workspace": { "value": "initech", "source": "input" } },
            "basicAuth": { "username": "bob", "password": "new-password-0003" }
        }
    });
    let connection = api.patch(&path, &body).await.connection(200);
    assert_eq!(connection["providerWorkspaceRef"], "initech");
    let after = received(&api, &id).await;
    assert_eq!(after["values"]["basicAuth.username"], "bob");
    assert_eq!(after["values"]["basicAuth.password"]["last4"], "0003");
}

#[tokio::test]
async fn refused_updates_change_nothing() {
    let api = Api::start().await;
    let id = create(&api, &aircall("c1", "ak_live_0123456789")).await;
    let path = format!("/v1/projects/p/connections/{id}");
    let before = api.get(&path).await.connection(200);
    let before_received = received(&api, &id).await;

    let problem = api
        .patch(
            &path,
            &json!({ "updateMask": ["groupRef", "apiKey"], "connection": {} }),
        )
        .await
        .problem(400);
    assert_eq!(issue_names(&problem), ["updateMask[0]"]);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("providerMetadata")
    );
    let problem = api
        .patch(&path, &json!({ "updateMask": [], "connection": {} }))
        .await
        .problem(400);
    assert_eq!(issue_names(&problem), ["updateMask"]);
    let problem = api.patch(&path, &json!({ "apiKey": "x" })).await.problem(400);
    assert_eq!(issue_names(&problem), ["updateMask", "connection"]);
    let problem = api
        .patch(
            &path,
            &json!({ "updateMask": ["basicAuth"], "connection": { "basicAuth": { "username": "u", "password": "p" } } }),
        )
        .await
        .problem(422);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("no basicAuth")
    );
    let problem = api
        .patch(
            &path,
            &json!({ "updateMask": ["apiKey"], "connection": { "apiKey": "  " } }),
        )
        .await
        .problem(422);
    assert_eq!(issue_names(&problem), ["apiKey"]);
    assert_eq!(problem["issues"][0]["detail"], "API key is required.");
    let problem = api
        .patch(
            &path,
            &json!({ "updateMask": ["apiKey"], "connection": { "apiKey": "a\u{200B}b" } }),
        )
        .await
        .problem(422);
    assert!(problem["issues"][0]["detail"].as_str().unwrap().contains("invisible"));
    api.patch(
        "/v1/projects/p/connections/conn_00000000000000000000",
        &json!({ "updateMask": ["apiKey"], "connection": { "apiKey": "k" } }),
    )
    .await
    .problem(404);
    api.patch(&format!("{path}:frobnicate"), &json!({})).await.problem(404);

    assert_eq!(api.get(&path).await.connection(200), before);
    assert_eq!(received(&api, &id).await, before_received);
}
