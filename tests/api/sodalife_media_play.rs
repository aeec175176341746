//! Sodalife's media links played as a player would (issue 10): the `picUrl` picture and the
//! `liveurl` HLS and HTTP-FLV streams, decoded with ffmpeg, the time each frame shows read back
//! and compared with the world clock (moved with the control API), and the refusals of the
//! media host (403 `AccessDenied`, 404 `NoSuchKey`, XML) for expired, tampered, unknown and
//! forgotten links and offline devices.

use crate::support::media::{TsView, first_frame_second, playlist, probe, ts_view};
use crate::support::sodalife_client::{SodalifeClient, TokenIn};
use crate::support::*;
use camsim::media::{MAIN_SIZE, SUB_SIZE, Size};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

const WORLD: &str = "sodalife-test";
/// Devices of the fixture world (tests/api/fixtures/sodalife.yaml): both capture, online.
const FRONT_DESK: &str = "C80214452";
const ENTRANCE: &str = "D21907744";
/// 2 s at 90 kHz, 100 ms (one video frame at 10 fps) and 64 ms (one AAC frame at 16 kHz).
const SEGMENT_TICKS: u64 = 180_000;
const FRAME_TICKS: u64 = 9_000;
const AAC_FRAME_TICKS: u64 = 5_760;
/// PTS wrap at 2^33 ticks.
const PTS_MODULO: u64 = 1 << 33;

/// The PTS of world time `ticks` (90 kHz).
fn pts(ticks: u64) -> u64 {
    ticks % PTS_MODULO
}

/// Ticks from PTS `a` to PTS `b`, across a wrap.
fn pts_gap(a: u64, b: u64) -> u64 {
    (b + PTS_MODULO - a) % PTS_MODULO
}

fn client(sim: &TestSim) -> SodalifeClient {
    SodalifeClient::new(&sim.urls.sodalife, SODA_CLIENT_ID, SODA_CLIENT_SECRET)
}

/// A token of the main app, with the seed's 4-second rule lifted (tests call a device often).
async fn token(sim: &TestSim) -> String {
    let (status, answer) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/vendors/sodalife/apps/{SODA_CLIENT_ID}"),
            json!({ "callIntervalSecs": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    client(sim).access_token().await
}

/// Moves the world clock by `secs` (fractions allowed).
async fn advance(sim: &TestSim, secs: f64) {
    let (status, answer) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, 200, "{answer}");
}

/// `field` of a successful camera call.
async fn camera_link(sim: &TestSim, endpoint: &str, params: serde_json::Value) -> String {
    let token = token(sim).await;
    let request = client(sim).camera(endpoint, &token, TokenIn::Query, params);
    let wire = Wire::of(request.send().await.expect("sodalife answers")).await;
    assert_eq!(wire.status, 200, "{}", wire.body);
    let field = if endpoint == "capture" {
        "picUrl"
    } else {
        "url"
    };
    wire.body[field].as_str().expect("a link").to_string()
}

async fn pic_url(sim: &TestSim, serial: &str) -> String {
    camera_link(sim, "capture", json!({ "device_serial": serial })).await
}

/// The `liveurl` address of FRONT_DESK for `protocol`.
async fn live_address(sim: &TestSim, protocol: &str) -> String {
    let params = json!({ "device_serial": FRONT_DESK, "protocol": protocol });
    camera_link(sim, "liveurl", params).await
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// A 200 answer's headers and bytes, after checking its Content-Type and Content-Length.
async fn media(
    sim: &TestSim,
    url: &str,
    content_type: &str,
) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let response = client(sim).fetch(url).await;
    assert_eq!(response.status(), 200, "{url}");
    let headers = response.headers().clone();
    assert_eq!(header(&headers, "content-type"), content_type, "{url}");
    let bytes = response.bytes().await.expect("body");
    assert_eq!(
        header(&headers, "content-length"),
        bytes.len().to_string(),
        "{url}"
    );
    (headers, bytes.to_vec())
}

/// Asserts the media host's refusal: `status` with an XML page of `code`.
async fn assert_refused(sim: &TestSim, url: &str, status: u16, code: &str) {
    let wire = Wire::of(client(sim).fetch(url).await).await;
    assert_eq!(wire.status, status, "{url}: {}", wire.body);
    assert_eq!(wire.content_type, "application/xml", "{url}");
    let text = wire.body.as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("<Code>{code}</Code>")),
        "{url}: {text}"
    );
}

/// `text` with its last hex digit changed: a key of the right shape that was never handed out.
fn flip_last(text: &str) -> String {
    let mut out = text.to_string();
    let last = out.pop();
    out.push(if last == Some('0') { '1' } else { '0' });
    out
}

/// The world second segment `n` starts at (segment `n` covers `2n` to `2n + 2` s).
fn segment_second(n: u64) -> u32 {
    u32::try_from(n * 2).expect("a 32-bit second")
}

// ---------------------------------------------------------------------------------------------
// The picture.

#[tokio::test]
async fn picture_is_the_devices_card_at_the_capture_instant_when_fetched_later() {
    let sim = TestSim::sodalife().await;
    let front = pic_url(&sim, FRONT_DESK).await;
    let entrance = pic_url(&sim, ENTRANCE).await;
    advance(&sim, 100.0).await;

    let (headers, jpeg) = media(&sim, &front, "image/jpeg").await;
    let (_, other) = media(&sim, &entrance, "image/jpeg").await;
    let (_, journal) = sim.get(&format!("worlds/{WORLD}/requests?limit=1")).await;

    assert_eq!(
        journal[0]["responseBody"],
        format!("<{} bytes of image/jpeg>", other.len()),
        "the journal says what was served, without the bytes"
    );
    assert_eq!(header(&headers, "cache-control"), "private, max-age=7100");
    // 2026-11-22T08:00:00Z plus the link's 2 hours.
    assert_eq!(header(&headers, "expires"), "Sun, 22 Nov 2026 10:00:00 GMT");
    let seen = probe(&jpeg, "jpg");
    seen.clean();
    assert_eq!(seen.codec("video"), "mjpeg");
    assert!(!seen.has("audio"), "a picture");
    assert_eq!(seen.size(), (1280, 720));
    let at = Some(u32::try_from(FROZEN_AT).expect("32-bit"));
    assert_eq!(first_frame_second(&jpeg, "jpg"), (MAIN_SIZE, at));
    assert_eq!(first_frame_second(&other, "jpg"), (MAIN_SIZE, at));
    assert_ne!(jpeg, other, "two devices' cards differ");
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_is_refused_as_the_media_host_does_when_tampered_expired_or_forgotten() {
    let sim = TestSim::sodalife().await;
    let url = pic_url(&sim, FRONT_DESK).await;
    let stem = url.strip_suffix(".jpg").expect("a .jpg link");
    let flipped = format!("{}.jpg", flip_last(stem));

    assert_refused(&sim, &flipped, 404, "NoSuchKey").await;
    assert_refused(&sim, &format!("{stem}.png"), 404, "NoSuchKey").await;
    advance(&sim, 7199.0).await;
    let (last_second, _) = media(&sim, &url, "image/jpeg").await;
    assert_eq!(header(&last_second, "cache-control"), "private, max-age=1");
    advance(&sim, 1.0).await;
    assert_refused(&sim, &url, 403, "AccessDenied").await;
    advance(&sim, 86_400.0).await;
    assert_refused(&sim, &url, 404, "NoSuchKey").await;
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Live HLS.

/// The playlist at `url`: checked as a live playlist (no end, 2-second segments, relative
/// addresses under `stream`), with its media sequence and segment numbers.
async fn live_window(sim: &TestSim, url: &str, stream: &str) -> (u64, Vec<u64>) {
    let response = client(sim).fetch(url).await;
    assert_eq!(response.status(), 200, "{url}");
    assert_eq!(
        header(response.headers(), "content-type"),
        "application/vnd.apple.mpegurl"
    );
    assert_eq!(header(response.headers(), "cache-control"), "no-cache");
    let text = response.text().await.expect("playlist");
    let list = playlist(&text);
    assert!(!list.end_list, "a live playlist has no end: {text}");
    assert_eq!(list.target_duration, 2, "{text}");
    let mut numbers = Vec::new();
    for segment in &list.segments {
        assert_eq!(segment.duration, 2.0, "{text}");
        let n = segment
            .uri
            .strip_prefix(&format!("{stream}/"))
            .and_then(|file| file.strip_suffix(".ts"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{} is not {stream}/<n>.ts", segment.uri));
        numbers.push(n);
    }
    (list.media_sequence, numbers)
}

/// Segment `n` of `stream`, fetched, decoded and read back: H.264 at `size` with AAC audio,
/// 2 s, its first frame showing second `2n`; returns its packets' view.
async fn checked_segment(sim: &TestSim, stream: &str, n: u64, size: Size) -> TsView {
    let url = format!("{}/openlive/{stream}/{n}.ts", sim.urls.sodalife);
    let (headers, ts) = media(sim, &url, "video/mp2t").await;
    assert_eq!(header(&headers, "cache-control"), "private, max-age=60");
    let seen = probe(&ts, "ts");
    seen.clean();
    assert_eq!(seen.codec("video"), "h264", "{url}");
    assert_eq!(seen.codec("audio"), "aac", "{url}");
    let want = (u64::from(size.width), u64::from(size.height));
    assert_eq!(seen.size(), want, "{url}");
    assert!((seen.duration() - 2.0).abs() < 0.1, "{}", seen.duration());
    assert_eq!(
        first_frame_second(&ts, "ts"),
        (size, Some(segment_second(n)))
    );
    let view = ts_view(&ts);
    assert!(view.pids.contains(&0), "a PAT");
    assert_eq!(view.video_pts.len(), 20, "10 fps for 2 s");
    assert_eq!(
        view.video_pts[0],
        pts(n * SEGMENT_TICKS),
        "video at world time"
    );
    let audio_start = view.audio_pts.first().copied().expect("audio");
    let lead = pts_gap(pts(n * SEGMENT_TICKS), audio_start);
    assert!(
        lead < AAC_FRAME_TICKS,
        "audio from world time: {lead} ticks after"
    );
    view
}

/// PTS go on without a gap or an overlap from one segment to the next: video one frame
/// apart, audio a whole number of AAC frames apart.
fn assert_continuous(views: &[TsView]) {
    let video: Vec<u64> = views.iter().flat_map(|v| v.video_pts.clone()).collect();
    assert!(
        video.windows(2).all(|w| pts_gap(w[0], w[1]) == FRAME_TICKS),
        "{video:?}"
    );
    let audio: Vec<u64> = views.iter().flat_map(|v| v.audio_pts.clone()).collect();
    assert!(
        audio
            .windows(2)
            .map(|w| pts_gap(w[0], w[1]))
            .all(|gap| gap > 0 && gap < SEGMENT_TICKS && gap % AAC_FRAME_TICKS == 0),
        "{audio:?}"
    );
}

#[tokio::test]
async fn live_hls_plays_its_window_and_slides_with_the_world_clock_when_the_address_is_fetched() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "hls").await;
    let key = url
        .strip_prefix(&format!("{}/openlive/", sim.urls.sodalife))
        .and_then(|rest| rest.strip_suffix(".m3u8"))
        .expect("an /openlive/<key>.m3u8 address")
        .to_string();
    let now = u64::try_from(FROZEN_AT).expect("positive") / 2;

    let (sequence, numbers) = live_window(&sim, &url, &key).await;
    let mut views = Vec::new();
    for n in &numbers {
        views.push(checked_segment(&sim, &key, *n, SUB_SIZE).await);
    }
    // One world second on: the same window (the next segment is not finished), then a slide.
    advance(&sim, 1.999).await;
    let unchanged = live_window(&sim, &url, &key).await;
    advance(&sim, 0.001).await;
    let (slid, after) = live_window(&sim, &url, &key).await;
    let next = *after.last().expect("a segment");
    views.push(checked_segment(&sim, &key, next, SUB_SIZE).await);

    // Segment `now - 1` is the last finished one at world time `2 * now` s.
    assert_eq!(
        (sequence, numbers.clone()),
        (now - 3, vec![now - 3, now - 2, now - 1])
    );
    assert_eq!(unchanged, (sequence, numbers.clone()));
    assert_eq!(
        (slid, after.clone()),
        (now - 2, vec![now - 2, now - 1, now])
    );
    assert_continuous(&views);
    let segments = sim
        .count(WORLD, json!({ "endpoint": "sodalife.live.segment" }))
        .await;
    assert!(segments >= 4, "segment requests are journalled: {segments}");
    sim.shutdown().await;
}

#[tokio::test]
async fn live_segment_answers_404_when_unfinished_too_old_or_not_a_segment_name() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "hls").await;
    let stream = url.strip_suffix(".m3u8").expect("an .m3u8 address");
    let now = u64::try_from(FROZEN_AT).expect("positive") / 2;
    let (_, numbers) = live_window(&sim, &url, stream.rsplit('/').next().unwrap_or("")).await;
    let oldest = numbers[0];

    // Being made now, or not yet.
    assert_refused(&sim, &format!("{stream}/{now}.ts"), 404, "NoSuchKey").await;
    assert_refused(&sim, &format!("{stream}/{}.ts", now + 5), 404, "NoSuchKey").await;
    for odd in [
        "abc.ts",
        "-1.ts",
        ".ts",
        "1.m3u8",
        "99999999999999999999.ts",
    ] {
        assert_refused(&sim, &format!("{stream}/{odd}"), 404, "NoSuchKey").await;
    }
    for odd in [".sd", ".hd.hd", ".m3u8"] {
        let name = format!("{stream}{odd}/{oldest}.ts");
        assert_refused(&sim, &name, 404, "NoSuchKey").await;
    }
    // Out of the window but kept 60 s after it finished, then gone.
    advance(&sim, 30.0).await;
    media(&sim, &format!("{stream}/{oldest}.ts"), "video/mp2t").await;
    advance(&sim, 60.0).await;
    assert_refused(&sim, &format!("{stream}/{oldest}.ts"), 404, "NoSuchKey").await;
    sim.shutdown().await;
}

#[tokio::test]
async fn live_hd_hls_serves_the_main_stream_when_the_protocol_is_hlshd() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "hlshd").await;
    let stream = url
        .strip_prefix(&format!("{}/openlive/", sim.urls.sodalife))
        .and_then(|rest| rest.strip_suffix(".m3u8"))
        .expect("an /openlive/<key>.hd.m3u8 address")
        .to_string();
    assert!(stream.ends_with(".hd"), "{url}");

    let (_, numbers) = live_window(&sim, &url, &stream).await;
    let last = *numbers.last().expect("a segment");

    checked_segment(&sim, &stream, last, MAIN_SIZE).await;
    sim.shutdown().await;
}

#[tokio::test]
async fn live_links_answer_404_when_the_device_is_offline_and_play_again_when_it_is_back() {
    let sim = TestSim::sodalife().await;
    let hls = live_address(&sim, "hls").await;
    let flv = live_address(&sim, "flv").await;
    let stream = hls
        .strip_suffix(".m3u8")
        .expect("an .m3u8 address")
        .to_string();
    let n = u64::try_from(FROZEN_AT).expect("positive") / 2 - 1;
    let segment = format!("{stream}/{n}.ts");
    let device = format!("worlds/{WORLD}/devices/sodalife/{FRONT_DESK}");
    let set_online = |online: bool| sim.call(Method::PATCH, &device, json!({ "online": online }));

    let (status, answer) = set_online(false).await;
    assert_eq!(status, 200, "{answer}");
    for url in [&hls, &flv, &segment] {
        assert_refused(&sim, url, 404, "NoSuchKey").await;
    }
    let (status, answer) = set_online(true).await;
    assert_eq!(status, 200, "{answer}");
    media(&sim, &segment, "video/mp2t").await;
    assert_eq!(client(&sim).fetch(&hls).await.status(), 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn live_links_answer_404_when_the_key_is_unknown_tampered_or_gone_with_a_reset() {
    let sim = TestSim::sodalife().await;
    let hls = live_address(&sim, "hls").await;
    let stream = hls
        .strip_suffix(".m3u8")
        .expect("an .m3u8 address")
        .to_string();
    let n = u64::try_from(FROZEN_AT).expect("positive") / 2 - 1;
    let base = &sim.urls.sodalife;
    let unknown = "0123456789abcdef0123456789abcdef";
    media(&sim, &format!("{stream}/{n}.ts"), "video/mp2t").await;

    assert_refused(
        &sim,
        &format!("{base}/openlive/{unknown}/{n}.ts"),
        404,
        "NoSuchKey",
    )
    .await;
    assert_refused(
        &sim,
        &format!("{base}/openlive/{unknown}.hd/{n}.ts"),
        404,
        "NoSuchKey",
    )
    .await;
    let tampered = flip_last(&stream);
    assert_refused(&sim, &format!("{tampered}/{n}.ts"), 404, "NoSuchKey").await;
    let (status, answer) = sim
        .post(&format!("worlds/{WORLD}/reset"), json!(null))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_refused(&sim, &hls, 404, "NoSuchKey").await;
    assert_refused(&sim, &format!("{stream}/{n}.ts"), 404, "NoSuchKey").await;
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Live HTTP-FLV.

/// One complete FLV tag: type (8 audio, 9 video, 18 script), time (ms), first body bytes.
struct Tag {
    kind: u8,
    time: u32,
    head: [u8; 2],
}

/// The complete tags after the 13-byte header (a tag cut by the read is left for later).
fn flv_tags(bytes: &[u8]) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut at = 13;
    while let Some(tag) = bytes.get(at..at + 11) {
        let size = usize::from(tag[1]) << 16 | usize::from(tag[2]) << 8 | usize::from(tag[3]);
        let Some(body) = bytes.get(at + 11..at + 11 + size + 4) else {
            break;
        };
        let time = u32::from(tag[7]) << 24
            | u32::from(tag[4]) << 16
            | u32::from(tag[5]) << 8
            | u32::from(tag[6]);
        tags.push(Tag {
            kind: tag[0],
            time,
            head: [
                body.first().copied().unwrap_or(0),
                body.get(1).copied().unwrap_or(0),
            ],
        });
        at += 11 + size + 4;
    }
    tags
}

/// The times of the video frames (AVC NALU packets, not the sequence header).
fn video_times(bytes: &[u8]) -> Vec<u32> {
    flv_tags(bytes)
        .iter()
        .filter(|t| t.kind == 9 && t.head[1] == 1)
        .map(|t| t.time)
        .collect()
}

/// Reads the live stream until it holds `frames` video frames (a stream that stalls fails
/// the test after 60 s of real time).
async fn read_frames(stream: &mut reqwest::Response, bytes: &mut Vec<u8>, frames: usize) {
    let deadline = std::time::Duration::from_secs(60);
    while video_times(bytes).len() < frames {
        let chunk = tokio::time::timeout(deadline, stream.chunk())
            .await
            .expect("the stream goes on")
            .expect("a readable stream")
            .expect("the stream is not over");
        bytes.extend_from_slice(&chunk);
    }
}

/// Opens the live FLV at `url`, checks its first 2 s (H.264 at `size`, AAC, frames 100 ms
/// apart from 0, the first showing the world second) and returns the stream and its bytes.
async fn open_flv(sim: &TestSim, url: &str, size: Size) -> (reqwest::Response, Vec<u8>) {
    let mut stream = client(sim).fetch(url).await;
    assert_eq!(stream.status(), 200, "{url}");
    assert_eq!(header(stream.headers(), "content-type"), "video/x-flv");
    assert_eq!(
        header(stream.headers(), "content-length"),
        "",
        "a live stream has no end"
    );
    let mut bytes = Vec::new();
    read_frames(&mut stream, &mut bytes, 20).await;
    assert!(
        bytes.starts_with(b"FLV\x01\x05"),
        "FLV with audio and video"
    );
    let times = video_times(&bytes);
    assert_eq!(times, (0..20).map(|i| i * 100).collect::<Vec<u32>>());
    let seen = probe(&bytes, "flv");
    seen.clean();
    assert_eq!(seen.codec("video"), "h264");
    assert_eq!(seen.codec("audio"), "aac");
    let want = (u64::from(size.width), u64::from(size.height));
    assert_eq!(seen.size(), want);
    let at = Some(u32::try_from(FROZEN_AT).expect("32-bit"));
    assert_eq!(first_frame_second(&bytes, "flv"), (size, at));
    (stream, bytes)
}

#[tokio::test]
async fn live_flv_streams_the_sub_stream_as_the_world_clock_moves() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "flv").await;

    let (mut stream, mut bytes) = open_flv(&sim, &url, SUB_SIZE).await;
    advance(&sim, 2.0).await;
    read_frames(&mut stream, &mut bytes, 40).await;
    drop(stream);

    let times = video_times(&bytes);
    assert_eq!(times, (0..40).map(|i| i * 100).collect::<Vec<u32>>());
    let audio: Vec<u32> = flv_tags(&bytes)
        .iter()
        .filter(|t| t.kind == 8 && t.head[1] == 1)
        .map(|t| t.time)
        .collect();
    assert!(audio.windows(2).all(|w| w[1] == w[0] + 64), "{audio:?}");
    assert!(*audio.last().expect("audio") >= 3_900, "{audio:?}");
    probe(&bytes, "flv").clean();
    sim.shutdown().await;
}

#[tokio::test]
async fn live_flv_streams_the_main_stream_when_the_protocol_is_flvhd() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "flvhd").await;
    assert!(url.ends_with(".hd.flv"), "{url}");

    let (stream, _) = open_flv(&sim, &url, MAIN_SIZE).await;

    drop(stream);
    sim.shutdown().await;
}

#[tokio::test]
async fn live_flv_ends_when_camsim_stops_even_with_a_reader_that_stopped_reading() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "flv").await;
    let (mut reading, _) = open_flv(&sim, &url, SUB_SIZE).await;
    // A second client opens the stream and never reads it.
    let idle = client(&sim).fetch(&url).await;

    let stopped = tokio::time::timeout(Duration::from_secs(10), sim.shutdown()).await;
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = reading.chunk().await {}
    })
    .await;

    assert!(
        stopped.is_ok(),
        "camsim stopped within 10 s with two live streams open"
    );
    assert!(rest.is_ok(), "the live stream ended at the stop");
    drop(idle);
}

#[tokio::test]
async fn live_flv_ends_when_its_device_goes_offline() {
    let sim = TestSim::sodalife().await;
    let url = live_address(&sim, "flv").await;
    let (mut stream, _) = open_flv(&sim, &url, SUB_SIZE).await;
    let device = format!("worlds/{WORLD}/devices/sodalife/{FRONT_DESK}");

    let (status, _) = sim
        .call(Method::PATCH, &device, json!({ "online": false }))
        .await;
    advance(&sim, 2.0).await;
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await;

    assert_eq!(status, 200);
    assert!(
        ended.is_ok(),
        "the stream ended when its device went offline"
    );
    sim.shutdown().await;
}

/// Renders the media cache has done so far (`GET /_camsim/media`).
async fn renders(sim: &TestSim) -> u64 {
    let (_, stats) = sim.get("media").await;
    stats["renders"].as_u64().expect("renders")
}

#[tokio::test]
async fn live_playlist_makes_its_next_segment_ahead_so_a_player_finds_it_ready() {
    let sim = TestSim::sodalife().await;
    let hls = live_address(&sim, "hls").await;
    let stream = hls.strip_suffix(".m3u8").expect("an .m3u8 address");

    let (_, text) = media(&sim, &hls, "application/vnd.apple.mpegurl").await;
    let mut made = renders(&sim).await;
    for _ in 0..100 {
        if made > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        made = renders(&sim).await;
    }
    advance(&sim, 2.0).await;
    let next = u64::try_from(FROZEN_AT).expect("positive") / 2;
    let (_, segment) = media(&sim, &format!("{stream}/{next}.ts"), "video/mp2t").await;

    assert!(!String::from_utf8_lossy(&text).contains(&format!("/{next}.ts")));
    assert_eq!(made, 1, "the playlist made the segment being recorded");
    assert_eq!(
        renders(&sim).await,
        1,
        "the segment came from what was made ahead"
    );
    assert_eq!(
        first_frame_second(&segment, "ts").1,
        u32::try_from(next * 2).ok()
    );
    sim.shutdown().await;
}
