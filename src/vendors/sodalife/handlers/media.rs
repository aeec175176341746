//! The links the camera endpoints hand out, answered as the vendor's media host would: a
//! captured picture (the device's test card at the capture instant, until the link expires),
//! and a live stream while its device is online: an HLS playlist whose window slides with the
//! world clock, its MPEG-TS segments, or an HTTP-FLV stream. The smooth stream is the camera's
//! sub-stream ([`SUB_SIZE`]), `hd` its main stream ([`MAIN_SIZE`]); both carry silent audio.

use super::{Answer, sodalife};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::media::job::Stretch;
use crate::media::live::LiveFeed;
use crate::media::{Format, Job, MAIN_SIZE, SUB_SIZE, Size, Subject, hls};
use crate::sim::VendorId;
use crate::vendors::Ctx;
use crate::vendors::sodalife::errors::SodalifeError;
use crate::vendors::sodalife::routes::{LiveFile, LiveName, PICTURE_PREFIX, live_name, media_key};
use crate::vendors::sodalife::state::Media;
use http::StatusCode;

/// The channel a Sodalife camera call acts on: EZVIZ's `channelNo` 1 (Sodalife names none).
const CHANNEL: u32 = 1;
/// How long a client may keep a live segment: its bytes never change, and the origin serves
/// it for [`hls::KEPT_MS`].
const SEGMENT_MAX_AGE_SECS: i64 = hls::KEPT_MS / 1000;

/// `GET /pic/{key}.jpg`: the picture `capture` took, kept privately by caches until it expires.
pub fn picture(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let now = ctx.now_secs();
    let seed = ctx.seed;
    // Only the link handed out: `<key>.jpg`, not `<key>.png` or `<key>.jpg.jpg`.
    let key = media_key(&req.path, PICTURE_PREFIX)
        .filter(|(_, suffix)| *suffix == "jpg")
        .map(|(k, _)| k.to_string());
    let state = sodalife(ctx)?;
    let Some(Media::Picture {
        device,
        taken_at,
        expires_at,
        utc_offset_minutes,
    }) = key.and_then(|k| state.media.get(&k)).cloned()
    else {
        return Err(SodalifeError::media_not_found());
    };
    if now >= expires_at {
        return Err(SodalifeError::media_expired());
    }
    let max_age = expires_at.saturating_sub(now);
    let mut answer = ApiResponse::media(Job::Picture {
        subject: Subject::new(device, CHANNEL, seed).at_offset(utc_offset_minutes),
        at_ms: taken_at.saturating_mul(1000),
        size: MAIN_SIZE,
        format: Format::Jpeg,
    })
    .with_header(
        http::header::CACHE_CONTROL,
        &format!("private, max-age={max_age}"),
    );
    if let Some(date) = http_date(expires_at) {
        answer = answer.with_header(http::header::EXPIRES, &date);
    }
    Ok(answer)
}

/// `GET /openlive/{key}[.hd].{m3u8|flv}`: the live playlist, or the live HTTP-FLV stream.
pub fn live(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let (name, subject) = open_live(ctx, req)?;
    match name.file {
        LiveFile::Playlist => {
            // Relative segment addresses: they resolve against the playlist's own host.
            let stream = if name.hd {
                format!("{}.hd", name.key)
            } else {
                name.key.to_string()
            };
            let text = hls::live_playlist(ctx.now_ms, |n| format!("{stream}/{n}.ts"));
            let (start_ms, end_ms) = hls::upcoming_segment(ctx.now_ms);
            let next = Job::Segment(Stretch {
                subject,
                start_ms,
                end_ms,
                size: stream_size(name.hd),
                audio: true,
            });
            // A live playlist changes every segment: players must ask again each time.
            Ok(ApiResponse::text(StatusCode::OK, hls::PLAYLIST_TYPE, text)
                .warming(next)
                .with_header(http::header::CACHE_CONTROL, "no-cache"))
        }
        LiveFile::Flv => Ok(ApiResponse::live(LiveFeed {
            camera: (VendorId::Sodalife, subject.device.clone()),
            subject,
            size: stream_size(name.hd),
            audio: true,
        })),
        LiveFile::Segment(_) => Err(SodalifeError::media_not_found()),
    }
}

/// `GET /openlive/{key}[.hd]/{n}.ts`: a segment of the live window (the media host's 404 once
/// it dropped out of the window's history, or before it is finished).
pub fn live_segment(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let (name, subject) = open_live(ctx, req)?;
    let LiveFile::Segment(n) = name.file else {
        return Err(SodalifeError::media_not_found());
    };
    let (start_ms, end_ms) =
        hls::live_segment(n, ctx.now_ms).ok_or_else(SodalifeError::media_not_found)?;
    Ok(ApiResponse::media(Job::Segment(Stretch {
        subject,
        start_ms,
        end_ms,
        size: stream_size(name.hd),
        audio: true,
    }))
    .with_header(
        http::header::CACHE_CONTROL,
        &format!("private, max-age={SEGMENT_MAX_AGE_SECS}"),
    ))
}

/// A live link checked as the media host does: exactly a shape `liveurl` hands out, a key it
/// handed out, and the device online (404 otherwise). Returns the link and who it shows.
fn open_live<'r>(
    ctx: &mut Ctx<'_>,
    req: &'r ApiRequest,
) -> Result<(LiveName<'r>, Subject), SodalifeError> {
    let name = live_name(&req.path).ok_or_else(SodalifeError::media_not_found)?;
    let seed = ctx.seed;
    let state = sodalife(ctx)?;
    let Some(Media::Live { device }) = state.media.get(name.key).cloned() else {
        return Err(SodalifeError::media_not_found());
    };
    let offset = ctx
        .world
        .cameras
        .get(VendorId::Sodalife, &device)
        .filter(|c| c.online)
        .map(|c| c.timeline.utc_offset_minutes)
        .ok_or_else(SodalifeError::media_not_found)?;
    Ok((name, Subject::new(device, CHANNEL, seed).at_offset(offset)))
}

/// EZVIZ's `quality`: HD is the camera's main stream, the smooth stream its sub-stream.
fn stream_size(hd: bool) -> Size {
    if hd { MAIN_SIZE } else { SUB_SIZE }
}

/// `secs` (Unix, world time) as an HTTP date (RFC 9110 §5.6.7: `Sun, 22 Nov 2026 10:00:00 GMT`).
fn http_date(secs: i64) -> Option<String> {
    let at = chrono::DateTime::from_timestamp(secs, 0)?;
    Some(at.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_imf_fixdate_and_out_of_range_is_none() {
        assert_eq!(
            http_date(1_795_341_600).as_deref(),
            Some("Sun, 22 Nov 2026 10:00:00 GMT")
        );
        assert_eq!(http_date(i64::MAX), None);
    }
}
