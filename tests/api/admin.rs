//! The control API under `/_camsim/` over real HTTP: every route with its success and its
//! error answers. Snapshots go to `snapshots/control/`, each recording status and body, with
//! only what cannot be stable redacted (uptime, URLs with ports, latency, clock offset).

use crate::support::clients::GwellClient;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A second Gwell world with its own app; frozen at the same instant as the fixture.
const SECOND_APP_ID: &str = "00002222aaaabbbbccccddddeeeeffff";
const SECOND_APP_TOKEN: &str = "second-app-token";
const SECOND_APP_KEY: &str = "second-app-key";

fn second_world(name: &str, app_id: &str) -> String {
    format!(
        r#"name: {name}
seed: 11
clock:
  mode: frozen
  at: 2026-11-22T08:00:00Z
gwell:
  apps:
    - appId: "{app_id}"
      appToken: "{SECOND_APP_TOKEN}"
      appKey: "{SECOND_APP_KEY}"
      users:
        - accessId: "1001"
          name: Ann
        - accessId: "1002"
          name: Bob
      devices:
        - devId: "7000000001"
          sn: "SECOND0001"
          owner: "1001"
          guests: ["1002"]
          bindTime: 1790000000
          onlineUpdateTime: 1795330000
        - devId: "7000000002"
          sn: "SECOND0002"
          owner: "1002"
          bindTime: 1790000000
          onlineUpdateTime: 1795330000
"#
    )
}

fn second_client(sim: &TestSim) -> GwellClient {
    GwellClient::new(&sim.urls.gwell, SECOND_APP_ID, SECOND_APP_KEY, FROZEN_AT)
}

/// Records status and body under `snapshots/control/<name>.snap`.
fn snap(name: &str, status: StatusCode, body: &Value) {
    let mut settings = snapshots("control");
    settings.add_redaction(".body.uptimeMs", "[uptimeMs]");
    settings.add_redaction(".body.version", "[version]");
    settings.add_redaction(".body.urls", "[urls with ports]");
    settings.add_redaction(".body.offsetMs", "[offsetMs]");
    settings.add_redaction(".body.clock.offsetMs", "[offsetMs]");
    settings.add_redaction(".body[].latencyMs", "[latencyMs]");
    // The port is free-picked, and nonces (so signatures) come from a counter the parallel
    // tests share.
    settings.add_redaction(".body[].headers.host", "[host with port]");
    settings.add_redaction(r#".body[].headers["x-iotvideo-nonce"]"#, "[nonce]");
    settings.add_redaction(r#".body[].headers["x-iotvideo-signature"]"#, "[signature]");
    let recorded = json!({ "status": status.as_u16(), "body": body });
    settings.bind(|| insta::assert_yaml_snapshot!(name, recorded));
}

async fn delete(sim: &TestSim, path: &str) -> (StatusCode, Value) {
    sim.call(Method::DELETE, path, Value::Null).await
}

async fn patch(sim: &TestSim, path: &str, body: Value) -> (StatusCode, Value) {
    sim.call(Method::PATCH, path, body).await
}

fn dev_info(user: &str, dev_id: &str) -> Value {
    json!({"appId": APP_ID, "appToken": APP_TOKEN, "devId": dev_id, "accessId": user})
}

fn dev_list(user: &str) -> Value {
    json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": user})
}

fn without_offset(mut view: Value) -> Value {
    view["clock"]["offsetMs"] = Value::Null;
    view
}

// ---------------------------------------------------------------------------------------------
// health, endpoints

#[tokio::test]
async fn health_reports_ok_version_and_world_count_when_asked() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("health").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["worlds"], 1);
    assert!(body["uptimeMs"].is_u64(), "{body}");
    snap("health", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn endpoints_lists_gwell_dev_info_and_dev_list_with_method_and_path() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("endpoints").await;

    assert_eq!(status, StatusCode::OK);
    let routes = body.as_array().expect("a list of routes");
    for (id, path) in [
        ("gwell.devInfo", "/openapi/custCloud/oss/devInfo"),
        ("gwell.devList", "/openapi/custCloud/oss/devList"),
    ] {
        let route = routes
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing from {body}"));
        assert_eq!(route["vendor"], "gwell");
        assert_eq!(route["method"], "POST");
        assert_eq!(route["path"], path);
    }
    snap("endpoints", status, &body);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// worlds

#[tokio::test]
async fn worlds_list_marks_the_default_and_shows_credentials_when_two_worlds_run() {
    let second = second_world("second", SECOND_APP_ID);
    let sim = TestSim::spawn_worlds(&[GWELL_WORLD, &second]).await;

    let (status, body) = sim.get("worlds").await;

    assert_eq!(status, StatusCode::OK);
    let worlds = body.as_array().expect("a list of worlds");
    assert_eq!(worlds.len(), 2, "{body}");
    let gwell = worlds
        .iter()
        .find(|w| w["name"] == "gwell-test")
        .expect("fixture");
    let other = worlds
        .iter()
        .find(|w| w["name"] == "second")
        .expect("second");
    assert_eq!(gwell["default"], true);
    assert_eq!(other["default"], false);
    assert_eq!(gwell["seed"], 7);
    assert_eq!(gwell["devices"]["gwell"], 6);
    assert_eq!(
        gwell["credentials"],
        json!([{"vendor": "gwell", "id": APP_ID}])
    );
    assert_eq!(
        other["credentials"],
        json!([{"vendor": "gwell", "id": SECOND_APP_ID}])
    );
    snap("worlds_list", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_creates_a_world_from_yaml_that_answers_its_app() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post_text("worlds", &second_world("second", SECOND_APP_ID))
        .await;

    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "second");
    assert_eq!(body["default"], false);
    assert_eq!(body["seed"], 11);
    let app = &body["gwell"]["apps"][0];
    assert_eq!(app["appId"], SECOND_APP_ID);
    assert_eq!(app["appToken"], SECOND_APP_TOKEN);
    assert_eq!(app["appKey"], SECOND_APP_KEY);
    assert_eq!(app["devices"], json!(["7000000001", "7000000002"]));
    assert_eq!(
        app["users"],
        json!([
            {"accessId": "1001", "name": "Ann", "owns": ["7000000001"], "guestOf": []},
            {"accessId": "1002", "name": "Bob", "owns": ["7000000002"], "guestOf": ["7000000001"]},
        ])
    );
    snap("world_created", status, &body);

    let (_, list) = second_client(&sim)
        .call(
            "devList",
            json!({"appId": SECOND_APP_ID, "appToken": SECOND_APP_TOKEN, "accessId": "1002"}),
        )
        .await;
    assert_eq!(list["code"], 0, "{list}");
    assert_eq!(list["data"]["deviceList"].as_array().map(Vec::len), Some(2));
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_creates_a_world_from_json_when_the_body_is_json() {
    let sim = TestSim::gwell().await;
    let scenario = json!({
        "name": "from-json",
        "seed": 3,
        "clock": {"mode": "frozen", "at": "2026-11-22T08:00:00Z"},
        "gwell": {"apps": [{
            "appId": SECOND_APP_ID,
            "appToken": SECOND_APP_TOKEN,
            "appKey": SECOND_APP_KEY,
            "users": [{"accessId": "1001", "name": "Ann"}],
            "devices": [{"devId": "7000000009", "sn": "JSON0009", "owner": "1001"}]
        }]}
    });

    let (status, body) = sim.post("worlds", scenario).await;

    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "from-json");
    assert_eq!(body["seed"], 3);
    assert_eq!(body["gwell"]["apps"][0]["devices"], json!(["7000000009"]));
    assert_eq!(
        body["gwell"]["apps"][0]["users"][0]["owns"],
        json!(["7000000009"])
    );
    let (status, _) = sim.get("worlds/from-json").await;
    assert_eq!(status, StatusCode::OK);
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_with_line_and_column_when_a_key_is_unknown() {
    let sim = TestSim::gwell().await;
    let scenario = "name: broken\ngwell:\n  apps:\n    - appId: \"x1\"\n      colour: blue\n";

    let (status, body) = sim.post_text("worlds", scenario).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "scenario is invalid");
    let problems = body["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{body}");
    let problem = problems[0].as_str().expect("text");
    assert!(problem.starts_with("5:"), "line 5 expected: {problem}");
    assert!(problem.contains("colour"), "{problem}");
    snap("world_invalid_unknown_key", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_listing_every_problem_when_the_scenario_is_inconsistent() {
    let sim = TestSim::gwell().await;
    let scenario = r#"name: inconsistent
gwell:
  apps:
    - appId: "inconsistent-app"
      users:
        - accessId: "1001"
          name: Ann
      devices:
        - devId: "not-a-number"
          sn: "BAD0001"
          owner: "4242"
          battery: 140
"#;

    let (status, body) = sim.post_text("worlds", scenario).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let problems: Vec<&str> = body["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(problems.len() >= 3, "{body}");
    for problem in &problems {
        let mut parts = problem.splitn(3, ':');
        let line = parts.next().and_then(|l| l.parse::<u32>().ok());
        let column = parts.next().and_then(|c| c.parse::<u32>().ok());
        assert!(
            line.is_some() && column.is_some(),
            "not line:column: {problem}"
        );
    }
    assert!(problems.iter().any(|p| p.contains("devId")), "{body}");
    assert!(problems.iter().any(|p| p.contains("owner")), "{body}");
    assert!(problems.iter().any(|p| p.contains("battery")), "{body}");
    snap("world_invalid_problems", status, &body);
    let (lookup, _) = sim.get("worlds/inconsistent").await;
    assert_eq!(
        lookup,
        StatusCode::NOT_FOUND,
        "an invalid world is not created"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_409_when_another_world_claims_the_credential() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post_text("worlds", &second_world("thief", APP_ID))
        .await;

    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let error = body["error"].as_str().expect("error text");
    assert!(error.contains(APP_ID), "{error}");
    snap("world_credential_taken", status, &body);
    let (lookup, _) = sim.get("worlds/thief").await;
    assert_eq!(lookup, StatusCode::NOT_FOUND);
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_409_when_the_name_is_taken() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post_text("worlds", &second_world("gwell-test", SECOND_APP_ID))
        .await;

    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("gwell-test")),
        "{body}"
    );
    snap("world_name_taken", status, &body);
    // The refused world's credential was not claimed.
    let (status, body) = sim
        .post_text("worlds", &second_world("second", SECOND_APP_ID))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_uses_the_name_query_over_the_scenario_name_when_given() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post_text("worlds?name=custom", &second_world("second", SECOND_APP_ID))
        .await;

    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "custom");
    assert_eq!(sim.get("worlds/custom").await.0, StatusCode::OK);
    assert_eq!(sim.get("worlds/second").await.0, StatusCode::NOT_FOUND);
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_names_the_world_itself_when_neither_scenario_nor_query_does() {
    let sim = TestSim::gwell().await;
    let unnamed = second_world("x", SECOND_APP_ID).replace("name: x\n", "");

    let (status, body) = sim.post_text("worlds", &unnamed).await;

    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "world-1");
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_field_name_when_the_name_query_is_empty() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post_text("worlds?name=", &second_world("second", SECOND_APP_ID))
        .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "name");
    sim.shutdown().await;
}

#[tokio::test]
async fn world_get_answers_the_same_view_by_name_and_by_the_default_alias() {
    let sim = TestSim::gwell().await;

    let (by_name_status, by_name) = sim.get("worlds/gwell-test").await;
    let (alias_status, alias) = sim.get("worlds/default").await;

    assert_eq!(by_name_status, StatusCode::OK);
    assert_eq!(alias_status, StatusCode::OK);
    assert_eq!(by_name["default"], true);
    assert_eq!(by_name["rateLimits"], true);
    assert_eq!(by_name["clock"]["mode"], "frozen");
    assert_eq!(by_name["clock"]["nowMs"], FROZEN_AT * 1000);
    assert_eq!(by_name["faults"], 0);
    assert_eq!(by_name["journal"], 0);
    assert_eq!(without_offset(by_name.clone()), without_offset(alias));
    snap("world_view", by_name_status, &by_name);
    sim.shutdown().await;
}

#[tokio::test]
async fn world_get_answers_404_when_no_world_has_the_name() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("worlds/nowhere").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    snap("world_not_found", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn world_delete_routes_its_credentials_nowhere_when_done() {
    let second = second_world("second", SECOND_APP_ID);
    let sim = TestSim::spawn_worlds(&[GWELL_WORLD, &second]).await;

    let (status, body) = delete(&sim, "worlds/second").await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"deleted": "second"}));
    assert_eq!(sim.get("worlds/second").await.0, StatusCode::NOT_FOUND);
    let (_, worlds) = sim.get("worlds").await;
    assert_eq!(worlds.as_array().map(Vec::len), Some(1));
    let (status, answer) = second_client(&sim)
        .call(
            "devList",
            json!({"appId": SECOND_APP_ID, "appToken": SECOND_APP_TOKEN, "accessId": "1001"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(answer["code"], 10007, "{answer}");
    assert_eq!(answer["msg"], "signature validate fail:-3");
    // The orphan request is journaled in the default world.
    let orphans = sim
        .count(
            "default",
            json!({"auth": "unknown_credential", "credential": SECOND_APP_ID}),
        )
        .await;
    assert_eq!(orphans, 1);
    // Deleting again: 404; the freed credential can be claimed again.
    assert_eq!(delete(&sim, "worlds/second").await.0, StatusCode::NOT_FOUND);
    let (status, body) = sim.post_text("worlds", &second).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn world_delete_answers_409_when_the_world_is_the_default() {
    let sim = TestSim::gwell().await;

    let (status, body) = delete(&sim, "worlds/default").await;
    let (by_name_status, _) = delete(&sim, "worlds/gwell-test").await;

    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(by_name_status, StatusCode::CONFLICT);
    assert_eq!(sim.get("worlds/gwell-test").await.0, StatusCode::OK);
    snap("world_delete_default", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn world_reset_restores_devices_journal_faults_and_clock_when_all_changed() {
    let scenario = format!(
        "{GWELL_WORLD}\nfaults:\n  - endpoint: gwell.devList\n    params: {{accessId: \"{USER_3}\"}}\n    error: 10012\n"
    );
    let sim = TestSim::spawn(&scenario).await;
    let device = "worlds/default/devices/gwell/5188001415989";
    assert_eq!(
        patch(&sim, device, json!({"battery": 5})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        delete(&sim, "worlds/default/faults/f1").await.0,
        StatusCode::OK
    );
    let (status, _) = sim
        .post(
            "worlds/default/faults",
            json!({"endpoint": "gwell.devInfo", "drop": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = sim
        .post("worlds/default/clock", json!({"advance": 3600}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut client = sim.gwell_client();
    client.now = FROZEN_AT + 3600;
    let (_, answer) = client.call("devList", dev_list(USER_1)).await;
    assert_eq!(answer["code"], 0, "{answer}");

    let (status, body) = sim.post("worlds/default/reset", Value::Null).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["journal"], 0);
    assert_eq!(body["faults"], 1);
    assert_eq!(body["clock"]["nowMs"], FROZEN_AT * 1000);
    let (_, view) = sim.get(device).await;
    assert_eq!(view["battery"], 76);
    let (_, faults) = sim.get("worlds/default/faults").await;
    let faults = faults.as_array().expect("rules");
    assert_eq!(faults.len(), 1);
    assert_eq!(faults[0]["id"], "f1");
    assert_eq!(faults[0]["source"], "scenario");
    assert_eq!(faults[0]["fired"], 0);
    let (_, entries) = sim.get("worlds/default/requests").await;
    assert_eq!(entries, json!([]));
    // The world answers as on its first day: its scenario fault included.
    let (_, answer) = sim.gwell_client().call("devList", dev_list(USER_3)).await;
    assert_eq!(answer["code"], 10012, "{answer}");
    snap("world_reset", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn world_reset_answers_404_when_no_world_has_the_name() {
    let sim = TestSim::gwell().await;

    let (status, _) = sim.post("worlds/nowhere/reset", Value::Null).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// devices

#[tokio::test]
async fn devices_list_shows_every_device_of_the_world_when_unfiltered() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("worlds/default/devices").await;
    let (_, gwell_only) = sim.get("worlds/default/devices?vendor=gwell").await;
    let (onenet_status, onenet) = sim.get("worlds/default/devices?vendor=onenet").await;

    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = body
        .as_array()
        .expect("devices")
        .iter()
        .filter_map(|d| d["devId"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "5188001415988",
            "5188001415989",
            "5188001415990",
            "5188001415991",
            "5188001415993",
            "5188001415994"
        ]
    );
    assert_eq!(gwell_only, body);
    assert_eq!(onenet_status, StatusCode::OK);
    assert_eq!(onenet, json!([]));
    snap("devices_list", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_list_answers_400_field_vendor_when_the_vendor_filter_is_unknown() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("worlds/default/devices?vendor=acme").await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "vendor");
    sim.shutdown().await;
}

fn dev_ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|d| d["devId"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn devices_list_pages_with_offset_and_limit_when_given() {
    let sim = TestSim::gwell().await;
    let (_, all) = sim.get("worlds/default/devices?vendor=gwell").await;
    let all = dev_ids(&all);
    assert!(all.len() > 3, "{all:?}");

    let mut walked = Vec::new();
    for offset in (0..all.len() + 2).step_by(2) {
        let (status, page) = sim
            .get(&format!(
                "worlds/default/devices?vendor=gwell&offset={offset}&limit=2"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let page = dev_ids(&page);
        assert!(page.len() <= 2);
        walked.extend(page);
    }

    assert_eq!(walked, all, "every device once, in order");
    sim.shutdown().await;
}

#[tokio::test]
async fn devices_list_answers_400_naming_the_parameter_when_a_page_is_out_of_range() {
    let sim = TestSim::gwell().await;

    for (query, field) in [
        ("limit=10001", "limit"),
        ("limit=-1", "limit"),
        ("offset=x", "offset"),
        ("offset=99999999999999999999999", "offset"),
    ] {
        let (status, body) = sim.get(&format!("worlds/default/devices?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["field"], field, "{query}: {body}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn device_get_shows_packages_with_their_active_flag_when_asked() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("worlds/default/devices/gwell/5188001415990").await;
    let (_, expired) = sim.get("worlds/default/devices/gwell/5188001415989").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["devId"], "5188001415990");
    assert_eq!(body["sn"], "876A2C0D1349");
    assert_eq!(body["owner"], USER_2);
    assert_eq!(body["flow"]["active"], true);
    assert_eq!(body["storage"], Value::Null);
    assert_eq!(expired["storage"]["active"], false);
    snap("device_get", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_get_answers_404_when_the_device_or_vendor_is_unknown() {
    let sim = TestSim::gwell().await;

    let (device_status, device) = sim.get("worlds/default/devices/gwell/999").await;
    let (vendor_status, vendor) = sim.get("worlds/default/devices/acme/5188001415990").await;
    let (world_status, _) = sim.get("worlds/nowhere/devices/gwell/5188001415990").await;

    assert_eq!(device_status, StatusCode::NOT_FOUND);
    assert_eq!(vendor_status, StatusCode::NOT_FOUND);
    assert_eq!(vendor["field"], "vendor");
    assert_eq!(world_status, StatusCode::NOT_FOUND);
    snap("device_not_found", device_status, &device);
    snap("device_unknown_vendor", vendor_status, &vendor);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_changes_every_scenario_key_when_all_are_given() {
    let sim = TestSim::gwell().await;
    let path = "worlds/default/devices/gwell/5188001415989";
    let change = json!({
        "online": false,
        "onlineUpdateTime": "2026-11-22T07:00:00Z",
        "longOffline": false,
        "battery": 12,
        "signal": 33,
        "rssi": -90,
        "powerMode": 2,
        "powerCharging": 3,
        "noticeStatus": 0,
        "firmwareVer": "13.9.9.99",
        "deviceType": "CAMERA",
        "owner": USER_2,
        "guests": [USER_3],
        "bindTime": 1790000000,
        "storage": {
            "orderId": "VSS-PATCHED", "pkgType": 0, "startTime": 1795000000,
            "endTime": 1800000000, "storageDays": 3
        },
        "flow": {
            "simId": "1440400000001", "orderId": 99, "startTime": 1795000000,
            "endTime": 1800000000, "totalFlow": 100, "useFlow": 1
        }
    });

    let (status, body) = patch(&sim, path, change).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["online"], false);
    assert_eq!(body["onlineUpdateTime"], 1795330800);
    assert_eq!(body["longOffline"], false);
    assert_eq!(body["battery"], 12);
    assert_eq!(body["signal"], 33);
    assert_eq!(body["rssi"], -90);
    assert_eq!(body["powerMode"], 2);
    assert_eq!(body["powerCharging"], 3);
    assert_eq!(body["noticeStatus"], 0);
    assert_eq!(body["firmwareVer"], "13.9.9.99");
    assert_eq!(body["deviceType"], "CAMERA");
    assert_eq!(body["owner"], USER_2);
    assert_eq!(body["guests"], json!([USER_3]));
    assert_eq!(body["bindTime"], 1790000000);
    assert_eq!(body["storage"]["orderId"], "VSS-PATCHED");
    assert_eq!(body["storage"]["active"], true);
    assert_eq!(body["flow"]["simId"], "1440400000001");
    assert_eq!(body["flow"]["active"], true);
    let (_, stored) = sim.get(path).await;
    assert_eq!(stored, body, "the patch persists");
    snap("device_patched", status, &body);

    // The vendor API sees the new state: the new owner reads it, the old one no longer can.
    let client = sim.gwell_client();
    let (_, info) = client
        .call("devInfo", dev_info(USER_2, "5188001415989"))
        .await;
    assert_eq!(info["code"], 0, "{info}");
    assert_eq!(info["data"]["deviceInfo"]["battery"], "12");
    assert_eq!(info["data"]["deviceInfo"]["firmwareVer"], "13.9.9.99");
    let (_, old_owner) = client
        .call("devInfo", dev_info(USER_1, "5188001415989"))
        .await;
    assert_eq!(old_owner["code"], 10010, "{old_owner}");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_removes_battery_and_packages_when_given_null() {
    let sim = TestSim::gwell().await;

    let (storage_status, storage) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415989",
        json!({"storage": null, "battery": null}),
    )
    .await;
    let (flow_status, flow) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415990",
        json!({"flow": null}),
    )
    .await;

    assert_eq!(storage_status, StatusCode::OK, "{storage}");
    assert_eq!(storage["storage"], Value::Null);
    assert_eq!(storage["battery"], Value::Null);
    assert_eq!(flow_status, StatusCode::OK, "{flow}");
    assert_eq!(flow["flow"], Value::Null);
    let (_, info) = sim
        .gwell_client()
        .call("devInfo", dev_info(USER_2, "5188001415990"))
        .await;
    assert_eq!(
        info["data"]["flowInfo"]["srvStatus"], 0,
        "no package: neutral values"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_unbinds_the_device_when_owner_is_null() {
    let sim = TestSim::gwell().await;

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415988",
        json!({"owner": null}),
    )
    .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["owner"], Value::Null);
    assert_eq!(body["guests"], json!([]));
    assert_eq!(body["bindTime"], 0);
    let (_, list) = sim.gwell_client().call("devList", dev_list(USER_2)).await;
    let ids: Vec<&Value> = list["data"]["deviceList"]
        .as_array()
        .expect("devices")
        .iter()
        .map(|d| &d["devId"])
        .collect();
    assert!(
        !ids.contains(&&json!(5188001415988_i64)),
        "the former guest no longer lists it: {list}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_takes_the_device_offline_when_long_offline_is_set() {
    let sim = TestSim::gwell().await;

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415988",
        json!({"longOffline": true}),
    )
    .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["longOffline"], true);
    assert_eq!(body["online"], false);
    let (_, info) = sim
        .gwell_client()
        .call("devInfo", dev_info(USER_1, "5188001415988"))
        .await;
    assert_eq!(info["code"], 0, "{info}");
    assert!(info["data"]["deviceInfo"].get("online").is_none(), "{info}");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_naming_the_key_when_it_is_unknown() {
    let sim = TestSim::gwell().await;

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415988",
        json!({"colour": "red"}),
    )
    .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "colour");
    snap("device_patch_unknown_key", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_field_battery_and_changes_nothing_when_out_of_range() {
    let sim = TestSim::gwell().await;
    let path = "worlds/default/devices/gwell/5188001415989";

    let (status, body) = patch(&sim, path, json!({"signal": 5, "battery": 101})).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "battery");
    let (_, device) = sim.get(path).await;
    assert_eq!(device["signal"], 64, "a refused patch changes nothing");
    assert_eq!(device["battery"], 76);
    snap("device_patch_battery_out_of_range", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_naming_the_field_when_a_code_is_out_of_range() {
    let sim = TestSim::gwell().await;
    let path = "worlds/default/devices/gwell/5188001415989";

    for (change, field) in [
        (json!({"powerMode": 3}), "powerMode"),
        (json!({"powerCharging": 4}), "powerCharging"),
        (json!({"noticeStatus": 2}), "noticeStatus"),
    ] {
        let (status, body) = patch(&sim, path, change).await;

        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["field"], field, "{body}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_when_owner_or_guest_is_not_a_user_of_the_app() {
    let sim = TestSim::gwell().await;
    let path = "worlds/default/devices/gwell/5188001415989";

    let (owner_status, owner) = patch(&sim, path, json!({"owner": "4242"})).await;
    let (guest_status, guest) = patch(&sim, path, json!({"guests": ["4242"]})).await;

    assert_eq!(owner_status, StatusCode::BAD_REQUEST, "{owner}");
    assert_eq!(owner["field"], "owner");
    assert_eq!(guest_status, StatusCode::BAD_REQUEST, "{guest}");
    assert_eq!(guest["field"], "guests");
    snap("device_patch_owner_not_a_user", owner_status, &owner);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_404_when_the_device_or_vendor_is_unknown() {
    let sim = TestSim::gwell().await;

    let (device_status, _) = patch(
        &sim,
        "worlds/default/devices/gwell/999",
        json!({"battery": 5}),
    )
    .await;
    let (vendor_status, vendor) = patch(
        &sim,
        "worlds/default/devices/acme/5188001415989",
        json!({"battery": 5}),
    )
    .await;

    assert_eq!(device_status, StatusCode::NOT_FOUND);
    assert_eq!(vendor_status, StatusCode::NOT_FOUND);
    assert_eq!(vendor["field"], "vendor");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// clock

async fn clock_change(sim: &TestSim, change: Value) -> (StatusCode, Value) {
    sim.post("worlds/default/clock", change).await
}

#[tokio::test]
async fn clock_get_shows_the_frozen_instant_when_the_scenario_freezes_it() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("worlds/default/clock").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["mode"], "frozen");
    assert_eq!(body["now"], "2026-11-22T08:00:00.000Z");
    assert_eq!(body["nowMs"], FROZEN_AT * 1000);
    snap("clock_frozen", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn clock_advance_moves_by_seconds_or_span_when_given_either() {
    let sim = TestSim::gwell().await;
    let start = FROZEN_AT * 1000;

    let (status, body) = clock_change(&sim, json!({"advance": 90})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["nowMs"], start + 90_000);

    let (_, body) = clock_change(&sim, json!({"advance": "-10m"})).await;
    assert_eq!(body["nowMs"], start + 90_000 - 600_000);

    let (_, body) = clock_change(&sim, json!({"advance": 1.5})).await;
    assert_eq!(body["nowMs"], start + 90_000 - 600_000 + 1_500);

    let (_, body) = clock_change(&sim, json!({"advance": "2h"})).await;
    assert_eq!(body["nowMs"], start - 508_500 + 7_200_000);
    assert_eq!(
        body["mode"], "frozen",
        "advancing keeps a frozen clock frozen"
    );
    snap("clock_advanced", status, &body);

    // The signature window follows the world clock: a client still at the old time is refused.
    let (_, answer) = sim.gwell_client().call("devList", dev_list(USER_1)).await;
    assert_eq!(answer["code"], 10007, "{answer}");
    assert_eq!(answer["msg"], "signature validate fail:-2");
    sim.shutdown().await;
}

#[tokio::test]
async fn clock_at_moves_to_the_instant_when_given_rfc3339_unix_or_relative() {
    let sim = TestSim::gwell().await;

    let (status, body) = clock_change(&sim, json!({"at": "2027-01-01T00:00:00Z"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["nowMs"], 1_798_761_600_000_i64);
    assert_eq!(body["now"], "2027-01-01T00:00:00.000Z");

    let (_, body) = clock_change(&sim, json!({"at": 1_800_000_000})).await;
    assert_eq!(body["nowMs"], 1_800_000_000_000_i64);

    let (_, body) = clock_change(&sim, json!({"at": "now-1h"})).await;
    assert_eq!(body["nowMs"], 1_800_000_000_000_i64 - 3_600_000);
    assert_eq!(body["mode"], "frozen");
    sim.shutdown().await;
}

#[tokio::test]
async fn clock_freeze_false_runs_on_from_the_frozen_instant_and_true_stops_it() {
    let sim = TestSim::gwell().await;
    let start = FROZEN_AT * 1000;

    let (status, running) = clock_change(&sim, json!({"freeze": false})).await;

    assert_eq!(status, StatusCode::OK, "{running}");
    assert_eq!(running["mode"], "real");
    let now = running["nowMs"].as_i64().expect("nowMs");
    assert!((start..start + 60_000).contains(&now), "{running}");

    let (status, frozen) = clock_change(&sim, json!({"freeze": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(frozen["mode"], "frozen");
    let (_, later) = sim.get("worlds/default/clock").await;
    assert_eq!(
        later["nowMs"], frozen["nowMs"],
        "a frozen clock stands still"
    );

    // Freeze and at together: frozen at exactly that instant.
    let (_, both) = clock_change(&sim, json!({"freeze": true, "at": FROZEN_AT})).await;
    assert_eq!(both["nowMs"], start);
    sim.shutdown().await;
}

#[tokio::test]
async fn clock_post_answers_400_field_advance_when_the_span_is_not_one() {
    let sim = TestSim::gwell().await;

    let (status, body) = clock_change(&sim, json!({"advance": "soon"})).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "advance");
    let (_, clock) = sim.get("worlds/default/clock").await;
    assert_eq!(clock["nowMs"], FROZEN_AT * 1000, "nothing changed");
    snap("clock_bad_advance", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn clock_post_answers_400_when_at_or_a_key_is_invalid() {
    let sim = TestSim::gwell().await;

    let (at_status, at) = clock_change(&sim, json!({"at": "yesterday"})).await;
    let (key_status, key) = clock_change(&sim, json!({"speed": 2})).await;

    assert_eq!(at_status, StatusCode::BAD_REQUEST, "{at}");
    assert!(
        at["error"]
            .as_str()
            .is_some_and(|e| e.contains("yesterday")),
        "{at}"
    );
    assert_eq!(key_status, StatusCode::BAD_REQUEST, "{key}");
    assert_eq!(key["field"], "speed");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// requests (the journal)

/// Five requests of known outcome, in this order (seq 1..=5).
async fn five_requests(sim: &TestSim) {
    let client = sim.gwell_client();
    let by_sn =
        json!({"appId": APP_ID, "appToken": APP_TOKEN, "sn": "876A2C0D1347", "accessId": USER_1});
    assert_eq!(client.call("devInfo", by_sn).await.1["code"], 0);
    assert_eq!(client.call("devList", dev_list(USER_2)).await.1["code"], 0);
    assert_eq!(
        client
            .call("devInfo", dev_info(USER_3, "5188001415988"))
            .await
            .1["code"],
        10010
    );
    let (status, _) = client.call("devNope", dev_list(USER_1)).await;
    assert_eq!(status, 404);
    let mut faulted = client.request("devInfo", &dev_info(USER_1, "5188001415989"));
    faulted
        .extra_headers
        .push(("X-Camsim-Error".into(), "10015".into()));
    let (_, answer) = read_json(client.send(&faulted).await).await;
    assert_eq!(answer["code"], 10015);
}

fn seqs(entries: &Value) -> Vec<u64> {
    entries
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .collect()
}

#[tokio::test]
async fn requests_list_shows_every_request_in_order_when_unfiltered() {
    let sim = TestSim::gwell().await;
    five_requests(&sim).await;

    let (status, body) = sim.get("worlds/default/requests").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(seqs(&body), [1, 2, 3, 4, 5]);
    assert_eq!(body[0]["endpoint"], "gwell.devInfo");
    assert_eq!(body[0]["device"], "5188001415988", "sn resolved to devId");
    assert_eq!(body[0]["auth"], "ok");
    assert_eq!(body[0]["code"], "0");
    assert_eq!(body[0]["time"], "2026-11-22T08:00:00.000Z");
    assert_eq!(body[3]["endpoint"], Value::Null);
    assert_eq!(body[3]["status"], 404);
    assert_eq!(body[3]["auth"], "skipped");
    assert_eq!(body[4]["fault"], "header");
    snap("requests_list", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_list_keeps_only_matching_entries_when_filtered() {
    let sim = TestSim::gwell().await;
    five_requests(&sim).await;
    let cases: [(&str, &[u64]); 17] = [
        ("endpoint=gwell.devInfo", &[1, 3, 5]),
        ("endpoint=gwell.devList", &[2]),
        ("vendor=gwell", &[1, 2, 3, 4, 5]),
        ("device=5188001415988", &[1, 3]),
        (
            "credential=0000175a370efbbe852dc1cd1b0b877e",
            &[1, 2, 3, 4, 5],
        ),
        ("auth=ok", &[1, 2, 3, 5]),
        ("auth=skipped", &[4]),
        ("code=10010", &[3, 4]),
        ("status=404", &[4]),
        ("method=post", &[1, 2, 3, 4, 5]),
        ("path=/openapi/custCloud/oss/devList", &[2]),
        ("fault=header", &[5]),
        ("since=3", &[4, 5]),
        ("bodyContains=876A2C0D1347", &[1]),
        ("limit=2", &[4, 5]),
        ("endpoint=gwell.devInfo&limit=1", &[5]),
        ("endpoint=gwell.devInfo&code=0", &[1]),
    ];

    for (query, expected) in cases {
        let (status, body) = sim.get(&format!("worlds/default/requests?{query}")).await;

        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(seqs(&body), expected, "{query}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_list_answers_400_naming_the_field_when_a_filter_is_invalid() {
    let sim = TestSim::gwell().await;

    for (query, field) in [
        ("limit=many", "limit"),
        ("status=teapot", "status"),
        ("since=yesterday", "since"),
        ("colour=red", "colour"),
    ] {
        let (status, body) = sim.get(&format!("worlds/default/requests?{query}")).await;

        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["field"], field, "{query}: {body}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_count_counts_matching_entries_when_given_a_matcher() {
    let sim = TestSim::gwell().await;
    five_requests(&sim).await;

    let (status, body) = sim
        .post(
            "worlds/default/requests/count",
            json!({"endpoint": "gwell.devInfo", "code": "0"}),
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"count": 1}));
    assert_eq!(sim.count("default", json!({})).await, 5);
    assert_eq!(sim.count("default", json!({"code": 10010})).await, 2);
    assert_eq!(
        sim.count(
            "default",
            json!({"device": "5188001415988", "auth": "ok", "bodyContains": USER_3})
        )
        .await,
        1
    );
    let (status, body) = sim.post("worlds/default/requests/count", Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], 5, "an empty body counts everything");
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_count_answers_400_naming_the_key_when_it_is_unknown() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post("worlds/default/requests/count", json!({"colour": "red"}))
        .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "colour");
    snap("requests_count_unknown_key", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_delete_clears_the_journal_and_reports_how_many_when_done() {
    let sim = TestSim::gwell().await;
    five_requests(&sim).await;

    let (status, body) = delete(&sim, "worlds/default/requests").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"cleared": 5}));
    assert_eq!(sim.count("default", json!({})).await, 0);
    let (_, answer) = sim.gwell_client().call("devList", dev_list(USER_1)).await;
    assert_eq!(answer["code"], 0);
    let (_, entries) = sim.get("worlds/default/requests").await;
    assert_eq!(seqs(&entries), [6], "sequence numbers keep counting");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// unknown routes

#[tokio::test]
async fn control_answers_404_naming_method_and_path_when_no_route_matches() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.get("nope").await;
    let (fault_status, fault) = sim.get("worlds/default/faults/f9").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("GET /_camsim/nope")),
        "{body}"
    );
    assert_eq!(fault_status, StatusCode::NOT_FOUND, "{fault}");
    snap("unknown_route", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn control_400s_name_the_field_and_what_it_expected_without_rust_types() {
    let sim = TestSim::gwell().await;
    let device = "worlds/default/devices/gwell/5188001415988";

    let cases = [
        (
            Method::PATCH,
            device,
            "{\"battery\":\"x\"}",
            Some("battery"),
            "whole number from 0 to 255",
        ),
        (Method::PATCH, device, "[1]", None, "JSON object"),
        (Method::PATCH, device, "", None, "empty"),
        (
            Method::PATCH,
            device,
            "{\"online\":",
            Some("online"),
            "ended",
        ),
        (
            Method::POST,
            "worlds/default/faults",
            "{\"vendor\":\"gwell\",\"error\":[1]}",
            Some("error"),
            "vendor code",
        ),
        (
            Method::POST,
            "worlds/default/faults",
            "{\"status\":\"x\"}",
            Some("status"),
            "whole number",
        ),
        (
            Method::POST,
            "worlds/default/clock",
            "{\"advance\":[1]}",
            Some("advance"),
            "a span like",
        ),
    ];
    for (method, path, body, field, words) in cases {
        let response = sim
            .http
            .request(method.clone(), sim.control_url(path))
            .body(body)
            .send()
            .await
            .expect("control answers");
        let (status, answer) = read_json(response).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{method} {path} {body}: {answer}"
        );
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(error.contains(words), "{body}: {answer}");
        for rust in ["u8", "u16", "f64", "untagged enum", "EOF"] {
            assert!(!error.contains(rust), "{body}: {answer}");
        }
        match field {
            Some(f) => assert_eq!(answer["field"], f, "{body}: {answer}"),
            None => assert!(answer.get("field").is_none_or(Value::is_null), "{answer}"),
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn control_answers_405_with_allow_when_the_method_is_wrong_on_a_known_path() {
    let sim = TestSim::spawn_worlds(&[GWELL_WORLD, SODALIFE_WORLD]).await;
    let paths = [
        ("worlds/sodalife-test/vendors/sodalife/authorize", "POST"),
        (
            "worlds/sodalife-test/vendors/sodalife/apps/1db3265caf6368a60eb1719b5f34cf15",
            "PATCH",
        ),
        ("health", "GET"),
        ("endpoints", "GET"),
        ("worlds", "GET, POST"),
        ("worlds/default", "GET, DELETE"),
        ("worlds/default/reset", "POST"),
        ("worlds/default/devices", "GET"),
        ("worlds/default/devices/gwell/5188001415988", "GET, PATCH"),
        ("worlds/default/faults", "GET, POST, DELETE"),
        ("worlds/default/faults/f1", "GET, DELETE"),
        ("worlds/default/clock", "GET, POST"),
        ("worlds/default/requests", "GET, DELETE"),
        ("worlds/default/requests/count", "POST"),
    ];

    for (path, allow) in paths {
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            let response = sim
                .http
                .request(method.clone(), sim.control_url(path))
                .body("{}")
                .send()
                .await
                .expect("control answers");
            let status = response.status();
            let allowed = allow.split(", ").any(|m| m == method.as_str());
            if allowed {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                continue;
            }
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            let header = response
                .headers()
                .get("allow")
                .and_then(|v| v.to_str().ok());
            assert_eq!(header, Some(allow), "{method} {path}");
            let (_, body) = read_json(response).await;
            assert!(
                body["error"].as_str().is_some_and(|e| e.contains(allow)),
                "{method} {path}: {body}"
            );
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_in_plain_words_when_the_body_is_empty_a_list_or_a_value() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.post_text("worlds?name=empty", "  \n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"].as_str().is_some_and(|e| e.contains("empty")),
        "{body}"
    );

    for text in ["[]", "5", "- a", "# a comment\n- a\n"] {
        let (status, body) = sim.post_text("worlds?name=not-a-mapping", text).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{text}: {body}");
        assert!(
            body["problems"]
                .to_string()
                .contains("a scenario is a mapping of keys"),
            "{text}: {body}"
        );
    }
    let (_, worlds) = sim.get("worlds").await;
    assert_eq!(
        worlds.as_array().map(Vec::len),
        Some(1),
        "no world was made"
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// the same binding and power rules as a scenario

#[tokio::test]
async fn worlds_post_answers_409_when_the_name_is_default_but_another_world_is_the_default() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post_text(
            "worlds?name=default",
            &second_world("ignored", SECOND_APP_ID),
        )
        .await;

    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, default) = sim.get("worlds/default").await;
    assert_eq!(default["name"], "gwell-test");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_field_guests_when_the_owner_would_be_a_guest() {
    let sim = TestSim::gwell().await;

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415988",
        json!({"guests": [USER_1]}),
    )
    .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "guests");
    let (_, device) = sim.get("worlds/default/devices/gwell/5188001415988").await;
    assert_eq!(
        device["guests"],
        json!([USER_2]),
        "a refused PATCH changes nothing"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_field_guests_when_an_unbound_device_would_be_shared() {
    let sim = TestSim::gwell().await;

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415988",
        json!({"owner": null, "guests": [USER_2]}),
    )
    .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "guests");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_field_storage_when_the_package_ends_before_it_starts() {
    let sim = TestSim::gwell().await;
    let storage = json!({"orderId": "X", "startTime": 1795000000, "endTime": 1794000000});

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415988",
        json!({ "storage": storage }),
    )
    .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "storage");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_makes_dev_info_report_a_mains_device_when_the_battery_is_removed() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let (status, body) = patch(
        &sim,
        "worlds/default/devices/gwell/5188001415989",
        json!({"battery": null}),
    )
    .await;
    let (_, info) = client
        .call("devInfo", dev_info(USER_1, "5188001415989"))
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(info["code"], 0, "{info}");
    let device = &info["data"]["deviceInfo"];
    assert_eq!(device["battery"], "");
    assert_eq!(device["powerMode"], "0");
    assert_eq!(device["powerCharging"], "0");
    sim.shutdown().await;
}
