//! Faults over real HTTP, all three ways in: a scenario's `faults:`, the control API
//! (`/_camsim/worlds/{w}/faults`) and the `X-Camsim-Error` / `X-Camsim-Delay` headers.
//! Wire answers are snapshotted under `snapshots/gwell/fault_*`, control-API refusals under
//! `snapshots/control/fault_*`.

use crate::assert_wire;
use crate::support::clients::{GwellClient, GwellRequest, gwell_signature};
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The Gwell fixture with rate limits off (tests here send more than 10 requests a second).
fn unlimited() -> String {
    GWELL_WORLD.replace("seed: 7\n", "seed: 7\nrateLimits: false\n")
}

/// The Gwell fixture (rate limits off) with a `faults:` section.
fn with_faults(faults_yaml: &str) -> String {
    format!("{}\nfaults:\n{faults_yaml}", unlimited())
}

fn dev_info(user: &str, dev_id: &str) -> Value {
    json!({"appId": APP_ID, "appToken": APP_TOKEN, "devId": dev_id, "accessId": user})
}

fn dev_info_by_sn(user: &str, sn: &str) -> Value {
    json!({"appId": APP_ID, "appToken": APP_TOKEN, "sn": sn, "accessId": user})
}

fn dev_list(user: &str) -> Value {
    json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": user})
}

/// Adds a rule through the control API, expecting 201; returns the rule.
async fn add_rule(sim: &TestSim, rule: Value) -> Value {
    let (status, body) = sim.post("worlds/default/faults", rule).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// A signed request with extra headers.
async fn call_with(
    client: &GwellClient,
    endpoint: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut request = client.request(endpoint, body);
    for (name, value) in headers {
        request
            .extra_headers
            .push((name.to_string(), value.to_string()));
    }
    read_json(client.send(&request).await).await
}

/// Sends a signed request without panicking on transport errors (drop, hang).
async fn try_send(
    client: &GwellClient,
    r: &GwellRequest,
    timeout: Duration,
) -> Result<reqwest::Response, reqwest::Error> {
    let timestamp = r.timestamp.to_string();
    let signature = gwell_signature(
        &r.key,
        &r.host,
        &r.access_id,
        &r.nonce,
        &timestamp,
        r.body.as_bytes(),
    );
    reqwest::Client::new()
        .post(format!("{}{}", client.base, r.path))
        .header("Content-Type", "application/json")
        .header("X-IotVideo-AccessID", &r.access_id)
        .header("X-IotVideo-Nonce", &r.nonce)
        .header("X-IotVideo-Timestamp", &timestamp)
        .header("X-IotVideo-Signature", signature)
        .timeout(timeout)
        .body(r.body.clone())
        .send()
        .await
}

fn snap_control(name: &str, status: StatusCode, body: &Value) {
    let recorded = json!({ "status": status.as_u16(), "body": body });
    snapshots("control").bind(|| insta::assert_yaml_snapshot!(name, recorded));
}

// ---------------------------------------------------------------------------------------------
// (1) scenario faults

#[tokio::test]
async fn scenario_fault_answers_its_error_for_the_device_when_asked_by_dev_id_or_sn() {
    let sim = TestSim::spawn(&with_faults(
        "  - endpoint: gwell.devInfo\n    device: \"5188001415989\"\n    error: 10012\n",
    ))
    .await;
    let client = sim.gwell_client();

    let by_id = client
        .send(&client.request("devInfo", &dev_info(USER_1, "5188001415989")))
        .await;
    let wire = Wire::of(by_id).await;
    let (_, by_sn) = client
        .call("devInfo", dev_info_by_sn(USER_1, "876A2C0D1348"))
        .await;
    let (_, other_device) = client
        .call("devInfo", dev_info(USER_1, "5188001415988"))
        .await;
    let (_, other_endpoint) = client.call("devList", dev_list(USER_1)).await;

    assert_eq!(wire.status, 200);
    assert_eq!(wire.body["code"], 10012);
    assert_eq!(wire.body["msg"], "no relevant results found");
    assert_eq!(by_sn["code"], 10012, "{by_sn}");
    assert_eq!(other_device["code"], 0, "{other_device}");
    assert_eq!(other_endpoint["code"], 0, "{other_endpoint}");
    assert_wire!("gwell", "fault_scenario_error", &wire);
    let (status, rules) = sim.get("worlds/default/faults").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rules[0]["id"], "f1");
    assert_eq!(rules[0]["source"], "scenario");
    assert_eq!(rules[0]["matched"], 2);
    assert_eq!(rules[0]["fired"], 2);
    assert_eq!(sim.count("default", json!({"fault": "f1"})).await, 2);
    snap_control("fault_scenario_rules", status, &rules);
    sim.shutdown().await;
}

#[tokio::test]
async fn scenario_fault_is_refused_with_line_and_column_when_its_code_is_unknown() {
    let sim = TestSim::gwell().await;
    let scenario = with_faults("  - endpoint: gwell.devInfo\n    error: 99999\n")
        .replace("name: gwell-test", "name: bad-faults")
        .replace(APP_ID, "0000ffff370efbbe852dc1cd1b0b877e");

    let (status, body) = sim.post_text("worlds", &scenario).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let problems = body["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{body}");
    let problem = problems[0].as_str().expect("text");
    assert!(
        problem.contains("fault: error: `99999` is not a gwell code; valid codes: 10001"),
        "{problem}"
    );
    let line: Option<u32> = problem.split(':').next().and_then(|l| l.parse().ok());
    assert!(line.is_some(), "starts with line:column: {problem}");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// (2) control API

#[tokio::test]
async fn faults_post_adds_a_rule_that_get_lists_and_delete_removes() {
    let sim = TestSim::spawn(&unlimited()).await;
    let client = sim.gwell_client();

    let (status, created) = sim
        .post(
            "worlds/default/faults",
            json!({"endpoint": "gwell.devList", "error": 10015}),
        )
        .await;

    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["id"], "f1");
    assert_eq!(created["source"], "control");
    assert_eq!(created["error"], "10015", "codes are kept as text");
    snap_control("fault_created", status, &created);
    let (_, answer) = client.call("devList", dev_list(USER_1)).await;
    assert_eq!(answer["code"], 10015);
    assert_eq!(answer["msg"], "frequent access denied");

    let (status, one) = sim.get("worlds/default/faults/f1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["fired"], 1);
    let second = add_rule(&sim, json!({"endpoint": "gwell.devInfo", "drop": true})).await;
    assert_eq!(second["id"], "f2");
    let (_, listed) = sim.get("worlds/default/faults").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(2));

    let (status, deleted) = sim
        .call(Method::DELETE, "worlds/default/faults/f1", Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(deleted, json!({"deleted": "f1"}));
    let (_, answer) = client.call("devList", dev_list(USER_1)).await;
    assert_eq!(answer["code"], 0, "the rule is gone: {answer}");
    let (status, _) = sim.get("worlds/default/faults/f1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sim
        .call(Method::DELETE, "worlds/default/faults/f1", Value::Null)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, cleared) = sim
        .call(Method::DELETE, "worlds/default/faults", Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cleared, json!({"cleared": 1}));
    let (_, listed) = sim.get("worlds/default/faults").await;
    assert_eq!(listed, json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn faults_post_answers_400_naming_the_field_when_the_rule_is_invalid() {
    let sim = TestSim::gwell().await;
    let cases = [
        (
            "fault_rule_unknown_code",
            json!({"endpoint": "gwell.devInfo", "error": 99999}),
            Some("error"),
        ),
        (
            "fault_rule_two_effects",
            json!({"endpoint": "gwell.devInfo", "error": 10012, "drop": true}),
            None,
        ),
        (
            "fault_rule_no_effect",
            json!({"endpoint": "gwell.devInfo"}),
            None,
        ),
        (
            "fault_rule_probability",
            json!({"endpoint": "gwell.devInfo", "error": 10012, "probability": 1.5}),
            Some("probability"),
        ),
        (
            "fault_rule_unknown_endpoint",
            json!({"endpoint": "gwell.devNope", "drop": true}),
            Some("endpoint"),
        ),
        (
            "fault_rule_unknown_device",
            json!({"endpoint": "gwell.devInfo", "device": "999", "drop": true}),
            Some("device"),
        ),
        (
            "fault_rule_error_without_vendor",
            json!({"error": 10012}),
            Some("error"),
        ),
        (
            "fault_rule_times_zero",
            json!({"endpoint": "gwell.devInfo", "drop": true, "times": 0}),
            Some("times"),
        ),
        (
            "fault_rule_bad_status",
            json!({"endpoint": "gwell.devInfo", "status": 700}),
            Some("status"),
        ),
        (
            "fault_rule_unknown_key",
            json!({"endpoint": "gwell.devInfo", "drop": true, "colour": "red"}),
            Some("colour"),
        ),
    ];

    for (name, rule, field) in cases {
        let (status, body) = sim.post("worlds/default/faults", rule).await;

        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
        assert_eq!(body["field"].as_str(), field, "{name}: {body}");
        snap_control(name, status, &body);
    }
    let (_, rules) = sim.get("worlds/default/faults").await;
    assert_eq!(rules, json!([]), "no refused rule was added");
    sim.shutdown().await;
}

#[tokio::test]
async fn faults_post_lists_every_valid_code_when_the_code_is_unknown() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .post(
            "worlds/default/faults",
            json!({"endpoint": "gwell.devInfo", "error": 99999}),
        )
        .await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = body["error"].as_str().expect("error text");
    for code in [
        "10001", "10003", "10007", "10010", "10012", "10015", "10016", "10017", "10020", "10026",
    ] {
        assert!(error.contains(code), "{code} missing: {error}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn faults_routes_answer_404_when_the_world_is_unknown() {
    let sim = TestSim::gwell().await;

    let (get_status, _) = sim.get("worlds/nowhere/faults").await;
    let (post_status, _) = sim
        .post(
            "worlds/nowhere/faults",
            json!({"endpoint": "gwell.devInfo", "drop": true}),
        )
        .await;

    assert_eq!(get_status, StatusCode::NOT_FOUND);
    assert_eq!(post_status, StatusCode::NOT_FOUND);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// (3) headers

/// The catalogue of Gwell's documentation, `%s` filled with `appId` as camsim does for injected codes.
const GWELL_CODES: [(i64, &str); 10] = [
    (10001, "missing parameter"),
    (10003, "parameter format error"),
    (10007, "signature validate fail:-3"),
    (10010, "no record found"),
    (10012, "no relevant results found"),
    (10015, "frequent access denied"),
    (10016, "parameter appId missing"),
    (10017, "parameter appId out of range"),
    (10020, "parameter appId is not a number"),
    (10026, "signature fail: token is expired"),
];

#[tokio::test]
async fn header_error_renders_each_catalogue_code_exactly_when_asked() {
    let sim = TestSim::spawn(&unlimited()).await;
    let client = sim.gwell_client();

    for (code, msg) in GWELL_CODES {
        let (status, body) = call_with(
            &client,
            "devInfo",
            &dev_info(USER_1, "5188001415988"),
            &[("X-Camsim-Error", &code.to_string())],
        )
        .await;

        assert_eq!(status, 200, "{code}");
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["msg"], msg, "{body}");
        let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["code", "msg", "requestId"], "{body}");
    }
    assert_eq!(sim.count("default", json!({"fault": "header"})).await, 10);
    sim.shutdown().await;
}

#[tokio::test]
async fn header_error_answers_10017_listing_valid_codes_when_the_code_is_unknown() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut request = client.request("devInfo", &dev_info(USER_1, "5188001415988"));
    request
        .extra_headers
        .push(("X-Camsim-Error".into(), "99999".into()));

    let wire = Wire::of(client.send(&request).await).await;
    let (_, zero) = call_with(
        &client,
        "devInfo",
        &dev_info(USER_1, "5188001415988"),
        &[("X-Camsim-Error", "0")],
    )
    .await;

    assert_eq!(wire.status, 200);
    assert_eq!(wire.body["code"], 10017);
    let msg = wire.body["msg"].as_str().expect("msg");
    assert!(
        msg.starts_with("parameter X-Camsim-Error out of range"),
        "{msg}"
    );
    for (code, _) in GWELL_CODES {
        assert!(msg.contains(&code.to_string()), "{code} missing: {msg}");
    }
    assert_eq!(zero["code"], 10017, "0 is success, not an error: {zero}");
    assert_wire!("gwell", "fault_header_unknown_code", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn header_delay_answers_correctly_after_at_least_the_delay_when_given() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let started = Instant::now();

    let (status, body) = call_with(
        &client,
        "devInfo",
        &dev_info(USER_1, "5188001415988"),
        &[("X-Camsim-Delay", "400")],
    )
    .await;

    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(status, 200);
    assert_eq!(body["code"], 0, "{body}");
    assert_eq!(body["data"]["deviceInfo"]["deviceId"], "5188001415988");
    let (_, entries) = sim.get("worlds/default/requests?fault=header").await;
    assert_eq!(entries.as_array().map(Vec::len), Some(1), "{entries}");
    sim.shutdown().await;
}

#[tokio::test]
async fn header_delay_answers_10017_naming_the_header_when_the_value_is_not_milliseconds() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut request = client.request("devInfo", &dev_info(USER_1, "5188001415988"));
    request
        .extra_headers
        .push(("X-Camsim-Delay".into(), "soon".into()));

    let wire = Wire::of(client.send(&request).await).await;

    assert_eq!(wire.status, 200);
    assert_eq!(wire.body["code"], 10017);
    assert!(
        wire.body["msg"]
            .as_str()
            .is_some_and(|m| m.contains("X-Camsim-Delay") && m.contains("soon")),
        "{:?}",
        wire.body
    );
    assert_wire!("gwell", "fault_header_bad_delay", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn header_delay_and_error_together_answer_the_error_after_the_delay() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let started = Instant::now();

    let (_, body) = call_with(
        &client,
        "devList",
        &dev_list(USER_1),
        &[("X-Camsim-Delay", "200"), ("X-Camsim-Error", "10026")],
    )
    .await;

    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(body["code"], 10026, "{body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn header_faults_still_need_a_valid_signature_when_sent() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut request = client.request("devInfo", &dev_info(USER_1, "5188001415988"));
    request.key = "wrong-key".into();
    request
        .extra_headers
        .push(("X-Camsim-Error".into(), "10012".into()));

    let (_, body) = read_json(client.send(&request).await).await;

    assert_eq!(body["code"], 10007, "faults act after auth: {body}");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// effects

#[tokio::test]
async fn fault_error_uses_the_message_override_when_one_is_given() {
    let sim = TestSim::spawn(&unlimited()).await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devInfo", "device": "5188001415988", "error": 10010, "message": "device is sleeping"}),
    )
    .await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devInfo", "device": "5188001415989", "error": 10010}),
    )
    .await;
    let client = sim.gwell_client();

    let wire = Wire::of(
        client
            .send(&client.request("devInfo", &dev_info(USER_1, "5188001415988")))
            .await,
    )
    .await;
    let (_, plain) = client
        .call("devInfo", dev_info(USER_1, "5188001415989"))
        .await;

    assert_eq!(wire.status, 200);
    assert_eq!(wire.body["code"], 10010);
    assert_eq!(wire.body["msg"], "device is sleeping");
    assert_eq!(plain["code"], 10010);
    assert_eq!(plain["msg"], "no record found");
    assert_wire!("gwell", "fault_error_message_override", &wire);
    assert_eq!(
        sim.count("default", json!({"fault": "f1", "code": "10010"}))
            .await,
        1
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_status_answers_a_gateway_html_page_when_the_rule_sets_503() {
    let sim = TestSim::gwell().await;
    add_rule(&sim, json!({"endpoint": "gwell.devInfo", "status": 503})).await;
    let client = sim.gwell_client();

    let wire = Wire::of(
        client
            .send(&client.request("devInfo", &dev_info(USER_1, "5188001415988")))
            .await,
    )
    .await;

    assert_eq!(wire.status, 503);
    assert_eq!(wire.content_type, "text/html");
    assert!(
        wire.body
            .as_str()
            .is_some_and(|b| b.contains("503 Service Unavailable")),
        "{:?}",
        wire.body
    );
    assert_wire!("gwell", "fault_status_503", &wire);
    assert_eq!(
        sim.count("default", json!({"fault": "f1", "status": 503}))
            .await,
        1
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_delay_answers_correctly_after_at_least_the_delay_when_the_rule_delays() {
    let sim = TestSim::gwell().await;
    add_rule(&sim, json!({"endpoint": "gwell.devInfo", "delayMs": 300})).await;
    let client = sim.gwell_client();
    let started = Instant::now();

    let (status, body) = client
        .call("devInfo", dev_info(USER_1, "5188001415988"))
        .await;

    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(status, 200);
    assert_eq!(body["code"], 0, "{body}");
    assert_eq!(body["data"]["deviceInfo"]["deviceId"], "5188001415988");
    assert_eq!(
        sim.count("default", json!({"fault": "f1", "code": "0"}))
            .await,
        1
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_drop_gives_the_client_a_connection_error_when_the_rule_drops() {
    let sim = TestSim::gwell().await;
    add_rule(&sim, json!({"endpoint": "gwell.devInfo", "drop": true})).await;
    let client = sim.gwell_client();
    let request = client.request("devInfo", &dev_info(USER_1, "5188001415988"));

    let result = try_send(&client, &request, Duration::from_secs(5)).await;

    let err = result.expect_err("the connection is dropped");
    assert!(!err.is_timeout(), "dropped, not timed out: {err}");
    let (_, entries) = sim.get("worlds/default/requests?fault=f1").await;
    assert_eq!(entries[0]["status"], 0, "{entries}");
    assert_eq!(entries[0]["code"], Value::Null);
    let (_, list) = client.call("devList", dev_list(USER_1)).await;
    assert_eq!(list["code"], 0, "other endpoints still answer");
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_hang_times_the_client_out_while_camsim_keeps_serving_others() {
    let sim = TestSim::gwell().await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devList", "hang": true, "times": 1}),
    )
    .await;
    let client = sim.gwell_client();
    let request = client.request("devList", &dev_list(USER_1));

    let result = try_send(&client, &request, Duration::from_millis(300)).await;

    let err = result.expect_err("never answered");
    assert!(err.is_timeout(), "{err}");
    let (_, info) = client
        .call("devInfo", dev_info(USER_1, "5188001415988"))
        .await;
    assert_eq!(info["code"], 0, "{info}");
    let (_, list) = client.call("devList", dev_list(USER_1)).await;
    assert_eq!(list["code"], 0, "times: 1 hangs only once: {list}");
    assert_eq!(
        sim.count("default", json!({"fault": "f1", "status": 0}))
            .await,
        1
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_malformed_answers_200_with_a_body_that_is_not_json() {
    let sim = TestSim::gwell().await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devInfo", "malformed": true}),
    )
    .await;
    let client = sim.gwell_client();

    let response = client
        .send(&client.request("devInfo", &dev_info(USER_1, "5188001415988")))
        .await;
    let status = response.status();
    let text = response.text().await.expect("body");

    assert_eq!(status, 200);
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert!(
        text.starts_with(r#"{"code":0,"#),
        "half a real answer: {text}"
    );
    assert_eq!(sim.count("default", json!({"fault": "f1"})).await, 1);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// matching and limits

#[tokio::test]
async fn fault_matches_on_params_when_the_rule_names_a_parameter_value() {
    let sim = TestSim::spawn(&unlimited()).await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devList", "params": {"accessId": USER_2}, "error": 10012}),
    )
    .await;
    let client = sim.gwell_client();

    let (_, user_2) = client.call("devList", dev_list(USER_2)).await;
    let (_, user_1) = client.call("devList", dev_list(USER_1)).await;
    let (_, info) = client
        .call("devInfo", dev_info(USER_2, "5188001415990"))
        .await;

    assert_eq!(user_2["code"], 10012, "{user_2}");
    assert_eq!(user_1["code"], 0, "{user_1}");
    assert_eq!(info["code"], 0, "another endpoint: {info}");
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_times_fires_exactly_n_times_then_answers_for_real() {
    let sim = TestSim::spawn(&unlimited()).await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devList", "error": 10015, "times": 2}),
    )
    .await;
    let client = sim.gwell_client();

    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(client.call("devList", dev_list(USER_1)).await.1["code"].clone());
    }

    assert_eq!(codes, [json!(10015), json!(10015), json!(0), json!(0)]);
    let (_, rule) = sim.get("worlds/default/faults/f1").await;
    assert_eq!(rule["matched"], 4);
    assert_eq!(rule["fired"], 2);
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_after_lets_the_first_n_through_then_fires() {
    let sim = TestSim::spawn(&unlimited()).await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devList", "error": 10012, "after": 2}),
    )
    .await;
    let client = sim.gwell_client();

    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(client.call("devList", dev_list(USER_1)).await.1["code"].clone());
    }

    assert_eq!(codes, [json!(0), json!(0), json!(10012), json!(10012)]);
    sim.shutdown().await;
}

/// 50 devInfo calls in a fresh world whose rule fires with probability 0.5: which ones failed.
async fn fifty_with_probability() -> Vec<bool> {
    let sim = TestSim::spawn(&with_faults(
        "  - endpoint: gwell.devInfo\n    error: 10012\n    probability: 0.5\n",
    ))
    .await;
    let client = sim.gwell_client();
    let mut fired = Vec::new();
    for _ in 0..50 {
        let (_, body) = client
            .call("devInfo", dev_info(USER_1, "5188001415988"))
            .await;
        fired.push(body["code"] == 10012);
    }
    let counted = sim.count("default", json!({"fault": "f1"})).await;
    assert_eq!(
        counted,
        fired.iter().filter(|f| **f).count() as u64,
        "the journal names the rule each time it fired"
    );
    sim.shutdown().await;
    fired
}

#[tokio::test]
async fn fault_probability_fires_on_the_same_requests_when_the_seed_is_the_same() {
    let first = fifty_with_probability().await;
    let second = fifty_with_probability().await;

    assert_eq!(first, second);
    let fired = first.iter().filter(|f| **f).count();
    assert!(fired > 0 && fired < 50, "p=0.5 fired {fired} of 50");
}

#[tokio::test]
async fn fault_rules_are_tried_in_order_when_several_match() {
    let sim = TestSim::spawn(&unlimited()).await;
    add_rule(
        &sim,
        json!({"endpoint": "gwell.devList", "error": 10015, "times": 1}),
    )
    .await;
    add_rule(&sim, json!({"vendor": "gwell", "error": 10026})).await;
    let client = sim.gwell_client();

    let (_, first) = client.call("devList", dev_list(USER_1)).await;
    let (_, second) = client.call("devList", dev_list(USER_1)).await;

    assert_eq!(first["code"], 10015);
    assert_eq!(second["code"], 10026, "the first rule is spent");
    assert_eq!(sim.count("default", json!({"fault": "f2"})).await, 1);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// concurrency

#[tokio::test]
async fn fault_delay_never_blocks_another_request_to_the_same_world() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let slow_body = dev_info(USER_1, "5188001415988");
    let slow = async {
        let answer = call_with(
            &client,
            "devInfo",
            &slow_body,
            &[("X-Camsim-Delay", "1500")],
        )
        .await;
        (Instant::now(), answer)
    };
    let fast = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let answer = client.call("devList", dev_list(USER_1)).await;
        (Instant::now(), answer)
    };

    let ((slow_done, (_, slow_answer)), (fast_done, (_, fast_answer))) = tokio::join!(slow, fast);

    assert_eq!(slow_answer["code"], 0, "{slow_answer}");
    assert_eq!(fast_answer["code"], 0, "{fast_answer}");
    assert!(
        fast_done < slow_done,
        "the undelayed request finished first"
    );
    sim.shutdown().await;
}
