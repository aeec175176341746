//! Thumbnail and image-stream links, COS-like pre-signed URLs:
//! `http://{host}/thumbnail/{key}/{start}.jpg?q-sign-time={t0};{t1}&q-signature={sign}` and
//! `http://{host}/imagestream/{key}/{start}.{mjpg|aac}?...`, signed over what they open and
//! their window, valid [`LINK_VALIDITY_SECS`] from when they were handed out.

use super::{decimal, denied, expired, pairs, sign};
use crate::vendors::tencent::actions::{STREAM_PREFIX, THUMBNAIL_PREFIX};
use crate::vendors::tencent::errors::TencentError;

/// How long a thumbnail or image-stream link stays valid (decision: the 3600 s window of the
/// doc's COS example); its `ExpireTime` is the end of that window.
pub const LINK_VALIDITY_SECS: i64 = 3_600;

/// What a COS-like media link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// An event's thumbnail (`.jpg`).
    Thumbnail,
    /// An image-stream event's pictures (`.mjpg`).
    Video,
    /// An image-stream event's sound (`.aac`).
    Audio,
}

impl Media {
    fn prefix(self) -> &'static str {
        match self {
            Media::Thumbnail => THUMBNAIL_PREFIX,
            Media::Video | Media::Audio => STREAM_PREFIX,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Media::Thumbnail => "jpg",
            Media::Video => "mjpg",
            Media::Audio => "aac",
        }
    }
}

/// A link handed out, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaLink {
    pub url: String,
    pub expires: i64,
}

fn media_sign(secret: &str, media: Media, key: &str, start: &str, t0: i64, t1: i64) -> String {
    let (t0, t1) = (t0.to_string(), t1.to_string());
    sign(secret, &[media.extension(), key, start, &t0, &t1])
}

/// The pre-signed URL of `media` of the event starting at `start`, valid from `now` for
/// [`LINK_VALIDITY_SECS`].
pub fn media_link(
    secret: &str,
    host: &str,
    key: &str,
    media: Media,
    start: i64,
    now: i64,
) -> MediaLink {
    let expires = now.saturating_add(LINK_VALIDITY_SECS);
    let start = start.to_string();
    let signature = media_sign(secret, media, key, &start, now, expires);
    let url = format!(
        "http://{host}{}{key}/{start}.{}?q-sign-time={now};{expires}&q-signature={signature}",
        media.prefix(),
        media.extension()
    );
    MediaLink { url, expires }
}

/// The key, media and event start a media path names; `None` for a path no link names.
pub fn parse_media_path(path: &str) -> Option<(&str, Media, &str, i64)> {
    let (media, rest) = if let Some(rest) = path.strip_prefix(THUMBNAIL_PREFIX) {
        (Media::Thumbnail, rest)
    } else {
        (Media::Video, path.strip_prefix(STREAM_PREFIX)?)
    };
    let (key, file) = rest.split_once('/')?;
    let (start, extension) = file.split_once('.')?;
    let media = match (media, extension) {
        (Media::Thumbnail, "jpg") => Media::Thumbnail,
        (Media::Video, "mjpg") => Media::Video,
        (Media::Video, "aac") => Media::Audio,
        _ => return None,
    };
    Some((key, media, start, decimal(start)?))
}

/// A media link whose signature held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenedLink<'a> {
    pub key: &'a str,
    pub media: Media,
    pub start: i64,
    pub expires: i64,
}

/// Checks a media link at `now`: its path names a link (else `None`), and its `q-sign-time`
/// window (`t0;t1`, the `;` written or `%3B`) and `q-signature` hold.
pub fn check_media_link<'a>(
    secret: &str,
    path: &'a str,
    query: &str,
    now: i64,
) -> Option<Result<OpenedLink<'a>, TencentError>> {
    let (key, media, start_text, start) = parse_media_path(path)?;
    let (mut window, mut signature) = (None, None);
    for (name, value) in pairs(query) {
        let slot = match name {
            "q-sign-time" => &mut window,
            "q-signature" => &mut signature,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Some(Err(denied(format!("`{name}` is given twice"))));
        }
    }
    let (Some(window), Some(signature)) = (window, signature) else {
        return Some(Err(denied(
            "unsigned: ask the action that hands out this link",
        )));
    };
    let window = window.replacen("%3B", ";", 1).replacen("%3b", ";", 1);
    let times = window
        .split_once(';')
        .and_then(|(a, b)| Some((decimal(a)?, decimal(b)?)));
    let Some((t0, t1)) = times else {
        return Some(Err(denied("q-sign-time is malformed")));
    };
    if media_sign(secret, media, key, start_text, t0, t1) != signature {
        return Some(Err(denied("the signature does not match this link")));
    }
    if now < t0 {
        return Some(Err(denied("not yet valid: q-sign-time starts later")));
    }
    if expired(t1, now) {
        return Some(Err(denied("expired: q-sign-time has ended")));
    }
    Some(Ok(OpenedLink {
        key,
        media,
        start,
        expires: t1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::tencent::errors::Language;

    const SECRET: &str = "media-secret";

    #[test]
    fn media_links_open_within_their_window_and_not_when_changed() {
        let link = media_link(SECRET, "h:1", "k1", Media::Thumbnail, 1000, 5000);
        assert_eq!(link.expires, 8600);
        let (path, query) = link
            .url
            .strip_prefix("http://h:1")
            .and_then(|u| u.split_once('?'))
            .expect("path and query");
        assert_eq!(path, "/thumbnail/k1/1000.jpg");
        assert!(
            query.starts_with("q-sign-time=5000;8600&q-signature="),
            "{query}"
        );
        let opened = check_media_link(SECRET, path, query, 5000)
            .expect("a link")
            .expect("valid");
        assert_eq!(
            (opened.key, opened.media, opened.start, opened.expires),
            ("k1", Media::Thumbnail, 1000, 8600)
        );
        let encoded = query.replace(';', "%3B");
        assert!(
            check_media_link(SECRET, path, &encoded, 8599)
                .expect("a link")
                .is_ok()
        );
        let refused = |path: &str, q: &str, now: i64| {
            check_media_link(SECRET, path, q, now)
                .expect("a link")
                .expect_err(q)
                .message(Language::EnUs)
                .to_string()
        };
        assert!(refused(path, query, 8600).starts_with("expired"));
        assert!(refused(path, query, 4999).starts_with("not yet"));
        assert!(refused("/thumbnail/k1/1001.jpg", query, 5000).contains("does not match"));
        assert!(refused("/thumbnail/k2/1000.jpg", query, 5000).contains("does not match"));
        assert!(refused(path, &query.replace("8600", "9600"), 5000).contains("does not match"));
        assert!(refused(path, "q-sign-time=1;2", 5000).starts_with("unsigned"));
        let video = media_link(SECRET, "h", "k1", Media::Video, 1000, 5000);
        let audio = media_link(SECRET, "h", "k1", Media::Audio, 1000, 5000);
        assert!(
            video.url.starts_with("http://h/imagestream/k1/1000.mjpg?"),
            "{}",
            video.url
        );
        assert!(
            audio.url.starts_with("http://h/imagestream/k1/1000.aac?"),
            "{}",
            audio.url
        );
        let audio_query = audio.url.split_once('?').expect("query").1;
        assert!(refused("/imagestream/k1/1000.mjpg", audio_query, 5000).contains("does not match"));
        for bad in [
            "/thumbnail/k1/1000.mjpg",
            "/imagestream/k1/1000.jpg",
            "/thumbnail/k1/x.jpg",
            "/thumbnail/k1",
        ] {
            assert!(
                check_media_link(SECRET, bad, query, 5000).is_none(),
                "{bad}"
            );
        }
        let late = media_link(SECRET, "h", "k", Media::Audio, 0, i64::MAX);
        assert_eq!(late.expires, i64::MAX);
    }
}
