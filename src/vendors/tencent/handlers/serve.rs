//! The media links the actions hand out, as their hosts answer them: the signed playback
//! playlist and its segments (MPEG-TS, H.264 and silent AAC, each frame stamped with its
//! recorded time), event thumbnails (JPEG of the event's first instant), image-stream video
//! (Motion-JPEG, one picture a second) and audio (silent AAC), all drawn by `crate::media`. A refused link answers like a COS host (403 `AccessDenied`
//! for a missing, wrong or expired signature, 404 `NoSuchKey` for nothing stored, XML body).
//! `HEAD` is answered like `GET` (hyper sends no body).

use super::media::event_at;
use super::state;
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::media::job::Stretch;
use crate::media::{Format, Job, SUB_SIZE, Subject};
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::{TencentError, media};
use crate::vendors::tencent::history::History;
use crate::vendors::tencent::links::{self, Media, PlaybackFile};
use crate::vendors::tencent::state::{IMAGE_EVENT_MAX_SECS, MediaTarget};
use http::StatusCode;
use std::fmt::Write;

/// Longest segment of a playlist, seconds (`#EXT-X-TARGETDURATION`).
pub const SEGMENT_SECS: i64 = 10;
pub const PLAYLIST_TYPE: &str = "application/vnd.apple.mpegurl";
/// Decision: cloud storage keeps the camera's sub-stream (640x360), so recordings, thumbnails
/// and image streams are drawn at that size.
const RECORDED: crate::media::Size = SUB_SIZE;

fn not_found(why: &str) -> TencentError {
    TencentError::media(media::NOT_FOUND, why)
}

fn denied(why: &str) -> TencentError {
    TencentError::media(media::DENIED, why)
}

fn ok(content_type: &'static str, body: impl Into<bytes::Bytes>) -> ApiResponse {
    ApiResponse::text(StatusCode::OK, content_type, body)
}

/// What the target's pictures show: its DeviceName and channel, at its camera's UTC offset.
fn subject(ctx: &Ctx<'_>, target: &MediaTarget) -> Result<Subject, TencentError> {
    let (camera, d) = super::device(ctx, &target.device).map_err(|_| not_found("No such link."))?;
    Ok(Subject::new(d.name.clone(), target.channel, ctx.seed)
        .at_offset(camera.timeline.utc_offset_minutes))
}

/// The device channel a link's key opens, and the world's media secret.
fn opens(ctx: &Ctx<'_>, key: &str) -> Result<(MediaTarget, String), TencentError> {
    let state = state(ctx).map_err(|_| not_found("No such link."))?;
    let target = state
        .media_keys
        .get(key)
        .ok_or_else(|| not_found("No such link."))?;
    Ok((target.clone(), state.media_secret.clone()))
}

/// The stored recordings of the target within `[from, to)`, in the space its key was made for.
fn pieces(
    ctx: &Ctx<'_>,
    target: &MediaTarget,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>, TencentError> {
    let (camera, d) = super::device(ctx, &target.device).map_err(|_| not_found("No such link."))?;
    let history = History::new(
        ctx.seed,
        camera,
        d,
        target.channel,
        &target.user,
        ctx.now_secs(),
    );
    history
        .pieces(from, to)
        .map_err(|e| not_found(&format!("the recordings could not be read: {e}")))
}

/// `GET /timeshift/live/{key}/timeshift.m3u8?starttime_epoch&endtime_epoch&t&sign`: a finished
/// playlist of what is stored in the signed range; and its segments.
pub fn playback(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    let (key, file) =
        links::parse_playback_path(&req.path).ok_or_else(|| not_found("No such file."))?;
    let (target, secret) = opens(ctx, key)?;
    let signed = links::check_playback(&secret, key, &req.raw_query, ctx.now_secs())?;
    let range = signed.range;
    match file {
        PlaybackFile::Playlist => {
            let stored = pieces(ctx, &target, range.start, range.end)?;
            if stored.is_empty() {
                return Err(not_found("Nothing is stored in this range."));
            }
            Ok(ok(PLAYLIST_TYPE, playlist(&stored, &signed.query())))
        }
        PlaybackFile::Segment { start, secs } => {
            let end = start.saturating_add(secs);
            if !(1..=SEGMENT_SECS).contains(&secs) || start < range.start || end > range.end {
                return Err(denied("The segment lies outside the signed range."));
            }
            if pieces(ctx, &target, start, end)? != [(start, end)] {
                return Err(not_found("No such segment is stored."));
            }
            Ok(ApiResponse::media(Job::Segment(Stretch {
                subject: subject(ctx, &target)?,
                start_ms: start.saturating_mul(1000),
                end_ms: end.saturating_mul(1000),
                size: RECORDED,
                audio: true,
            })))
        }
    }
}

/// A finished (VOD) playlist of `stored` pieces, each split into segments of at most
/// [`SEGMENT_SECS`], a discontinuity where a gap separates two pieces; the durations add up to
/// the stored time. Segment URIs are relative and carry the signed query.
fn playlist(stored: &[(i64, i64)], signed_query: &str) -> String {
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n");
    let _ = writeln!(out, "#EXT-X-TARGETDURATION:{SEGMENT_SECS}");
    out.push_str("#EXT-X-MEDIA-SEQUENCE:0\n");
    let mut previous_end = None;
    for &(start, end) in stored {
        if previous_end.is_some_and(|e| e < start) {
            out.push_str("#EXT-X-DISCONTINUITY\n");
        }
        let mut at = start;
        while at < end {
            let secs = end.saturating_sub(at).min(SEGMENT_SECS);
            let uri = links::segment_uri(at, secs, signed_query);
            let _ = writeln!(out, "#EXTINF:{secs}.000,\n{uri}");
            at = at.saturating_add(secs);
        }
        previous_end = Some(end);
    }
    out.push_str("#EXT-X-ENDLIST\n");
    out
}

/// A media link checked: the device channel it opens and the event it names.
struct Opened {
    target: MediaTarget,
    media: Media,
    start: i64,
    /// Seconds the link stays valid.
    left: i64,
    /// The stored event's length, seconds.
    secs: i64,
}

/// Checks a thumbnail or image-stream link: it names a link (404), its signature and window
/// hold (403), and its event is still stored (404).
fn open(ctx: &Ctx<'_>, req: &ApiRequest) -> Result<Opened, TencentError> {
    let key = links::parse_media_path(&req.path)
        .ok_or_else(|| not_found("No such file."))?
        .0;
    let (target, secret) = opens(ctx, key)?;
    let now = ctx.now_secs();
    let link = links::check_media_link(&secret, &req.path, &req.raw_query, now)
        .ok_or_else(|| not_found("No such file."))??;
    let event = event_at(ctx, &target.device, link.start)?
        .ok_or_else(|| not_found("The event is no longer stored."))?;
    Ok(Opened {
        target,
        media: link.media,
        start: link.start,
        left: link.expires.saturating_sub(now),
        secs: event.end.saturating_sub(event.start),
    })
}

/// `GET /thumbnail/{key}/{start}.jpg?q-sign-time&q-signature`: the event's picture, cached
/// privately until the link expires.
pub fn thumbnail(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    let opened = open(ctx, req)?;
    Ok(ApiResponse::media(Job::Picture {
        subject: subject(ctx, &opened.target)?,
        at_ms: opened.start.saturating_mul(1000),
        size: RECORDED,
        format: Format::Jpeg,
    })
    .with_header(
        http::header::CACHE_CONTROL,
        &format!("private, max-age={}", opened.left),
    ))
}

/// `GET /imagestream/{key}/{start}.mjpg|.aac?q-sign-time&q-signature`: the event's pictures
/// (one a second, at most [`IMAGE_EVENT_MAX_SECS`]) or its sound, as long as the event.
pub fn stream(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    let opened = open(ctx, req)?;
    let secs = opened.secs.clamp(1, IMAGE_EVENT_MAX_SECS);
    let start_ms = opened.start.saturating_mul(1000);
    let job = match opened.media {
        Media::Audio => Job::Adts {
            start_ms,
            end_ms: start_ms.saturating_add(secs.saturating_mul(1000)),
        },
        Media::Video | Media::Thumbnail => Job::Mjpeg {
            subject: subject(ctx, &opened.target)?,
            start_ms,
            frames: u32::try_from(secs).unwrap_or(1),
            size: RECORDED,
        },
    };
    Ok(ApiResponse::media(job))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(duration, uri)` of each segment, and how many discontinuities.
    fn segments(text: &str) -> (Vec<(f64, String)>, usize) {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if let Some(d) = line.strip_prefix("#EXTINF:") {
                let secs = d.trim_end_matches(',').parse().expect("a duration");
                out.push((secs, lines[i + 1].to_string()));
            }
        }
        let gaps = lines
            .iter()
            .filter(|l| **l == "#EXT-X-DISCONTINUITY")
            .count();
        (out, gaps)
    }

    #[test]
    fn a_playlist_adds_up_to_the_stored_pieces_with_a_discontinuity_at_each_gap() {
        let text = playlist(&[(100, 125), (200, 203), (300, 310)], "q");
        assert!(text.starts_with(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:10\n"
        ));
        assert!(text.ends_with("#EXT-X-ENDLIST\n"));
        let (segs, gaps) = segments(&text);
        assert_eq!(gaps, 2);
        let total: f64 = segs.iter().map(|s| s.0).sum();
        assert_eq!(total, 38.0);
        let uris: Vec<&str> = segs.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(
            uris,
            [
                "seg/100_10.ts?q",
                "seg/110_10.ts?q",
                "seg/120_5.ts?q",
                "seg/200_3.ts?q",
                "seg/300_10.ts?q"
            ]
        );
        assert!(segs.iter().all(|s| s.0 <= SEGMENT_SECS as f64));
    }
}
