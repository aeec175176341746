//! OneNET sections 7 to 12, 14, 15 and 19 over real HTTP: the encryption switch, online
//! status, device messages, boot and access addresses, pass-through data, the real-time lists
//! and their page keys, closing a camera, the software version; and that every answer comes
//! with a `Content-Length` (the Go SDK reads exactly that many bytes).

use crate::assert_wire;
use crate::support::onenet_client::*;
use crate::support::{TestSim, Wire};
use reqwest::Method;
use serde_json::{Value, json};

const WORLD: &str = "onenet-test";

fn wire(answer: &Answer) -> Wire {
    Wire {
        status: answer.status.as_u16(),
        content_type: answer.header("content-type").unwrap_or("").to_string(),
        body: answer.json.clone(),
    }
}

async fn set_online(sim: &TestSim, id: &str, online: bool) {
    let (status, body) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/devices/onenet/{id}"),
            json!({ "online": online }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn advance(sim: &TestSim, seconds: u64) {
    let (status, body) = sim
        .post(
            &format!("worlds/{WORLD}/clock"),
            json!({ "advance": seconds }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn dev_active(client: &OnenetClient, device: &str, body: &[u8]) -> Answer {
    client
        .raw(
            Method::POST,
            &format!("/ipc/video/dev_active?device_id={device}"),
            body.to_vec(),
        )
        .await
}

// ---- 7 trans_encrypt ----

#[tokio::test]
async fn encrypt_get_answers_exactly_errno_and_trans_enc() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/ipc/video/trans_encrypt?product_id={ONENET_PRODUCT}");

    let off = client.get(&path).await;
    let set = client.put(&path, &json!({ "type": 1 })).await;
    let on = client.get(&path).await;

    assert_eq!(off.bytes, br#"{"errno":0,"trans_enc":0}"#);
    assert_eq!(set.errno(), 0, "{}", set.json);
    assert_wire!("onenet", "misc_encrypt_set_success", &wire(&set));
    assert_eq!(on.json, json!({ "errno": 0, "trans_enc": 1 }));
    assert_wire!("onenet", "misc_encrypt_get_success", &wire(&on));
    sim.shutdown().await;
}

#[tokio::test]
async fn encrypt_set_refuses_a_bad_type_another_product_and_a_device_key() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/ipc/video/trans_encrypt?product_id={ONENET_PRODUCT}");

    let two = client.put(&path, &json!({ "type": 2 })).await;
    let none = client.put(&path, &json!({})).await;
    let missing = client
        .put("/ipc/video/trans_encrypt", &json!({ "type": 1 }))
        .await;
    let other = client
        .put(
            &format!("/ipc/video/trans_encrypt?product_id={ONENET_OTHER_PRODUCT}"),
            &json!({ "type": 1 }),
        )
        .await;
    let device = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .put(&path, &json!({ "type": 1 }))
        .await;
    let read_by_device = client.with_key(Some(ONENET_DEVICE_KEY)).get(&path).await;

    assert_eq!(two.errno(), 6);
    assert_wire!("onenet", "misc_encrypt_set_bad_type", &wire(&two));
    assert_eq!(none.errno(), 7);
    assert_eq!(missing.errno(), 7);
    assert_wire!("onenet", "misc_encrypt_product_missing", &wire(&missing));
    assert_eq!(other.errno(), 3);
    assert_wire!("onenet", "misc_encrypt_other_product", &wire(&other));
    assert_eq!(device.errno(), 3);
    assert_eq!(read_by_device.json["trans_enc"], 0, "unchanged");
    sim.shutdown().await;
}

// ---- 8 QryDevStatus ----

#[tokio::test]
async fn device_status_answers_the_listed_devices_online_state() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/device/QryDevStatus?devIds={ONENET_DEVICE},{ONENET_OFFLINE_DEVICE},99999999,{ONENET_OTHER_DEVICE}"
        ))
        .await;

    assert_eq!(answer.errno(), 0);
    assert_eq!(
        answer.json["result"]["total_count"], 2,
        "unreachable ids are left out"
    );
    assert_wire!("onenet", "misc_device_status_success", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn device_status_takes_30_ids_and_500_characters_and_answers_errno_6_one_beyond() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let status = |ids: &str| format!("/ipc/video/device/QryDevStatus?devIds={ids}");
    let thirty: Vec<String> = (0..30).map(|i| (25_045_670 + i).to_string()).collect();
    let thirty_one = format!("{},25045700", thirty.join(","));
    // 23 ids of 20 digits and 22 commas (482), then `,25045682` and `,25045683` (500).
    let long: Vec<String> = (0..23).map(|i| format!("{:020}", i)).collect();
    let five_hundred = format!("{},{ONENET_DEVICE},{ONENET_OFFLINE_DEVICE}", long.join(","));
    assert_eq!(five_hundred.len(), 500);

    let at_ids = client.get(&status(&thirty.join(","))).await;
    let over_ids = client.get(&status(&thirty_one)).await;
    let at_chars = client.get(&status(&five_hundred)).await;
    let over_chars = client.get(&status(&format!("{five_hundred}0"))).await;
    let missing = client.get("/ipc/video/device/QryDevStatus").await;
    let bad = client.get(&status("25045682,abc")).await;

    assert_eq!(at_ids.errno(), 0, "{}", at_ids.json);
    assert_eq!(over_ids.errno(), 6);
    assert_wire!(
        "onenet",
        "misc_device_status_too_many_ids",
        &wire(&over_ids)
    );
    assert_eq!(at_chars.errno(), 0, "{}", at_chars.json);
    assert_eq!(at_chars.json["result"]["total_count"], 2);
    assert_eq!(over_chars.errno(), 6);
    assert_wire!("onenet", "misc_device_status_too_long", &wire(&over_chars));
    assert_eq!(missing.errno(), 7);
    assert_eq!(bad.errno(), 6);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_status_shows_a_device_key_only_its_own_device() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .with_key(Some(ONENET_DEVICE_KEY))
        .get(&format!(
            "/ipc/video/device/QryDevStatus?devIds={ONENET_DEVICE},{ONENET_OFFLINE_DEVICE}"
        ))
        .await;

    assert_eq!(
        answer.json["result"],
        json!({ "total_count": 1, "devices": [{ "id": ONENET_DEVICE, "online": true }] })
    );
    sim.shutdown().await;
}

// ---- 12 dev_active, 9 QryDevMsg ----

#[tokio::test]
async fn dev_active_keeps_the_payload_and_device_messages_answers_it_in_base64() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let sent = dev_active(&client, ONENET_DEVICE, b"my_test_12345").await;
    advance(&sim, 60).await;
    let second = dev_active(&client, ONENET_DEVICE, &[0u8, 255, 1]).await;
    let messages = client
        .get(&format!(
            "/ipc/video/device/QryDevMsg?device_id={ONENET_DEVICE}&begin_time=2026-11-22%2000:00:00&end_time=2026-11-23%2000:00:00"
        ))
        .await;

    assert_eq!(sent.errno(), 0, "{}", sent.json);
    assert_wire!("onenet", "misc_dev_active_success", &wire(&sent));
    assert_eq!(second.errno(), 0);
    assert_eq!(messages.json["result"][0]["msg"], "bXlfdGVzdF8xMjM0NQ==");
    assert_wire!("onenet", "misc_device_messages_success", &wire(&messages));
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_active_takes_128_bytes_and_answers_errno_5_at_129() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let at = dev_active(&client, ONENET_DEVICE, &[b'a'; 128]).await;
    let over = dev_active(&client, ONENET_DEVICE, &[b'a'; 129]).await;
    let empty = dev_active(&client, ONENET_DEVICE, b"").await;

    assert_eq!(at.errno(), 0, "{}", at.json);
    assert_eq!(over.errno(), 5);
    assert_wire!("onenet", "misc_dev_active_too_large", &wire(&over));
    assert_eq!(empty.errno(), 9);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_active_answers_errno_10_when_the_device_is_offline() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let offline = dev_active(&client, ONENET_OFFLINE_DEVICE, b"hello").await;
    set_online(&sim, ONENET_OFFLINE_DEVICE, true).await;
    let online = dev_active(&client, ONENET_OFFLINE_DEVICE, b"hello").await;
    let other = dev_active(
        &client.with_key(Some(ONENET_DEVICE_KEY)),
        ONENET_OFFLINE_DEVICE,
        b"hello",
    )
    .await;

    assert_eq!(
        offline.json,
        json!({ "errno": 10, "error": "device not online: 25045683" })
    );
    assert_wire!("onenet", "misc_dev_active_offline", &wire(&offline));
    assert_eq!(online.errno(), 0, "{}", online.json);
    assert_eq!(other.errno(), 3);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_messages_pages_and_spans_at_most_31_days() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    for i in 0..3u8 {
        dev_active(&client, ONENET_DEVICE, &[b'0' + i]).await;
    }
    let query = |q: &str| format!("/ipc/video/device/QryDevMsg?device_id={ONENET_DEVICE}&{q}");

    let paged = client
        .get(&query(
            "begin_time=2026-11-01 00:00:00&end_time=2026-12-01 00:00:00&page=2&page_size=2",
        ))
        .await;
    let days_31 = client
        .get(&query(
            "begin_time=2026-11-01 00:00:00&end_time=2026-12-02 00:00:00",
        ))
        .await;
    let over = client
        .get(&query(
            "begin_time=2026-11-01 00:00:00&end_time=2026-12-02 00:00:01",
        ))
        .await;
    let bad = client
        .get(&query("begin_time=yesterday&end_time=2026-12-02 00:00:00"))
        .await;
    let missing = client.get(&query("begin_time=2026-11-01 00:00:00")).await;
    let before = client
        .get(&query(
            "begin_time=2026-11-01 00:00:00&end_time=2026-11-22 15:59:59",
        ))
        .await;

    assert_eq!(
        paged.json["page_info"],
        json!({ "total_num": 3, "page_total": 2, "page_size": 2, "current_page": 2 })
    );
    assert_eq!(paged.json["result"].as_array().map(Vec::len), Some(1));
    assert_eq!(days_31.errno(), 0, "{}", days_31.json);
    assert_eq!(over.errno(), 6);
    assert_wire!("onenet", "misc_device_messages_span_too_long", &wire(&over));
    assert_eq!(bad.errno(), 6);
    assert_eq!(missing.errno(), 7);
    assert_wire!(
        "onenet",
        "misc_device_messages_end_missing",
        &wire(&missing)
    );
    assert_eq!(before.json["page_info"]["total_num"], 0);
    assert_eq!(before.json["page_info"]["page_size"], 50);
    sim.shutdown().await;
}

// ---- 10 boot_address, 11 acc_service ----

#[tokio::test]
async fn boot_address_answers_the_host_called_and_port_9101_without_a_key() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .with_key(None)
        .get("/ipc/video/boot_address")
        .await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    assert_wire!("onenet", "misc_boot_address_success", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn acc_service_answers_an_address_and_the_devices_token() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = |rest: &str| {
        format!(
            "/ipc/video/device/acc_service?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}{rest}"
        )
    };

    let by_net = client.get(&path("&net=CM")).await;
    let again = client.get(&path("&device_addr=192.168.1.1")).await;
    let domain = client.get(&path("&net=CU&domain=1")).await;

    assert_eq!(by_net.errno(), 0, "{}", by_net.json);
    assert_wire!("onenet", "misc_acc_service_success", &wire(&by_net));
    assert_eq!(by_net.json["data"]["token"], again.json["data"]["token"]);
    assert_eq!(domain.json["data"]["addr"], "localhost:9102");
    sim.shutdown().await;
}

#[tokio::test]
async fn acc_service_answers_errno_7_without_net_or_device_addr_and_6_for_bad_ones() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = |rest: &str| {
        format!(
            "/ipc/video/device/acc_service?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}{rest}"
        )
    };

    let neither = client.get(&path("")).await;
    let net = client.get(&path("&net=XX")).await;
    let addr = client.get(&path("&device_addr=300.1.1.1")).await;
    let domain = client.get(&path("&net=CM&domain=2")).await;
    let product = client
        .get(&format!(
            "/ipc/video/device/acc_service?device_id={ONENET_DEVICE}&net=CM"
        ))
        .await;
    let other = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .get(&format!(
            "/ipc/video/device/acc_service?product_id={ONENET_PRODUCT}&device_id={ONENET_OFFLINE_DEVICE}&net=CM"
        ))
        .await;

    assert_eq!(neither.errno(), 7);
    assert_wire!("onenet", "misc_acc_service_net_missing", &wire(&neither));
    assert_eq!(net.errno(), 6);
    assert_wire!("onenet", "misc_acc_service_bad_net", &wire(&net));
    assert_eq!(addr.errno(), 6);
    assert_eq!(domain.errno(), 6);
    assert_eq!(product.errno(), 7);
    assert_eq!(other.errno(), 3);
    sim.shutdown().await;
}

// ---- 14 stat ----

#[tokio::test]
async fn stat_online_answers_an_empty_first_page_with_a_page_key_when_nothing_plays() {
    let sim = TestSim::onenet().await;

    let online = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/stat/getonlinelist?productid={ONENET_PRODUCT}"
        ))
        .await;
    let push = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/stat/getpushlist?productid={ONENET_PRODUCT}&page_size=2"
        ))
        .await;

    assert_eq!(online.errno(), 0, "{}", online.json);
    assert_eq!(
        online.json["page_info"]["page_key"].as_str().map(str::len),
        Some(36)
    );
    assert_wire!("onenet", "stat_online_success", &wire(&online));
    assert_eq!(push.errno(), 0);
    assert_wire!("onenet", "stat_push_success", &wire(&push));
    sim.shutdown().await;
}

#[tokio::test]
async fn stat_online_reads_a_page_key_for_5_minutes_of_world_time() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let first = client
        .get(&format!(
            "/ipc/video/stat/getonlinelist?productid={ONENET_PRODUCT}"
        ))
        .await;
    let key = first.json["page_info"]["page_key"]
        .as_str()
        .expect("page_key")
        .to_string();
    let page = |n: u32| {
        format!("/ipc/video/stat/getonlinelist?productid={ONENET_PRODUCT}&page={n}&page_key={key}")
    };

    advance(&sim, 299).await;
    let in_time = client.get(&page(2)).await;
    let other_list = client
        .get(&format!(
            "/ipc/video/stat/getpushlist?productid={ONENET_PRODUCT}&page=2&page_key={key}"
        ))
        .await;
    advance(&sim, 1).await;
    let expired = client.get(&page(2)).await;

    assert_eq!(in_time.errno(), 0, "{}", in_time.json);
    assert_eq!(in_time.json["page_info"]["page_key"], key.as_str());
    assert_eq!(in_time.json["page_info"]["current_page"], 2);
    assert_eq!(other_list.errno(), 6, "a 14.1 key is no 14.2 key");
    assert_eq!(expired.errno(), 6);
    assert_wire!("onenet", "stat_online_page_key_expired", &wire(&expired));
    sim.shutdown().await;
}

#[tokio::test]
async fn stat_online_refuses_a_later_page_without_key_and_bad_parameters() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let list = |q: &str| format!("/ipc/video/stat/getonlinelist?{q}");

    let later = client
        .get(&list(&format!("productid={ONENET_PRODUCT}&page=2")))
        .await;
    let product = client.get(&list("")).await;
    let other = client
        .get(&list(&format!("productid={ONENET_OTHER_PRODUCT}")))
        .await;
    let protocol = client
        .get(&list(&format!(
            "productid={ONENET_PRODUCT}&protocoltype=udp"
        )))
        .await;
    let hls = client
        .get(&list(&format!(
            "productid={ONENET_PRODUCT}&protocoltype=HLS"
        )))
        .await;
    let size = client
        .get(&list(&format!("productid={ONENET_PRODUCT}&page_size=101")))
        .await;
    let device_key = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .get(&list(&format!("productid={ONENET_PRODUCT}")))
        .await;

    assert_eq!(later.errno(), 7);
    assert_wire!("onenet", "stat_online_page_key_missing", &wire(&later));
    assert_eq!(product.errno(), 7);
    assert_eq!(other.errno(), 3);
    assert_eq!(protocol.errno(), 6);
    assert_eq!(hls.errno(), 0, "{}", hls.json);
    assert_eq!(size.errno(), 6);
    assert_eq!(device_key.errno(), 3);
    sim.shutdown().await;
}

// ---- 15 closecamera, 19 version ----

#[tokio::test]
async fn camera_close_closes_and_opens_a_channel() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = |channel: u32| {
        format!(
            "/ipc/video/access_control/closecamera?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&id={channel}"
        )
    };
    let closed = || async {
        let (_, device) = sim
            .get(&format!("worlds/{WORLD}/devices/onenet/{ONENET_DEVICE}"))
            .await;
        device["channels"][0]["closed"].clone()
    };

    let close = client.put(&path(1), &json!({ "type": 1 })).await;
    let after_close = closed().await;
    let open = client.put(&path(1), &json!({ "type": 0 })).await;
    let after_open = closed().await;

    assert_eq!(close.errno(), 0, "{}", close.json);
    assert_wire!("onenet", "misc_camera_close_success", &wire(&close));
    assert_eq!(after_close, true);
    assert_eq!(open.errno(), 0);
    assert_eq!(after_open, false);
    sim.shutdown().await;
}

#[tokio::test]
async fn camera_close_answers_errno_17_for_a_missing_channel_and_6_for_a_bad_type() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = |channel: u32| {
        format!(
            "/ipc/video/access_control/closecamera?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&id={channel}"
        )
    };

    let missing = client.put(&path(9), &json!({ "type": 1 })).await;
    let bad = client.put(&path(1), &json!({ "type": "off" })).await;
    let no_id = client
        .put(
            &format!(
                "/ipc/video/access_control/closecamera?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}"
            ),
            &json!({ "type": 1 }),
        )
        .await;

    assert_eq!(missing.errno(), 17);
    assert_wire!(
        "onenet",
        "misc_camera_close_missing_channel",
        &wire(&missing)
    );
    assert_eq!(bad.errno(), 6);
    assert_eq!(no_id.errno(), 7);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_version_answers_the_products_version() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let answer = client
        .get(&format!(
            "/ipc/video/device/version?product_id={ONENET_PRODUCT}"
        ))
        .await;
    let missing = client.get("/ipc/video/device/version").await;

    assert_eq!(answer.json["data"]["ver"], "1.3.4");
    assert_wire!("onenet", "misc_version_success", &wire(&answer));
    assert_eq!(missing.errno(), 7);
    assert_wire!("onenet", "misc_version_product_missing", &wire(&missing));
    sim.shutdown().await;
}

// ---- every answer has a Content-Length ----

#[tokio::test]
async fn every_answer_carries_content_length_and_no_chunked_encoding_as_the_go_sdk_reads_it() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let d = ONENET_DEVICE;
    let p = ONENET_PRODUCT;
    let requests: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            "/devices".into(),
            Some(json!({ "title": "cl" })),
        ),
        (Method::POST, "/devices".into(), Some(json!({}))),
        (Method::GET, format!("/devices/{d}"), None),
        (Method::GET, "/devices?per_page=100".into(), None),
        (
            Method::PUT,
            format!("/devices/{d}"),
            Some(json!({ "desc": "x" })),
        ),
        (Method::GET, "/devices/1".into(), None),
        (
            Method::GET,
            format!("/ipc/video/device/QryChannel?device_id={d}"),
            None,
        ),
        (
            Method::GET,
            format!("/ipc/video/trans_encrypt?product_id={p}"),
            None,
        ),
        (
            Method::GET,
            format!("/ipc/video/device/QryDevStatus?devIds={d}"),
            None,
        ),
        (Method::GET, "/ipc/video/boot_address".into(), None),
        (
            Method::GET,
            format!("/ipc/video/device/version?product_id={p}"),
            None,
        ),
        (
            Method::GET,
            format!("/ipc/video/stat/getonlinelist?productid={p}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/devices/{ONENET_OFFLINE_DEVICE}"),
            None,
        ),
    ];
    for (method, path, body) in requests {
        let answer = client
            .send(
                method.clone(),
                &path,
                body.map(|b| b.to_string().into_bytes()),
            )
            .await;
        let length = answer.header("content-length").map(str::to_string);
        assert_eq!(
            length,
            Some(answer.bytes.len().to_string()),
            "{method} {path}: {:?}",
            answer.headers
        );
        assert!(
            answer.header("transfer-encoding").is_none(),
            "{method} {path}"
        );
        assert!(answer.json.is_object(), "{method} {path}: JSON");
    }
    sim.shutdown().await;
}

async fn play(client: &OnenetClient, device: &str, channel: u32) {
    let answer = client
        .get(&format!(
            "/ipc/video/play_address?device_id={device}&channel_id={channel}&protocol_type=1"
        ))
        .await;
    assert_eq!(answer.errno(), 0, "{}", answer.json);
}

#[tokio::test]
async fn stat_online_lists_each_player_and_stat_push_each_pushed_channel_from_play_addresses() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    play(&client, ONENET_DEVICE, 1).await;
    advance(&sim, 60).await;
    play(&client, ONENET_DEVICE, 2).await;
    play(&client, ONENET_SLOW_DEVICE, 1).await;
    advance(&sim, 223).await;
    play(&client, ONENET_DEVICE, 1).await;
    let list = |name: &str, q: &str| {
        format!("/ipc/video/stat/{name}?productid={ONENET_PRODUCT}&page_size=2{q}")
    };

    let first = client.get(&list("getonlinelist", "")).await;
    let key = first.json["page_info"]["page_key"]
        .as_str()
        .expect("page_key")
        .to_string();
    // What plays after the first page does not change the list its key reads.
    play(&client, ONENET_SLOW_DEVICE, 1).await;
    let second = client
        .get(&list("getonlinelist", &format!("&page=2&page_key={key}")))
        .await;
    let push = client.get(&list("getpushlist", "")).await;
    let one_channel = client
        .get(&list(
            "getonlinelist",
            &format!("&deviceid={ONENET_DEVICE}&channelid=1"),
        ))
        .await;

    assert_eq!(first.errno(), 0, "{}", first.json);
    assert_wire!("onenet", "stat_online_players", &wire(&first));
    assert_eq!(second.json["page_info"]["total_num"], 4);
    assert_wire!("onenet", "stat_online_second_page", &wire(&second));
    assert_wire!("onenet", "stat_push_channels", &wire(&push));
    assert_eq!(
        one_channel.json["page_info"]["total_num"], 2,
        "{}",
        one_channel.json
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn stat_push_leaves_out_closed_cameras_offline_devices_and_expired_tokens() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    play(&client, ONENET_DEVICE, 1).await;
    play(&client, ONENET_DEVICE, 2).await;
    play(&client, ONENET_SLOW_DEVICE, 1).await;
    let push = format!("/ipc/video/stat/getpushlist?productid={ONENET_PRODUCT}");
    let channels = |answer: &Answer| -> Vec<(u64, u64)> {
        answer.json["result"]
            .as_array()
            .expect("result")
            .iter()
            .map(|r| {
                (
                    r["deviceid"].as_u64().expect("a numeric deviceid"),
                    r["channelid"].as_u64().expect("channelid"),
                )
            })
            .collect()
    };

    let all = client.get(&push).await;
    let closed = client
        .put(
            &format!(
                "/ipc/video/access_control/closecamera?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&id=2"
            ),
            &json!({ "type": 1 }),
        )
        .await;
    assert_eq!(closed.errno(), 0);
    let after_close = client.get(&push).await;
    set_online(&sim, ONENET_SLOW_DEVICE, false).await;
    let after_offline = client.get(&push).await;
    advance(&sim, 3600).await;
    let after_expiry = client.get(&push).await;

    assert_eq!(
        channels(&all),
        vec![(25_045_682, 1), (25_045_682, 2), (25_045_684, 1)]
    );
    assert_eq!(
        channels(&after_close),
        vec![(25_045_682, 1), (25_045_684, 1)]
    );
    assert_eq!(channels(&after_offline), vec![(25_045_682, 1)]);
    assert_eq!(channels(&after_expiry), vec![], "live tokens last an hour");
    sim.shutdown().await;
}
