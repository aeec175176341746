//! The media host's side of section 4: the live streams a client assembles from
//! `play_address` (`/live/live_{d}_{c}/index.m3u8?{token}`, `/live/{d}-{c}.flv?{token}`) and
//! the live covers (`/live_preview/{d}-{c}` or `{d}_{c}`, `?token=`). A token that does not
//! open the path is 403; a stream that cannot play, or a path of no other form, is 404.

use super::{camera, not_playing};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::onenet::errors::OnenetError;
use crate::vendors::onenet::state::{OnenetDevice, OnenetState};
use crate::vendors::onenet::{access, media_refusal, params, routes};
use crate::vendors::{Ctx, Handled};
use http::{HeaderValue, StatusCode};

/// The media host's 404.
fn no_stream(detail: impl std::fmt::Display) -> OnenetError {
    OnenetError::store(404, detail)
}

/// The device of a media path, if the token's grant opens `device`'s `channel` (else 403).
fn granted<'a>(
    state: &'a OnenetState,
    token: &str,
    device: &str,
    channel: u32,
    now_ms: i64,
) -> Result<Option<&'a OnenetDevice>, OnenetError> {
    let Some(grant) = state.tokens.grants.get(token) else {
        return Err(media_refusal("the token was revoked"));
    };
    if grant.device != device || grant.channel != channel || grant.video.is_some() {
        return Err(media_refusal(&format!(
            "the token opens device {} channel {}, not device {} channel {channel}",
            grant.device,
            grant.channel,
            params::shown(device)
        )));
    }
    if grant.expired(now_ms) {
        return Err(media_refusal("the token expired on the world clock"));
    }
    Ok(state.devices.get(device))
}

/// A live stream: `live_{d}_{c}/index.m3u8` (HLS) or `{d}-{c}.flv` (FLV) under `/live/`.
pub fn stream(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let path = routes::canonical(&req.path);
    let rest = path.strip_prefix("/live/").unwrap_or_default();
    let (hls, who) = match rest.split_once('/') {
        Some((who, "index.m3u8")) if who.starts_with("live_") && !who.contains('-') => (true, who),
        None if rest.ends_with(".flv") && !rest.starts_with("live_") && !rest.contains('_') => {
            (false, rest)
        }
        _ => return Err(no_stream(format!("no stream {}", params::shown(&path)))),
    };
    let Some((id, channel)) = routes::device_channel(who) else {
        return Err(no_stream(format!("no stream {}", params::shown(&path))));
    };
    let state = access::state(ctx)?;
    let device = granted(state, ctx.credential, id, channel, ctx.now_ms)?
        .ok_or_else(|| no_stream(format!("no device {id}")))?;
    if let Some(why) = not_playing(device, camera(ctx, id), channel) {
        return Err(no_stream(why));
    }
    let answer = if hls {
        ApiResponse::text(
            StatusCode::OK,
            "application/vnd.apple.mpegurl",
            crate::media::placeholder_live_playlist(ctx.now_secs()),
        )
    } else {
        ApiResponse::text(StatusCode::OK, "video/x-flv", crate::media::FLV_HEADER)
    };
    Ok(Handled::Now(no_cache(answer)))
}

fn no_cache(mut answer: ApiResponse) -> ApiResponse {
    answer.headers.push((
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    ));
    answer
}

/// 4.3: the cover of a live channel, `/live_preview/{d}-{c}` or `{d}_{c}`, `?token=`.
pub fn preview(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let path = routes::canonical(&req.path);
    let rest = path.strip_prefix("/live_preview/").unwrap_or_default();
    let who = (!rest.starts_with("live_") && !rest.ends_with(".flv")).then_some(rest);
    let Some((id, channel)) = who.and_then(routes::device_channel) else {
        return Err(no_stream(format!("no cover {}", params::shown(&path))));
    };
    let state = access::state(ctx)?;
    let device = granted(state, ctx.credential, id, channel, ctx.now_ms)?
        .ok_or_else(|| no_stream(format!("no device {id}")))?;
    if device.closed.contains(&channel) {
        return Err(no_stream(format!(
            "channel {channel} of device {id} is closed (closecamera)"
        )));
    }
    let Some(camera) = camera(ctx, id) else {
        return Err(no_stream(format!("no device {id}")));
    };
    // An offline camera's cover is its last frame.
    let at = if camera.online {
        ctx.now_secs()
    } else {
        camera.online_changed_at
    };
    let jpeg = crate::media::placeholder_jpeg(&camera.history_key(), at);
    Ok(Handled::Now(no_cache(ApiResponse::text(
        StatusCode::OK,
        "image/jpeg",
        jpeg,
    ))))
}
