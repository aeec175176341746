//! The `X-IotVideo-*` request signature (Gwell's documentation): Base64 HMAC-SHA1 keyed by the
//! appKey over `name:value` lines sorted by name (Java TreeMap order), joined with `\n`.
//! Lines: `Host` (with port), `Payload` (lowercase hex SHA-256 of the raw body, POST/PUT) or
//! one line per query parameter (GET), and the three `X-IotVideo-*` headers. Empty values are
//! left out. Pure functions only: the handler side decides what a failure means.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Header names as they appear in the signed text (case matters there).
pub const ACCESS_ID: &str = "X-IotVideo-AccessID";
pub const NONCE: &str = "X-IotVideo-Nonce";
pub const TIMESTAMP: &str = "X-IotVideo-Timestamp";
pub const SIGNATURE: &str = "X-IotVideo-Signature";

/// The same headers for lookups: a `HeaderName` is found without parsing a name per request.
pub mod header {
    use http::HeaderName;

    pub const ACCESS_ID: HeaderName = HeaderName::from_static("x-iotvideo-accessid");
    pub const NONCE: HeaderName = HeaderName::from_static("x-iotvideo-nonce");
    pub const TIMESTAMP: HeaderName = HeaderName::from_static("x-iotvideo-timestamp");
    pub const SIGNATURE: HeaderName = HeaderName::from_static("x-iotvideo-signature");
}

/// Seconds a timestamp may be away from the server's clock, either way [gwell.md: proposal
/// symmetric ±300 s from "相差超过5分钟"].
pub const WINDOW_SECS: u64 = 300;

/// What the signature covers besides the headers.
pub enum Content<'a> {
    /// POST/PUT: the raw body bytes, hashed into `Payload`.
    Body(&'a [u8]),
    /// GET: the query parameters, each its own line.
    Query(&'a [(String, String)]),
}

pub struct SignedParts<'a> {
    pub host: &'a str,
    pub access_id: &'a str,
    pub nonce: &'a str,
    pub timestamp: &'a str,
    pub content: Content<'a>,
}

pub fn payload_hash(body: &[u8]) -> String {
    let mut hex = [0u8; 64];
    payload_hash_into(body, &mut hex).to_string()
}

/// The hash written into a caller's buffer: signing every request allocates nothing for it.
fn payload_hash_into<'b>(body: &[u8], out: &'b mut [u8; 64]) -> &'b str {
    hex::encode_to_slice(Sha256::digest(body), out).expect("64 hex digits for 32 bytes");
    std::str::from_utf8(out).expect("hex digits are ASCII")
}

/// The signed `name:value` lines in signing order, handed one by one to `emit`.
fn each_line(parts: &SignedParts<'_>, mut emit: impl FnMut(usize, &str, &str)) {
    let mut hex = [0u8; 64];
    let mut lines: Vec<(&str, &str)> = Vec::with_capacity(5);
    lines.extend([
        ("Host", parts.host),
        (ACCESS_ID, parts.access_id),
        (NONCE, parts.nonce),
        (TIMESTAMP, parts.timestamp),
    ]);
    match &parts.content {
        Content::Body(body) => lines.push(("Payload", payload_hash_into(body, &mut hex))),
        Content::Query(query) => lines.extend(query.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
    }
    lines.retain(|(_, value)| !value.is_empty());
    // Byte order of the names equals Java's TreeMap (String.compareTo) for these ASCII names.
    lines.sort_by(|a, b| a.0.cmp(b.0));
    for (i, (name, value)) in lines.into_iter().enumerate() {
        emit(i, name, value);
    }
}

/// The exact text that is signed.
pub fn string_to_sign(parts: &SignedParts<'_>) -> String {
    let mut text = String::with_capacity(256);
    each_line(parts, |i, name, value| {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(name);
        text.push(':');
        text.push_str(value);
    });
    text
}

/// Base64 HMAC-SHA1 of `string_to_sign`, fed line by line (no intermediate text).
pub fn sign(app_key: &str, parts: &SignedParts<'_>) -> String {
    let mut mac =
        Hmac::<Sha1>::new_from_slice(app_key.as_bytes()).expect("HMAC accepts a key of any length");
    each_line(parts, |i, name, value| {
        if i > 0 {
            mac.update(b"\n");
        }
        mac.update(name.as_bytes());
        mac.update(b":");
        mac.update(value.as_bytes());
    });
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Compares without stopping at the first difference, so timing tells nothing.
pub fn signatures_match(expected: &str, given: &str) -> bool {
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 001's devInfo `--data-raw` body, byte for byte.
    const SEED_BODY: &str = "{\n    \"appId\":\"0000175a370xxxxxxxc1cd1b0b877e\",\n    \"appToken\":\"a844e8320c75a5cxxxxxxxxxxxxxxxxxce9e347xxxxx041a05a7053\",\n    \"sn\":\"876xxxxxxx347\",\n    \"devId\":\"\",\n    \"accessId\":\"-922337198xxxxx56044\"\n}";
    const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    #[test]
    fn post_vector_from_gwell_md() {
        assert_eq!(
            payload_hash(SEED_BODY.as_bytes()),
            "3a22ab51e8b4618442d6a793a18941b1b73eb63aa25282f8a07fa498b57914ad"
        );
        let parts = SignedParts {
            host: "localhost:12042",
            access_id: "0000175a370efbbe852dc1cd1b0b877e",
            nonce: "1212",
            timestamp: "1696757960",
            content: Content::Body(SEED_BODY.as_bytes()),
        };
        assert_eq!(sign(KEY, &parts), "mN3qQM0w/DDUe8NvJVR+PLnWN6g=");
    }

    #[test]
    fn get_vector_from_gwell_md() {
        let query = vec![
            ("userName".to_string(), "aaa".to_string()),
            ("pwd".to_string(), "bbb".to_string()),
        ];
        let parts = SignedParts {
            host: "www.iotvideo.com",
            access_id: "dsFAsdf547aSDfasf67GHRrtyTHDGFrtbnkjREt",
            nonce: "246898495",
            timestamp: "1572348036",
            content: Content::Query(&query),
        };
        assert_eq!(sign(KEY, &parts), "9x9JCrgrgIlUw2LdPyExTH86gKw=");
    }

    #[test]
    fn empty_values_are_left_out_and_names_sort_upper_case_first() {
        let parts = SignedParts {
            host: "h:1",
            access_id: "",
            nonce: "5",
            timestamp: "9",
            content: Content::Body(b""),
        };
        let text = string_to_sign(&parts);
        assert!(text.starts_with("Host:h:1\nPayload:e3b0c442"), "{text}");
        assert!(
            text.ends_with("X-IotVideo-Nonce:5\nX-IotVideo-Timestamp:9"),
            "{text}"
        );
        assert!(!text.contains("AccessID"));
    }

    #[test]
    fn comparison_needs_equal_text() {
        assert!(signatures_match("abc=", "abc="));
        assert!(!signatures_match("abc=", "abd="));
        assert!(!signatures_match("abc=", "abc"));
    }
}
