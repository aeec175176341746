//! OneNET sections 6 (recordings: info, list, delete, rename, play token and the HLS address it
//! opens) and 13 (manual recording and record configurations) over real HTTP, on the test
//! world's online device 25045682 (channels 1 and 2, continuous recording, a week kept; its
//! recordings are on channel 1). The world clock starts at 2026-11-22 16:00:00 (UTC+8).

use crate::assert_wire;
use crate::support::onenet_client::*;
use crate::support::{TestSim, Wire};
use serde_json::{Value, json};

const WORLD: &str = "onenet-test";
/// Query naming the test device's recording channel.
const DC: &str = "device_id=25045682&channel_id=1";
const PD: &str = "product_id=375201&device_id=25045682";

/// `host:port` of the OneNET listener, as links carry it.
fn host(sim: &TestSim) -> String {
    sim.urls.onenet.trim_start_matches("http://").to_string()
}

/// The answer as a snapshot sees it: links point at `[host]`, tokens read `[token]`.
fn wire(sim: &TestSim, answer: &Answer, token: Option<&str>) -> Wire {
    let mut text = match &answer.json {
        Value::Null => String::from_utf8_lossy(&answer.bytes).into_owned(),
        json => json.to_string(),
    };
    text = text.replace(&host(sim), "[host]");
    if let Some(token) = token {
        text = text.replace(token, "[token]");
    }
    Wire {
        status: answer.status.as_u16(),
        content_type: answer.header("content-type").unwrap_or("").to_string(),
        body: if answer.json.is_null() {
            Value::String(text)
        } else {
            serde_json::from_str(&text).expect("still JSON")
        },
    }
}

fn assert_errno(answer: &Answer, errno: i64, words: &str) {
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(answer.errno(), errno, "{:?}", answer.json);
    let error = answer.json["error"].as_str().unwrap_or("");
    assert!(error.contains(words), "{error:?} should say {words:?}");
}

fn assert_succ(answer: &Answer) {
    assert_eq!(answer.status, 200);
    assert_eq!(answer.errno(), 0, "{:?}", answer.json);
    assert_eq!(answer.json["error"], "succ");
}

async fn advance(sim: &TestSim, secs: i64) {
    let (status, body) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn list(client: &OnenetClient, query: &str) -> Answer {
    client
        .get(&format!("/ipc/video/vod/get_video_list?{query}"))
        .await
}

/// The videos a successful list answered.
async fn videos(client: &OnenetClient, query: &str) -> Vec<Value> {
    let answer = list(client, query).await;
    assert_succ(&answer);
    answer.json["data"]["videos"]
        .as_array()
        .cloned()
        .expect("videos")
}

/// Recordings of channel 1 that started in the hour before the frozen clock, newest first.
async fn last_hour(client: &OnenetClient) -> Vec<Value> {
    videos(
        client,
        &format!("{DC}&start_time=2026-11-22 15:00:00&end_time=2026-11-22 16:00:00"),
    )
    .await
}

async fn info(client: &OnenetClient, video: &str) -> Answer {
    client
        .get(&format!(
            "/ipc/video/vod/get_video_info?{DC}&video_id={video}"
        ))
        .await
}

async fn token(client: &OnenetClient, video: &str) -> String {
    let answer = client
        .get(&format!(
            "/ipc/video/vod/get_play_token?{DC}&video_id={video}"
        ))
        .await;
    assert_succ(&answer);
    answer.json["data"]["token"]
        .as_str()
        .expect("token")
        .to_string()
}

/// GETs a link camsim handed out, with no api-key (a player's request).
async fn fetch(sim: &TestSim, url: &str) -> Answer {
    let path = url
        .strip_prefix(&sim.urls.onenet)
        .unwrap_or_else(|| panic!("{url} does not point at the OneNET listener"));
    sim.onenet_client().with_key(None).get(path).await
}

async fn record(client: &OnenetClient, query: &str) -> Answer {
    client
        .get(&format!("/ipc/video/record/record_video?{query}"))
        .await
}

async fn add_config(client: &OnenetClient, query: &str) -> Answer {
    client
        .put(&format!("/api/record/record_config?{query}"), &Value::Null)
        .await
}

fn sum_extinf(playlist: &str) -> f64 {
    playlist
        .lines()
        .filter_map(|l| l.strip_prefix("#EXTINF:"))
        .filter_map(|l| l.trim_end_matches(',').parse::<f64>().ok())
        .sum()
}

// ---------------------------------------------------------------------------------------------
// 6.2 list

#[tokio::test]
async fn get_video_list_answers_the_newest_recordings_with_page_info_when_called_without_filters() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let answer = list(&client, &format!("{DC}&page_size=2")).await;

    assert_succ(&answer);
    let total = answer.json["page_info"]["total_num"]
        .as_u64()
        .expect("total");
    assert!(total > 6 * 144, "a week of ten-minute recordings: {total}");
    assert_eq!(
        answer.json["page_info"]["page_total"].as_u64(),
        Some(total.div_ceil(2))
    );
    let videos = answer.json["data"]["videos"].as_array().expect("videos");
    assert_eq!(videos[0]["start"], "2026-11-22 15:50:00", "newest first");
    assert_eq!(videos[1]["start"], "2026-11-22 15:40:00");
    assert_wire!("onenet", "vod_list_success", wire(&sim, &answer, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_keeps_what_overlaps_the_window_when_start_and_end_time_are_given() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let hour = last_hour(&client).await;
    let from_only = videos(&client, &format!("{DC}&start_time=2026-11-22 15:35:00")).await;
    let to_only = videos(&client, &format!("{DC}&end_time=2026-11-22 15:20:00")).await;

    assert_eq!(hour.len(), 6, "{hour:?}");
    assert_eq!(
        from_only.iter().map(|v| &v["start"]).collect::<Vec<_>>(),
        [
            "2026-11-22 15:50:00",
            "2026-11-22 15:40:00",
            "2026-11-22 15:30:00"
        ],
        "15:30-15:40 overlaps 15:35"
    );
    assert_eq!(to_only[0]["start"], "2026-11-22 15:10:00");
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_filters_by_name_and_pages_when_asked() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let named = videos(&client, &format!("{DC}&name=20261122_1530")).await;
    let page_2 = list(
        &client,
        &format!(
            "{DC}&start_time=2026-11-22 15:00:00&end_time=2026-11-22 16:00:00&page_start=2&page_size=4"
        ),
    )
    .await;

    assert_eq!(named.len(), 1);
    assert_eq!(named[0]["name"], "20261122_153000.mp4");
    assert_succ(&page_2);
    assert_eq!(
        page_2.json["page_info"],
        json!({"total_num": 6, "page_total": 2, "page_size": 4, "current_page": 2})
    );
    assert_eq!(
        page_2.json["data"]["videos"].as_array().map(Vec::len),
        Some(2)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_errno_6_when_page_size_is_over_100() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let hundred = list(&client, &format!("{DC}&page_size=100")).await;
    let over = list(&client, &format!("{DC}&page_size=101")).await;
    let page_zero = list(&client, &format!("{DC}&page_start=0")).await;

    assert_succ(&hundred);
    assert_eq!(
        hundred.json["data"]["videos"].as_array().map(Vec::len),
        Some(100)
    );
    assert_errno(&over, 6, "page_size");
    assert_errno(&page_zero, 6, "page_start");
    assert_wire!(
        "onenet",
        "vod_list_page_size_over_100",
        wire(&sim, &over, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_errno_6_when_the_window_is_over_31_days_or_reversed() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let days_31 = list(
        &client,
        &format!("{DC}&start_time=2026-10-22 16:00:00&end_time=2026-11-22 16:00:00"),
    )
    .await;
    let longer = list(
        &client,
        &format!("{DC}&start_time=2026-10-22 15:59:59&end_time=2026-11-22 16:00:00"),
    )
    .await;
    let reversed = list(
        &client,
        &format!("{DC}&start_time=2026-11-22 16:00:00&end_time=2026-11-22 15:00:00"),
    )
    .await;
    let garbled = list(&client, &format!("{DC}&start_time=yesterday")).await;

    assert_succ(&days_31);
    assert_errno(&longer, 6, "31 days");
    assert_errno(&reversed, 6, "before start_time");
    assert_errno(&garbled, 6, "start_time");
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_gives_https_and_rtmpe_links_when_security_is_1() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let plain = videos(&client, &format!("{DC}&page_size=1")).await;
    let secure = videos(&client, &format!("{DC}&page_size=1&security=1")).await;
    let bad = list(&client, &format!("{DC}&security=2")).await;

    let id = plain[0]["videoid"].as_str().expect("id");
    let h = host(&sim);
    assert_eq!(
        plain[0]["hls_url"],
        format!("http://{h}/rvod/25045682_1_{id}/index.m3u8")
    );
    assert_eq!(
        secure[0]["hls_url"],
        format!("https://{h}/rvod/25045682_1_{id}/index.m3u8")
    );
    // Section 4.1's history form: begin and end as YYYYMMDDHHMM (UTC+8).
    let minutes = |t: &Value| -> String {
        t.as_str()
            .expect("time")
            .chars()
            .filter(char::is_ascii_digit)
            .take(12)
            .collect()
    };
    let (begin, end) = (minutes(&plain[0]["start"]), minutes(&plain[0]["end"]));
    assert_eq!(
        plain[0]["rtmp_url"],
        format!("rtmp://127.0.0.1:1935/rvod/25045682-1-{begin}-{end}")
    );
    assert_eq!(
        secure[0]["rtmp_url"],
        format!("rtmpe://127.0.0.1:1935/rvod/25045682-1-{begin}-{end}")
    );
    assert_errno(&bad, 6, "security");
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_errno_7_naming_the_parameter_when_device_or_channel_is_missing() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let no_device = list(&client, "channel_id=1").await;
    let no_channel = list(&client, "device_id=25045682").await;

    assert_eq!(
        no_device.json,
        json!({"errno": 7, "error": "parameter required: device_id"})
    );
    assert_eq!(
        no_channel.json,
        json!({"errno": 7, "error": "parameter required: channel_id"})
    );
    assert_wire!(
        "onenet",
        "vod_list_missing_device",
        wire(&sim, &no_device, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_errno_8_when_the_device_is_unknown() {
    let sim = TestSim::onenet().await;

    let answer = list(&sim.onenet_client(), "device_id=99999999&channel_id=1").await;

    assert_errno(&answer, 8, "99999999");
    assert_wire!(
        "onenet",
        "vod_list_unknown_device",
        wire(&sim, &answer, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_errno_17_when_the_channel_is_not_the_devices() {
    let sim = TestSim::onenet().await;

    let answer = list(&sim.onenet_client(), "device_id=25045682&channel_id=3").await;

    assert_eq!(answer.errno(), 17, "{:?}", answer.json);
    assert_wire!(
        "onenet",
        "vod_list_unknown_channel",
        wire(&sim, &answer, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_errno_3_when_the_device_key_is_another_devices() {
    let sim = TestSim::onenet().await;
    let own = sim.onenet_client().with_key(Some(ONENET_DEVICE_KEY));
    let other = sim.onenet_client().with_key(Some(ONENET_OFFLINE_KEY));

    let allowed = list(&own, &format!("{DC}&page_size=1")).await;
    let refused = list(&other, DC).await;

    assert_succ(&allowed);
    assert_errno(&refused, 3, "25045682");
    assert_wire!(
        "onenet",
        "vod_list_other_device_key",
        wire(&sim, &refused, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_list_answers_no_videos_when_the_channel_is_not_the_recording_one() {
    let sim = TestSim::onenet().await;

    let answer = list(&sim.onenet_client(), "device_id=25045682&channel_id=2").await;

    assert_succ(&answer);
    assert_eq!(answer.json["data"], json!({"videos": []}));
    assert_eq!(answer.json["page_info"]["total_num"], 0);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 6.1 info

#[tokio::test]
async fn get_video_info_agrees_with_the_list_when_asked_for_a_listed_video() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let listed = last_hour(&client).await[1].clone();
    let id = listed["videoid"].as_str().expect("id");

    let answer = info(&client, id).await;

    assert_succ(&answer);
    let data = &answer.json["data"];
    for field in ["videoid", "name", "start", "end", "hls_url", "rtmp_url"] {
        assert_eq!(data[field], listed[field], "{field}");
    }
    assert_eq!(data["size"], listed["size"].to_string(), "a string in 6.1");
    assert_eq!(data["durtion"], "600");
    assert_eq!(data["size"], "73242", "600 s at 1 Mbit/s in KBytes");
    assert_wire!("onenet", "vod_info_success", wire(&sim, &answer, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_info_answers_errno_8_when_the_video_is_unknown() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let unknown = info(&client, "1112341234").await;
    let missing = client
        .get(&format!("/ipc/video/vod/get_video_info?{DC}"))
        .await;

    assert_errno(&unknown, 8, "video_id 1112341234");
    assert_errno(&missing, 7, "video_id");
    assert_wire!(
        "onenet",
        "vod_info_unknown_video",
        wire(&sim, &unknown, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn get_video_info_answers_errno_8_when_the_video_is_on_another_channel() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = last_hour(&client).await[0]["videoid"]
        .as_str()
        .expect("id")
        .to_string();

    let answer = client
        .get(&format!(
            "/ipc/video/vod/get_video_info?device_id=25045682&channel_id=2&video_id={id}"
        ))
        .await;

    assert_errno(&answer, 8, &id);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 6.3 delete

#[tokio::test]
async fn delete_video_removes_the_recording_from_list_and_info_when_the_id_exists() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = last_hour(&client).await[2]["videoid"]
        .as_str()
        .expect("id")
        .to_string();

    let answer = client
        .post(
            "/ipc/video/vod/delete_video?deviceid=25045682&channeled=1",
            &json!({"video": [{"videoId": id}, {"videoId": "1112341234"}, {"videoId": id}]}),
        )
        .await;

    assert_succ(&answer);
    assert_eq!(
        answer.json["data"],
        json!([{"code": 0}, {"code": 1, "message": "not exist"}, {"code": 1, "message": "not exist"}])
    );
    let after = last_hour(&client).await;
    assert_eq!(after.len(), 5);
    assert!(after.iter().all(|v| v["videoid"] != id.as_str()));
    assert_errno(&info(&client, &id).await, 8, &id);
    assert_wire!("onenet", "vod_delete_success", wire(&sim, &answer, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn delete_video_accepts_device_id_and_channel_id_when_spelled_as_elsewhere() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = last_hour(&client).await[0]["videoid"]
        .as_str()
        .expect("id")
        .to_string();

    let answer = client
        .post(
            &format!("/ipc/video/vod/delete_video?{DC}"),
            &json!({"video": [{"videoId": id}]}),
        )
        .await;
    let no_channel = client
        .post(
            "/ipc/video/vod/delete_video?deviceid=25045682",
            &json!({"video": [{"videoId": id}]}),
        )
        .await;

    assert_eq!(answer.json["data"], json!([{"code": 0}]));
    assert_errno(&no_channel, 7, "channeled");
    sim.shutdown().await;
}

#[tokio::test]
async fn delete_video_answers_errno_6_and_deletes_nothing_when_a_video_id_is_not_a_string() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = last_hour(&client).await[0]["videoid"]
        .as_str()
        .expect("id")
        .to_string();
    let path = "/ipc/video/vod/delete_video?deviceid=25045682&channeled=1";

    let number = client
        .post(path, &json!({"video": [{"videoId": id}, {"videoId": 2}]}))
        .await;
    let empty = client.post(path, &json!({"video": []})).await;
    let no_list = client.post(path, &json!({"videos": []})).await;
    let too_many = client
        .post(
            path,
            &json!({"video": (0..101).map(|i| json!({"videoId": i.to_string()})).collect::<Vec<_>>()}),
        )
        .await;

    assert_errno(&number, 6, "video[1].videoId must be a non-empty string");
    assert_errno(&empty, 6, "1 to 100");
    assert_errno(&no_list, 7, "video");
    assert_errno(&too_many, 6, "1 to 100");
    assert_succ(&info(&client, &id).await);
    assert_wire!("onenet", "vod_delete_number_id", wire(&sim, &number, None));
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 6.4 rename

#[tokio::test]
async fn rename_video_shows_the_new_name_in_list_and_info_when_the_name_is_valid() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = last_hour(&client).await[3]["videoid"]
        .as_str()
        .expect("id")
        .to_string();
    let name = "录像".repeat(32);

    let answer = client
        .put(
            &format!("/ipc/video/vod/rename_video?{DC}&video_id={id}"),
            &json!({ "name": name }),
        )
        .await;

    assert_eq!(answer.json, json!({"errno": 0, "error": "succ"}));
    assert_eq!(info(&client, &id).await.json["data"]["name"], name.as_str());
    let listed = last_hour(&client).await;
    assert_eq!(listed[3]["name"], name.as_str());
    let found = videos(&client, &format!("{DC}&name=录像录像")).await;
    assert_eq!(found.len(), 1);
    assert_wire!("onenet", "vod_rename_success", wire(&sim, &answer, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn rename_video_answers_errno_6_when_the_name_is_over_64_characters() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = last_hour(&client).await[0]["videoid"]
        .as_str()
        .expect("id")
        .to_string();
    let path = format!("/ipc/video/vod/rename_video?{DC}&video_id={id}");

    let over = client.put(&path, &json!({ "name": "名".repeat(65) })).await;
    let missing = client.put(&path, &json!({})).await;
    let number = client.put(&path, &json!({ "name": 7 })).await;
    let control = client.put(&path, &json!({ "name": "a\nb" })).await;
    let unknown = client
        .put(
            &format!("/ipc/video/vod/rename_video?{DC}&video_id=nope"),
            &json!({ "name": "x" }),
        )
        .await;

    assert_errno(&over, 6, "65 characters, at most 64");
    assert_errno(&missing, 7, "name");
    assert_errno(&number, 6, "name");
    assert_errno(&control, 6, "control");
    assert_errno(&unknown, 8, "nope");
    assert_wire!(
        "onenet",
        "vod_rename_name_too_long",
        wire(&sim, &over, None)
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 6.5 play token and the HLS address

#[tokio::test]
async fn get_play_token_opens_the_hls_address_of_that_video_when_the_client_appends_it() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let video = last_hour(&client).await[1].clone();
    let id = video["videoid"].as_str().expect("id");

    let answer = client
        .get(&format!("/ipc/video/vod/get_play_token?{DC}&video_id={id}"))
        .await;
    let token = answer.json["data"]["token"].as_str().expect("token");
    let url = format!("{}?token={token}", video["hls_url"].as_str().expect("url"));
    let playlist = fetch(&sim, &url).await;

    assert_succ(&answer);
    assert_eq!(playlist.status, 200);
    assert_eq!(
        playlist.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    assert_eq!(
        playlist.header("content-length"),
        Some(playlist.bytes.len().to_string().as_str())
    );
    let text = String::from_utf8(playlist.bytes.clone()).expect("text");
    assert!(text.starts_with("#EXTM3U\n"), "{text}");
    assert!(text.ends_with("#EXT-X-ENDLIST\n"), "{text}");
    assert_eq!(sum_extinf(&text), 600.0, "the recording's 600 s");
    let segment_url = url.replace("index.m3u8", "59.ts");
    let segment = fetch(&sim, &segment_url).await;
    assert_eq!(segment.status, 200);
    assert_eq!(segment.header("content-type"), Some("video/mp2t"));
    assert_eq!(segment.bytes.first(), Some(&0x47), "MPEG-TS");
    assert_eq!(segment.bytes.len() % 188, 0);
    let past_end = fetch(&sim, &url.replace("index.m3u8", "60.ts")).await;
    assert_eq!(past_end.status, 404);
    assert_wire!(
        "onenet",
        "vod_token_success",
        wire(&sim, &answer, Some(token))
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn vod_stream_answers_a_finished_playlist_as_long_as_the_recording_when_it_is_a_manual_one() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let ch2 = "device_id=25045682&channel_id=2";
    record(&client, &format!("{PD}&channel_id=2&action=1")).await;
    advance(&sim, 25).await;
    record(&client, &format!("{PD}&channel_id=2&action=0")).await;
    let video = videos(&client, ch2).await[0].clone();
    let id = video["videoid"].as_str().expect("id");
    let answer = client
        .get(&format!(
            "/ipc/video/vod/get_play_token?{ch2}&video_id={id}"
        ))
        .await;
    let token = answer.json["data"]["token"].as_str().expect("token");

    let playlist = fetch(
        &sim,
        &format!("{}?token={token}", video["hls_url"].as_str().expect("url")),
    )
    .await;

    assert_eq!(playlist.status, 200);
    let text = String::from_utf8(playlist.bytes.clone()).expect("text");
    assert_eq!(sum_extinf(&text), 25.0, "{text}");
    assert_wire!(
        "onenet",
        "vod_stream_playlist",
        wire(&sim, &playlist, Some(token))
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn vod_stream_answers_403_when_the_token_is_for_another_video() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let listed = last_hour(&client).await;
    let token = token(&client, listed[0]["videoid"].as_str().expect("id")).await;
    let other = listed[1]["hls_url"].as_str().expect("url");

    let answer = fetch(&sim, &format!("{other}?token={token}")).await;
    let no_token = fetch(&sim, other).await;

    assert_eq!(answer.status, 403);
    assert_eq!(answer.json["errno"], 403);
    assert_eq!(no_token.status, 403, "{:?}", no_token.json);
    assert_wire!(
        "onenet",
        "vod_stream_other_video",
        wire(&sim, &answer, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn vod_stream_answers_403_when_the_token_expired_on_the_world_clock() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let video = last_hour(&client).await[1].clone();
    let token = token(&client, video["videoid"].as_str().expect("id")).await;
    let url = format!("{}?token={token}", video["hls_url"].as_str().expect("url"));

    advance(&sim, 3599).await;
    let last_second = fetch(&sim, &url).await;
    advance(&sim, 1).await;
    let expired = fetch(&sim, &url).await;

    assert_eq!(last_second.status, 200);
    assert_eq!(expired.status, 403);
    assert_eq!(expired.json["errno"], 403);
    assert_wire!("onenet", "vod_stream_expired", wire(&sim, &expired, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn vod_stream_answers_404_when_the_video_was_deleted_after_the_token() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let video = last_hour(&client).await[1].clone();
    let id = video["videoid"].as_str().expect("id");
    let token = token(&client, id).await;
    client
        .post(
            &format!("/ipc/video/vod/delete_video?{DC}"),
            &json!({"video": [{"videoId": id}]}),
        )
        .await;

    let answer = fetch(
        &sim,
        &format!("{}?token={token}", video["hls_url"].as_str().expect("url")),
    )
    .await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.json["errno"], 404);
    assert_wire!("onenet", "vod_stream_deleted", wire(&sim, &answer, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn get_play_token_answers_errno_8_when_the_video_is_unknown() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .get(&format!("/ipc/video/vod/get_play_token?{DC}&video_id=nope"))
        .await;

    assert_errno(&answer, 8, "nope");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 13.1 manual recording

#[tokio::test]
async fn record_video_lists_a_manual_recording_with_its_times_when_started_and_stopped() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let ch2 = "device_id=25045682&channel_id=2";

    let started = record(&client, &format!("{PD}&channel_id=2&action=1&expired=3")).await;
    advance(&sim, 300).await;
    let stopped = record(&client, &format!("{PD}&channel_id=2&action=0")).await;
    advance(&sim, 60).await;
    let listed = list(&client, ch2).await;

    assert_succ(&started);
    assert_succ(&stopped);
    assert_succ(&listed);
    let videos = listed.json["data"]["videos"].as_array().expect("videos");
    assert_eq!(videos.len(), 1);
    assert_eq!(videos[0]["start"], "2026-11-22 16:00:00");
    assert_eq!(videos[0]["end"], "2026-11-22 16:05:00");
    assert_eq!(videos[0]["size"], 36621, "300 s at 1 Mbit/s in KBytes");
    let id = videos[0]["videoid"].as_str().expect("id");
    let details = client
        .get(&format!(
            "/ipc/video/vod/get_video_info?{ch2}&video_id={id}"
        ))
        .await;
    assert_eq!(details.json["data"]["durtion"], "300");
    assert_wire!(
        "onenet",
        "record_manual_success",
        wire(&sim, &started, None)
    );
    assert_wire!(
        "onenet",
        "vod_list_manual_recording",
        wire(&sim, &listed, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn record_video_shows_a_running_recording_until_now_and_forgets_it_after_expired_days() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let ch2 = "device_id=25045682&channel_id=2";
    record(&client, &format!("{PD}&channel_id=2&action=1&expired=1")).await;
    advance(&sim, 120).await;

    let running = videos(&client, ch2).await;
    record(&client, &format!("{PD}&channel_id=2&action=0")).await;
    advance(&sim, 86_400 - 1).await;
    let kept = videos(&client, ch2).await;
    advance(&sim, 1).await;
    let gone = videos(&client, ch2).await;

    assert_eq!(running[0]["end"], "2026-11-22 16:02:00");
    assert_eq!(kept.len(), 1);
    assert!(gone.is_empty(), "{gone:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn record_video_answers_errno_12_when_the_channel_already_records() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let start = format!("{PD}&channel_id=1&action=1");
    assert_succ(&record(&client, &start).await);

    let again = record(&client, &start).await;

    assert_errno(&again, 12, "2026-11-22 16:00:00");
    assert_wire!("onenet", "record_manual_twice", wire(&sim, &again, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn record_video_answers_errno_8_when_stopping_a_recording_the_api_did_not_start() {
    let sim = TestSim::onenet().await;

    let answer = record(&sim.onenet_client(), &format!("{PD}&channel_id=1&action=0")).await;

    assert_errno(&answer, 8, "started through the API");
    assert_wire!(
        "onenet",
        "record_manual_not_started",
        wire(&sim, &answer, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn record_video_answers_errno_10_when_the_device_is_offline() {
    let sim = TestSim::onenet().await;

    let answer = record(
        &sim.onenet_client(),
        "product_id=375201&device_id=25045683&channel_id=1&action=1",
    )
    .await;

    assert_errno(&answer, 10, "25045683");
    assert_wire!("onenet", "record_manual_offline", wire(&sim, &answer, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn record_video_answers_errno_3_when_the_product_is_not_the_callers() {
    let sim = TestSim::onenet().await;

    let answer = record(
        &sim.onenet_client(),
        "product_id=375999&device_id=25045682&channel_id=1&action=1",
    )
    .await;

    assert_errno(&answer, 3, "product_id 375999");
    assert_wire!(
        "onenet",
        "record_manual_other_product",
        wire(&sim, &answer, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn record_video_answers_errno_6_or_7_when_action_or_expired_is_wrong() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let no_action = record(&client, &format!("{PD}&channel_id=1")).await;
    let no_product = record(&client, "device_id=25045682&channel_id=1&action=1").await;
    let action_2 = record(&client, &format!("{PD}&channel_id=1&action=2")).await;
    let expired_0 = record(&client, &format!("{PD}&channel_id=1&action=1&expired=0")).await;
    let expired_366 = record(&client, &format!("{PD}&channel_id=1&action=1&expired=366")).await;
    let expired_365 = record(&client, &format!("{PD}&channel_id=1&action=1&expired=365")).await;
    let channel_3 = record(&client, &format!("{PD}&channel_id=3&action=1")).await;

    assert_errno(&no_action, 7, "action");
    assert_errno(&no_product, 7, "product_id");
    assert_errno(&action_2, 6, "action");
    assert_errno(&expired_0, 6, "expired");
    assert_errno(&expired_366, 6, "expired");
    assert_succ(&expired_365);
    assert_eq!(channel_3.errno(), 17);
    assert_wire!(
        "onenet",
        "record_manual_bad_action",
        wire(&sim, &action_2, None)
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 13.2 to 13.4 record configurations

#[tokio::test]
async fn record_config_stop_keeps_no_new_recordings_when_the_clock_moves_on() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let next_hour = format!("{DC}&start_time=2026-11-22 16:00:00&end_time=2026-11-22 17:00:00");

    let answer = add_config(&client, &format!("{PD}&channel_id=1&action=0")).await;
    advance(&sim, 3600).await;
    let after_stop = videos(&client, &next_hour).await;
    let before_stop = last_hour(&client).await;
    let deleted = client
        .delete(&format!(
            "/ipc/video/record/delete_config?{PD}&channel_id=1"
        ))
        .await;
    advance(&sim, 3600).await;
    let after_delete = videos(
        &client,
        &format!("{DC}&start_time=2026-11-22 17:00:00&end_time=2026-11-22 18:00:00"),
    )
    .await;

    assert_succ(&answer);
    assert!(after_stop.is_empty(), "{after_stop:?}");
    assert_eq!(before_stop.len(), 6, "what was recorded stays");
    assert_succ(&deleted);
    assert_eq!(after_delete.len(), 6, "recording again");
    assert_wire!(
        "onenet",
        "record_config_add_success",
        wire(&sim, &answer, None)
    );
    assert_wire!(
        "onenet",
        "record_delete_config_success",
        wire(&sim, &deleted, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn record_config_event_keeps_only_event_clips_when_the_clock_moves_on() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    assert_succ(&add_config(&client, &format!("{PD}&channel_id=1&action=2&cycle=3")).await);
    advance(&sim, 1200).await;
    let (status, raised) = sim
        .post(
            &format!("worlds/{WORLD}/devices/onenet/25045682/events"),
            json!({"kind": "motion", "durationSecs": 20}),
        )
        .await;
    assert_eq!(status, 201, "{raised}");
    advance(&sim, 2400).await;

    let hour = videos(
        &client,
        &format!("{DC}&start_time=2026-11-22 16:00:00&end_time=2026-11-22 17:00:00"),
    )
    .await;

    assert_eq!(hour.len(), 1, "{hour:?}");
    assert_eq!(hour[0]["videoid"], raised["segment"]["id"]);
    assert_eq!(
        hour[0]["start"], "2026-11-22 16:19:55",
        "5 s before the event"
    );
    assert_eq!(hour[0]["end"], "2026-11-22 16:20:30", "10 s after its 20 s");
    sim.shutdown().await;
}

#[tokio::test]
async fn record_config_answers_errno_12_when_the_channel_has_a_config() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    assert_succ(&add_config(&client, &format!("{PD}&channel_id=1&action=1&cycle=7")).await);

    let again = add_config(&client, &format!("{PD}&channel_id=1&action=2")).await;

    assert_errno(&again, 12, "record config");
    assert_wire!("onenet", "record_config_exists", wire(&sim, &again, None));
    sim.shutdown().await;
}

#[tokio::test]
async fn record_config_answers_errno_6_when_action_cycle_or_times_are_wrong() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let base = format!("{PD}&channel_id=1");

    let action_3 = add_config(&client, &format!("{base}&action=3")).await;
    let no_action = add_config(&client, &base).await;
    let cycle_0 = add_config(&client, &format!("{base}&action=1&cycle=0")).await;
    let reversed = add_config(
        &client,
        &format!("{base}&action=1&start_time=2026-11-23 00:00:00&end_time=2026-11-22 23:00:00"),
    )
    .await;
    let past = add_config(
        &client,
        &format!("{base}&action=1&end_time=2026-11-22 15:00:00"),
    )
    .await;
    let as_type = add_config(&client, &format!("{base}&type=2")).await;

    assert_errno(
        &action_3,
        6,
        "action must be 0 (stop), 1 (real-time) or 2 (event)",
    );
    assert_errno(&no_action, 7, "action");
    assert_errno(&cycle_0, 6, "cycle");
    assert_errno(&reversed, 6, "end_time");
    assert_errno(&past, 6, "end_time has passed");
    assert_succ(&as_type);
    assert_wire!(
        "onenet",
        "record_config_bad_action",
        wire(&sim, &action_3, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn record_config_stops_recording_only_between_start_and_end_time_when_given() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let answer = add_config(
        &client,
        &format!(
            "{PD}&channel_id=1&action=0&start_time=2026-11-22 16:30:00&end_time=2026-11-22 17:00:00"
        ),
    )
    .await;
    advance(&sim, 5400).await;

    let listed = videos(
        &client,
        &format!("{DC}&start_time=2026-11-22 16:00:00&end_time=2026-11-22 17:30:00"),
    )
    .await;

    assert_succ(&answer);
    let starts: Vec<&str> = listed
        .iter()
        .rev()
        .filter_map(|v| v["start"].as_str())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-11-22 16:00:00",
            "2026-11-22 16:10:00",
            "2026-11-22 16:20:00",
            "2026-11-22 17:00:00",
            "2026-11-22 17:10:00",
            "2026-11-22 17:20:00"
        ]
    );
    let add_again = add_config(&client, &format!("{PD}&channel_id=1&action=1")).await;
    assert_succ(&add_again);
    sim.shutdown().await;
}

#[tokio::test]
async fn delete_config_answers_errno_8_when_the_channel_has_none() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .delete(&format!(
            "/ipc/video/record/delete_config?{PD}&channel_id=1"
        ))
        .await;

    assert_errno(&answer, 8, "no record config");
    assert_wire!(
        "onenet",
        "record_delete_config_none",
        wire(&sim, &answer, None)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn update_config_adds_a_missing_config_and_an_empty_type_clears_it() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let update = |query: String| {
        let client = &client;
        async move {
            client
                .put(
                    &format!("/ipc/video/record/update_config?{query}"),
                    &Value::Null,
                )
                .await
        }
    };

    let added = update(format!("{PD}&channel_id=1&type=0&cycle=1")).await;
    let exists = add_config(&client, &format!("{PD}&channel_id=1&action=1")).await;
    advance(&sim, 1800).await;
    let stopped = videos(
        &client,
        &format!("{DC}&start_time=2026-11-22 16:00:00&end_time=2026-11-22 16:30:00"),
    )
    .await;
    let cleared = update(format!("{PD}&channel_id=1&type=")).await;
    let none_left = client
        .delete(&format!(
            "/ipc/video/record/delete_config?{PD}&channel_id=1"
        ))
        .await;
    let bad_type = update(format!("{PD}&channel_id=1&type=5")).await;

    assert_succ(&added);
    assert_errno(&exists, 12, "record config");
    assert!(stopped.is_empty(), "{stopped:?}");
    assert_succ(&cleared);
    assert_errno(&none_left, 8, "no record config");
    assert_errno(&bad_type, 6, "type");
    assert_wire!(
        "onenet",
        "record_update_config_success",
        wire(&sim, &added, None)
    );
    sim.shutdown().await;
}
