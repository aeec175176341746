//! The links Tencent's actions hand out, pointing back at camsim: each device channel gets a
//! media key (a credential made at run time, so a link routes to the world that made it), and
//! links carry camsim's signature over what they open and until when (checked when opened).
//! Every URL built and every signature checked lives here:
//!
//! - playback base (`VideoURL`): `http://{host}/timeshift/live/{key}/timeshift.m3u8`, to which a
//!   client appends `?starttime_epoch=S&endtime_epoch=E`; signed and checked in `playback`.
//! - event thumbnail paths (`Events[].Thumbnail`), read back by the thumbnail actions.
//! - thumbnail and image-stream URLs, COS-like pre-signed: `cos`.
//! - every link is valid while the world clock is before its expiry ([`expired`]).

use super::actions::PLAYBACK_PREFIX;
use super::errors::{TencentError, code, media};
use super::state::{MEDIA_SCOPE, MediaTarget, TencentState};
use crate::sim::VendorId;
use crate::sim::world::Account;
use crate::vendors::Ctx;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

mod cos;
mod playback;

pub use cos::{
    LINK_VALIDITY_SECS, Media, MediaLink, OpenedLink, check_media_link, media_link,
    parse_media_path,
};
pub use playback::{
    MAX_PLAYLIST_SECS, PlaybackFile, Range, SignedRange, VideoUrl, check_playback,
    parse_playback_path, parse_video_url, segment_uri, signed_video_url,
};

/// The media key of a device channel's storage space (`user`, "" the default), made (and
/// claimed for this world) on first use.
pub fn media_key(
    ctx: &mut Ctx<'_>,
    device: &str,
    channel: u32,
    user: &str,
) -> Result<String, TencentError> {
    // Keys exist only for spaces the device has (a client's UserId must not mint credentials
    // without bound): a space it never had holds nothing, and plays as the default one.
    let known = ctx
        .world
        .model::<TencentState>()
        .and_then(|s| s.device(device))
        .is_some_and(|d| d.user_ids().contains(&user));
    let user = if known { user } else { "" };
    if let Some(key) = ctx
        .world
        .model::<TencentState>()
        .and_then(|s| s.device(device)?.media_key(channel, user))
    {
        return Ok(key.to_string());
    }
    let key = claim_unique(ctx)?;
    let state = ctx
        .world
        .model_mut::<TencentState>()
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?;
    state.media_keys.insert(
        key.clone(),
        MediaTarget {
            device: device.to_string(),
            channel,
            user: user.to_string(),
        },
    );
    if let Some(d) = state.device_mut(device) {
        d.media_keys.push((channel, user.to_string(), key.clone()));
    }
    Ok(key)
}

/// 32 hex digits claimed as a media credential of this world.
fn claim_unique(ctx: &Ctx<'_>) -> Result<String, TencentError> {
    let account = |id: String| Account {
        vendor: VendorId::Tencent,
        id,
        secret: String::new(),
        token: None,
        expires_ms: None,
        scopes: vec![MEDIA_SCOPE],
    };
    ctx.credentials
        .claim_fresh(ctx.ids, 32, &account)
        .map_err(|e| {
            TencentError::new(
                code::INTERNAL_ERROR,
                format!("camsim could not make a media link: {e}"),
                format!("camsim 无法生成媒体链接：{e}"),
            )
        })
}

/// `VideoURL`: the playback base of a device channel.
pub fn video_url(host: &str, key: &str) -> String {
    format!("http://{host}{PLAYBACK_PREFIX}{key}/timeshift.m3u8")
}

/// camsim's signature over `parts` (joined with `\n`) with the world's media secret: 32 hex digits.
pub fn sign(secret: &str, parts: &[&str]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            mac.update(b"\n");
        }
        mac.update(part.as_bytes());
    }
    let digest = mac.finalize().into_bytes();
    hex::encode(&digest[..16])
}

/// An event's thumbnail path (`Events[].Thumbnail`), as Tencent writes it:
/// `/{app id}/{ProductId}/{DeviceName}/events/{start}.jpg`.
pub fn thumbnail_path(app_id: &str, product: &str, device: &str, start: i64) -> String {
    format!("/{app_id}/{product}/{device}/events/{start}.jpg")
}

/// The parts of a thumbnail path: `(app id, ProductId, DeviceName, start)`.
pub fn parse_thumbnail_path(path: &str) -> Option<(&str, &str, &str, i64)> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let (app, product, device, events, file) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || events != "events" {
        return None;
    }
    let start = file.strip_suffix(".jpg")?.parse::<i64>().ok()?;
    Some((app, product, device, start))
}

/// Whether a link with this expiry is refused at `now`: a link is valid while the world clock
/// is before its expiry (an `ExpireTime` must be after now when it is asked for).
pub fn expired(expiry: i64, now: i64) -> bool {
    now >= expiry
}

/// A Unix time as links write it: decimal digits only.
pub(crate) fn decimal(text: &str) -> Option<i64> {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

/// An expiry as `t` writes it: lower-case hex digits only.
pub(crate) fn lower_hex(text: &str) -> Option<i64> {
    let digits = !text.is_empty() && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    digits.then(|| i64::from_str_radix(text, 16).ok()).flatten()
}

/// `name=value` pairs of a query, as written (times and signatures need no decoding).
pub(crate) fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// A link refused the way its host refuses it (403).
pub(crate) fn denied(why: impl Into<String>) -> TencentError {
    TencentError::media(media::DENIED, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnail_paths_read_back() {
        let path = thumbnail_path("100008401725", "AQTV2839QJ", "sp01_1", 1_615_200_613);
        assert_eq!(
            path,
            "/100008401725/AQTV2839QJ/sp01_1/events/1615200613.jpg"
        );
        assert_eq!(
            parse_thumbnail_path(&path),
            Some(("100008401725", "AQTV2839QJ", "sp01_1", 1_615_200_613))
        );
        for bad in [
            "",
            "/a/b/c/events/x.jpg",
            "/a/b/c/event/1.jpg",
            "/a/b/c/events/1.jpg/x",
            "a/b/c/events/1.jpg",
        ] {
            assert_eq!(parse_thumbnail_path(bad), None, "{bad}");
        }
    }
}
