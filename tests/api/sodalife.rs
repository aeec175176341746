//! Sodalife over real HTTP (seed 002 and vendors/sodalife.md), through an independent client:
//! the token endpoint (client credentials, scopes, authorization codes, revocation, expiry),
//! tokens routing to their world, `capture` and its picture link, `liveurl` and its streams,
//! and the catalogue's codes forced by header and by fault rule.

use crate::assert_wire;
use crate::support::sodalife_client::{SodalifeClient, TokenIn};
use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};

const WORLD: &str = "sodalife-test";

/// Devices of the fixture world (tests/api/fixtures/sodalife.yaml).
const FRONT_DESK: &str = "C80214452"; // capture, PTZ, talk; online
const MACHINE_ROOM: &str = "C80214453"; // the same, PTZ near its limit
const CORRIDOR: &str = "E55001234"; // PTZ only: no capture
const BACK_DOOR: &str = "F30551208"; // offline
const CAR_PARK: &str = "G70000001"; // signal 5 %
const OTHER_APPS: &str = "H90000009"; // the iot:public-only app's
const FROZEN_APPS: &str = "J11111111"; // the frozen app's

/// The seed's descriptions, which every error description starts with.
const BAD_PARAMETER: &str = "参数错误";
const BAD_TOKEN: &str = "access_token异常或过期";
const INVALID_REQUEST: &str = "请求不合法（如参数错误）";
const INVALID_GRANT: &str = "提供的AccessGrant(codeortoken)是无效的、过期的或已撤销的";

fn client(sim: &TestSim) -> SodalifeClient {
    SodalifeClient::new(&sim.urls.sodalife, SODA_CLIENT_ID, SODA_CLIENT_SECRET)
}

fn other_client(sim: &TestSim) -> SodalifeClient {
    SodalifeClient::new(
        &sim.urls.sodalife,
        SODA_OTHER_CLIENT_ID,
        SODA_OTHER_CLIENT_SECRET,
    )
}

async fn send(request: reqwest::RequestBuilder) -> Wire {
    Wire::of(request.send().await.expect("sodalife answers")).await
}

/// `capture` of `serial` with the token in the query string.
async fn capture(client: &SodalifeClient, token: &str, serial: &str) -> Wire {
    send(client.camera(
        "capture",
        token,
        TokenIn::Query,
        json!({ "device_serial": serial }),
    ))
    .await
}

async fn live_url(client: &SodalifeClient, token: &str, params: Value) -> Wire {
    send(client.camera("liveurl", token, TokenIn::Query, params)).await
}

/// Asserts status, machine code, and a description that starts with the seed's text.
fn assert_error(wire: &Wire, status: u16, code: &str, description: &str) {
    assert_eq!(wire.status, status, "{}", wire.body);
    assert_eq!(wire.body["error"], code, "{}", wire.body);
    let text = wire.body["error_description"].as_str().unwrap_or_default();
    assert!(text.starts_with(description), "{}", wire.body);
}

fn assert_ok(wire: &Wire) {
    assert_eq!(wire.status, 200, "{}", wire.body);
    assert_eq!(wire.content_type, "application/json", "{}", wire.body);
}

/// The token of a token answer, after checking its documented shape (32 hex, 7200 s).
fn issued_token(wire: &Wire) -> String {
    assert_ok(wire);
    assert_eq!(wire.body["expires_in"], 7200, "{}", wire.body);
    let token = wire.body["access_token"].as_str().expect("access_token");
    assert!(is_hex32(token), "{token}");
    token.to_string()
}

fn is_hex32(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The wire with `body[field]` replaced by `with`, for a stable snapshot.
fn redacted(mut wire: Wire, field: &str, with: &str) -> Wire {
    wire.body[field] = json!(with);
    wire
}

/// The key of a link camsim handed out, after checking it points at the sodalife listener
/// as `<base>/<dir>/<key><suffix>`.
fn link_key<'a>(sim: &TestSim, url: &'a str, dir: &str, suffix: &str) -> &'a str {
    let key = url
        .strip_prefix(&format!("{}/{dir}/", sim.urls.sodalife))
        .and_then(|rest| rest.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("{url} is not {}/{dir}/<key>{suffix}", sim.urls.sodalife));
    assert!(is_hex32(key), "{url}");
    key
}

async fn advance(sim: &TestSim, world: &str, secs: i64) {
    let (status, answer) = sim
        .post(&format!("worlds/{world}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, 200, "{answer}");
}

/// Lifts the seed's 4-second rule for the main app, for tests that call one device often.
async fn no_call_interval(sim: &TestSim) {
    let (status, answer) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/vendors/sodalife/apps/{SODA_CLIENT_ID}"),
            json!({ "callIntervalSecs": 0 }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
}

async fn authorize(sim: &TestSim, body: Value) -> (reqwest::StatusCode, Value) {
    sim.post(&format!("worlds/{WORLD}/vendors/sodalife/authorize"), body)
        .await
}

/// A one-time code for the fixture's user of the main app.
async fn auth_code(sim: &TestSim) -> String {
    let (status, answer) = authorize(
        sim,
        json!({ "clientId": SODA_CLIENT_ID, "userId": "20201221001" }),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    answer["code"].as_str().expect("code").to_string()
}

// ---------------------------------------------------------------------------------------------
// Token endpoint: client credentials.

#[tokio::test]
async fn token_issues_a_32_hex_token_for_7200_s_when_the_json_body_has_client_credentials() {
    let sim = TestSim::sodalife().await;

    let wire = Wire::of(client(&sim).request_token(None).await).await;

    issued_token(&wire);
    assert_eq!(
        wire.body.as_object().map(|o| o.len()),
        Some(2),
        "{}",
        wire.body
    );
    assert_wire!(
        "sodalife",
        "token_success",
        &redacted(wire, "access_token", "[token]")
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn token_grants_only_the_scope_asked_when_scope_is_a_subset_of_the_apps() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let public = issued_token(&Wire::of(soda.request_token(Some("iot:public")).await).await);

    let refused = capture(&soda, &public, FRONT_DESK).await;
    let both = Wire::of(soda.request_token(Some("iot:public,iot:control")).await).await;
    let allowed = capture(&soda, &issued_token(&both), FRONT_DESK).await;

    assert_error(
        &refused,
        403,
        "ACCESS_DENIED",
        "用户或授权服务器拒绝授予数据访问权限",
    );
    assert_ok(&allowed);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_invalid_request_when_grant_type_client_id_or_client_secret_is_missing() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    for missing in ["grant_type", "client_id", "client_secret"] {
        let mut body = soda.credentials_body(None);
        if let Some(fields) = body.as_object_mut() {
            fields.remove(missing);
        }
        let wire = Wire::of(soda.post_token_json(&body).await).await;

        assert_error(&wire, 400, "INVALID_REQUEST", INVALID_REQUEST);
        let text = wire.body["error_description"].as_str().unwrap_or_default();
        assert!(text.contains(missing), "{missing}: {text}");
        if missing == "grant_type" {
            assert_wire!("sodalife", "token_invalid_request", &wire);
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_invalid_client_401_when_the_client_is_unknown_or_the_secret_wrong() {
    let sim = TestSim::sodalife().await;
    let unknown = SodalifeClient::new(
        &sim.urls.sodalife,
        "ffffffffffffffffffffffffffffffff",
        SODA_CLIENT_SECRET,
    );
    let wrong_secret =
        SodalifeClient::new(&sim.urls.sodalife, SODA_CLIENT_ID, SODA_OTHER_CLIENT_SECRET);

    let unknown = Wire::of(unknown.request_token(None).await).await;
    let wrong = Wire::of(wrong_secret.request_token(None).await).await;

    let description = "client_id或client_secret参数无效";
    assert_error(&unknown, 401, "INVALID_CLIENT", description);
    assert_error(&wrong, 401, "INVALID_CLIENT", description);
    assert_wire!("sodalife", "token_invalid_client", &wrong);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_invalid_scope_when_a_scope_is_not_the_apps() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let premier = Wire::of(soda.request_token(Some("iot:public,iot:premier")).await).await;
    let unknown = Wire::of(soda.request_token(Some("camera:all")).await).await;
    let commas = Wire::of(soda.request_token(Some(",,,")).await).await;
    let listed = Wire::of(
        soda.post_token_json(&json!({
            "grant_type": "client_credentials",
            "client_id": SODA_CLIENT_ID,
            "client_secret": SODA_CLIENT_SECRET,
            "scope": ["iot:public"],
        }))
        .await,
    )
    .await;

    assert_error(&premier, 400, "INVALID_SCOPE", "请求的scope无效");
    assert_error(&unknown, 400, "INVALID_SCOPE", "请求的scope无效");
    assert_error(&commas, 400, "INVALID_SCOPE", "请求的scope无效");
    // A list is not the comma-separated text the platform takes: refused, not all scopes.
    assert_error(&listed, 400, "INVALID_REQUEST", "请求不合法");
    assert_wire!("sodalife", "token_invalid_scope", &premier);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_unsupported_grant_type_when_the_grant_type_is_password() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let mut body = soda.credentials_body(None);
    body["grant_type"] = json!("password");

    let wire = Wire::of(soda.post_token_json(&body).await).await;

    assert_error(&wire, 400, "UNSUPPORTED_GRANT_TYPE", "不支持的GrantType");
    assert_wire!("sodalife", "token_unsupported_grant_type", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_invalid_request_when_the_json_body_is_malformed() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let cut = soda.credentials_body(None).to_string();

    let wire = Wire::of(
        soda.post_token_raw("application/json", cut[..cut.len() - 1].to_string())
            .await,
    )
    .await;

    assert_error(&wire, 400, "INVALID_REQUEST", INVALID_REQUEST);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_issues_a_working_token_when_the_body_is_form_urlencoded_in_any_case() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let form = format!(
        "grant_type=client_credentials&client_id={SODA_CLIENT_ID}&client_secret={SODA_CLIENT_SECRET}"
    );

    let lower = Wire::of(
        soda.post_token_raw("application/x-www-form-urlencoded", form.clone())
            .await,
    )
    .await;
    let mixed = Wire::of(
        soda.post_token_raw("Application/X-WWW-Form-Urlencoded; charset=UTF-8", form)
            .await,
    )
    .await;

    issued_token(&lower);
    let token = issued_token(&mixed);
    assert_ok(&capture(&soda, &token, FRONT_DESK).await);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10002_when_a_newer_token_revoked_the_one_sent() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let old = soda.access_token().await;
    let new = soda.access_token().await;

    let with_old = capture(&soda, &old, FRONT_DESK).await;
    let with_new = capture(&soda, &new, FRONT_DESK).await;

    assert_ne!(old, new);
    assert_error(&with_old, 401, "10002", BAD_TOKEN);
    assert_ok(&with_new);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10002_when_the_token_has_lived_7200_s_of_world_time() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    advance(&sim, WORLD, 7200).await;
    let wire = capture(&soda, &token, FRONT_DESK).await;

    assert_error(&wire, 401, "10002", BAD_TOKEN);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_succeeds_when_the_token_has_lived_7199_s_of_world_time() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    advance(&sim, WORLD, 7199).await;
    let wire = capture(&soda, &token, FRONT_DESK).await;

    assert_ok(&wire);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Token endpoint: authorization codes (issued by the control API in place of the browser step).

#[tokio::test]
async fn token_issues_a_user_token_once_when_an_authorization_code_is_exchanged() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let code = auth_code(&sim).await;

    let first = Wire::of(soda.exchange_code(&code).await).await;
    let again = Wire::of(soda.exchange_code(&code).await).await;

    issued_token(&first);
    assert_eq!(first.body["user_id"], "20201221001");
    assert_wire!(
        "sodalife",
        "token_authorization_code",
        &redacted(first, "access_token", "[token]")
    );
    assert_error(&again, 400, "INVALID_GRANT", INVALID_GRANT);
    assert_wire!("sodalife", "token_invalid_grant", &again);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_invalid_grant_when_the_code_is_300_s_old() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let stale = auth_code(&sim).await;
    advance(&sim, WORLD, 1).await;
    let fresh = auth_code(&sim).await;

    advance(&sim, WORLD, 299).await;
    let stale = Wire::of(soda.exchange_code(&stale).await).await;
    let fresh = Wire::of(soda.exchange_code(&fresh).await).await;

    assert_error(&stale, 400, "INVALID_GRANT", INVALID_GRANT);
    issued_token(&fresh);
    sim.shutdown().await;
}

#[tokio::test]
async fn token_answers_invalid_grant_when_the_code_was_issued_to_another_client() {
    let sim = TestSim::sodalife().await;
    let code = auth_code(&sim).await;

    let wire = Wire::of(other_client(&sim).exchange_code(&code).await).await;

    assert_error(&wire, 400, "INVALID_GRANT", INVALID_GRANT);
    sim.shutdown().await;
}

#[tokio::test]
async fn authorize_answers_201_with_a_code_and_the_granted_user_scopes() {
    let sim = TestSim::sodalife().await;

    let (status, mut answer) = authorize(
        &sim,
        json!({
            "clientId": SODA_CLIENT_ID,
            "userId": "20201221001",
            "scope": "user:mobile",
            "state": "xyz123",
        }),
    )
    .await;

    assert_eq!(status, 201, "{answer}");
    assert!(
        is_hex32(answer["code"].as_str().unwrap_or_default()),
        "{answer}"
    );
    assert_eq!(answer["scope"], "user:public,user:mobile");
    answer["code"] = json!("[code]");
    assert_wire!("sodalife", "authorize_created", &answer);
    sim.shutdown().await;
}

#[tokio::test]
async fn authorize_answers_400_or_404_when_the_user_client_or_scope_is_unknown() {
    let sim = TestSim::sodalife().await;
    let user = "20201221001";

    let (no_user, no_user_body) = authorize(
        &sim,
        json!({ "clientId": SODA_CLIENT_ID, "userId": "nobody" }),
    )
    .await;
    let (no_client, _) = authorize(
        &sim,
        json!({ "clientId": "ffffffffffffffffffffffffffffffff", "userId": user }),
    )
    .await;
    let (bad_scope, bad_scope_body) = authorize(
        &sim,
        json!({ "clientId": SODA_CLIENT_ID, "userId": user, "scope": "iot:control" }),
    )
    .await;

    assert_eq!(no_user, 400, "{no_user_body}");
    assert_eq!(no_user_body["field"], "userId");
    assert_eq!(no_client, 404);
    assert_eq!(bad_scope, 400, "{bad_scope_body}");
    assert_eq!(bad_scope_body["field"], "scope");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// A token routes its requests to the world that issued it.

const WORLD_B: &str = "sodalife-b";
const B_CLIENT_ID: &str = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
const B_CLIENT_SECRET: &str = "5ec2e75ec2e75ec2e75ec2e75ec2e7b0";

/// World B: its own app, holding a device with the same serial as world A's front desk.
fn world_b() -> String {
    format!(
        "name: {WORLD_B}
seed: 8
clock:
  mode: frozen
  at: 2026-11-22T08:00:00Z
sodalife:
  apps:
    - clientId: {B_CLIENT_ID}
      clientSecret: {B_CLIENT_SECRET}
      devices:
        - serial: {FRONT_DESK}
"
    )
}

async fn captures_journaled(sim: &TestSim, world: &str) -> Vec<Value> {
    let (status, body) = sim
        .get(&format!(
            "worlds/{world}/requests?endpoint=sodalife.capture"
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    body.as_array().expect("a journal page").clone()
}

#[tokio::test]
async fn capture_reaches_world_b_when_the_token_came_from_world_b() {
    let sim = TestSim::spawn_worlds(&[SODALIFE_WORLD, &world_b()]).await;
    let b = SodalifeClient::new(&sim.urls.sodalife, B_CLIENT_ID, B_CLIENT_SECRET);
    let token = b.access_token().await;

    let wire = capture(&b, &token, FRONT_DESK).await;

    assert_ok(&wire);
    let in_b = captures_journaled(&sim, WORLD_B).await;
    assert_eq!(in_b.len(), 1, "{in_b:?}");
    assert_eq!(in_b[0]["device"], FRONT_DESK);
    assert_eq!(in_b[0]["credential"], token.as_str());
    assert_eq!(in_b[0]["status"], 200);
    assert!(captures_journaled(&sim, WORLD).await.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10002_when_the_world_that_issued_the_token_was_reset() {
    let sim = TestSim::spawn_worlds(&[SODALIFE_WORLD, &world_b()]).await;
    let b = SodalifeClient::new(&sim.urls.sodalife, B_CLIENT_ID, B_CLIENT_SECRET);
    let token = b.access_token().await;

    let (status, answer) = sim
        .post(&format!("worlds/{WORLD_B}/reset"), Value::Null)
        .await;
    let wire = capture(&b, &token, FRONT_DESK).await;

    assert_eq!(status, 200, "{answer}");
    assert_error(&wire, 401, "10002", BAD_TOKEN);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// capture and its picture link.

#[tokio::test]
async fn capture_returns_a_pic_url_on_the_sodalife_listener_when_the_token_is_in_the_query() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    let wire = capture(&soda, &token, FRONT_DESK).await;

    assert_ok(&wire);
    let url = wire.body["picUrl"].as_str().expect("picUrl");
    link_key(&sim, url, "pic", ".jpg");
    assert_wire!(
        "sodalife",
        "capture_success",
        &redacted(wire, "picUrl", "http://[sodalife]/pic/[key].jpg")
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_returns_a_pic_url_when_the_token_is_in_the_json_body_as_seed_002_shows() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    let wire = send(soda.camera(
        "capture",
        &token,
        TokenIn::Body,
        json!({ "device_serial": FRONT_DESK }),
    ))
    .await;

    assert_ok(&wire);
    link_key(
        &sim,
        wire.body["picUrl"].as_str().expect("picUrl"),
        "pic",
        ".jpg",
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_serves_a_jpeg_in_the_device_timeline_when_the_pic_url_is_fetched() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;
    let wire = capture(&soda, &token, FRONT_DESK).await;
    let url = wire.body["picUrl"].as_str().expect("picUrl").to_string();

    let response = soda.fetch(&url).await;

    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-type"), "image/jpeg");
    let length = header("content-length");
    let jpeg = response.bytes().await.expect("picture bytes");
    assert_eq!(length, jpeg.len().to_string());
    assert!(jpeg.starts_with(&[0xFF, 0xD8]) && jpeg.ends_with(&[0xFF, 0xD9]));
    let key = link_key(&sim, &url, "pic", ".jpg");
    let (status, timeline) = sim
        .get(&format!(
            "worlds/{WORLD}/devices/sodalife/{FRONT_DESK}/timeline?from={}&to={}",
            FROZEN_AT - 60,
            FROZEN_AT + 60
        ))
        .await;
    assert_eq!(status, 200, "{timeline}");
    let pictures = timeline["pictures"].as_array().expect("pictures");
    assert!(
        pictures
            .iter()
            .any(|p| p["at"] == FROZEN_AT && p["id"].as_str().is_some_and(|id| id.ends_with(key))),
        "no picture {key} at {FROZEN_AT}: {pictures:?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_answers_403_xml_when_2_hours_of_world_time_passed() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;
    let wire = capture(&soda, &token, FRONT_DESK).await;
    let url = wire.body["picUrl"].as_str().expect("picUrl").to_string();

    advance(&sim, WORLD, 7199).await;
    let still = soda.fetch(&url).await.status();
    advance(&sim, WORLD, 1).await;
    let expired = Wire::of(soda.fetch(&url).await).await;

    assert_eq!(still, 200);
    assert_eq!(expired.status, 403);
    assert_eq!(expired.content_type, "application/xml");
    assert_wire!("sodalife", "picture_expired", &expired);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10051_when_the_device_is_another_apps() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let wire = capture(&soda, &soda.access_token().await, OTHER_APPS).await;

    assert_error(&wire, 403, "10051", "无权限进行抓图");
    assert_wire!("sodalife", "capture_not_permitted", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_20002_when_no_device_has_the_serial() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let wire = capture(&soda, &soda.access_token().await, "Z99999999").await;

    assert_error(&wire, 404, "20002", "设备不存在");
    assert_wire!("sodalife", "capture_no_device", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_60020_when_the_device_cannot_capture() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let wire = capture(&soda, &soda.access_token().await, CORRIDOR).await;

    assert_error(&wire, 501, "60020", "不支持该命令");
    assert_wire!("sodalife", "capture_unsupported", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_20007_when_the_device_is_offline() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let wire = capture(&soda, &soda.access_token().await, BACK_DOOR).await;

    assert_error(&wire, 502, "20007", "设备不在线");
    assert_wire!("sodalife", "capture_offline", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_20006_when_the_signal_is_too_weak() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let wire = capture(&soda, &soda.access_token().await, CAR_PARK).await;

    assert_error(&wire, 502, "20006", "网络异常");
    assert_wire!("sodalife", "capture_network", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_20014_when_the_serial_has_lower_case_or_51_characters() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    let lower = capture(&soda, &token, &FRONT_DESK.to_lowercase()).await;
    let long = capture(&soda, &token, &"A".repeat(51)).await;
    let fifty = capture(&soda, &token, &"A".repeat(50)).await;

    assert_error(&lower, 400, "20014", "device_serial不合法");
    assert_error(&long, 400, "20014", "device_serial不合法");
    assert_error(&fifty, 404, "20002", "设备不存在");
    assert_wire!("sodalife", "capture_bad_serial", &lower);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10001_when_device_serial_is_missing() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    let wire = send(soda.camera("capture", &token, TokenIn::Body, json!({}))).await;

    assert_error(&wire, 400, "10001", BAD_PARAMETER);
    assert_wire!("sodalife", "capture_missing_serial", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10002_when_the_token_is_missing_garbage_or_the_client_id() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let missing = sim
        .http
        .post(format!("{}/iot/cameras/capture", sim.urls.sodalife))
        .header("Content-Type", "application/json")
        .body(json!({ "device_serial": FRONT_DESK }).to_string());

    let missing = send(missing).await;
    let garbage_query = capture(&soda, "garbage", FRONT_DESK).await;
    let client_id = capture(&soda, SODA_CLIENT_ID, FRONT_DESK).await;
    let garbage_body = send(soda.camera(
        "capture",
        "garbage",
        TokenIn::Body,
        json!({ "device_serial": FRONT_DESK }),
    ))
    .await;

    for wire in [&missing, &garbage_query, &client_id, &garbage_body] {
        assert_error(wire, 401, "10002", BAD_TOKEN);
    }
    assert_wire!("sodalife", "capture_bad_token", &missing);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_access_denied_when_the_app_holds_only_iot_public() {
    let sim = TestSim::sodalife().await;
    let other = other_client(&sim);

    let wire = capture(&other, &other.access_token().await, OTHER_APPS).await;

    assert_error(
        &wire,
        403,
        "ACCESS_DENIED",
        "用户或授权服务器拒绝授予数据访问权限",
    );
    assert_wire!("sodalife", "capture_access_denied", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_10005_when_the_app_is_frozen() {
    let sim = TestSim::sodalife().await;
    let frozen = SodalifeClient::new(
        &sim.urls.sodalife,
        SODA_FROZEN_CLIENT_ID,
        SODA_FROZEN_CLIENT_SECRET,
    );

    let wire = capture(&frozen, &frozen.access_token().await, FROZEN_APPS).await;

    assert_error(&wire, 403, "10005", "appKey异常");
    assert_wire!("sodalife", "capture_app_frozen", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_20008_within_4_s_of_the_last_call_and_succeeds_4_s_after_it() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;
    assert_ok(&capture(&soda, &token, FRONT_DESK).await);

    advance(&sim, WORLD, 3).await;
    let too_soon = capture(&soda, &token, FRONT_DESK).await;
    let other_device = capture(&soda, &token, MACHINE_ROOM).await;
    advance(&sim, WORLD, 1).await;
    let in_time = capture(&soda, &token, FRONT_DESK).await;

    assert_error(&too_soon, 504, "20008", "设备响应超时");
    assert_wire!("sodalife", "capture_too_frequent", &too_soon);
    assert_ok(&other_device);
    assert_ok(&in_time);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// liveurl and its streams.

#[tokio::test]
async fn liveurl_returns_each_protocols_address_when_the_protocol_is_named_in_any_case() {
    let sim = TestSim::sodalife().await;
    no_call_interval(&sim).await;
    let soda = client(&sim);
    let token = soda.access_token().await;
    let base = &sim.urls.sodalife;
    let host = base.trim_start_matches("http://");
    let hostname = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let first = live_url(&soda, &token, json!({ "device_serial": FRONT_DESK })).await;
    assert_ok(&first);
    let hls = first.body["url"].as_str().expect("url").to_string();
    let key = link_key(&sim, &hls, "openlive", ".m3u8").to_string();

    let expected = [
        (
            "ezopen",
            format!("ezopen://open.ys7.com/{FRONT_DESK}/1.live"),
        ),
        (
            "ezopenhd",
            format!("ezopen://open.ys7.com/{FRONT_DESK}/1.hd.live"),
        ),
        ("hls", format!("{base}/openlive/{key}.m3u8")),
        ("HLS", format!("{base}/openlive/{key}.m3u8")),
        ("hlshd", format!("{base}/openlive/{key}.hd.m3u8")),
        ("rtmp", format!("rtmp://{hostname}:1935/openlive/{key}")),
        (
            "rtmphd",
            format!("rtmp://{hostname}:1935/openlive/{key}.hd"),
        ),
        ("flv", format!("{base}/openlive/{key}.flv")),
        ("FlvHD", format!("{base}/openlive/{key}.hd.flv")),
        ("rtsp", format!("rtsp://{hostname}:554/openUrl/{key}")),
    ];
    for (protocol, url) in expected {
        let wire = live_url(
            &soda,
            &token,
            json!({ "device_serial": FRONT_DESK, "protocol": protocol }),
        )
        .await;
        assert_ok(&wire);
        assert_eq!(wire.body, json!({ "url": url }), "{protocol}");
    }
    assert_wire!(
        "sodalife",
        "liveurl_success",
        &redacted(first, "url", "http://[sodalife]/openlive/[key].m3u8")
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn liveurl_answers_10001_when_the_protocol_is_unknown() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);

    let wire = live_url(
        &soda,
        &soda.access_token().await,
        json!({ "device_serial": FRONT_DESK, "protocol": "webrtc" }),
    )
    .await;

    assert_error(&wire, 400, "10001", BAD_PARAMETER);
    assert_wire!("sodalife", "liveurl_bad_protocol", &wire);
    sim.shutdown().await;
}

/// The HLS and FLV addresses of `serial` (seed 002's default, and the later revision's FLV).
async fn stream_urls(sim: &TestSim, serial: &str) -> (String, String) {
    no_call_interval(sim).await;
    let soda = client(sim);
    let token = soda.access_token().await;
    let mut urls = Vec::new();
    for protocol in ["hls", "flv"] {
        let wire = live_url(
            &soda,
            &token,
            json!({ "device_serial": serial, "protocol": protocol }),
        )
        .await;
        assert_ok(&wire);
        urls.push(wire.body["url"].as_str().expect("url").to_string());
    }
    (urls.remove(0), urls.remove(0))
}

#[tokio::test]
async fn live_serves_a_playlist_and_an_flv_stream_when_the_addresses_are_fetched() {
    let sim = TestSim::sodalife().await;
    let (hls, flv) = stream_urls(&sim, FRONT_DESK).await;
    let soda = client(&sim);

    let playlist = soda.fetch(&hls).await;
    let mut stream = soda.fetch(&flv).await;

    assert_eq!(playlist.status(), 200);
    assert_eq!(
        playlist.headers()["content-type"],
        "application/vnd.apple.mpegurl"
    );
    assert!(
        playlist
            .text()
            .await
            .expect("playlist")
            .starts_with("#EXTM3U")
    );
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "video/x-flv");
    // A live stream never ends: its first chunk is enough (sodalife_media_play plays it).
    let first = stream.chunk().await.expect("flv").expect("a first chunk");
    assert!(first.starts_with(b"FLV"));
    drop(stream);
    sim.shutdown().await;
}

#[tokio::test]
async fn live_answers_404_when_the_key_was_never_handed_out() {
    let sim = TestSim::sodalife().await;
    let url = format!(
        "{}/openlive/0123456789abcdef0123456789abcdef.m3u8",
        sim.urls.sodalife
    );

    let wire = Wire::of(client(&sim).fetch(&url).await).await;

    assert_eq!(wire.status, 404);
    assert_eq!(wire.content_type, "application/xml");
    assert_wire!("sodalife", "live_not_found", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn live_answers_404_when_the_device_went_offline_after_the_address_was_given() {
    let sim = TestSim::sodalife().await;
    let (hls, flv) = stream_urls(&sim, FRONT_DESK).await;

    let (status, answer) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/devices/sodalife/{FRONT_DESK}"),
            json!({ "online": false }),
        )
        .await;
    let soda = client(&sim);

    assert_eq!(status, 200, "{answer}");
    assert_eq!(soda.fetch(&hls).await.status(), 404);
    assert_eq!(soda.fetch(&flv).await.status(), 404);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Every catalogue code on demand: X-Camsim-Error and fault rules.

/// Every code of seed 002's three tables with the HTTP status vendors/sodalife.md proposes and
/// the seed's description.
const CATALOGUE: &[(&str, u16, &str)] = &[
    ("INTERNAL_SERVER_ERROR", 500, "服务内部异常"),
    ("TEMPORARILY_UNAVAILABLE", 503, "服务暂时无法访问"),
    ("TOO_MANY_REQUESTS", 429, "请求频率过高"),
    ("NOT_FOUND", 404, "找不到服务"),
    ("INVALID_RESOURCE", 404, "资源无效（如找不到资源）"),
    ("INVALID_REQUEST", 400, "请求不合法（如参数错误）"),
    (
        "UNAUTHORIZED_CLIENT",
        403,
        "应用未有权限做该操作(如应用未有获取授权凭证的权限)",
    ),
    ("ACCESS_DENIED", 403, "用户或授权服务器拒绝授予数据访问权限"),
    ("LOCKED", 423, "资源已被锁定"),
    ("GONE", 410, "资源已失效"),
    ("CANCELLED", 409, "操作已被取消"),
    ("COMPLETED", 409, "操作已被完成"),
    ("UNAUTHORIZED", 401, "当前会话无效（如已过期）"),
    ("UNAUTHORIZED_USER", 401, "当前会话用户无效（如未登录）"),
    ("EXTERNAL_SERVER_ERROR", 502, "外部服务异常"),
    ("INVALID_CLIENT", 401, "client_id或client_secret参数无效"),
    ("INVALID_GRANT", 400, INVALID_GRANT),
    ("INVALID_SCOPE", 400, "请求的scope无效"),
    (
        "INVALID_REDIRECT_URI",
        400,
        "提供的重定向地址与白名单不匹配",
    ),
    ("UNSUPPORTED_RESPONSE_TYPE", 400, "不支持的ResponseType"),
    ("UNSUPPORTED_GRANT_TYPE", 400, "不支持的GrantType"),
    ("10001", 400, BAD_PARAMETER),
    ("10002", 401, BAD_TOKEN),
    ("10005", 403, "appKey异常"),
    ("10051", 403, "无权限进行抓图"),
    ("20002", 404, "设备不存在"),
    ("20006", 502, "网络异常"),
    ("20007", 502, "设备不在线"),
    ("20008", 504, "设备响应超时"),
    ("20014", 400, "device_serial不合法"),
    ("49999", 502, "数据异常"),
    ("60017", 502, "设备抓图失败"),
    ("60020", 501, "不支持该命令"),
    ("60000", 501, "设备不支持云台控制"),
    ("60001", 403, "用户无云台控制权限"),
    ("60006", 502, "云台当前操作失败"),
    ("60009", 409, "正在调用预置点"),
    ("111001", 400, "语音文件格式错误"),
    ("111002", 400, "语音文件时长不合法"),
    ("111003", 400, "语音文件上传失败"),
    ("111004", 400, "语音文件转换失败"),
    ("111005", 400, "语音文件时长获取"),
    ("111006", 400, "语音文件列表获取失败"),
    ("111007", 400, "下发的语音文件URL不存在"),
    ("111008", 400, "参数错误，语音文件不能为空"),
    ("111009", 400, "参数错误，语音文件URL不能为空"),
    ("111010", 400, "参数错误，设备序列号不能为空"),
];

#[tokio::test]
async fn capture_answers_each_catalogue_code_with_its_status_when_x_camsim_error_names_it() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;

    for (code, status, description) in CATALOGUE {
        let wire = send(
            soda.camera(
                "capture",
                &token,
                TokenIn::Query,
                json!({ "device_serial": FRONT_DESK }),
            )
            .header("X-Camsim-Error", *code),
        )
        .await;

        assert_eq!(wire.status, *status, "{code}: {}", wire.body);
        assert_eq!(
            wire.body,
            json!({ "error": code, "error_description": description }),
            "{code}"
        );
        if *code == "60017" {
            assert_wire!("sodalife", "capture_forced_error", &wire);
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_the_rules_code_once_when_a_fault_rule_is_added() {
    let sim = TestSim::sodalife().await;
    let soda = client(&sim);
    let token = soda.access_token().await;
    let rule = json!({
        "endpoint": "sodalife.capture",
        "device": FRONT_DESK,
        "error": "60017",
        "times": 1,
    });
    let (status, answer) = sim.post(&format!("worlds/{WORLD}/faults"), rule).await;
    assert_eq!(status, 201, "{answer}");

    let faulted = capture(&soda, &token, FRONT_DESK).await;
    advance(&sim, WORLD, 4).await;
    let after = capture(&soda, &token, FRONT_DESK).await;

    assert_error(&faulted, 502, "60017", "设备抓图失败");
    assert_ok(&after);
    sim.shutdown().await;
}
