//! The Gwell custCloud `X-IotVideo-*` signature as a client computes it, written from the
//! vendor's documentation independently of `src/vendors/gwell/auth.rs` (so a shared
//! misunderstanding cannot make both sides agree). One copy for every test client: the
//! integration tests, the hostile-request generator and both benchmarks (which include this
//! file with `#[path]`, so it depends on nothing else of the test support).

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;

/// Gwell's documented POST test vector (seed 001's devInfo example): the body byte for byte
/// (4-space indent, `\n`, no final newline) and the signature the documentation gives for it.
pub const DOCUMENTED_POST_BODY: &str = "{\n    \"appId\":\"0000175a370xxxxxxxc1cd1b0b877e\",\n    \"appToken\":\"a844e8320c75a5cxxxxxxxxxxxxxxxxxce9e347xxxxx041a05a7053\",\n    \"sn\":\"876xxxxxxx347\",\n    \"devId\":\"\",\n    \"accessId\":\"-922337198xxxxx56044\"\n}";
pub const DOCUMENTED_POST_SIGNATURE: &str = "mN3qQM0w/DDUe8NvJVR+PLnWN6g=";

/// The signature [`gwell_signature`] computes for the documented POST vector (its key, host,
/// AccessID, nonce and timestamp), to compare with [`DOCUMENTED_POST_SIGNATURE`].
pub fn sign_documented_post_vector() -> String {
    gwell_signature(
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "localhost:12042",
        "0000175a370efbbe852dc1cd1b0b877e",
        "1212",
        "1696757960",
        DOCUMENTED_POST_BODY.as_bytes(),
    )
}

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
