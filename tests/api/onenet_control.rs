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
