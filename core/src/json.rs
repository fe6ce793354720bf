//! A small JSON reader for the documents the form reads: the catalog, problem details, a created
//! connection and a token's claims.
//!
//! Why not serde's deserializer: in the browser every byte is downloaded by every end user, and the
//! generated deserializers for the catalog's many types cost several times this reader. Writing
//! (request bodies) still uses serde, whose serializer is small.

/// A JSON value. Numbers keep their text, so reading one never needs float parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in document order.
    Object(Vec<(String, Json)>),
}

/// Where and why a text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} at byte {offset}")]
pub struct JsonError {
    /// The byte offset.
    pub offset: usize,
    /// What was expected or found.
    pub what: &'static str,
}

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, what: &'static str) -> Result<T, JsonError> {
        Err(JsonError { offset: self.at, what })
    }

    fn skip_space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &'static str, value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("unexpected character")
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return self.fail("nesting too deep");
        }
        self.skip_space();
        match self.bytes.get(self.at) {
            None => self.fail("unexpected end"),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return self.fail("expected `,` or `]`"),
                    }
                }
            }
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.skip_space();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.skip_space();
                    if self.bytes.get(self.at) != Some(&b'"') {
                        return self.fail("expected a member name");
                    }
                    let key = self.string()?;
                    self.skip_space();
                    if self.bytes.get(self.at) != Some(&b':') {
                        return self.fail("expected `:`");
                    }
                    self.at += 1;
                    members.push((key, self.value(depth + 1)?));
                    self.skip_space();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Json::Object(members));
                        }
                        _ => return self.fail("expected `,` or `}`"),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.fail("unexpected character"),
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.at;
        let digits = |reader: &mut Self| {
            let from = reader.at;
            while matches!(reader.bytes.get(reader.at), Some(b'0'..=b'9')) {
                reader.at += 1;
            }
            reader.at > from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        if self.bytes.get(self.at) == Some(&b'0') {
            self.at += 1;
        } else if !digits(self) {
            return self.fail("expected a digit");
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return self.fail("expected a digit");
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return self.fail("expected a digit");
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).expect("ASCII digits");
        Ok(Json::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or(JsonError {
            offset: self.at,
            what: "bad escape",
        })?;
        let mut value = 0;
        for digit in digits {
            let nibble = (*digit as char).to_digit(16).ok_or(JsonError {
                offset: self.at,
                what: "bad escape",
            })?;
            value = value * 16 + nibble;
        }
        self.at += 4;
        Ok(value)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&byte) = self.bytes.get(self.at) else {
                return self.fail("unterminated string");
            };
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let Some(&escape) = self.bytes.get(self.at) else {
                        return self.fail("unterminated string");
                    };
                    self.at += 1;
                    let decoded = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut code = self.hex4()?;
                            // A surrogate must come as a high-low pair; anything else is not text.
                            if (0xD800..0xDC00).contains(&code) {
                                if !self.bytes[self.at..].starts_with(b"\\u") {
                                    return self.fail("bad surrogate pair");
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return self.fail("bad surrogate pair");
                                }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            }
                            match char::from_u32(code) {
                                Some(c) => c,
                                None => return self.fail("bad surrogate pair"),
                            }
                        }
                        _ => return self.fail("bad escape"),
                    };
                    let mut buffer = [0; 4];
                    out.extend_from_slice(decoded.encode_utf8(&mut buffer).as_bytes());
                }
                0..=0x1F => return self.fail("control character in string"),
                other => out.push(other),
            }
        }
        // The input is a &str, and escapes decode to whole characters, so this cannot fail.
        String::from_utf8(out).map_err(|_| JsonError {
            offset: self.at,
            what: "invalid UTF-8",
        })
    }
}

impl Json {
    /// Parses a whole document.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = reader.value(0)?;
        reader.skip_space();
        if reader.at != reader.bytes.len() {
            return reader.fail("trailing characters");
        }
        Ok(value)
    }

    /// A member of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// A boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// A whole number that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members of an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A member's text, when it is a string.
    pub fn str_at(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Json::as_str).map(str::to_owned)
    }

    /// A member's strings, skipping items of other types; empty when absent.
    pub fn strings_at(&self, key: &str) -> Vec<String> {
        let items = self.get(key).and_then(Json::as_array).unwrap_or_default();
        items.iter().filter_map(Json::as_str).map(str::to_owned).collect()
    }

    /// A short name of the value's type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Writes a JSON string literal, escaping as serde_json does: `"`, `\\` and control characters.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON array of strings.
pub fn string_array(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, item);
    }
    out.push(']');
    out
}

/// Writes a compact JSON object member by member, leaving out absent ones: how the form writes its
/// request bodies in the browser. (serde_json's serializer would cost the download about 2 kB more; the
/// tests check that both write the same bytes.)
#[derive(Debug)]
pub struct ObjectWriter(String);

impl Default for ObjectWriter {
    fn default() -> Self {
        ObjectWriter(String::from("{"))
    }
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        write_string(&mut self.0, key);
        self.0.push(':');
    }

    /// A string member.
    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_string(&mut self.0, value);
        self
    }

    /// A string member, when there is a value.
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.str(key, value),
            None => self,
        }
    }

    /// A member whose value is already JSON (an object or an array), when there is one.
    pub fn raw(mut self, key: &str, json: Option<String>) -> Self {
        if let Some(json) = json {
            self.key(key);
            self.0.push_str(&json);
        }
        self
    }

    /// A string-array member, when there is one.
    pub fn strings(self, key: &str, items: Option<&Vec<String>>) -> Self {
        self.raw(key, items.map(|items| string_array(items)))
    }

    /// The object's text.
    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let json =
            Json::parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#)
                .unwrap();
        assert_eq!(json.get("a").unwrap().as_array().unwrap().len(), 5);
        assert_eq!(json.get("a").unwrap().as_array().unwrap()[0].as_i64(), Some(1));
        assert_eq!(
            json.get("a").unwrap().as_array().unwrap()[1],
            Json::Number("-2.5e3".into())
        );
        assert_eq!(json.str_at("b").as_deref(), Some("x\"\\/\né😀"));
        assert_eq!(json.get("c").unwrap().as_object(), Some(&[][..]));
        assert_eq!(Json::parse("\"é\"").unwrap().as_str(), Some("é"));
    }

    #[test]
    fn agrees_with_serde_json_on_the_catalog() {
        // A reference check: every string of the embedded catalog reads the same.
        fn walk(ours: &Json, theirs: &serde_json::Value) {
            match (ours, theirs) {
                (Json::Object(members), serde_json::Value::Object(map)) => {
                    assert_eq!(members.len(), map.len());
                    for (key, value) in members {
                        walk(value, &map[key]);
                    }
                }
                (Json::Array(items), serde_json::Value::Array(values)) => {
                    assert_eq!(items.len(), values.len());
                    items.iter().zip(values).for_each(|(a, b)| walk(a, b));
                }
                (Json::String(a), serde_json::Value::String(b)) => assert_eq!(a, b),
                (Json::Bool(a), serde_json::Value::Bool(b)) => assert_eq!(a, b),
                (Json::Number(a), serde_json::Value::Number(b)) => assert_eq!(a, &b.to_string()),
                (Json::Null, serde_json::Value::Null) => {}
                (a, b) => panic!("{a:?} vs {b:?}"),
            }
        }
        let text = crate::catalog::EMBEDDED_CATALOG_JSON;
        walk(&Json::parse(text).unwrap(), &serde_json::from_str(text).unwrap());
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{a: 1}",
            "tru",
            "01",
            "1.",
            "-",
            "\"abc",
            "\"\\x\"",
            "\"a\u{1}\"",
            "{} {}",
            "[1 2]",
            "\"\\ud800\\u0041\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800x\"",
        ] {
            assert!(Json::parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(Json::parse(&deep).unwrap_err().what, "nesting too deep");
    }
}
