//! DescribeDevice (online state, key, settings) and WakeUpDevice (a sleeping battery camera
//! comes online) over real HTTP.

use crate::assert_wire;
use crate::support::tencent_client::VIDEO_PRODUCT;
use crate::support::{FROZEN_AT, TestSim};
use serde_json::json;

fn named(device: &str) -> serde_json::Value {
    json!({"ProductId": VIDEO_PRODUCT, "DeviceName": device})
}

#[tokio::test]
async fn describe_device_tells_online_offline_and_never_activated_apart() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    for (device, online, login) in [
        ("p2p_full", 1, FROZEN_AT - 3600),
        ("p2p_offline", 0, FROZEN_AT - 6 * 3600),
        ("p2p_inactive", 3, 0),
    ] {
        let answer = client.call("DescribeDevice", named(device)).await;
        let r = answer.ok();
        assert_eq!(r["Online"], online, "{device}: {r}");
        assert_eq!(r["LoginTime"], login, "{device}: {r}");
        assert_eq!(r["EnableState"], 1, "{device}");
        assert!(
            r["DevicePsk"].as_str().is_some_and(|k| k.len() == 24),
            "{r}"
        );
    }
    let unknown = client.call("DescribeDevice", named("nobody")).await;
    assert_eq!(unknown.code(), Some("InvalidParameter"));
    assert_wire!("tencent", "device_describe_unknown", unknown.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn wake_up_device_brings_a_sleeping_battery_camera_online_and_leaves_mains_ones_alone() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let woken = client.call("WakeUpDevice", named("p2p_battery")).await;
    assert_wire!("tencent", "device_wake_up", woken.wire());
    let r = client.call("DescribeDevice", named("p2p_battery")).await;
    assert_eq!(
        (r.ok()["Online"].clone(), r.ok()["LoginTime"].clone()),
        (json!(1), json!(FROZEN_AT))
    );
    // A mains camera that is offline is not asleep: waking it changes nothing.
    client.call("WakeUpDevice", named("p2p_offline")).await.ok();
    let r = client.call("DescribeDevice", named("p2p_offline")).await;
    assert_eq!(r.ok()["Online"], 0);
    let unknown = client.call("WakeUpDevice", named("nobody")).await;
    assert_wire!("tencent", "device_wake_up_unknown", unknown.wire());
    let missing = client
        .call("WakeUpDevice", json!({"ProductId": VIDEO_PRODUCT}))
        .await;
    assert_eq!(missing.code(), Some("MissingParameter"));
    sim.shutdown().await;
}
