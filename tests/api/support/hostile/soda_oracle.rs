//! What a Sodalife answer must be. API endpoints answer JSON: the endpoint's success shape on
//! 2xx, else `{"error","error_description"}` with a code of camsim's catalogue
//! (`src/vendors/sodalife/errors.rs`) at that code's HTTP status, its description first (500
//! only when a fault asked). A GET under `/pic/` or `/openlive/` is the media host's: 200 with
//! the media's type and bytes, only under the exact link shape camsim hands out, or 403/404
//! with an XML error page (`AccessDenied`, `NoSuchKey`); a JSON envelope there only when the
//! request carried camsim's own `X-Camsim-*` test headers, or a body camsim could not read.

use super::Expect;
use super::Step;
use super::wire::Answer;
use camsim::vendors::sodalife::errors::CATALOGUE;
use serde_json::Value;

/// The method and path of the request a step sends (the path as camsim routes it: no
/// authority, query or fragment, repeated slashes collapsed).
pub fn request_line(bytes: &[u8]) -> (String, String) {
    let end = bytes
        .windows(2)
        .position(|w| w == b"\r\n")
        .unwrap_or(bytes.len());
    let line = String::from_utf8_lossy(&bytes[..end]).to_string();
    let mut parts = line.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let mut target = parts.next().unwrap_or_default();
    if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        target = rest.find('/').map_or("/", |i| &rest[i..]);
    }
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let mut collapsed = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    (method, collapsed)
}

/// Whether the request's head carries an `X-Camsim-` header (camsim's test hooks, which
/// answer in the API's envelope whatever the path).
fn camsim_header(bytes: &[u8]) -> bool {
    let head_end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    bytes[..head_end]
        .windows(10)
        .any(|w| w.eq_ignore_ascii_case(b"\nx-camsim-"))
}

/// Whether the request's head announces a body (a length over 0, or a transfer coding).
fn declares_body(bytes: &[u8]) -> bool {
    let head_end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..head_end])
        .to_ascii_lowercase()
        .lines()
        .any(|line| {
            line.starts_with("transfer-encoding:")
                || line
                    .strip_prefix("content-length:")
                    .is_some_and(|n| n.trim() != "0")
        })
}

fn is_media(method: &str, path: &str) -> bool {
    method == "GET" && (path.starts_with("/pic/") || path.starts_with("/openlive/"))
}

/// The violation in a Sodalife answer, if any.
pub fn check(step: &Step, expect: &Expect, answer: &Answer) -> Option<String> {
    let status = answer.status;
    let (method, path) = request_line(&step.bytes);
    let content_type = answer.header("content-type").unwrap_or_default();
    if step.head {
        if status >= 500 && !step.fault_asked {
            return Some(format!("HEAD answer {status} that no fault asked for"));
        }
        return match answer.header("content-type") {
            Some(_) => None,
            None => Some(format!("HEAD answer {status} without a Content-Type")),
        };
    }
    if answer.body.is_empty() {
        return Some(format!("empty answer (status {status})"));
    }
    if let Expect::AfterFault {
        malformed: true, ..
    } = expect
    {
        return None;
    }
    let media = is_media(&method, &path);
    if media && content_type.starts_with("application/xml") {
        return media_refusal(status, &answer.body, expect);
    }
    if media && status == 200 {
        return media_answer(&path, content_type, &answer.body, expect);
    }
    let Ok(json) = serde_json::from_slice::<Value>(&answer.body) else {
        return Some(format!(
            "status {status}: body is not JSON (Content-Type `{content_type}`)"
        ));
    };
    if !content_type.starts_with("application/json") {
        return Some(format!(
            "status {status}: JSON with Content-Type `{content_type}`"
        ));
    }
    // A GET that carries a body camsim could not read is refused before any link is looked
    // at: the API's INVALID_REQUEST there is a transport answer, not the media host's.
    let unread_body =
        status == 400 && json["error"] == "INVALID_REQUEST" && declares_body(&step.bytes);
    if media && !camsim_header(&step.bytes) && !unread_body {
        return Some(format!(
            "a GET under /pic/ or /openlive/ answered {status} in the API's JSON envelope, not \
             the media host's (200 with the media, or 403/404 with an XML page)"
        ));
    }
    if (200..300).contains(&status) {
        return success(&path, status, &json, expect);
    }
    refusal(step, status, &json, expect)
}

/// A 2xx API answer: the endpoint's success shape, and what the case expected.
fn success(path: &str, status: u16, json: &Value, expect: &Expect) -> Option<String> {
    let shape = match path {
        "/oauth2/access_token" => {
            let token = json["access_token"].as_str().unwrap_or_default();
            (token.len() == 32
                && token.bytes().all(|b| b.is_ascii_hexdigit())
                && json["expires_in"] == 7200)
                .then_some(())
                .ok_or("a token answer without a 32-hex `access_token` and `expires_in` 7200")
        }
        "/iot/cameras/capture" => json["picUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://") && u.ends_with(".jpg"))
            .then_some(())
            .ok_or("a capture answer without a `picUrl` link to a .jpg"),
        "/iot/cameras/controlling" | "/iot/cameras/sendvoice" => (json["data"] == "SUCCESS")
            .then_some(())
            .ok_or("an answer without `data`: \"SUCCESS\""),
        "/iot/cameras/liveurl" => json["url"]
            .as_str()
            .is_some_and(|u| !u.is_empty())
            .then_some(())
            .ok_or("a liveurl answer without a `url`"),
        _ => Err("a success for a path that is no endpoint"),
    };
    if let Err(problem) = shape {
        return Some(format!("status {status}: {problem}"));
    }
    match expect {
        Expect::SodaCode(code) => Some(format!("expected error {code}, got status {status}")),
        Expect::SodaRefused => Some(format!("expected a refusal, got status {status}")),
        Expect::MediaOk => Some(format!("expected media, got status {status}")),
        Expect::SodaLive(key)
            if !json["url"]
                .as_str()
                .is_some_and(|u| u.contains(key.as_str())) =>
        {
            Some("the device's stream key changed".into())
        }
        _ => None,
    }
}

/// A non-2xx API answer: the envelope, a catalogue code at its status, and the expectation.
fn refusal(step: &Step, status: u16, json: &Value, expect: &Expect) -> Option<String> {
    let (Some(code), Some(description)) =
        (json["error"].as_str(), json["error_description"].as_str())
    else {
        return Some(format!(
            "status {status}: sodalife error without `error` and `error_description`: {json}"
        ));
    };
    let Some((_, listed, text)) = CATALOGUE.iter().find(|(c, _, _)| *c == code) else {
        return Some(format!(
            "status {status}: error `{code}` is not in the catalogue"
        ));
    };
    if *listed != status {
        return Some(format!(
            "error {code} answered with status {status}, the catalogue says {listed}"
        ));
    }
    if status == 500 && !step.fault_asked {
        return Some(format!("status 500 ({code}) that no fault asked for"));
    }
    if !description.starts_with(text) {
        return Some(format!(
            "error {code}: the description does not start with the catalogue's `{text}`"
        ));
    }
    match expect {
        Expect::SodaCode(want) if *want != code => {
            Some(format!("expected error {want}, got {status} {code}"))
        }
        Expect::SodaOk | Expect::SodaLive(_) | Expect::MediaOk => {
            Some(format!("expected success, got {status} {code}"))
        }
        _ => None,
    }
}

/// A media link refused as the media host does: 403 `AccessDenied` or 404 `NoSuchKey`.
fn media_refusal(status: u16, body: &[u8], expect: &Expect) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let code = match status {
        403 => "AccessDenied",
        404 => "NoSuchKey",
        other => {
            return Some(format!(
                "media refusal with status {other} (403 or 404 expected)"
            ));
        }
    };
    if !text.starts_with("<?xml") || !text.contains(&format!("<Code>{code}</Code>")) {
        return Some(format!(
            "media refusal {status} without an XML page of code {code}"
        ));
    }
    match expect {
        Expect::SodaCode(want) if *want != code => {
            Some(format!("expected {want}, got {status} {code}"))
        }
        Expect::MediaOk => Some(format!("expected the media, got {status} {code}")),
        _ => None,
    }
}

/// A link's suffix, its media type and the first bytes of that media.
type MediaKind = (&'static str, &'static str, &'static [u8]);

/// A 200 for a media link: only under the exact shape of a link camsim hands out, with the
/// type and first bytes of that media.
fn media_answer(path: &str, content_type: &str, body: &[u8], expect: &Expect) -> Option<String> {
    let (prefix, kinds): (&str, &[MediaKind]) = if path.starts_with("/pic/") {
        ("/pic/", &[("jpg", "image/jpeg", b"\xff\xd8")])
    } else {
        (
            "/openlive/",
            &[
                ("m3u8", "application/vnd.apple.mpegurl", b"#EXTM3U"),
                ("hd.m3u8", "application/vnd.apple.mpegurl", b"#EXTM3U"),
                ("flv", "video/x-flv", b"FLV"),
                ("hd.flv", "video/x-flv", b"FLV"),
            ],
        )
    };
    let rest = &path[prefix.len()..];
    if prefix == "/openlive/"
        && let Some((stream, file)) = rest.split_once('/')
    {
        return segment_answer(stream, file, content_type, body, expect);
    }
    let (key, suffix) = rest.split_once('.').unwrap_or((rest, ""));
    let link = !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
    let Some((_, media_type, magic)) = kinds.iter().find(|(s, _, _)| *s == suffix).filter(|_| link)
    else {
        return Some(format!(
            "200 with `{content_type}` for a GET that is not the shape of a link camsim hands \
             out (/pic/<key>.jpg, /openlive/<key>[.hd].m3u8|flv, /openlive/<key>[.hd]/<n>.ts)"
        ));
    };
    if !content_type.starts_with(media_type) || !body.starts_with(magic) {
        return Some(format!(
            "a {suffix} link answered `{content_type}` (or other bytes), expected {media_type}"
        ));
    }
    match expect {
        Expect::SodaCode(want) => Some(format!("expected {want}, got the media")),
        _ => None,
    }
}

/// A 200 for `/openlive/<stream>/<file>`: only a live segment (`<key>[.hd]/<n>.ts`, as the
/// playlists list them), MPEG-TS.
fn segment_answer(
    stream: &str,
    file: &str,
    content_type: &str,
    body: &[u8],
    expect: &Expect,
) -> Option<String> {
    let key = stream.strip_suffix(".hd").unwrap_or(stream);
    let digits = file.strip_suffix(".ts").unwrap_or_default();
    let shaped = !key.is_empty()
        && key.len() <= 64
        && key.bytes().all(|b| b.is_ascii_hexdigit())
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit());
    if !shaped {
        return Some(format!(
            "200 with `{content_type}` for `{stream}/{file}`, not a live segment \
             (/openlive/<key>[.hd]/<n>.ts)"
        ));
    }
    if !content_type.starts_with("video/mp2t") || body.first() != Some(&0x47) {
        return Some(format!(
            "a live segment answered `{content_type}` (or other bytes), expected video/mp2t"
        ));
    }
    match expect {
        Expect::SodaCode(want) => Some(format!("expected {want}, got the media")),
        _ => None,
    }
}
