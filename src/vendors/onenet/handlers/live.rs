//! Section 4: live play addresses (4.1), HLS preload (4.2), live covers (4.3), push addresses
//! (4.4), and the live streams a client assembles from `play_address` by section 4.1's rules:
//! `http://{addr}/live/live_{d}_{c}/index.m3u8?{accessToken}` (HLS) and
//! `http://{addr}/live/{d}-{c}.flv?{accessToken}` (FLV). RTMP addresses are formatted, not
//! served.
//!
//! Proposals (the seed is silent):
//! - `type` is the scheme the client puts in front of `addr`: `rtmp` (`rtmpe` while the
//!   product's section 7 encryption is on, as the seed's example shows), `hls`, `https-hls`,
//!   `flv`, `https-flv`: the names of 4.1's `protocol_type` list. `addr` is `{host}:1935` for
//!   RTMP, else the host the client called (which serves the streams and covers).
//! - `protocol_type` defaults to 0 (RTMP); `timeout` to `LIVE_TOKEN_SECS`, at most
//!   `MAX_TIMEOUT_MS`; 0 and negatives other than -1 are param errors.
//! - An unknown device is errno 8 and a device key for another device errno 3, as on every
//!   device route; play code 5 ("device data error") never happens.
//! - The media host answers a stream of an offline device or a closed channel with 404; a
//!   token that does not open the path with 403. A cover of an offline device is its last
//!   frame (when it went offline); of a closed channel, 404.
//! - Preload checks the api-key (reaching the device), then `token` (errno 3 unless it is a
//!   live token of that device and channel, not expired), `idle_time` 1 to 120 (default 120),
//!   and answers errno 10 while the stream cannot play. It keeps nothing.
//! - The push key is a hash of the world seed, device and channel: the same address every
//!   time ("no time limit"), whatever the `isp`.

use super::{data, succ};
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::vendors::onenet::errors::{OnenetError, errno, play};
use crate::vendors::onenet::links::{self, LIVE_TOKEN_SECS, RTMP_PORT};
use crate::vendors::onenet::state::OnenetDevice;
use crate::vendors::onenet::state::tokens::Issuer;
use crate::vendors::onenet::{access, params, routes};
use crate::vendors::{Ctx, Handled};
use serde::Serialize;

mod media;

pub use media::{preview, segment, stream};

/// Longest `timeout` a live token takes (not published; proposal: 30 days).
pub const MAX_TIMEOUT_MS: i64 = 30 * 86_400_000;
/// Section 4.2: "空闲清理时间(s),最大值120".
pub const MAX_IDLE_SECS: u64 = 120;

/// `protocol_type` of section 4.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Rtmp,
    Hls,
    HttpsHls,
    Flv,
    HttpsFlv,
}

impl Protocol {
    fn of(n: i64) -> Option<Protocol> {
        Some(match n {
            0 => Protocol::Rtmp,
            1 => Protocol::Hls,
            2 => Protocol::HttpsHls,
            3 => Protocol::Flv,
            4 => Protocol::HttpsFlv,
            _ => return None,
        })
    }

    /// Section 14's `protocoltype`: HLS players, and RTMP for the rest (FLV is RTMP's
    /// stream over HTTP).
    fn family(self) -> &'static str {
        match self {
            Protocol::Hls | Protocol::HttpsHls => "HLS",
            _ => "RTMP",
        }
    }

    fn text(self, encrypted: bool) -> &'static str {
        match self {
            Protocol::Rtmp if encrypted => "rtmpe",
            Protocol::Rtmp => "rtmp",
            Protocol::Hls => "hls",
            Protocol::HttpsHls => "https-hls",
            Protocol::Flv => "flv",
            Protocol::HttpsFlv => "https-flv",
        }
    }
}

#[derive(Serialize)]
struct PlayAddress {
    addr: String,
    #[serde(rename = "accessToken")]
    access_token: String,
    #[serde(rename = "type")]
    kind: &'static str,
    coveraddr: String,
}

fn param_error(detail: impl std::fmt::Display) -> OnenetError {
    OnenetError::play(play::PARAM, detail)
}

/// A required integer of `play_address` (its own param error, code 1).
fn play_int(req: &ApiRequest, name: &str) -> Result<Option<i64>, OnenetError> {
    params::optional(req, name)
        .map(|text| {
            text.parse::<i64>().map_err(|_| {
                param_error(format!(
                    "{name} must be an integer, not `{}`",
                    params::shown(&text)
                ))
            })
        })
        .transpose()
}

/// 4.1: a play token for one channel and the address to play it at.
pub fn play_address(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let id =
        params::optional(req, "device_id").ok_or_else(|| param_error("device_id is required"))?;
    let channel =
        play_int(req, "channel_id")?.ok_or_else(|| param_error("channel_id is required"))?;
    let channel = u32::try_from(channel)
        .ok()
        .filter(|c| *c > 0)
        .ok_or_else(|| param_error(format!("channel_id must be from 1 to {}", u32::MAX)))?;
    let protocol_type = play_int(req, "protocol_type")?.unwrap_or(0);
    let protocol = Protocol::of(protocol_type)
        .ok_or_else(|| param_error("protocol_type must be 0, 1, 2, 3 or 4"))?;
    let expires_ms = match play_int(req, "timeout")? {
        None => Some(ctx.now_ms.saturating_add(LIVE_TOKEN_SECS * 1000)),
        Some(-1) => None,
        Some(ms) if (1..=MAX_TIMEOUT_MS).contains(&ms) => Some(ctx.now_ms.saturating_add(ms)),
        Some(_) => {
            return Err(param_error(format!(
                "timeout must be -1 (never) or from 1 to {MAX_TIMEOUT_MS} ms"
            )));
        }
    };

    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let device = access::device(state, &grant, &id)?;
    if !device.channels.contains_key(&channel) {
        return Err(OnenetError::play(
            play::NO_CHANNEL,
            format!("device {} has no channel {channel}", device.id),
        ));
    }
    if let Some(why) = not_playing(device, camera(ctx, &device.id), channel) {
        return Err(OnenetError::play(play::OFFLINE, why));
    }
    let encrypted = state.product(&device.product).is_some_and(|p| p.encrypted);
    let (product, id) = (device.product.clone(), device.id.clone());

    let issuer = Issuer::of(ctx);
    let state = access::state_mut(ctx)?;
    let token = links::live_token(
        &mut state.tokens,
        issuer,
        &product,
        &id,
        channel,
        expires_ms,
        protocol.family(),
    )?;
    let addr = match protocol {
        Protocol::Rtmp => format!("{}:{RTMP_PORT}", links::host_name(req)),
        _ => req.link_host().to_string(),
    };
    Ok(data(PlayAddress {
        addr,
        access_token: token,
        kind: protocol.text(encrypted),
        coveraddr: req.link_host().to_string(),
    }))
}

fn camera<'a>(ctx: &'a Ctx<'_>, id: &str) -> Option<&'a Camera> {
    ctx.world.cameras.get(VendorId::Onenet, id)
}

/// Why a channel cannot play now, if it cannot.
fn not_playing(device: &OnenetDevice, camera: Option<&Camera>, channel: u32) -> Option<String> {
    if !camera.is_some_and(|c| c.online) {
        return Some(format!("device {} is offline", device.id));
    }
    if device.closed.contains(&channel) {
        return Some(format!(
            "channel {channel} of device {} is closed (closecamera)",
            device.id
        ));
    }
    None
}

/// 4.2: `/live/live_{d}_{c}/preload?token=&idle_time=` with an api-key.
pub fn preload(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let path = routes::canonical(&req.path);
    let who = path
        .strip_prefix("/live/")
        .and_then(|rest| rest.strip_suffix("/preload"))
        .filter(|who| who.starts_with("live_") && !who.contains('-'));
    let Some((id, channel)) = who.and_then(routes::device_channel) else {
        return Err(OnenetError::because(
            errno::INVALID,
            "the path must be /live/live_{device_id}_{channel_id}/preload",
        ));
    };
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let device = access::device(state, &grant, id)?;
    access::channel_of(device, channel)?;
    let token = params::required(req, "token")?;
    let idle = params::optional_u64(req, "idle_time")?.unwrap_or(MAX_IDLE_SECS);
    if !(1..=MAX_IDLE_SECS).contains(&idle) {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("idle_time must be from 1 to {MAX_IDLE_SECS} seconds"),
        ));
    }
    let opens = state.tokens.grants.get(token.as_ref()).is_some_and(|g| {
        g.device == id && g.channel == channel && g.video.is_none() && !g.expired(ctx.now_ms)
    });
    if !opens {
        return Err(OnenetError::because(
            errno::AUTH_FAILED,
            format!("token is not a live token of device {id} channel {channel}, or it expired"),
        ));
    }
    if let Some(why) = not_playing(device, camera(ctx, id), channel) {
        return Err(OnenetError::because(errno::OFFLINE, why));
    }
    Ok(succ())
}

#[derive(Serialize)]
struct PushAddress {
    url: String,
}

/// 4.4: the RTMP address a device pushes its channel to.
pub fn push_address(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let channel = params::channel(req, "channel")?
        .ok_or_else(|| OnenetError::because(errno::REQUIRED, "channel"))?;
    access::channel_of(device, channel)?;
    let isp = params::required(req, "isp")?;
    if !["cm", "cu", "ct", "other"].contains(&isp.as_ref()) {
        return Err(OnenetError::because(
            errno::INVALID,
            format!(
                "isp must be cm, cu, ct or other, not `{}`",
                params::shown(&isp)
            ),
        ));
    }
    let key = push_key(ctx.seed, &device.product, &device.id, channel);
    let url = links::live_rtmp(links::host_name(req), &device.id, channel, &key);
    Ok(data(PushAddress { url }))
}

/// The push key of a channel: 32 hex digits, the same for the world's life.
fn push_key(seed: u64, product: &str, device: &str, channel: u32) -> String {
    let a = crate::sim::ids::name_hash(&format!("onenet-push/{seed}/{product}/{device}/{channel}"));
    let b = crate::sim::ids::name_hash(&format!("{a:016x}/{device}/{channel}/{seed}"));
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_keys_differ_per_channel_and_stay_the_same() {
        let one = push_key(11, "375201", "25045682", 1);
        assert_eq!(one.len(), 32);
        assert_eq!(one, push_key(11, "375201", "25045682", 1));
        assert_ne!(one, push_key(11, "375201", "25045682", 2));
        assert_ne!(one, push_key(12, "375201", "25045682", 1));
    }

    #[test]
    fn every_protocol_type_names_its_scheme() {
        let names: Vec<_> = (0..5)
            .filter_map(Protocol::of)
            .map(|p| p.text(false))
            .collect();
        assert_eq!(names, ["rtmp", "hls", "https-hls", "flv", "https-flv"]);
        assert_eq!(Protocol::of(0).map(|p| p.text(true)), Some("rtmpe"));
        assert_eq!(Protocol::of(5), None);
    }
}
