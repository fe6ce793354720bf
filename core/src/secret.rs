//! A string that must never be printed.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A credential the end user typed: an API key, a password, a client secret, a token.
///
/// `Debug` and `Display` print `***`, so a secret that ends up in a log line, a panic message or an
/// error report shows nothing. Serializing writes the real value: that is how it reaches the API, and
/// the only way it should leave the process. Each copy overwrites its own buffer when dropped; that
/// narrows, but cannot close, the time a secret stays in memory (the browser keeps its own copies in
/// inputs and request bodies).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that needs it (building a request body).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The last `n` characters, for showing that a secret arrived without showing it (`…abcd`).
    /// Values shorter than three times `n` give nothing away and return an empty string.
    pub fn last_chars(&self, n: usize) -> String {
        let count = self.0.chars().count();
        if count < n * 3 {
            return String::new();
        }
        self.0.chars().skip(count - n).collect()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Safety of intent, not of memory: write zeros over the bytes before the allocation is freed.
        // `volatile` keeps the optimizer from removing writes to memory that is about to die.
        let bytes = unsafe { self.0.as_bytes_mut() };
        for byte in bytes.iter_mut() {
            unsafe { std::ptr::write_volatile(byte, 0) };
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new("sk_live_123456");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(***)");
    }

    #[test]
    fn serializing_sends_the_value() {
        let secret = Secret::new("sk_live_123456");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"sk_live_123456\"");
        let back: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(back.expose(), "abc");
    }

    #[test]
    fn last_chars_only_for_long_enough_values() {
        assert_eq!(Secret::new("sk_live_123456").last_chars(4), "3456");
        assert_eq!(Secret::new("short").last_chars(4), "");
        assert_eq!(Secret::new("ééééééééééééé😀").last_chars(2), "é😀");
    }
}
