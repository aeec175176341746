//! Gwell custCloud over real HTTP (seed 001, Gwell's documentation): the signing client against the
//! documented vectors, every success and error shape of devInfo and devList, the rate limit,
//! the clock window, world isolation, device state changes and the journal.

use crate::assert_wire;
use crate::support::clients::{
    DOCUMENTED_POST_SIGNATURE, GwellClient, GwellRequest, gwell_sign_lines, gwell_signature,
    sign_documented_post_vector,
};
use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};

/// Devices of the fixture world (tests/api/fixtures/gwell.yaml).
const CAM_SHARED: &str = "5188001415988"; // user 1's, shared with user 2, storage active
const CAM_SHARED_SN: &str = "876A2C0D1347";
const DOORBELL: &str = "5188001415989"; // user 1's, battery, storage expired
const CAM_4G: &str = "5188001415990"; // user 2's, battery charging, flow active
const CAM_4G_EXPIRED: &str = "5188001415994"; // user 2's, flow expired
const LONG_OFFLINE: &str = "5188001415991"; // user 3's, long offline, no packages
const UNBOUND: &str = "5188001415993"; // nobody's

const WORLD: &str = "gwell-test";

/// The seven online fields a long-offline device no longer reports (seed 001 1.1.3 note).
const ONLINE_FIELDS: [&str; 7] = [
    "online",
    "onlineUpdateTime",
    "battery",
    "signal",
    "rssi",
    "powerMode",
    "powerCharging",
];

/// A body with the test app's credentials for `access_id`, plus `extra`'s fields.
fn body(access_id: &str, extra: Value) -> Value {
    let mut b = json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": access_id});
    if let (Some(map), Value::Object(more)) = (b.as_object_mut(), extra) {
        map.extend(more);
    }
    b
}

async fn send(client: &GwellClient, req: &GwellRequest) -> Wire {
    Wire::of(client.send(req).await).await
}

/// Signs and sends `body` to `endpoint`, keeping the whole answer.
async fn call(client: &GwellClient, endpoint: &str, body: &Value) -> Wire {
    send(client, &client.request(endpoint, body)).await
}

/// A correctly signed request whose body is the raw `text`.
fn raw_request(client: &GwellClient, endpoint: &str, text: &str) -> GwellRequest {
    let mut req = client.request(endpoint, &Value::Null);
    req.body = text.to_string();
    req
}

fn code(wire: &Wire) -> i64 {
    wire.body["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("answer has a numeric code: {}", wire.body))
}

fn msg(wire: &Wire) -> &str {
    wire.body["msg"].as_str().unwrap_or("")
}

/// Asserts HTTP status, vendor code and message, in that order.
fn assert_answer(wire: &Wire, status: u16, expected_code: i64, expected_msg: &str) {
    assert_eq!(wire.status, status, "{}", wire.body);
    assert_eq!(code(wire), expected_code, "{}", wire.body);
    assert_eq!(msg(wire), expected_msg, "{}", wire.body);
}

fn assert_ok(wire: &Wire) {
    assert_answer(wire, 200, 0, "ok");
}

async fn patch_device(sim: &TestSim, id: &str, patch: Value) {
    let (status, answer) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/devices/gwell/{id}"),
            patch,
        )
        .await;
    assert_eq!(status, 200, "{answer}");
}

async fn advance_clock(sim: &TestSim, by: Value) -> Value {
    let (status, answer) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": by }))
        .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

// ---------------------------------------------------------------------------------------------
// The test client agrees with Gwell's documentation's vectors.

#[test]
fn gwell_signature_matches_the_documented_post_vector() {
    assert_eq!(sign_documented_post_vector(), DOCUMENTED_POST_SIGNATURE);
}

#[test]
fn gwell_sign_lines_matches_the_documented_get_vector() {
    let signature = gwell_sign_lines(
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        vec![
            ("Host", "www.iotvideo.com".to_string()),
            (
                "X-IotVideo-AccessID",
                "dsFAsdf547aSDfasf67GHRrtyTHDGFrtbnkjREt".to_string(),
            ),
            ("X-IotVideo-Nonce", "246898495".to_string()),
            ("X-IotVideo-Timestamp", "1572348036".to_string()),
            ("userName", "aaa".to_string()),
            ("pwd", "bbb".to_string()),
        ],
    );

    assert_eq!(signature, "9x9JCrgrgIlUw2LdPyExTH86gKw=");
}

// ---------------------------------------------------------------------------------------------
// devInfo: success shapes.

#[tokio::test]
async fn dev_info_returns_the_device_when_the_owner_asks_by_sn() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"action": "devInfo", "sn": CAM_SHARED_SN})),
    )
    .await;

    assert_ok(&wire);
    let info = &wire.body["data"]["deviceInfo"];
    assert_eq!(info["deviceId"], CAM_SHARED);
    assert_eq!(info["ownerId"].to_string(), USER_1);
    assert_answered_with_request_id(&wire);
    assert_wire!("gwell", "devInfo_by_sn", &wire);
    sim.shutdown().await;
}

fn assert_answered_with_request_id(wire: &Wire) {
    let id = wire.body["requestId"].as_str().expect("requestId is text");
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(id.matches('-').count(), 4, "{id}");
}

#[tokio::test]
async fn dev_info_returns_the_same_device_when_asked_by_dev_id_instead_of_sn() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let by_sn = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"sn": CAM_SHARED_SN, "devId": ""})),
    )
    .await;

    let by_id = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"sn": "", "devId": CAM_SHARED})),
    )
    .await;

    assert_ok(&by_sn);
    assert_ok(&by_id);
    assert_eq!(by_id.body["data"], by_sn.body["data"]);
    assert_ne!(by_id.body["requestId"], by_sn.body["requestId"]);
    assert_wire!("gwell", "devInfo_by_dev_id", &by_id);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_names_the_owner_when_the_owner_asks() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": DOORBELL})),
    )
    .await;

    assert_ok(&wire);
    assert_eq!(
        wire.body["data"]["deviceInfo"]["ownerId"].as_i64(),
        Some(USER_1.parse::<i64>().expect("user ids are int64"))
    );
    assert_wire!("gwell", "devInfo_as_owner", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_returns_the_shared_device_with_its_owner_when_a_guest_asks() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_2, json!({"devId": CAM_SHARED})),
    )
    .await;

    assert_ok(&wire);
    assert_eq!(
        wire.body["data"]["deviceInfo"]["ownerId"].to_string(),
        USER_1
    );
    assert_wire!("gwell", "devInfo_as_guest", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_reports_storage_in_use_when_the_package_runs_past_the_world_clock() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": CAM_SHARED})),
    )
    .await;

    assert_ok(&wire);
    let storage = &wire.body["data"]["storageInfo"];
    assert_eq!(storage["srvStatus"], 2);
    assert_eq!(storage["orderId"], "VSS202605010001");
    assert_eq!(storage["pkgType"], 1);
    assert_eq!(storage["storageDays"], 7);
    assert_eq!(storage["subStatus"], true);
    assert_eq!(
        wire.body["data"]["flowInfo"]["srvStatus"], 0,
        "no package: neutral values"
    );
    assert_wire!("gwell", "devInfo_storage_active", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_reports_storage_status_5_when_the_package_ended_before_the_world_clock() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": DOORBELL})),
    )
    .await;

    assert_ok(&wire);
    let storage = &wire.body["data"]["storageInfo"];
    assert_eq!(storage["srvStatus"], 5);
    assert_eq!(storage["endTime"], 1_792_300_000);
    assert_eq!(storage["subStatus"], false);
    assert_eq!(storage["subTime"], 0);
    assert_wire!("gwell", "devInfo_storage_expired", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_reports_flow_status_1_when_the_4g_package_is_active() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(&client, "devInfo", &body(USER_2, json!({"devId": CAM_4G}))).await;

    assert_ok(&wire);
    let flow = &wire.body["data"]["flowInfo"];
    assert_eq!(flow["srvStatus"], 1);
    assert_eq!(flow["orderId"], 202_608_200_078_i64);
    assert_eq!(flow["simId"], "1440412345678");
    assert_eq!(flow["cardProvider"], "中国电信");
    assert_eq!(flow["usedData"], 1210);
    assert_eq!(flow["activeRegion"], "CN");
    assert_eq!(
        flow["iccids"],
        json!([{"deviceId": CAM_4G, "iccid": "89860412102080123456"}])
    );
    assert_eq!(
        wire.body["data"]["storageInfo"]["srvStatus"], 0,
        "no package: neutral values"
    );
    assert_wire!("gwell", "devInfo_flow_active", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_reports_flow_status_0_when_the_4g_package_expired() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_2, json!({"devId": CAM_4G_EXPIRED})),
    )
    .await;

    assert_ok(&wire);
    let flow = &wire.body["data"]["flowInfo"];
    assert_eq!(flow["srvStatus"], 0);
    assert_eq!(flow["endTime"], 1_781_000_000);
    assert_eq!(flow["cardProvider"], "中国移动");
    assert_eq!(wire.body["data"]["deviceInfo"]["online"], 0);
    assert_wire!("gwell", "devInfo_flow_expired", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_neutral_packages_not_null_when_the_device_never_had_one() {
    let sim = TestSim::gwell().await;
    patch_device(&sim, UNBOUND, json!({"owner": USER_3})).await;
    let client = sim.gwell_client();

    let wire = call(&client, "devInfo", &body(USER_3, json!({"devId": UNBOUND}))).await;

    assert_ok(&wire);
    let data = wire.body["data"].as_object().expect("data is an object");
    // Required objects (seed 001): typed clients break on null.
    let storage = &data["storageInfo"];
    assert_eq!(storage["orderId"], "");
    assert_eq!(storage["srvStatus"], 0);
    assert_eq!(storage["subStatus"], false);
    let flow = &data["flowInfo"];
    assert_eq!(flow["simId"], "");
    assert_eq!(flow["orderId"], 0);
    assert_eq!(flow["srvStatus"], 0);
    assert_eq!(flow["iccids"], json!([]));
    assert_eq!(data["deviceInfo"]["ownerId"].to_string(), USER_3);
    assert_eq!(data["deviceInfo"]["bindTime"], FROZEN_AT);
    assert_wire!("gwell", "devInfo_no_packages", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_withholds_the_seven_online_fields_when_the_device_is_long_offline() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_3, json!({"devId": LONG_OFFLINE})),
    )
    .await;

    assert_ok(&wire);
    let info = wire.body["data"]["deviceInfo"]
        .as_object()
        .expect("deviceInfo is an object");
    for field in ONLINE_FIELDS {
        assert!(!info.contains_key(field), "{field} present: {info:?}");
    }
    for field in [
        "deviceId",
        "ownerId",
        "deviceType",
        "firmwareVer",
        "bindTime",
        "noticeStatus",
    ] {
        assert!(info.contains_key(field), "{field} missing: {info:?}");
    }
    assert_wire!("gwell", "devInfo_long_offline", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_reports_battery_and_power_as_strings_when_the_device_has_a_battery() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let doorbell = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": DOORBELL})),
    )
    .await;
    let mains = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": CAM_SHARED})),
    )
    .await;

    assert_ok(&doorbell);
    assert_ok(&mains);
    let info = &doorbell.body["data"]["deviceInfo"];
    assert_eq!(info["battery"], "76");
    assert_eq!(info["powerMode"], "1");
    assert_eq!(info["powerCharging"], "0");
    let mains = &mains.body["data"]["deviceInfo"];
    assert_eq!(mains["battery"], "");
    assert_eq!(mains["powerMode"], "0");
    assert_wire!("gwell", "devInfo_battery", &doorbell);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_and_dev_list_use_the_documented_json_types() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let storage_device = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": CAM_SHARED})),
    )
    .await;
    let flow_device = call(&client, "devInfo", &body(USER_2, json!({"devId": CAM_4G}))).await;
    let list = call(&client, "devList", &body(USER_2, json!({}))).await;

    assert_ok(&storage_device);
    assert_ok(&flow_device);
    assert_ok(&list);
    let info = &storage_device.body["data"]["deviceInfo"];
    assert!(info["deviceId"].is_string(), "deviceId: {info}");
    assert!(info["ownerId"].is_i64(), "ownerId: {info}");
    assert!(info["online"].is_i64(), "online: {info}");
    assert!(info["onlineUpdateTime"].is_i64(), "{info}");
    assert!(info["deviceType"].is_string(), "{info}");
    assert!(info["battery"].is_string(), "battery: {info}");
    assert!(info["signal"].is_i64() && info["rssi"].is_i64(), "{info}");
    assert!(info["firmwareVer"].is_string(), "{info}");
    assert!(info["powerMode"].is_string(), "powerMode: {info}");
    assert!(info["powerCharging"].is_string(), "powerCharging: {info}");
    assert!(info["bindTime"].is_i64(), "{info}");
    let storage = &storage_device.body["data"]["storageInfo"];
    assert!(storage["orderId"].is_string(), "storage orderId: {storage}");
    assert!(storage["subStatus"].is_boolean(), "{storage}");
    let flow = &flow_device.body["data"]["flowInfo"];
    assert!(flow["orderId"].is_i64(), "flow orderId: {flow}");
    assert!(flow["simId"].is_string(), "{flow}");
    assert!(flow["subStatus"].is_boolean(), "{flow}");
    for device in list.body["data"]["deviceList"]
        .as_array()
        .expect("deviceList is a list")
    {
        assert!(device["devId"].is_i64(), "devId: {device}");
        assert!(device["relation"].is_i64(), "{device}");
        assert!(device["vss"]["vssExpireTime"].is_i64(), "{device}");
        assert!(device["fourCard"]["surplusFlow"].is_i64(), "{device}");
    }
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// devList: success shapes.

#[tokio::test]
async fn dev_list_lists_owned_and_shared_devices_by_dev_id_when_the_user_has_both() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devList",
        &body(USER_2, json!({"action": "devList"})),
    )
    .await;

    assert_ok(&wire);
    let list = wire.body["data"]["deviceList"]
        .as_array()
        .expect("deviceList is a list");
    let ids_and_relations: Vec<(i64, i64)> = list
        .iter()
        .map(|d| {
            (
                d["devId"].as_i64().expect("devId is int64"),
                d["relation"].as_i64().expect("relation is int64"),
            )
        })
        .collect();
    assert_eq!(
        ids_and_relations,
        vec![
            (5_188_001_415_988, 2),
            (5_188_001_415_990, 1),
            (5_188_001_415_994, 1),
        ]
    );
    assert_eq!(
        list[0]["vss"],
        json!({"vssExpireTime": 1_816_500_000, "vssRenew": 1, "type": 1, "storageDuration": 7})
    );
    assert_eq!(
        list[1]["fourCard"],
        json!({"fgExpireTime": 1_819_094_400_i64, "fgRenew": 1, "surplusFlow": 1862, "totalFlow": 3072, "useFlow": 1210})
    );
    assert_wire!("gwell", "devList_owned_and_shared", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_lists_only_owned_devices_with_relation_1_when_the_user_owns_them() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(&client, "devList", &body(USER_1, json!({}))).await;

    assert_ok(&wire);
    let list = wire.body["data"]["deviceList"]
        .as_array()
        .expect("deviceList is a list");
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["devId"], 5_188_001_415_988_i64);
    assert_eq!(list[1]["devId"], 5_188_001_415_989_i64);
    assert!(list.iter().all(|d| d["relation"] == 1), "{list:?}");
    assert_wire!("gwell", "devList_owner", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_answers_an_empty_list_when_the_user_has_no_devices() {
    let lonely = "-9223371980000099999";
    let scenario = GWELL_WORLD.replace(
        "          name: Nobody Three\n",
        &format!("          name: Nobody Three\n        - accessId: \"{lonely}\"\n          name: Lonely Four\n"),
    );
    assert_ne!(scenario, GWELL_WORLD, "the fixture still names user 3");
    let sim = TestSim::spawn(&scenario).await;
    let client = sim.gwell_client();

    let wire = call(&client, "devList", &body(lonely, json!({}))).await;

    assert_ok(&wire);
    assert_eq!(wire.body["data"], json!({"deviceList": []}));
    assert_wire!("gwell", "devList_empty", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_answers_zeros_in_vss_and_four_card_when_the_device_has_no_package() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(&client, "devList", &body(USER_3, json!({}))).await;

    assert_ok(&wire);
    assert_eq!(
        wire.body["data"]["deviceList"],
        json!([{
            "devId": 5_188_001_415_991_i64,
            "relation": 1,
            "vss": {"vssExpireTime": 0, "vssRenew": 0, "type": 0, "storageDuration": 0},
            "fourCard": {"fgExpireTime": 0, "fgRenew": 0, "surplusFlow": 0, "totalFlow": 0, "useFlow": 0}
        }])
    );
    assert_wire!("gwell", "devList_no_package", &wire);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Signature failures (10007).

/// Sends a devInfo for user 1's shared camera after `bend` changed the request.
async fn bent_dev_info(sim: &TestSim, bend: impl FnOnce(&mut GwellRequest)) -> Wire {
    let client = sim.gwell_client();
    let mut req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    bend(&mut req);
    send(&client, &req).await
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_signed_with_the_wrong_key() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLF".into()).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_signature_wrong_key", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_2_when_the_timestamp_is_301_seconds_old() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.timestamp = FROZEN_AT - 301).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-2");
    assert_wire!("gwell", "devInfo_signature_stale_timestamp", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_accepts_the_signature_when_the_timestamp_is_exactly_300_seconds_off() {
    let sim = TestSim::gwell().await;

    let old = bent_dev_info(&sim, |r| r.timestamp = FROZEN_AT - 300).await;
    let ahead = bent_dev_info(&sim, |r| r.timestamp = FROZEN_AT + 300).await;

    assert_ok(&old);
    assert_ok(&ahead);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_2_when_the_timestamp_is_at_the_ends_of_i64() {
    let sim = TestSim::gwell().await;

    // `now - stamp` overflows for each of these; a wrapped difference once let them through.
    for stamp in [
        FROZEN_AT + i64::MIN,
        i64::MIN,
        i64::MAX,
        FROZEN_AT - i64::MAX,
    ] {
        let wire = bent_dev_info(&sim, |r| r.timestamp = stamp).await;
        assert_answer(&wire, 200, 10007, "signature validate fail:-2");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_2_when_the_timestamp_is_301_seconds_ahead() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.timestamp = FROZEN_AT + 301).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-2");
    assert_wire!("gwell", "devInfo_signature_future_timestamp", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_2_when_the_timestamp_is_not_a_number() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    // GwellRequest's timestamp is numeric, so this one is sent by hand, signed as sent.
    let text_stamp = "yesterday";
    let signature = gwell_signature(
        APP_KEY,
        &req.host,
        &req.access_id,
        &req.nonce,
        text_stamp,
        req.body.as_bytes(),
    );
    let response = sim
        .http
        .post(format!("{}{}", client.base, req.path))
        .header("Host", &req.host)
        .header("Content-Type", "application/json")
        .header("X-IotVideo-AccessID", &req.access_id)
        .header("X-IotVideo-Nonce", &req.nonce)
        .header("X-IotVideo-Timestamp", text_stamp)
        .header("X-IotVideo-Signature", signature)
        .body(req.body.clone())
        .send()
        .await
        .expect("gwell request");

    let wire = Wire::of(response).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-2");
    assert_wire!("gwell", "devInfo_signature_timestamp_not_a_number", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_2_when_the_timestamp_is_in_milliseconds() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.timestamp = FROZEN_AT * 1000).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-2");
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_nonce_is_empty() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.nonce = String::new()).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_signature_missing_nonce", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_accepts_a_nonce_again_when_its_window_has_passed() {
    let sim = TestSim::gwell().await;
    let mut client = sim.gwell_client();
    let mut req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    let first = send(&client, &req).await;

    advance_clock(&sim, json!(3600)).await;
    client.now = FROZEN_AT + 3600;
    req.timestamp = client.now;
    let much_later = send(&client, &req).await;

    assert_ok(&first);
    assert_ok(&much_later);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_nonce_is_replayed() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    let first = send(&client, &req).await;

    let replay = send(&client, &req).await;

    assert_ok(&first);
    assert_answer(&replay, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_signature_replayed_nonce", &replay);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_body_was_changed_after_signing() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| {
        r.sent_body = Some(r.body.replace(CAM_SHARED, DOORBELL));
    })
    .await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_signature_tampered_body", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_host_differs_from_the_signed_one() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    // Signed for another host; the wire carries the real one.
    let signed_for = "openapi-sg.dophigo.com".to_string();
    let real_host = std::mem::replace(&mut req.host, signed_for);
    req.unsigned = true;
    let signature = gwell_signature(
        &req.key,
        &req.host,
        &req.access_id,
        &req.nonce,
        &req.timestamp.to_string(),
        req.body.as_bytes(),
    );
    req.host = real_host;
    req.extra_headers
        .push(("X-IotVideo-Signature".into(), signature));

    let wire = send(&client, &req).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_signature_wrong_host", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_accepts_any_host_when_the_signature_covers_the_host_sent() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.host = "openapi-sg.dophigo.com".into()).await;

    assert_ok(&wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_signature_header_is_missing() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.unsigned = true).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_signature_missing", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_1_when_the_body_is_empty() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = send(&client, &raw_request(&client, "devInfo", "")).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-1");
    assert_eq!(
        sim.count(WORLD, json!({"auth": "failed", "code": "10007"}))
            .await,
        1,
        "an unreadable body fails authentication"
    );
    assert_wire!("gwell", "devInfo_signature_empty_body", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_1_when_the_body_is_over_64_kib() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let padding = "x".repeat(64 * 1024);
    let big = body(USER_1, json!({"devId": CAM_SHARED, "padding": padding}));

    let wire = call(&client, "devInfo", &big).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-1");
    assert_eq!(
        sim.count(
            WORLD,
            json!({"path": "/openapi/custCloud/oss/devInfo", "code": "10007"})
        )
        .await,
        1
    );
    assert_wire!("gwell", "devInfo_signature_body_too_large", &wire);
    sim.shutdown().await;
}

/// A signed devInfo body padded to exactly `size` bytes.
fn dev_info_body_of(size: usize) -> String {
    let text = body(USER_1, json!({"devId": CAM_SHARED, "padding": ""})).to_string();
    let room = size - text.len();
    let text = text.replace(
        "\"padding\":\"\"",
        &format!("\"padding\":\"{}\"", "x".repeat(room)),
    );
    assert_eq!(text.len(), size);
    text
}

#[tokio::test]
async fn dev_info_reads_a_body_of_exactly_64_kib_and_refuses_one_byte_more() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let at_limit = send(
        &client,
        &raw_request(&client, "devInfo", &dev_info_body_of(65_536)),
    )
    .await;
    let over = send(
        &client,
        &raw_request(&client, "devInfo", &dev_info_body_of(65_537)),
    )
    .await;

    assert_ok(&at_limit);
    assert_answer(&over, 200, 10007, "signature validate fail:-1");
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_app_token_is_wrong() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut wrong = body(USER_1, json!({"devId": CAM_SHARED}));
    wrong["appToken"] = json!("a844e8320c75a5c6b2f94e1d07c3a58e2d6b9f41ce9e347d8a0041a05a7054");

    let wire = call(&client, "devInfo", &wrong).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_wrong_app_token", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_the_body_app_id_is_not_the_access_id() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut other = body(USER_1, json!({"devId": CAM_SHARED}));
    other["appId"] = json!("0000175a370efbbe852dc1cd1b0b8999");

    let wire = call(&client, "devInfo", &other).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_wire!("gwell", "devInfo_app_id_mismatch", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_fails_the_signature_with_minus_3_when_no_world_knows_the_app_id() {
    let sim = TestSim::gwell().await;
    let unknown = "00001111222233334444555566667777";
    let client = GwellClient::new(&sim.urls.gwell, unknown, APP_KEY, FROZEN_AT);
    let mut stranger = body(USER_1, json!({"devId": CAM_SHARED}));
    stranger["appId"] = json!(unknown);

    let wire = call(&client, "devInfo", &stranger).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    assert_eq!(
        sim.count(
            "default",
            json!({"credential": unknown, "auth": "unknown_credential"})
        )
        .await,
        1
    );
    assert_wire!("gwell", "devInfo_unknown_app_id", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_picks_the_world_by_the_body_app_id_when_the_access_id_header_is_empty() {
    let sim = TestSim::gwell().await;

    let wire = bent_dev_info(&sim, |r| r.access_id = String::new()).await;

    assert_ok(&wire);
    assert_eq!(wire.body["data"]["deviceInfo"]["deviceId"], CAM_SHARED);
    assert_eq!(
        sim.count(WORLD, json!({"credential": APP_ID, "auth": "ok"}))
            .await,
        1
    );
    assert_wire!("gwell", "devInfo_empty_access_id_header", &wire);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Parameter errors.

#[tokio::test]
async fn dev_info_answers_10016_when_a_required_parameter_is_missing() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let full = body(USER_1, json!({"devId": CAM_SHARED}));

    for name in ["appId", "appToken", "accessId"] {
        let mut partial = full.clone();
        partial
            .as_object_mut()
            .expect("body is an object")
            .remove(name);

        let wire = call(&client, "devInfo", &partial).await;

        assert_answer(&wire, 200, 10016, &format!("parameter {name} missing"));
        assert_wire!("gwell", format!("devInfo_missing_{name}").as_str(), &wire);
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_answers_10016_when_the_access_id_is_empty() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(&client, "devList", &body("", json!({}))).await;

    assert_answer(&wire, 200, 10016, "parameter accessId missing");
    assert_wire!("gwell", "devList_missing_accessId", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10016_when_neither_sn_nor_dev_id_is_given() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"sn": "", "devId": ""})),
    )
    .await;

    assert_answer(&wire, 200, 10016, "parameter sn or devId missing");
    assert_wire!("gwell", "devInfo_missing_sn_and_dev_id", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10003_when_both_sn_and_dev_id_are_given() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"sn": CAM_SHARED_SN, "devId": CAM_SHARED})),
    )
    .await;

    assert_eq!(wire.status, 200);
    assert_eq!(code(&wire), 10003, "{}", wire.body);
    assert!(
        msg(&wire).starts_with("parameter format error: "),
        "{}",
        wire.body
    );
    assert!(
        msg(&wire).contains("sn") && msg(&wire).contains("devId"),
        "{}",
        wire.body
    );
    assert_wire!("gwell", "devInfo_sn_and_dev_id", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10020_when_the_dev_id_is_not_a_number() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": "51xxxx15988"})),
    )
    .await;

    assert_answer(&wire, 200, 10020, "parameter devId is not a number");
    assert_wire!("gwell", "devInfo_dev_id_not_a_number", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10020_when_the_access_id_is_not_a_number() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body("-922337198xxxxx56044", json!({"devId": CAM_SHARED})),
    )
    .await;

    assert_answer(&wire, 200, 10020, "parameter accessId is not a number");
    assert_wire!("gwell", "devInfo_access_id_not_a_number", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_answers_10010_when_the_access_id_is_not_a_user_of_the_app() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(&client, "devList", &body("-9223371980000000001", json!({}))).await;

    assert_answer(
        &wire,
        200,
        10010,
        "no record found: accessId -9223371980000000001",
    );
    assert_wire!("gwell", "devList_unknown_user", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10010_when_the_device_belongs_to_another_user() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let by_id = call(
        &client,
        "devInfo",
        &body(USER_3, json!({"devId": CAM_SHARED})),
    )
    .await;
    let by_sn = call(
        &client,
        "devInfo",
        &body(USER_3, json!({"sn": CAM_SHARED_SN})),
    )
    .await;

    assert_answer(
        &by_id,
        200,
        10010,
        &format!("no record found: device {CAM_SHARED}"),
    );
    assert_answer(
        &by_sn,
        200,
        10010,
        &format!("no record found: device {CAM_SHARED_SN}"),
    );
    assert_wire!("gwell", "devInfo_other_users_device", &by_id);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_owner_id_0_to_any_user_of_the_app_when_the_device_is_not_bound() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(&client, "devInfo", &body(USER_1, json!({"devId": UNBOUND}))).await;
    let by_other_user = call(&client, "devInfo", &body(USER_3, json!({"devId": UNBOUND}))).await;
    let (_, list) = client.call("devList", body(USER_1, json!({}))).await;

    assert_ok(&wire);
    assert_eq!(wire.body["data"]["deviceInfo"]["ownerId"], 0);
    assert_eq!(wire.body["data"]["deviceInfo"]["bindTime"], 0);
    assert_ok(&by_other_user);
    let listed: Vec<String> = list["data"]["deviceList"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["devId"].to_string())
        .collect();
    assert!(
        !listed.contains(&UNBOUND.to_string()),
        "devList stays owned-or-shared"
    );
    assert_wire!("gwell", "devInfo_unbound_device", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10010_when_the_device_is_unknown() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": "5188009999999"})),
    )
    .await;

    assert_answer(&wire, 200, 10010, "no record found: device 5188009999999");
    assert_wire!("gwell", "devInfo_unknown_device", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10003_when_the_body_is_not_json() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = send(&client, &raw_request(&client, "devInfo", "{\"appId\": ")).await;

    assert_eq!(wire.status, 200);
    assert_eq!(code(&wire), 10003, "{}", wire.body);
    assert!(
        msg(&wire).starts_with("parameter format error: "),
        "{}",
        wire.body
    );
    assert_wire!("gwell", "devInfo_invalid_json", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10003_when_the_body_is_a_json_array() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let array = json!([body(USER_1, json!({"devId": CAM_SHARED}))]).to_string();

    let wire = send(&client, &raw_request(&client, "devInfo", &array)).await;

    assert_answer(
        &wire,
        200,
        10003,
        "parameter format error: request body is not a JSON object",
    );
    assert_wire!("gwell", "devInfo_json_array", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10003_when_the_app_id_is_a_number() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut typed = body(USER_1, json!({"devId": CAM_SHARED}));
    typed["appId"] = json!(175);

    let wire = call(&client, "devInfo", &typed).await;

    assert_eq!(wire.status, 200);
    assert_eq!(code(&wire), 10003, "{}", wire.body);
    assert!(msg(&wire).contains("appId"), "{}", wire.body);
    assert_wire!("gwell", "devInfo_app_id_wrong_type", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_10017_when_the_action_names_another_endpoint() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"action": "devList", "devId": CAM_SHARED})),
    )
    .await;

    assert_eq!(wire.status, 200);
    assert_eq!(code(&wire), 10017, "{}", wire.body);
    assert!(
        msg(&wire).starts_with("parameter action out of range"),
        "{}",
        wire.body
    );
    assert_wire!("gwell", "devInfo_action_mismatch", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn gwell_answers_404_with_10010_when_the_path_is_not_an_endpoint() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    req.path = "/openapi/custCloud/oss/devDelete".into();

    let wire = send(&client, &req).await;

    assert_eq!(wire.status, 404);
    assert_eq!(code(&wire), 10010, "{}", wire.body);
    assert_eq!(
        msg(&wire),
        "no record found: POST /openapi/custCloud/oss/devDelete is not a custCloud endpoint"
    );
    assert_wire!("gwell", "unknown_path", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_answers_404_when_called_with_get() {
    let sim = TestSim::gwell().await;

    let response = sim
        .http
        .get(format!("{}/openapi/custCloud/oss/devInfo", sim.urls.gwell))
        .send()
        .await
        .expect("gwell request");
    let wire = Wire::of(response).await;

    assert_eq!(wire.status, 404);
    assert_eq!(code(&wire), 10010, "{}", wire.body);
    assert_wire!("gwell", "devInfo_get", &wire);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Rate limit (10/s per endpoint per app, on the world clock).

#[tokio::test]
async fn dev_info_answers_10015_when_an_eleventh_request_comes_in_the_same_second() {
    let sim = TestSim::gwell().await;
    let mut client = sim.gwell_client();
    let ask = body(USER_1, json!({"devId": CAM_SHARED}));
    for i in 0..10 {
        let wire = call(&client, "devInfo", &ask).await;
        assert_eq!(code(&wire), 0, "request {i}: {}", wire.body);
    }

    let eleventh = call(&client, "devInfo", &ask).await;
    let other_endpoint = call(&client, "devList", &body(USER_1, json!({}))).await;
    advance_clock(&sim, json!(1)).await;
    client.now = FROZEN_AT + 1;
    let next_second = call(&client, "devInfo", &ask).await;

    assert_answer(&eleventh, 200, 10015, "frequent access denied");
    assert_ok(&other_endpoint);
    assert_ok(&next_second);
    assert_wire!("gwell", "devInfo_rate_limited", &eleventh);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_answers_10015_on_its_own_budget_when_devinfo_is_untouched() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let ask = body(USER_1, json!({}));
    for i in 0..10 {
        let wire = call(&client, "devList", &ask).await;
        assert_eq!(code(&wire), 0, "request {i}: {}", wire.body);
    }

    let eleventh = call(&client, "devList", &ask).await;
    let dev_info = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": CAM_SHARED})),
    )
    .await;

    assert_answer(&eleventh, 200, 10015, "frequent access denied");
    assert_ok(&dev_info);
    assert_wire!("gwell", "devList_rate_limited", &eleventh);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_spends_no_rate_budget_when_the_request_fails_authentication() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut wrong_token = body(USER_1, json!({"devId": CAM_SHARED}));
    wrong_token["appToken"] = json!("not-the-token");
    for i in 0..10 {
        let refused = bent_dev_info(&sim, |r| r.key = "not-the-key".into()).await;
        assert_eq!(code(&refused), 10007, "bad key {i}: {}", refused.body);
        let refused = call(&client, "devInfo", &wrong_token).await;
        assert_eq!(code(&refused), 10007, "bad token {i}: {}", refused.body);
    }

    let wire = call(
        &client,
        "devInfo",
        &body(USER_1, json!({"devId": CAM_SHARED})),
    )
    .await;

    assert_ok(&wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_serves_30_in_a_row_when_the_world_turns_rate_limits_off() {
    let scenario = GWELL_WORLD.replace("seed: 7\n", "seed: 7\nrateLimits: false\n");
    assert_ne!(scenario, GWELL_WORLD, "the fixture still sets seed 7");
    let sim = TestSim::spawn(&scenario).await;
    let client = sim.gwell_client();
    let ask = body(USER_1, json!({"devId": CAM_SHARED}));

    let mut answers = Vec::new();
    for _ in 0..30 {
        let (status, answer) = client.call("devInfo", ask.clone()).await;
        answers.push((status.as_u16(), answer["code"].as_i64()));
    }

    assert_eq!(answers, vec![(200, Some(0)); 30]);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The world clock decides the timestamp window and package status.

#[tokio::test]
async fn dev_info_accepts_a_timestamp_10_minutes_old_when_the_world_clock_goes_back_10_minutes() {
    let sim = TestSim::gwell().await;
    let mut client = sim.gwell_client();
    client.now = FROZEN_AT - 600;
    let ask = body(USER_1, json!({"devId": CAM_SHARED}));
    let before = call(&client, "devInfo", &ask).await;

    let clock = advance_clock(&sim, json!("-10m")).await;
    let after = call(&client, "devInfo", &ask).await;

    assert_answer(&before, 200, 10007, "signature validate fail:-2");
    assert_ok(&after);
    assert!(
        clock.to_string().contains("2026-11-22T07:50:00"),
        "clock view: {clock}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_reports_storage_expired_when_the_world_clock_passes_the_end_time() {
    let sim = TestSim::gwell().await;
    let mut client = sim.gwell_client();
    let ask = body(USER_1, json!({"devId": CAM_SHARED}));
    let end_time = 1_816_500_000_i64;
    let before = call(&client, "devInfo", &ask).await;

    advance_clock(&sim, json!(end_time + 1 - FROZEN_AT)).await;
    client.now = end_time + 1;
    let after = call(&client, "devInfo", &ask).await;

    assert_ok(&before);
    assert_ok(&after);
    assert_eq!(before.body["data"]["storageInfo"]["srvStatus"], 2);
    assert_eq!(after.body["data"]["storageInfo"]["srvStatus"], 5);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Worlds are isolated by app.

const APP_B_ID: &str = "0000175a370efbbe852dc1cd1b0bbbbb";
const APP_B_TOKEN: &str = "b844e8320c75a5c6b2f94e1d07c3a58e2d6b9f41ce9e347d8a0041a05a70bb";
const APP_B_KEY: &str = "Bb5t9xGARNpq86cd98joQYCN3EXAMPLE";
const USER_B: &str = "-9223371980000011111";
const DEVICE_B: &str = "6200000000001";

fn world_b() -> String {
    format!(
        r#"name: gwell-b
seed: 11
clock:
  mode: frozen
  at: 2026-11-22T08:00:00Z
gwell:
  apps:
    - appId: "{APP_B_ID}"
      appToken: "{APP_B_TOKEN}"
      appKey: "{APP_B_KEY}"
      users:
        - accessId: "{USER_B}"
          name: User B
      devices:
        - devId: "{DEVICE_B}"
          sn: "B00000000001"
          owner: "{USER_B}"
          bindTime: 1780000000
          deviceType: IPC
          firmwareVer: "1.0.0.1"
          online: true
"#
    )
}

fn body_b(extra: Value) -> Value {
    let mut b = json!({"appId": APP_B_ID, "appToken": APP_B_TOKEN, "accessId": USER_B});
    if let (Some(map), Value::Object(more)) = (b.as_object_mut(), extra) {
        map.extend(more);
    }
    b
}

#[tokio::test]
async fn dev_info_answers_10010_when_app_b_asks_for_a_device_of_app_a() {
    let b = world_b();
    let sim = TestSim::spawn_worlds(&[GWELL_WORLD, &b]).await;
    let client_a = sim.gwell_client();
    let client_b = GwellClient::new(&sim.urls.gwell, APP_B_ID, APP_B_KEY, FROZEN_AT);

    let a_device_by_b = call(&client_b, "devInfo", &body_b(json!({"devId": CAM_SHARED}))).await;
    let a_user_by_b = call(
        &client_b,
        "devList",
        &json!({"appId": APP_B_ID, "appToken": APP_B_TOKEN, "accessId": USER_1}),
    )
    .await;
    let b_list = call(&client_b, "devList", &body_b(json!({}))).await;
    let b_device_by_a = call(
        &client_a,
        "devInfo",
        &body(USER_1, json!({"devId": DEVICE_B})),
    )
    .await;
    let a_key_for_b = call(
        &GwellClient::new(&sim.urls.gwell, APP_B_ID, APP_KEY, FROZEN_AT),
        "devList",
        &body_b(json!({})),
    )
    .await;
    let a_list = call(&client_a, "devList", &body(USER_1, json!({}))).await;

    assert_answer(
        &a_device_by_b,
        200,
        10010,
        &format!("no record found: device {CAM_SHARED}"),
    );
    assert_answer(
        &a_user_by_b,
        200,
        10010,
        &format!("no record found: accessId {USER_1}"),
    );
    assert_ok(&b_list);
    assert_eq!(
        b_list.body["data"]["deviceList"][0]["devId"],
        6_200_000_000_001_i64
    );
    assert_eq!(
        b_list.body["data"]["deviceList"].as_array().map(Vec::len),
        Some(1)
    );
    assert_answer(
        &b_device_by_a,
        200,
        10010,
        &format!("no record found: device {DEVICE_B}"),
    );
    assert_answer(&a_key_for_b, 200, 10007, "signature validate fail:-3");
    assert_ok(&a_list);
    assert_eq!(sim.count(WORLD, json!({})).await, 2);
    assert_eq!(sim.count("gwell-b", json!({})).await, 4);
    assert_eq!(sim.count("gwell-b", json!({"credential": APP_ID})).await, 0);
    assert_eq!(sim.count(WORLD, json!({"credential": APP_B_ID})).await, 0);
    assert_wire!("gwell", "devInfo_other_apps_device", &a_device_by_b);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Device state changed through the control API shows in devInfo.

#[tokio::test]
async fn dev_info_shows_the_new_state_when_the_control_api_patches_the_device() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let ask_shared = body(USER_1, json!({"devId": CAM_SHARED}));
    let ask_doorbell = body(USER_1, json!({"devId": DOORBELL}));
    let before = call(&client, "devInfo", &ask_shared).await;
    assert_eq!(before.body["data"]["deviceInfo"]["online"], 1);

    patch_device(&sim, CAM_SHARED, json!({"online": false, "storage": null})).await;
    patch_device(&sim, DOORBELL, json!({"battery": 12})).await;
    let offline = call(&client, "devInfo", &ask_shared).await;
    let low_battery = call(&client, "devInfo", &ask_doorbell).await;
    let list = call(&client, "devList", &body(USER_1, json!({}))).await;
    patch_device(&sim, DOORBELL, json!({"longOffline": true})).await;
    let long_offline = call(&client, "devInfo", &ask_doorbell).await;

    assert_ok(&offline);
    let info = &offline.body["data"]["deviceInfo"];
    assert_eq!(info["online"], 0);
    assert_eq!(info["onlineUpdateTime"], FROZEN_AT);
    assert_eq!(
        offline.body["data"]["storageInfo"]["srvStatus"], 0,
        "no package: neutral values"
    );
    assert_ok(&low_battery);
    assert_eq!(low_battery.body["data"]["deviceInfo"]["battery"], "12");
    assert_ok(&list);
    assert_eq!(
        list.body["data"]["deviceList"][0]["vss"],
        json!({"vssExpireTime": 0, "vssRenew": 0, "type": 0, "storageDuration": 0})
    );
    assert_ok(&long_offline);
    let info = long_offline.body["data"]["deviceInfo"]
        .as_object()
        .expect("deviceInfo is an object");
    for field in ONLINE_FIELDS {
        assert!(!info.contains_key(field), "{field} present: {info:?}");
    }
    assert_eq!(
        long_offline.body["data"]["storageInfo"]["srvStatus"], 5,
        "packages stay while long offline"
    );
    assert_wire!("gwell", "devInfo_after_patch", &offline);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The journal counts exactly what was sent.

#[tokio::test]
async fn journal_counts_each_request_by_endpoint_and_outcome_when_a_client_calls_both_endpoints() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    for device in [CAM_SHARED, DOORBELL, CAM_SHARED] {
        let wire = call(&client, "devInfo", &body(USER_1, json!({"devId": device}))).await;
        assert_ok(&wire);
    }
    for user in [USER_1, USER_2] {
        assert_ok(&call(&client, "devList", &body(user, json!({}))).await);
    }
    let failed = bent_dev_info(&sim, |r| r.key = "not-the-key".into()).await;
    assert_eq!(code(&failed), 10007);
    let mut wrong_token = body(USER_1, json!({}));
    wrong_token["appToken"] = json!("not-the-token");
    assert_eq!(code(&call(&client, "devList", &wrong_token).await), 10007);

    let dev_info_ok = sim
        .count(WORLD, json!({"endpoint": "gwell.devInfo", "code": "0"}))
        .await;
    let dev_list_ok = sim
        .count(WORLD, json!({"endpoint": "gwell.devList", "code": "0"}))
        .await;
    let signature_failed = sim
        .count(
            WORLD,
            json!({"endpoint": "gwell.devInfo", "auth": "failed", "code": "10007"}),
        )
        .await;
    let shared_camera = sim
        .count(WORLD, json!({"device": CAM_SHARED, "auth": "ok"}))
        .await;
    let token_failed = sim
        .count(
            WORLD,
            json!({"endpoint": "gwell.devList", "auth": "failed", "code": "10007"}),
        )
        .await;
    let everything = sim.count(WORLD, json!({"vendor": "gwell"})).await;
    let (status, listed) = sim
        .get(&format!("worlds/{WORLD}/requests?endpoint=gwell.devList"))
        .await;

    assert_eq!(dev_info_ok, 3);
    assert_eq!(dev_list_ok, 2);
    assert_eq!(signature_failed, 1);
    assert_eq!(
        token_failed, 1,
        "a wrong appToken is a failed authentication"
    );
    assert_eq!(shared_camera, 2);
    assert_eq!(everything, 7);
    assert_eq!(status, 200, "{listed}");
    assert!(listed.to_string().contains(USER_2), "{listed}");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// why authentication refused: the journal and X-Camsim-Reason

/// Sends a bent devInfo and returns the `X-Camsim-Reason` header, the body, and the journal's
/// newest entry.
async fn refused_with_reason(
    sim: &TestSim,
    bend: impl FnOnce(&mut GwellRequest),
) -> (Option<String>, Value, Value) {
    let client = sim.gwell_client();
    let mut req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    bend(&mut req);
    let response = client.send(&req).await;
    let header = response
        .headers()
        .get("x-camsim-reason")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (_, answer) = read_json(response).await;
    let (_, entries) = sim.get("worlds/default/requests?limit=1").await;
    (header, answer, entries[0].clone())
}

#[tokio::test]
async fn a_refused_signature_says_why_in_the_journal_and_a_header_but_not_in_the_body() {
    let sim = TestSim::gwell().await;
    type Bend = Box<dyn FnOnce(&mut GwellRequest)>;
    let cases: [(&str, Bend, &str); 5] = [
        (
            "stale",
            Box::new(|r| r.timestamp = FROZEN_AT - 400),
            "400 s behind",
        ),
        (
            "ahead",
            Box::new(|r| r.timestamp = FROZEN_AT + 301),
            "301 s ahead",
        ),
        (
            "no signature",
            Box::new(|r| r.unsigned = true),
            "no X-IotVideo-Signature",
        ),
        (
            "unknown app",
            Box::new(|r| r.access_id = "nobody".into()),
            "no world claims",
        ),
        (
            "empty nonce",
            Box::new(|r| r.nonce = String::new()),
            "no X-IotVideo-Nonce",
        ),
    ];
    for (case, bend, why) in cases {
        let (header, answer, entry) = refused_with_reason(&sim, bend).await;
        assert_eq!(answer["code"], 10007, "{case}: {answer}");
        assert!(
            answer.get("reason").is_none(),
            "{case}: the body is the vendor's"
        );
        let reason = entry["authReason"].as_str().unwrap_or_default();
        assert!(reason.contains(why), "{case}: {entry}");
        assert_eq!(header.as_deref(), Some(reason), "{case}");
        assert!(entry.get("stringToSign").is_none(), "{case}: {entry}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn a_wrong_signature_journals_the_text_camsim_signed_and_the_headers_sent() {
    let sim = TestSim::gwell().await;

    let (header, _, entry) = refused_with_reason(&sim, |r| r.key = "not-the-key".into()).await;

    assert!(header.is_some_and(|h| h.contains("does not match")));
    let signed = entry["stringToSign"]
        .as_str()
        .expect("the text camsim signed");
    assert!(signed.starts_with("Host:"), "{signed}");
    assert!(signed.contains("\nPayload:"), "{signed}");
    assert!(
        signed.contains(&format!("X-IotVideo-Timestamp:{FROZEN_AT}")),
        "{signed}"
    );
    assert_eq!(entry["headers"]["x-iotvideo-accessid"], APP_ID, "{entry}");
    assert_eq!(entry["auth"], "failed");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_replayed_nonce_and_a_wrong_app_token_say_so_in_the_journal() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
    client.send(&req).await;
    client.send(&req).await;
    let (_, replay) = sim.get("worlds/default/requests?limit=1").await;

    let (_, _, token) = refused_with_reason(&sim, |r| {
        r.body = r.body.replace(APP_TOKEN, "wrong-token");
    })
    .await;

    let replay_reason = replay[0]["authReason"].as_str().unwrap_or_default();
    assert!(replay_reason.contains("already used"), "{replay}");
    assert!(
        token["authReason"]
            .as_str()
            .is_some_and(|r| r.contains("appToken")),
        "{token}"
    );
    sim.shutdown().await;
}

/// README, Gwell "Checks run in this order": the credentials in the body are authentication,
/// so a wrong appToken answers 10007 before `action` or a missing parameter is looked at.
#[tokio::test]
async fn a_wrong_app_token_answers_10007_before_a_wrong_action_or_a_missing_parameter() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let body = json!({"appId": APP_ID, "appToken": "wrong", "action": "devList"});

    let wire = call(&client, "devInfo", &body).await;

    assert_answer(&wire, 200, 10007, "signature validate fail:-3");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// devInfo answers follow every change, however often the same device is asked for.

#[tokio::test]
async fn dev_info_follows_a_patched_device_and_a_package_that_ends_on_the_world_clock() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    async fn ask(client: &GwellClient) -> Wire {
        let req = client.request("devInfo", &body(USER_1, json!({"devId": CAM_SHARED})));
        send(client, &req).await
    }
    let first = ask(&client).await;
    assert_ok(&first);
    assert_eq!(
        ask(&client).await.body["data"],
        first.body["data"],
        "unchanged"
    );

    patch_device(
        &sim,
        CAM_SHARED,
        json!({"battery": 12, "firmwareVer": "9.9.9.9"}),
    )
    .await;
    let patched = ask(&client).await;
    assert_eq!(patched.body["data"]["deviceInfo"]["battery"], "12");
    assert_eq!(patched.body["data"]["deviceInfo"]["firmwareVer"], "9.9.9.9");

    patch_device(
        &sim,
        CAM_SHARED,
        json!({"storage": {"orderId": "VSS9", "startTime": "now-1d", "endTime": "now+1h"}}),
    )
    .await;
    let storage = ask(&client).await;
    assert_eq!(storage.body["data"]["storageInfo"]["orderId"], "VSS9");
    assert_eq!(storage.body["data"]["storageInfo"]["srvStatus"], 2);

    advance_clock(&sim, json!("2h")).await;
    let later = GwellClient::new(&sim.urls.gwell, APP_ID, APP_KEY, FROZEN_AT + 7200);
    let ended = ask(&later).await;
    assert_ok(&ended);
    assert_eq!(
        ended.body["data"]["storageInfo"]["srvStatus"], 5,
        "ended on the world clock"
    );
    assert_eq!(ended.body["data"]["deviceInfo"]["battery"], "12");
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_follows_devices_bound_unbound_and_shared_through_the_control_api() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    async fn listed(client: &GwellClient, user: &str) -> Vec<(i64, i64)> {
        let wire = call(client, "devList", &body(user, json!({}))).await;
        assert_ok(&wire);
        wire.body["data"]["deviceList"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| {
                (
                    d["devId"].as_i64().expect("id"),
                    d["relation"].as_i64().expect("relation"),
                )
            })
            .collect()
    }
    let before = listed(&client, USER_3).await;
    assert!(
        !before.iter().any(|(id, _)| id.to_string() == UNBOUND),
        "{before:?}"
    );

    patch_device(&sim, UNBOUND, json!({"owner": USER_3, "guests": [USER_1]})).await;
    let owned = listed(&client, USER_3).await;
    assert!(
        owned.contains(&(UNBOUND.parse().expect("id"), 1)),
        "{owned:?}"
    );
    assert!(
        owned.windows(2).all(|w| w[0].0 < w[1].0),
        "by devId: {owned:?}"
    );
    let shared = listed(&client, USER_1).await;
    assert!(
        shared.contains(&(UNBOUND.parse().expect("id"), 2)),
        "{shared:?}"
    );

    patch_device(&sim, UNBOUND, json!({"owner": null})).await;
    assert_eq!(listed(&client, USER_3).await, before);
    let unshared = listed(&client, USER_1).await;
    assert!(
        !unshared.iter().any(|(id, _)| id.to_string() == UNBOUND),
        "{unshared:?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_list_follows_a_package_patched_through_the_control_api() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    async fn vss_of(client: &GwellClient, id: &str) -> Value {
        let wire = call(client, "devList", &body(USER_1, json!({}))).await;
        assert_ok(&wire);
        let list = wire.body["data"]["deviceList"].as_array().expect("a list");
        let device = list
            .iter()
            .find(|d| d["devId"].as_i64() == id.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("{id} listed: {}", wire.body));
        device["vss"].clone()
    }
    let before = vss_of(&client, CAM_SHARED).await;
    assert_ne!(before["vssExpireTime"], 0, "{before}");

    patch_device(&sim, CAM_SHARED, json!({"storage": null})).await;
    let removed = vss_of(&client, CAM_SHARED).await;
    assert_eq!(removed["vssExpireTime"], 0, "{removed}");
    assert_eq!(removed["storageDuration"], 0, "{removed}");

    patch_device(
        &sim,
        CAM_SHARED,
        json!({"storage": {"orderId": "VSS7", "startTime": 1795000000, "endTime": 1799000000, "storageDays": 30}}),
    )
    .await;
    let renewed = vss_of(&client, CAM_SHARED).await;
    assert_eq!(renewed["vssExpireTime"], 1_799_000_000, "{renewed}");
    assert_eq!(renewed["storageDuration"], 30, "{renewed}");
    sim.shutdown().await;
}
