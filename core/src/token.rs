//! Reading a short-lived API token (a JWT): its expiry, so the form fetches a new one in time, and
//! whom it is for, so a form opened for one user never sends another user's credentials with it. The
//! signature is the API's business; these claims only keep the form from sending what the API would
//! refuse, or worse, accept for the wrong user.

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

fn claims(token: &str) -> Option<crate::json::Json> {
    let payload = token.split('.').nth(1)?;
    let claims = String::from_utf8(base64url_decode(payload)?).ok()?;
    crate::json::Json::parse(&claims).ok()
}

/// The `exp` claim (seconds since the epoch) of a JWT, when it has one.
pub fn jwt_expiry(token: &str) -> Option<i64> {
    claims(token)?.get("exp")?.as_i64()
}

/// Whether a token may be sent for this group and consumer: it names neither, or the same ones in its
/// `groupRef` and `consumerRef` claims. A token minted by the product's backend for its signed-in user
/// says who that is; a link naming someone else is then not this user's link.
pub fn jwt_is_for(token: &str, group_ref: &str, consumer_ref: &str) -> bool {
    let Some(claims) = claims(token) else { return true };
    let agrees = |name: &str, value: &str| claims.get(name).is_none_or(|claim| claim.as_str() == Some(value));
    agrees("groupRef", group_ref) && agrees("consumerRef", consumer_ref)
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

    #[test]
    fn says_whom_it_is_for() {
        // {"groupRef":"g","exp":1795946400}
        let group_only = "eyJhbGciOiJIUzI1NiJ9.eyJncm91cFJlZiI6ImciLCJleHAiOjE3OTU5NDY0MDB9.c2ln";
        assert!(jwt_is_for(group_only, "g", "anyone"));
        assert!(!jwt_is_for(group_only, "other", "anyone"));
        // {"groupRef":"g","consumerRef":"c"}
        let both = "e30.eyJncm91cFJlZiI6ImciLCJjb25zdW1lclJlZiI6ImMifQ.c2ln";
        assert!(jwt_is_for(both, "g", "c"));
        assert!(!jwt_is_for(both, "g", "mallory"));
        // {"consumerRef":7}: a claim of another type is not this consumer.
        let odd = "e30.eyJjb25zdW1lclJlZiI6N30.c2ln";
        assert!(!jwt_is_for(odd, "g", "7"));
        // Not a JWT the form can read: the API decides.
        assert!(jwt_is_for("opaque-token", "g", "c"));
    }
}
