//! The VOD address 6.1, 6.2 and the alarms (17.1's `play_address`) hand out,
//! `/rvod/{d}_{c}_{video}/index.m3u8?token=`: a finished HLS playlist (`#EXT-X-ENDLIST`) of
//! segments of up to 10 s that add up to the recording's duration, and its segments
//! `/rvod/{d}_{c}_{video}/{n}.ts?token=`: segment `n` is the recording's world time
//! `[start + 10n, min(start + 10n + 10, end))` s, H.264 and silent AAC at 640×360 (a cloud
//! recording is the sub-stream the camera uploads, whatever the channel's resolution; it
//! also keeps a 10-s segment quick to make), each frame showing the time it was recorded at. The pipeline has checked the
//! token is a VOD token still valid on the world clock; this checks it opens this recording
//! (403) and that the recording is still held (404).

use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::media::Job;
use crate::media::job::Stretch;
use crate::vendors::onenet::errors::OnenetError;
use crate::vendors::onenet::media::{self, Keep, cached};
use crate::vendors::onenet::recordings::{Recording, Shelf};
use crate::vendors::onenet::state::OnenetState;
use crate::vendors::onenet::{media_refusal, routes};
use crate::vendors::{Ctx, Handled};
use http::StatusCode;
use std::fmt::Write;

/// Longest segment of a playlist, seconds.
pub const SEGMENT_SECS: i64 = 10;
pub const PLAYLIST_TYPE: &str = "application/vnd.apple.mpegurl";

/// `{d}_{c}_{video}/{file}` of the path.
struct Address<'a> {
    device: &'a str,
    channel: u32,
    video: &'a str,
    file: &'a str,
}

fn address(path: &str) -> Option<Address<'_>> {
    let rest = path.strip_prefix("/rvod/")?;
    let (dir, file) = rest.split_once('/')?;
    let (device, rest) = dir.split_once('_')?;
    let (channel, video) = rest.split_once('_')?;
    Some(Address {
        device,
        channel: channel.parse().ok()?,
        video,
        file,
    })
}

fn gone(why: &str) -> OnenetError {
    OnenetError::store(404, why)
}

/// `GET /rvod/{d}_{c}_{video}/index.m3u8?token=` and its segments.
pub fn stream(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let path = routes::canonical(&req.path);
    let at = address(&path).ok_or_else(|| gone("no such VOD address"))?;
    let state = ctx
        .world
        .model::<OnenetState>()
        .ok_or_else(|| gone("the world has no OneNET part"))?;
    let grant = state
        .tokens
        .grants
        .get(ctx.credential)
        .ok_or_else(|| media_refusal("the token was revoked"))?;
    let opens = grant.device == at.device
        && grant.channel == at.channel
        && grant.video.as_deref() == Some(at.video);
    if !opens {
        return Err(media_refusal("the token does not open this recording"));
    }
    let recording = Shelf::of(ctx, at.device)
        .ok()
        .and_then(|shelf| shelf.find(at.channel, at.video))
        .ok_or_else(|| gone("the recording is no longer held"))?;
    if at.file == "index.m3u8" {
        let body = playlist(&recording, ctx.credential);
        let answer = ApiResponse::text(StatusCode::OK, PLAYLIST_TYPE, body).with_code("0");
        return Ok(cached(answer, Keep::Stored).into());
    }
    let Some((start, end)) =
        crate::media::hls::segment_number(at.file).and_then(|n| segment_span(&recording, n))
    else {
        return Err(gone("no such segment of this recording"));
    };
    let looks = media::looks(state, at.device, at.channel);
    let stretch = Stretch {
        subject: media::subject(ctx.seed, at.device, at.channel, looks),
        start_ms: start.saturating_mul(1000),
        end_ms: end.saturating_mul(1000),
        size: crate::media::SUB_SIZE,
        audio: true,
    };
    let answer = ApiResponse::media(Job::Segment(stretch)).with_code("0");
    Ok(cached(answer, Keep::Stored).into())
}

/// The world-time span `[start, end)` (seconds) of segment `n`, if the recording has it.
fn segment_span(r: &Recording, n: i64) -> Option<(i64, i64)> {
    if !(0..segment_count(r)).contains(&n) {
        return None;
    }
    let start = r.start.checked_add(n.checked_mul(SEGMENT_SECS)?)?;
    Some((start, start.saturating_add(SEGMENT_SECS).min(r.end)))
}

fn segment_count(r: &Recording) -> i64 {
    r.duration_secs().saturating_add(SEGMENT_SECS - 1) / SEGMENT_SECS
}

/// A finished playlist whose segments add up to the recording; segment URIs are relative and
/// carry the same token.
fn playlist(r: &Recording, token: &str) -> String {
    let duration = r.duration_secs();
    let count = segment_count(r);
    // A recording lasts at most a day (`MAX_MANUAL_SECS`): 8,640 lines at most.
    let lines = usize::try_from(count).unwrap_or(0).min(10_000);
    let mut out = String::with_capacity(lines.saturating_mul(64).saturating_add(128));
    out.push_str("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n");
    let _ = writeln!(out, "#EXT-X-TARGETDURATION:{SEGMENT_SECS}");
    out.push_str("#EXT-X-MEDIA-SEQUENCE:0\n");
    for n in 0..count {
        let secs = duration
            .saturating_sub(n.saturating_mul(SEGMENT_SECS))
            .min(SEGMENT_SECS);
        let _ = writeln!(out, "#EXTINF:{secs}.000,\n{n}.ts?token={token}");
    }
    out.push_str("#EXT-X-ENDLIST\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::onenet::recordings::Origin;

    fn recording(secs: i64) -> Recording {
        Recording {
            id: "v".into(),
            channel: 1,
            name: "n".into(),
            start: 1000,
            end: 1000 + secs,
            bytes: 0,
            origin: Origin::Manual,
            event_id: None,
        }
    }

    #[test]
    fn a_playlist_adds_up_to_the_recording_in_segments_of_up_to_10_s() {
        let text = playlist(&recording(25), "tok");
        assert_eq!(
            text,
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:10\n\
             #EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.000,\n0.ts?token=tok\n#EXTINF:10.000,\n\
             1.ts?token=tok\n#EXTINF:5.000,\n2.ts?token=tok\n#EXT-X-ENDLIST\n"
        );
        assert_eq!(segment_count(&recording(600)), 60);
        assert_eq!(segment_count(&recording(1)), 1);
    }

    #[test]
    fn segments_cover_the_recording_in_order_and_stop_at_its_end() {
        let r = recording(25);
        let spans: Vec<_> = (0..4).map(|n| segment_span(&r, n)).collect();
        assert_eq!(
            spans,
            [
                Some((1000, 1010)),
                Some((1010, 1020)),
                Some((1020, 1025)),
                None
            ]
        );
        assert_eq!(segment_span(&r, -1), None);
        assert_eq!(segment_span(&r, i64::MAX), None);
    }

    #[test]
    fn addresses_name_device_channel_video_and_file() {
        let a = address("/rvod/25_1_abcd1234-c100/index.m3u8").expect("parses");
        assert_eq!(
            (a.device, a.channel, a.video, a.file),
            ("25", 1, "abcd1234-c100", "index.m3u8")
        );
        assert!(address("/rvod/25_x_v/index.m3u8").is_none());
        assert!(address("/rvod/25_1_v").is_none());
    }
}
