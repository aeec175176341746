//! The addresses OneNET hands out, pointing back at camsim (the Host the client called):
//! live play hosts (`addr`), live covers (`coveraddr`), VOD HLS and RTMP addresses, picture
//! links, and the tokens they carry. One place, so the routes that answer them
//! (`routes::media_route`) and the handlers that hand them out agree.

use super::errors::{OnenetError, errno};
use super::state::tokens::{Issuer, MediaGrant, Tokens};
use super::state::{LIVE_SCOPE, PICTURE_SCOPE, VOD_SCOPE};
use crate::api::request::ApiRequest;

/// RTMP port of the `rtmp://` addresses (formatted, not served).
pub const RTMP_PORT: u16 = 1935;
/// How long a VOD play token works (not published; proposal: 1 hour of world time).
pub const VOD_TOKEN_SECS: i64 = 3600;
/// A live `accessToken` without `timeout` (not published; proposal: 1 hour of world time).
pub const LIVE_TOKEN_SECS: i64 = 3600;

/// The host without its port (for `rtmp://host:1935/...`).
pub fn host_name(req: &ApiRequest) -> &str {
    crate::api::request::without_port(req.link_host())
}

/// `rtmp://{host}:1935/live/{d}-{c}?{token}` (section 4.1's RTMP form; also the push address).
pub fn live_rtmp(host_name: &str, device: &str, channel: u32, token: &str) -> String {
    format!("rtmp://{host_name}:{RTMP_PORT}/live/{device}-{channel}?{token}")
}

/// `http://{host}/rvod/{d}_{c}_{video}/index.m3u8` (`hls_url`, without the token: the client
/// appends `?token=` from `get_play_token`, as section 6.1 says).
pub fn vod_hls(host: &str, device: &str, channel: u32, video: &str, https: bool) -> String {
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}/rvod/{device}_{channel}_{video}/index.m3u8")
}

/// `rtmp://{host}:1935/rvod/{d}-{c}-{begin}-{end}` (`rtmp_url`; `rtmpe` when secure): section
/// 4.1's history form, the times as `YYYYMMDDHHMM` in UTC+8 (`201711131530`).
pub fn vod_rtmp(
    host_name: &str,
    device: &str,
    channel: u32,
    start: i64,
    end: i64,
    secure: bool,
) -> String {
    let scheme = if secure { "rtmpe" } else { "rtmp" };
    let minute = |secs: i64| {
        super::time::format_time(secs)
            .chars()
            .filter(char::is_ascii_digit)
            .take(12)
            .collect::<String>()
    };
    format!(
        "{scheme}://{host_name}:{RTMP_PORT}/rvod/{device}-{channel}-{}-{}",
        minute(start),
        minute(end)
    )
}

/// `http://{host}/ipc/video/picture/{d}/{c}/{name}.{format}?token=...` (section 5.5); `https`
/// when the client asked for secure links (section 17's `protocol=1`).
pub fn picture(
    host: &str,
    device: &str,
    channel: u32,
    name: &str,
    format: &str,
    token: &str,
    https: bool,
) -> String {
    let scheme = if https { "https" } else { "http" };
    let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    format!("{scheme}://{host}/ipc/video/picture/{device}/{channel}/{name}.{format}?token={token}")
}

/// The picture token of `device` (one per device, never expiring; made on first use).
pub fn picture_token(
    tokens: &mut Tokens,
    ctx: Issuer<'_>,
    product: &str,
    device: &str,
) -> Result<String, OnenetError> {
    if let Some(token) = tokens.picture_tokens.get(device) {
        return Ok(token.clone());
    }
    let grant = MediaGrant {
        device: device.to_string(),
        channel: 0,
        video: None,
        protocol: None,
        expires_ms: None,
    };
    let token = tokens
        .issue(ctx, product, PICTURE_SCOPE, grant)
        .map_err(|e| OnenetError::because(errno::INTERNAL, e))?;
    tokens
        .picture_tokens
        .insert(device.to_string(), token.clone());
    Ok(token)
}

/// A live `accessToken` for a device's channel, valid `ms` of world time (`None`: forever),
/// for a player of `protocol` (`RTMP` or `HLS`).
pub fn live_token(
    tokens: &mut Tokens,
    ctx: Issuer<'_>,
    product: &str,
    device: &str,
    channel: u32,
    expires_ms: Option<i64>,
    protocol: &'static str,
) -> Result<String, OnenetError> {
    let grant = MediaGrant {
        device: device.to_string(),
        channel,
        video: None,
        protocol: Some(protocol),
        expires_ms,
    };
    tokens
        .issue(ctx, product, LIVE_SCOPE, grant)
        .map_err(|e| OnenetError::because(errno::INTERNAL, e))
}

/// A VOD play token for one recording, valid `VOD_TOKEN_SECS`.
pub fn vod_token(
    tokens: &mut Tokens,
    ctx: Issuer<'_>,
    product: &str,
    device: &str,
    channel: u32,
    video: &str,
) -> Result<String, OnenetError> {
    let grant = MediaGrant {
        device: device.to_string(),
        channel,
        video: Some(video.to_string()),
        protocol: None,
        expires_ms: Some(ctx.now_ms.saturating_add(VOD_TOKEN_SECS * 1000)),
    };
    tokens
        .issue(ctx, product, VOD_SCOPE, grant)
        .map_err(|e| OnenetError::because(errno::INTERNAL, e))
}
