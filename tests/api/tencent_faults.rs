//! Tencent errors on demand over real HTTP: every action answers any catalogue code, asked for
//! with the `X-Camsim-Error` header or a world fault rule (control API), rendered exactly as
//! Tencent renders errors (HTTP 200, `{"Response":{"Error":{"Code","Message"},"RequestId"}}`,
//! the catalogue message in the language asked for, or the rule's own message). Snapshots
//! under `snapshots/tencent/faults_*`.

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::tencent_client::{TencentClient, VIDEO_PRODUCT};
use crate::tencent_protocol::{
    Raw, Signing, assert_code, assert_envelope, authorization, send, signed, snapshot_languages,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WORLD: &str = "tencent-test";

/// The Tencent actions `camsim routes` lists (the control API's `endpoints`), without the media
/// links (which are not API actions).
async fn actions(sim: &TestSim) -> Vec<String> {
    let (status, routes) = sim.get("endpoints").await;
    assert_eq!(status, StatusCode::OK, "{routes}");
    routes
        .as_array()
        .expect("a list")
        .iter()
        .filter(|r| {
            r["vendor"] == "tencent"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with("/ (X-TC-Action"))
        })
        .map(|r| {
            let id = r["id"].as_str().expect("an id");
            id.strip_prefix("tencent.")
                .expect("a tencent id")
                .to_string()
        })
        .collect()
}

/// A signed POST of `action` asking for `code` with `X-Camsim-Error`.
fn faulted(client: &TencentClient, action: &str, body: &Value, code: &str) -> Raw {
    Raw::post(client, action, body).set("X-Camsim-Error", code)
}

fn device(name: &str) -> Value {
    json!({"ProductId": VIDEO_PRODUCT, "DeviceName": name})
}

/// The codes camsim accepts, as the refusal of an unknown one lists them.
async fn catalogue(client: &TencentClient) -> Vec<String> {
    let raw = faulted(client, "DescribeDevice", &device("p2p_full"), "Nope")
        .set("X-TC-Language", "en-US");
    let answer = signed(client, &raw).await;
    let message = assert_code(&answer, "InvalidParameterValue");
    let list = message
        .split_once("valid codes: ")
        .map(|(_, list)| list.trim_end_matches('.'))
        .unwrap_or_else(|| panic!("the codes are listed: {message}"));
    list.split(", ").map(str::to_string).collect()
}

/// Adds a fault rule to the test world, expecting 201; returns it.
async fn add_rule(sim: &TestSim, rule: Value) -> Value {
    let (status, body) = sim.post(&format!("worlds/{WORLD}/faults"), rule).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

#[tokio::test]
async fn every_action_answers_any_catalogue_code_in_either_language_when_x_camsim_error_asks() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let actions = actions(&sim).await;
    let codes = catalogue(&client).await;
    assert_eq!(actions.len(), 24, "{actions:?}");
    assert!(codes.len() >= 40, "{codes:?}");
    for code in [
        "AuthFailure.SignatureFailure",
        "InternalError",
        "UnsupportedOperation",
    ] {
        assert!(codes.iter().any(|c| c == code), "{code} in {codes:?}");
    }

    // Every action and every code at least once: the shorter list goes round again.
    for i in 0..actions.len().max(codes.len()) {
        let (action, code) = (&actions[i % actions.len()], &codes[i % codes.len()]);
        let raw = faulted(&client, action, &device("p2p_full"), code);
        let zh = signed(&client, &raw).await;
        let en = signed(&client, &raw.clone().set("X-TC-Language", "en-US")).await;
        let zh_message = assert_code(&zh, code);
        let en_message = assert_code(&en, code);
        assert!(
            !en_message.is_empty() && en_message.is_ascii(),
            "{action} {code}: {en_message}"
        );
        assert!(
            zh_message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{action} {code}: {zh_message}"
        );
    }

    for (action, code, name) in [
        (
            "CreateCloudStorage",
            "InternalError",
            "faults_create_cloud_storage_internal_error",
        ),
        (
            "DescribeCloudStorageTime",
            "UnsupportedOperation",
            "faults_describe_cloud_storage_time_unsupported_operation",
        ),
        (
            "GenerateSignedVideoURL",
            "AuthFailure.UnauthorizedOperation",
            "faults_generate_signed_video_url_unauthorized_operation",
        ),
    ] {
        let raw = faulted(&client, action, &device("p2p_full"), code);
        let auth = authorization(&raw, &Signing::of(&client));
        snapshot_languages(&client, name, &raw, Some(&auth), code).await;
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_the_header_fault_when_its_parameters_and_version_are_wrong() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    // Nothing about this call is right but its signature: the fault answers first.
    let raw = faulted(
        &client,
        "DescribeDevice",
        &json!({"Nope": 1}),
        "ResourceUnavailable",
    )
    .without("X-TC-Version");

    let answer = signed(&client, &raw).await;
    let (status, entries) = sim.get(&format!("worlds/{WORLD}/requests?limit=1")).await;

    assert_code(&answer, "ResourceUnavailable");
    assert_eq!(answer.message(), "资源不可用。");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entries[0]["fault"], "header");
    assert_eq!(entries[0]["auth"], "ok");
    assert_eq!(entries[0]["code"], "ResourceUnavailable");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_refuses_naming_the_header_when_x_camsim_error_is_not_a_catalogue_code() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut answers = Vec::new();
    for code in ["Nope", "internalerror", "0", ""] {
        let raw = faulted(&client, "DescribeDevice", &device("p2p_full"), code)
            .set("X-TC-Language", "en-US");
        answers.push((code, signed(&client, &raw).await));
    }
    let bad_delay = signed(
        &client,
        &Raw::post(&client, "DescribeDevice", &device("p2p_full")).set("X-Camsim-Delay", "soon"),
    )
    .await;

    for (code, answer) in &answers {
        let message = assert_code(answer, "InvalidParameterValue");
        assert!(
            message.starts_with(&format!(
                "The value of parameter `X-Camsim-Error` is invalid: `{code}` is not a tencent code; valid codes: ActionOffline, "
            )),
            "{message}"
        );
    }
    let message = assert_code(&bad_delay, "InvalidParameterValue");
    assert!(message.contains("`X-Camsim-Delay`"), "{message}");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_signature_failure_when_a_fault_header_comes_with_a_wrong_key() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = faulted(
        &client,
        "DescribeDevice",
        &device("p2p_full"),
        "InternalError",
    );
    let wrong = authorization(
        &raw,
        &Signing::of(&client).with(|s| s.key = "not the key".into()),
    );

    let answer = send(&client, &raw, Some(&wrong)).await;

    assert_code(&answer, "AuthFailure.SignatureFailure");
    sim.shutdown().await;
}

#[tokio::test]
async fn create_cloud_storage_answers_a_fault_rules_code_with_the_rules_message_in_every_language()
{
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let rule = add_rule(
        &sim,
        json!({
            "endpoint": "tencent.CreateCloudStorage",
            "error": "UnsupportedOperation",
            "message": "device already has a package",
            "times": 2,
        }),
    )
    .await;
    let body = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_none", "PackageId": "yc1m3d"});
    let raw = Raw::post(&client, "CreateCloudStorage", &body);

    let zh = signed(&client, &raw).await;
    let en = signed(&client, &raw.clone().set("X-TC-Language", "en-US")).await;
    let third = signed(&client, &raw).await;
    let (_, entries) = sim.get(&format!("worlds/{WORLD}/requests?limit=3")).await;

    for answer in [&zh, &en] {
        assert_eq!(
            assert_code(answer, "UnsupportedOperation"),
            "device already has a package"
        );
    }
    assert_envelope(&third);
    assert_ne!(
        third.message(),
        "device already has a package",
        "fired twice only"
    );
    assert_eq!(entries[0]["fault"], rule["id"]);
    assert_eq!(entries[1]["fault"], rule["id"]);
    assert_eq!(entries[2]["fault"], Value::Null);
    assert_wire!(
        "tencent",
        "faults_rule_message",
        json!({"zh-CN": zh.wire(), "en-US": en.wire()})
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_answers_a_fault_rules_code_with_the_catalogue_message_in_the_language_asked_for()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    add_rule(
        &sim,
        json!({"endpoint": "tencent.DescribeCloudStorage", "error": "ResourceNotFound"}),
    )
    .await;
    let raw = Raw::post(&client, "DescribeCloudStorage", &device("p2p_full"));
    let auth = authorization(&raw, &Signing::of(&client));

    let answer = signed(&client, &raw).await;
    let other_action = signed(
        &client,
        &Raw::post(&client, "DescribeDevice", &device("p2p_full")),
    )
    .await;

    assert_eq!(assert_code(&answer, "ResourceNotFound"), "资源不存在。");
    assert_eq!(other_action.ok()["DeviceName"], "p2p_full");
    snapshot_languages(
        &client,
        "faults_rule_catalogue_message",
        &raw,
        Some(&auth),
        "ResourceNotFound",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_a_fault_rule_only_for_the_device_and_parameters_it_names() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    add_rule(
        &sim,
        json!({
            "endpoint": "tencent.DescribeDevice",
            "device": format!("{VIDEO_PRODUCT}:p2p_event"),
            "error": "InvalidParameter",
            "message": "device not exist",
        }),
    )
    .await;
    add_rule(
        &sim,
        json!({
            "endpoint": "tencent.WakeUpDevice",
            "params": {"DeviceName": "p2p_battery"},
            "error": "FailedOperation",
        }),
    )
    .await;

    let named = signed(
        &client,
        &Raw::post(&client, "DescribeDevice", &device("p2p_event")),
    )
    .await;
    let named_by_get = signed(
        &client,
        &Raw::get(
            &client,
            "DescribeDevice",
            &format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p_event"),
        ),
    )
    .await;
    let other = signed(
        &client,
        &Raw::post(&client, "DescribeDevice", &device("p2p_full")),
    )
    .await;
    let woken = signed(
        &client,
        &Raw::post(&client, "WakeUpDevice", &device("p2p_battery")),
    )
    .await;
    let by_query = signed(
        &client,
        &Raw::get(
            &client,
            "WakeUpDevice",
            &format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p_battery"),
        ),
    )
    .await;
    let not_woken = signed(
        &client,
        &Raw::post(&client, "WakeUpDevice", &device("p2p_full")),
    )
    .await;

    for answer in [&named, &named_by_get] {
        assert_eq!(assert_code(answer, "InvalidParameter"), "device not exist");
    }
    assert_eq!(other.ok()["DeviceName"], "p2p_full");
    for answer in [&woken, &by_query] {
        assert_eq!(assert_code(answer, "FailedOperation"), "操作失败。");
    }
    assert_envelope(&not_woken);
    assert_eq!(not_woken.code(), None, "{}", not_woken.body);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_code_asked_of_a_media_link_comes_as_the_media_hosts_xml_page() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let time = client
        .call(
            "DescribeCloudStorageTime",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full", "Date": "2026-11-22"}),
        )
        .await;
    let base = time.ok()["Data"]["VideoURL"]
        .as_str()
        .expect("VideoURL")
        .to_string();
    for (code, status) in [
        ("InternalError", 500),
        ("AuthFailure.SignatureExpire", 403),
        ("ResourceNotFound", 404),
        ("RequestLimitExceeded", 503),
        ("InvalidParameter", 400),
    ] {
        let answer = client
            .http
            .get(&base)
            .header("X-Camsim-Error", code)
            .send()
            .await
            .expect("camsim answers");
        assert_eq!(answer.status().as_u16(), status, "{code}");
        assert_eq!(
            answer.headers()["content-type"].to_str().unwrap_or(""),
            "application/xml"
        );
        let body = answer.text().await.unwrap_or_default();
        assert!(body.contains(&format!("<Code>{code}</Code>")), "{body}");
    }
    sim.shutdown().await;
}
