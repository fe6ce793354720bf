//! The time, as the API writes it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// An RFC 3339 date-time in UTC for a time in seconds since the epoch.
pub fn rfc3339(seconds: i64) -> String {
    connect_core::time::format_rfc3339(seconds)
}
