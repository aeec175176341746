//! Tencent's media over real HTTP: `GenerateSignedVideoURL` and the signed playback playlist it
//! opens (seed 004's flow), event thumbnails (`DescribeCloudStorageThumbnail`, `...List`,
//! `...MultiThumbnail`) and an image-stream event's pictures and sound
//! (`DescribeCloudStorageStreamData`), and how their links refuse an unsigned, tampered or
//! expired URL. The world clock starts at 2026-11-22 16:00:00 (UTC+8, the devices' zone).

use crate::assert_wire;
use crate::support::tencent_client::{APP_ID, Answer, IMAGE_PRODUCT, TencentClient, VIDEO_PRODUCT};
use crate::support::{FROZEN_AT, TestSim, media};
use reqwest::Method;
use serde_json::{Value, json};

const WORLD: &str = "tencent-test";
/// The image-stream device with an event package (3 days in).
const IMAGE_DEVICE: &str = "sp01_event";

/// The starts and ends of the events `device` stored in `[from, to)` (Unix s), read from the
/// camera timeline of the control API: the one place this file finds events (the events
/// action is not used here). Every event of the window is stored when a package covered it
/// and it is within the package's look-back; the callers pick windows where both hold. An
/// image-stream device stores at most 10 s of each.
async fn stored_events(
    sim: &TestSim,
    product: &str,
    device: &str,
    from: i64,
    to: i64,
) -> Vec<(i64, i64)> {
    let path =
        format!("worlds/{WORLD}/devices/tencent/{product}:{device}/timeline?from={from}&to={to}");
    let (status, body) = sim.get(&path).await;
    assert_eq!(status, 200, "{body}");
    let longest = if product == IMAGE_PRODUCT {
        10
    } else {
        i64::MAX
    };
    body["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            let start = e["start"].as_i64().expect("start");
            let secs = e["durationSecs"].as_i64().expect("duration").min(longest);
            (start, start + secs)
        })
        .filter(|(start, _)| (from..to).contains(start))
        .collect()
}

/// A link as a client sees it: status, type, headers, bytes.
struct Fetched {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
}

impl Fetched {
    fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("text")
    }

    /// The XML error's `<Code>`.
    fn code(&self) -> String {
        let text = self.text();
        let code = text
            .split_once("<Code>")
            .and_then(|(_, rest)| rest.split_once("</Code>"))
            .map(|(code, _)| code.to_string());
        code.unwrap_or_else(|| panic!("no <Code> in {text}"))
    }

    /// A text answer (playlist, XML error) for a snapshot, links and ids made stable.
    fn wire(&self, sim: &TestSim) -> Value {
        json!({
            "status": self.status,
            "contentType": self.content_type,
            "body": stable(sim, &self.text()),
        })
    }
}

/// The image-stream device's events of the last 6 hours (what the thumbnail tests ask for).
async fn recent_image_events(sim: &TestSim) -> Vec<(i64, i64)> {
    stored_events(
        sim,
        IMAGE_PRODUCT,
        IMAGE_DEVICE,
        FROZEN_AT - 6 * 3600,
        FROZEN_AT,
    )
    .await
}

async fn fetch_with(client: &TencentClient, method: Method, url: &str) -> Fetched {
    let response = client
        .http
        .request(method, url)
        .send()
        .await
        .expect("camsim answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response.bytes().await.expect("body").to_vec();
    Fetched {
        status,
        content_type,
        headers,
        bytes,
    }
}

async fn fetch(client: &TencentClient, url: &str) -> Fetched {
    fetch_with(client, Method::GET, url).await
}

/// Text with camsim's address, media keys, signatures and XML request ids replaced: they
/// change with the port and with every id drawn before them.
fn stable(sim: &TestSim, text: &str) -> String {
    let mut out = text.replace(sim.urls.tencent.trim_start_matches("http://"), "[host]");
    for (marker, with) in [
        ("/timeshift/live/", "[key]"),
        ("/thumbnail/", "[key]"),
        ("/imagestream/", "[key]"),
        ("sign=", "[sign]"),
        ("q-signature=", "[sign]"),
    ] {
        out = replace_hex_after(&out, marker, with);
    }
    match out.split_once("<RequestId>") {
        Some((head, rest)) => match rest.split_once("</RequestId>") {
            Some((_, tail)) => format!("{head}<RequestId>[request id]</RequestId>{tail}"),
            None => out,
        },
        None => out,
    }
}

/// Every run of hex digits right after `marker` replaced by `with`.
fn replace_hex_after(text: &str, marker: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex > 0 {
            out.push_str(with);
        }
        rest = &tail[hex..];
    }
    out.push_str(rest);
    out
}

/// An action's answer for a snapshot, with links made stable.
fn wire(sim: &TestSim, answer: &Answer) -> Value {
    let text = answer.wire().to_string();
    serde_json::from_str(&stable(sim, &text)).expect("still JSON")
}

/// Moves the world clock on and signs at the new time.
async fn advance(sim: &TestSim, client: &mut TencentClient, secs: i64) {
    let (status, body) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, 200, "{body}");
    client.now += secs;
}

/// `Data` of DescribeCloudStorageTime for a video device's day: `(VideoURL, pieces)`.
async fn day(client: &TencentClient, device: &str, date: &str) -> (String, Vec<(i64, i64)>) {
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": device, "Date": date}),
        )
        .await;
    let data = &answer.ok()["Data"];
    let pieces = data["TimeList"]
        .as_array()
        .expect("TimeList")
        .iter()
        .map(|p| {
            (
                p["StartTime"].as_i64().expect("start"),
                p["EndTime"].as_i64().expect("end"),
            )
        })
        .collect();
    (
        data["VideoURL"].as_str().expect("VideoURL").to_string(),
        pieces,
    )
}

/// `{VideoURL}?starttime_epoch=S&endtime_epoch=E`, as seed 004 builds it.
fn ranged(video_url: &str, start: i64, end: i64) -> String {
    format!("{video_url}?starttime_epoch={start}&endtime_epoch={end}")
}

/// `SignedVideoURL` of a successful `GenerateSignedVideoURL`.
async fn sign(client: &TencentClient, url: &str, expire: i64) -> String {
    let answer = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": expire}),
        )
        .await;
    answer.ok()["SignedVideoURL"]
        .as_str()
        .expect("SignedVideoURL")
        .to_string()
}

/// A playlist's segments: `(duration, uri)`, and how many discontinuities.
fn segments(playlist: &str) -> (Vec<(f64, String)>, usize) {
    let parsed = media::playlist(playlist);
    let gaps = parsed.segments.iter().filter(|s| s.discontinuity).count();
    let segments = parsed
        .segments
        .into_iter()
        .map(|s| (f64::from(s.duration), s.uri))
        .collect();
    (segments, gaps)
}

/// The URL of a playlist's segment `uri` (relative to the playlist).
fn segment_url(playlist_url: &str, uri: &str) -> String {
    let base = playlist_url.split_once('?').expect("query").0;
    let dir = base.rsplit_once('/').expect("a path").0;
    format!("{dir}/{uri}")
}

/// `/{app id}/{ProductId}/{DeviceName}/events/{start}.jpg`, as the events action writes it.
fn thumbnail_path(product: &str, device: &str, start: i64) -> String {
    format!("/{APP_ID}/{product}/{device}/events/{start}.jpg")
}

fn assert_error(answer: &Answer, code: &str, words: &str) {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.code(), Some(code), "{}", answer.body);
    assert!(
        answer.message().contains(words),
        "{:?} should say {words:?}",
        answer.message()
    );
}

fn assert_refused(fetched: &Fetched, status: u16, code: &str, words: &str) {
    let text = fetched.text();
    assert_eq!(fetched.status, status, "{text}");
    assert_eq!(fetched.content_type, "application/xml");
    assert_eq!(fetched.code(), code);
    assert!(text.contains(words), "{text:?} should say {words:?}");
}

// --- GenerateSignedVideoURL and the playback playlist ------------------------------------

#[tokio::test]
async fn generate_signed_video_url_opens_a_playlist_of_the_piece_when_following_seed_004() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let dates = client
        .call(
            "DescribeCloudStorageDate",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full"}),
        )
        .await;
    let date = dates.ok()["Data"]
        .as_array()
        .and_then(|d| d.last())
        .and_then(Value::as_str)
        .expect("a date")
        .to_string();
    let (video_url, pieces) = day(&client, "p2p_full", &date).await;
    let (start, end) = *pieces.last().expect("a piece");

    let signed = sign(&client, &ranged(&video_url, start, end), FROZEN_AT + 3600).await;
    let playlist = fetch(&client, &signed).await;
    let head = fetch_with(&client, Method::HEAD, &signed).await;

    assert_eq!(date, "2026-11-22");
    assert!(
        signed.starts_with(&ranged(&video_url, start, end)),
        "{signed}"
    );
    assert_eq!(playlist.status, 200, "{}", playlist.text());
    assert_eq!(playlist.content_type, "application/vnd.apple.mpegurl");
    let text = playlist.text();
    assert!(
        text.starts_with(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:10\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("#EXT-X-ENDLIST\n"), "{text}");
    let (segs, gaps) = segments(&text);
    assert_eq!(gaps, 0);
    let total: f64 = segs.iter().map(|s| s.0).sum();
    assert_eq!(
        total,
        (end - start) as f64,
        "the durations add up to the piece"
    );
    assert!(segs.iter().all(|s| s.0 > 0.0 && s.0 <= 10.0));
    let last = &segs.last().expect("a segment").1;
    let segment = fetch(&client, &segment_url(&signed, last)).await;
    assert_eq!(segment.status, 200);
    assert_eq!(segment.content_type, "video/mp2t");
    assert_eq!(&segment.bytes[..1], &[0x47], "an MPEG-TS packet");
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type, "application/vnd.apple.mpegurl");
    assert!(head.bytes.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn generate_signed_video_url_answers_the_signed_url_when_the_range_is_stored() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let start = pieces[0].0 + 100;
    // Both parameters in the other order: any order is a VideoURL.
    let url = format!(
        "{video_url}?endtime_epoch={}&starttime_epoch={start}",
        start + 25
    );

    let answer = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": FROZEN_AT + 3600, "ChannelId": 0}),
        )
        .await;
    let signed = answer.ok()["SignedVideoURL"]
        .as_str()
        .expect("url")
        .to_string();
    let playlist = fetch(&client, &signed).await;

    let appended = signed.strip_prefix(&url).expect("the VideoURL as given");
    let (t, sign) = appended
        .strip_prefix("&t=")
        .and_then(|rest| rest.split_once("&sign="))
        .expect("&t=..&sign=..");
    assert_eq!(t, format!("{:x}", FROZEN_AT + 3600));
    assert!(
        sign.len() == 32 && sign.bytes().all(|b| b.is_ascii_hexdigit()),
        "{sign}"
    );
    let (segs, _) = segments(&playlist.text());
    let durations: Vec<f64> = segs.iter().map(|s| s.0).collect();
    assert_eq!(durations, [10.0, 10.0, 5.0]);
    assert_wire!("tencent", "media_signed_video_url", wire(&sim, &answer));
    assert_wire!("tencent", "media_playback_playlist", playlist.wire(&sim));
    sim.shutdown().await;
}

#[tokio::test]
async fn generate_signed_video_url_signs_for_any_later_time_when_expire_time_is_the_largest() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let url = ranged(&video_url, pieces[0].0, pieces[0].0 + 60);

    let signed = sign(&client, &url, i64::MAX).await;
    let playlist = fetch(&client, &signed).await;

    assert!(signed.contains("&t=7fffffffffffffff&sign="), "{signed}");
    assert_eq!(playlist.status, 200, "{}", playlist.text());
    sim.shutdown().await;
}

#[tokio::test]
async fn generate_signed_video_url_answers_invalid_parameter_value_when_the_video_url_is_wrong() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, _) = day(&client, "p2p_full", "2026-11-22").await;
    let base = video_url.clone();
    let key = base.split('/').nth(5).expect("a key");
    let foreign = base.replace(key, &"0".repeat(key.len()));
    let cases = [
        (
            format!("ftp{}", &ranged(&base, 1, 2)[4..]),
            "http:// or https://",
        ),
        (base.clone(), "no `?starttime_epoch"),
        (
            ranged(&base.replace("timeshift.m3u8", "index.m3u8"), 1, 2),
            "VideoURL of DescribeCloudStorageTime",
        ),
        (
            format!("{base}?starttime_epoch=1"),
            "`endtime_epoch` is missing",
        ),
        (format!("{}&sign=x", ranged(&base, 1, 2)), "not `sign`"),
        (
            format!("{base}?starttime_epoch=1&starttime_epoch=1&endtime_epoch=2"),
            "given twice",
        ),
        (
            format!("{base}?starttime_epoch=yesterday&endtime_epoch=2"),
            "not a Unix time",
        ),
        (ranged(&base, 5, 5), "before endtime_epoch"),
        (ranged(&base, 0, 86_401), "longer than 86400 s"),
        (ranged(&foreign, 1, 2), "not handed out by this account"),
    ];
    let mut answers = Vec::new();
    for (url, _) in &cases {
        answers.push(
            client
                .call(
                    "GenerateSignedVideoURL",
                    json!({"VideoURL": url, "ExpireTime": FROZEN_AT + 60}),
                )
                .await,
        );
    }

    for ((url, words), answer) in cases.iter().zip(&answers) {
        assert_eq!(
            answer.code(),
            Some("InvalidParameterValue"),
            "{url}: {}",
            answer.body
        );
        assert!(
            answer.message().contains("`VideoURL`"),
            "{}",
            answer.message()
        );
        let mut english = client.post(
            "GenerateSignedVideoURL",
            &json!({"VideoURL": url, "ExpireTime": FROZEN_AT + 60}),
        );
        english.language = Some("en-US".into());
        let answer = client.send(&english).await;
        assert!(
            answer.message().contains(words),
            "{url}: {:?} should say {words:?}",
            answer.message()
        );
    }
    assert_wire!(
        "tencent",
        "media_signed_video_url_range_too_long",
        wire(&sim, &answers[8])
    );
    assert_wire!(
        "tencent",
        "media_signed_video_url_foreign_key",
        wire(&sim, &answers[9])
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn generate_signed_video_url_answers_invalid_parameter_value_when_expire_time_is_not_later() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let url = ranged(&video_url, pieces[0].0, pieces[0].0 + 60);

    let now = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": FROZEN_AT}),
        )
        .await;
    let negative = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": -1}),
        )
        .await;
    let text = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": "soon"}),
        )
        .await;

    assert_error(&now, "InvalidParameterValue", "`ExpireTime`");
    assert_error(&negative, "InvalidParameterValue", "`ExpireTime`");
    assert_error(&text, "InvalidParameter", "`ExpireTime`");
    assert_wire!(
        "tencent",
        "media_signed_video_url_expire_time_now",
        wire(&sim, &now)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn generate_signed_video_url_answers_invalid_parameter_value_when_channel_id_is_not_the_urls()
{
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let url = ranged(&video_url, pieces[0].0, pieces[0].0 + 60);
    let nvr = client
        .call(
            "DescribeCloudStorageTime",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "nvr_4ch", "Date": "2026-11-22", "ChannelId": 1}),
        )
        .await;
    let nvr_url = nvr.ok()["Data"]["VideoURL"]
        .as_str()
        .expect("url")
        .to_string();
    let body = |url: &str, channel: i64| json!({"VideoURL": ranged(url, 1, 2), "ExpireTime": FROZEN_AT + 60, "ChannelId": channel});

    let camera = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": FROZEN_AT + 60, "ChannelId": 1}),
        )
        .await;
    let right = client
        .call("GenerateSignedVideoURL", body(&nvr_url, 1))
        .await;
    let wrong = client
        .call("GenerateSignedVideoURL", body(&nvr_url, 2))
        .await;

    assert_error(&camera, "InvalidParameterValue", "`ChannelId`");
    right.ok();
    assert_error(&wrong, "InvalidParameterValue", "`ChannelId`");
    assert_wire!(
        "tencent",
        "media_signed_video_url_other_channel",
        wire(&sim, &wrong)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn generate_signed_video_url_answers_missing_or_unknown_parameter_when_the_call_is_incomplete()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, _) = day(&client, "p2p_full", "2026-11-22").await;
    let url = ranged(&video_url, 1, 2);

    let no_url = client
        .call(
            "GenerateSignedVideoURL",
            json!({"ExpireTime": FROZEN_AT + 60}),
        )
        .await;
    let no_expiry = client
        .call("GenerateSignedVideoURL", json!({"VideoURL": url}))
        .await;
    let with_device = client
        .call(
            "GenerateSignedVideoURL",
            json!({"VideoURL": url, "ExpireTime": FROZEN_AT + 60, "ProductId": VIDEO_PRODUCT}),
        )
        .await;

    assert_error(&no_url, "MissingParameter", "`VideoURL`");
    assert_error(&no_expiry, "MissingParameter", "`ExpireTime`");
    assert_error(&with_device, "UnknownParameter", "`ProductId`");
    assert_wire!(
        "tencent",
        "media_signed_video_url_missing",
        wire(&sim, &no_url)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn playback_answers_403_when_the_url_is_unsigned_or_any_signed_part_changed() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let (other_url, _) = day(&client, "p2p_users", "2026-11-22").await;
    let (s, e) = (pieces[0].0, pieces[0].0 + 60);
    let url = ranged(&video_url, s, e);
    let signed = sign(&client, &url, FROZEN_AT + 3600).await;
    let t = format!("t={:x}", FROZEN_AT + 3600);
    let other_key = other_url.split('/').nth(5).expect("a key");
    let key = video_url.split('/').nth(5).expect("a key");
    let tampered = [
        signed.replace(key, other_key),
        signed.replace(
            &format!("starttime_epoch={s}"),
            &format!("starttime_epoch={}", s + 1),
        ),
        signed.replace(
            &format!("endtime_epoch={e}"),
            &format!("endtime_epoch={}", e - 1),
        ),
        signed.replace(&t, &format!("t={:x}", FROZEN_AT + 7200)),
        signed.replace("sign=", "sign=0"),
    ];

    let unsigned = fetch(&client, &url).await;
    let mut refused = Vec::new();
    for url in &tampered {
        refused.push(fetch(&client, url).await);
    }

    assert_refused(
        &unsigned,
        403,
        "AccessDenied",
        "unsigned: call GenerateSignedVideoURL",
    );
    for (url, answer) in tampered.iter().zip(&refused) {
        assert_ne!(url, &signed);
        assert_refused(answer, 403, "AccessDenied", "does not match");
    }
    assert_eq!(fetch(&client, &signed).await.status, 200);
    assert_wire!("tencent", "media_playback_unsigned", unsigned.wire(&sim));
    assert_wire!("tencent", "media_playback_tampered", refused[1].wire(&sim));
    sim.shutdown().await;
}

#[tokio::test]
async fn playback_answers_403_when_the_world_clock_passed_the_expire_time() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let signed = sign(
        &client,
        &ranged(&video_url, pieces[0].0, pieces[0].0 + 60),
        FROZEN_AT + 600,
    )
    .await;

    advance(&sim, &mut client, 599).await;
    let last_second = fetch(&client, &signed).await;
    advance(&sim, &mut client, 1).await;
    let expired = fetch(&client, &signed).await;

    assert_eq!(last_second.status, 200, "{}", last_second.text());
    assert_refused(&expired, 403, "AccessDenied", "expired");
    assert_wire!("tencent", "media_playback_expired", expired.wire(&sim));
    sim.shutdown().await;
}

#[tokio::test]
async fn playback_shows_a_discontinuity_when_the_range_spans_a_gap() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    // p2p_offline has been offline for 6 hours; it comes back and records 10 minutes.
    let (status, body) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/devices/tencent/{VIDEO_PRODUCT}:p2p_offline"),
            json!({"online": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    advance(&sim, &mut client, 600).await;
    let (video_url, pieces) = day(&client, "p2p_offline", "2026-11-22").await;
    let (went, back) = (FROZEN_AT - 6 * 3600, FROZEN_AT);
    let url = ranged(&video_url, went - 30, back + 45);

    let playlist = fetch(&client, &sign(&client, &url, client.now + 60).await).await;

    assert_eq!(pieces.last(), Some(&(back, back + 600)), "{pieces:?}");
    assert_eq!(playlist.status, 200, "{}", playlist.text());
    let text = playlist.text();
    let (segs, gaps) = segments(&text);
    assert_eq!(gaps, 1, "{text}");
    let durations: Vec<f64> = segs.iter().map(|s| s.0).collect();
    assert_eq!(durations, [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 5.0]);
    let before_gap = text.split("#EXT-X-DISCONTINUITY").next().expect("before");
    assert!(
        before_gap.contains(&format!("seg/{}_10.ts", went - 10)),
        "{text}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn playback_answers_404_when_nothing_is_stored_in_the_range() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    // The gap between the day's two pieces.
    let (gap_start, gap_end) = (pieces[0].1, pieces[1].0);

    let signed = sign(
        &client,
        &ranged(&video_url, gap_start, gap_end),
        FROZEN_AT + 60,
    )
    .await;
    let answer = fetch(&client, &signed).await;
    let unknown = fetch(&client, &signed.replace("/live/", "/live/f")).await;
    let other_file = fetch(&client, &signed.replace("timeshift.m3u8", "index.m3u8")).await;

    assert_refused(&answer, 404, "NoSuchKey", "Nothing is stored");
    assert_refused(&unknown, 404, "NoSuchKey", "No such link");
    assert_refused(&other_file, 404, "NoSuchKey", "No such file");
    assert_wire!(
        "tencent",
        "media_playback_nothing_stored",
        answer.wire(&sim)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn playback_segment_is_refused_when_it_lies_outside_the_range_or_storage() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let gap = pieces[0].1;
    // A range from 20 s before the gap to 20 s into it.
    let signed = sign(
        &client,
        &ranged(&video_url, gap - 20, gap + 20),
        FROZEN_AT + 60,
    )
    .await;
    let query = signed.split_once('?').expect("query").1;
    let at =
        |start: i64, secs: i64| segment_url(&signed, &format!("seg/{start}_{secs}.ts?{query}"));

    let inside = fetch(&client, &at(gap - 20, 10)).await;
    let before = fetch(&client, &at(gap - 21, 10)).await;
    let too_long = fetch(&client, &at(gap - 20, 11)).await;
    let in_gap = fetch(&client, &at(gap, 10)).await;
    let segment = at(gap - 20, 10);
    let unsigned = fetch(&client, segment.split_once('?').expect("query").0).await;

    assert_eq!(inside.status, 200);
    assert_eq!(inside.content_type, "video/mp2t");
    assert_refused(&before, 403, "AccessDenied", "outside the signed range");
    assert_refused(&too_long, 403, "AccessDenied", "outside the signed range");
    assert_refused(&in_gap, 404, "NoSuchKey", "No such segment");
    assert_refused(&unsigned, 403, "AccessDenied", "unsigned");
    sim.shutdown().await;
}

// --- Thumbnails ---------------------------------------------------------------------------

#[tokio::test]
async fn describe_cloud_storage_thumbnail_answers_a_jpeg_link_when_following_the_image_stream_flow()
{
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let dates = client
        .call(
            "DescribeCloudStorageDate",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE}),
        )
        .await;
    let events = recent_image_events(&sim).await;
    let (start, _) = events[0];
    let path = thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, start);

    let answer = client
        .call(
            "DescribeCloudStorageThumbnail",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "Thumbnail": path}),
        )
        .await;
    let r = answer.ok();
    let url = r["ThumbnailURL"].as_str().expect("url").to_string();
    let picture = fetch(&client, &url).await;
    let head = fetch_with(&client, Method::HEAD, &url).await;

    assert!(
        dates.ok()["Data"]
            .as_array()
            .expect("dates")
            .contains(&json!("2026-11-22"))
    );
    assert_eq!(r["ExpireTime"], FROZEN_AT + 3600);
    assert!(
        url.contains(&format!(
            "/{start}.jpg?q-sign-time={FROZEN_AT};{}&q-signature=",
            FROZEN_AT + 3600
        )),
        "{url}"
    );
    assert_eq!(picture.status, 200);
    assert_eq!(picture.content_type, "image/jpeg");
    assert_eq!(&picture.bytes[..2], &[0xFF, 0xD8], "a JPEG");
    assert_eq!(
        picture
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, max-age=3600")
    );
    assert_eq!(
        (head.status, head.content_type.as_str()),
        (200, "image/jpeg")
    );
    assert_wire!("tencent", "media_thumbnail", wire(&sim, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_thumbnail_answers_invalid_parameter_value_when_the_path_names_no_stored_event()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (start, _) = recent_image_events(&sim).await[0];
    let cases = [
        ("events/1.jpg".to_string(), "is not a thumbnail path"),
        (
            thumbnail_path(IMAGE_PRODUCT, "sp01_none", start),
            "is not a thumbnail of",
        ),
        (
            thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, start).replace(APP_ID, "100000000001"),
            "is not a thumbnail of",
        ),
        (
            thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, start + 1),
            "no stored event",
        ),
    ];

    let mut answers = Vec::new();
    for (path, _) in &cases {
        let mut call = client.post(
            "DescribeCloudStorageThumbnail",
            &json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "Thumbnail": path}),
        );
        call.language = Some("en-US".into());
        answers.push(client.send(&call).await);
    }
    let no_device = client
        .call(
            "DescribeCloudStorageThumbnail",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "nobody", "Thumbnail": cases[3].0}),
        )
        .await;
    let missing = client
        .call(
            "DescribeCloudStorageThumbnail",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE}),
        )
        .await;

    for ((path, words), answer) in cases.iter().zip(&answers) {
        assert_error(answer, "InvalidParameterValue", "`Thumbnail`");
        assert!(
            answer.message().contains(words),
            "{path}: {}",
            answer.message()
        );
    }
    assert_error(&no_device, "InvalidParameter", "nobody");
    assert_error(&missing, "MissingParameter", "`Thumbnail`");
    assert_wire!(
        "tencent",
        "media_thumbnail_no_event",
        wire(&sim, &answers[3])
    );
    assert_wire!(
        "tencent",
        "media_thumbnail_unknown_device",
        wire(&sim, &no_device)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_thumbnail_list_answers_nulls_in_place_when_a_path_names_no_stored_event()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let events = recent_image_events(&sim).await;
    let good = |i: usize| thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, events[i].0);
    let list = json!([good(1), "not a path", good(0)]);

    let answer = client
        .call(
            "DescribeCloudStorageThumbnailList",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "ThumbnailList": list}),
        )
        .await;
    let get = client.get(
        "DescribeCloudStorageThumbnailList",
        &format!(
            "ProductId={IMAGE_PRODUCT}&DeviceName={IMAGE_DEVICE}&ThumbnailList.0={}",
            good(0).replace('/', "%2F")
        ),
    );
    let by_get = client.send(&get).await;

    let items = answer.ok()["ThumbnailURLInfoList"]
        .as_array()
        .expect("list")
        .clone();
    assert_eq!(items.len(), 3);
    assert!(
        items[0]["ThumbnailURL"]
            .as_str()
            .expect("url")
            .contains(&format!("/{}.jpg?", events[1].0))
    );
    assert_eq!(items[1], json!({"ThumbnailURL": null, "ExpireTime": null}));
    assert!(
        items[2]["ThumbnailURL"]
            .as_str()
            .expect("url")
            .contains(&format!("/{}.jpg?", events[0].0))
    );
    assert_eq!(items[2]["ExpireTime"], FROZEN_AT + 3600);
    let picture = fetch(&client, items[0]["ThumbnailURL"].as_str().expect("url")).await;
    assert_eq!(picture.content_type, "image/jpeg");
    assert_eq!(
        by_get.ok()["ThumbnailURLInfoList"].as_array().map(Vec::len),
        Some(1)
    );
    assert_wire!("tencent", "media_thumbnail_list", wire(&sim, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_thumbnail_list_answers_an_error_when_the_list_is_empty_too_long_or_not_a_list()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let body = |list: Value| json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "ThumbnailList": list});
    let many: Vec<String> = (0..101).map(|i| format!("/x/{i}.jpg")).collect();

    let empty = client
        .call("DescribeCloudStorageThumbnailList", body(json!([])))
        .await;
    let too_many = client
        .call("DescribeCloudStorageThumbnailList", body(json!(many)))
        .await;
    let text = client
        .call("DescribeCloudStorageThumbnailList", body(json!("/a.jpg")))
        .await;
    let no_device = client
        .call(
            "DescribeCloudStorageThumbnailList",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "nobody", "ThumbnailList": ["/a.jpg"]}),
        )
        .await;

    assert_error(&empty, "MissingParameter", "`ThumbnailList`");
    assert_error(&too_many, "InvalidParameterValue", "`ThumbnailList`");
    assert_error(&text, "InvalidParameter", "`ThumbnailList`");
    assert_error(&no_device, "InvalidParameter", "nobody");
    assert_wire!(
        "tencent",
        "media_thumbnail_list_too_many",
        wire(&sim, &too_many)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_multi_thumbnail_answers_links_in_order_when_paths_are_joined_by_bars()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let events = recent_image_events(&sim).await;
    let joined = format!(
        "{}|{}|{}",
        thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, events[0].0),
        thumbnail_path(IMAGE_PRODUCT, "sp01_none", events[0].0),
        thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, events[1].0),
    );
    let body = |multi: &str| json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "MultiThumbnail": multi});
    let too_many = vec!["/a.jpg"; 101].join("|");

    let answer = client
        .call("DescribeCloudStorageMultiThumbnail", body(&joined))
        .await;
    let over = client
        .call("DescribeCloudStorageMultiThumbnail", body(&too_many))
        .await;
    let most = client
        .call("DescribeCloudStorageMultiThumbnail", body(&too_many[7..]))
        .await;
    let empty = client
        .call("DescribeCloudStorageMultiThumbnail", body(""))
        .await;

    let items = answer.ok()["ThumbnailURLInfoList"]
        .as_array()
        .expect("list")
        .clone();
    assert_eq!(items.len(), 3);
    assert!(
        items[0]["ThumbnailURL"]
            .as_str()
            .expect("url")
            .contains(&format!("/{}.jpg?", events[0].0))
    );
    assert!(items[1]["ThumbnailURL"].is_null() && items[1]["ExpireTime"].is_null());
    assert!(
        items[2]["ThumbnailURL"]
            .as_str()
            .expect("url")
            .contains(&format!("/{}.jpg?", events[1].0))
    );
    assert_error(&over, "InvalidParameterValue", "`MultiThumbnail`");
    assert_eq!(
        most.ok()["ThumbnailURLInfoList"].as_array().map(Vec::len),
        Some(100)
    );
    assert_error(&empty, "MissingParameter", "`MultiThumbnail`");
    assert_wire!("tencent", "media_multi_thumbnail", wire(&sim, &answer));
    assert_wire!(
        "tencent",
        "media_multi_thumbnail_too_many",
        wire(&sim, &over)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn thumbnail_link_answers_403_when_changed_or_expired_and_404_when_the_event_is_gone() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    // p2p_event keeps 3 days: its oldest stored event leaves storage first.
    let from = FROZEN_AT - 3 * 86_400;
    let (oldest, _) = stored_events(&sim, VIDEO_PRODUCT, "p2p_event", from, from + 3600).await[0];
    let (image_start, _) = recent_image_events(&sim).await[0];
    let link = |product: &'static str, device: &'static str, start: i64| {
        let client = &client;
        async move {
            let answer = client
                .call(
                    "DescribeCloudStorageThumbnail",
                    json!({"ProductId": product, "DeviceName": device, "Thumbnail": thumbnail_path(product, device, start)}),
                )
                .await;
            answer.ok()["ThumbnailURL"]
                .as_str()
                .expect("url")
                .to_string()
        }
    };
    let old = link(VIDEO_PRODUCT, "p2p_event", oldest).await;
    let image = link(IMAGE_PRODUCT, IMAGE_DEVICE, image_start).await;

    let moved = fetch(
        &client,
        &image.replace(
            &format!("/{image_start}.jpg"),
            &format!("/{}.jpg", image_start + 1),
        ),
    )
    .await;
    let resigned = fetch(
        &client,
        &image.replace(
            &format!(";{}", FROZEN_AT + 3600),
            &format!(";{}", FROZEN_AT + 7200),
        ),
    )
    .await;
    let unsigned = fetch(&client, image.split_once('?').expect("query").0).await;
    advance(&sim, &mut client, oldest - from + 1).await;
    let gone = fetch(&client, &old).await;
    let still = fetch(&client, &image).await;
    let to_expiry = FROZEN_AT + 3600 - client.now;
    advance(&sim, &mut client, to_expiry).await;
    let expired = fetch(&client, &image).await;

    assert_refused(&moved, 403, "AccessDenied", "does not match");
    assert_refused(&resigned, 403, "AccessDenied", "does not match");
    assert_refused(&unsigned, 403, "AccessDenied", "unsigned");
    assert_refused(&gone, 404, "NoSuchKey", "no longer stored");
    assert_eq!(still.status, 200);
    let left = 3600 - (oldest - from + 1);
    assert_eq!(
        still
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some(format!("private, max-age={left}").as_str())
    );
    assert_refused(&expired, 403, "AccessDenied", "expired");
    assert_wire!("tencent", "media_thumbnail_link_gone", gone.wire(&sim));
    assert_wire!(
        "tencent",
        "media_thumbnail_link_expired",
        expired.wire(&sim)
    );
    sim.shutdown().await;
}

// --- Image streams ------------------------------------------------------------------------

#[tokio::test]
async fn describe_cloud_storage_stream_data_answers_mjpg_and_aac_links_when_the_event_is_stored() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let events = recent_image_events(&sim).await;
    let (start, end) = events[0];

    let answer = client
        .call(
            "DescribeCloudStorageStreamData",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "StartTime": start}),
        )
        .await;
    let r = answer.ok();
    let video = fetch(&client, r["VideoStream"].as_str().expect("video")).await;
    let audio = fetch(&client, r["AudioStream"].as_str().expect("audio")).await;
    let crossed = fetch(
        &client,
        &format!(
            "{}?{}",
            r["VideoStream"]
                .as_str()
                .expect("video")
                .split_once('?')
                .expect("query")
                .0,
            r["AudioStream"]
                .as_str()
                .expect("audio")
                .split_once('?')
                .expect("query")
                .1
        ),
    )
    .await;

    for (name, file) in [("VideoStream", "mjpg"), ("AudioStream", "aac")] {
        let url = r[name].as_str().expect("a link");
        assert!(url.contains("/imagestream/"), "{url}");
        assert!(
            url.contains(&format!("/{start}.{file}?q-sign-time=")),
            "{url}"
        );
    }
    assert_eq!(video.status, 200);
    assert_eq!(video.content_type, "video/x-motion-jpeg");
    let pictures = video
        .bytes
        .windows(2)
        .filter(|w| w == &[0xFF, 0xD8])
        .count() as i64;
    assert_eq!(pictures, end - start, "one picture a second of the event");
    assert_eq!(audio.status, 200);
    assert_eq!(audio.content_type, "audio/aac");
    assert_eq!(&audio.bytes[..2], &[0xFF, 0xF1], "ADTS");
    assert_refused(&crossed, 403, "AccessDenied", "does not match");
    assert_wire!("tencent", "media_stream_data", wire(&sim, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_stream_data_answers_an_error_when_no_event_starts_then_or_the_device_streams_video()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (start, _) = recent_image_events(&sim).await[0];
    let call = |product: &'static str, device: &'static str, body: Value| {
        let client = &client;
        async move {
            let mut body = body;
            body["ProductId"] = json!(product);
            body["DeviceName"] = json!(device);
            client.call("DescribeCloudStorageStreamData", body).await
        }
    };

    let no_event = call(IMAGE_PRODUCT, IMAGE_DEVICE, json!({"StartTime": start + 1})).await;
    let video = call(VIDEO_PRODUCT, "p2p_event", json!({"StartTime": start})).await;
    let missing = call(IMAGE_PRODUCT, IMAGE_DEVICE, json!({})).await;
    let no_device = call(IMAGE_PRODUCT, "nobody", json!({"StartTime": start})).await;
    let no_package = call(IMAGE_PRODUCT, "sp01_none", json!({"StartTime": start})).await;

    assert_error(&no_event, "InvalidParameterValue", "`StartTime`");
    assert_error(&video, "UnsupportedOperation", "视频流");
    assert_error(&missing, "MissingParameter", "`StartTime`");
    assert_error(&no_device, "InvalidParameter", "nobody");
    assert_error(&no_package, "InvalidParameterValue", "`StartTime`");
    assert_wire!(
        "tencent",
        "media_stream_data_no_event",
        wire(&sim, &no_event)
    );
    assert_wire!(
        "tencent",
        "media_stream_data_video_device",
        wire(&sim, &video)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn playback_plays_a_users_space_when_the_video_url_came_with_its_user_id() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    // p2p_users records into user_a's space since two days ago; today is only there.
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_users", "Date": "2026-11-22", "UserId": "user_a"}),
        )
        .await;
    let data = &answer.ok()["Data"];
    let first = &data["TimeList"][0];
    let (start, end) = (
        first["StartTime"].as_i64().expect("a piece"),
        first["EndTime"].as_i64().expect("a piece"),
    );
    let user_url = data["VideoURL"].as_str().expect("VideoURL").to_string();
    let (default_url, default_pieces) = day(&client, "p2p_users", "2026-11-22").await;
    assert!(default_pieces.is_empty(), "{default_pieces:?}");
    assert_ne!(
        user_url, default_url,
        "each space has its own playback base"
    );
    let end = end.min(start + 600);
    let signed = sign(&client, &ranged(&user_url, start, end), FROZEN_AT + 3600).await;
    let playlist = fetch(&client, &signed).await;
    assert_eq!(playlist.status, 200, "{}", playlist.text());
    let total: f64 = segments(&playlist.text()).0.iter().map(|s| s.0).sum();
    assert_eq!(total, (end - start) as f64);
    // The same range from the default space's base holds nothing.
    let signed = sign(&client, &ranged(&default_url, start, end), FROZEN_AT + 3600).await;
    assert_eq!(fetch(&client, &signed).await.status, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_thumbnail_finds_an_event_listed_in_a_users_space() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let events = client
        .call(
            "DescribeCloudStorageEvents",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_users", "UserId": "user_a"}),
        )
        .await;
    let path = events.ok()["Events"][0]["Thumbnail"]
        .as_str()
        .expect("an event of user_a's space")
        .to_string();
    let answer = client
        .call(
            "DescribeCloudStorageThumbnail",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_users", "Thumbnail": path}),
        )
        .await;
    let url = answer.ok()["ThumbnailURL"]
        .as_str()
        .expect("a link")
        .to_string();
    let picture = fetch(&client, &url).await;
    assert_eq!(
        (picture.status, picture.content_type.as_str()),
        (200, "image/jpeg")
    );
    sim.shutdown().await;
}

/// The epoch seconds a decoded segment's frames start at, and its 90 kHz video PTS.
fn segment_facts(bytes: &[u8]) -> (Option<u32>, Vec<u64>) {
    let (_, second) = media::first_frame_second(bytes, "ts");
    (second, media::ts_view(bytes).video_pts)
}

#[tokio::test]
async fn playback_plays_h264_and_aac_stamped_with_the_recorded_time_when_a_player_opens_it() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let (video_url, pieces) = day(&client, "p2p_full", "2026-11-22").await;
    let (start, end) = *pieces.last().expect("a piece");
    assert!(end - start >= 25, "a piece of at least 25 s: {pieces:?}");
    let (from, to) = (end - 25, end);
    let signed = sign(&client, &ranged(&video_url, from, to), FROZEN_AT + 3600).await;

    let playlist = media::playlist(&fetch(&client, &signed).await.text());
    let mut fetched = Vec::new();
    for segment in &playlist.segments {
        fetched.push(fetch(&client, &segment_url(&signed, &segment.uri)).await);
    }
    let player = media::probe_url(&signed).await;

    assert!(playlist.end_list);
    let durations: Vec<f32> = playlist.segments.iter().map(|s| s.duration).collect();
    assert_eq!(durations, [10.0, 10.0, 5.0]);
    let mut at = from;
    let mut last_pts: Option<u64> = None;
    for (segment, got) in playlist.segments.iter().zip(&fetched) {
        assert_eq!(got.status, 200, "{}", segment.uri);
        assert_eq!(got.content_type, "video/mp2t");
        let probe = media::probe(&got.bytes, "ts");
        probe.clean();
        assert_eq!(probe.codec("video"), "h264");
        assert_eq!(probe.codec("audio"), "aac");
        assert_eq!(probe.size(), (640, 360));
        assert!(
            (probe.duration() - f64::from(segment.duration)).abs() < 0.2,
            "{} lasts {}",
            segment.uri,
            probe.duration()
        );
        let (second, pts) = segment_facts(&got.bytes);
        assert_eq!(
            second,
            u32::try_from(at).ok(),
            "the frame shows its recorded time"
        );
        assert_eq!(pts[0], (at as u64 * 90_000) % (1 << 33));
        if let Some(last) = last_pts {
            assert_eq!(pts[0], last + 9_000, "PTS continue from the segment before");
        }
        last_pts = pts.last().copied();
        at += segment.duration as i64;
    }
    player.clean();
    assert!(
        (player.duration() - 25.0).abs() < 0.3,
        "{}",
        player.duration()
    );
    assert_eq!(player.codec("video"), "h264");
    sim.shutdown().await;
}

#[tokio::test]
async fn thumbnail_and_stream_data_links_decode_as_the_events_pictures_and_sound() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let events = recent_image_events(&sim).await;
    let (start, end) = events[0];
    let path = thumbnail_path(IMAGE_PRODUCT, IMAGE_DEVICE, start);
    let thumbnail = client
        .call(
            "DescribeCloudStorageThumbnail",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "Thumbnail": path}),
        )
        .await;
    let streams = client
        .call(
            "DescribeCloudStorageStreamData",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_DEVICE, "StartTime": start}),
        )
        .await;
    let url = |answer: &Answer, field: &str| answer.ok()[field].as_str().expect(field).to_string();

    let picture = fetch(&client, &url(&thumbnail, "ThumbnailURL")).await;
    let video = fetch(&client, &url(&streams, "VideoStream")).await;
    let audio = fetch(&client, &url(&streams, "AudioStream")).await;

    let (size, second) = media::first_frame_second(&picture.bytes, "jpg");
    assert_eq!((size.width, size.height), (640, 360));
    assert_eq!(
        second,
        u32::try_from(start).ok(),
        "the event's first instant"
    );
    let mjpeg = media::probe(&video.bytes, "mjpeg");
    mjpeg.clean();
    assert_eq!(mjpeg.codec("video"), "mjpeg");
    let (_, first) = media::first_frame_second(&video.bytes, "mjpeg");
    assert_eq!(first, u32::try_from(start).ok());
    let sound = media::probe(&audio.bytes, "aac");
    sound.clean();
    assert_eq!(sound.codec("audio"), "aac");
    let secs = (end - start) as f64;
    assert!(
        (sound.duration() - secs).abs() < 0.2,
        "{} s of sound for {secs} s",
        sound.duration()
    );
    sim.shutdown().await;
}
