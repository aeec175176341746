//! The media host's side of section 4: the live streams a client assembles from
//! `play_address` and the live covers. A token that does not open the path is 403; a stream
//! that cannot play (offline device, closed channel), or a path of no other form, is 404.
//!
//! - `/live/live_{d}_{c}/index.m3u8?{token}`: a live playlist whose window of the last three
//!   finished 2-s segments slides with the world clock (`media::hls`); its segment URIs are
//!   relative, `{n}.ts?{token}`, so a player keeps the token.
//! - `/live/live_{d}_{c}/{n}.ts?{token}`: segment `n`, world time `[2n, 2n + 2)` s, H.264 and
//!   silent AAC at the channel's resolution (cmdId 34; 1280×720 from the factory); 404 before
//!   it has finished or once it is more than a minute old, as a live origin drops it.
//! - `/live/{d}-{c}.flv?{token}`: the same picture as live HTTP-FLV, fed as the world clock
//!   moves for as long as the player reads.
//! - `/live_preview/{d}-{c}` or `{d}_{c}`, `?token=`: the cover, the channel's card at the
//!   current second (an offline camera's: when it went offline) as a JPEG of the stream's size.

use super::{camera, not_playing};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::media::live::LiveFeed;
use crate::media::{Format, Job, hls, job::Stretch};
use crate::sim::VendorId;
use crate::vendors::onenet::errors::OnenetError;
use crate::vendors::onenet::media::{self, Keep, cached};
use crate::vendors::onenet::state::{OnenetDevice, OnenetState};
use crate::vendors::onenet::{access, media_refusal, params, routes};
use crate::vendors::{Ctx, Handled};
use http::StatusCode;

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

/// What a live path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Playlist,
    Segment(i64),
    Flv,
}

/// `live_{d}_{c}/index.m3u8`, `live_{d}_{c}/{n}.ts` or `{d}-{c}.flv` (after `/live/`).
fn asked(rest: &str) -> Option<(Asked, &str)> {
    match rest.split_once('/') {
        Some((who, file)) if who.starts_with("live_") && !who.contains('-') => {
            if file == "index.m3u8" {
                Some((Asked::Playlist, who))
            } else {
                hls::segment_number(file).map(|n| (Asked::Segment(n), who))
            }
        }
        None if rest.ends_with(".flv") && !rest.starts_with("live_") && !rest.contains('_') => {
            Some((Asked::Flv, rest))
        }
        _ => None,
    }
}

/// A live stream: its playlist, a segment, or its FLV (see the module's list).
pub fn stream(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let path = routes::canonical(&req.path);
    let rest = path.strip_prefix("/live/").unwrap_or_default();
    let parsed =
        asked(rest).and_then(|(what, who)| routes::device_channel(who).map(|at| (what, at)));
    let Some((what, (id, channel))) = parsed else {
        return Err(no_stream(format!("no stream {}", params::shown(&path))));
    };
    let state = access::state(ctx)?;
    let device = granted(state, ctx.credential, id, channel, ctx.now_ms)?
        .ok_or_else(|| no_stream(format!("no device {id}")))?;
    if let Some(why) = not_playing(device, camera(ctx, id), channel) {
        return Err(no_stream(why));
    }
    let looks = media::looks(state, id, channel);
    let subject = media::subject(ctx.seed, id, channel, looks);
    let size = media::stream_size(looks);
    let answer = match what {
        Asked::Playlist => {
            let token = ctx.credential;
            let text = hls::live_playlist(ctx.now_ms, |n| format!("{n}.ts?{token}"));
            let (start_ms, end_ms) = hls::upcoming_segment(ctx.now_ms);
            let next = Job::Segment(Stretch {
                subject,
                start_ms,
                end_ms,
                size,
                audio: true,
            });
            cached(
                ApiResponse::text(StatusCode::OK, hls::PLAYLIST_TYPE, text).warming(next),
                Keep::Never,
            )
        }
        Asked::Segment(n) => {
            let Some((start_ms, end_ms)) = hls::live_segment(n, ctx.now_ms) else {
                return Err(no_stream(format!(
                    "segment {n} is not live: not finished yet, or over a minute old"
                )));
            };
            let stretch = Stretch {
                subject,
                start_ms,
                end_ms,
                size,
                audio: true,
            };
            cached(ApiResponse::media(Job::Segment(stretch)), Keep::LiveSegment)
        }
        Asked::Flv => cached(
            ApiResponse::live(LiveFeed {
                camera: (VendorId::Onenet, id.to_string()),
                subject,
                size,
                audio: true,
            }),
            Keep::Never,
        ),
    };
    Ok(Handled::Now(answer))
}

/// A segment of a live playlist (its own route, the same checks as the playlist's).
pub fn segment(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    stream(ctx, req)
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
    // An offline camera's cover is its last frame; a live one's the current second (so
    // covers asked within a second share one picture).
    let at = if camera.online {
        ctx.now_secs()
    } else {
        camera.online_changed_at
    };
    let looks = media::looks(state, id, channel);
    let job = Job::Picture {
        subject: media::subject(ctx.seed, id, channel, looks),
        at_ms: at.saturating_mul(1000),
        size: media::stream_size(looks),
        format: Format::Jpeg,
    };
    Ok(Handled::Now(cached(ApiResponse::media(job), Keep::Never)))
}
