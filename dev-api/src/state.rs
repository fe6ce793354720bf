//! What every request handler shares, and the parts of it a handler or middleware may take alone
//! (axum substates, [`FromRef`]): the modules that own those parts (`auth`, `faults`, `host`,
//! `static_files`) never name [`AppState`], so the state is built from them and not the other way
//! round.

use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use axum::http::{HeaderMap, StatusCode, header};
use connect_core::catalog::{Catalog, EMBEDDED_CATALOG_JSON, Provider};
use serde_json::{Map, Value};

use crate::auth::{AuthKeys, Caller};
use crate::faults::Armed;
use crate::host::Hosts;
use crate::problem::{ApiError, issue};
use crate::static_files::StaticSite;
use crate::store::{Store, StoredConnection};

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The provider catalog, read.
    pub catalog: Arc<Catalog>,
    /// The provider catalog as JSON objects by name, to answer `GET /v1/providers/{name}` verbatim.
    pub catalog_json: Arc<Map<String, Value>>,
    /// Faults armed through `POST /dev/faults`.
    pub armed: Arc<Mutex<Armed>>,
    /// Token settings.
    pub auth: Arc<AuthKeys>,
    /// The port actually bound, for links when a request has no usable `Host`.
    pub port: u16,
    /// The hosts requests may name (the port bound, `--allowed-host`).
    pub hosts: Arc<Hosts>,
    /// The folder served at `/`, when any.
    pub static_site: Option<Arc<StaticSite>>,
}

impl AppState {
    /// Builds the state around an open store.
    pub fn new(store: Store, auth: AuthKeys, hosts: Hosts, static_site: Option<StaticSite>) -> Self {
        let catalog_json = match serde_json::from_str(EMBEDDED_CATALOG_JSON) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        AppState {
            store,
            catalog: Arc::new(Catalog::embedded()),
            catalog_json: Arc::new(catalog_json),
            armed: Arc::new(Mutex::new(Armed::default())),
            auth: Arc::new(auth),
            port: hosts.port,
            hosts: Arc::new(hosts),
            static_site: static_site.map(Arc::new),
        }
    }

    /// A provider named in a request body, or a 422 with an issue on `provider`.
    pub fn provider(&self, name: &str) -> Result<&Provider, ApiError> {
        self.catalog.get(name).ok_or_else(|| {
            let detail = format!("There is no provider named {name:?}; GET /v1/providers lists them.");
            ApiError::invalid(
                StatusCode::UNPROCESSABLE_ENTITY,
                detail.clone(),
                vec![issue("provider", detail)],
            )
        })
    }

    /// The connection `id` of `project`, if the caller may see it.
    pub async fn connection(&self, caller: &Caller, project: &str, id: &str) -> Result<StoredConnection, ApiError> {
        let (p, i) = (project.to_owned(), id.to_owned());
        let connection = self
            .store
            .run(move |db| db.get(&p, &i))
            .await?
            .ok_or_else(|| ApiError::not_found(format!("Project {project:?} has no connection {id:?}.")))?;
        caller.allow(&connection.group_ref, &connection.consumer_ref)?;
        Ok(connection)
    }

    /// A provider's name to show (its identifier when the catalog has no display name).
    pub fn title(&self, provider: &str) -> String {
        self.catalog
            .get(provider)
            .map(|p| p.title().to_owned())
            .unwrap_or_else(|| provider.to_owned())
    }

    /// `http://host:port` as the client addressed this server, so links work whether it was called
    /// as 127.0.0.1, localhost or through a proxy's `Host`. Falls back to 127.0.0.1 when the header is
    /// missing or not a plain host.
    pub fn origin(&self, headers: &HeaderMap) -> String {
        // Safe only because `host::check` refused every other `Host` before routing (else: link poisoning).
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| {
            !h.is_empty() && h.len() <= 255 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
        match host {
            Some(host) => format!("http://{host}"),
            None => format!("http://127.0.0.1:{}", self.port),
        }
    }
}

impl FromRef<AppState> for Arc<AuthKeys> {
    fn from_ref(state: &AppState) -> Self {
        state.auth.clone()
    }
}

impl FromRef<AppState> for Arc<Mutex<Armed>> {
    fn from_ref(state: &AppState) -> Self {
        state.armed.clone()
    }
}

impl FromRef<AppState> for Arc<Hosts> {
    fn from_ref(state: &AppState) -> Self {
        state.hosts.clone()
    }
}

impl FromRef<AppState> for Option<Arc<StaticSite>> {
    fn from_ref(state: &AppState) -> Self {
        state.static_site.clone()
    }
}
