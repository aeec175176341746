//! OneNET in the control API: the world view's products and keys, a device's OneNET keys, the
//! device `PATCH` (taking a device offline mid-test, its reply behaviour) and the product
//! `PATCH`, each seen by a OneNET client afterwards.

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::onenet_client::*;
use reqwest::Method;
use serde_json::json;

const WORLD: &str = "worlds/onenet-test";

#[tokio::test]
async fn world_view_lists_products_with_their_keys_and_devices() {
    let sim = TestSim::onenet().await;
    let (status, view) = sim.get(WORLD).await;
    assert_eq!(status, 200);
    assert_wire!("control", "onenet_world_view", &view["onenet"]);
}

#[tokio::test]
async fn device_view_shows_channels_keys_reply_behaviour_and_ptz() {
    let sim = TestSim::onenet().await;
    let (status, device) = sim
        .get(&format!("{WORLD}/devices/onenet/{ONENET_DEVICE}"))
        .await;
    assert_eq!(status, 200);
    assert_wire!("control", "onenet_device_view", &device);
}

#[tokio::test]
async fn patching_a_device_offline_makes_its_next_command_answer_status_0() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/ipc/video/cmds?device_id={ONENET_DEVICE}&qos=1");
    assert_eq!(
        client.post(&path, &json!({"cmdId": 30})).await.json["data"]["cmd_status"],
        4
    );
    let (status, _) = sim
        .call(
            Method::PATCH,
            &format!("{WORLD}/devices/onenet/{ONENET_DEVICE}"),
            json!({"online": false}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        client.post(&path, &json!({"cmdId": 30})).await.json["data"]["cmd_status"],
        0
    );
}

#[tokio::test]
async fn patching_the_reply_behaviour_makes_the_device_drop_its_replies() {
    let sim = TestSim::onenet().await;
    sim.call(
        Method::PATCH,
        &format!("{WORLD}/vendors/onenet/products/{ONENET_PRODUCT}"),
        json!({"cmdWaitMs": 200}),
    )
    .await;
    let (status, device) = sim
        .call(
            Method::PATCH,
            &format!("{WORLD}/devices/onenet/{ONENET_DEVICE}"),
            json!({"reply": {"dropRate": 1.0}, "title": "renamed"}),
        )
        .await;
    assert_eq!(status, 200, "{device}");
    let answer = sim
        .onenet_client()
        .post(
            &format!("/ipc/video/cmds?device_id={ONENET_DEVICE}&qos=1"),
            &json!({"cmdId": 30}),
        )
        .await;
    assert_eq!(answer.json["data"]["cmd_status"], 5);
}

#[tokio::test]
async fn device_patch_refuses_values_out_of_range_naming_the_key() {
    let sim = TestSim::onenet().await;
    let path = format!("{WORLD}/devices/onenet/{ONENET_DEVICE}");
    let (status, body) = sim
        .call(Method::PATCH, &path, json!({"reply": {"dropRate": 2}}))
        .await;
    assert_eq!(status, 400);
    assert_wire!("control", "onenet_device_patch_refused", &body);
    let (status, _) = sim.call(Method::PATCH, &path, json!({"title": ""})).await;
    assert_eq!(status, 400);
    let (status, _) = sim
        .call(Method::PATCH, &path, json!({"colour": "red"}))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn product_patch_changes_the_product_and_refuses_what_it_cannot() {
    let sim = TestSim::onenet().await;
    let path = format!("{WORLD}/vendors/onenet/products/{ONENET_PRODUCT}");
    let (status, body) = sim
        .call(
            Method::PATCH,
            &path,
            json!({"encrypted": true, "version": "2.0.1"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_wire!("control", "onenet_product_patched", &body);
    let (status, _) = sim
        .call(Method::PATCH, &path, json!({"cmdWaitMs": 60001}))
        .await;
    assert_eq!(status, 400);
    let (status, _) = sim
        .call(
            Method::PATCH,
            &format!("{WORLD}/vendors/onenet/products/999"),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = sim.call(Method::POST, &path, json!({})).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn a_device_upload_through_the_control_api_shows_in_qry_dev_msg() {
    let sim = TestSim::onenet().await;
    let (status, body) = sim
        .post(
            &format!("{WORLD}/vendors/onenet/devices/{ONENET_DEVICE}/messages"),
            json!({"text": "my_test_12345"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let answer = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/device/QryDevMsg?device_id={ONENET_DEVICE}&begin_time=2026-11-22%2000:00:00&end_time=2026-11-23%2000:00:00"
        ))
        .await;
    assert_eq!(answer.errno(), 0, "{:?}", answer.json);
    let rows = answer.json["result"].as_array().expect("result");
    assert!(
        rows.iter()
            .any(|r| r["msg"] == "bXlfdGVzdF8xMjM0NQ==" && r["msg_id"] == 14),
        "{rows:?}"
    );
    let (status, _) = sim
        .post(
            &format!("{WORLD}/vendors/onenet/devices/{ONENET_DEVICE}/messages"),
            json!({"base64": "not base64!"}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_firmware_upgrade_shows_in_the_device_view_120_s_later() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let cmds = format!("/ipc/video/cmds?device_id={ONENET_DEVICE}&qos=1");
    let upgrade = json!({"cmdId": 11, "cmd": {"url": "http://fw.example.com/ipc.tar.gz",
        "ver": "13.2.0.1", "md5": "0123456789abcdef0123456789abcdef"}});
    let answer = client.post(&cmds, &upgrade).await;
    assert_eq!(
        answer.json["data"]["dev_resp"]["resp_code"], 0,
        "{:?}",
        answer.json
    );
    let path = format!("{WORLD}/devices/onenet/{ONENET_DEVICE}");
    assert_eq!(sim.get(&path).await.1["firmwareVer"], "13.1.0.52");
    sim.post(&format!("{WORLD}/clock"), json!({"advance": "121s"}))
        .await;
    client
        .post(&cmds, &json!({"cmdId": 5, "channel_id": 1}))
        .await;
    assert_eq!(sim.get(&path).await.1["firmwareVer"], "13.2.0.1");
}

/// A client behind `HTTP_PROXY=http://127.0.0.1:<onenet>` sends absolute-form targets with the
/// real host (pyonenet hard-codes `http://api.heclouds.com`).
#[tokio::test]
async fn an_absolute_form_request_target_reaches_its_endpoint() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let sim = TestSim::onenet().await;
    let addr = sim.urls.onenet.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let request = format!(
        "GET http://api.heclouds.com/devices/{ONENET_DEVICE} HTTP/1.1\r\nHost: api.heclouds.com\r\napi-key: {ONENET_MASTER_KEY}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("\r\ncontent-length:"),
        "{answer}"
    );
    assert!(
        answer.contains(&format!("\"id\":\"{ONENET_DEVICE}\"")),
        "{answer}"
    );
}
