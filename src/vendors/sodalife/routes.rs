//! Sodalife's endpoints: the OAuth2 token endpoint, the four camera endpoints of seed 002, and
//! the media links those hand out (a captured picture, a live stream and its HLS segments),
//! which camsim serves too.

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
    /// `GET /openlive/{key}[.hd]/{n}.ts`: a segment its live playlist lists.
    LiveSegment,
}

pub const ALL: &[Endpoint] = &[
    Endpoint::Token,
    Endpoint::Capture,
    Endpoint::Controlling,
    Endpoint::SendVoice,
    Endpoint::LiveUrl,
    Endpoint::Picture,
    Endpoint::Live,
    Endpoint::LiveSegment,
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
            Endpoint::LiveSegment => "sodalife.live.segment",
        }
    }

    fn method(self) -> &'static str {
        match self {
            Endpoint::Picture | Endpoint::Live | Endpoint::LiveSegment => "GET",
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
            Endpoint::LiveSegment => "/openlive/{key}[.hd]/{n}.ts",
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
        if let Some(rest) = req.path.strip_prefix(LIVE_PREFIX) {
            // A name with a folder and a `.ts` file is a segment; the rest, the stream itself.
            let segment = rest.contains('/') && rest.ends_with(".ts");
            return Some(if segment {
                Endpoint::LiveSegment
            } else {
                Endpoint::Live
            });
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
    plausible_key(key).then_some((key, suffix))
}

/// What a live link asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveFile {
    /// `.m3u8`: the live playlist.
    Playlist,
    /// `.flv`: the HTTP-FLV stream.
    Flv,
    /// `/{n}.ts`: live segment `n` (see `media::hls`).
    Segment(i64),
}

/// A live link taken apart: its key, whether it is the HD (main) stream, and the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveName<'a> {
    pub key: &'a str,
    pub hd: bool,
    pub file: LiveFile,
}

/// The key of a live path (`/openlive/<key>...`): the hex up to the first `.` or `/`, which
/// routes the request to its world; [`live_name`] then checks the rest.
pub fn live_key(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(LIVE_PREFIX)?;
    let key = rest.split(['.', '/']).next()?;
    plausible_key(key).then_some(key)
}

/// Exactly the shapes camsim hands out: `<key>[.hd].m3u8`, `<key>[.hd].flv` (the `liveurl`
/// addresses) and `<key>[.hd]/<n>.ts` (the segments their playlists list).
pub fn live_name(path: &str) -> Option<LiveName<'_>> {
    let rest = path.strip_prefix(LIVE_PREFIX)?;
    if let Some((stream, file)) = rest.split_once('/') {
        let (key, hd) = match stream.strip_suffix(".hd") {
            Some(key) => (key, true),
            None => (stream, false),
        };
        let n = crate::media::hls::segment_number(file)?;
        return plausible_key(key).then_some(LiveName {
            key,
            hd,
            file: LiveFile::Segment(n),
        });
    }
    let (key, suffix) = rest.split_once('.')?;
    let (hd, file) = match suffix {
        "m3u8" => (false, LiveFile::Playlist),
        "hd.m3u8" => (true, LiveFile::Playlist),
        "flv" => (false, LiveFile::Flv),
        "hd.flv" => (true, LiveFile::Flv),
        _ => return None,
    };
    plausible_key(key).then_some(LiveName { key, hd, file })
}

/// Whether `key` has the shape of a link key (hex, at most 64 characters).
fn plausible_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn live_names_are_exactly_the_shapes_handed_out() {
        // (hd, file) of a name under the prefix, the key checked.
        let name = |rest: &str| {
            let path = format!("{LIVE_PREFIX}{rest}");
            live_name(&path).map(|n| {
                assert_eq!(n.key, KEY);
                (n.hd, n.file)
            })
        };
        let of = |hd, file| Some((hd, file));
        assert_eq!(name(&format!("{KEY}.m3u8")), of(false, LiveFile::Playlist));
        assert_eq!(
            name(&format!("{KEY}.hd.m3u8")),
            of(true, LiveFile::Playlist)
        );
        assert_eq!(name(&format!("{KEY}.flv")), of(false, LiveFile::Flv));
        assert_eq!(name(&format!("{KEY}.hd.flv")), of(true, LiveFile::Flv));
        assert_eq!(
            name(&format!("{KEY}/12.ts")),
            of(false, LiveFile::Segment(12))
        );
        assert_eq!(
            name(&format!("{KEY}.hd/12.ts")),
            of(true, LiveFile::Segment(12))
        );
        for odd in [
            format!("{KEY}.hd.hd.m3u8"),
            format!("{KEY}.ts"),
            format!("{KEY}.m3u8/"),
            format!("{KEY}.sd/1.ts"),
            format!("{KEY}/1.ts/"),
            format!("{KEY}/a/1.ts"),
            format!("{KEY}//1.ts"),
            format!("{KEY}/-1.ts"),
            format!("{KEY}g.m3u8"),
            "/1.ts".to_string(),
            ".m3u8".to_string(),
            String::new(),
        ] {
            assert_eq!(name(&odd), None, "{odd}");
        }
        assert_eq!(live_key(&format!("{LIVE_PREFIX}{KEY}.hd/3.ts")), Some(KEY));
        assert_eq!(live_key(&format!("{LIVE_PREFIX}{KEY}")), Some(KEY));
        assert_eq!(live_key(&format!("{LIVE_PREFIX}/{KEY}")), None);
    }
}
