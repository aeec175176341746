//! OneNET sections 1 (devices) and 2 (channels) over real HTTP: each route's answer as the
//! seed's tables name and type it, every documented limit at its boundary, and which key
//! reaches which device (a device key only its own; a `register_de` key only its new device;
//! a deleted device's keys nothing).

use crate::assert_wire;
use crate::support::onenet_client::*;
use crate::support::{TestSim, Wire};
use reqwest::Method;
use serde_json::{Value, json};

const WORLD: &str = "onenet-test";
const PRODUCT_DEVICES: u64 = 8;

fn wire(answer: &Answer) -> Wire {
    Wire {
        status: answer.status.as_u16(),
        content_type: answer.header("content-type").unwrap_or("").to_string(),
        body: answer.json.clone(),
    }
}

fn device_body(title: &str, auth: &str) -> Value {
    json!({ "title": title, "protocol": "RTMP", "auth_info": auth })
}

/// Creates a device with the master key; its id.
async fn created(client: &OnenetClient, title: &str, auth: &str) -> String {
    let answer = client.post("/devices", &device_body(title, auth)).await;
    assert_eq!(answer.errno(), 0, "{}", answer.json);
    answer.json["data"]["device_id"]
        .as_str()
        .expect("a string device_id")
        .to_string()
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

fn channels_of(answer: &Answer) -> Vec<(u64, String)> {
    answer.json["result"]
        .as_array()
        .expect("result is a list")
        .iter()
        .map(|c| {
            (
                c["channel_id"].as_u64().expect("channel_id is a number"),
                c["title"].as_str().expect("title").to_string(),
            )
        })
        .collect()
}

// ---- 1.1 create ----

#[tokio::test]
async fn devices_create_answers_a_string_id_of_an_offline_device_with_one_key_when_the_master_key_creates()
 {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let answer = client
        .post(
            "/devices",
            &json!({
                "title": "device1", "desc": "some description",
                "location": { "ele": 370000, "lat": 17.609997, "lon": 177.03403 },
                "private": true, "protocol": "RTMP", "auth_info": "auth123", "area": "100",
                "other": { "floor": 3 }, "interval": 60, "auth": "1233311", "route_to": "abcd",
                "url": "http://www.test.com", "idsn": "test", "activate_code": "test"
            }),
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.errno(), 0, "{}", answer.json);
    assert_wire!("onenet", "devices_create_success", &wire(&answer));
    let id = answer.json["data"]["device_id"]
        .as_str()
        .expect("string id");
    let got = client.get(&format!("/devices/{id}")).await;
    assert_eq!(got.json["data"]["online"], false, "it never connected");
    assert_eq!(got.json["data"]["channel_count"], 0);
    let keys = got.json["data"]["keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["title"], "device-auto-key");
    assert_wire!("onenet", "devices_get_created", &wire(&got));
    let key = keys[0]["key"].as_str().expect("key");
    let own = client
        .with_key(Some(key))
        .get(&format!("/devices/{id}"))
        .await;
    assert_eq!(
        own.errno(),
        0,
        "the new key reaches its device: {}",
        own.json
    );
    let (status, camera) = sim
        .get(&format!("worlds/{WORLD}/devices/onenet/{id}"))
        .await;
    assert_eq!(status, 200, "a shared camera comes with it: {camera}");
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_takes_a_pretty_printed_body_on_a_double_slash_path() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let body = serde_json::to_vec_pretty(&device_body("pretty", "pp1")).expect("json");

    let answer = client.raw(Method::POST, "//devices", body).await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    let listed = client.get("//devices?title=pretty").await;
    assert_eq!(listed.json["data"]["total_count"], 1, "{}", listed.json);
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_answers_errno_7_when_title_is_missing() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .post("/devices", &json!({ "protocol": "RTMP", "auth_info": "a" }))
        .await;

    assert_eq!(answer.errno(), 7);
    assert_wire!("onenet", "devices_create_title_missing", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_takes_64_title_characters_and_answers_errno_6_at_65() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let at_limit = "標".repeat(64);

    let ok = client
        .post("/devices", &device_body(&at_limit, "t64"))
        .await;
    let over = client
        .post("/devices", &device_body(&format!("{at_limit}x"), "t65"))
        .await;

    assert_eq!(ok.errno(), 0, "{}", ok.json);
    assert_eq!(over.errno(), 6);
    assert_wire!("onenet", "devices_create_title_too_long", &wire(&over));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_answers_errno_22_when_protocol_is_not_rtmp() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let lower = client
        .post(
            "/devices",
            &json!({ "title": "a", "protocol": "rtmp", "auth_info": "lower" }),
        )
        .await;
    let edp = client
        .post(
            "/devices",
            &json!({ "title": "b", "protocol": "EDP", "auth_info": "edp" }),
        )
        .await;

    assert_eq!(lower.errno(), 0, "RTMP in any case: {}", lower.json);
    assert_eq!(edp.errno(), 22);
    assert_wire!("onenet", "devices_create_invalid_protocol", &wire(&edp));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_answers_errno_12_when_auth_info_is_another_devices() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    created(&client, "first", "shared-auth").await;

    let again = client
        .post("/devices", &device_body("second", "shared-auth"))
        .await;
    let scenario = client
        .post("/devices", &device_body("third", "auth25045683"))
        .await;

    assert_eq!(again.errno(), 12);
    assert_eq!(scenario.errno(), 12, "{}", scenario.json);
    assert_wire!("onenet", "devices_create_auth_info_exists", &wire(&again));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_answers_errno_6_naming_the_field_when_a_value_is_wrong() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let location = client
        .post(
            "/devices",
            &json!({ "title": "t", "location": { "lat": "north", "lon": 1 } }),
        )
        .await;
    let private = client
        .post("/devices", &json!({ "title": "t", "private": "yes" }))
        .await;
    let area = client
        .post("/devices", &json!({ "title": "t", "area": "north" }))
        .await;

    assert_eq!(location.errno(), 6);
    assert_wire!("onenet", "devices_create_bad_location", &wire(&location));
    assert_eq!(
        private.json["error"],
        "invalid parameter: private must be true or false"
    );
    assert_eq!(area.errno(), 6);
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_answers_errno_4_for_a_body_that_is_not_json_and_9_for_none() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let garbled = client
        .raw(Method::POST, "/devices", b"{\"title\":".to_vec())
        .await;
    let empty = client.raw(Method::POST, "/devices", Vec::new()).await;

    assert_eq!(garbled.errno(), 4);
    assert_wire!("onenet", "devices_create_not_json", &wire(&garbled));
    assert_eq!(
        empty.json,
        json!({ "errno": 9, "error": "entity data required" })
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_create_generates_auth_info_when_the_body_has_none() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let answer = client.post("/devices", &json!({ "title": "bare" })).await;

    let id = answer.json["data"]["device_id"].as_str().expect("id");
    let got = client.get(&format!("/devices/{id}")).await;
    assert_eq!(got.json["data"]["auth_info"], format!("auth{id}"));
    assert_eq!(got.json["data"]["protocol"], "RTMP");
    sim.shutdown().await;
}

// ---- 1.2 register_de ----

#[tokio::test]
async fn register_de_answers_a_numeric_id_and_a_key_that_reaches_only_the_new_device() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);

    let answer = client
        .post(
            &format!("/register_de?register_code={ONENET_REGISTER_CODE}"),
            &json!({ "sn": "SN-0001", "title": "gate-cam" }),
        )
        .await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    assert_wire!("onenet", "devices_register_success", &wire(&answer));
    let id = answer.json["data"]["device_id"]
        .as_u64()
        .expect("device_id is a number");
    let key = answer.json["data"]["key"].as_str().expect("key");
    let own = client.with_key(Some(key));
    let got = own.get(&format!("/devices/{id}")).await;
    assert_eq!(got.errno(), 0, "{}", got.json);
    assert_eq!(got.json["data"]["auth_info"], "SN-0001");
    assert_eq!(got.json["data"]["title"], "gate-cam");
    let other = own.get(&format!("/devices/{ONENET_DEVICE}")).await;
    assert_eq!(other.errno(), 3, "{}", other.json);
    let channels = own
        .get(&format!(
            "/ipc/video/device/QryChannel?device_id={ONENET_DEVICE}"
        ))
        .await;
    assert_eq!(channels.errno(), 3);
    let listed = own.get("/devices").await;
    assert_eq!(listed.json["data"]["total_count"], 1, "{}", listed.json);
    let create = own.post("/devices", &device_body("x", "y")).await;
    assert_eq!(create.errno(), 3, "a device key creates nothing");
    sim.shutdown().await;
}

#[tokio::test]
async fn register_de_answers_the_same_device_and_key_when_the_sn_registers_again() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);
    let path = format!("/register_de?register_code={ONENET_REGISTER_CODE}");

    let first = client.post(&path, &json!({ "sn": "SN-9" })).await;
    let again = client.post(&path, &json!({ "sn": "SN-9" })).await;
    let mac = client.post(&path, &json!({ "mac": "SN-9" })).await;

    assert_eq!(first.json, again.json);
    assert_eq!(
        mac.errno(),
        12,
        "a mac equal to another device's sn is its auth_info: {}",
        mac.json
    );
    let id = first.json["data"]["device_id"].as_u64().expect("id");
    let got = sim.onenet_client().get(&format!("/devices/{id}")).await;
    assert_eq!(got.json["data"]["title"], "auto_register");
    sim.shutdown().await;
}

#[tokio::test]
async fn register_de_answers_errno_6_for_both_sn_and_mac_and_7_for_neither() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);
    let path = format!("/register_de?register_code={ONENET_REGISTER_CODE}");

    let both = client.post(&path, &json!({ "sn": "a", "mac": "b" })).await;
    let neither = client.post(&path, &json!({ "title": "t" })).await;

    assert_eq!(both.errno(), 6);
    assert_wire!("onenet", "devices_register_sn_and_mac", &wire(&both));
    assert_eq!(neither.errno(), 7);
    assert_wire!("onenet", "devices_register_no_sn_or_mac", &wire(&neither));
    sim.shutdown().await;
}

#[tokio::test]
async fn register_de_takes_512_sn_and_32_title_characters_and_answers_errno_6_beyond() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);
    let path = format!("/register_de?register_code={ONENET_REGISTER_CODE}");
    let sn = "s".repeat(512);
    let title = "t".repeat(32);

    let ok = client
        .post(&path, &json!({ "sn": sn, "title": title }))
        .await;
    let long_sn = client.post(&path, &json!({ "sn": format!("{sn}s") })).await;
    let long_mac = client.post(&path, &json!({ "mac": "m".repeat(513) })).await;
    let long_title = client
        .post(&path, &json!({ "sn": "x", "title": format!("{title}t") }))
        .await;

    assert_eq!(ok.errno(), 0, "{}", ok.json);
    assert_eq!(long_sn.errno(), 6);
    assert_eq!(long_mac.errno(), 6);
    assert_eq!(long_title.errno(), 6);
    assert_wire!("onenet", "devices_register_sn_too_long", &wire(&long_sn));
    sim.shutdown().await;
}

// ---- 1.3 update ----

#[tokio::test]
async fn devices_update_changes_only_the_fields_the_body_gives() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/devices/{ONENET_DEVICE}");
    let before = client.get(&path).await;

    let answer = client
        .put(
            &path,
            &json!({ "title": "my device1", "tags": ["Tag1", "Tag2"], "private": true }),
        )
        .await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    assert_wire!("onenet", "devices_update_success", &wire(&answer));
    let after = client.get(&path).await;
    assert_eq!(after.json["data"]["title"], "my device1");
    assert_eq!(after.json["data"]["tags"], json!(["Tag1", "Tag2"]));
    assert_eq!(after.json["data"]["desc"], before.json["data"]["desc"]);
    assert_eq!(
        after.json["data"]["location"],
        before.json["data"]["location"]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_update_answers_errno_3_when_a_device_key_names_another_device() {
    let sim = TestSim::onenet().await;
    let own = sim.onenet_client().with_key(Some(ONENET_DEVICE_KEY));

    let mine = own
        .put(
            &format!("/devices/{ONENET_DEVICE}"),
            &json!({ "desc": "mine" }),
        )
        .await;
    let other = own
        .put(
            &format!("/devices/{ONENET_OFFLINE_DEVICE}"),
            &json!({ "desc": "not mine" }),
        )
        .await;

    assert_eq!(mine.errno(), 0, "{}", mine.json);
    assert_eq!(other.errno(), 3);
    assert_wire!("onenet", "devices_update_other_device", &wire(&other));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_update_refuses_what_create_refuses() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/devices/{ONENET_DEVICE}");

    let title = client.put(&path, &json!({ "title": "x".repeat(65) })).await;
    let protocol = client.put(&path, &json!({ "protocol": "HTTP" })).await;
    let auth = client
        .put(&path, &json!({ "auth_info": "auth25045683" }))
        .await;
    let same = client
        .put(&path, &json!({ "auth_info": "auth25045682" }))
        .await;
    let unknown = client
        .put("/devices/99999999", &json!({ "desc": "x" }))
        .await;
    let other_product = client
        .put(
            &format!("/devices/{ONENET_OTHER_DEVICE}"),
            &json!({ "desc": "x" }),
        )
        .await;

    assert_eq!(title.errno(), 6);
    assert_eq!(protocol.errno(), 22);
    assert_eq!(auth.errno(), 12);
    assert_eq!(same.errno(), 0, "its own auth_info again: {}", same.json);
    assert_eq!(unknown.errno(), 8);
    assert_eq!(other_product.errno(), 8, "{}", other_product.json);
    assert_wire!("onenet", "devices_update_unknown_device", &wire(&unknown));
    sim.shutdown().await;
}

// ---- 1.4 get ----

#[tokio::test]
async fn devices_get_answers_the_devices_fields_and_keys() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .get(&format!("/devices/{ONENET_DEVICE}"))
        .await;

    assert_eq!(answer.errno(), 0);
    assert_eq!(answer.json["data"]["id"], ONENET_DEVICE, "a string id");
    assert_wire!("onenet", "devices_get_success", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_get_answers_errno_8_for_an_unknown_device_and_3_for_a_device_key_on_another() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let unknown = client.get("/devices/99999999").await;
    let other = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .get("/devices/99999999")
        .await;

    assert_eq!(unknown.errno(), 8);
    assert_wire!("onenet", "devices_get_unknown", &wire(&unknown));
    assert_eq!(other.errno(), 3, "a device key cannot probe for devices");
    assert_wire!("onenet", "devices_get_other_device", &wire(&other));
    sim.shutdown().await;
}

// ---- 1.5 list ----

#[tokio::test]
async fn devices_list_answers_a_page_of_the_products_devices_newest_first() {
    let sim = TestSim::onenet().await;

    let answer = sim.onenet_client().get("/devices?per_page=2&page=2").await;

    assert_eq!(answer.errno(), 0);
    assert_eq!(answer.json["data"]["total_count"], PRODUCT_DEVICES);
    assert_wire!("onenet", "devices_list_success", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_list_filters_by_each_parameter() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let ids = |answer: &Answer| -> Vec<String> {
        answer.json["data"]["devices"]
            .as_array()
            .expect("devices")
            .iter()
            .map(|d| d["id"].as_str().expect("string id").to_string())
            .collect()
    };

    let cases = [
        ("key_words=2504568", 8),
        ("key_words=LOB", 1),
        ("title=lob", 1),
        ("title=obby", 0),
        ("online=false", 1),
        ("online=true", 7),
        ("tag=indoor", 1),
        ("private=true", 7),
        ("private=false", 1),
        ("device_id=25045682,25045683,26000001", 2),
        ("auth_info=auth25045684", 1),
        ("auth_info=%22auth25045684%22", 1),
        ("begin=2026-08-24&end=2026-08-24", 8),
        ("begin=2026-08-25", 0),
        ("end=2026-08-23", 0),
    ];
    for (query, expected) in cases {
        let answer = client.get(&format!("/devices?{query}")).await;
        assert_eq!(answer.errno(), 0, "{query}: {}", answer.json);
        assert_eq!(ids(&answer).len(), expected, "{query}: {:?}", ids(&answer));
    }
    let offline = client.get("/devices?online=false").await;
    assert_eq!(ids(&offline), vec![ONENET_OFFLINE_DEVICE.to_string()]);
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_list_takes_its_limits_and_answers_errno_6_one_beyond() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let hundred: Vec<String> = (0..100).map(|i| (25_045_600 + i).to_string()).collect();

    let limits = [
        ("per_page=100", 0),
        ("per_page=101", 6),
        ("page=10000", 0),
        ("page=10001", 6),
        ("page=0", 6),
        ("online=maybe", 6),
        ("begin=2026-13-01", 6),
    ];
    for (query, errno) in limits {
        let answer = client.get(&format!("/devices?{query}")).await;
        assert_eq!(answer.errno(), errno, "{query}: {}", answer.json);
    }
    let ids = client
        .get(&format!("/devices?device_id={}", hundred.join(",")))
        .await;
    let over = client
        .get(&format!(
            "/devices?device_id={},25045999",
            hundred.join(",")
        ))
        .await;
    assert_eq!(ids.errno(), 0);
    assert_eq!(over.errno(), 6);
    assert_wire!("onenet", "devices_list_too_many_ids", &wire(&over));
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_list_shows_a_device_key_only_its_own_device() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .with_key(Some(ONENET_OFFLINE_KEY))
        .get("/devices")
        .await;

    assert_eq!(answer.json["data"]["total_count"], 1);
    assert_eq!(
        answer.json["data"]["devices"][0]["id"],
        ONENET_OFFLINE_DEVICE
    );
    assert!(
        answer.json["data"]["devices"][0].get("keys").is_none(),
        "a list row has no keys"
    );
    sim.shutdown().await;
}

// ---- 1.6 delete ----

#[tokio::test]
async fn devices_delete_removes_the_device_its_camera_and_its_keys() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/devices/{ONENET_OFFLINE_DEVICE}");

    let answer = client.delete(&path).await;

    assert_eq!(answer.errno(), 0, "{}", answer.json);
    assert_wire!("onenet", "devices_delete_success", &wire(&answer));
    assert_eq!(client.get(&path).await.errno(), 8);
    let stale = client.with_key(Some(ONENET_OFFLINE_KEY)).get(&path).await;
    assert_eq!(stale.errno(), 3, "{}", stale.json);
    assert_wire!("onenet", "devices_get_deleted_devices_key", &wire(&stale));
    let (status, _) = sim
        .get(&format!(
            "worlds/{WORLD}/devices/onenet/{ONENET_OFFLINE_DEVICE}"
        ))
        .await;
    assert_eq!(status, 404, "its camera is gone");
    let listed = client.get("/devices").await;
    assert_eq!(listed.json["data"]["total_count"], PRODUCT_DEVICES - 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_delete_by_its_own_key_releases_a_key_made_at_run_time() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);
    let registered = client
        .post(
            &format!("/register_de?register_code={ONENET_REGISTER_CODE}"),
            &json!({ "mac": "00:11:22:33:44:55" }),
        )
        .await;
    let id = registered.json["data"]["device_id"].as_u64().expect("id");
    let own = client.with_key(registered.json["data"]["key"].as_str());

    let other = own.delete(&format!("/devices/{ONENET_DEVICE}")).await;
    let deleted = own.delete(&format!("/devices/{id}")).await;
    let after = own.get(&format!("/devices/{id}")).await;

    assert_eq!(other.errno(), 3);
    assert_eq!(deleted.errno(), 0, "{}", deleted.json);
    assert_eq!(after.errno(), 3, "{}", after.json);
    sim.shutdown().await;
}

// ---- 2 channels ----

#[tokio::test]
async fn channel_query_answers_the_devices_channels() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/device/QryChannel?device_id={ONENET_DEVICE}"
        ))
        .await;

    assert_eq!(answer.errno(), 0);
    assert_wire!("onenet", "channel_query_success", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_query_answers_errno_7_without_device_id_and_3_for_a_device_key_on_another() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();

    let missing = client.get("/ipc/video/device/QryChannel").await;
    let other = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .get(&format!(
            "/ipc/video/device/QryChannel?device_id={ONENET_OFFLINE_DEVICE}"
        ))
        .await;

    assert_eq!(missing.errno(), 7);
    assert_wire!("onenet", "channel_query_device_missing", &wire(&missing));
    assert_eq!(other.errno(), 3);
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_add_adds_a_channel_and_answers_errno_16_when_it_exists() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let add = format!(
        "/ipc/video/device/AddChannel?device_id={ONENET_DEVICE}&channel_id=3&title=yard&desc=back%20yard&product_id={ONENET_PRODUCT}"
    );

    let first = client.send(Method::POST, &add, None).await;
    let again = client.send(Method::POST, &add, None).await;

    assert_eq!(first.errno(), 0, "{}", first.json);
    assert_wire!("onenet", "channel_add_success", &wire(&first));
    assert_eq!(
        again.json,
        json!({ "errno": 16, "error": "The channel already exists,cannot add again!" })
    );
    assert_wire!("onenet", "channel_add_exists", &wire(&again));
    let listed = client
        .get(&format!(
            "/ipc/video/device/QryChannel?device_id={ONENET_DEVICE}"
        ))
        .await;
    assert_eq!(
        channels_of(&listed),
        vec![
            (1, "wide".to_string()),
            (2, "door".to_string()),
            (3, "yard".to_string())
        ]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_add_takes_64_letters_and_digits_and_answers_errno_6_otherwise() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let add = |channel: u32, title: &str| {
        format!(
            "/ipc/video/device/AddChannel?device_id={ONENET_DEVICE}&channel_id={channel}&title={title}"
        )
    };
    let sixty_four = "a1".repeat(32);

    let ok = client.send(Method::POST, &add(5, &sixty_four), None).await;
    let long = client
        .send(Method::POST, &add(6, &format!("{sixty_four}b")), None)
        .await;
    let underscore = client.send(Method::POST, &add(7, "back_door"), None).await;
    let missing = client
        .send(
            Method::POST,
            &format!("/ipc/video/device/AddChannel?device_id={ONENET_DEVICE}&channel_id=8"),
            None,
        )
        .await;
    let zero = client.send(Method::POST, &add(0, "zero"), None).await;

    assert_eq!(ok.errno(), 0, "{}", ok.json);
    assert_eq!(long.errno(), 6);
    assert_eq!(underscore.errno(), 6);
    assert_wire!("onenet", "channel_add_bad_title", &wire(&underscore));
    assert_eq!(missing.errno(), 7);
    assert_eq!(zero.errno(), 6);
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_add_with_channel_num_adds_1_to_n_up_to_64_channels() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let fresh = created(&client, "nvr", "nvr-auth").await;
    let other = created(&client, "nvr2", "nvr2-auth").await;
    let add = |device: &str, channel: u32, num: u32| {
        format!(
            "/ipc/video/device/AddChannel?device_id={device}&channel_id={channel}&title=cam&channel_num={num}"
        )
    };

    let over = client.send(Method::POST, &add(&fresh, 1, 65), None).await;
    let all = client.send(Method::POST, &add(&fresh, 1, 64), None).await;
    let full = client.send(Method::POST, &add(&other, 1, 64), None).await;
    let beyond = client
        .send(
            Method::POST,
            &format!("/ipc/video/device/AddChannel?device_id={other}&channel_id=65&title=cam"),
            None,
        )
        .await;

    assert_eq!(over.errno(), 6, "{}", over.json);
    assert_eq!(all.errno(), 0, "{}", all.json);
    let listed = client
        .get(&format!("/ipc/video/device/QryChannel?device_id={fresh}"))
        .await;
    assert_eq!(channels_of(&listed).len(), 64);
    assert_eq!(full.errno(), 0);
    assert_eq!(beyond.errno(), 13, "{}", beyond.json);
    assert_wire!("onenet", "channel_add_too_many", &wire(&beyond));
    let got = client.get(&format!("/devices/{fresh}")).await;
    assert_eq!(got.json["data"]["channel_count"], 64);
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_add_answers_errno_3_when_product_id_is_another_products() {
    let sim = TestSim::onenet().await;

    let answer = sim
        .onenet_client()
        .send(Method::POST, &format!(
                "/ipc/video/device/AddChannel?device_id={ONENET_DEVICE}&channel_id=9&title=x&product_id={ONENET_OTHER_PRODUCT}"
            ), None)
        .await;

    assert_eq!(answer.errno(), 3, "{}", answer.json);
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_modify_changes_a_title_and_answers_errno_17_for_a_missing_channel() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let modify = |channel: u32| {
        format!(
            "/ipc/video/device/ModifyChannel?device_id={ONENET_DEVICE}&channel_id={channel}&title=gate2&desc=new"
        )
    };

    let ok = client.send(Method::POST, &modify(2), None).await;
    let missing = client.send(Method::POST, &modify(9), None).await;

    assert_eq!(ok.errno(), 0, "{}", ok.json);
    assert_eq!(
        missing.json,
        json!({ "errno": 17, "error": "This channel is not available under this device!" })
    );
    assert_wire!("onenet", "channel_modify_missing", &wire(&missing));
    let listed = client
        .get(&format!(
            "/ipc/video/device/QryChannel?device_id={ONENET_DEVICE}"
        ))
        .await;
    assert_eq!(listed.json["result"][1]["title"], "gate2");
    assert_eq!(listed.json["result"][1]["desc"], "new");
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_delete_removes_a_channel_and_answers_errno_17_the_second_time() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let delete = format!("/ipc/video/device/DelChannel?device_id={ONENET_DEVICE}&channel_id=2");

    let first = client.delete(&delete).await;
    let again = client.delete(&delete).await;

    assert_eq!(first.errno(), 0, "{}", first.json);
    assert_wire!("onenet", "channel_delete_success", &wire(&first));
    assert_eq!(again.errno(), 17);
    assert_wire!("onenet", "channel_delete_missing", &wire(&again));
    let listed = client
        .get(&format!(
            "/ipc/video/device/QryChannel?device_id={ONENET_DEVICE}"
        ))
        .await;
    assert_eq!(channels_of(&listed), vec![(1, "wide".to_string())]);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_created_device_comes_online_through_the_control_api() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let id = created(&client, "later", "later-auth").await;

    set_online(&sim, &id, true).await;

    let got = client.get(&format!("/devices/{id}")).await;
    assert_eq!(got.json["data"]["online"], true);
    assert_eq!(
        got.json["data"]["last_login"], "2026-11-22 16:00:00",
        "{}",
        got.json
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn channel_delete_forgets_the_channels_record_config() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let config = format!(
        "/api/record/record_config?product_id={ONENET_PRODUCT}&device_id={ONENET_DEVICE}&channel_id=2&action=1&cycle=7"
    );
    let first = client.send(Method::PUT, &config, None).await;
    assert_eq!(first.errno(), 0, "{}", first.json);

    let deleted = client
        .delete(&format!(
            "/ipc/video/device/DelChannel?device_id={ONENET_DEVICE}&channel_id=2"
        ))
        .await;
    let added = client
        .send(
            Method::POST,
            &format!(
                "/ipc/video/device/AddChannel?device_id={ONENET_DEVICE}&channel_id=2&title=door"
            ),
            None,
        )
        .await;
    let again = client.send(Method::PUT, &config, None).await;

    assert_eq!(deleted.errno(), 0);
    assert_eq!(added.errno(), 0);
    assert_eq!(
        again.errno(),
        0,
        "a new channel 2 has no config yet: {}",
        again.json
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_delete_revokes_the_devices_live_tokens() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let address = client
        .get(&format!(
            "/ipc/video/play_address?device_id={ONENET_DEVICE}&channel_id=1&protocol_type=1"
        ))
        .await;
    let token = address.json["data"]["accessToken"]
        .as_str()
        .expect("accessToken")
        .to_string();
    let link = format!("/live/live_{ONENET_DEVICE}_1/index.m3u8?{token}");
    let before = client.with_key(None).get(&link).await;

    let deleted = client.delete(&format!("/devices/{ONENET_DEVICE}")).await;
    let after = client.with_key(None).get(&link).await;

    assert_eq!(before.status, 200, "{:?}", before.json);
    assert_eq!(deleted.errno(), 0);
    assert_eq!(after.status, 403, "{:?}", after.json);
    sim.shutdown().await;
}
