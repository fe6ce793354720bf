//! Storage: connections and flow sessions in SQLite, so they survive a restart.
//!
//! One SQLite connection behind a mutex: every piece of work runs whole before the next starts, so a
//! read-then-write (an OAuth approval, a custom-auth completion) cannot interleave with another
//! request's. The UNIQUE index on project + provider + group + consumer makes the database itself
//! refuse a second connection for the same end user, however requests race. Work runs on tokio's
//! blocking pool so a slow disk never stalls the server's event loop.

use std::collections::BTreeMap;
use std::fs;
use std::sync::{Arc, Mutex, PoisonError};

use axum::http::StatusCode;
use connect_core::api::{Connection, ConnectionStatus, Consumer, Group, MetadataValue};
use rusqlite::{ErrorCode, OptionalExtension, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::clock;
use crate::config::Database;
use crate::problem::ApiError;
use crate::received::Received;

/// A connection as stored: what the API returns, plus what arrived with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredConnection {
    /// `conn_` and 20 hex characters.
    pub id: String,
    /// The project from the path (`projectIdOrName`), used as `projectId`.
    pub project: String,
    /// The provider.
    pub provider: String,
    /// The end user's group.
    pub group_ref: String,
    /// The group's display name, when given.
    pub group_name: Option<String>,
    /// The end user.
    pub consumer_ref: String,
    /// The end user's display name, when given.
    pub consumer_name: Option<String>,
    /// The provider workspace.
    pub workspace_ref: Option<String>,
    /// Metadata values, by name.
    pub metadata: BTreeMap<String, MetadataValue>,
    /// `apiKey`, `basic`, `oauth2/authorizationCode`, ...
    pub auth_scheme: String,
    /// When it was created (seconds since the epoch).
    pub create_time: i64,
    /// When it last changed.
    pub update_time: Option<i64>,
    /// What arrived with it (secrets as hashes only).
    pub received: Received,
}

impl StoredConnection {
    /// The connection as the API returns it: no secret, no record of what arrived.
    pub fn to_api(&self) -> Connection {
        let created = clock::rfc3339(self.create_time);
        let name = |name: &Option<String>, fallback: &str| name.clone().unwrap_or_else(|| fallback.to_owned());
        Connection {
            id: self.id.clone(),
            project_id: self.project.clone(),
            provider: self.provider.clone(),
            group: Group {
                group_ref: self.group_ref.clone(),
                group_name: name(&self.group_name, &self.group_ref),
                project_id: self.project.clone(),
                create_time: created.clone(),
                update_time: None,
            },
            consumer: Consumer {
                consumer_ref: self.consumer_ref.clone(),
                consumer_name: name(&self.consumer_name, &self.consumer_ref),
                project_id: self.project.clone(),
                create_time: created.clone(),
                update_time: None,
            },
            provider_workspace_ref: self.workspace_ref.clone(),
            create_time: created,
            update_time: self.update_time.map(clock::rfc3339),
            auth_scheme: self.auth_scheme.clone(),
            status: ConnectionStatus::Working,
            provider_metadata: (!self.metadata.is_empty()).then(|| self.metadata.clone()),
        }
    }
}

/// Filters of `GET /v1/projects/{p}/connections`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this provider.
    pub provider: Option<String>,
    /// Only this group.
    pub group_ref: Option<String>,
    /// Only this consumer.
    pub consumer_ref: Option<String>,
}

/// The database, shared by every request.
#[derive(Clone)]
pub struct Store {
    db: Arc<Mutex<Db>>,
}

/// The open database, as work sees it inside [`Store::run`].
pub struct Db {
    conn: rusqlite::Connection,
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        // The message names the statement's failure (a constraint, a full disk), never a value.
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            format!("The dev-api database failed: {error}."),
        )
    }
}

fn json_error(error: serde_json::Error) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "storage",
        format!("A stored record could not be read: {error}."),
    )
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS connections (
    id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    provider TEXT NOT NULL,
    group_ref TEXT NOT NULL,
    consumer_ref TEXT NOT NULL,
    created INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS connections_identity
    ON connections (project, provider, group_ref, consumer_ref);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created INTEGER NOT NULL,
    record TEXT NOT NULL
);
";

impl Store {
    /// Opens (and creates when missing) the database, with its folder.
    pub fn open(database: &Database) -> Result<Store, String> {
        let conn = match database {
            Database::Memory => rusqlite::Connection::open_in_memory(),
            Database::File(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                rusqlite::Connection::open(path)
            }
        }
        .map_err(|e| format!("cannot open the database: {e}"))?;
        if matches!(database, Database::File(_)) {
            // WAL: a commit is one append, and a reader (sqlite3 on the command line) never blocks us.
            conn.pragma_update(None, "journal_mode", "WAL")
                .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
                .map_err(|e| format!("cannot set up the database: {e}"))?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .and_then(|_| conn.execute_batch(SCHEMA))
            .map_err(|e| format!("cannot set up the database: {e}"))?;
        Ok(Store {
            db: Arc::new(Mutex::new(Db { conn })),
        })
    }

    /// Runs `work` alone on the database, off the event loop.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db) -> Result<T, ApiError> + Send + 'static,
    {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || {
            // A panic in earlier work leaves the data as SQLite committed it; carry on.
            let mut guard = db.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut guard)
        })
        .await
        .unwrap_or_else(|e| {
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage",
                format!("Database work failed: {e}."),
            ))
        })
    }
}

impl Db {
    /// Stores a new connection. `Ok(Some(id))` when that provider, group and consumer already have
    /// connection `id` in the project (nothing is stored then).
    pub fn insert(&mut self, connection: &StoredConnection) -> Result<Option<String>, ApiError> {
        let record = serde_json::to_string(connection).map_err(json_error)?;
        let result = self.conn.execute(
            "INSERT INTO connections (id, project, provider, group_ref, consumer_ref, created, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                connection.id,
                connection.project,
                connection.provider,
                connection.group_ref,
                connection.consumer_ref,
                connection.create_time,
                record
            ],
        );
        match result {
            Ok(_) => Ok(None),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
                let existing = self.find(
                    &connection.project,
                    &connection.provider,
                    &connection.group_ref,
                    &connection.consumer_ref,
                )?;
                match existing {
                    Some(existing) => Ok(Some(existing.id)),
                    // The id itself collided (80 random bits: practically never); say so.
                    None => Err(rusqlite::Error::SqliteFailure(e, None).into()),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Writes back a changed connection (same id).
    pub fn update(&mut self, connection: &StoredConnection) -> Result<(), ApiError> {
        let record = serde_json::to_string(connection).map_err(json_error)?;
        self.conn.execute(
            "UPDATE connections SET record = ?2 WHERE id = ?1",
            params![connection.id, record],
        )?;
        Ok(())
    }

    /// A connection of a project.
    pub fn get(&mut self, project: &str, id: &str) -> Result<Option<StoredConnection>, ApiError> {
        let record: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM connections WHERE project = ?1 AND id = ?2",
                params![project, id],
                |row| row.get(0),
            )
            .optional()?;
        record.map(|r| parse(&r)).transpose()
    }

    /// The connection of one end user to one provider.
    pub fn find(
        &mut self,
        project: &str,
        provider: &str,
        group_ref: &str,
        consumer_ref: &str,
    ) -> Result<Option<StoredConnection>, ApiError> {
        let record: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM connections
                 WHERE project = ?1 AND provider = ?2 AND group_ref = ?3 AND consumer_ref = ?4",
                params![project, provider, group_ref, consumer_ref],
                |row| row.get(0),
            )
            .optional()?;
        record.map(|r| parse(&r)).transpose()
    }

    /// The connections of a project that pass `filter`, oldest first.
    pub fn list(&mut self, project: &str, filter: &Filter) -> Result<Vec<StoredConnection>, ApiError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT record FROM connections
             WHERE project = ?1
               AND (?2 IS NULL OR provider = ?2)
               AND (?3 IS NULL OR group_ref = ?3)
               AND (?4 IS NULL OR consumer_ref = ?4)
             ORDER BY created, rowid",
        )?;
        let records = statement
            .query_map(
                params![project, filter.provider, filter.group_ref, filter.consumer_ref],
                |row| row.get::<_, String>(0),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        records.iter().map(|r| parse(r)).collect()
    }

    /// Deletes a connection; `false` when there was none.
    pub fn delete(&mut self, project: &str, id: &str) -> Result<bool, ApiError> {
        let count = self.conn.execute(
            "DELETE FROM connections WHERE project = ?1 AND id = ?2",
            params![project, id],
        )?;
        Ok(count > 0)
    }

    /// Stores (or replaces) a flow session of `kind`.
    pub fn put_session<T: Serialize>(&mut self, kind: &str, id: &str, session: &T) -> Result<(), ApiError> {
        let record = serde_json::to_string(session).map_err(json_error)?;
        self.conn.execute(
            "INSERT INTO sessions (id, kind, created, record) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET record = excluded.record",
            params![id, kind, clock::now(), record],
        )?;
        Ok(())
    }

    /// A flow session of `kind`.
    pub fn session<T: DeserializeOwned>(&mut self, kind: &str, id: &str) -> Result<Option<T>, ApiError> {
        let record: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM sessions WHERE id = ?1 AND kind = ?2",
                params![id, kind],
                |row| row.get(0),
            )
            .optional()?;
        record.map(|r| serde_json::from_str(&r).map_err(json_error)).transpose()
    }

    /// Deletes every connection and session.
    pub fn reset(&mut self) -> Result<(), ApiError> {
        self.conn
            .execute_batch("DELETE FROM connections; DELETE FROM sessions;")?;
        Ok(())
    }
}

fn parse(record: &str) -> Result<StoredConnection, ApiError> {
    serde_json::from_str(record).map_err(json_error)
}
