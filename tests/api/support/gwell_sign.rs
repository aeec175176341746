//! The Gwell custCloud `X-IotVideo-*` signature as a client computes it, written from the
//! vendor's documentation independently of `src/vendors/gwell/auth.rs` (so a shared
//! misunderstanding cannot make both sides agree). One copy for every test client: the
//! integration tests, the hostile-request generator and both benchmarks (which include this
//! file with `#[path]`, so it depends on nothing else of the test support).

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;

/// Gwell custCloud `X-IotVideo-*` signature, from Gwell's documentation.
pub fn gwell_signature(
    key: &str,
    host: &str,
    access_id: &str,
    nonce: &str,
    timestamp: &str,
    body: &[u8],
) -> String {
    let payload = hex::encode(sha2::Sha256::digest(body));
    gwell_sign_lines(
        key,
        vec![
            ("Host", host.to_string()),
            ("Payload", payload),
            ("X-IotVideo-AccessID", access_id.to_string()),
            ("X-IotVideo-Nonce", nonce.to_string()),
            ("X-IotVideo-Timestamp", timestamp.to_string()),
        ],
    )
}

/// HMAC-SHA1 over the `name:value` lines (empty values dropped, names sorted), Base64.
pub fn gwell_sign_lines(key: &str, mut lines: Vec<(&str, String)>) -> String {
    lines.retain(|(_, v)| !v.is_empty());
    lines.sort_by(|a, b| a.0.cmp(b.0));
    let text = lines
        .iter()
        .map(|(n, v)| format!("{n}:{v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(text.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
