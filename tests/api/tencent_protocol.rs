//! Tencent Cloud API 3.0 over real HTTP: the envelope, TC3-HMAC-SHA256 as the gateway checks
//! it, the timestamp window on the world clock, the SecretId picking the world, the two
//! local-endpoint deviations of the official SDKs, the GET and form forms, the common error
//! codes with their messages in zh-CN and en-US, the journal, the rate limit, and the
//! `camsim sign tencent` / `camsim call tencent` commands.
//!
//! Each distinct error shape is snapshotted once with both languages side by side
//! (`snapshots/tencent/protocol_*.snap`).

use crate::assert_wire;
use crate::lifecycle::{CAMSIM, Served};
use crate::support::tencent_client::{
    APP_ID, Answer, IMAGE_PRODUCT, SECRET_ID, SECRET_ID_2, SECRET_KEY, SECRET_KEY_2, TencentClient,
    VERSION, VIDEO_PRODUCT,
};
use crate::support::{FROZEN_AT, TestSim};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

const WORLD: &str = "tencent-test";

// ---------------------------------------------------------------------------------------------
// A request as a client sends it, every part changeable after it is signed, and a TC3 signer of
// its own whose every input can be bent (written from the Tencent documentation, not camsim's).

/// A request on the wire: method, query, headers in the order sent, body.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub method: Method,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Raw {
    /// A JSON POST of `action`, as the SDKs send it, signed at the client's time.
    pub(crate) fn post(client: &TencentClient, action: &str, body: &Value) -> Raw {
        Raw::new(
            client,
            Method::POST,
            action,
            "",
            "application/json",
            body.to_string(),
        )
    }

    /// The GET form: `query` exactly as written.
    pub(crate) fn get(client: &TencentClient, action: &str, query: &str) -> Raw {
        Raw::new(
            client,
            Method::GET,
            action,
            query,
            "application/x-www-form-urlencoded",
            String::new(),
        )
    }

    fn new(
        client: &TencentClient,
        method: Method,
        action: &str,
        query: &str,
        content_type: &str,
        body: String,
    ) -> Raw {
        Raw {
            method,
            query: query.into(),
            headers: vec![
                ("Content-Type".into(), content_type.into()),
                ("X-TC-Action".into(), action.into()),
                ("X-TC-Timestamp".into(), client.now.to_string()),
                ("X-TC-Version".into(), VERSION.into()),
                ("X-TC-Region".into(), "ap-guangzhou".into()),
            ],
            body,
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets (or adds) header `name`.
    pub(crate) fn set(mut self, name: &str, value: &str) -> Raw {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }

    pub(crate) fn without(mut self, name: &str) -> Raw {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }
}

/// What goes into a signature; `Signing::of(client)` is what the SDKs do.
#[derive(Debug, Clone)]
pub(crate) struct Signing {
    pub secret_id: String,
    pub key: String,
    /// The `host` value signed.
    pub host: String,
    pub service: String,
    /// The credential scope's date; `None`: the timestamp's UTC date.
    pub date: Option<String>,
    /// The signed header names, lower case, in order.
    pub signed: Vec<String>,
    /// The payload hashed; `None`: the body.
    pub payload: Option<String>,
}

impl Signing {
    pub(crate) fn of(client: &TencentClient) -> Signing {
        Signing {
            secret_id: client.secret_id.clone(),
            key: client.secret_key.clone(),
            host: client.host(),
            service: "iotvideo".into(),
            date: None,
            signed: vec!["content-type".into(), "host".into()],
            payload: None,
        }
    }

    pub(crate) fn with(mut self, change: impl FnOnce(&mut Signing)) -> Signing {
        change(&mut self);
        self
    }
}

fn hmac(key: &[u8], msg: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key");
    mac.update(msg.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn utc_date(timestamp: i64) -> String {
    chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The `Authorization` header TC3-HMAC-SHA256 gives `raw` as it is now.
pub(crate) fn authorization(raw: &Raw, s: &Signing) -> String {
    let timestamp = raw.header("X-TC-Timestamp").unwrap_or("0");
    let mut headers = String::new();
    for name in &s.signed {
        let value = if name == "host" {
            s.host.clone()
        } else {
            raw.header(name).unwrap_or("").trim().to_ascii_lowercase()
        };
        headers.push_str(&format!("{name}:{value}\n"));
    }
    let signed = s.signed.join(";");
    let payload = sha256_hex(s.payload.as_deref().unwrap_or(&raw.body).as_bytes());
    let canonical = format!(
        "{}\n/\n{}\n{headers}\n{signed}\n{payload}",
        raw.method.as_str(),
        raw.query
    );
    let date = s
        .date
        .clone()
        .unwrap_or_else(|| utc_date(timestamp.parse().unwrap_or(0)));
    let scope = format!("{date}/{}/tc3_request", s.service);
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let k_date = hmac(format!("TC3{}", s.key).as_bytes(), &date);
    let k_service = hmac(&k_date, &s.service);
    let k_signing = hmac(&k_service, "tc3_request");
    let signature = hex::encode(hmac(&k_signing, &to_sign));
    format!(
        "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
        s.secret_id
    )
}

/// Sends `raw` with `auth` as `Authorization` (`None`: no such header).
pub(crate) async fn send(client: &TencentClient, raw: &Raw, auth: Option<&str>) -> Answer {
    let url = if raw.query.is_empty() {
        format!("{}/", client.base)
    } else {
        format!("{}/?{}", client.base, raw.query)
    };
    let mut req = client.http.request(raw.method.clone(), url);
    for (name, value) in &raw.headers {
        req = req.header(name, value);
    }
    if let Some(auth) = auth {
        req = req.header("Authorization", auth);
    }
    if !raw.body.is_empty() {
        req = req.body(raw.body.clone());
    }
    Answer::of(req.send().await.expect("camsim answers")).await
}

/// Signs `raw` as the SDKs do and sends it.
pub(crate) async fn signed(client: &TencentClient, raw: &Raw) -> Answer {
    let auth = authorization(raw, &Signing::of(client));
    send(client, raw, Some(&auth)).await
}

/// Every answer of the API: HTTP 200, exactly `application/json`, a v4 UUID as RequestId.
pub(crate) fn assert_envelope(answer: &Answer) {
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    let id = answer.response()["RequestId"]
        .as_str()
        .unwrap_or_else(|| panic!("a RequestId in {}", answer.body));
    assert!(uuid_v4(id), "RequestId {id} is a v4 UUID");
}

fn uuid_v4(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && id
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

/// Asserts the answer is the error `code` in Tencent's envelope; returns its message.
pub(crate) fn assert_code<'a>(answer: &'a Answer, code: &str) -> &'a str {
    assert_envelope(answer);
    assert_eq!(answer.code(), Some(code), "{}", answer.body);
    let response = answer.response().as_object().expect("an object");
    assert_eq!(
        response.len(),
        2,
        "only Error and RequestId: {}",
        answer.body
    );
    let error = response["Error"].as_object().expect("Error is an object");
    assert_eq!(error.len(), 2, "only Code and Message: {}", answer.body);
    answer.message()
}

/// Sends `raw` in zh-CN and in en-US (the language is not signed) and snapshots both answers as
/// `protocol_<name>`, after checking both carry `code`.
async fn snapshot_both(
    client: &TencentClient,
    name: &str,
    raw: &Raw,
    auth: Option<&str>,
    code: &str,
) {
    snapshot_languages(client, &format!("protocol_{name}"), raw, auth, code).await;
}

/// Sends `raw` in zh-CN and in en-US and snapshots both answers as `snapshot`, after checking
/// both carry `code`, the English message in ASCII and the Chinese one not.
pub(crate) async fn snapshot_languages(
    client: &TencentClient,
    snapshot: &str,
    raw: &Raw,
    auth: Option<&str>,
    code: &str,
) {
    let zh = send(client, &raw.clone().set("X-TC-Language", "zh-CN"), auth).await;
    let en = send(client, &raw.clone().set("X-TC-Language", "en-US"), auth).await;
    assert_code(&zh, code);
    assert_code(&en, code);
    assert!(
        en.message().is_ascii() && !zh.message().is_ascii(),
        "{} / {}",
        en.message(),
        zh.message()
    );
    assert_wire!(
        "tencent",
        snapshot,
        json!({"zh-CN": zh.wire(), "en-US": en.wire()})
    );
}

fn device(name: &str) -> Value {
    json!({"ProductId": VIDEO_PRODUCT, "DeviceName": name})
}

fn describe(client: &TencentClient) -> Raw {
    Raw::post(client, "DescribeDevice", &device("p2p_full"))
}

/// Moves the test world's clock by `advance` (seconds or a span); returns the new time.
async fn advance_clock(sim: &TestSim, advance: Value) -> i64 {
    let (status, body) = sim
        .post(
            &format!("worlds/{WORLD}/clock"),
            json!({ "advance": advance }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["nowMs"].as_i64().expect("nowMs") / 1000
}

/// The journal's newest `n` entries, oldest first.
async fn journal(sim: &TestSim, n: usize) -> Vec<Value> {
    let (status, body) = sim.get(&format!("worlds/{WORLD}/requests?limit={n}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().cloned().expect("a list")
}

// ---------------------------------------------------------------------------------------------
// The envelope

#[tokio::test]
async fn describe_device_answers_in_tencents_envelope_when_signed_with_either_key() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call(
            "DescribeDevice",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full"}),
        )
        .await;
    assert_envelope(&answer);
    let r = answer.ok();
    assert_eq!(r["DeviceName"], "p2p_full");
    assert_eq!(r["Online"], 1);
    assert_wire!("tencent", "describe_device", answer.wire());
    // The account's second key works as well.
    let other = sim.tencent_client().with_key(SECRET_ID_2, SECRET_KEY_2);
    let answer = other
        .call(
            "DescribeDevice",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_inactive"}),
        )
        .await;
    assert_envelope(&answer);
    assert_eq!(answer.ok()["Online"], 3);
    assert_eq!(APP_ID.len(), 12);
    sim.shutdown().await;
}

#[tokio::test]
async fn every_answer_carries_its_own_request_id_when_the_same_call_is_repeated() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut ids = std::collections::HashSet::new();
    for raw in [
        describe(&client),
        describe(&client),
        describe(&client).set("X-TC-Action", "Nope"),
        describe(&client).set("X-TC-Action", "Nope"),
    ] {
        let answer = signed(&client, &raw).await;
        assert_envelope(&answer);
        ids.insert(answer.response()["RequestId"].to_string());
    }
    assert_eq!(ids.len(), 4, "{ids:?}");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The Authorization header and the SecretId

#[tokio::test]
async fn describe_device_answers_invalid_authorization_when_the_header_is_missing_or_of_another_algorithm_or_malformed()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client);
    let good = authorization(&raw, &Signing::of(&client));
    let signature = good.rsplit("Signature=").next().expect("a signature");
    let scope = format!("{SECRET_ID}/2026-11-22/iotvideo/tc3_request");
    let cases = [
        ("no header", None, "the request has no Authorization header"),
        (
            "another algorithm",
            Some(good.replacen("TC3-HMAC-SHA256", "HMAC-SHA256", 1)),
            "the algorithm is not TC3-HMAC-SHA256",
        ),
        (
            "a scope without tc3_request",
            Some(format!(
                "TC3-HMAC-SHA256 Credential={SECRET_ID}/2026-11-22/iotvideo, SignedHeaders=content-type;host, Signature={signature}"
            )),
            "Credential is not <SecretId>/<date>/<service>/tc3_request",
        ),
        (
            "a scope of five parts",
            Some(format!(
                "TC3-HMAC-SHA256 Credential={SECRET_ID}/x/2026-11-22/iotvideo/tc3_request, SignedHeaders=content-type;host, Signature={signature}"
            )),
            "Credential is not <SecretId>/<date>/<service>/tc3_request",
        ),
        (
            "no Signature",
            Some(format!(
                "TC3-HMAC-SHA256 Credential={scope}, SignedHeaders=content-type;host"
            )),
            "no Signature",
        ),
        (
            "an empty header",
            Some(String::new()),
            "the algorithm is not TC3-HMAC-SHA256",
        ),
    ];

    for (case, auth, why) in &cases {
        let answer = send(&client, &raw, auth.as_deref()).await;
        let message = assert_code(&answer, "AuthFailure.InvalidAuthorization");
        assert!(message.contains(why), "{case}: {message}");
    }

    snapshot_both(
        &client,
        "invalid_authorization_missing",
        &raw,
        None,
        "AuthFailure.InvalidAuthorization",
    )
    .await;
    snapshot_both(
        &client,
        "invalid_authorization_malformed_credential",
        &raw,
        cases[2].1.as_deref(),
        "AuthFailure.InvalidAuthorization",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_invalid_authorization_when_signed_headers_lack_host_or_content_type()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client);
    let only = |names: &[&str]| {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        authorization(&raw, &Signing::of(&client).with(|s| s.signed = names))
    };
    let without_host = only(&["content-type"]);
    let without_type = only(&["host"]);
    let with_action = only(&["content-type", "host", "x-tc-action"]);

    for auth in [&without_host, &without_type] {
        let answer = send(&client, &raw, Some(auth)).await;
        let message = assert_code(&answer, "AuthFailure.InvalidAuthorization");
        assert!(
            message.contains("SignedHeaders must include content-type and host"),
            "{message}"
        );
    }
    // Signing one more header is allowed (and then that header is covered too).
    let answer = send(&client, &raw, Some(&with_action)).await;
    assert_envelope(&answer);
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");
    let changed = raw.clone().set("X-TC-Action", "WakeUpDevice");
    let answer = send(&client, &changed, Some(&with_action)).await;
    assert_code(&answer, "AuthFailure.SignatureFailure");
    snapshot_both(
        &client,
        "invalid_authorization_signed_headers",
        &raw,
        Some(&without_host),
        "AuthFailure.InvalidAuthorization",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_invalid_secret_id_when_the_secret_id_does_not_start_with_akid() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client);
    let auth = authorization(
        &raw,
        &Signing::of(&client).with(|s| s.secret_id = "XKIDcamsimTEST000000000000000000001".into()),
    );

    let answer = send(&client, &raw, Some(&auth)).await;

    assert_code(&answer, "AuthFailure.InvalidSecretId");
    snapshot_both(
        &client,
        "invalid_secret_id",
        &raw,
        Some(&auth),
        "AuthFailure.InvalidSecretId",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_secret_id_not_found_when_no_world_claims_the_akid() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client);
    let auth = authorization(
        &raw,
        &Signing::of(&client).with(|s| s.secret_id = "AKIDnobodyHasThisKey00000000000000".into()),
    );

    let answer = send(&client, &raw, Some(&auth)).await;

    assert_code(&answer, "AuthFailure.SecretIdNotFound");
    assert_eq!(
        answer.headers["x-camsim-reason"],
        "no world claims the tencent credential `AKIDnobodyHasThisKey00000000000000`"
    );
    snapshot_both(
        &client,
        "secret_id_not_found",
        &raw,
        Some(&auth),
        "AuthFailure.SecretIdNotFound",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_signature_failure_when_any_signed_part_differs() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client);
    let sdk = Signing::of(&client);
    let good = authorization(&raw, &sdk);
    let yesterday = utc_date(FROZEN_AT - 86_400);
    let cases: Vec<(&str, Raw, String)> = vec![
        (
            "wrong key",
            raw.clone(),
            authorization(&raw, &sdk.clone().with(|s| s.key = "not the key".into())),
        ),
        (
            "the body changed after signing",
            Raw {
                body: device("p2p_event").to_string(),
                ..raw.clone()
            },
            good.clone(),
        ),
        (
            "the body re-serialized with spaces after signing",
            Raw {
                body: r#"{"ProductId": "AQTV2839QJ", "DeviceName": "p2p_full"}"#.into(),
                ..raw.clone()
            },
            good.clone(),
        ),
        (
            "the content type changed after signing",
            raw.clone()
                .set("Content-Type", "application/json; charset=utf-8"),
            good.clone(),
        ),
        (
            "the scope's date is the day before the timestamp's",
            raw.clone(),
            authorization(&raw, &sdk.clone().with(|s| s.date = Some(yesterday))),
        ),
        (
            "the scope's service is cvm",
            raw.clone(),
            authorization(&raw, &sdk.clone().with(|s| s.service = "cvm".into())),
        ),
        (
            "X-TC-Timestamp changed after signing",
            raw.clone()
                .set("X-TC-Timestamp", &(FROZEN_AT + 1).to_string()),
            good.clone(),
        ),
        (
            "a signed host of another port",
            raw.clone(),
            authorization(&raw, &sdk.clone().with(|s| s.host = "127.0.0.1:1".into())),
        ),
    ];

    for (case, sent, auth) in &cases {
        let answer = send(&client, sent, Some(auth)).await;
        assert_code(&answer, "AuthFailure.SignatureFailure");
        assert!(
            answer.headers.contains_key("x-camsim-reason"),
            "{case}: the reason is given"
        );
    }
    let answer = send(&client, &raw, Some(&good)).await;
    assert_eq!(
        answer.ok()["DeviceName"],
        "p2p_full",
        "the unchanged call passes"
    );
    snapshot_both(
        &client,
        "signature_failure",
        &raw,
        Some(&cases[0].2),
        "AuthFailure.SignatureFailure",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_takes_the_scope_date_from_the_timestamp_in_utc_when_the_devices_day_has_turned()
 {
    // 17:00 UTC is already the next day in UTC+8 (the devices' zone): the scope still names
    // the UTC date.
    let sim = TestSim::tencent().await;
    let now = advance_clock(&sim, json!("9h")).await;
    let mut client = sim.tencent_client();
    client.now = now;
    let raw = describe(&client);
    let next_day = authorization(
        &raw,
        &Signing::of(&client).with(|s| s.date = Some("2026-11-23".into())),
    );

    let refused = send(&client, &raw, Some(&next_day)).await;
    let passed = signed(&client, &raw).await;

    assert_eq!(utc_date(now), "2026-11-22");
    assert_code(&refused, "AuthFailure.SignatureFailure");
    assert_eq!(
        refused.headers["x-camsim-reason"],
        "the credential scope's date 2026-11-23 is not X-TC-Timestamp's UTC date 2026-11-22"
    );
    assert_eq!(passed.ok()["DeviceName"], "p2p_full");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_token_failure_when_x_tc_token_is_sent() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client).set("X-TC-Token", "a-temporary-credential-token");
    let auth = authorization(&raw, &Signing::of(&client));

    let answer = send(&client, &raw, Some(&auth)).await;
    let empty = signed(&client, &describe(&client).set("X-TC-Token", "")).await;

    assert_code(&answer, "AuthFailure.TokenFailure");
    assert_eq!(
        empty.ok()["DeviceName"],
        "p2p_full",
        "an empty token is no token"
    );
    snapshot_both(
        &client,
        "token_failure",
        &raw,
        Some(&auth),
        "AuthFailure.TokenFailure",
    )
    .await;
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The timestamp window, on the world clock

#[tokio::test]
async fn describe_device_answers_signature_expire_when_the_timestamp_is_301_s_off_but_not_300() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let mut answers = Vec::new();
    for offset in [-300, 300, -301, 301] {
        client.now = FROZEN_AT + offset;
        answers.push((offset, signed(&client, &describe(&client)).await));
    }

    for (offset, answer) in &answers[..2] {
        assert_envelope(answer);
        assert_eq!(answer.ok()["DeviceName"], "p2p_full", "{offset}");
    }
    for (offset, answer) in &answers[2..] {
        assert_code(answer, "AuthFailure.SignatureExpire");
        assert_eq!(
            answer.headers["x-camsim-reason"],
            format!(
                "X-TC-Timestamp {} is 301 s from the world clock ({FROZEN_AT}); at most 300 s",
                FROZEN_AT + offset
            )
        );
    }
    let raw = describe(&client);
    let auth = authorization(&raw, &Signing::of(&client));
    snapshot_both(
        &client,
        "signature_expire",
        &raw,
        Some(&auth),
        "AuthFailure.SignatureExpire",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_follows_the_world_clock_when_it_is_moved() {
    let sim = TestSim::tencent().await;
    let old = sim.tencent_client();
    let now = advance_clock(&sim, json!("2d")).await;
    let mut new = sim.tencent_client();
    new.now = now;

    let at_old_time = signed(&old, &describe(&old)).await;
    let at_new_time = signed(&new, &describe(&new)).await;
    let back = advance_clock(&sim, json!(-172_800)).await;
    let old_again = signed(&old, &describe(&old)).await;
    let new_again = signed(&new, &describe(&new)).await;

    assert_eq!(now, FROZEN_AT + 172_800);
    assert_code(&at_old_time, "AuthFailure.SignatureExpire");
    assert_eq!(at_new_time.ok()["DeviceName"], "p2p_full");
    assert_eq!(back, FROZEN_AT);
    assert_eq!(old_again.ok()["DeviceName"], "p2p_full");
    assert_code(&new_again, "AuthFailure.SignatureExpire");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_names_x_tc_timestamp_when_it_is_missing_or_not_a_number() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let missing = describe(&client).without("X-TC-Timestamp");
    let auth = authorization(&missing, &Signing::of(&client));
    let abc = describe(&client).set("X-TC-Timestamp", "abc");
    let abc_auth = authorization(&abc, &Signing::of(&client));

    let answer = send(&client, &missing, Some(&auth)).await;
    let message = assert_code(&answer, "MissingParameter").to_string();
    let not_a_number = send(&client, &abc, Some(&abc_auth)).await;
    let why = assert_code(&not_a_number, "InvalidParameterValue").to_string();
    // Hostile values: past i64, and i64's ends (no overflow, just far from the clock).
    let mut refusals = Vec::new();
    for stamp in [
        "99999999999999999999".to_string(),
        i64::MAX.to_string(),
        i64::MIN.to_string(),
        "-1".to_string(),
    ] {
        let raw = describe(&client).set("X-TC-Timestamp", &stamp);
        let auth = authorization(
            &raw,
            &Signing::of(&client).with(|s| s.date = Some("2026-11-22".into())),
        );
        refusals.push((stamp, send(&client, &raw, Some(&auth)).await));
    }

    assert!(message.contains("`X-TC-Timestamp`"), "{message}");
    assert!(
        why.contains("`X-TC-Timestamp`") && why.contains("`abc`"),
        "{why}"
    );
    assert_code(&refusals[0].1, "InvalidParameterValue");
    for (stamp, answer) in &refusals[1..] {
        assert_eq!(
            answer.code(),
            Some("AuthFailure.SignatureExpire"),
            "{stamp}: {}",
            answer.body
        );
    }
    snapshot_both(
        &client,
        "timestamp_missing",
        &missing,
        Some(&auth),
        "MissingParameter",
    )
    .await;
    snapshot_both(
        &client,
        "timestamp_not_a_number",
        &abc,
        Some(&abc_auth),
        "InvalidParameterValue",
    )
    .await;
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The official SDKs aimed at a local port

#[tokio::test]
async fn describe_device_answers_when_signed_with_the_node_sdks_local_service_and_portless_host() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client);
    let host = client.host();
    let portless = host.split(':').next().expect("an address").to_string();
    let sdk = Signing::of(&client);
    let sign = |service: &str, host: &str, key: &str| {
        authorization(
            &raw,
            &sdk.clone().with(|s| {
                s.service = service.into();
                s.host = host.into();
                s.key = key.into();
            }),
        )
    };
    let accepted = [
        ("127", host.clone()),
        ("iotvideo", portless.clone()),
        ("127", portless.clone()),
    ];
    let refused = [
        ("127", host.clone(), "not the key"),
        ("127", portless.clone(), "not the key"),
        ("128", host.clone(), SECRET_KEY),
        ("128", portless.clone(), SECRET_KEY),
        ("cvm", portless.clone(), SECRET_KEY),
        ("iotvideo", "127.0.0.2".to_string(), SECRET_KEY),
    ];

    for (service, host) in &accepted {
        let answer = send(&client, &raw, Some(&sign(service, host, SECRET_KEY))).await;
        assert_envelope(&answer);
        assert_eq!(
            answer.ok()["DeviceName"],
            "p2p_full",
            "service {service}, host {host}"
        );
    }
    for (service, host, key) in &refused {
        let answer = send(&client, &raw, Some(&sign(service, host, key))).await;
        assert_eq!(
            answer.code(),
            Some("AuthFailure.SignatureFailure"),
            "service {service}, host {host}, key {key}: {}",
            answer.body
        );
    }
    // Aimed at `localhost:PORT`, the Node SDK's "first label" has no dot to stop at: the scope
    // names `localhost:PORT`, port included, while the host is signed without it.
    let port = host.rsplit(':').next().expect("a port");
    let local = raw.clone().set("Host", &format!("localhost:{port}"));
    let node = authorization(
        &local,
        &sdk.clone().with(|s| {
            s.service = format!("localhost:{port}");
            s.host = "localhost".into();
        }),
    );
    let answer = send(&client, &local, Some(&node)).await;
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_hashes_the_literal_when_the_payload_is_unsigned() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = describe(&client).set("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD");
    let unsigned = Signing::of(&client).with(|s| s.payload = Some("UNSIGNED-PAYLOAD".into()));
    let auth = authorization(&raw, &unsigned);

    let answer = send(&client, &raw, Some(&auth)).await;
    // The body is not signed: another body with the same signature passes.
    let other_body = Raw {
        body: device("p2p_event").to_string(),
        ..raw.clone()
    };
    let other = send(&client, &other_body, Some(&auth)).await;
    // Without the header, the body is hashed again.
    let no_header = send(
        &client,
        &raw.clone().without("X-TC-Content-SHA256"),
        Some(&auth),
    )
    .await;
    // The header, but a client that hashed the body.
    let body_hashed = send(
        &client,
        &raw,
        Some(&authorization(&raw, &Signing::of(&client))),
    )
    .await;

    assert_eq!(answer.ok()["DeviceName"], "p2p_full");
    assert_eq!(other.ok()["DeviceName"], "p2p_event");
    assert_code(&no_header, "AuthFailure.SignatureFailure");
    assert_code(&body_hashed, "AuthFailure.SignatureFailure");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The GET form and a form-encoded POST

#[tokio::test]
async fn describe_device_reads_plus_as_space_and_name_dot_n_as_a_list_when_the_get_query_is_signed_as_sent()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let unsorted = Raw::get(
        &client,
        "DescribeDevice",
        &format!("DeviceName=p2p_full&ProductId={VIDEO_PRODUCT}"),
    );
    let plus = Raw::get(
        &client,
        "DescribeDevice",
        &format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p+full"),
    );
    let percent = Raw::get(
        &client,
        "DescribeDevice",
        &format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p%20full"),
    );
    let list = Raw::get(
        &client,
        "DescribeDevice",
        &format!("ProductId.0={VIDEO_PRODUCT}&DeviceName=p2p_full"),
    );
    // A client that sorted the query to sign it but sent it unsorted.
    let sorted_auth = authorization(
        &Raw {
            query: format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p_full"),
            ..unsorted.clone()
        },
        &Signing::of(&client),
    );

    let answer = signed(&client, &unsorted).await;
    let plus = signed(&client, &plus).await;
    let percent = signed(&client, &percent).await;
    let list = signed(&client, &list).await;
    let resorted = send(&client, &unsorted, Some(&sorted_auth)).await;

    assert_envelope(&answer);
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");
    for spaced in [&plus, &percent] {
        let message = assert_code(spaced, "InvalidParameter");
        assert_eq!(message, "设备`AQTV2839QJ/p2p full`不存在。");
    }
    let message = assert_code(&list, "InvalidParameter");
    assert!(message.contains("`ProductId`"), "{message}");
    assert_code(&resorted, "AuthFailure.SignatureFailure");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_the_get_form_when_signed_by_the_test_client() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let call = client.get(
        "DescribeDevice",
        &format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p_full"),
    );
    let answer = client.send(&call).await;
    assert_envelope(&answer);
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");
    // No media link of this world at this path: the media host's 404.
    let missing = client
        .fetch(&format!(
            "{}/timeshift/live/nokey/timeshift.m3u8",
            client.base
        ))
        .await;
    assert_eq!(missing.status(), 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_when_the_post_body_is_form_encoded() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = Raw {
        body: format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p%5Fevent"),
        ..describe(&client).set("Content-Type", "application/x-www-form-urlencoded")
    };
    let lists = Raw {
        body: format!("ProductId={VIDEO_PRODUCT}&DeviceName.0=p2p_event"),
        ..raw.clone()
    };

    let answer = signed(&client, &raw).await;
    let as_list = signed(&client, &lists).await;

    assert_envelope(&answer);
    assert_eq!(answer.ok()["DeviceName"], "p2p_event");
    let message = assert_code(&as_list, "InvalidParameter");
    assert!(message.contains("`DeviceName`"), "{message}");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_unknown_parameter_within_seconds_when_a_form_body_holds_200000_lists()
 {
    // Each `NameN.0` starts a list of its own: reading them must not cost the square of their
    // number (200,000 lists took minutes when each was looked up among the ones before it).
    // A camsim process of its own: one spinning on such a body must not stall the test.
    let served = served_tencent();
    let client = TencentClient::new(&served.url("tencent"), FROZEN_AT);
    let body: Vec<String> = (0..200_000).map(|i| format!("L{i}.0=x")).collect();
    let raw = Raw {
        body: body.join("&"),
        ..describe(&client).set("Content-Type", "application/x-www-form-urlencoded")
    };

    let answer = tokio::time::timeout(Duration::from_secs(20), signed(&client, &raw))
        .await
        .expect("an answer within 20 s");

    let message = assert_code(&answer, "UnknownParameter");
    assert!(
        message.contains("`L0`"),
        "the first unknown name, in order: {message}"
    );
}

// ---------------------------------------------------------------------------------------------
// Version, action, method, parameters

#[tokio::test]
async fn describe_device_answers_missing_parameter_or_no_such_version_when_x_tc_version_is_not_2021_11_25()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let missing = describe(&client).without("X-TC-Version");
    let old = describe(&client).set("X-TC-Version", "2020-12-15");
    let missing_auth = authorization(&missing, &Signing::of(&client));
    let old_auth = authorization(&old, &Signing::of(&client));

    let no_version = send(&client, &missing, Some(&missing_auth)).await;
    let old_version = send(&client, &old, Some(&old_auth)).await;

    let message = assert_code(&no_version, "MissingParameter");
    assert!(message.contains("`X-TC-Version`"), "{message}");
    let message = assert_code(&old_version, "NoSuchVersion");
    assert!(message.contains("`2020-12-15`"), "{message}");
    snapshot_both(
        &client,
        "version_missing",
        &missing,
        Some(&missing_auth),
        "MissingParameter",
    )
    .await;
    snapshot_both(
        &client,
        "no_such_version",
        &old,
        Some(&old_auth),
        "NoSuchVersion",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn any_action_answers_invalid_action_when_x_tc_action_is_unknown_missing_or_wrongly_cased() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let unknown = describe(&client).set("X-TC-Action", "DescribeDevices");
    let lower = describe(&client).set("X-TC-Action", "describeDevice");
    let missing = describe(&client).without("X-TC-Action");

    let answers = [
        signed(&client, &unknown).await,
        signed(&client, &lower).await,
        signed(&client, &missing).await,
        // Unsigned too: an action that does not exist is refused before the signature.
        send(&client, &unknown, None).await,
    ];

    for answer in &answers[..2] {
        assert_code(answer, "InvalidAction");
    }
    assert!(answers[0].message().contains("`DescribeDevices`"));
    assert!(answers[1].message().contains("`describeDevice`"));
    let message = assert_code(&answers[2], "InvalidAction");
    assert!(message.contains("X-TC-Action"), "{message}");
    assert_code(&answers[3], "InvalidAction");
    let auth = authorization(&unknown, &Signing::of(&client));
    snapshot_both(
        &client,
        "invalid_action",
        &unknown,
        Some(&auth),
        "InvalidAction",
    )
    .await;
    let auth = authorization(&missing, &Signing::of(&client));
    snapshot_both(
        &client,
        "invalid_action_missing",
        &missing,
        Some(&auth),
        "InvalidAction",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_unsupported_protocol_when_the_method_is_put_delete_or_patch() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut answers = Vec::new();
    for method in [Method::PUT, Method::DELETE, Method::PATCH] {
        let raw = Raw {
            method,
            ..describe(&client)
        };
        answers.push(signed(&client, &raw).await);
    }

    for answer in &answers {
        assert_code(answer, "UnsupportedProtocol");
    }
    let raw = Raw {
        method: Method::PUT,
        ..describe(&client)
    };
    let auth = authorization(&raw, &Signing::of(&client));
    snapshot_both(
        &client,
        "unsupported_protocol",
        &raw,
        Some(&auth),
        "UnsupportedProtocol",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_names_the_parameter_when_it_is_unknown_missing_or_of_the_wrong_type() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let body = |text: &str| Raw {
        body: text.into(),
        ..describe(&client)
    };
    let unknown =
        body(&json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full", "Nope": 1}).to_string());
    let missing = body(&json!({"ProductId": VIDEO_PRODUCT}).to_string());
    let empty = body(&json!({"ProductId": VIDEO_PRODUCT, "DeviceName": ""}).to_string());
    let null = body(&json!({"ProductId": VIDEO_PRODUCT, "DeviceName": null}).to_string());
    let wrong_type = body(&json!({"ProductId": 7, "DeviceName": "p2p_full"}).to_string());
    let array = body("[1]");
    let broken = body("{\"ProductId\":");

    let unknown_answer = signed(&client, &unknown).await;
    let missing_answers = [
        signed(&client, &missing).await,
        signed(&client, &empty).await,
        signed(&client, &null).await,
    ];
    let invalid = [
        signed(&client, &wrong_type).await,
        signed(&client, &array).await,
        signed(&client, &broken).await,
    ];

    let message = assert_code(&unknown_answer, "UnknownParameter");
    assert!(message.contains("`Nope`"), "{message}");
    for answer in &missing_answers {
        let message = assert_code(answer, "MissingParameter");
        assert!(message.contains("`DeviceName`"), "{message}");
    }
    for answer in &invalid {
        assert_code(answer, "InvalidParameter");
    }
    assert!(invalid[0].message().contains("`ProductId`"));
    for (name, raw, code) in [
        ("unknown_parameter", &unknown, "UnknownParameter"),
        ("missing_parameter", &missing, "MissingParameter"),
        ("invalid_parameter_type", &wrong_type, "InvalidParameter"),
        (
            "invalid_parameter_not_an_object",
            &array,
            "InvalidParameter",
        ),
        ("invalid_parameter_not_json", &broken, "InvalidParameter"),
    ] {
        let auth = authorization(raw, &Signing::of(&client));
        snapshot_both(&client, name, raw, Some(&auth), code).await;
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_request_size_limit_exceeded_when_a_body_passes_10_mib_or_a_query_32_kib()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let limit = 10 * 1024 * 1024;
    let padded = |len: usize| {
        let head = format!(r#"{{"ProductId":"{VIDEO_PRODUCT}","DeviceName":"p2p_full","Pad":""#);
        let pad = len - head.len() - 2;
        Raw {
            body: format!("{head}{}\"}}", "x".repeat(pad)),
            ..describe(&client)
        }
    };
    let query = |len: usize| {
        let head = format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p_full&Pad=");
        let pad = len - head.len();
        Raw::get(
            &client,
            "DescribeDevice",
            &format!("{head}{}", "x".repeat(pad)),
        )
    };
    let (at_limit, over_limit) = (padded(limit), padded(limit + 1));
    let (long_query, too_long_query) = (query(32 * 1024), query(32 * 1024 + 1));

    let read = signed(&client, &at_limit).await;
    let too_large = signed(&client, &over_limit).await;
    let query_read = signed(&client, &long_query).await;
    let query_too_long = signed(&client, &too_long_query).await;

    assert_eq!(at_limit.body.len(), limit);
    // Read in full: the padding is an unknown parameter, not too much.
    assert!(assert_code(&read, "UnknownParameter").contains("`Pad`"));
    assert_code(&too_large, "RequestSizeLimitExceeded");
    assert!(assert_code(&query_read, "UnknownParameter").contains("`Pad`"));
    assert_code(&query_too_long, "RequestSizeLimitExceeded");
    let auth = authorization(&too_long_query, &Signing::of(&client));
    snapshot_both(
        &client,
        "request_size_limit_exceeded_query",
        &too_long_query,
        Some(&auth),
        "RequestSizeLimitExceeded",
    )
    .await;
    let auth = authorization(&over_limit, &Signing::of(&client));
    snapshot_both(
        &client,
        "request_size_limit_exceeded_body",
        &over_limit,
        Some(&auth),
        "RequestSizeLimitExceeded",
    )
    .await;
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_device_answers_when_x_tc_region_is_any_value_or_absent() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut answers = Vec::new();
    for region in [
        Some("ap-guangzhou"),
        Some("ap-singapore"),
        Some("xx-nowhere-9"),
        Some(""),
        None,
    ] {
        let raw = match region {
            Some(r) => describe(&client).set("X-TC-Region", r),
            None => describe(&client).without("X-TC-Region"),
        };
        answers.push((region, signed(&client, &raw).await));
    }

    for (region, answer) in &answers {
        assert_envelope(answer);
        assert_eq!(answer.ok()["DeviceName"], "p2p_full", "{region:?}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn errors_answer_in_english_only_when_x_tc_language_is_en_us() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = Raw::post(&client, "DescribeDevice", &device("p2p_nope"));
    let mut messages = Vec::new();
    for language in [Some("en-US"), Some("zh-CN"), None, Some("fr-FR")] {
        let sent = match language {
            Some(l) => raw.clone().set("X-TC-Language", l),
            None => raw.clone(),
        };
        let answer = signed(&client, &sent).await;
        messages.push(assert_code(&answer, "InvalidParameter").to_string());
    }

    assert_eq!(
        messages[0],
        "The device `AQTV2839QJ/p2p_nope` does not exist."
    );
    assert_eq!(messages[1], "设备`AQTV2839QJ/p2p_nope`不存在。");
    assert_eq!(messages[2], messages[1], "zh-CN when absent");
    assert_eq!(
        messages[3], messages[1],
        "zh-CN for a language camsim lacks"
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The journal and X-Camsim-Reason

#[tokio::test]
async fn describe_device_is_journaled_with_the_reason_and_the_text_camsim_signed_when_its_signature_is_refused()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let raw = Raw::post(
        &client,
        "DescribeDevice",
        &json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_event"}),
    );
    let wrong = authorization(&raw, &Signing::of(&client).with(|s| s.key = "wrong".into()));
    let mut stale = sim.tencent_client();
    stale.now = FROZEN_AT - 3600;
    let stale_raw = Raw::post(&stale, "DescribeDevice", &device("p2p_full"));

    let refused = send(&client, &raw, Some(&wrong)).await;
    let expired = signed(&stale, &stale_raw).await;
    let entries = journal(&sim, 2).await;

    assert_code(&refused, "AuthFailure.SignatureFailure");
    let reason = refused.headers["x-camsim-reason"].to_str().expect("ASCII");
    assert!(reason.starts_with("the signature differs"), "{reason}");
    let entry = &entries[0];
    assert_eq!(entry["endpoint"], "tencent.DescribeDevice");
    assert_eq!(entry["credential"], SECRET_ID);
    assert_eq!(entry["auth"], "failed");
    assert_eq!(entry["code"], "AuthFailure.SignatureFailure");
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["authReason"], reason);
    let to_sign = entry["stringToSign"]
        .as_str()
        .expect("the text camsim signed");
    assert!(
        to_sign.starts_with(&format!(
            "TC3-HMAC-SHA256\n{FROZEN_AT}\n2026-11-22/iotvideo/tc3_request\n"
        )),
        "{to_sign}"
    );
    assert_code(&expired, "AuthFailure.SignatureExpire");
    assert_eq!(entries[1]["auth"], "failed");
    assert_eq!(
        entries[1]["authReason"],
        format!(
            "X-TC-Timestamp {} is 3600 s from the world clock ({FROZEN_AT}); at most 300 s",
            FROZEN_AT - 3600
        )
    );
    assert_eq!(entries[1]["stringToSign"], Value::Null);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The rate limit: 5000 a second per action and SecretId, on the world clock

/// Sends `n` signed DescribeDevice calls, `workers` at a time; counts `(ok, rate limited)`.
async fn describe_many(client: &TencentClient, n: usize, workers: usize) -> (usize, usize) {
    let raw = describe(client);
    let auth = authorization(&raw, &Signing::of(client));
    let url = format!("{}/", client.base);
    let mut set = tokio::task::JoinSet::new();
    for w in 0..workers {
        let share = n / workers + usize::from(w < n % workers);
        let (http, raw, auth, url) = (client.http.clone(), raw.clone(), auth.clone(), url.clone());
        set.spawn(async move {
            let (mut ok, mut limited) = (0, 0);
            for _ in 0..share {
                let mut req = http.post(&url).header("Authorization", &auth);
                for (name, value) in &raw.headers {
                    req = req.header(name, value);
                }
                let text = req
                    .body(raw.body.clone())
                    .send()
                    .await
                    .expect("camsim answers")
                    .text()
                    .await
                    .expect("a body");
                if text.contains("\"DeviceName\"") {
                    ok += 1;
                } else if text.contains("\"RequestLimitExceeded\"") {
                    limited += 1;
                } else {
                    panic!("unexpected answer {text}");
                }
            }
            (ok, limited)
        });
    }
    let mut total = (0, 0);
    while let Some(done) = set.join_next().await {
        let (ok, limited) = done.expect("a worker");
        total = (total.0 + ok, total.1 + limited);
    }
    total
}

#[tokio::test]
async fn describe_device_answers_request_limit_exceeded_when_the_account_had_5000_answered_in_the_same_world_second()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let started = Instant::now();

    let first = describe_many(&client, 5000, 8).await;
    let over = signed(&client, &describe(&client)).await;
    let raw = describe(&client);
    let auth = authorization(&raw, &Signing::of(&client));
    snapshot_both(
        &client,
        "request_limit_exceeded",
        &raw,
        Some(&auth),
        "RequestLimitExceeded",
    )
    .await;
    let other_action = signed(
        &client,
        &Raw::post(&client, "WakeUpDevice", &device("p2p_full")),
    )
    .await;
    let other_key = sim.tencent_client().with_key(SECRET_ID_2, SECRET_KEY_2);
    let other_key = signed(&other_key, &describe(&other_key)).await;
    advance_clock(&sim, json!(1)).await;
    let next_second = signed(&client, &describe(&client)).await;

    assert_eq!(first, (5000, 0));
    assert_code(&over, "RequestLimitExceeded");
    assert_envelope(&other_action);
    assert_eq!(other_action.code(), None, "{}", other_action.body);
    assert_eq!(
        other_key.code(),
        Some("RequestLimitExceeded"),
        "the account's other SecretId shares its window: {}",
        other_key.body
    );
    assert_eq!(next_second.ok()["DeviceName"], "p2p_full");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// `camsim sign tencent` and `camsim call tencent`

/// Runs `camsim` with `args`: exit success, stdout, stderr.
fn camsim(args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(CAMSIM)
        .args(args)
        .env_remove("CAMSIM_CONTROL")
        .output()
        .expect("camsim runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn served_tencent() -> Served {
    Served::start(&["--scenario", "tests/api/fixtures/tencent.yaml"])
}

/// The printed request: headers up to the first blank line, then the body (if any) and the
/// curl command.
fn printed(stdout: &str) -> (Vec<(String, String)>, Option<String>, String) {
    let mut blocks = stdout.trim_end().split("\n\n");
    let headers = blocks
        .next()
        .expect("headers")
        .lines()
        .map(|line| {
            let (name, value) = line.split_once(": ").expect("name: value");
            (name.to_string(), value.to_string())
        })
        .collect();
    let rest: Vec<&str> = blocks.collect();
    match rest.as_slice() {
        [curl] => (headers, None, curl.to_string()),
        [body, curl] => (headers, Some(body.to_string()), curl.to_string()),
        other => panic!("unexpected output {other:?}"),
    }
}

#[tokio::test]
async fn sign_tencent_prints_a_request_the_world_accepts_when_its_clock_was_moved() {
    let served = served_tencent();
    let control = served.url("control");
    served.advance_clock("-2h").await;
    let http = reqwest::Client::new();
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "sign",
            "tencent",
            "DescribeDevice",
            "ProductId=AQTV2839QJ",
            "DeviceName=p2p_full",
            "--world",
            WORLD,
        ];
        args.extend_from_slice(extra);
        args
    };

    let (ok, post, stderr) = camsim(&[args(&[]), vec!["--control", &control]].concat());
    let (get_ok, get, get_stderr) = camsim(
        &[
            args(&["--get", "--language", "en-US"]),
            vec!["--control", &control],
        ]
        .concat(),
    );
    let (unknown_ok, _, unknown) = camsim(&[
        "sign",
        "tencent",
        "DescribeDevices",
        "--control",
        &control,
        "--world",
        WORLD,
    ]);

    assert!(ok, "{stderr}");
    let (headers, body, curl) = printed(&post);
    let stamp = (FROZEN_AT - 7200).to_string();
    let names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Authorization",
            "Content-Type",
            "Host",
            "X-TC-Action",
            "X-TC-Timestamp",
            "X-TC-Version",
            "X-TC-Region"
        ]
    );
    assert!(headers[0].1.starts_with(&format!(
        "TC3-HMAC-SHA256 Credential={SECRET_ID}/2026-11-22/iotvideo/tc3_request, SignedHeaders=content-type;host, Signature="
    )));
    assert_eq!(headers[4].1, stamp);
    let body = body.expect("a JSON body");
    assert_eq!(
        body,
        r#"{"ProductId":"AQTV2839QJ","DeviceName":"p2p_full"}"#
    );
    assert!(curl.starts_with("curl -sS -X POST '"), "{curl}");
    assert!(curl.contains(&format!("--data-raw '{body}'")), "{curl}");
    let mut request = http.post(format!("{}/", served.url("tencent")));
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let answer = Answer::of(request.body(body).send().await.expect("tencent answers")).await;
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");

    assert!(get_ok, "{get_stderr}");
    let (headers, body, curl) = printed(&get);
    assert_eq!(body, None);
    assert!(curl.starts_with("curl -sS -X GET '"), "{curl}");
    let url = curl.split('\'').nth(1).expect("the quoted URL").to_string();
    assert!(
        url.ends_with("/?ProductId=AQTV2839QJ&DeviceName=p2p_full"),
        "{url}"
    );
    let mut request = http.get(url);
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let answer = Answer::of(request.send().await.expect("tencent answers")).await;
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");

    assert!(!unknown_ok);
    assert!(
        unknown.contains("no Tencent action `DescribeDevices`"),
        "{unknown}"
    );
    assert!(unknown.contains("DescribeCloudStorageTime"), "{unknown}");
}

#[tokio::test]
async fn call_tencent_prints_the_answer_and_the_error_code_when_given_strings_and_json_values() {
    let served = served_tencent();
    let control = served.url("control");
    let call = |extra: &[&str]| {
        let mut args = vec!["call", "tencent"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--control", &control, "--world", WORLD]);
        camsim(&args)
    };

    let found = call(&[
        "DescribeDevice",
        "ProductId=AQTV2839QJ",
        "DeviceName=p2p_full",
    ]);
    let second_key = call(&[
        "DescribeDevice",
        "ProductId=AQTV2839QJ",
        "DeviceName=p2p_event",
        "--secret-id",
        SECRET_ID_2,
        "--get",
    ]);
    let missing = call(&[
        "DescribeDevice",
        "ProductId=AQTV2839QJ",
        "DeviceName=p2p_nope",
        "--language",
        "en-US",
    ]);
    let wrong_type = call(&["DescribeDevice", "ProductId:=7", "DeviceName=p2p_full"]);
    let bad_json = call(&["DescribeDevice", "ProductId:=[", "DeviceName=p2p_full"]);

    let (ok, stdout, stderr) = found;
    assert!(ok, "{stdout}{stderr}");
    let answer: Value = serde_json::from_str(&stdout).expect("the answer as JSON");
    assert_eq!(answer["Response"]["DeviceName"], "p2p_full", "{answer}");
    let (ok, stdout, stderr) = second_key;
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("\"p2p_event\""), "{stdout}");
    let (ok, stdout, stderr) = missing;
    assert!(!ok, "{stdout}");
    assert!(stdout.contains("\"InvalidParameter\""), "{stdout}");
    assert!(
        stderr.contains("InvalidParameter: The device `AQTV2839QJ/p2p_nope` does not exist."),
        "{stderr}"
    );
    let (ok, _, stderr) = wrong_type;
    assert!(!ok);
    assert!(
        stderr.contains("InvalidParameter: 参数`ProductId`类型错误"),
        "{stderr}"
    );
    let (ok, _, stderr) = bad_json;
    assert!(!ok);
    assert!(stderr.contains("`ProductId:=[`"), "{stderr}");
}
