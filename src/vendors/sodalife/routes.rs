//! Sodalife's endpoints: the OAuth2 token endpoint, the four camera endpoints of seed 002, and
//! the media links those hand out (a captured picture, a live stream), which camsim serves too.

use crate::api::request::ApiRequest;
use crate::vendors::Endpoint as EndpointInfo;
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Capture,
    Controlling,
    SendVoice,
    LiveUrl,
    /// `GET /pic/{key}.jpg`: a picture `capture` took.
    Picture,
    /// `GET /openlive/{key}[.hd].{m3u8|flv}`: a stream `liveurl` handed out.
    Live,
}

pub const ALL: &[Endpoint] = &[
    Endpoint::Token,
    Endpoint::Capture,
    Endpoint::Controlling,
    Endpoint::SendVoice,
    Endpoint::LiveUrl,
    Endpoint::Picture,
    Endpoint::Live,
];

pub const TOKEN_PATH: &str = "/oauth2/access_token";
pub const PICTURE_PREFIX: &str = "/pic/";
pub const LIVE_PREFIX: &str = "/openlive/";

impl Endpoint {
    /// The camera endpoints (those that take an access token and name a device).
    pub fn is_camera(self) -> bool {
        matches!(
            self,
            Endpoint::Capture | Endpoint::Controlling | Endpoint::SendVoice | Endpoint::LiveUrl
        )
    }
}

impl EndpointInfo for Endpoint {
    fn id(self) -> &'static str {
        match self {
            Endpoint::Token => "sodalife.token",
            Endpoint::Capture => "sodalife.capture",
            Endpoint::Controlling => "sodalife.controlling",
            Endpoint::SendVoice => "sodalife.sendvoice",
            Endpoint::LiveUrl => "sodalife.liveurl",
            Endpoint::Picture => "sodalife.picture",
            Endpoint::Live => "sodalife.live",
        }
    }

    fn method(self) -> &'static str {
        match self {
            Endpoint::Picture | Endpoint::Live => "GET",
            _ => "POST",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Endpoint::Token => TOKEN_PATH,
            Endpoint::Capture => "/iot/cameras/capture",
            Endpoint::Controlling => "/iot/cameras/controlling",
            Endpoint::SendVoice => "/iot/cameras/sendvoice",
            Endpoint::LiveUrl => "/iot/cameras/liveurl",
            Endpoint::Picture => "/pic/{key}.jpg",
            Endpoint::Live => "/openlive/{key}[.hd].{m3u8|flv}",
        }
    }
}

pub fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
    let path = req.path.trim_end_matches('/');
    // HEAD as GET, as a CDN answers it (hyper sends no body for HEAD).
    if method == Method::GET || method == Method::HEAD {
        // Anything under a media prefix is the media host's, which refuses unknown keys itself.
        if req.path.starts_with(PICTURE_PREFIX) {
            return Some(Endpoint::Picture);
        }
        if req.path.starts_with(LIVE_PREFIX) {
            return Some(Endpoint::Live);
        }
        return None;
    }
    if method != Method::POST {
        return None;
    }
    match path {
        TOKEN_PATH => Some(Endpoint::Token),
        "/iot/cameras/capture" => Some(Endpoint::Capture),
        "/iot/cameras/controlling" => Some(Endpoint::Controlling),
        "/iot/cameras/sendvoice" => Some(Endpoint::SendVoice),
        "/iot/cameras/liveurl" => Some(Endpoint::LiveUrl),
        _ => None,
    }
}

/// The key of a media path under `prefix` (`/pic/<key>.jpg` -> `<key>`) and what follows it.
pub fn media_key<'a>(path: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = path.strip_prefix(prefix)?;
    let (key, suffix) = rest.split_once('.')?;
    let plausible =
        !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
    plausible.then_some((key, suffix))
}
