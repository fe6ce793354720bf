//! Reading the expiry of a short-lived API token (a JWT) so the form fetches a new one in time.
//! The signature is the API's business; the form only needs `exp`.

/// Decodes unpadded or padded base64url.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The `exp` claim (seconds since the epoch) of a JWT, when it has one.
pub fn jwt_expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let claims = String::from_utf8(base64url_decode(payload)?).ok()?;
    crate::json::Json::parse(&claims).ok()?.get("exp")?.as_i64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64url() {
        assert_eq!(base64url_decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64url_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64url_decode("-_-_").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(base64url_decode("a b"), None);
    }

    #[test]
    fn reads_exp() {
        // {"alg":"HS256"} . {"groupRef":"g","exp":1795946400} . signature
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJncm91cFJlZiI6ImciLCJleHAiOjE3OTU5NDY0MDB9.c2ln";
        assert_eq!(jwt_expiry(token), Some(1_795_946_400));
        assert_eq!(jwt_expiry("not-a-jwt"), None);
        assert_eq!(jwt_expiry("a.e30.c"), None);
    }
}
