//! Random identifiers: connection ids, OAuth `state`, session ids, one-time codes, request ids.

/// `n` random bytes as lowercase hex (`2 * n` characters).
pub fn hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // The operating system's generator; it only fails on a broken system, where a server that
    // hands out guessable ids must not keep running.
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    to_hex(&bytes)
}

/// Bytes as lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new connection id: `conn_` and 20 hex characters.
pub fn connection_id() -> String {
    format!("conn_{}", hex(10))
}

/// An id for one answer, to quote in problem documents and find in the log.
pub fn request_id() -> String {
    format!("req_{}", hex(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let id = connection_id();
        assert_eq!(id.len(), 25);
        assert!(id[5..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(connection_id(), connection_id());
        assert_eq!(to_hex(&[0, 15, 255]), "000fff");
    }
}
