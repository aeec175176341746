//! Tencent in the control API: the world view's account, a device's Tencent keys, the device
//! `PATCH`, and Tencent's own routes (packages bought and reset, products, free packages), each
//! seen by a signed Tencent client afterwards.

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::tencent_client::{IMAGE_PRODUCT, VIDEO_PRODUCT};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const WORLD: &str = "worlds/tencent-test";

fn device(id: &str) -> String {
    format!("{WORLD}/devices/tencent/{id}")
}

fn vendor(path: &str) -> String {
    format!("{WORLD}/vendors/tencent/{path}")
}

#[tokio::test]
async fn world_and_device_views_show_the_account_and_a_devices_packages() {
    let sim = TestSim::tencent().await;
    let (status, view) = sim.get(WORLD).await;
    assert_eq!(status, StatusCode::OK);
    assert_wire!("control", "tencent_world_view", &view["tencent"]);
    let (status, queued) = sim
        .get(&device(&format!("{VIDEO_PRODUCT}:p2p_queued")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_wire!("control", "tencent_device_view", &queued);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_package_bought_through_the_control_api_is_what_describe_cloud_storage_reports() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let id = format!("{VIDEO_PRODUCT}:p2p_none");
    let describe = || {
        client.call(
            "DescribeCloudStorage",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_none"}),
        )
    };
    assert_eq!(describe().await.ok()["Status"], 0);
    let (status, order) = sim
        .post(
            &vendor(&format!("devices/{id}/packages")),
            json!({"packageId": "ye1m7d", "orderId": "ctl-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    assert_eq!(order["orderId"], "ctl-1");
    let r = describe().await;
    assert_eq!(
        (r.ok()["Status"].clone(), r.ok()["Type"].clone()),
        (json!(1), json!(2))
    );
    let order = client
        .call("DescribeCloudStorageOrder", json!({"OrderId": "ctl-1"}))
        .await;
    assert_eq!(order.ok()["PackageId"], "ye1m7d");
    // A second one needs a placement, as CreateCloudStorage does.
    let (status, refused) = sim
        .post(
            &vendor(&format!("devices/{id}/packages")),
            json!({"packageId": "yc1m7d"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap_or("")
            .contains("placement"),
        "{refused}"
    );
    let (status, reset) = sim
        .call(
            Method::DELETE,
            &vendor(&format!("devices/{id}/packages/0")),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, reset["reset"].clone()),
        (StatusCode::OK, json!(true))
    );
    assert_eq!(describe().await.ok()["Status"], 0);
    sim.shutdown().await;
}

#[tokio::test]
async fn control_routes_refuse_what_tencent_would_refuse_naming_the_field() {
    let sim = TestSim::tencent().await;
    let image = format!("{IMAGE_PRODUCT}:sp01_none");
    let cases = [
        (
            vendor(&format!("devices/{image}/packages")),
            json!({"packageId": "yc1m7d"}),
            "packageId",
        ),
        (
            vendor(&format!("devices/{image}/packages")),
            json!({"packageId": "nope"}),
            "packageId",
        ),
        (
            vendor(&format!("devices/{image}/packages")),
            json!({"packageId": "ye1m7d", "placement": "middle"}),
            "placement",
        ),
        (
            vendor(&format!("devices/{image}/packages")),
            json!({"packageId": "ye1m7d", "channel": 3}),
            "channel",
        ),
        (
            vendor(&format!("devices/{image}/packages")),
            json!({"packageId": "ye1m7d", "size": 3}),
            "size",
        ),
    ];
    for (path, body, field) in cases {
        let (status, answer) = sim.post(&path, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(
            answer["error"].as_str().unwrap_or("").contains(field),
            "{body}: {answer}"
        );
    }
    let (status, _) = sim
        .post(
            &vendor("devices/AQTV2839QJ:nobody/packages"),
            json!({"packageId": "ye1m7d"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, answer) = sim
        .call(
            Method::PATCH,
            &vendor(&format!("products/{VIDEO_PRODUCT}")),
            json!({"streamType": "image"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = sim
        .call(
            Method::PATCH,
            &device(&format!("{VIDEO_PRODUCT}:p2p_full")),
            json!({"utcOffsetMinutes": 900}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, _) = sim.get(&vendor("free-packages")).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_product_and_free_package_changes_show_through_the_api() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let full = format!("{VIDEO_PRODUCT}:p2p_full");
    let (status, _) = sim
        .call(
            Method::PATCH,
            &device(&full),
            json!({"online": false, "logLevel": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let d = client
        .call(
            "DescribeDevice",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full"}),
        )
        .await;
    assert_eq!(
        (d.ok()["Online"].clone(), d.ok()["LogLevel"].clone()),
        (json!(0), json!(3))
    );

    // Moving the device's time zone moves where its days begin.
    let body = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full", "Date": "2026-11-20"});
    let before = client
        .call("DescribeCloudStorageTime", body.clone())
        .await
        .ok()["Data"]["TimeList"][0]["StartTime"]
        .clone();
    sim.call(
        Method::PATCH,
        &device(&full),
        json!({"utcOffsetMinutes": 0}),
    )
    .await;
    let after = client.call("DescribeCloudStorageTime", body).await.ok()["Data"]["TimeList"][0]["StartTime"].clone();
    assert_eq!(before, json!(1_795_104_000), "UTC+8 midnight");
    assert_eq!(after, json!(1_795_132_800), "UTC midnight");

    let (status, product) = sim
        .call(
            Method::PATCH,
            &vendor(&format!("products/{IMAGE_PRODUCT}")),
            json!({"name": "front door"}),
        )
        .await;
    assert_eq!(
        (status, product["name"].clone()),
        (StatusCode::OK, json!("front door"))
    );

    let (status, _) = sim
        .call(
            Method::PATCH,
            &vendor("free-packages"),
            json!({"ye1w3d": 7}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let free = client.call("DescribeFreeCloudStorageNum", json!({})).await;
    let infos = free.ok()["PackageInfos"]
        .as_array()
        .expect("a list")
        .clone();
    assert!(
        infos
            .iter()
            .any(|i| i["PackageId"] == "ye1w3d" && i["Num"] == 7),
        "{infos:?}"
    );

    // An event raised through the control API is a new event of the device.
    let (status, raised) = sim
        .post(
            &format!("{}/events", device(&format!("{VIDEO_PRODUCT}:p2p_event"))),
            json!({"kind": "doorbell", "at": "now-5m", "durationSecs": 8}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    let events = client
        .call(
            "DescribeCloudStorageEvents",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_event", "EventId": "doorbell"}),
        )
        .await;
    let list = events.ok()["Events"].as_array().expect("events").clone();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["StartTime"], json!(crate::support::FROZEN_AT - 300));
    sim.shutdown().await;
}

#[tokio::test]
async fn a_scenarios_users_and_packages_are_laid_out_in_time_order() {
    let world = r#"
name: tencent-order
clock: { mode: frozen, at: 2026-11-22T08:00:00Z }
tencent:
  secrets: [{ secretId: AKIDcamsimTEST000000000000000000001, secretKey: camsimTestSecretKey0000000000001 }]
  products:
    - productId: AQTV2839QJ
      devices:
        - name: cam
          users: [{ userId: later, since: now-1d }, { userId: earlier, since: now-3d }]
          packages:
            - { packageId: ye1m3d, start: now-5d }
            - { packageId: yc1m7d, start: now-2d }
"#;
    let sim = TestSim::spawn(world).await;
    let client = sim.tencent_client();
    let r = client
        .call(
            "DescribeCloudStorage",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "cam"}),
        )
        .await;
    // The later binding is the current user; the first package still runs (the second waits).
    assert_eq!(r.ok()["UserId"], "later");
    assert_eq!(r.ok()["Type"], 2);
    let (_, view) = sim
        .get("worlds/tencent-order/devices/tencent/AQTV2839QJ:cam")
        .await;
    let spans: Vec<(i64, i64)> = view["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["start"].as_i64().unwrap_or(0),
                p["end"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(spans.len(), 2, "{view}");
    assert!(spans[0].1 <= spans[1].0, "one package at a time: {spans:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn an_nvrs_channels_each_see_their_own_events() {
    let world = r#"
name: tencent-nvr
clock: { mode: frozen, at: 2026-11-22T08:00:00Z }
timeline: { eventsPerDay: 48 }
tencent:
  secrets: [{ secretId: AKIDcamsimTEST000000000000000000001, secretKey: camsimTestSecretKey0000000000001 }]
  products:
    - productId: AQTV2839QJ
      devices:
        - name: nvr
          channels: 2
          packages:
            - { packageId: yc1m7d, start: now-2d, channel: 0 }
            - { packageId: yc1m7d, start: now-2d, channel: 1 }
"#;
    let sim = TestSim::spawn(world).await;
    let client = sim.tencent_client();
    let mut starts = Vec::new();
    for channel in [0, 1] {
        let answer = client
            .call(
                "DescribeCloudStorageEvents",
                json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "nvr", "ChannelId": channel, "Size": 100}),
            )
            .await;
        let list: Vec<i64> = answer.ok()["Events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["StartTime"].as_i64())
            .collect();
        assert!(!list.is_empty(), "channel {channel} has events");
        starts.push(list);
    }
    assert_ne!(
        starts[0], starts[1],
        "each camera behind the NVR has its own day"
    );
    sim.shutdown().await;
}
