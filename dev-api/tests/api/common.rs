//! A server on a real socket per test, a client, and the reference schema's validators.

use std::sync::OnceLock;

use dev_api::{Config, ServerHandle};
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::{Value, json};

/// One running server.
pub struct Api {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// A client with no default headers.
    pub client: reqwest::Client,
    handle: Option<ServerHandle>,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub text: String,
}

impl Reply {
    /// The `Content-Type`, or "".
    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// A header, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The body as JSON (panics with the text otherwise).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// Asserts a JSON answer of `status` and returns it.
    pub fn ok_json(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.text);
        assert!(
            self.content_type().starts_with("application/json"),
            "{}",
            self.content_type()
        );
        self.json()
    }

    /// Asserts a Connection answer of `status`, valid against the schema, and returns it.
    pub fn connection(&self, status: u16) -> Value {
        let value = self.ok_json(status);
        testkit::assert_valid(&schemas().connection, &value, "Connection");
        value
    }

    /// Asserts a problem+json answer of `status`, valid against the schema, with a sentence in
    /// `detail`, and returns it.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.content_type(), "application/problem+json", "{}", self.text);
        let value = self.json();
        testkit::assert_valid(&schemas().problem, &value, "InputValidationProblem");
        testkit::assert_valid(&schemas().api_problem, &value, "ApiProblem");
        assert_eq!(value["status"], status, "{value}");
        let detail = value["detail"].as_str().unwrap_or_default();
        assert!(
            detail.len() > 10 && detail.ends_with('.'),
            "detail is not a sentence: {value}"
        );
        assert!(
            value["type"].as_str().is_some_and(|t| t.starts_with("https://")),
            "{value}"
        );
        assert!(value["title"].is_string() && value["requestId"].is_string(), "{value}");
        // The form reads problems with connect-core; everything must come through.
        let read = connect_core::problem::Problem::parse(&self.text).expect("connect-core reads it");
        assert_eq!(read.status, Some(status));
        assert_eq!(read.detail.as_deref(), Some(detail));
        assert_eq!(read.issues.len(), value["issues"].as_array().map_or(0, Vec::len));
        value
    }
}

/// The issue names of a problem.
pub fn issue_names(problem: &Value) -> Vec<String> {
    problem["issues"]
        .as_array()
        .map(|issues| {
            issues
                .iter()
                .map(|i| {
                    assert!(i["in"].as_str().is_some(), "{i}");
                    assert!(i["detail"].as_str().is_some_and(|d| d.ends_with('.')), "{i}");
                    i["name"].as_str().unwrap_or_default().to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The validators, compiled once.
pub struct Schemas {
    /// `Connection`.
    pub connection: jsonschema::Validator,
    /// An array of `Connection`.
    pub connections: jsonschema::Validator,
    /// `InputValidationProblem`.
    pub problem: jsonschema::Validator,
    /// `ApiProblem`.
    pub api_problem: jsonschema::Validator,
    /// `CatalogType`.
    pub catalog: jsonschema::Validator,
    /// `ProviderInfo`.
    pub provider_info: jsonschema::Validator,
    /// `CustomAuthConnectResponse`.
    pub custom_auth_response: jsonschema::Validator,
    /// `GenerateConnectionRequest`, to keep the test bodies honest.
    pub generate_request: jsonschema::Validator,
    /// `UpdateConnectionRequest`.
    pub update_request: jsonschema::Validator,
    /// The `/oauth-connect` body.
    pub oauth_connect_request: jsonschema::Validator,
}

/// The shared validators.
pub fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let mut array = testkit::schema_document();
        array["type"] = json!("array");
        array["items"] = json!({ "$ref": "#/$defs/Connection" });
        Schemas {
            connection: testkit::validator("Connection"),
            connections: jsonschema::validator_for(&array).unwrap(),
            problem: testkit::validator("InputValidationProblem"),
            api_problem: testkit::validator("ApiProblem"),
            catalog: testkit::validator("CatalogType"),
            provider_info: testkit::validator("ProviderInfo"),
            custom_auth_response: testkit::validator("CustomAuthConnectResponse"),
            generate_request: testkit::validator("GenerateConnectionRequest"),
            update_request: testkit::validator("UpdateConnectionRequest"),
            oauth_connect_request: testkit::path_body_validator("/oauth-connect"),
        }
    })
}

impl Api {
    /// A server with an in-memory database on a free port.
    pub async fn start() -> Api {
        Self::with(Config::for_tests()).await
    }

    /// A server with `config`.
    pub async fn with(config: Config) -> Api {
        let (address, handle) = dev_api::serve(config).await.expect("the server starts");
        Api {
            origin: format!("http://{address}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            handle: Some(handle),
        }
    }

    /// Stops the server and waits until it is gone.
    pub async fn stop(mut self) {
        if let Some(handle) = self.handle.take() {
            handle.shutdown().await;
        }
    }

    /// An absolute URL for `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Sends a request built from `builder` and reads the whole answer.
    pub async fn send(&self, builder: reqwest::RequestBuilder) -> Reply {
        let response = builder.send().await.expect("an answer");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        Reply { status, headers, text }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path))).await
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.client.post(self.url(path)).json(body)).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        self.send(self.client.patch(self.url(path)).json(body)).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.client.delete(self.url(path))).await
    }

    /// `POST .../connections:generate` of project `p`.
    pub async fn generate(&self, body: &Value) -> Reply {
        testkit::assert_valid(&schemas().generate_request, body, "test body");
        self.post("/v1/projects/p/connections:generate", body).await
    }

    /// The connections of project `p`, checked against the schema.
    pub async fn list(&self, query: &str) -> Vec<Value> {
        let reply = self.get(&format!("/v1/projects/p/connections{query}")).await;
        let value = reply.ok_json(200);
        testkit::assert_valid(&schemas().connections, &value, "Connection[]");
        value.as_array().unwrap().clone()
    }
}

/// A basic-auth body for Freshdesk (workspace + username + password).
pub fn freshdesk(consumer: &str, password: &str) -> Value {
    json!({
        "groupRef": "g1",
        "consumerRef": consumer,
        "consumerName": "Jane Doe",
        "provider": "freshdesk",
        "providerWorkspaceRef": "acme",
        "providerMetadata": { "workspace": { "value": "acme", "source": "input" } },
        "basicAuth": { "username": "jane@acme.test", "password": password }
    })
}

/// An API-key body for Aircall.
pub fn aircall(consumer: &str, key: &str) -> Value {
    json!({ "groupRef": "g1", "consumerRef": consumer, "provider": "aircall", "apiKey": key })
}
