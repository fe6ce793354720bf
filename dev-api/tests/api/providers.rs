//! `GET /v1/providers`, `GET /v1/providers/{provider}`.

use connect_core::catalog::EMBEDDED_CATALOG_JSON;

use crate::common::{Api, schemas};

#[tokio::test]
async fn the_catalog_is_served_verbatim() {
    let api = Api::start().await;
    let reply = api.get("/v1/providers").await;
    let catalog = reply.ok_json(200);
    assert_eq!(reply.text, EMBEDDED_CATALOG_JSON);
    testkit::assert_valid(&schemas().catalog, &catalog, "CatalogType");
    assert!(catalog.as_object().unwrap().len() > 200);
}

#[tokio::test]
async fn one_provider() {
    let api = Api::start().await;
    let provider = api.get("/v1/providers/freshdesk").await.ok_json(200);
    testkit::assert_valid(&schemas().provider_info, &provider, "ProviderInfo");
    assert_eq!(provider["name"], "freshdesk");
    assert_eq!(provider["displayName"], "Freshdesk");

    let problem = api.get("/v1/providers/noSuchThing").await.problem(404);
    assert!(problem["detail"].as_str().unwrap().contains("noSuchThing"));
}
