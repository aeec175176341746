//! What a OneNET answer must be (the vendor card in `src/vendors/onenet/mod.rs`, the README's
//! OneNET section):
//!
//! - API routes (and paths of no route): HTTP 200 with `{"errno": int, "error": string}`,
//!   errno 0 or a code of the catalogue (`src/vendors/onenet/errors.rs`), the error text
//!   starting with the catalogue's (section 2's 16 and 17 and `play_address`'s 1 to 5 have
//!   texts of their own). 7.2's answer is `{"errno":0,"trans_enc":n}` without `error`.
//! - The object store (`/ipc/video/file/*`): its codes are the HTTP status (`{"errno":200}`
//!   with 200 on success; 400, 401, 403, 404, 413, 1001-1003 as 400...), its list errno 0,
//!   and a download the file's bytes as `application/octet-stream`.
//! - Media links: 200 with the media's type (`image/jpeg`, `image/png`,
//!   `application/vnd.apple.mpegurl`, `video/x-flv`, `video/mp2t`; a playlist starts
//!   `#EXTM3U`, an FLV `FLV`, a segment is MPEG-TS), or 403/404 in the store's envelope.
//! - errno 1 ("internal") is a violation unless a fault asked for it (`play_address`'s own 1,
//!   "param error", is not internal; its 2, "server internal error", is); no 5xx unless a
//!   fault asked. A fault (`X-Camsim-Error`) answers any catalogue code with that code's
//!   status, on any route.

use super::Expect;
use super::Step;
use super::soda_oracle::request_line;
use super::wire::Answer;
use camsim::vendors::Vendor;
use camsim::vendors::onenet::errors::CATALOGUE;
use camsim::vendors::onenet::{MAX_COMMAND_BYTES, MAX_FILE_BYTES, MAX_PICTURE_BYTES, Onenet};
use serde_json::Value;

/// What a request reaches, by method and path (as camsim routes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// A media link of this kind.
    Media(Media),
    /// The object store; `Download` answers the file's bytes.
    Store {
        download: bool,
        list: bool,
    },
    /// `GET /ipc/video/trans_encrypt` (7.2's answer has no `error`).
    EncryptGet,
    PlayAddress,
    /// Any other route, or none.
    Api,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    Live,
    Preview,
    Vod,
    Picture,
}

/// The path camsim routes on: no trailing slash, the samples' `/ipc/video` put back.
fn canonical(path: &str) -> String {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let sample = ["/cmds", "/cmd_status", "/cmd_resp", "/play_address"].contains(&path)
        || path.starts_with("/vod/")
        || path.starts_with("/picture/");
    if sample {
        format!("/ipc/video{path}")
    } else {
        path.to_string()
    }
}

fn route(method: &str, path: &str) -> Route {
    let path = canonical(path);
    if method == "GET" || method == "HEAD" {
        if let Some(rest) = path.strip_prefix("/live/") {
            if !rest.ends_with("/preload") {
                return Route::Media(Media::Live);
            }
        } else if path.starts_with("/live_preview/") {
            return Route::Media(Media::Preview);
        } else if path.starts_with("/rvod/") {
            return Route::Media(Media::Vod);
        } else if let Some(rest) = path.strip_prefix("/ipc/video/picture/")
            && rest.split('/').count() == 3
        {
            return Route::Media(Media::Picture);
        }
    }
    match (method, path.as_str()) {
        ("PUT", "/ipc/video/file/upload") | ("DELETE", "/ipc/video/file/delete") => Route::Store {
            download: false,
            list: false,
        },
        ("GET", "/ipc/video/file/download") => Route::Store {
            download: true,
            list: false,
        },
        ("GET", "/ipc/video/file/list") => Route::Store {
            download: false,
            list: true,
        },
        ("GET", "/ipc/video/trans_encrypt") => Route::EncryptGet,
        ("GET", "/ipc/video/play_address") => Route::PlayAddress,
        _ => Route::Api,
    }
}

/// The HTTP status a code answers with (the store's codes are statuses; the rest 200).
fn status_of(errno: i64) -> u16 {
    match errno {
        1001..=1003 => 400,
        400..=599 => u16::try_from(errno).unwrap_or(200),
        _ => 200,
    }
}

fn text_of(errno: i64) -> Option<&'static str> {
    CATALOGUE.iter().find(|(n, _)| *n == errno).map(|(_, t)| *t)
}

/// `play_address`'s own codes and texts (section 4.1).
const PLAY: &[(i64, &str)] = &[
    (1, "param error"),
    (2, "server internal error"),
    (3, "channel not exist"),
    (4, "device not online"),
    (5, "device data error"),
];

/// The announced body length of a request, if any.
fn announced(bytes: &[u8]) -> Option<u64> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    String::from_utf8_lossy(&bytes[..end])
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
}

/// Whether the request's head announces a body (a length over 0, or a transfer coding).
fn declares_body(bytes: &[u8]) -> bool {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end])
        .to_ascii_lowercase()
        .lines()
        .any(|l| {
            l.starts_with("transfer-encoding:")
                || l.strip_prefix("content-length:")
                    .is_some_and(|n| n.trim() != "0")
        })
}

/// The code an upload announced over its route's limit must get (refused before it is read).
fn over_limit(method: &str, path: &str, bytes: &[u8]) -> Option<i64> {
    let n = announced(bytes)?;
    let (limit, code) = match (method, canonical(path).as_str()) {
        ("PUT", "/ipc/video/file/upload") => (MAX_FILE_BYTES, 413),
        ("PUT", "/ipc/video/picture/upload") => (MAX_PICTURE_BYTES, 5),
        ("POST", "/ipc/video/cmds") => (MAX_COMMAND_BYTES, 5),
        ("POST", "/ipc/video/dev_active") => (Onenet::BODY_LIMIT, 5),
        _ => return None,
    };
    (n > limit as u64).then_some(code)
}

/// The violation in a OneNET answer, if any.
pub fn check(step: &Step, expect: &Expect, answer: &Answer) -> Option<String> {
    let status = answer.status;
    let (method, path) = request_line(&step.bytes);
    let route = route(&method, &path);
    let fault = step.fault_asked;
    // hyper takes a 2xx answer to CONNECT for an open tunnel: camsim answers 405 instead, with
    // the same body (`pipeline::no_tunnel`).
    let status = if method == "CONNECT" && status == 405 {
        200
    } else {
        status
    };
    if status >= 500 && !fault {
        return Some(format!("status {status} that no fault asked for"));
    }
    if step.head {
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
    let content_type = answer.header("content-type").unwrap_or_default();
    if status == 200 && !content_type.starts_with("application/json") {
        return bytes_answer(route, content_type, &answer.body, expect);
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
    let Some(errno) = json["errno"].as_i64() else {
        return Some(format!(
            "status {status}: an answer without an integer `errno`"
        ));
    };
    let error = json["error"].as_str();
    if error.is_none() && !(route == Route::EncryptGet && errno == 0) {
        return Some(format!(
            "errno {errno}: an answer without an `error` string"
        ));
    }
    if let Some(problem) = code_and_status(step, route, status, errno, error.unwrap_or("succ")) {
        return Some(problem);
    }
    if *expect == Expect::UnsentBody
        && let Some(code) = over_limit(&method, &path, &step.bytes)
        && errno != code
        && !fault
    {
        return Some(format!(
            "a body announced over the limit got errno {errno}, expected {code} before it is read"
        ));
    }
    match expect {
        Expect::OnenetErrno(want) if errno != *want => Some(format!(
            "expected errno {want}, got {status} errno {errno}: {json}"
        )),
        Expect::OnenetOk if !(errno == 0 || (errno == 200 && is_store(route))) => Some(format!(
            "expected success, got {status} errno {errno}: {json}"
        )),
        Expect::MediaOk => Some(format!(
            "expected the media, got {status} errno {errno}: {json}"
        )),
        _ => None,
    }
}

fn is_store(route: Route) -> bool {
    matches!(route, Route::Store { .. })
}

/// Whether `errno` is a code camsim may answer here, with the right status and text.
fn code_and_status(
    step: &Step,
    route: Route,
    status: u16,
    errno: i64,
    error: &str,
) -> Option<String> {
    let fault = step.fault_asked;
    let known = errno == 0 || (errno == 200 && is_store(route)) || text_of(errno).is_some();
    if !known {
        return Some(format!("errno {errno} is not in the catalogue"));
    }
    if fault {
        // Any catalogue code at its own status (a bad `X-Camsim-Error` is errno 6 anywhere).
        let own = status_of(errno);
        let store_success = errno == 200 && status == 200;
        return (status != own && !store_success && errno != 0)
            .then(|| format!("errno {errno} (a fault's) answered with status {status}"));
    }
    let play = route == Route::PlayAddress && (1..=5).contains(&errno);
    if errno == 1 && !(play && error.starts_with("param error")) {
        return Some(format!(
            "errno 1 (internal) that no fault asked for: {error}"
        ));
    }
    if play && errno == 2 && error.starts_with("server internal error") {
        return Some(format!(
            "play_address's server error that no fault asked for: {error}"
        ));
    }
    // The text: the catalogue's, or the route's own.
    let text_ok = match errno {
        0 | 200 => error == "succ",
        16 => error.starts_with("The channel already exists"),
        17 => error.starts_with("This channel is not available"),
        // 4.1's own codes reuse the generic numbers: a key refused before the handler runs
        // is the generic table's (2 "api-key required", 3 "auth failed").
        n if play => {
            PLAY.iter().any(|(c, t)| *c == n && error.starts_with(t))
                || (n != 1 && text_of(n).is_some_and(|t| error.starts_with(t)))
        }
        n => text_of(n).is_some_and(|t| error.starts_with(t)),
    };
    if !text_ok {
        return Some(format!("errno {errno} with the text `{error}`"));
    }
    let unread_body = status == 200 && declares_body(&step.bytes);
    match route {
        Route::Store { list, .. } => {
            let ok = match errno {
                0 => list && status == 200,
                200 => !list && status == 200,
                n => status_of(n) == status && (status != 200),
            };
            (!ok).then(|| format!("the object store answered errno {errno} with status {status}"))
        }
        Route::Media(_) => match (status, errno) {
            (403, 403) | (404, 404) => None,
            // A body camsim could not read is refused before any link is looked at.
            (200, n) if n != 0 && unread_body => None,
            _ => Some(format!(
                "a media link answered {status} errno {errno} (200 with the media, or 403/404)"
            )),
        },
        _ => (status != 200 || status_of(errno) != 200).then(|| {
            format!("an API route answered errno {errno} with status {status} (always 200)")
        }),
    }
}

/// A 200 that is not JSON: media from a media link, or a file from the store's download.
fn bytes_answer(route: Route, content_type: &str, body: &[u8], expect: &Expect) -> Option<String> {
    let problem = match route {
        Route::Media(media) => {
            let allowed: &[(&str, &[u8])] = match media {
                Media::Live => &[
                    ("application/vnd.apple.mpegurl", b"#EXTM3U"),
                    ("video/x-flv", b"FLV"),
                    ("video/mp2t", b"\x47"),
                ],
                Media::Preview => &[("image/jpeg", b"\xff\xd8")],
                Media::Vod => &[
                    ("application/vnd.apple.mpegurl", b"#EXTM3U"),
                    ("video/mp2t", b"\x47"),
                ],
                // Uploads are kept as sent: their bytes are the client's.
                Media::Picture => &[("image/jpeg", b""), ("image/png", b"")],
            };
            match allowed.iter().find(|(t, _)| content_type.starts_with(t)) {
                Some((_, magic)) if body.starts_with(magic) => None,
                Some((t, _)) => Some(format!("a {t} answer whose bytes are not that media")),
                None => Some(format!(
                    "a {media:?} link answered 200 with `{content_type}`"
                )),
            }
        }
        Route::Store { download: true, .. } => (!content_type
            .starts_with("application/octet-stream"))
        .then(|| format!("a download answered `{content_type}`")),
        _ => Some(format!(
            "an API route answered 200 with `{content_type}`, not JSON"
        )),
    };
    if problem.is_some() {
        return problem;
    }
    match expect {
        Expect::OnenetErrno(want) => Some(format!("expected errno {want}, got 200 with bytes")),
        _ => None,
    }
}
