//! Checking a request's TC3-HMAC-SHA256 signature, as Tencent's API gateway does, and what each
//! failure answers:
//!
//! | check | code |
//! |---|---|
//! | `Authorization` missing, malformed, or another algorithm | `AuthFailure.InvalidAuthorization` |
//! | SecretId not shaped like an API key (`AKID...`) | `AuthFailure.InvalidSecretId` |
//! | SecretId no world claims | `AuthFailure.SecretIdNotFound` |
//! | `X-TC-Timestamp` missing / not a number | `MissingParameter` / `InvalidParameterValue` |
//! | timestamp more than 300 s from the world clock | `AuthFailure.SignatureExpire` |
//! | `X-TC-Token` sent (camsim issues no temporary keys) | `AuthFailure.TokenFailure` |
//! | `SignedHeaders` without `content-type` and `host` | `AuthFailure.InvalidAuthorization` |
//! | any other mismatch (date of the scope, service, headers, body) | `AuthFailure.SignatureFailure` |
//!
//! Two deviations are accepted for a client aimed at a local port, because the official SDKs
//! make them when given `127.0.0.1:PORT` as their endpoint (the Node SDK does both): the
//! credential scope's service may be the endpoint's first label (`127`; for a dotless
//! `localhost:PORT` the Node SDK keeps the port: `localhost:PORT`) instead of `iotvideo`, and the
//! signed `host` may lack the port the `Host` header carries. The key must still be right.

use super::errors::{TencentError, code};
use super::sign::{self, Authorization, Canonical};
use crate::api::request::ApiRequest;
use crate::vendors::{AuthCtx, Refusal};

/// The API 3.0 headers, as names built once (a `&str` name is parsed on every lookup).
pub mod header {
    use http::HeaderName;

    pub const ACTION: HeaderName = HeaderName::from_static("x-tc-action");
    pub const VERSION: HeaderName = HeaderName::from_static("x-tc-version");
    pub const TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
    pub const TOKEN: HeaderName = HeaderName::from_static("x-tc-token");
    pub const LANGUAGE: HeaderName = HeaderName::from_static("x-tc-language");
    pub const CONTENT_SHA256: HeaderName = HeaderName::from_static("x-tc-content-sha256");
}

/// Seconds a request's timestamp may be away from the world clock, either way.
pub const WINDOW_SECS: i64 = 300;

/// The SecretId the `Authorization` header names, which picks the world.
pub fn secret_id(req: &ApiRequest) -> Option<&str> {
    let header = req.header(http::header::AUTHORIZATION)?;
    sign::parse_authorization(header).ok().map(|a| a.secret_id)
}

/// The answer to a request whose SecretId no world claims (or that names none).
pub fn unknown_credential(req: &ApiRequest) -> TencentError {
    let Some(header) = req.header(http::header::AUTHORIZATION) else {
        return invalid_authorization("the request has no Authorization header");
    };
    match sign::parse_authorization(header) {
        Err(why) => invalid_authorization(&why),
        Ok(a) if !a.secret_id.starts_with("AKID") => TencentError::of(code::INVALID_SECRET_ID),
        Ok(_) => TencentError::of(code::SECRET_ID_NOT_FOUND),
    }
}

fn invalid_authorization(why: &str) -> TencentError {
    TencentError::new(
        code::INVALID_AUTHORIZATION,
        format!(
            "The `Authorization` header in the request does not conform to the TencentCloud standard: {why}."
        ),
        format!("请求头部的 Authorization 不符合腾讯云标准：{why}。"),
    )
}

fn refuse(error: TencentError, reason: impl Into<String>) -> Refusal<TencentError> {
    Refusal::new(error, reason)
}

/// Verifies the signature of `req` with the account's SecretKey at the world clock's `now`.
pub fn verify(auth: &AuthCtx<'_>, req: &ApiRequest) -> Result<(), Refusal<TencentError>> {
    let header = req.header(http::header::AUTHORIZATION).unwrap_or("");
    let a = sign::parse_authorization(header)
        .map_err(|why| refuse(invalid_authorization(&why), why))?;
    let timestamp = timestamp(req)?;
    let now = auth.now_secs();
    if now.abs_diff(timestamp) > WINDOW_SECS as u64 {
        return Err(refuse(
            TencentError::of(code::SIGNATURE_EXPIRE),
            format!(
                "X-TC-Timestamp {timestamp} is {} s from the world clock ({now}); at most {WINDOW_SECS} s",
                now.abs_diff(timestamp)
            ),
        ));
    }
    if req
        .header(header::TOKEN)
        .is_some_and(|t| !t.trim().is_empty())
    {
        return Err(refuse(
            TencentError::of(code::TOKEN_FAILURE),
            "X-TC-Token given: camsim issues no temporary credentials",
        ));
    }
    let names: Vec<&str> = a.signed_headers.split(';').collect();
    if !names.contains(&"content-type") || !names.contains(&"host") {
        let why = "SignedHeaders must include content-type and host";
        return Err(refuse(invalid_authorization(why), why));
    }
    let expected_date = sign::utc_date(timestamp).unwrap_or_default();
    if a.date != expected_date {
        return Err(refuse(
            TencentError::of(code::SIGNATURE_FAILURE),
            format!(
                "the credential scope's date {} is not X-TC-Timestamp's UTC date {expected_date}",
                a.date
            ),
        ));
    }
    let host = req.host();
    let host_no_port = crate::api::request::without_port(host);
    if a.service != sign::SERVICE
        && a.service != first_label(host)
        && a.service != first_label(host_no_port)
    {
        return Err(refuse(
            TencentError::of(code::SIGNATURE_FAILURE),
            format!(
                "the credential scope's service is `{}`, not {}",
                a.service,
                sign::SERVICE
            ),
        ));
    }
    let payload = if req
        .header(header::CONTENT_SHA256)
        .is_some_and(|v| v.trim() == sign::UNSIGNED_PAYLOAD)
    {
        sign::sha256_hex(sign::UNSIGNED_PAYLOAD.as_bytes())
    } else {
        sign::sha256_hex(&req.body)
    };
    let check = |signed_host: &str| {
        let headers: Vec<(&str, &str)> = names
            .iter()
            .map(|name| {
                let value = if *name == "host" {
                    signed_host
                } else {
                    req.header(*name).unwrap_or("")
                };
                (*name, value)
            })
            .collect();
        let canonical = sign::canonical_request(&Canonical {
            method: req.method.as_str(),
            query: if req.method == http::Method::GET {
                &req.raw_query
            } else {
                ""
            },
            headers: &headers,
            signed_headers: a.signed_headers,
            payload_hash: &payload,
        });
        let scope = sign::credential_scope(a.date, a.service);
        let to_sign = sign::string_to_sign(&timestamp.to_string(), &scope, &canonical);
        let signature = sign::signature(&auth.account.secret, a.date, a.service, &to_sign);
        (signature.eq_ignore_ascii_case(a.signature), to_sign)
    };
    let (ok, to_sign) = check(host);
    if ok || (host_no_port != host && check(host_no_port).0) {
        return Ok(());
    }
    Err(Refusal {
        error: TencentError::of(code::SIGNATURE_FAILURE),
        reason: signature_reason(&a),
        string_to_sign: Some(to_sign),
    })
}

fn signature_reason(a: &Authorization<'_>) -> String {
    format!(
        "the signature differs from the one SecretId {}'s key gives (signed headers {}, service {})",
        a.secret_id, a.signed_headers, a.service
    )
}

/// `X-TC-Timestamp`, Unix seconds.
fn timestamp(req: &ApiRequest) -> Result<i64, Refusal<TencentError>> {
    let text = req
        .header(header::TIMESTAMP)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            refuse(
                TencentError::missing("X-TC-Timestamp"),
                "no X-TC-Timestamp header",
            )
        })?;
    // Signed as the digits it carries: a `+` would read as the same number yet sign otherwise.
    let number = text.parse::<i64>().ok().filter(|_| !text.starts_with('+'));
    number.ok_or_else(|| {
        refuse(
            TencentError::invalid_value(
                "X-TC-Timestamp",
                &format!("`{text}` is not Unix seconds"),
                &format!("`{text}` 不是 Unix 时间戳（秒）"),
            ),
            format!("X-TC-Timestamp `{text}` is not a number"),
        )
    })
}

/// The endpoint's "first label" as the Node SDK takes it for the scope's service: the text
/// before the first dot, so `127.0.0.1:12045` gives `127` but a dotless `localhost:12045` keeps
/// its port.
fn first_label(host: &str) -> &str {
    host.split('.').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_labels_end_at_the_first_dot_only() {
        assert_eq!(first_label("127.0.0.1:12045"), "127");
        assert_eq!(first_label("localhost:12045"), "localhost:12045");
        assert_eq!(first_label("iotvideo.tencentcloudapi.com"), "iotvideo");
    }
}
