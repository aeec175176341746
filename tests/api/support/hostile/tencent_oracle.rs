//! What a Tencent answer must be (the vendor card in `src/vendors/tencent/mod.rs`, its
//! `errors.rs`, and the vendor file's section 10):
//!
//! - API answers (`/` and any path that is no media link): HTTP 200 with exactly
//!   `Content-Type: application/json` (the Python SDK reads an error only then) and
//!   `{"Response":{...,"RequestId":<uuid>}}`; an error is `Response.Error` with a `Code` of the
//!   catalogue (`src/vendors/tencent/errors.rs`) and a non-empty `Message`; a success only for
//!   `GET` or `POST /`, its fields PascalCase. `InternalError` only from an action camsim does
//!   not serve yet, or when a fault asked for it.
//! - Media links (`GET`/`HEAD` under `/timeshift/live/`, `/thumbnail/`, `/imagestream/`): 200
//!   with the media's type (a playlist starts `#EXTM3U`, a JPEG `FF D8`), or 403/404 with the
//!   COS XML error page (`AccessDenied`, `NoSuchKey`); the API's envelope there only for
//!   camsim's own `X-Camsim-*` test headers or a body camsim could not read.
//! - A HEAD answer has no body: its status and `Content-Type` say enough.
//! - A body announced over 10 MB is refused before it is read: `RequestSizeLimitExceeded`
//!   (or a close).

use super::Expect;
use super::Step;
use super::soda_oracle::request_line;
use super::tencent::MAX_BODY_BYTES;
use super::tencent_media::{PLAYBACK, STREAM, THUMBNAIL};
use super::wire::Answer;
use camsim::vendors::tencent::errors::CATALOGUE;
use serde_json::Value;

fn is_media(method: &str, path: &str) -> bool {
    (method == "GET" || method == "HEAD")
        && [PLAYBACK, THUMBNAIL, STREAM]
            .iter()
            .any(|p| path.starts_with(p))
}

/// The request's head, as text.
fn head_of(bytes: &[u8]) -> String {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase()
}

/// The body length the request announces, if any.
fn announced(bytes: &[u8]) -> Option<u64> {
    head_of(bytes).lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|n| n.trim().parse().ok())
    })
}

/// Whether the request announces a body (a length over 0, or a transfer coding).
fn declares_body(bytes: &[u8]) -> bool {
    head_of(bytes).lines().any(|l| {
        l.starts_with("transfer-encoding:")
            || l.strip_prefix("content-length:")
                .is_some_and(|n| n.trim() != "0")
    })
}

/// Whether the request carries one of camsim's `X-Camsim-*` test headers.
fn camsim_header(bytes: &[u8]) -> bool {
    head_of(bytes).contains("\nx-camsim-")
}

fn uuid_like(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The violation in a Tencent answer, if any.
pub fn check(step: &Step, expect: &Expect, answer: &Answer) -> Option<String> {
    let (method, path) = request_line(&step.bytes);
    let fault = step.fault_asked;
    // hyper takes a 2xx answer to CONNECT for an open tunnel: camsim answers 405 instead, with
    // the same body (`pipeline::no_tunnel`).
    let status = if method == "CONNECT" && answer.status == 405 {
        200
    } else {
        answer.status
    };
    if status >= 500 && !fault {
        return Some(format!("status {status} that no fault asked for"));
    }
    let content_type = answer.header("content-type").unwrap_or_default();
    let media = is_media(&method, &path);
    if step.head {
        return head(media, status, content_type, expect);
    }
    if answer.body.is_empty() {
        return Some(format!("empty answer (status {status})"));
    }
    if media && content_type == "application/xml" {
        // A fault, a test header or a body (unread, too large) may give any refusal status.
        let asked = fault || camsim_header(&step.bytes) || declares_body(&step.bytes);
        return media_refusal(status, &answer.body, expect, asked);
    }
    if media && status == 200 && !content_type.starts_with("application/json") {
        return media_answer(&path, content_type, &answer.body, expect);
    }
    if media && !camsim_header(&step.bytes) && !declares_body(&step.bytes) {
        return Some(format!(
            "a media link answered {status} `{content_type}`, not the media host's answer (200 \
             with the media, or 403/404 with an XML page)"
        ));
    }
    api(
        step,
        &method,
        &path,
        status,
        content_type,
        &answer.body,
        expect,
    )
}

/// A HEAD: the status and type a GET would have, no body.
fn head(media: bool, status: u16, content_type: &str, expect: &Expect) -> Option<String> {
    if content_type.is_empty() {
        return Some(format!("HEAD answer {status} without a Content-Type"));
    }
    if !media {
        return (status != 200 || content_type != "application/json").then(|| {
            format!("HEAD on the API answered {status} `{content_type}` (200 application/json)")
        });
    }
    let ok = match expect {
        Expect::MediaOk => status == 200,
        Expect::TencentRefused(Some(s)) => status == *s,
        Expect::TencentRefused(None) => status == 403 || status == 404,
        // A code asked of a link comes as the media host's XML page (`errors.rs` `render_for`).
        Expect::TencentCode(_) => status >= 400 && content_type == "application/xml",
        _ => matches!(status, 200 | 403 | 404),
    };
    (!ok).then(|| {
        format!("HEAD on a media link answered {status} `{content_type}`, expected {expect:?}")
    })
}

/// An API answer: the envelope, a catalogue code, and the expectation.
fn api(
    step: &Step,
    method: &str,
    path: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
    expect: &Expect,
) -> Option<String> {
    let fault = step.fault_asked;
    if status != 200 {
        return Some(format!("an API answer with status {status} (always 200)"));
    }
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Some(format!("body is not JSON (Content-Type `{content_type}`)"));
    };
    if content_type != "application/json" {
        return Some(format!(
            "Content-Type `{content_type}`, not exactly application/json"
        ));
    }
    let Some(response) = json["Response"].as_object() else {
        return Some(format!("no `Response` object: {json}"));
    };
    if !response
        .get("RequestId")
        .and_then(Value::as_str)
        .is_some_and(uuid_like)
    {
        return Some(format!("`Response.RequestId` is not a UUID: {json}"));
    }
    let error = response.get("Error");
    let code = match error {
        None => None,
        Some(e) => {
            let (Some(code), Some(message)) = (e["Code"].as_str(), e["Message"].as_str()) else {
                return Some(format!(
                    "`Response.Error` without `Code` and `Message` strings: {json}"
                ));
            };
            if !CATALOGUE.iter().any(|(c, _, _)| *c == code) {
                return Some(format!("error code `{code}` is not in the catalogue"));
            }
            if message.trim().is_empty() {
                return Some(format!("error {code} with an empty Message"));
            }
            Some(code)
        }
    };
    let Some(code) = code else {
        return success(method, path, response, expect);
    };
    if code == "InternalError" && !fault && *expect == Expect::TencentServed {
        return Some(format!(
            "InternalError from an action camsim serves: {}",
            json["Response"]["Error"]["Message"]
        ));
    }
    if *expect == Expect::UnsentBody
        && announced(&step.bytes).is_some_and(|n| n > MAX_BODY_BYTES)
        && code != "RequestSizeLimitExceeded"
        && !fault
    {
        return Some(format!(
            "a body announced over 10 MB answered {code}, not RequestSizeLimitExceeded"
        ));
    }
    match expect {
        Expect::TencentCode(want) if *want != code => {
            Some(format!("expected {want}, got {code}: {json}"))
        }
        Expect::MediaOk => Some(format!("expected the media, got {code}: {json}")),
        Expect::TencentRefused(_) => Some(format!(
            "expected the media host's refusal, got {code}: {json}"
        )),
        _ => None,
    }
}

/// A success: only an action on `/`, its fields PascalCase, and what the case expected.
fn success(
    method: &str,
    path: &str,
    response: &serde_json::Map<String, Value>,
    expect: &Expect,
) -> Option<String> {
    if path != "/" || !(method == "GET" || method == "POST") {
        return Some(format!("a success for {method} {path}, which is no action"));
    }
    if let Some(field) = response
        .keys()
        .find(|k| !k.starts_with(|c: char| c.is_ascii_uppercase()))
    {
        return Some(format!(
            "a success with the field `{field}`, not PascalCase"
        ));
    }
    match expect {
        Expect::TencentCode(want) => Some(format!("expected {want}, got a success")),
        Expect::MediaOk => Some("expected the media, got an API success".into()),
        Expect::TencentRefused(_) => {
            Some("expected the media host's refusal, got an API success".into())
        }
        _ => None,
    }
}

/// A link refused as a COS host does: 403 `AccessDenied` or 404 `NoSuchKey`, XML.
fn media_refusal(status: u16, body: &[u8], expect: &Expect, asked: bool) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    if asked {
        // The XML page with the code asked, at the status it maps to.
        let page = text.starts_with("<?xml")
            && text.contains("<Code>")
            && text.contains("<Message>")
            && text.contains("<RequestId>");
        if !page || status < 400 {
            return Some(format!(
                "a code asked of a media link answered {status} without a COS XML page"
            ));
        }
        if let Expect::TencentCode(want) = expect
            && !text.contains(&format!("<Code>{want}</Code>"))
        {
            return Some(format!(
                "expected <Code>{want}</Code> on the media link: {text}"
            ));
        }
        return None;
    }
    let code = match status {
        403 => "AccessDenied",
        404 => "NoSuchKey",
        other => {
            return Some(format!(
                "media refusal with status {other} (403 or 404 expected)"
            ));
        }
    };
    let page = text.starts_with("<?xml")
        && text.contains(&format!("<Code>{code}</Code>"))
        && text.contains("<Message>")
        && text.contains("<RequestId>");
    if !page {
        return Some(format!(
            "media refusal {status} without a COS XML page of code {code}"
        ));
    }
    match expect {
        Expect::MediaOk => Some(format!("expected the media, got {status} {code}")),
        Expect::TencentRefused(Some(want)) if *want != status => {
            Some(format!("expected {want}, got {status} {code}"))
        }
        Expect::TencentCode(want) => Some(format!("expected {want}, got {status} {code}")),
        _ => None,
    }
}

/// A media answer: the type of the link's kind, with that media's first bytes.
fn media_answer(path: &str, content_type: &str, body: &[u8], expect: &Expect) -> Option<String> {
    let file = path.rsplit('/').next().unwrap_or_default();
    // (type, first bytes or empty for any)
    let allowed: &[(&str, &[u8])] = if path.starts_with(PLAYBACK) {
        &[
            ("application/vnd.apple.mpegurl", b"#EXTM3U"),
            ("application/x-mpegurl", b"#EXTM3U"),
            ("video/mp2t", b"\x47"),
        ]
    } else if path.starts_with(THUMBNAIL) {
        &[("image/jpeg", b"\xff\xd8"), ("image/png", b"\x89PNG")]
    } else if file.contains(".aac") {
        &[
            ("audio/aac", b""),
            ("audio/x-aac", b""),
            ("audio/aacp", b""),
            ("audio/mp4", b""),
        ]
    } else {
        &[
            ("video/x-motion-jpeg", b""),
            ("video/mjpeg", b""),
            ("video/x-mjpeg", b""),
            ("multipart/x-mixed-replace", b""),
            ("image/jpeg", b"\xff\xd8"),
        ]
    };
    let problem = match allowed.iter().find(|(t, _)| content_type.starts_with(t)) {
        Some((_, magic)) if body.starts_with(magic) => None,
        Some((t, _)) => Some(format!("a {t} answer whose bytes are not that media")),
        None => Some(format!("a media link answered 200 with `{content_type}`")),
    };
    if problem.is_some() {
        return problem;
    }
    match expect {
        Expect::TencentRefused(_) => Some(format!("expected a refusal, got 200 `{content_type}`")),
        Expect::TencentCode(want) => Some(format!("expected {want}, got 200 `{content_type}`")),
        _ => None,
    }
}
