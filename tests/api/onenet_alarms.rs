//! OneNET section 17 (cloud alarms) over real HTTP: video and picture alarms are the camera
//! timeline's events, device messages its offline and online transitions. Lists, counts and
//! per-day counts agree; reading and deleting show everywhere; the parameters are checked at
//! their limits; device keys reach only their device.
//!
//! The fixture's clock is 2026-11-22 16:00:00 UTC+8; its timelines keep 7 days.

use crate::assert_wire;
use crate::support::onenet_client::*;
use crate::support::{FROZEN_AT, TestSim, Wire};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const TODAY: &str = "2026-11-22";
/// A span holding every alarm the fixture's timelines keep (7 days).
const WHOLE: &str = "start_time=2026-11-14&end_time=2026-11-22";

fn list_path(query: &str) -> String {
    format!("/ipc/video/alarm/list?product_id={ONENET_PRODUCT}&{query}")
}

/// The answer as a snapshot records it, the Host the client called written `[host]`.
fn wire(client: &OnenetClient, answer: &Answer) -> Wire {
    let host = client.base.trim_start_matches("http://");
    let text = answer.json.to_string().replace(host, "[host]");
    Wire {
        status: answer.status.as_u16(),
        content_type: answer.header("content-type").unwrap_or("").to_string(),
        body: serde_json::from_str(&text).expect("still JSON"),
    }
}

/// `data` of a successful answer.
async fn ok(client: &OnenetClient, path: &str) -> Value {
    let answer = client.get(path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.errno(), 0, "{path}: {}", answer.json);
    answer.json["data"].clone()
}

/// Every row of a 17.1 query, all pages.
async fn all_rows(client: &OnenetClient, query: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    for page in 1.. {
        let data = ok(
            client,
            &list_path(&format!("{query}&per_page=100&page={page}")),
        )
        .await;
        let item = data["item"].as_array().expect("item").clone();
        let total = data["total_count"].as_u64().expect("total_count") as usize;
        rows.extend(item);
        if rows.len() >= total {
            assert_eq!(rows.len(), total);
            return rows;
        }
    }
    unreachable!()
}

/// `day -> number` of a 17.6 or 17.7 answer.
fn days(data: &Value) -> BTreeMap<String, u64> {
    data["item"]
        .as_array()
        .expect("item")
        .iter()
        .map(|d| {
            (
                d["day"].as_str().expect("day").to_string(),
                d["number"].as_u64().expect("number"),
            )
        })
        .collect()
}

/// Rows per day (`create_time`'s date).
fn per_day(rows: &[Value]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for r in rows {
        let day: String = r["create_time"]
            .as_str()
            .expect("time")
            .chars()
            .take(10)
            .collect();
        *out.entry(day).or_default() += 1;
    }
    out
}

/// `(device, channel, way) -> count` of a 17.4 answer.
fn counts(data: &Value) -> BTreeMap<(u64, u64, u64), u64> {
    data["item"]
        .as_array()
        .expect("item")
        .iter()
        .map(|r| {
            assert_eq!(r["prodcut_id"], json!(375201), "{r}");
            (
                (
                    r["device_id"].as_u64().expect("device_id"),
                    r["channel_id"].as_u64().expect("channel_id"),
                    r["alarm_way"].as_u64().expect("alarm_way"),
                ),
                r["count"].as_u64().expect("count"),
            )
        })
        .collect()
}

/// What a row says beyond its links (each answer issues fresh VOD tokens).
fn essence(rows: &[Value]) -> Vec<Value> {
    rows.iter()
        .map(|r| {
            let mut r = r.clone();
            for link in ["picture", "thumbnail", "play_address"] {
                r[link] = json!(
                    r[link]
                        .as_str()
                        .and_then(|l| l.split_once('?'))
                        .map(|(l, _)| l)
                );
            }
            r
        })
        .collect()
}

fn ids_of(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["alarm_id"].as_str().expect("alarm_id").to_string())
        .collect()
}

async fn post(client: &OnenetClient, route: &str, ids: &[&str]) -> Answer {
    client
        .post(
            &format!("/ipc/video/alarm/{route}?product_id={ONENET_PRODUCT}"),
            &json!({ "alarm_id": ids }),
        )
        .await
}

// ---- 17.1 list ----

#[tokio::test]
async fn alarm_list_answers_a_devices_events_newest_first_when_asked_for_a_day() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let answer = client
        .get(&list_path(&format!(
            "device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}&per_page=3"
        )))
        .await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.errno(), 0, "{}", answer.json);
    let data = &answer.json["data"];
    assert_eq!(data["per_page"], 3);
    assert_eq!(data["page"], 1);
    let items = data["item"].as_array().expect("item");
    assert_eq!(items.len(), 3);
    let times: Vec<&str> = items
        .iter()
        .map(|i| i["create_time"].as_str().expect("time"))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    for item in items {
        assert_eq!(item["device_id"], json!(25045682), "a number");
        assert_eq!(item["alarm_way"], 1, "the camera records continuously");
        assert_eq!(item["alarm_status"], 1);
        assert!(
            item["create_time"]
                .as_str()
                .expect("time")
                .starts_with(TODAY)
        );
    }
    assert_wire!("onenet", "alarm_list_success", &wire(&client, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_answers_a_picture_alarm_without_play_address_when_nothing_was_recording() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    // Offline since 14 h: no continuous recording; the event brings no clip of its own.
    let (status, raised) = sim
        .post(
            &format!("worlds/default/devices/onenet/{ONENET_OFFLINE_DEVICE}/events"),
            json!({"kind": "doorbell", "recording": false}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");

    let answer = client
        .get(&list_path(&format!(
            "device_id={ONENET_OFFLINE_DEVICE}&start_time={TODAY}&end_time={TODAY}&alarm_way=2"
        )))
        .await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    let items = answer.json["data"]["item"].as_array().expect("item");
    assert_eq!(items.len(), 1, "{}", answer.json);
    assert_eq!(items[0]["alarm_id"], raised["event"]["id"]);
    assert_eq!(items[0]["alarm_way"], 2);
    assert_eq!(items[0]["alarm_type"], 103, "doorbell");
    assert_eq!(items[0]["play_address"], "");
    assert_eq!(items[0]["create_time"], "2026-11-22 16:00:00");
    let picture = items[0]["picture"].as_str().expect("picture");
    assert!(picture.contains(&format!(
        "/ipc/video/picture/{ONENET_OFFLINE_DEVICE}/1/{}-p.jpg?token=",
        raised["event"]["id"].as_str().expect("id")
    )));
    assert_wire!(
        "onenet",
        "alarm_list_picture_alarm",
        &wire(&client, &answer)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_play_address_is_a_vod_hls_link_with_a_token_when_the_alarm_has_a_recording() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let (_, raised) = sim
        .post(
            &format!("worlds/default/devices/onenet/{ONENET_DEVICE}/events"),
            json!({"kind": "human", "at": "now-1m"}),
        )
        .await;
    let event = raised["event"]["id"].as_str().expect("event id");
    let host = client.base.trim_start_matches("http://").to_string();

    for (protocol, scheme) in [("0", "http"), ("1", "https")] {
        let data = ok(
            &client,
            &list_path(&format!(
                "device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}&per_page=1&protocol={protocol}"
            )),
        )
        .await;
        let item = &data["item"][0];
        assert_eq!(item["alarm_id"], event, "the newest alarm: {data}");
        let play = item["play_address"].as_str().expect("play_address");
        let prefix =
            format!("{scheme}://{host}/rvod/{ONENET_DEVICE}_1_{event}-v/index.m3u8?token=");
        let token = play
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{play} starts with {prefix}"));
        assert_eq!(token.len(), 32, "{play}");
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{play}");
    }
    sim.shutdown().await;
}

/// An alarm's `play_address` plays the recording around it: camsim answers it with an HLS
/// playlist (the VOD stream, opened by the token the address carries).
#[tokio::test]
async fn alarm_play_address_answers_the_recordings_playlist_when_fetched() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let data = ok(
        &client,
        &list_path(&format!(
            "device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}&per_page=1"
        )),
    )
    .await;
    let play = data["item"][0]["play_address"]
        .as_str()
        .expect("play_address");

    let answer = reqwest::get(play).await.expect("GET play_address");

    assert_eq!(answer.status(), StatusCode::OK);
    let kind = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(kind, "application/vnd.apple.mpegurl");
    let body = answer.text().await.expect("body");
    assert!(body.starts_with("#EXTM3U"), "{body}");
    assert!(body.contains("#EXT-X-ENDLIST"), "a recording: {body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_reads_a_day_only_end_as_the_start_of_the_next_day() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let by_day = ok(
        &client,
        &list_path(&format!("start_time={TODAY}&end_time={TODAY}&per_page=100")),
    )
    .await;
    let by_second = ok(
        &client,
        &list_path("start_time=2026-11-22%2000:00:00&end_time=2026-11-23%2000:00:00&per_page=100"),
    )
    .await;
    let narrower = ok(
        &client,
        &list_path("start_time=2026-11-22%2000:00:00&end_time=2026-11-22%2012:00:00&per_page=100"),
    )
    .await;

    assert!(by_day["total_count"].as_u64().expect("total") > 0);
    assert_eq!(by_day["total_count"], by_second["total_count"]);
    let rows = |data: &Value| essence(data["item"].as_array().expect("item"));
    assert_eq!(rows(&by_day), rows(&by_second));
    assert!(narrower["total_count"].as_u64() < by_day["total_count"].as_u64());
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_filters_by_type_way_status_and_channel_when_asked() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let base = format!("device_id={ONENET_DEVICE}&{WHOLE}");
    let all = all_rows(&client, &base).await;

    let human = all_rows(&client, &format!("{base}&alarm_type=101")).await;
    let video = all_rows(&client, &format!("{base}&alarm_way=1")).await;
    let pictures = all_rows(&client, &format!("{base}&alarm_way=2")).await;
    let read = all_rows(&client, &format!("{base}&alarm_status=2")).await;
    let unread = all_rows(&client, &format!("{base}&alarm_status=1")).await;
    let channel_1 = all_rows(&client, &format!("{base}&channel_id=1")).await;
    let channel_2 = all_rows(&client, &format!("{base}&channel_id=2")).await;
    let unknown_type = all_rows(&client, &format!("{base}&alarm_type=150")).await;

    assert!(!human.is_empty() && human.len() < all.len());
    assert!(human.iter().all(|r| r["alarm_type"] == 101));
    assert_eq!(
        human.len(),
        all.iter().filter(|r| r["alarm_type"] == 101).count()
    );
    assert_eq!(video.len() + pictures.len(), all.len());
    assert!(read.is_empty(), "nothing was read yet");
    assert_eq!(essence(&unread), essence(&all));
    assert_eq!(
        essence(&channel_1),
        essence(&all),
        "alarms are on the primary channel"
    );
    assert!(channel_2.is_empty());
    assert!(unknown_type.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_accepts_31_days_but_answers_errno_6_when_the_span_is_31_days_and_1_second() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let exact = client
        .get(&list_path(
            "start_time=2026-10-22%2016:00:00&end_time=2026-11-22%2016:00:00",
        ))
        .await;
    let days = client
        .get(&list_path("start_time=2026-10-23&end_time=2026-11-22"))
        .await;
    let over = client
        .get(&list_path(
            "start_time=2026-10-22%2016:00:00&end_time=2026-11-22%2016:00:01",
        ))
        .await;
    let over_days = client
        .get(&list_path("start_time=2026-10-22&end_time=2026-11-22"))
        .await;

    assert_eq!(exact.errno(), 0, "{}", exact.json);
    assert_eq!(days.errno(), 0, "31 whole days: {}", days.json);
    assert_eq!(over.errno(), 6, "{}", over.json);
    assert_eq!(over_days.errno(), 6, "{}", over_days.json);
    assert_wire!("onenet", "alarm_list_span_too_long", &wire(&client, &over));
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_answers_errno_6_when_page_or_per_page_pass_their_limits() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let span = format!("start_time={TODAY}&end_time={TODAY}");

    let default = ok(&client, &list_path(&span)).await;
    let last_page = ok(&client, &list_path(&format!("{span}&page=10000"))).await;
    let widest = ok(&client, &list_path(&format!("{span}&per_page=100"))).await;
    let page_over = client.get(&list_path(&format!("{span}&page=10001"))).await;
    let per_page_over = client
        .get(&list_path(&format!("{span}&per_page=101")))
        .await;
    let page_zero = client.get(&list_path(&format!("{span}&page=0"))).await;

    assert_eq!(default["per_page"], 30);
    assert_eq!(default["page"], 1);
    assert_eq!(default["item"].as_array().map(Vec::len), Some(30));
    assert!(default["total_count"].as_u64().expect("total") > 30);
    assert_eq!(last_page["page"], 10000);
    assert_eq!(last_page["item"], json!([]));
    assert_eq!(last_page["total_count"], default["total_count"]);
    assert_eq!(widest["per_page"], 100);
    assert_eq!(
        widest["item"].as_array().map(Vec::len),
        Some(default["total_count"].as_u64().expect("total").min(100) as usize)
    );
    assert_eq!(
        page_over.json,
        json!({"errno": 6, "error": "invalid parameter: page must be from 1 to 10000"})
    );
    assert_eq!(
        per_page_over.json,
        json!({"errno": 6, "error": "invalid parameter: per_page must be from 1 to 100"})
    );
    assert_eq!(page_zero.errno(), 6);
    assert_wire!(
        "onenet",
        "alarm_list_per_page_too_large",
        &wire(&client, &per_page_over)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_answers_errno_7_when_a_required_parameter_is_missing() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let no_product = client
        .get(&format!(
            "/ipc/video/alarm/list?start_time={TODAY}&end_time={TODAY}"
        ))
        .await;
    let no_start = client.get(&list_path(&format!("end_time={TODAY}"))).await;
    let no_end = client.get(&list_path(&format!("start_time={TODAY}"))).await;

    assert_eq!(
        no_product.json,
        json!({"errno": 7, "error": "parameter required: product_id"})
    );
    assert_eq!(
        no_start.json,
        json!({"errno": 7, "error": "parameter required: start_time"})
    );
    assert_eq!(
        no_end.json,
        json!({"errno": 7, "error": "parameter required: end_time"})
    );
    assert_wire!(
        "onenet",
        "alarm_list_product_missing",
        &wire(&client, &no_product)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_answers_errno_6_when_a_value_is_out_of_range() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let span = format!("start_time={TODAY}&end_time={TODAY}");

    let way = client.get(&list_path(&format!("{span}&alarm_way=3"))).await;
    let status = client
        .get(&list_path(&format!("{span}&alarm_status=3")))
        .await;
    let protocol = client.get(&list_path(&format!("{span}&protocol=2"))).await;
    let alarm_type = client
        .get(&list_path(&format!("{span}&alarm_type=x")))
        .await;
    let time = client
        .get(&list_path("start_time=2026/11/22&end_time=2026-11-22"))
        .await;
    let reversed = client
        .get(&list_path("start_time=2026-11-22&end_time=2026-11-20"))
        .await;

    assert_eq!(
        way.json,
        json!({"errno": 6, "error": "invalid parameter: alarm_way must be one of 0, 1, 2"})
    );
    assert_eq!(status.errno(), 6, "{}", status.json);
    assert_eq!(protocol.errno(), 6, "{}", protocol.json);
    assert_eq!(alarm_type.errno(), 6, "{}", alarm_type.json);
    assert_eq!(time.errno(), 6, "{}", time.json);
    assert!(
        time.json["error"]
            .as_str()
            .expect("error")
            .contains("start_time")
    );
    assert_eq!(reversed.errno(), 6, "{}", reversed.json);
    assert_wire!("onenet", "alarm_list_way_invalid", &wire(&client, &way));
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_list_answers_errno_3_8_or_17_when_the_product_device_or_channel_is_not_the_callers()
{
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let span = format!("start_time={TODAY}&end_time={TODAY}");

    let other_product = client
        .get(&format!(
            "/ipc/video/alarm/list?product_id={ONENET_OTHER_PRODUCT}&{span}"
        ))
        .await;
    let other_device = client
        .get(&list_path(&format!(
            "device_id={ONENET_OTHER_DEVICE}&{span}"
        )))
        .await;
    let unknown_device = client
        .get(&list_path(&format!("device_id=99999999&{span}")))
        .await;
    let no_channel = client
        .get(&list_path(&format!(
            "device_id={ONENET_DEVICE}&channel_id=9&{span}"
        )))
        .await;

    assert_eq!(other_product.errno(), 3, "{}", other_product.json);
    assert_eq!(other_device.errno(), 8, "{}", other_device.json);
    assert_eq!(unknown_device.errno(), 8, "{}", unknown_device.json);
    assert_eq!(
        no_channel.json,
        json!({"errno": 17, "error": "This channel is not available under this device!"})
    );
    assert_wire!(
        "onenet",
        "alarm_list_other_product",
        &wire(&client, &other_product)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_routes_answer_only_the_keys_device_when_the_key_is_a_device_key() {
    let sim = TestSim::onenet().await;
    let master = sim.onenet_client();
    let device = master.with_key(Some(ONENET_DEVICE_KEY));
    let span = format!("start_time={TODAY}&end_time={TODAY}");

    let own_all = all_rows(&device, &span).await;
    let own_zero = all_rows(&device, &format!("device_id=0&{span}")).await;
    let named = all_rows(&master, &format!("device_id={ONENET_DEVICE}&{span}")).await;
    let another = device
        .get(&list_path(&format!(
            "device_id={ONENET_SLOW_DEVICE}&{span}"
        )))
        .await;
    let count = ok(
        &device,
        &format!("/ipc/video/alarm/count?product_id={ONENET_PRODUCT}"),
    )
    .await;
    let day = ok(
        &device,
        &format!("/ipc/video/alarm/day_count?product_id={ONENET_PRODUCT}&{span}"),
    )
    .await;
    let product_wide = all_rows(&master, &span).await;
    let others_alarm = product_wide
        .iter()
        .find(|r| r["device_id"] != json!(25045682))
        .expect("another device's alarm");
    let update = post(
        &device,
        "update_status",
        &[others_alarm["alarm_id"].as_str().expect("id")],
    )
    .await;

    assert!(!own_all.is_empty());
    assert_eq!(essence(&own_all), essence(&named));
    assert_eq!(essence(&own_zero), essence(&named));
    assert_eq!(another.errno(), 3, "{}", another.json);
    assert!(
        counts(&count).keys().all(|(d, _, _)| *d == 25045682),
        "{count}"
    );
    assert_eq!(days(&day).values().sum::<u64>(), named.len() as u64);
    assert!(product_wide.len() > named.len());
    assert_eq!(update.errno(), 8, "not one of its alarms: {}", update.json);
    sim.shutdown().await;
}

// ---- 17.4, 17.6, 17.7 agree with 17.1 ----

#[tokio::test]
async fn alarm_count_day_and_day_count_agree_with_list_when_nothing_was_read() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let rows = all_rows(&client, WHOLE).await;
    let day_count = ok(
        &client,
        &format!("/ipc/video/alarm/day_count?product_id={ONENET_PRODUCT}&{WHOLE}"),
    )
    .await;
    let day = ok(
        &client,
        &format!("/ipc/video/alarm/day?product_id={ONENET_PRODUCT}&{WHOLE}"),
    )
    .await;
    let count = ok(
        &client,
        &format!("/ipc/video/alarm/count?product_id={ONENET_PRODUCT}"),
    )
    .await;

    assert!(rows.len() > 100, "{}", rows.len());
    assert_eq!(days(&day_count), per_day(&rows));
    assert_eq!(days(&day), per_day(&rows), "nothing read: unread = all");
    let listed: Vec<&str> = day_count["item"]
        .as_array()
        .expect("item")
        .iter()
        .map(|d| d["day"].as_str().expect("day"))
        .collect();
    assert!(
        listed.windows(2).all(|w| w[0] > w[1]),
        "newest day first: {listed:?}"
    );
    let mut by_device: BTreeMap<(u64, u64, u64), u64> = BTreeMap::new();
    for r in &rows {
        let key = (
            r["device_id"].as_u64().expect("device"),
            1,
            r["alarm_way"].as_u64().expect("way"),
        );
        *by_device.entry(key).or_default() += 1;
    }
    let video_and_pictures: BTreeMap<_, _> = counts(&count)
        .into_iter()
        .filter(|((_, _, way), _)| *way != 3)
        .collect();
    assert_eq!(video_and_pictures, by_device);
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_count_answers_unread_alarms_by_device_channel_and_way() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let answer = client
        .get(&format!(
            "/ipc/video/alarm/count?product_id={ONENET_PRODUCT}"
        ))
        .await;
    let one_device = ok(
        &client,
        &format!(
            "/ipc/video/alarm/count?product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}&channel_id=1"
        ),
    )
    .await;
    let no_product = client.get("/ipc/video/alarm/count").await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    let all = counts(&answer.json["data"]);
    assert!(
        all.keys().any(|(_, _, way)| *way == 3),
        "device messages: {all:?}"
    );
    let own: BTreeMap<_, _> = all
        .clone()
        .into_iter()
        .filter(|((d, _, _), _)| *d == 25045683)
        .collect();
    assert_eq!(counts(&one_device), own);
    assert_eq!(no_product.errno(), 7);
    assert_wire!("onenet", "alarm_count_success", &wire(&client, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_day_and_day_count_answer_days_newest_first_when_asked_for_a_device() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!(
        "product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}&start_time=2026-11-19&end_time={TODAY}"
    );

    let day = client.get(&format!("/ipc/video/alarm/day?{query}")).await;
    let day_count = client
        .get(&format!("/ipc/video/alarm/day_count?{query}"))
        .await;
    let too_long = client
        .get(&format!(
            "/ipc/video/alarm/day?product_id={ONENET_PRODUCT}&start_time=2026-10-01&end_time={TODAY}"
        ))
        .await;

    assert_eq!(day.errno(), 0, "{}", day.json);
    assert_eq!(day.json, day_count.json, "nothing read yet");
    assert_eq!(days(&day.json["data"]).len(), 4, "{}", day.json);
    assert_eq!(too_long.errno(), 6);
    assert_wire!("onenet", "alarm_day_success", &wire(&client, &day));
    assert_wire!(
        "onenet",
        "alarm_day_count_success",
        &wire(&client, &day_count)
    );
    sim.shutdown().await;
}

// ---- 17.3 update_status ----

#[tokio::test]
async fn alarm_update_status_marks_alarms_read_in_list_count_and_day_when_given_their_ids() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!("device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}");
    let before = all_rows(&client, &query).await;
    let count_path =
        format!("/ipc/video/alarm/count?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}");
    let day_path = format!(
        "/ipc/video/alarm/day?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}"
    );
    let day_count_path = day_path.replace("/alarm/day?", "/alarm/day_count?");
    let count_before = counts(&ok(&client, &count_path).await);
    let day_count_before = ok(&client, &day_count_path).await;
    let chosen = ids_of(&before[..2]);

    let answer = post(&client, "update_status", &[&chosen[0], &chosen[1]]).await;

    assert_eq!(answer.json, json!({"errno": 0, "error": "succ"}));
    let after = all_rows(&client, &query).await;
    assert_eq!(ids_of(&after), ids_of(&before), "still listed");
    for row in &after {
        let read = chosen.contains(&row["alarm_id"].as_str().expect("id").to_string());
        assert_eq!(row["alarm_status"], if read { 2 } else { 1 }, "{row}");
    }
    let read = all_rows(&client, &format!("{query}&alarm_status=2")).await;
    assert_eq!(ids_of(&read), chosen);
    let count_after = counts(&ok(&client, &count_path).await);
    assert_eq!(
        count_after[&(25045682, 1, 1)],
        count_before[&(25045682, 1, 1)] - 2
    );
    let day = days(&ok(&client, &day_path).await);
    assert_eq!(day[TODAY], before.len() as u64 - 2);
    assert_eq!(
        ok(&client, &day_count_path).await,
        day_count_before,
        "read or not, all count"
    );
    // Marking again changes nothing.
    let again = post(&client, "update_status", &[&chosen[0]]).await;
    assert_eq!(again.errno(), 0);
    assert_eq!(counts(&ok(&client, &count_path).await), count_after);
    assert_wire!(
        "onenet",
        "alarm_update_status_success",
        &wire(&client, &answer)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_update_status_answers_errno_8_and_changes_nothing_when_an_id_is_unknown() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!("device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}");
    let rows = all_rows(&client, &query).await;
    let known = rows[0]["alarm_id"].as_str().expect("id");

    let answer = post(&client, "update_status", &[known, "no-such-alarm"]).await;

    assert_eq!(
        answer.json,
        json!({"errno": 8, "error": "not found: alarm_id no-such-alarm"})
    );
    assert!(
        all_rows(&client, &format!("{query}&alarm_status=2"))
            .await
            .is_empty(),
        "nothing marked"
    );
    assert_wire!(
        "onenet",
        "alarm_update_status_unknown_id",
        &wire(&client, &answer)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_update_status_answers_errno_4_6_7_or_9_when_the_body_is_wrong() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/ipc/video/alarm/update_status?product_id={ONENET_PRODUCT}");
    let many: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();

    let not_json = client
        .raw(Method::POST, &path, b"alarm_id=1".to_vec())
        .await;
    let empty = client.raw(Method::POST, &path, Vec::new()).await;
    let missing = client.post(&path, &json!({"ids": ["x"]})).await;
    let not_array = client.post(&path, &json!({"alarm_id": "x"})).await;
    let not_strings = client.post(&path, &json!({"alarm_id": [1, 2]})).await;
    let none = client.post(&path, &json!({"alarm_id": []})).await;
    let too_many = client.post(&path, &json!({ "alarm_id": many })).await;
    let no_product = client
        .post(
            "/ipc/video/alarm/update_status",
            &json!({"alarm_id": ["x"]}),
        )
        .await;

    assert_eq!(not_json.errno(), 4, "{}", not_json.json);
    assert_eq!(empty.errno(), 9, "{}", empty.json);
    assert_eq!(
        missing.json,
        json!({"errno": 7, "error": "parameter required: alarm_id"})
    );
    assert_eq!(not_array.errno(), 6, "{}", not_array.json);
    assert_eq!(not_strings.errno(), 6, "{}", not_strings.json);
    assert_eq!(none.errno(), 6, "{}", none.json);
    assert_eq!(
        too_many.json,
        json!({"errno": 6, "error": "invalid parameter: alarm_id must list 1 to 100 alarm ids, not 101"})
    );
    assert_eq!(no_product.errno(), 7, "{}", no_product.json);
    assert_wire!(
        "onenet",
        "alarm_update_status_invalid_json",
        &wire(&client, &not_json)
    );
    assert_wire!(
        "onenet",
        "alarm_update_status_ids_missing",
        &wire(&client, &missing)
    );
    sim.shutdown().await;
}

// ---- 17.5 delete ----

#[tokio::test]
async fn alarm_delete_removes_alarms_from_list_count_days_and_the_timeline_when_given_their_ids() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!("device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}");
    let before = all_rows(&client, &query).await;
    let count_path =
        format!("/ipc/video/alarm/count?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}");
    let day_path = format!(
        "/ipc/video/alarm/day?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}"
    );
    let day_count_path = day_path.replace("/alarm/day?", "/alarm/day_count?");
    let count_before = counts(&ok(&client, &count_path).await);
    let gone = ids_of(&before[1..3]);

    let answer = post(&client, "delete", &[&gone[0], &gone[1]]).await;

    assert_eq!(answer.json, json!({"errno": 0, "error": "succ"}));
    let after = all_rows(&client, &query).await;
    assert_eq!(after.len(), before.len() - 2);
    assert!(ids_of(&after).iter().all(|id| !gone.contains(id)));
    let count_after = counts(&ok(&client, &count_path).await);
    assert_eq!(
        count_after[&(25045682, 1, 1)],
        count_before[&(25045682, 1, 1)] - 2
    );
    assert_eq!(
        days(&ok(&client, &day_path).await)[TODAY],
        after.len() as u64
    );
    assert_eq!(
        days(&ok(&client, &day_count_path).await)[TODAY],
        after.len() as u64
    );
    let (status, timeline) = sim
        .get(&format!(
            "worlds/default/devices/onenet/{ONENET_DEVICE}/timeline?from=now-1d&to=now"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{timeline}");
    let events: Vec<&str> = timeline["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    assert!(events.contains(&before[0]["alarm_id"].as_str().expect("id")));
    assert!(
        events.iter().all(|id| !gone.iter().any(|g| g == id)),
        "{events:?}"
    );
    // Deleted is gone: a second delete names an unknown alarm.
    let again = post(&client, "delete", &[&gone[0]]).await;
    assert_eq!(again.errno(), 8, "{}", again.json);
    assert_wire!("onenet", "alarm_delete_success", &wire(&client, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_delete_answers_errno_8_and_deletes_nothing_when_an_id_is_unknown() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!("device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}");
    let before = all_rows(&client, &query).await;

    let answer = post(
        &client,
        "delete",
        &[before[0]["alarm_id"].as_str().expect("id"), "no-such-alarm"],
    )
    .await;
    let not_json = client
        .raw(
            Method::POST,
            &format!("/ipc/video/alarm/delete?product_id={ONENET_PRODUCT}"),
            b"{".to_vec(),
        )
        .await;

    assert_eq!(answer.errno(), 8, "{}", answer.json);
    assert_eq!(essence(&all_rows(&client, &query).await), essence(&before));
    assert_eq!(not_json.errno(), 4, "{}", not_json.json);
    assert_wire!("onenet", "alarm_delete_unknown_id", &wire(&client, &answer));
    sim.shutdown().await;
}

// ---- new events ----

#[tokio::test]
async fn alarm_list_and_count_show_a_new_unread_alarm_when_an_event_is_raised() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!("device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}");
    let count_path =
        format!("/ipc/video/alarm/count?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}");
    let before = all_rows(&client, &query).await;
    let count_before = counts(&ok(&client, &count_path).await);

    let (status, raised) = sim
        .post(
            &format!("worlds/default/devices/onenet/{ONENET_DEVICE}/events"),
            json!({"kind": "fire"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    sim.post("worlds/default/clock", json!({"advance": "10m"}))
        .await;

    let after = all_rows(&client, &query).await;
    let newest = after
        .iter()
        .find(|r| r["alarm_id"] == raised["event"]["id"])
        .expect("the raised event is an alarm");
    assert_eq!(newest["alarm_status"], 1);
    assert_eq!(newest["alarm_type"], 110, "fire");
    assert_eq!(newest["alarm_way"], 1);
    assert_eq!(newest["create_time"], "2026-11-22 16:00:00");
    assert_eq!(newest["comment"], "烟火侦测告警");
    assert!(after.len() > before.len());
    let count_after = counts(&ok(&client, &count_path).await);
    assert!(count_after[&(25045682, 1, 1)] > count_before[&(25045682, 1, 1)]);
    sim.shutdown().await;
}

// ---- 17.2 info: device messages ----

#[tokio::test]
async fn alarm_info_answers_device_messages_and_marks_them_read_when_queried() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!(
        "/ipc/video/alarm/info?product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}&{WHOLE}"
    );
    let count_path = format!(
        "/ipc/video/alarm/count?product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}"
    );
    let unread_before = counts(&ok(&client, &count_path).await);

    let first = client.get(&path).await;
    let second = client.get(&path).await;

    assert_eq!(first.errno(), 0, "{}", first.json);
    let items = first.json["data"]["item"].as_array().expect("item");
    let offline = items
        .iter()
        .find(|i| i["comment"] == "设备离线" && i["create_time"] == "2026-11-22 02:00:00")
        .unwrap_or_else(|| panic!("offline since 14 h: {}", first.json));
    assert_eq!(offline["alarm_status"], 1);
    assert!(items.iter().all(|i| i["alarm_status"] == 1));
    let again = second.json["data"]["item"].as_array().expect("item");
    assert_eq!(again.len(), items.len());
    assert!(
        again.iter().all(|i| i["alarm_status"] == 2),
        "{}",
        second.json
    );
    assert!(unread_before.contains_key(&(25045683, 1, 3)));
    let unread_after = counts(&ok(&client, &count_path).await);
    assert_eq!(
        unread_after.get(&(25045683, 1, 3)).copied().unwrap_or(0),
        unread_before[&(25045683, 1, 3)] - items.len() as u64
    );
    let unread_only = ok(&client, &format!("{path}&alarm_status=1")).await;
    assert_eq!(unread_only["total_count"], 0);
    assert_wire!("onenet", "alarm_info_success", &wire(&client, &first));
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_info_answers_offline_and_online_messages_when_a_device_goes_offline_and_back() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let device = format!("worlds/default/devices/onenet/{ONENET_DEVICE}");
    let path = format!(
        "/ipc/video/alarm/info?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}&alarm_status=1"
    );
    let before = ok(&client, &path).await;

    sim.call(Method::PATCH, &device, json!({"online": false}))
        .await;
    sim.post("worlds/default/clock", json!({"advance": "2h"}))
        .await;
    sim.call(Method::PATCH, &device, json!({"online": true}))
        .await;
    let after = ok(&client, &path).await;

    let ids: Vec<&str> = after["item"]
        .as_array()
        .expect("item")
        .iter()
        .map(|i| i["alarm_id"].as_str().expect("id"))
        .collect();
    let went = format!("{ONENET_DEVICE}-offline-{FROZEN_AT}");
    let came = format!("{ONENET_DEVICE}-online-{}", FROZEN_AT + 7200);
    assert_eq!(ids[..2], [came.as_str(), went.as_str()], "{after}");
    assert_eq!(after["item"][0]["create_time"], "2026-11-22 18:00:00");
    assert_eq!(after["item"][0]["comment"], "设备上线");
    assert_eq!(after["item"][1]["comment"], "设备离线");
    assert_eq!(
        after["total_count"].as_u64(),
        Some(2),
        "the earlier messages were read by the first query: {before}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn alarm_delete_removes_a_device_message_from_info_and_count_when_given_its_id() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let count_path = format!(
        "/ipc/video/alarm/count?product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}"
    );
    let count_before = counts(&ok(&client, &count_path).await);
    let message = format!("{ONENET_OFFLINE_DEVICE}-offline-{}", FROZEN_AT - 14 * 3600);

    let answer = post(&client, "delete", &[&message]).await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    let count_after = counts(&ok(&client, &count_path).await);
    assert_eq!(
        count_after.get(&(25045683, 1, 3)).copied().unwrap_or(0),
        count_before[&(25045683, 1, 3)] - 1
    );
    let info = ok(
        &client,
        &format!(
            "/ipc/video/alarm/info?product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}&{WHOLE}&per_page=100"
        ),
    )
    .await;
    assert!(
        info["item"]
            .as_array()
            .expect("item")
            .iter()
            .all(|i| i["alarm_id"] != json!(message)),
        "{info}"
    );
    sim.shutdown().await;
}

/// A device taken offline now keeps the alarms and messages it had before: its past is not
/// redrawn from its new state.
#[tokio::test]
async fn alarms_before_a_device_goes_offline_stay_when_it_does() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let query = format!("device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}");
    let before = ids_of(&all_rows(&client, &query).await);
    let info_path = format!(
        "/ipc/video/alarm/info?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&start_time={TODAY}&end_time={TODAY}&per_page=100"
    );
    let messages_before = ok(&client, &info_path).await["item"].clone();
    let (status, _) = sim
        .call(
            reqwest::Method::PATCH,
            &format!("worlds/onenet-test/devices/onenet/{ONENET_DEVICE}"),
            json!({"online": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = ids_of(&all_rows(&client, &query).await);
    assert_eq!(after, before);
    let messages_after = ok(&client, &info_path).await["item"].clone();
    let ids =
        |v: &Value| -> Vec<String> { v.as_array().map(|rows| ids_of(rows)).unwrap_or_default() };
    let (old, new) = (ids(&messages_before), ids(&messages_after));
    assert!(old.iter().all(|id| new.contains(id)), "{old:?} -> {new:?}");
    assert!(
        new.iter().any(|id| id.contains("-offline-1795334400")),
        "{new:?}"
    );
}
