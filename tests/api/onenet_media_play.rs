//! OneNET's media links played as a player would (issue 10): live HLS whose window slides
//! with the world clock and whose segments show the world time, live HTTP-FLV, live covers,
//! recordings (VOD and alarm playback) following the recorded time, and the timeline's
//! pictures, each decoded with ffmpeg, its time strip read back, its timestamps checked across
//! segments; and the media host's refusals (403 token, 404 stream that cannot play). Live
//! streams are made 640×360 with cmdId 34 so encoding stays quick in a debug build (one test
//! keeps the factory 1280×720); recordings are 640×360 whatever the channel's resolution.

use crate::support::media::{first_frame_second, playlist, probe, probe_url, ts_view};
use crate::support::onenet_client::*;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

const WORLD: &str = "onenet-test";
/// Device 25045682 records on channel 1; channel 2 records only what the API starts.
const D: &str = ONENET_DEVICE;
/// 90 kHz ticks of one video frame (10 fps).
const FRAME_TICKS: u64 = 9_000;
/// One AAC frame (1,024 samples at 16 kHz), milliseconds: audio frames sit on its multiples.
const AAC_MS: i64 = 64;

/// World milliseconds as a PES timestamp (90 kHz, wrapped at 2^33).
fn ticks(ms: i64) -> u64 {
    (ms * 90).rem_euclid(1 << 33) as u64
}

async fn advance(sim: &TestSim, secs: i64) {
    let (status, body) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn set_online(sim: &TestSim, device: &str, online: bool) {
    let (status, body) = sim
        .call(
            reqwest::Method::PATCH,
            &format!("worlds/{WORLD}/devices/onenet/{device}"),
            json!({ "online": online }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// cmdId 34 on the test device: the channel encodes at `resolution` from now on.
async fn set_resolution(sim: &TestSim, channel: u32, resolution: &str) {
    let body = json!({ "cmdId": 34, "channel_id": channel, "cmd": { "resolution": resolution } });
    let answer = sim
        .onenet_client()
        .post(&format!("/ipc/video/cmds?device_id={D}&qos=1"), &body)
        .await;
    assert_eq!(answer.json["data"]["cmd_status"], 4, "{:?}", answer.json);
}

/// A GET of a link with no key, read whole.
async fn fetch(sim: &TestSim, url: &str) -> Answer {
    Answer::read(sim.http.get(url).send().await.expect("media request")).await
}

/// `play_address` for the channel and the live URL a client assembles from it (section 4.1):
/// protocol 1 the HLS playlist, 3 the FLV; and the token.
async fn live_url(sim: &TestSim, channel: u32, protocol: u32, extra: &str) -> (String, String) {
    let answer = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/play_address?device_id={D}&channel_id={channel}&protocol_type={protocol}{extra}"
        ))
        .await;
    assert_eq!(answer.errno(), 0, "{:?}", answer.json);
    let data = &answer.json["data"];
    let (addr, token) = (
        data["addr"].as_str().expect("addr"),
        data["accessToken"]
            .as_str()
            .expect("accessToken")
            .to_string(),
    );
    let url = match protocol {
        1 => format!("http://{addr}/live/live_{D}_{channel}/index.m3u8?{token}"),
        _ => format!("http://{addr}/live/{D}-{channel}.flv?{token}"),
    };
    (url, token)
}

/// A playlist's URI resolved against the playlist's own URL.
fn resolve(playlist_url: &str, uri: &str) -> String {
    let (dir, _) = playlist_url.rsplit_once('/').expect("a path");
    format!("{dir}/{uri}")
}

/// The live playlist and its segments' URLs.
async fn live_window(sim: &TestSim, url: &str) -> (m3u8_rs::MediaPlaylist, Vec<String>) {
    let answer = fetch(sim, url).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json);
    assert_eq!(
        answer.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    assert_eq!(answer.header("cache-control"), Some("no-cache"));
    let parsed = playlist(std::str::from_utf8(&answer.bytes).expect("text"));
    let urls = parsed
        .segments
        .iter()
        .map(|s| resolve(url, &s.uri))
        .collect();
    (parsed, urls)
}

/// A segment fetched and checked to be an MPEG-TS answer.
async fn segment(sim: &TestSim, url: &str) -> Vec<u8> {
    let answer = fetch(sim, url).await;
    assert_eq!(answer.status, StatusCode::OK, "{url}: {:?}", answer.json);
    assert_eq!(answer.header("content-type"), Some("video/mp2t"));
    assert_eq!(
        answer.header("content-length"),
        Some(answer.bytes.len().to_string().as_str())
    );
    answer.bytes
}

/// Video and audio timestamps continue from `a` into `b`, which starts at world time
/// `b_start_ms`: the next video frame, and the first audio frame of world time after it (an
/// audio PES holds several frames, so only its first is stamped).
fn assert_continuous(a: &[u8], b: &[u8], b_start_ms: i64) {
    let (a, b) = (ts_view(a), ts_view(b));
    let last = |pts: &[u64]| *pts.last().expect("a timestamp");
    assert_eq!(b.video_pts[0], last(&a.video_pts) + FRAME_TICKS, "video");
    assert_eq!(b.video_pts[0], ticks(b_start_ms), "video at world time");
    let first_audio = (b_start_ms + AAC_MS - 1).div_euclid(AAC_MS) * AAC_MS;
    assert_eq!(b.audio_pts[0], ticks(first_audio), "audio at world time");
    assert!(
        last(&a.audio_pts) < b.audio_pts[0],
        "audio does not overlap"
    );
}

// ---------------------------------------------------------------------------------------------
// Live HLS

#[tokio::test]
async fn live_hls_serves_the_last_three_segments_showing_their_world_time_when_played() {
    let sim = TestSim::onenet().await;
    set_resolution(&sim, 2, "640*360").await;
    let (url, token) = live_url(&sim, 2, 1, "").await;

    let (window, urls) = live_window(&sim, &url).await;
    let mut bodies = Vec::new();
    for u in &urls {
        bodies.push(segment(&sim, u).await);
    }

    // Segment n covers world time [2n, 2n + 2) s: the last finished one ends at the clock.
    let last = FROZEN_AT / 2 - 1;
    assert_eq!(window.media_sequence as i64, last - 2);
    assert_eq!(window.target_duration, 2);
    assert!(!window.end_list, "a live playlist has no end");
    let uris: Vec<&str> = window.segments.iter().map(|s| s.uri.as_str()).collect();
    let expected: Vec<String> = (last - 2..=last)
        .map(|n| format!("{n}.ts?{token}"))
        .collect();
    assert_eq!(uris, expected, "relative URIs keep the token");
    for (i, body) in bodies.iter().enumerate() {
        let n = last - 2 + i as i64;
        let p = probe(body, "ts");
        p.clean();
        assert_eq!(p.codec("video"), "h264");
        assert_eq!(p.codec("audio"), "aac");
        assert_eq!(p.size(), (640, 360));
        assert!((p.duration() - 2.0).abs() < 0.15, "{}", p.duration());
        let (_, second) = first_frame_second(body, "ts");
        assert_eq!(second, Some((n * 2) as u32), "segment {n} shows its time");
        assert_eq!(ts_view(body).video_pts[0], ticks(n * 2000));
    }
    assert_continuous(&bodies[0], &bodies[1], (last - 1) * 2000);
    assert_continuous(&bodies[1], &bodies[2], last * 2000);
    let joined = bodies.concat();
    let whole = probe(&joined, "ts");
    whole.clean();
    assert!((whole.duration() - 6.0).abs() < 0.2, "{}", whole.duration());
    sim.shutdown().await;
}

#[tokio::test]
async fn live_hls_window_slides_by_one_segment_and_continues_when_the_clock_moves_2_s() {
    let sim = TestSim::onenet().await;
    set_resolution(&sim, 2, "640*360").await;
    let (url, _) = live_url(&sim, 2, 1, "").await;
    let (before, before_urls) = live_window(&sim, &url).await;
    let newest_before = segment(&sim, &before_urls[2]).await;

    advance(&sim, 2).await;
    let (after, after_urls) = live_window(&sim, &url).await;
    let newest_after = segment(&sim, &after_urls[2]).await;
    let segments = sim
        .get(&format!(
            "worlds/{WORLD}/requests?endpoint=onenet.live.segment"
        ))
        .await;

    assert_eq!(after.media_sequence, before.media_sequence + 1);
    assert_eq!(after.segments[0].uri, before.segments[1].uri);
    assert_eq!(after.segments[1].uri, before.segments[2].uri);
    assert_eq!(after_urls[1], before_urls[2]);
    assert_continuous(&newest_before, &newest_after, FROZEN_AT * 1000);
    let (_, second) = first_frame_second(&newest_after, "ts");
    assert_eq!(second, Some(FROZEN_AT as u32));
    assert_eq!(segments.0, StatusCode::OK);
    let journaled = segments.1.as_array().map_or(0, Vec::len);
    assert_eq!(
        journaled, 2,
        "journaled as onenet.live.segment: {}",
        segments.1
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn live_segment_is_1280x720_when_the_channel_keeps_its_factory_resolution() {
    let sim = TestSim::onenet().await;
    let (url, _) = live_url(&sim, 1, 1, "").await;
    let (_, urls) = live_window(&sim, &url).await;

    let factory = segment(&sim, &urls[2]).await;
    set_resolution(&sim, 1, "320*240").await;
    let smaller = segment(&sim, &urls[2]).await;

    assert_eq!(probe(&factory, "ts").clean().size(), (1280, 720));
    assert_eq!(probe(&smaller, "ts").clean().size(), (320, 240));
    let (_, second) = first_frame_second(&smaller, "ts");
    assert_eq!(second, Some(FROZEN_AT as u32 - 2));
    sim.shutdown().await;
}

#[tokio::test]
async fn live_segment_answers_404_when_not_finished_or_over_a_minute_old() {
    let sim = TestSim::onenet().await;
    set_resolution(&sim, 2, "640*360").await;
    let (url, token) = live_url(&sim, 2, 1, "&timeout=-1").await;
    let (_, urls) = live_window(&sim, &url).await;
    let next = FROZEN_AT / 2;
    let at = |n: i64| url.replace("index.m3u8", &format!("{n}.ts"));

    let unfinished = fetch(&sim, &at(next)).await;
    // Segment next - 31 ended 60 s ago, next - 32 62 s ago.
    let oldest = fetch(&sim, &at(next - 31)).await;
    let too_old = fetch(&sim, &at(next - 32)).await;
    let named = fetch(
        &sim,
        &format!(
            "{}?token={token}",
            urls[2].split('?').next().unwrap_or_default()
        ),
    )
    .await;
    advance(&sim, 2).await;
    let finished = fetch(&sim, &at(next)).await;

    assert_eq!(unfinished.status, StatusCode::NOT_FOUND);
    assert_eq!(unfinished.errno(), 404, "{:?}", unfinished.json);
    assert_eq!(oldest.status, StatusCode::OK, "a minute old is still kept");
    assert_eq!(too_old.status, StatusCode::NOT_FOUND);
    assert_eq!(named.status, StatusCode::OK, "?token= works too");
    assert_eq!(finished.status, StatusCode::OK);
    assert_eq!(finished.header("cache-control"), Some("max-age=60"));
    sim.shutdown().await;
}

#[tokio::test]
async fn live_segment_answers_403_when_the_token_is_missing_wrong_expired_or_anothers() {
    let sim = TestSim::onenet().await;
    let (url, token) = live_url(&sim, 2, 1, "&timeout=10000").await;
    let (_, other) = live_url(&sim, 1, 1, "").await;
    let n = FROZEN_AT / 2 - 1;
    let bare = url.replace("index.m3u8", &format!("{n}.ts"));
    let path = bare.split('?').next().unwrap_or_default().to_string();

    let missing = fetch(&sim, &path).await;
    let wrong = fetch(&sim, &format!("{path}?0123456789abcdef0123456789abcdef")).await;
    let other_channel = fetch(&sim, &format!("{path}?{other}")).await;
    let tampered = fetch(&sim, &format!("{path}?{}0", &token[..token.len() - 1])).await;
    advance(&sim, 10).await;
    let expired = fetch(&sim, &bare).await;

    for (what, answer) in [
        ("missing", &missing),
        ("wrong", &wrong),
        ("other channel", &other_channel),
        ("tampered", &tampered),
        ("expired", &expired),
    ] {
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{what}: {:?}",
            answer.json
        );
        assert_eq!(answer.errno(), 403, "{what}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn live_segment_answers_404_when_the_device_is_offline_or_the_channel_closed() {
    let sim = TestSim::onenet().await;
    let (url, _) = live_url(&sim, 2, 1, "").await;
    let (_, urls) = live_window(&sim, &url).await;
    let close = |kind: u32| {
        let sim = &sim;
        async move {
            sim.onenet_client()
                .put(
                    &format!(
                        "/ipc/video/access_control/closecamera?product_id={ONENET_PRODUCT}&device_id={D}&id=2"
                    ),
                    &json!({ "type": kind }),
                )
                .await
        }
    };

    set_online(&sim, D, false).await;
    let offline = fetch(&sim, &urls[2]).await;
    let offline_playlist = fetch(&sim, &url).await;
    set_online(&sim, D, true).await;
    assert_eq!(close(1).await.errno(), 0);
    let closed = fetch(&sim, &urls[2]).await;
    let closed_flv = fetch(
        &sim,
        &url.replace(&format!("live_{D}_2/index.m3u8"), &format!("{D}-2.flv")),
    )
    .await;
    assert_eq!(close(0).await.errno(), 0);
    let open_again = fetch(&sim, &url).await;

    for (what, answer) in [
        ("offline segment", &offline),
        ("offline playlist", &offline_playlist),
        ("closed segment", &closed),
        ("closed flv", &closed_flv),
    ] {
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{what}: {:?}",
            answer.json
        );
        assert_eq!(answer.errno(), 404, "{what}");
    }
    assert_eq!(open_again.status, StatusCode::OK);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Live HTTP-FLV

/// Timestamps (ms from the stream's start) of the complete video frames of an FLV, and where
/// the last complete tag ends.
fn flv_video(bytes: &[u8]) -> (Vec<u32>, usize) {
    let mut at = 13; // the header and PreviousTagSize0
    let mut stamps = Vec::new();
    let mut end = at.min(bytes.len());
    while at + 11 <= bytes.len() {
        let size = usize::from(bytes[at + 1]) << 16
            | usize::from(bytes[at + 2]) << 8
            | usize::from(bytes[at + 3]);
        let next = at + 11 + size + 4;
        if next > bytes.len() {
            break;
        }
        let stamp = u32::from(bytes[at + 7]) << 24
            | u32::from(bytes[at + 4]) << 16
            | u32::from(bytes[at + 5]) << 8
            | u32::from(bytes[at + 6]);
        // Video frames only (AVC packet type 1), not the sequence header.
        if bytes[at] == 9 && bytes.get(at + 12) == Some(&1) {
            stamps.push(stamp);
        }
        at = next;
        end = next;
    }
    (stamps, end)
}

/// Reads a live FLV until a video frame stamped `until_ms` or later has arrived whole.
async fn read_flv_until(response: &mut reqwest::Response, out: &mut Vec<u8>, until_ms: u32) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while flv_video(out).0.last().is_none_or(|last| *last < until_ms) {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("the stream went quiet")
            .expect("a readable stream")
            .expect("the stream goes on");
        out.extend_from_slice(&chunk);
    }
}

#[tokio::test]
async fn live_flv_streams_the_card_from_the_clocks_stretch_and_more_as_the_clock_moves() {
    let sim = TestSim::onenet().await;
    set_resolution(&sim, 1, "640*360").await;
    let (url, _) = live_url(&sim, 1, 3, "").await;

    let mut response = sim.http.get(&url).send().await.expect("the stream");
    let (status, content_type, cache) = (
        response.status(),
        response.headers().get("content-type").cloned(),
        response.headers().get("cache-control").cloned(),
    );
    let mut bytes = Vec::new();
    read_flv_until(&mut response, &mut bytes, 1_900).await;
    let (first_stretch, first_end) = flv_video(&bytes);
    let first = bytes[..first_end].to_vec();
    advance(&sim, 2).await;
    read_flv_until(&mut response, &mut bytes, 3_900).await;
    drop(response);
    let (_, end) = flv_video(&bytes);
    let both = &bytes[..end];

    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("video/x-flv")
    );
    assert_eq!(
        cache.as_ref().and_then(|v| v.to_str().ok()),
        Some("no-cache")
    );
    assert!(first.starts_with(b"FLV\x01"));
    assert_eq!(first_stretch.len(), 20, "2 s at 10 fps: {first_stretch:?}");
    let p = probe(&first, "flv");
    p.clean();
    assert_eq!(p.codec("video"), "h264");
    assert_eq!(p.codec("audio"), "aac");
    assert_eq!(p.size(), (640, 360));
    let (_, second) = first_frame_second(&first, "flv");
    assert_eq!(
        second,
        Some(FROZEN_AT as u32),
        "the stretch holding the clock"
    );
    let (stamps, _) = flv_video(both);
    assert!(
        stamps.windows(2).all(|w| w[1] == w[0] + 100),
        "one frame every 100 ms across stretches: {stamps:?}"
    );
    let whole = probe(both, "flv");
    whole.clean();
    assert!((whole.duration() - 4.0).abs() < 0.2, "{}", whole.duration());
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 4.3 live cover

#[tokio::test]
async fn live_preview_is_the_channels_card_now_or_when_the_device_went_offline() {
    let sim = TestSim::onenet().await;
    set_resolution(&sim, 2, "640*360").await;
    let (_, token) = live_url(&sim, 2, 1, "&timeout=-1").await;
    let cover = format!("{}/live_preview/{D}_2?token={token}", sim.urls.onenet);

    let now = fetch(&sim, &cover).await;
    advance(&sim, 5).await;
    set_online(&sim, D, false).await;
    advance(&sim, 60).await;
    let offline = fetch(&sim, &cover).await;

    for (answer, at) in [(&now, FROZEN_AT), (&offline, FROZEN_AT + 5)] {
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json);
        assert_eq!(answer.header("content-type"), Some("image/jpeg"));
        assert_eq!(answer.header("cache-control"), Some("no-cache"));
        let p = probe(&answer.bytes, "jpg");
        p.clean();
        assert_eq!(p.codec("video"), "mjpeg");
        let (size, second) = first_frame_second(&answer.bytes, "jpg");
        assert_eq!((size.width, size.height), (640, 360));
        assert_eq!(second, Some(at as u32));
    }
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Recordings: VOD and alarm playback

/// `YYYY-MM-DD HH:MM:SS` in UTC+8 as Unix seconds.
fn utc8(text: &str) -> i64 {
    let t = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("a time");
    t.and_utc().timestamp() - 8 * 3600
}

/// A VOD token for the video, appended to its HLS address as section 6.1 says.
async fn vod_url(sim: &TestSim, channel: u32, video: &str) -> (String, Value) {
    let client = sim.onenet_client();
    let dc = format!("device_id={D}&channel_id={channel}&video_id={video}");
    let info = client
        .get(&format!("/ipc/video/vod/get_video_info?{dc}"))
        .await;
    assert_eq!(info.errno(), 0, "{:?}", info.json);
    let token = client
        .get(&format!("/ipc/video/vod/get_play_token?{dc}"))
        .await;
    let token = token.json["data"]["token"].as_str().expect("token");
    let hls = info.json["data"]["hls_url"].as_str().expect("hls_url");
    (format!("{hls}?token={token}"), info.json["data"].clone())
}

#[tokio::test]
async fn vod_plays_a_manual_recording_segment_by_segment_at_its_recorded_time() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    // Recordings are the sub-stream: the channel's resolution does not change them.
    set_resolution(&sim, 2, "320*240").await;
    let record = |action: u32| {
        format!(
            "/ipc/video/record/record_video?product_id={ONENET_PRODUCT}&device_id={D}&channel_id=2&action={action}"
        )
    };
    assert_eq!(client.get(&record(1)).await.errno(), 0);
    advance(&sim, 25).await;
    assert_eq!(client.get(&record(0)).await.errno(), 0);
    advance(&sim, 100).await;
    let listed = client
        .get(&format!(
            "/ipc/video/vod/get_video_list?device_id={D}&channel_id=2"
        ))
        .await;
    let video = listed.json["data"]["videos"][0]["videoid"]
        .as_str()
        .expect("the recording")
        .to_string();
    let (url, info) = vod_url(&sim, 2, &video).await;

    let answer = fetch(&sim, &url).await;
    let text = String::from_utf8(answer.bytes.clone()).expect("text");
    let list = playlist(&text);
    let mut bodies = Vec::new();
    for s in &list.segments {
        bodies.push(segment(&sim, &resolve(&url, &s.uri)).await);
    }
    let played = probe_url(&url).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("cache-control"), Some("max-age=3600"));
    let start = utc8(info["start"].as_str().expect("start"));
    assert_eq!(start, FROZEN_AT);
    assert_eq!(utc8(info["end"].as_str().expect("end")), FROZEN_AT + 25);
    assert!(list.end_list);
    let durations: Vec<f32> = list.segments.iter().map(|s| s.duration).collect();
    assert_eq!(durations, [10.0, 10.0, 5.0]);
    for (n, body) in bodies.iter().enumerate() {
        let p = probe(body, "ts");
        p.clean();
        assert_eq!(p.codec("video"), "h264");
        assert!(p.has("audio"));
        assert_eq!(p.size(), (640, 360));
        let expected = f64::from(durations[n]);
        assert!(
            (p.duration() - expected).abs() < 0.15,
            "{n}: {}",
            p.duration()
        );
        let (_, second) = first_frame_second(body, "ts");
        assert_eq!(second, Some((start + 10 * n as i64) as u32), "segment {n}");
        assert_eq!(
            ts_view(body).video_pts[0],
            ticks((start + 10 * n as i64) * 1000)
        );
    }
    assert_continuous(&bodies[0], &bodies[1], (start + 10) * 1000);
    assert_continuous(&bodies[1], &bodies[2], (start + 20) * 1000);
    played.clean();
    assert_eq!(played.codec("video"), "h264");
    assert!(
        (played.duration() - 25.0).abs() < 0.3,
        "{}",
        played.duration()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn vod_segment_answers_404_past_the_recording_and_403_with_another_videos_token() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let listed = client
        .get(&format!(
            "/ipc/video/vod/get_video_list?device_id={D}&channel_id=1&page_size=2"
        ))
        .await;
    let ids: Vec<String> = (0..2)
        .map(|i| {
            listed.json["data"]["videos"][i]["videoid"]
                .as_str()
                .expect("a video")
                .to_string()
        })
        .collect();
    let (url, info) = vod_url(&sim, 1, &ids[0]).await;
    let (other, _) = vod_url(&sim, 1, &ids[1]).await;
    let other_token = other.rsplit_once("token=").expect("a token").1;
    let duration: i64 = info["durtion"]
        .as_str()
        .expect("durtion")
        .parse()
        .expect("secs");
    let last = (duration + 9) / 10 - 1;

    let last_segment = fetch(&sim, &url.replace("index.m3u8", &format!("{last}.ts"))).await;
    let past = fetch(
        &sim,
        &url.replace("index.m3u8", &format!("{}.ts", last + 1)),
    )
    .await;
    let foreign = fetch(
        &sim,
        &format!(
            "{}token={other_token}",
            url.replace("index.m3u8", "0.ts")
                .rsplit_once("token=")
                .expect("token")
                .0
        ),
    )
    .await;

    assert_eq!(last_segment.status, StatusCode::OK);
    let start = utc8(info["start"].as_str().expect("start"));
    let (_, second) = first_frame_second(&last_segment.bytes, "ts");
    assert_eq!(second, Some((start + 10 * last) as u32));
    let p = probe(&last_segment.bytes, "ts");
    let expected = (duration - 10 * last) as f64;
    assert!(
        (p.clean().duration() - expected).abs() < 0.15,
        "{}",
        p.duration()
    );
    assert_eq!(past.status, StatusCode::NOT_FOUND);
    assert_eq!(past.errno(), 404);
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(foreign.errno(), 403);
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_links_play_the_event_clip_and_show_the_event_picture_at_its_time() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let alarms = client
        .get(&format!(
            "/ipc/video/alarm/list?product_id={ONENET_PRODUCT}&device_id={D}&alarm_way=1\
             &start_time=2026-11-22&end_time=2026-11-22&per_page=1"
        ))
        .await;
    let alarm = alarms.json["data"]["item"][0].clone();
    let play = alarm["play_address"]
        .as_str()
        .expect("play_address")
        .to_string();
    let picture = alarm["picture"].as_str().expect("picture").to_string();
    let name = picture
        .split('?')
        .next()
        .and_then(|p| p.rsplit('/').next())
        .and_then(|f| f.strip_suffix(".jpg"))
        .expect("a picture name")
        .to_string();
    let listed = client
        .get(&format!(
            "/ipc/video/picture/get_info?device_id={D}&channel_id=1&name={name}"
        ))
        .await;

    let clip = fetch(&sim, &play).await;
    let list = playlist(std::str::from_utf8(&clip.bytes).expect("text"));
    let first = segment(&sim, &resolve(&play, &list.segments[0].uri)).await;
    let jpeg = fetch(&sim, &picture).await;

    let video = play
        .split("/rvod/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|dir| dir.splitn(3, '_').nth(2))
        .expect("a video id");
    let (_, info) = vod_url(&sim, 1, video).await;
    let start = utc8(info["start"].as_str().expect("start"));
    let duration: f32 = info["durtion"]
        .as_str()
        .expect("durtion")
        .parse()
        .expect("secs");

    assert_eq!(clip.status, StatusCode::OK);
    assert!(list.end_list);
    let total: f32 = list.segments.iter().map(|s| s.duration).sum();
    assert_eq!(
        total, duration,
        "the clip's playlist adds up to the recording"
    );
    let (_, clip_second) = first_frame_second(&first, "ts");
    assert_eq!(
        clip_second,
        Some(start as u32),
        "the clip starts when it was recorded"
    );
    assert_eq!(probe(&first, "ts").clean().size(), (640, 360));
    assert_eq!(jpeg.status, StatusCode::OK);
    assert_eq!(jpeg.header("content-type"), Some("image/jpeg"));
    let (size, second) = first_frame_second(&jpeg.bytes, "jpg");
    assert_eq!((size.width, size.height), (1280, 720));
    assert_eq!(
        second.map(i64::from),
        listed.json["data"]["date"].as_i64(),
        "the picture shows the instant it is listed at"
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 5 pictures

#[tokio::test]
async fn picture_link_serves_the_card_at_the_pictures_date_and_lists_the_size_estimate() {
    let sim = TestSim::onenet().await;
    let listed = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={D}&page_size=1"
        ))
        .await;
    let newest = listed.json["data"][0].clone();

    let jpeg = fetch(&sim, newest["url"].as_str().expect("url")).await;

    assert_eq!(jpeg.status, StatusCode::OK);
    assert_eq!(jpeg.header("content-type"), Some("image/jpeg"));
    assert_eq!(jpeg.header("cache-control"), Some("max-age=3600"));
    assert_eq!(
        jpeg.header("content-length"),
        Some(jpeg.bytes.len().to_string().as_str())
    );
    let p = probe(&jpeg.bytes, "jpg");
    p.clean();
    assert_eq!(p.size(), (1280, 720));
    let (_, second) = first_frame_second(&jpeg.bytes, "jpg");
    assert_eq!(second.map(i64::from), newest["date"].as_i64());
    // 1280 × 720 / 50 + 27 × 1280: the estimate, within a fifth of the bytes served.
    assert_eq!(newest["size"], 52_992);
    let real = jpeg.bytes.len() as f64;
    assert!((52_992.0 - real).abs() < real / 5.0, "{real}");
    sim.shutdown().await;
}

#[tokio::test]
async fn snapshot_picture_is_served_at_the_size_the_command_asked_at_the_time_taken() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let body = json!({ "cmdId": 32, "channel_id": 2, "cmd": { "width": 320, "height": 240 } });
    let sent = client
        .post(&format!("/ipc/video/cmds?device_id={D}&qos=1"), &body)
        .await;
    assert_eq!(sent.json["data"]["cmd_status"], 4, "{:?}", sent.json);
    advance(&sim, 30).await;
    let listed = client
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={D}&channel_id=2"
        ))
        .await;
    let snapshot = listed.json["data"][0].clone();

    let jpeg = fetch(&sim, snapshot["url"].as_str().expect("url")).await;

    assert!(
        snapshot["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("snap_")),
        "{snapshot}"
    );
    assert_eq!(snapshot["size"], 320 * 240 / 50 + 27 * 320);
    assert_eq!(jpeg.status, StatusCode::OK);
    let (size, second) = first_frame_second(&jpeg.bytes, "jpg");
    assert_eq!((size.width, size.height), (320, 240));
    assert_eq!(
        second,
        Some(FROZEN_AT as u32),
        "taken before the clock moved"
    );
    sim.shutdown().await;
}
