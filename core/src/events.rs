//! What the app tells the page that embeds it: the members of each `connect-form:*` message, as JSON
//! text. (`ready` and `resize` come from the loader, web/loader.js.) The contract is in the README
//! ("Embedding"); nothing here ever carries a secret.

use crate::api::ConnectionSummary;
use crate::json::ObjectWriter;
use crate::problem::Problem;

/// The names of the events, without the `connect-form:` prefix.
pub mod name {
    /// A connection was made, renewed or updated.
    pub const CONNECTED: &str = "connected";
    /// Connecting failed; the user can try again.
    pub const ERROR: &str = "error";
    /// The user cancelled a sign-in.
    pub const CANCEL: &str = "cancel";
    /// The form needs a (new) token from the page (`connect-form:token` answers).
    pub const TOKEN_REQUEST: &str = "token-request";
}

/// `{connection: {id, provider, workspace?, createTime?, status?}, updated}`.
pub fn connected(connection: &ConnectionSummary, updated: bool) -> String {
    let summary = ObjectWriter::new()
        .str("id", &connection.id)
        .str("provider", &connection.provider)
        .opt_str("workspace", connection.workspace.as_deref())
        .opt_str("createTime", connection.create_time.as_deref())
        .opt_str("status", connection.status.as_ref().map(|s| s.as_str()))
        .finish();
    ObjectWriter::new()
        .raw("connection", Some(summary))
        .raw("updated", Some(updated.to_string()))
        .finish()
}

/// `{code, provider, status?, problem?}`: a stable `code` (see the README), the HTTP status when there
/// was one, and the API's problem details when it sent them.
pub fn error(code: &str, provider: &str, status: Option<u16>, problem: Option<&Problem>) -> String {
    let problem = problem.map(|p| {
        ObjectWriter::new()
            .opt_str("type", p.kind.as_deref())
            .opt_str("title", p.title.as_deref())
            .raw("status", p.status.map(|s| s.to_string()))
            .opt_str("detail", p.detail.as_deref())
            .opt_str("remedy", p.remedy.as_deref())
            .raw("retryable", p.retryable.map(|r| r.to_string()))
            .opt_str("requestId", p.request_id.as_deref())
            .finish()
    });
    ObjectWriter::new()
        .str("code", code)
        .str("provider", provider)
        .raw("status", status.map(|s| s.to_string()))
        .raw("problem", problem)
        .finish()
}

/// `{provider}`, for `cancel`.
pub fn cancel(provider: &str) -> String {
    ObjectWriter::new().str("provider", provider).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ConnectionStatus;
    use serde_json::json;

    fn parse(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn connected_names_the_connection_and_nothing_secret() {
        let connection = ConnectionSummary {
            id: "c-1".into(),
            provider: "zendeskSupport".into(),
            workspace: Some("acme".into()),
            create_time: Some("2026-11-29T10:00:00Z".into()),
            status: Some(ConnectionStatus::Working),
            metadata: vec![("workspace".into(), "acme".into())],
            ..ConnectionSummary::default()
        };
        assert_eq!(
            parse(&connected(&connection, false)),
            json!({"connection": {"id": "c-1", "provider": "zendeskSupport", "workspace": "acme",
                   "createTime": "2026-11-29T10:00:00Z", "status": "working"}, "updated": false})
        );
    }

    #[test]
    fn errors_carry_a_code_and_the_problem() {
        let problem = Problem::parse(
            r#"{"type":"https://e/x","title":"Conflict","status":409,"detail":"Already \"there\"","retryable":false,
                "requestId":"r-1","issues":[{"in":"body","name":"apiKey","detail":"x"}]}"#,
        )
        .unwrap();
        assert_eq!(
            parse(&error("problem", "freshdesk", Some(409), Some(&problem))),
            json!({"code": "problem", "provider": "freshdesk", "status": 409, "problem": {"type": "https://e/x",
                   "title": "Conflict", "status": 409, "detail": "Already \"there\"", "retryable": false,
                   "requestId": "r-1"}})
        );
        assert_eq!(
            parse(&error("network", "freshdesk", None, None)),
            json!({"code": "network", "provider": "freshdesk"})
        );
        assert_eq!(parse(&cancel("hubspot")), json!({"provider": "hubspot"}));
    }
}
