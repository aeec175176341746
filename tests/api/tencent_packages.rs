//! Tencent cloud-storage packages over real HTTP: opening one (bought or free), how a new one
//! joins those already bought (`PackageQueue=end` queues, `front` pauses, `Override=1`
//! replaces), expiry on the world clock, reset, transfer, orders and consumption, an NVR's
//! channels. Each layout is read back the way a client sees it: `DescribeCloudStorage` and
//! `DescribeCloudStorageOrder` as the world clock moves.

use crate::assert_wire;
use crate::support::tencent_client::{Answer, IMAGE_PRODUCT, TencentClient, VIDEO_PRODUCT};
use crate::support::{FROZEN_AT, TestSim};
use serde_json::{Value, json};

const NOW: i64 = FROZEN_AT;
const DAY: i64 = 86_400;
const WORLD: &str = "worlds/tencent-test/clock";

/// `DescribeCloudStorage` of a video device (channel 0), which must succeed.
async fn storage(client: &TencentClient, device: &str) -> Value {
    storage_of(
        client,
        json!({"ProductId": VIDEO_PRODUCT, "DeviceName": device}),
    )
    .await
}

async fn storage_of(client: &TencentClient, body: Value) -> Value {
    let answer = client.call("DescribeCloudStorage", body).await;
    answer.ok().clone()
}

/// (Status, Type, ExpireTime, ShiftDuration).
fn summary(r: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| r[k].as_i64().unwrap_or_else(|| panic!("{k} in {r}"));
    (n("Status"), n("Type"), n("ExpireTime"), n("ShiftDuration"))
}

/// `DescribeCloudStorageOrder`, which must succeed: (Status, StartTime, ExpireTime).
async fn order(client: &TencentClient, id: &str) -> (i64, i64, i64) {
    let answer = client
        .call("DescribeCloudStorageOrder", json!({"OrderId": id}))
        .await;
    let r = answer.ok();
    let n = |k: &str| r[k].as_i64().unwrap_or_else(|| panic!("{k} in {r}"));
    (n("Status"), n("StartTime"), n("ExpireTime"))
}

/// Moves the world clock to `at` and signs from then on with it.
async fn clock_to(sim: &TestSim, client: &mut TencentClient, at: i64) {
    let (status, body) = sim.post(WORLD, json!({"at": at})).await;
    assert_eq!(status, 200, "{body}");
    client.now = at;
}

async fn create(client: &TencentClient, body: Value) -> Answer {
    client.call("CreateCloudStorage", body).await
}

fn video(device: &str, extra: Value) -> Value {
    let mut body = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": device});
    if let (Some(b), Value::Object(more)) = (body.as_object_mut(), extra) {
        b.extend(more);
    }
    body
}

#[tokio::test]
async fn create_cloud_storage_starts_the_package_now_when_the_device_has_none() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    assert_eq!(summary(&storage(&client, "p2p_none").await), (0, 0, 0, 0));

    let answer = create(
        &client,
        video(
            "p2p_none",
            json!({"PackageId": "yc1m7d", "OrderId": "t-new", "StorageRegion": "ap-singapore"}),
        ),
    )
    .await;
    answer.ok();
    assert_wire!("tencent", "packages_create", answer.wire());

    let answer = client
        .call(
            "DescribeCloudStorage",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_none"}),
        )
        .await;
    assert_eq!(summary(answer.ok()), (1, 1, NOW + 30 * DAY, 7 * DAY));
    assert!(answer.ok()["UserId"].is_null());
    assert_wire!("tencent", "packages_describe", answer.wire());

    let answer = client
        .call("DescribeCloudStorageOrder", json!({"OrderId": "t-new"}))
        .await;
    let r = answer.ok();
    assert_eq!(r["PackageId"], "yc1m7d");
    assert_eq!(r["ChannelId"], 0);
    assert_eq!(
        (r["Price"].clone(), r["Amount"].clone()),
        (json!(2500), json!(2500))
    );
    assert_eq!(order(&client, "t-new").await, (2, NOW, NOW + 30 * DAY));
    assert_wire!("tencent", "packages_order", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_answers_zeros_when_the_device_never_had_a_package() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call(
            "DescribeCloudStorage",
            json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_none"}),
        )
        .await;
    assert_eq!(summary(answer.ok()), (0, 0, 0, 0));
    assert_wire!("tencent", "packages_describe_never", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_keeps_the_type_when_the_package_expired() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    // Declared expired: its month ran out 10 days ago.
    let answer = client
        .call(
            "DescribeCloudStorage",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_expired"}),
        )
        .await;
    assert_eq!(summary(answer.ok()), (0, 1, NOW - 10 * DAY, 3 * DAY));
    assert_wire!("tencent", "packages_describe_expired", answer.wire());

    // Running until now + 20 days; expired once the world clock reaches it.
    let expires = NOW + 20 * DAY;
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (1, 1, expires, 7 * DAY)
    );
    assert_eq!(
        order(&client, "order-full").await,
        (2, NOW - 10 * DAY, expires)
    );
    clock_to(&sim, &mut client, expires - 1).await;
    assert_eq!(storage(&client, "p2p_full").await["Status"], 1);
    clock_to(&sim, &mut client, expires).await;
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (0, 1, expires, 7 * DAY)
    );
    assert_eq!(
        order(&client, "order-full").await,
        (1, NOW - 10 * DAY, expires)
    );
    // Once expired, a new package needs no placement.
    create(&client, video("p2p_full", json!({"PackageId": "ye1m7d"})))
        .await
        .ok();
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (1, 2, expires + 30 * DAY, 7 * DAY)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_is_refused_when_a_package_runs_and_no_placement_is_given() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = create(&client, video("p2p_full", json!({"PackageId": "yc1m7d"}))).await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    assert_wire!("tencent", "packages_create_busy", answer.wire());
    // Override=0 is no placement either.
    let mut call = client.post(
        "CreateCloudStorage",
        &video("p2p_full", json!({"PackageId": "yc1m7d", "Override": 0})),
    );
    call.language = Some("en-US".into());
    let answer = client.send(&call).await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    assert!(
        answer.message().contains("Override=1") && answer.message().contains("PackageQueue"),
        "{}",
        answer.message()
    );
    // Nothing was recorded.
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (1, 1, NOW + 20 * DAY, 7 * DAY)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_queues_the_package_after_the_others_when_package_queue_is_end() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    // p2p_queued: a week until now + 5 d, a month (order-queued) after it.
    let week_ends = NOW + 5 * DAY;
    let month_ends = week_ends + 30 * DAY;
    create(
        &client,
        video(
            "p2p_queued",
            json!({"PackageId": "ye1m3d", "PackageQueue": "end", "OrderId": "t-end"}),
        ),
    )
    .await
    .ok();
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (1, 1, week_ends, 7 * DAY)
    );
    assert_eq!(
        order(&client, "order-queued").await,
        (0, week_ends, month_ends)
    );
    assert_eq!(
        order(&client, "t-end").await,
        (0, month_ends, month_ends + 30 * DAY)
    );

    clock_to(&sim, &mut client, week_ends).await;
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (1, 2, month_ends, 7 * DAY)
    );
    assert_eq!(order(&client, "order-week").await.0, 1);
    assert_eq!(order(&client, "order-queued").await.0, 2);

    clock_to(&sim, &mut client, month_ends).await;
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (1, 2, month_ends + 30 * DAY, 3 * DAY)
    );
    assert_eq!(order(&client, "t-end").await.0, 2);

    clock_to(&sim, &mut client, month_ends + 30 * DAY).await;
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (0, 2, month_ends + 30 * DAY, 3 * DAY)
    );
    assert_eq!(order(&client, "t-end").await.0, 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_pauses_the_running_package_when_package_queue_is_front() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    create(
        &client,
        video(
            "p2p_full",
            json!({"PackageId": "ye1w7d", "PackageQueue": "front", "OrderId": "t-front"}),
        ),
    )
    .await
    .ok();
    // The week runs now; the month's 20 days left run after it.
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (1, 2, NOW + 7 * DAY, 7 * DAY)
    );
    assert_eq!(
        order(&client, "order-full").await,
        (2, NOW - 10 * DAY, NOW + 27 * DAY)
    );
    assert_eq!(order(&client, "t-front").await, (2, NOW, NOW + 7 * DAY));

    clock_to(&sim, &mut client, NOW + 7 * DAY).await;
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (1, 1, NOW + 27 * DAY, 7 * DAY)
    );
    assert_eq!(order(&client, "t-front").await.0, 1);
    assert_eq!(order(&client, "order-full").await.0, 2);
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_replaces_the_running_package_when_override_is_1() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    create(
        &client,
        video(
            "p2p_queued",
            json!({"PackageId": "yc1m3d", "Override": 1, "OrderId": "t-over"}),
        ),
    )
    .await
    .ok();
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (1, 1, NOW + 30 * DAY, 3 * DAY)
    );
    // The week's remainder is gone; the queued month follows the new package.
    assert_eq!(order(&client, "order-week").await, (1, NOW - 2 * DAY, NOW));
    assert_eq!(
        order(&client, "order-queued").await,
        (0, NOW + 30 * DAY, NOW + 60 * DAY)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_is_refused_when_a_parameter_is_wrong() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let long_id = "o".repeat(65);
    let cases = [
        (
            json!({"PackageId": "yc9x"}),
            "InvalidParameterValue",
            Some("packages_create_bad_package"),
        ),
        // A free package is not sold.
        (
            json!({"PackageId": "ye1w3d"}),
            "InvalidParameterValue",
            None,
        ),
        (
            json!({"PackageId": "yc1m7d", "Override": 2}),
            "InvalidParameterValue",
            Some("packages_create_bad_override"),
        ),
        (
            json!({"PackageId": "yc1m7d", "PackageQueue": "middle"}),
            "InvalidParameterValue",
            Some("packages_create_bad_queue"),
        ),
        (
            json!({"PackageId": "yc1m7d", "Override": 1, "PackageQueue": "end"}),
            "InvalidParameter",
            Some("packages_create_override_with_queue"),
        ),
        (
            json!({"PackageId": "yc1m7d", "StorageRegion": "ap-mars"}),
            "InvalidParameterValue",
            Some("packages_create_bad_region"),
        ),
        (
            json!({"PackageId": "yc1m7d", "OrderId": "order-full"}),
            "InvalidParameterValue",
            Some("packages_create_order_taken"),
        ),
        (
            json!({"PackageId": "yc1m7d", "OrderId": long_id}),
            "InvalidParameterValue",
            Some("packages_create_long_order_id"),
        ),
        (
            json!({"Override": 1}),
            "MissingParameter",
            Some("packages_create_no_package_id"),
        ),
        (
            json!({"PackageId": "yc1m7d", "ChannelId": 1}),
            "InvalidParameterValue",
            None,
        ),
    ];
    for (extra, code, snapshot) in cases {
        let answer = create(&client, video("p2p_none", extra.clone())).await;
        assert_eq!(answer.code(), Some(code), "{extra}: {}", answer.body);
        if let Some(name) = snapshot {
            assert_wire!("tencent", name, answer.wire());
        }
    }
    let answer = create(&client, video("p2p_nobody", json!({"PackageId": "yc1m7d"}))).await;
    assert_eq!(answer.code(), Some("InvalidParameter"));
    assert_wire!("tencent", "packages_create_no_device", answer.wire());

    // The PackageId refusal lists every package sold, and no free one.
    let mut call = client.post(
        "CreateCloudStorage",
        &video("p2p_none", json!({"PackageId": "yc9x"})),
    );
    call.language = Some("en-US".into());
    let message = client.send(&call).await.message().to_string();
    assert!(message.contains("`PackageId`"), "{message}");
    assert!(
        message.contains("yc1m3d") && message.contains("lye1y30d"),
        "{message}"
    );
    assert!(!message.contains("ye1w3d"), "{message}");
    // None of the refusals opened anything.
    assert_eq!(summary(&storage(&client, "p2p_none").await), (0, 0, 0, 0));
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_is_refused_when_an_image_stream_device_asks_for_continuous_storage() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let device = |package: &str| json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_none", "PackageId": package});
    let answer = create(&client, device("yc1m7d")).await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    assert_wire!("tencent", "packages_create_image_continuous", answer.wire());
    // An event package is fine, a low-power one too.
    create(&client, device("lye1m3d")).await.ok();
    let r = storage_of(
        &client,
        json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_none"}),
    )
    .await;
    assert_eq!(summary(&r), (1, 2, NOW + 30 * DAY, 3 * DAY));
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_opens_one_channel_when_the_device_is_an_nvr() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let nvr = |extra: Value| video("nvr_4ch", extra);
    let answer = client.call("DescribeCloudStorage", nvr(json!({}))).await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    assert_wire!("tencent", "packages_describe_nvr_no_channel", answer.wire());
    let answer = client
        .call("DescribeCloudStorage", nvr(json!({"ChannelId": 4})))
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!(
        "tencent",
        "packages_describe_nvr_bad_channel",
        answer.wire()
    );

    // Channel 1 has a package, channel 2 none.
    let one = storage_of(&client, nvr(json!({"ChannelId": 1}))).await;
    assert_eq!(summary(&one), (1, 1, NOW + 27 * DAY, 7 * DAY));
    let two = storage_of(&client, nvr(json!({"ChannelId": 2}))).await;
    assert_eq!(summary(&two), (0, 0, 0, 0));
    let answer = create(&client, nvr(json!({"PackageId": "ye1m7d"}))).await;
    assert_eq!(answer.code(), Some("MissingParameter"));

    create(
        &client,
        nvr(json!({"PackageId": "ye1m7d", "ChannelId": 2, "OrderId": "t-nvr"})),
    )
    .await
    .ok();
    let two = storage_of(&client, nvr(json!({"ChannelId": 2}))).await;
    assert_eq!(summary(&two), (1, 2, NOW + 30 * DAY, 7 * DAY));
    let one = storage_of(&client, nvr(json!({"ChannelId": 1}))).await;
    assert_eq!(summary(&one), (1, 1, NOW + 27 * DAY, 7 * DAY));
    let answer = client
        .call("DescribeCloudStorageOrder", json!({"OrderId": "t-nvr"}))
        .await;
    assert_eq!(answer.ok()["ChannelId"], 2);
    // Channel 1 is busy: its own placement rules hold.
    let answer = create(&client, nvr(json!({"PackageId": "ye1m7d", "ChannelId": 1}))).await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    sim.shutdown().await;
}

#[tokio::test]
async fn create_free_cloud_storage_uses_the_quota_until_none_is_left() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client.call("DescribeFreeCloudStorageNum", json!({})).await;
    assert_eq!(
        answer.ok()["PackageInfos"],
        json!([
            {"PackageId": "lye1w3d", "PackageName": "低功耗事件3天周套餐", "Num": 1, "UsedNum": 0},
            {"PackageId": "ye1w3d", "PackageName": "事件3天周套餐", "Num": 2, "UsedNum": 0},
        ])
    );
    assert_wire!("tencent", "packages_free_num", answer.wire());

    let free = |device: &str, product: &str, package: &str| json!({"ProductId": product, "DeviceName": device, "PackageId": package});
    let mut body = free("sp01_none", IMAGE_PRODUCT, "lye1w3d");
    body["OrderId"] = json!("t-free");
    let answer = client.call("CreateFreeCloudStorage", body).await;
    assert_eq!(answer.ok()["Price"], 0);
    assert_eq!(answer.ok()["Amount"], 0);
    assert_wire!("tencent", "packages_create_free", answer.wire());
    let r = storage_of(
        &client,
        json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_none"}),
    )
    .await;
    assert_eq!(summary(&r), (1, 2, NOW + 7 * DAY, 3 * DAY));
    let answer = client
        .call("DescribeCloudStorageOrder", json!({"OrderId": "t-free"}))
        .await;
    let r = answer.ok();
    assert_eq!(
        (r["Price"].clone(), r["Amount"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(r["Status"], 2);

    // The one lye1w3d is gone.
    let mut call = client.post(
        "CreateFreeCloudStorage",
        &free("p2p_none", VIDEO_PRODUCT, "lye1w3d"),
    );
    call.language = Some("en-US".into());
    let answer = client.send(&call).await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    assert!(
        answer.message().contains("no free lye1w3d package left"),
        "{}",
        answer.message()
    );
    let answer = client
        .call(
            "CreateFreeCloudStorage",
            free("p2p_none", VIDEO_PRODUCT, "lye1w3d"),
        )
        .await;
    assert_wire!("tencent", "packages_create_free_none_left", answer.wire());

    // Two ye1w3d: both given, a third refused; a busy device still needs a placement.
    client
        .call(
            "CreateFreeCloudStorage",
            free("p2p_none", VIDEO_PRODUCT, "ye1w3d"),
        )
        .await
        .ok();
    let answer = client
        .call(
            "CreateFreeCloudStorage",
            free("p2p_expired", VIDEO_PRODUCT, "ye1w3d"),
        )
        .await;
    answer.ok();
    let answer = client
        .call(
            "CreateFreeCloudStorage",
            free("p2p_inactive", VIDEO_PRODUCT, "ye1w3d"),
        )
        .await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    let answer = client.call("DescribeFreeCloudStorageNum", json!({})).await;
    let used: Vec<_> = answer.ok()["PackageInfos"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["UsedNum"].clone())
        .collect();
    assert_eq!(used, vec![json!(1), json!(2)]);

    let answer = client
        .call(
            "CreateFreeCloudStorage",
            free("p2p_none", VIDEO_PRODUCT, "yc1m7d"),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "packages_create_free_bad_package", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn create_free_cloud_storage_needs_a_placement_when_the_device_is_busy() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let body = video("p2p_event", json!({"PackageId": "ye1w3d"}));
    let answer = client.call("CreateFreeCloudStorage", body.clone()).await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    // Refused: the quota is untouched.
    let answer = client.call("DescribeFreeCloudStorageNum", json!({})).await;
    assert_eq!(answer.ok()["PackageInfos"][1]["UsedNum"], 0);
    let mut queued = body;
    queued["PackageQueue"] = json!("end");
    queued["OrderId"] = json!("t-free-end");
    client.call("CreateFreeCloudStorage", queued).await.ok();
    // ye1m3d started 5 days ago: the free week follows its 25 days left.
    assert_eq!(
        order(&client, "t-free-end").await,
        (0, NOW + 25 * DAY, NOW + 32 * DAY)
    );
    sim.shutdown().await;
}

/// A Tencent world with one device and no free packages.
const BARE_WORLD: &str = r#"
name: tencent-bare
seed: 3
clock: { mode: frozen, at: 2026-11-22T08:00:00Z }
tencent:
  secrets:
    - secretId: AKIDcamsimTEST000000000000000000001
      secretKey: camsimTestSecretKey0000000000001
  products:
    - productId: AQTV2839QJ
      devices: [{ name: cam }]
"#;

#[tokio::test]
async fn describe_free_cloud_storage_num_answers_an_empty_list_when_the_account_has_none() {
    let sim = TestSim::spawn(BARE_WORLD).await;
    let client = sim.tencent_client();
    let answer = client.call("DescribeFreeCloudStorageNum", json!({})).await;
    assert_eq!(answer.ok()["PackageInfos"], json!([]));
    assert_wire!("tencent", "packages_free_num_none", answer.wire());
    let answer = client
        .call(
            "CreateFreeCloudStorage",
            video("cam", json!({"PackageId": "ye1w3d"})),
        )
        .await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    sim.shutdown().await;
}

#[tokio::test]
async fn reset_cloud_storage_ends_the_running_package_and_drops_the_queued_ones() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let later = NOW + 3600;
    clock_to(&sim, &mut client, later).await;
    let answer = client
        .call(
            "ResetCloudStorage",
            video("p2p_queued", json!({"UserId": "user"})),
        )
        .await;
    answer.ok();
    assert_wire!("tencent", "packages_reset", answer.wire());
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (0, 1, later, 7 * DAY)
    );
    assert_eq!(
        order(&client, "order-week").await,
        (1, NOW - 2 * DAY, later)
    );
    // Never started: from when it was bought to when it was reset away.
    assert_eq!(order(&client, "order-queued").await, (1, NOW, later));

    let answer = client
        .call("ResetCloudStorage", video("p2p_queued", json!({})))
        .await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    assert_wire!("tencent", "packages_reset_nothing", answer.wire());

    // Reset, then open again: no placement needed.
    create(
        &client,
        video(
            "p2p_queued",
            json!({"PackageId": "ye1m7d", "OrderId": "t-again"}),
        ),
    )
    .await
    .ok();
    assert_eq!(
        summary(&storage(&client, "p2p_queued").await),
        (1, 2, later + 30 * DAY, 7 * DAY)
    );
    assert_eq!(
        order(&client, "t-again").await,
        (2, later, later + 30 * DAY)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn reset_cloud_storage_is_refused_when_the_package_already_expired() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call("ResetCloudStorage", video("p2p_expired", json!({})))
        .await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    // An NVR resets the channel it names.
    let answer = client
        .call(
            "ResetCloudStorage",
            video("nvr_4ch", json!({"ChannelId": 2})),
        )
        .await;
    assert_eq!(answer.code(), Some("UnsupportedOperation"));
    client
        .call(
            "ResetCloudStorage",
            video("nvr_4ch", json!({"ChannelId": 1})),
        )
        .await
        .ok();
    let one = storage_of(&client, video("nvr_4ch", json!({"ChannelId": 1}))).await;
    assert_eq!(summary(&one), (0, 1, NOW, 7 * DAY));
    sim.shutdown().await;
}

#[tokio::test]
async fn transfer_cloud_storage_moves_the_remaining_package_when_the_target_has_none() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let answer = client
        .call(
            "TransferCloudStorage",
            video("p2p_full", json!({"ToDeviceName": "p2p_none"})),
        )
        .await;
    answer.ok();
    assert_wire!("tencent", "packages_transfer", answer.wire());
    // The source keeps what ran; the target runs the rest.
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (0, 1, NOW, 7 * DAY)
    );
    assert_eq!(
        summary(&storage(&client, "p2p_none").await),
        (1, 1, NOW + 20 * DAY, 7 * DAY)
    );
    assert_eq!(
        order(&client, "order-full").await,
        (2, NOW - 10 * DAY, NOW + 20 * DAY)
    );
    // The source may open a new package without a placement.
    create(&client, video("p2p_full", json!({"PackageId": "ye1m7d"})))
        .await
        .ok();

    // Moved on again a day later, to a device whose own package expired, named with its
    // product.
    clock_to(&sim, &mut client, NOW + DAY).await;
    client
        .call(
            "TransferCloudStorage",
            video(
                "p2p_none",
                json!({"ToDeviceName": "p2p_expired", "ToProductId": VIDEO_PRODUCT}),
            ),
        )
        .await
        .ok();
    assert_eq!(
        summary(&storage(&client, "p2p_expired").await),
        (1, 1, NOW + 20 * DAY, 7 * DAY)
    );
    assert_eq!(
        summary(&storage(&client, "p2p_none").await),
        (0, 1, NOW + DAY, 7 * DAY)
    );

    // An event package may go to an image-stream device.
    client
        .call(
            "TransferCloudStorage",
            video(
                "p2p_event",
                json!({"ToDeviceName": "sp01_none", "ToProductId": IMAGE_PRODUCT}),
            ),
        )
        .await
        .ok();
    let r = storage_of(
        &client,
        json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_none"}),
    )
    .await;
    assert_eq!(summary(&r), (1, 2, NOW + 25 * DAY, 3 * DAY));
    sim.shutdown().await;
}

#[tokio::test]
async fn transfer_cloud_storage_is_refused_when_either_device_does_not_fit() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let cases = [
        (
            "p2p_full",
            json!({"ToDeviceName": "p2p_full"}),
            "InvalidParameterValue",
            "packages_transfer_same_device",
        ),
        (
            "p2p_none",
            json!({"ToDeviceName": "p2p_expired"}),
            "UnsupportedOperation",
            "packages_transfer_nothing",
        ),
        (
            "p2p_expired",
            json!({"ToDeviceName": "p2p_none"}),
            "UnsupportedOperation",
            "packages_transfer_expired",
        ),
        (
            "p2p_full",
            json!({"ToDeviceName": "p2p_event"}),
            "UnsupportedOperation",
            "packages_transfer_target_busy",
        ),
        (
            "p2p_full",
            json!({"ToDeviceName": "sp01_none", "ToProductId": IMAGE_PRODUCT}),
            "UnsupportedOperation",
            "packages_transfer_image_continuous",
        ),
        (
            "p2p_full",
            json!({"ToDeviceName": "p2p_nobody"}),
            "InvalidParameter",
            "packages_transfer_no_device",
        ),
        (
            "p2p_full",
            json!({}),
            "MissingParameter",
            "packages_transfer_no_target",
        ),
    ];
    for (from, extra, code, snapshot) in cases {
        let answer = client
            .call("TransferCloudStorage", video(from, extra.clone()))
            .await;
        assert_eq!(answer.code(), Some(code), "{from} {extra}: {}", answer.body);
        assert_wire!("tencent", snapshot, answer.wire());
    }
    // Nothing moved.
    assert_eq!(
        summary(&storage(&client, "p2p_full").await),
        (1, 1, NOW + 20 * DAY, 7 * DAY)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_order_is_refused_when_the_order_is_unknown() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call(
            "DescribeCloudStorageOrder",
            json!({"OrderId": "no-such-order"}),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "packages_order_unknown", answer.wire());
    // A scenario's order reads like any other: the image device's low-power month.
    let answer = client
        .call(
            "DescribeCloudStorageOrder",
            json!({"OrderId": "order-image"}),
        )
        .await;
    let r = answer.ok();
    assert_eq!(r["PackageId"], "lye1m7d");
    assert_eq!(r["Price"], 1000);
    assert_eq!(
        order(&client, "order-image").await,
        (2, NOW - 3 * DAY, NOW + 27 * DAY)
    );
    sim.shutdown().await;
}

async fn stats(client: &TencentClient, start: &str, end: &str) -> Answer {
    client
        .call(
            "DescribeCloudStoragePackageConsumeStats",
            json!({"StartDate": start, "EndDate": end}),
        )
        .await
}

#[tokio::test]
async fn describe_cloud_storage_package_consume_stats_counts_the_orders_placed_in_the_days_asked() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    // 2026-11-22 16:00 in UTC+8. Of the scenario's orders, only the queued month was bought
    // that day (the world's start); the others started, so were bought, before.
    create(&client, video("p2p_none", json!({"PackageId": "yc1m7d"})))
        .await
        .ok();
    create(
        &client,
        video(
            "p2p_full",
            json!({"PackageId": "yc1m7d", "PackageQueue": "end"}),
        ),
    )
    .await
    .ok();
    create(
        &client,
        video("p2p_expired", json!({"PackageId": "ye1m3d"})),
    )
    .await
    .ok();
    client
        .call(
            "CreateFreeCloudStorage",
            video("p2p_event", json!({"PackageId": "ye1w3d", "Override": 1})),
        )
        .await
        .ok();
    let answer = stats(&client, "2026-11-22", "2026-11-22").await;
    assert_eq!(
        answer.ok()["Stats"],
        json!([
            {"PackageId": "yc1m7d", "PackageName": "全时7天存储月套餐", "Cnt": 2, "Price": 2500, "Source": 1},
            {"PackageId": "ye1m3d", "PackageName": "事件3天存储月套餐", "Cnt": 1, "Price": 800, "Source": 1},
            {"PackageId": "ye1m7d", "PackageName": "事件7天存储月套餐", "Cnt": 1, "Price": 1200, "Source": 1},
            {"PackageId": "ye1w3d", "PackageName": "事件3天周套餐", "Cnt": 1, "Price": 0, "Source": 1},
        ])
    );
    assert_wire!("tencent", "packages_consume_stats", answer.wire());

    // Days end at midnight in UTC+8 (16:00 UTC).
    let midnight = NOW + 8 * 3600;
    clock_to(&sim, &mut client, midnight - 1).await;
    create(
        &client,
        video(
            "p2p_inactive",
            json!({"PackageId": "ye1w7d", "OrderId": "t-late"}),
        ),
    )
    .await
    .ok();
    clock_to(&sim, &mut client, midnight).await;
    create(
        &client,
        video(
            "p2p_west",
            json!({"PackageId": "ye1y30d", "PackageQueue": "end"}),
        ),
    )
    .await
    .ok();
    let day_22 = stats(&client, "2026-11-22", "2026-11-22").await;
    let ids: Vec<_> = day_22.ok()["Stats"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["PackageId"].clone())
        .collect();
    assert_eq!(ids, vec!["yc1m7d", "ye1m3d", "ye1m7d", "ye1w3d", "ye1w7d"]);
    let day_23 = stats(&client, "2026-11-23", "2026-11-23").await;
    assert_eq!(
        day_23.ok()["Stats"],
        json!([{"PackageId": "ye1y30d", "PackageName": "事件30天存储年套餐", "Cnt": 1, "Price": 30000, "Source": 1}])
    );
    // A range holding both days, and one holding none.
    let both = stats(&client, "2026-11-21", "2026-11-23").await;
    assert_eq!(both.ok()["Stats"].as_array().map(Vec::len), Some(6));
    let none = stats(&client, "2026-11-24", "2027-11-24").await;
    assert_eq!(none.ok()["Stats"], json!([]));

    let answer = client
        .call(
            "DescribeCloudStoragePackageConsumeDetails",
            json!({"StartDate": "2026-11-22", "EndDate": "2026-11-23"}),
        )
        .await;
    answer.ok();
    assert_wire!("tencent", "packages_consume_details", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_package_consume_stats_is_refused_when_the_dates_are_wrong() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let cases = [
        ("2026-11-2", "2026-11-22", "packages_consume_bad_date"),
        ("2026/11/22", "2026-11-22", "packages_consume_bad_date"),
        ("2026-02-30", "2026-11-22", "packages_consume_bad_date"),
        (
            "2026-11-22",
            "2026-11-21",
            "packages_consume_end_before_start",
        ),
        ("2024-01-01", "2025-01-02", "packages_consume_too_long"),
    ];
    for (start, end, snapshot) in cases {
        for action in [
            "DescribeCloudStoragePackageConsumeStats",
            "DescribeCloudStoragePackageConsumeDetails",
        ] {
            let answer = client
                .call(action, json!({"StartDate": start, "EndDate": end}))
                .await;
            assert_eq!(
                answer.code(),
                Some("InvalidParameterValue"),
                "{action} {start} {end}"
            );
            assert_wire!("tencent", snapshot, answer.wire());
        }
    }
    // A leap year's 366 days is one year.
    stats(&client, "2024-01-01", "2025-01-01").await.ok();
    let answer = client
        .call(
            "DescribeCloudStoragePackageConsumeStats",
            json!({"StartDate": "2026-11-22"}),
        )
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    sim.shutdown().await;
}
