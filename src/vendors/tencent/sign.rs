//! TC3-HMAC-SHA256, the Tencent Cloud API 3.0 request signature: a canonical request hashed
//! into a string to sign, signed with a key derived from the SecretKey, the date and the
//! service. Pure functions only: `auth` decides what a failure answers, and the CLI signs
//! with the same code.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt::Write;

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The service name in the credential scope (the first label of `iotvideo.tencentcloudapi.com`).
pub const SERVICE: &str = "iotvideo";
/// The last part of every credential scope.
pub const TERMINATOR: &str = "tc3_request";
/// What `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` hashes instead of the body.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

type HmacSha256 = Hmac<Sha256>;

/// What the canonical request is made of, as the client sent it.
pub struct Canonical<'a> {
    pub method: &'a str,
    /// GET: the raw query string exactly as sent (not re-sorted); POST: empty.
    pub query: &'a str,
    /// `(lower-case name, value)` of each signed header, in the `SignedHeaders` order.
    pub headers: &'a [(&'a str, &'a str)],
    /// `content-type;host`: the names joined with `;`.
    pub signed_headers: &'a str,
    /// The payload's lower-case hex SHA-256.
    pub payload_hash: &'a str,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex32(&Sha256::digest(bytes).into())
}

/// 32 bytes as 64 lower-case hex digits (through a stack buffer: `hex::encode` collects
/// characters one by one, and a request hashes three times).
fn hex32(bytes: &[u8; 32]) -> String {
    let mut out = [0u8; 64];
    match hex::encode_to_slice(bytes, &mut out) {
        Ok(()) => String::from_utf8(out.to_vec()).unwrap_or_default(),
        Err(_) => hex::encode(bytes),
    }
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// `Method \n / \n Query \n Headers \n SignedHeaders \n HashedPayload`, each header line
/// `name:lower(trim(value))\n` (Tencent lower-cases header values too).
pub fn canonical_request(c: &Canonical<'_>) -> String {
    let mut out = String::with_capacity(256 + c.query.len());
    let _ = write!(out, "{}\n/\n{}\n", c.method, c.query);
    for (name, value) in c.headers {
        out.push_str(name);
        out.push(':');
        out.extend(value.trim().chars().map(|ch| ch.to_ascii_lowercase()));
        out.push('\n');
    }
    let _ = write!(out, "\n{}\n{}", c.signed_headers, c.payload_hash);
    out
}

/// `<date>/<service>/tc3_request`.
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/{TERMINATOR}")
}

/// `TC3-HMAC-SHA256 \n timestamp \n scope \n hex(SHA256(canonical request))`.
pub fn string_to_sign(timestamp: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// `kSigning` = HMAC(HMAC(HMAC("TC3" + key, date), service), "tc3_request").
pub fn signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    hmac(&k_service, TERMINATOR.as_bytes())
}

/// The lower-case hex signature of `string_to_sign`.
pub fn signature(secret_key: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    hex32(&hmac(
        &cached_signing_key(secret_key, date, service),
        string_to_sign.as_bytes(),
    ))
}

/// A derived signing key with what it was derived from: (SecretKey, date, service, key).
type DerivedKey = (String, String, String, [u8; 32]);

thread_local! {
    /// The last signing key each worker derived: a key is the same all day for one SecretKey,
    /// and deriving it is three of the four HMACs a request costs.
    static LAST_KEY: std::cell::RefCell<Option<DerivedKey>> = const { std::cell::RefCell::new(None) };
}

fn cached_signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    LAST_KEY.with_borrow_mut(|last| match last {
        Some((k, d, s, key)) if k == secret_key && d == date && s == service => *key,
        _ => {
            let key = signing_key(secret_key, date, service);
            *last = Some((
                secret_key.to_string(),
                date.to_string(),
                service.to_string(),
                key,
            ));
            key
        }
    })
}

/// The `Authorization` header a client sends.
pub fn authorization(
    secret_id: &str,
    scope: &str,
    signed_headers: &str,
    signature: &str,
) -> String {
    format!(
        "{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={signed_headers}, Signature={signature}"
    )
}

/// The UTC date (`YYYY-MM-DD`) of a Unix timestamp, as the credential scope names it.
pub fn utc_date(timestamp: i64) -> Option<String> {
    use chrono::Datelike;
    let day = chrono::DateTime::from_timestamp(timestamp, 0)?.date_naive();
    Some(format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        day.month(),
        day.day()
    ))
}

/// The parts of an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    pub secret_id: &'a str,
    pub date: &'a str,
    pub service: &'a str,
    pub signed_headers: &'a str,
    pub signature: &'a str,
}

/// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=..., Signature=...`
/// read the way the server does: the three parts in any order, spaces after the commas optional.
/// The error names what is wrong, for the journal.
pub fn parse_authorization(header: &str) -> Result<Authorization<'_>, String> {
    let rest = header
        .trim()
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
        .ok_or_else(|| format!("the algorithm is not {ALGORITHM}"))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| format!("`{}` is not key=value", part.trim()))?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            other => return Err(format!("unknown part `{other}`")),
        };
        if slot.replace(value).is_some() {
            return Err(format!("`{key}` given twice"));
        }
    }
    let credential = credential.ok_or("no Credential")?;
    let signed_headers = signed_headers.ok_or("no SignedHeaders")?;
    let signature = signature.ok_or("no Signature")?;
    let mut scope = credential.split('/');
    let (Some(secret_id), Some(date), Some(service), Some(terminator), None) = (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) else {
        return Err("Credential is not <SecretId>/<date>/<service>/tc3_request".into());
    };
    if terminator != TERMINATOR {
        return Err(format!(
            "the credential scope ends in `{terminator}`, not {TERMINATOR}"
        ));
    }
    if secret_id.is_empty() {
        return Err("the Credential names no SecretId".into());
    }
    if signed_headers.is_empty() {
        return Err("SignedHeaders is empty".into());
    }
    Ok(Authorization {
        secret_id,
        date,
        service,
        signed_headers,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector computed by the official Python SDK (and recomputed independently).
    const BODY: &str = r#"{"ProductId": "AQTV2839QJ", "DeviceName": "p2p_32731213_1"}"#;

    fn vector_canonical() -> String {
        let hash = sha256_hex(BODY.as_bytes());
        canonical_request(&Canonical {
            method: "POST",
            query: "",
            headers: &[
                ("content-type", "application/json"),
                ("host", "127.0.0.1:12045"),
            ],
            signed_headers: "content-type;host",
            payload_hash: &hash,
        })
    }

    #[test]
    fn the_documented_vector_signs_to_the_sdks_signature() {
        assert_eq!(
            sha256_hex(BODY.as_bytes()),
            "76895d2031b0bbc30142180594aab040e7f80961b059e1e2f7f62c1658d6f9fc"
        );
        let canonical = vector_canonical();
        assert_eq!(
            canonical,
            "POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:12045\n\ncontent-type;host\n\
             76895d2031b0bbc30142180594aab040e7f80961b059e1e2f7f62c1658d6f9fc"
        );
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "f46936e4b00b9ee84a12721262f2db67f0b6f8a4086c7884befa239b6055dd22"
        );
        let date = utc_date(1_714_560_000).expect("a date");
        assert_eq!(date, "2024-05-01");
        assert_eq!(
            hex::encode(signing_key("mockSecretKey", &date, SERVICE)),
            "90ca5093da86b3acf75eb3bb38d03b9473d5322828194e191949ee6751c0c5e1"
        );
        let scope = credential_scope(&date, SERVICE);
        let to_sign = string_to_sign("1714560000", &scope, &canonical);
        let sig = signature("mockSecretKey", &date, SERVICE, &to_sign);
        assert_eq!(
            sig,
            "be69f901f7caba1d209fcae8ae6e962064f5d8d457db3d93d64f484a3f86888e"
        );
        assert_eq!(
            authorization("AKIDEXAMPLE", &scope, "content-type;host", &sig),
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-05-01/iotvideo/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=be69f901f7caba1d209fcae8ae6e962064f5d8d457db3d93d64f484a3f86888e"
        );
    }

    #[test]
    fn authorization_headers_parse_into_their_parts() {
        let a = parse_authorization(
            "TC3-HMAC-SHA256 Credential=AKID1/2024-05-01/iotvideo/tc3_request, SignedHeaders=content-type;host, Signature=ab",
        )
        .expect("parses");
        assert_eq!(
            a,
            Authorization {
                secret_id: "AKID1",
                date: "2024-05-01",
                service: "iotvideo",
                signed_headers: "content-type;host",
                signature: "ab",
            }
        );
        for bad in [
            "",
            "HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=h, Signature=s",
            "TC3-HMAC-SHA256Credential=a/b/c/tc3_request",
            "TC3-HMAC-SHA256 Credential=a/b/c, SignedHeaders=h, Signature=s",
            "TC3-HMAC-SHA256 Credential=a/b/c/d/tc3_request, SignedHeaders=h, Signature=s",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, Signature=s",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=h, Signature=s, Signature=t",
            "TC3-HMAC-SHA256 Credential=/b/c/tc3_request, SignedHeaders=h, Signature=s",
            "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=h, Signature=s, X=1",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad:?} must not parse");
        }
    }
}
