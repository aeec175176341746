//! TC3-HMAC-SHA256 as Tencent Cloud API 3.0 documents it (the vendor file's section 9), written
//! apart from camsim's signer so what camsim verifies is checked against what a client computes.
//! The hostile cases, the test client (`support/tencent_client.rs`) and the load bench
//! (`benches/load/tencent.rs`) all sign with it; it depends on no other test module.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
pub const SERVICE: &str = "iotvideo";

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The UTC date (`YYYY-MM-DD`) of Unix seconds; `1970-01-01` for a time no calendar holds.
pub fn utc_date(timestamp: i64) -> String {
    chrono::DateTime::from_timestamp(timestamp, 0)
        .map_or_else(|| "1970-01-01".into(), |t| t.format("%Y-%m-%d").to_string())
}

/// What one signature covers, as the client sends it.
pub struct Signing<'a> {
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    pub method: &'a str,
    /// GET: the query string exactly as sent (no `?`); POST: empty.
    pub query: &'a str,
    /// `(lower-case name, value)` of each signed header, in the `SignedHeaders` order.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
    /// `X-TC-Timestamp` as sent.
    pub timestamp: &'a str,
    /// The credential scope's date and service.
    pub date: &'a str,
    pub service: &'a str,
}

/// The hex signature of `s`.
pub fn signature(s: &Signing<'_>) -> String {
    let mut canonical = format!("{}\n/\n{}\n", s.method, s.query);
    for (name, value) in s.headers {
        canonical.push_str(&format!("{name}:{}\n", value.trim().to_ascii_lowercase()));
    }
    let names: Vec<&str> = s.headers.iter().map(|(n, _)| *n).collect();
    canonical.push_str(&format!("\n{}\n{}", names.join(";"), sha256_hex(s.body)));
    let scope = format!("{}/{}/tc3_request", s.date, s.service);
    let to_sign = format!(
        "{ALGORITHM}\n{}\n{scope}\n{}",
        s.timestamp,
        sha256_hex(canonical.as_bytes())
    );
    let k_date = hmac(format!("TC3{}", s.secret_key).as_bytes(), s.date.as_bytes());
    let k_service = hmac(&k_date, s.service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    hex::encode(hmac(&k_signing, to_sign.as_bytes()))
}

/// The `Authorization` header of `s`, as the SDKs write it.
pub fn authorization(s: &Signing<'_>) -> String {
    let names: Vec<&str> = s.headers.iter().map(|(n, _)| *n).collect();
    format!(
        "{ALGORITHM} Credential={}/{}/{}/tc3_request, SignedHeaders={}, Signature={}",
        s.secret_id,
        s.date,
        s.service,
        names.join(";"),
        signature(s)
    )
}
