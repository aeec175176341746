//! Sodalife's device endpoints over real HTTP (seed 002): PTZ `controlling` under the
//! start-then-stop rule, the preset move and the lens limits; `sendvoice` with real WAV, MP3 and
//! AAC uploads, every voice refusal and the 20 MB limit; the device checks every camera call
//! shares, in their order; and Sodalife's part of the control API (world view, device view and
//! patch, app patch, `camsim check`). Calls for one device must be 4 s apart on the world clock,
//! so the tests move that clock between calls, never sleep.

use crate::assert_wire;
use crate::support::*;
use crate::wire::{parse_raw, raw_exchange};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::process::Command;

const WORLD: &str = "sodalife-test";

/// Devices of the fixture world (tests/api/fixtures/sodalife.yaml).
const FRONT_DESK: &str = "C80214452"; // capture, PTZ, talk; online; lens at rest
const MACHINE_ROOM: &str = "C80214453"; // pan 160, panMax 170
const NO_PTZ: &str = "D21907744"; // capture and talk only
const NO_TALK: &str = "E55001234"; // PTZ only
const OFFLINE: &str = "F30551208";
const WEAK_SIGNAL: &str = "G70000001"; // signal 5 %
const OTHER_APPS: &str = "H90000009"; // the iot:public-only app's
const FROZEN_APPS: &str = "J11111111"; // the frozen app's

/// Sine tones made with ffmpeg (the commands are in `fixtures/voice/README.md`).
const TONE_2S_MP3: &[u8] = include_bytes!("fixtures/voice/tone-2s.mp3");
const TONE_2S_AAC: &[u8] = include_bytes!("fixtures/voice/tone-2s.aac");
const TONE_70S_MP3: &[u8] = include_bytes!("fixtures/voice/tone-70s.mp3");
const TONE_HALF_S_AAC: &[u8] = include_bytes!("fixtures/voice/tone-0.5s.aac");

/// The voice form's limit for the whole body: the file's 20 MiB and 64 KiB of other fields.
const WHOLE_FORM_LIMIT: u64 = 20 * 1024 * 1024 + 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A client-credentials token of the app `client_id`.
async fn token_of(sim: &TestSim, client_id: &str, secret: &str) -> String {
    let response = sim
        .http
        .post(format!("{}/oauth2/access_token", sim.urls.sodalife))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
        }))
        .send()
        .await
        .expect("token endpoint answers");
    let (status, body) = read_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("a token: {body}"))
        .to_string()
}

/// A token of the first app (scopes iot:public, iot:control).
async fn token(sim: &TestSim) -> String {
    token_of(sim, SODA_CLIENT_ID, SODA_CLIENT_SECRET).await
}

/// `POST /iot/cameras/{endpoint}` with a JSON body.
async fn camera(sim: &TestSim, endpoint: &str, body: Value) -> Wire {
    let response = sim
        .http
        .post(format!("{}/iot/cameras/{endpoint}", sim.urls.sodalife))
        .json(&body)
        .send()
        .await
        .expect("sodalife answers");
    Wire::of(response).await
}

/// `controlling` with `action` and `command` as given (numbers or text).
async fn ptz(sim: &TestSim, token: &str, serial: &str, action: Value, command: Value) -> Wire {
    let body = json!({
        "access_token": token,
        "device_serial": serial,
        "action": action,
        "command": command,
    });
    camera(sim, "controlling", body).await
}

async fn start(sim: &TestSim, token: &str, serial: &str, command: i64) -> Wire {
    ptz(sim, token, serial, json!(0), json!(command.to_string())).await
}

async fn stop(sim: &TestSim, token: &str, serial: &str, command: i64) -> Wire {
    ptz(sim, token, serial, json!(1), json!(command.to_string())).await
}

async fn capture(sim: &TestSim, token: &str, serial: &str) -> Wire {
    let body = json!({"access_token": token, "device_serial": serial});
    camera(sim, "capture", body).await
}

fn assert_success(wire: &Wire) {
    assert_eq!(wire.status, 200, "{}", wire.body);
    assert_eq!(wire.body, json!({"data": "SUCCESS"}));
}

/// Asserts HTTP status and Sodalife's `error` code.
fn assert_error(wire: &Wire, status: u16, code: &str) {
    assert_eq!(
        (wire.status, wire.body["error"].as_str()),
        (status, Some(code)),
        "{}",
        wire.body
    );
}

fn description(wire: &Wire) -> &str {
    wire.body["error_description"].as_str().unwrap_or("")
}

/// Moves the world clock by `secs` seconds.
async fn advance(sim: &TestSim, secs: i64) {
    let (status, body) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The control API's view of a Sodalife device.
async fn device(sim: &TestSim, serial: &str) -> Value {
    let (status, body) = sim
        .get(&format!("worlds/{WORLD}/devices/sodalife/{serial}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn patch_device(sim: &TestSim, serial: &str, patch: Value) -> (StatusCode, Value) {
    sim.call(
        Method::PATCH,
        &format!("worlds/{WORLD}/devices/sodalife/{serial}"),
        patch,
    )
    .await
}

async fn patch_app(sim: &TestSim, client_id: &str, patch: Value) -> (StatusCode, Value) {
    sim.call(
        Method::PATCH,
        &format!("worlds/{WORLD}/vendors/sodalife/apps/{client_id}"),
        patch,
    )
    .await
}

/// A control-API snapshot `snapshots/control/<name>.snap`.
fn snap_control(name: &str, status: StatusCode, body: &Value) {
    let mut settings = snapshots("control");
    settings.add_redaction(".body.clock.offsetMs", "[offsetMs]");
    settings.add_redaction(".body.urls", "[urls with ports]");
    let recorded = json!({ "status": status.as_u16(), "body": body });
    settings.bind(|| insta::assert_yaml_snapshot!(name, recorded));
}

/// A `multipart/form-data` body written by hand, so a test can also break it.
struct Form {
    body: Vec<u8>,
}

const BOUNDARY: &str = "----camsimTestBoundary7MA4YWxkTrZu0gW";

impl Form {
    fn new() -> Form {
        Form { body: Vec::new() }
    }

    fn text(mut self, name: &str, value: &str) -> Form {
        self.body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
        self
    }

    fn file(mut self, name: &str, file_name: &str, content_type: &str, bytes: &[u8]) -> Form {
        self.body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// The body with its closing boundary.
    fn finish(mut self) -> Vec<u8> {
        self.body
            .extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        self.body
    }
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// The usual upload: token and serial as form fields, then the voice file.
fn voice_form(
    token: &str,
    serial: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> Form {
    Form::new()
        .text("access_token", token)
        .text("device_serial", serial)
        .file("voice_file", file_name, content_type, bytes)
}

/// `POST /iot/cameras/sendvoice` with `body` as `content_type`; `query` is appended to the URL.
async fn send_raw(sim: &TestSim, query: &str, content_type: &str, body: Vec<u8>) -> Wire {
    let response = sim
        .http
        .post(format!(
            "{}/iot/cameras/sendvoice{query}",
            sim.urls.sodalife
        ))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .expect("sodalife answers");
    Wire::of(response).await
}

async fn send_voice(sim: &TestSim, form: Form) -> Wire {
    send_raw(sim, "", &multipart_type(), form.finish()).await
}

/// A 16-bit mono PCM WAV at 8 kHz: the 44-byte header and a 440 Hz sine of `duration_ms`.
fn wav(duration_ms: u32) -> Vec<u8> {
    const RATE: u32 = 8000;
    let samples = RATE * duration_ms / 1000;
    let data_len = samples * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = f64::from(i) / f64::from(RATE);
        let sample = (2.0 * std::f64::consts::PI * 440.0 * t).sin() * 0.5 * f64::from(i16::MAX);
        out.extend_from_slice(&(sample as i16).to_le_bytes());
    }
    out
}

/// Calls `endpoint` for `serial` with a valid request of its kind (a WAV for `sendvoice`, a
/// zoom-in start for `controlling`).
async fn any_call(sim: &TestSim, endpoint: &str, token: &str, serial: &str) -> Wire {
    match endpoint {
        "sendvoice" => {
            send_voice(
                sim,
                voice_form(token, serial, "hi.wav", "audio/wav", &wav(2000)),
            )
            .await
        }
        "controlling" => start(sim, token, serial, 8).await,
        _ => {
            let body = json!({"access_token": token, "device_serial": serial});
            camera(sim, endpoint, body).await
        }
    }
}

const CAMERA_ENDPOINTS: [&str; 4] = ["capture", "controlling", "sendvoice", "liveurl"];

// ---------------------------------------------------------------------------------------------
// controlling: start, then stop

#[tokio::test]
async fn controlling_answers_success_when_a_start_is_followed_by_a_stop() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let started = start(&sim, &token, FRONT_DESK, 8).await;
    let moving = device(&sim, FRONT_DESK).await;
    advance(&sim, 2).await;
    let stopped = stop(&sim, &token, FRONT_DESK, 8).await;

    assert_success(&started);
    assert_wire!("sodalife", "controlling_started", &started);
    assert_eq!(moving["ptz"]["moving"]["command"], 8, "{moving}");
    assert_success(&stopped);
    let after = device(&sim, FRONT_DESK).await;
    assert_eq!(after["ptz"]["moving"], Value::Null, "{after}");
    assert_eq!(
        after["ptz"]["zoom"], 3,
        "zoomed in 1 step a second: {after}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_60006_when_a_second_start_comes_before_a_stop() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    assert_success(&start(&sim, &token, FRONT_DESK, 3).await);
    advance(&sim, 5).await;

    let second = start(&sim, &token, FRONT_DESK, 2).await;

    assert_error(&second, 502, "60006");
    assert_wire!("sodalife", "controlling_not_stopped", &second);
    // After the stop, the next start is taken.
    assert_success(&stop(&sim, &token, FRONT_DESK, 3).await);
    advance(&sim, 4).await;
    assert_success(&start(&sim, &token, FRONT_DESK, 2).await);
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_success_when_stopping_with_nothing_started() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let stopped = stop(&sim, &token, FRONT_DESK, 8).await;

    assert_success(&stopped);
    let view = device(&sim, FRONT_DESK).await;
    assert_eq!(
        (&view["ptz"]["pan"], &view["ptz"]["zoom"]),
        (&json!(0), &json!(1)),
        "{view}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_success_when_command_is_text_or_a_number_and_action_is_text() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    for (action, command, stop_action) in [
        (json!(0), json!("8"), json!(1)),
        (json!(0), json!(8), json!(1)),
        (json!("0"), json!(10), json!("1")),
    ] {
        let started = ptz(&sim, &token, FRONT_DESK, action.clone(), command.clone()).await;
        let view = device(&sim, FRONT_DESK).await;
        let stopped = ptz(&sim, &token, FRONT_DESK, stop_action, command.clone()).await;
        advance(&sim, 4).await;

        assert_success(&started);
        let expected = command.as_i64().or_else(|| command.as_str()?.parse().ok());
        assert_eq!(
            view["ptz"]["moving"]["command"].as_i64(),
            expected,
            "action {action}, command {command}: {view}"
        );
        assert_success(&stopped);
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_60020_when_the_command_is_outside_0_to_11_and_99() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let first = ptz(&sim, &token, FRONT_DESK, json!(0), json!(12)).await;
    for command in [json!(98), json!(100), json!(-1), json!("16"), json!(255)] {
        let wire = ptz(&sim, &token, FRONT_DESK, json!(0), command.clone()).await;
        assert_error(&wire, 501, "60020");
        assert!(
            description(&wire).contains("command"),
            "{command}: {}",
            wire.body
        );
    }

    assert_error(&first, 501, "60020");
    assert_wire!("sodalife", "controlling_unsupported_command", &first);
    // A refused command is no call: the device still takes one at once.
    assert_success(&start(&sim, &token, FRONT_DESK, 11).await);
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_10001_naming_the_parameter_when_action_or_command_is_wrong() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let missing_action = camera(
        &sim,
        "controlling",
        json!({"access_token": token, "device_serial": FRONT_DESK, "command": "8"}),
    )
    .await;

    let cases = [
        (json!({"command": "8"}), "action"),
        (json!({"action": 0}), "command"),
        (json!({"action": 2, "command": "8"}), "action"),
        (json!({"action": -1, "command": "8"}), "action"),
        (json!({"action": "start", "command": "8"}), "action"),
        (json!({"action": 0, "command": "abc"}), "command"),
        (json!({"action": 0, "command": 8.5}), "command"),
        (json!({"action": 0, "command": [8]}), "command"),
        (json!({"action": 0, "command": ""}), "command"),
    ];
    for (fields, named) in cases {
        let mut body = json!({"access_token": token, "device_serial": FRONT_DESK});
        if let (Some(map), Value::Object(more)) = (body.as_object_mut(), fields.clone()) {
            map.extend(more);
        }
        let wire = camera(&sim, "controlling", body).await;
        assert_error(&wire, 400, "10001");
        assert!(
            description(&wire).contains(named),
            "{fields} names {named}: {}",
            wire.body
        );
    }

    assert_error(&missing_action, 400, "10001");
    assert_wire!("sodalife", "controlling_missing_action", &missing_action);
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_60000_when_the_device_has_no_ptz() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let wire = start(&sim, &token, NO_PTZ, 0).await;
    let stopped = stop(&sim, &token, NO_PTZ, 0).await;

    assert_error(&wire, 501, "60000");
    assert_eq!(description(&wire), "设备不支持云台控制", "{}", wire.body);
    assert_error(&stopped, 501, "60000");
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_60001_when_the_token_lacks_iot_control() {
    let sim = TestSim::sodalife().await;
    let public_only = token_of(&sim, SODA_OTHER_CLIENT_ID, SODA_OTHER_CLIENT_SECRET).await;

    let started = start(&sim, &public_only, OTHER_APPS, 0).await;
    let captured = capture(&sim, &public_only, OTHER_APPS).await;

    assert_error(&started, 403, "60001");
    assert_wire!("sodalife", "controlling_no_permission", &started);
    assert!(
        description(&started).contains("iot:control"),
        "{}",
        started.body
    );
    assert_error(&captured, 403, "ACCESS_DENIED");
    let view = device(&sim, OTHER_APPS).await;
    assert_eq!(view["ptz"]["moving"], Value::Null, "{view}");
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_answers_60009_while_moving_to_the_preset_and_success_after_10_s() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let preset = start(&sim, &token, MACHINE_ROOM, 99).await;
    advance(&sim, 4).await;
    let start_during = start(&sim, &token, MACHINE_ROOM, 0).await;
    advance(&sim, 5).await;
    let stop_during = stop(&sim, &token, MACHINE_ROOM, 0).await;
    let moving = device(&sim, MACHINE_ROOM).await;
    advance(&sim, 1).await;
    let after = start(&sim, &token, MACHINE_ROOM, 0).await;

    assert_success(&preset);
    assert_error(&start_during, 409, "60009");
    assert_wire!("sodalife", "controlling_preset_moving", &start_during);
    assert_error(&stop_during, 409, "60009");
    assert_eq!(moving["ptz"]["presetUntil"], FROZEN_AT + 10, "{moving}");
    assert_success(&after);
    let view = device(&sim, MACHINE_ROOM).await;
    assert_eq!(view["ptz"]["presetUntil"], Value::Null, "{view}");
    assert_eq!(view["ptz"]["moving"]["command"], 0, "{view}");
    assert_eq!(view["ptz"]["pan"], 0, "at preset 1: {view}");
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_stops_the_lens_at_its_pan_limit_and_answers_60006_further_that_way() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    assert_success(&start(&sim, &token, MACHINE_ROOM, 3).await);
    advance(&sim, 5).await;
    let moving = device(&sim, MACHINE_ROOM).await;
    assert_success(&stop(&sim, &token, MACHINE_ROOM, 3).await);
    let stopped = device(&sim, MACHINE_ROOM).await;
    advance(&sim, 4).await;
    let further = start(&sim, &token, MACHINE_ROOM, 3).await;
    let back = start(&sim, &token, MACHINE_ROOM, 2).await;

    assert_eq!(
        moving["ptz"]["pan"], 170,
        "100 degrees asked, 10 left: {moving}"
    );
    assert_eq!(stopped["ptz"]["pan"], 170, "{stopped}");
    assert_eq!(stopped["ptz"]["limits"]["panMax"], 170, "{stopped}");
    assert_eq!(stopped["ptz"]["moving"], Value::Null, "{stopped}");
    assert_error(&further, 502, "60006");
    assert!(description(&further).contains("limit"), "{}", further.body);
    // Only calls that succeed count toward the 4 s: the other way is taken at once.
    assert_success(&back);
    sim.shutdown().await;
}

#[tokio::test]
async fn controlling_start_answers_20008_within_4_s_of_a_capture_or_liveurl_but_a_stop_never() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let captured = capture(&sim, &token, FRONT_DESK).await;
    let live = camera(
        &sim,
        "liveurl",
        json!({"access_token": token, "device_serial": MACHINE_ROOM}),
    )
    .await;
    let at_once = start(&sim, &token, FRONT_DESK, 0).await;
    let after_live = start(&sim, &token, MACHINE_ROOM, 2).await;
    let stop_at_once = stop(&sim, &token, FRONT_DESK, 0).await;
    advance(&sim, 3).await;
    let after_3s = start(&sim, &token, FRONT_DESK, 0).await;
    advance(&sim, 1).await;
    let after_4s = start(&sim, &token, FRONT_DESK, 0).await;
    let stop_after = stop(&sim, &token, FRONT_DESK, 0).await;

    assert_eq!(captured.status, 200, "{}", captured.body);
    assert_eq!(live.status, 200, "{}", live.body);
    assert_error(&at_once, 504, "20008");
    assert_wire!("sodalife", "controlling_too_frequent", &at_once);
    assert_error(&after_live, 504, "20008");
    assert_success(&stop_at_once);
    assert_error(&after_3s, 504, "20008");
    assert_success(&after_4s);
    assert_success(&stop_after);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// sendvoice

#[tokio::test]
async fn sendvoice_answers_success_and_the_device_lists_the_voice_when_a_wav_is_sent() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let file = wav(2000);

    let wire = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "hello.wav", "audio/wav", &file),
    )
    .await;

    assert_success(&wire);
    assert_wire!("sodalife", "sendvoice_sent", &wire);
    let view = device(&sim, FRONT_DESK).await;
    assert_eq!(
        view["voices"],
        json!([{
            "at": FROZEN_AT,
            "fileName": "hello.wav",
            "bytes": file.len(),
            "format": "wav",
            "durationMs": 2000,
            "sampleRate": 8000,
            "channels": 1,
        }]),
        "{view}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_success_when_the_token_is_in_the_query() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let form = Form::new().text("device_serial", FRONT_DESK).file(
        "voice_file",
        "query.wav",
        "audio/wav",
        &wav(1500),
    );

    let wire = send_raw(
        &sim,
        &format!("?access_token={token}"),
        &multipart_type(),
        form.finish(),
    )
    .await;

    assert_success(&wire);
    let view = device(&sim, FRONT_DESK).await;
    assert_eq!(view["voices"][0]["durationMs"], 1500, "{view}");
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_10002_when_no_token_is_sent() {
    let sim = TestSim::sodalife().await;
    let form = Form::new().text("device_serial", FRONT_DESK).file(
        "voice_file",
        "hi.wav",
        "audio/wav",
        &wav(2000),
    );

    let wire = send_voice(&sim, form).await;

    assert_error(&wire, 401, "10002");
    assert_eq!(device(&sim, FRONT_DESK).await["voices"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_success_and_measures_the_file_when_it_is_mp3_or_aac() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let mp3 = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "tone.mp3", "audio/mpeg", TONE_2S_MP3),
    )
    .await;
    advance(&sim, 4).await;
    let aac = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "tone.aac", "audio/aac", TONE_2S_AAC),
    )
    .await;

    assert_success(&mp3);
    assert_success(&aac);
    let voices = device(&sim, FRONT_DESK).await["voices"].clone();
    let seen: Vec<(&str, u64, u64)> = voices
        .as_array()
        .expect("voices is a list")
        .iter()
        .map(|v| {
            (
                v["format"].as_str().unwrap_or(""),
                v["bytes"].as_u64().unwrap_or(0),
                v["durationMs"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(seen.len(), 2, "{voices}");
    assert_eq!(
        (seen[0].0, seen[0].1),
        ("mp3", TONE_2S_MP3.len() as u64),
        "{voices}"
    );
    assert_eq!(
        (seen[1].0, seen[1].1),
        ("aac", TONE_2S_AAC.len() as u64),
        "{voices}"
    );
    for (format, _, ms) in &seen {
        assert!(
            (1900..=2200).contains(ms),
            "{format} lasts about 2 s (AAC rounds up to whole 64 ms frames): {voices}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111001_when_a_text_file_is_named_wav_and_declared_audio() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let text = b"this is a text file, not audio\n".repeat(100);

    let wire = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "x.wav", "audio/wav", &text),
    )
    .await;

    assert_error(&wire, 400, "111001");
    assert!(
        description(&wire).starts_with("语音文件格式错误: "),
        "{}",
        wire.body
    );
    assert_eq!(device(&sim, FRONT_DESK).await["voices"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111001_when_the_file_is_ogg_named_and_declared_wav() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let mut ogg = b"OggS\x00\x02".to_vec();
    ogg.extend_from_slice(&[0u8; 2000]);

    let wire = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "voice.wav", "audio/wav", &ogg),
    )
    .await;

    assert_error(&wire, 400, "111001");
    assert_wire!("sodalife", "sendvoice_wrong_format", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111002_when_a_wav_lasts_70_s_or_half_a_second() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let long = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "long.wav", "audio/wav", &wav(70_000)),
    )
    .await;
    // A refused upload still counts as a call for the device.
    advance(&sim, 4).await;
    let short = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "short.wav", "audio/wav", &wav(500)),
    )
    .await;

    assert_error(&long, 400, "111002");
    assert!(description(&long).contains("70000"), "{}", long.body);
    assert_error(&short, 400, "111002");
    assert!(description(&short).contains("500"), "{}", short.body);
    assert_eq!(device(&sim, FRONT_DESK).await["voices"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111002_when_an_mp3_lasts_70_s_or_an_aac_half_a_second() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let long = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "long.mp3", "audio/mpeg", TONE_70S_MP3),
    )
    .await;
    advance(&sim, 4).await;
    let short = send_voice(
        &sim,
        voice_form(
            &token,
            FRONT_DESK,
            "short.aac",
            "audio/aac",
            TONE_HALF_S_AAC,
        ),
    )
    .await;

    assert_error(&long, 400, "111002");
    assert_wire!("sodalife", "sendvoice_too_long", &long);
    assert_error(&short, 400, "111002");
    assert_eq!(device(&sim, FRONT_DESK).await["voices"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111008_when_the_voice_file_is_empty_or_missing_or_the_body_is_json() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let empty = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "empty.wav", "audio/wav", b""),
    )
    .await;
    let no_part = send_voice(
        &sim,
        Form::new()
            .text("access_token", &token)
            .text("device_serial", FRONT_DESK),
    )
    .await;
    let other_name = send_voice(
        &sim,
        Form::new()
            .text("access_token", &token)
            .text("device_serial", FRONT_DESK)
            .file("file", "hi.wav", "audio/wav", &wav(200)),
    )
    .await;
    let json_body = camera(
        &sim,
        "sendvoice",
        json!({"access_token": token, "device_serial": FRONT_DESK, "voice_file": "hi.wav"}),
    )
    .await;

    for (case, wire) in [
        ("empty", &empty),
        ("no part", &no_part),
        ("other field", &other_name),
        ("json", &json_body),
    ] {
        assert_eq!(
            (wire.status, wire.body["error"].as_str()),
            (400, Some("111008")),
            "{case}: {}",
            wire.body
        );
    }
    assert_wire!("sodalife", "sendvoice_no_file", &no_part);
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111010_when_device_serial_is_missing() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let form = Form::new().text("access_token", &token).file(
        "voice_file",
        "hi.wav",
        "audio/wav",
        &wav(2000),
    );

    let wire = send_voice(&sim, form).await;

    assert_error(&wire, 400, "111010");
    assert_wire!("sodalife", "sendvoice_no_serial", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_60020_when_the_device_cannot_talk() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let wire = send_voice(
        &sim,
        voice_form(&token, NO_TALK, "hi.wav", "audio/wav", &wav(2000)),
    )
    .await;

    assert_error(&wire, 501, "60020");
    assert_eq!(device(&sim, NO_TALK).await["voices"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111003_at_once_when_the_declared_length_is_over_20_mb() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let first_part = Form::new()
        .text("access_token", &token)
        .text("device_serial", FRONT_DESK)
        .body;
    let head = format!(
        "POST /iot/cameras/sendvoice HTTP/1.1\r\nHost: camsim.test\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
        multipart_type(),
        WHOLE_FORM_LIMIT + 1
    );

    // Only the first part is sent: the answer cannot wait for the rest.
    let answer = raw_exchange(&sim.urls.sodalife, head, vec![first_part])
        .await
        .expect("an answer before the body is through");

    let (status, body) = parse_raw(&answer);
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("111003")),
        "{answer}"
    );
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains(&WHOLE_FORM_LIMIT.to_string())),
        "{answer}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111003_naming_voice_file_when_a_streamed_file_passes_20_mib() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let head = format!(
        "POST /iot/cameras/sendvoice HTTP/1.1\r\nHost: camsim.test\r\nContent-Type: {}\r\nTransfer-Encoding: chunked\r\n\r\n",
        multipart_type()
    );
    let first = Form::new()
        .text("access_token", &token)
        .text("device_serial", FRONT_DESK)
        .body;
    let part_head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"voice_file\"; filename=\"big.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
    );
    let chunk = |bytes: &[u8]| {
        let mut out = format!("{:x}\r\n", bytes.len()).into_bytes();
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
        out
    };
    let mut body = vec![chunk(&first), chunk(part_head.as_bytes())];
    let block = vec![0u8; 256 * 1024];
    // 20 MiB and 1 KiB of file, never finished: the whole body stays under its own limit, so
    // only the file's can refuse it.
    body.extend((0..80).map(|_| chunk(&block)));
    body.push(chunk(&block[..1024]));

    let answer = raw_exchange(&sim.urls.sodalife, head, body)
        .await
        .expect("an answer while the file streams");

    let (status, body) = parse_raw(&answer);
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("111003")),
        "{answer}"
    );
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("voice_file") && d.contains("20971520")),
        "{answer}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_answers_111003_when_the_multipart_body_is_malformed() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    // The parts end without their closing boundary.
    let mut cut = voice_form(&token, FRONT_DESK, "hi.wav", "audio/wav", &wav(2000)).body;
    cut.truncate(cut.len() - 200);
    // A part head that never ends.
    let mut endless_head =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"device_serial\"")
            .into_bytes();
    endless_head.extend_from_slice(b"\r\nX-Junk: ");
    endless_head.extend_from_slice(&[b'a'; 100]);

    let whole = voice_form(&token, FRONT_DESK, "hi.wav", "audio/wav", &wav(2000)).finish();

    let cut_short = send_raw(&sim, "", &multipart_type(), cut).await;
    let broken_head = send_raw(&sim, "", &multipart_type(), endless_head).await;
    // The header names a boundary the body never uses.
    let other_boundary = send_raw(
        &sim,
        "",
        "multipart/form-data; boundary=declared-but-never-used",
        whole,
    )
    .await;

    assert_error(&cut_short, 400, "111003");
    assert_wire!("sodalife", "sendvoice_malformed", &cut_short);
    assert_error(&broken_head, 400, "111003");
    assert_error(&other_boundary, 400, "111003");
    assert_eq!(device(&sim, FRONT_DESK).await["voices"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn sendvoice_keeps_the_newest_10_deliveries_when_more_are_sent() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    patch_app(&sim, SODA_CLIENT_ID, json!({"callIntervalSecs": 0})).await;

    for n in 1..=11u32 {
        let wire = send_voice(
            &sim,
            voice_form(
                &token,
                FRONT_DESK,
                &format!("v{n}.wav"),
                "audio/wav",
                &wav(1000 + n),
            ),
        )
        .await;
        assert_success(&wire);
    }

    let voices = device(&sim, FRONT_DESK).await["voices"].clone();
    let names: Vec<&str> = voices
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v["fileName"].as_str())
        .collect();
    assert_eq!(
        names,
        (2..=11).map(|n| format!("v{n}.wav")).collect::<Vec<_>>()
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The checks every camera call shares, in order

#[tokio::test]
async fn camera_calls_answer_20007_when_the_device_is_offline() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    for endpoint in CAMERA_ENDPOINTS {
        let wire = any_call(&sim, endpoint, &token, OFFLINE).await;
        assert_eq!(
            (wire.status, wire.body["error"].as_str()),
            (502, Some("20007")),
            "{endpoint}: {}",
            wire.body
        );
    }
    let wire = any_call(&sim, "sendvoice", &token, OFFLINE).await;
    assert_wire!("sodalife", "sendvoice_offline", &wire);
    sim.shutdown().await;
}

#[tokio::test]
async fn camera_calls_answer_20006_when_the_signal_is_too_weak() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    for endpoint in CAMERA_ENDPOINTS {
        let wire = any_call(&sim, endpoint, &token, WEAK_SIGNAL).await;
        assert_eq!(
            (wire.status, wire.body["error"].as_str()),
            (502, Some("20006")),
            "{endpoint}: {}",
            wire.body
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn camera_calls_answer_10005_when_the_app_is_frozen() {
    let sim = TestSim::sodalife().await;
    let frozen = token_of(&sim, SODA_FROZEN_CLIENT_ID, SODA_FROZEN_CLIENT_SECRET).await;
    // Frozen comes first, before the device's own state.
    let (status, body) = patch_device(&sim, FROZEN_APPS, json!({"online": false})).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    for endpoint in CAMERA_ENDPOINTS {
        let wire = any_call(&sim, endpoint, &frozen, FROZEN_APPS).await;
        assert_eq!(
            (wire.status, wire.body["error"].as_str()),
            (403, Some("10005")),
            "{endpoint}: {}",
            wire.body
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn camera_calls_check_capability_then_online_then_signal_then_the_4_s_rule() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    for (serial, patch) in [
        (OFFLINE, json!({"signal": 5})),
        (NO_PTZ, json!({"online": false})),
    ] {
        let (status, body) = patch_device(&sim, serial, patch).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // A weak-signal call is refused and is no call: the 4 s rule does not start.
    let weak = capture(&sim, &token, WEAK_SIGNAL).await;
    let (status, body) = patch_device(&sim, WEAK_SIGNAL, json!({"signal": 80})).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let offline_and_weak = capture(&sim, &token, OFFLINE).await;
    let no_ptz_and_offline = start(&sim, &token, NO_PTZ, 0).await;
    let recovered = capture(&sim, &token, WEAK_SIGNAL).await;
    let too_soon = capture(&sim, &token, WEAK_SIGNAL).await;

    assert_error(&weak, 502, "20006");
    assert_error(&offline_and_weak, 502, "20007");
    assert_error(&no_ptz_and_offline, 501, "60000");
    assert_eq!(recovered.status, 200, "{}", recovered.body);
    assert_error(&too_soon, 504, "20008");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Control API

#[tokio::test]
async fn world_view_lists_sodalife_apps_with_their_devices() {
    let sim = TestSim::sodalife().await;

    let (status, body) = sim.get(&format!("worlds/{WORLD}")).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let apps = body["sodalife"]["apps"].as_array().expect("apps");
    assert_eq!(apps.len(), 3, "{body}");
    snap_control("sodalife_world_view", status, &body["sodalife"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_get_shows_sodalife_name_capabilities_ptz_and_voices() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    let file = wav(2000);
    assert_success(
        &send_voice(
            &sim,
            voice_form(&token, MACHINE_ROOM, "hello.wav", "audio/wav", &file),
        )
        .await,
    );
    advance(&sim, 4).await;
    assert_success(&start(&sim, &token, MACHINE_ROOM, 2).await);
    advance(&sim, 1).await;

    let (status, body) = sim
        .get(&format!("worlds/{WORLD}/devices/sodalife/{MACHINE_ROOM}"))
        .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["ptz"]["pan"], 140,
        "moving left 20 degrees a second: {body}"
    );
    assert_eq!(body["voices"][0]["bytes"], file.len());
    snap_control("sodalife_device_get", status, &body);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_changes_capabilities_and_the_calls_follow() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let (status, body) = patch_device(&sim, FRONT_DESK, json!({"capabilities": ["capture"]})).await;
    let no_ptz = start(&sim, &token, FRONT_DESK, 0).await;
    let no_talk = send_voice(
        &sim,
        voice_form(&token, FRONT_DESK, "hi.wav", "audio/wav", &wav(2000)),
    )
    .await;
    let captured = capture(&sim, &token, FRONT_DESK).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        device(&sim, FRONT_DESK).await["capabilities"],
        json!(["capture"])
    );
    assert_error(&no_ptz, 501, "60000");
    assert_error(&no_talk, 501, "60020");
    assert_eq!(captured.status, 200, "{}", captured.body);
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_moves_the_lens_within_its_limits_and_answers_400_naming_the_key_outside() {
    let sim = TestSim::sodalife().await;

    let (moved, moved_body) =
        patch_device(&sim, FRONT_DESK, json!({"ptz": {"pan": -100, "tilt": 45}})).await;
    let (outside, outside_body) =
        patch_device(&sim, MACHINE_ROOM, json!({"ptz": {"pan": 171}})).await;
    let (bad_limits, bad_limits_body) = patch_device(
        &sim,
        FRONT_DESK,
        json!({"ptz": {"panMin": 10, "panMax": 5}}),
    )
    .await;
    let (bad_cap, bad_cap_body) =
        patch_device(&sim, FRONT_DESK, json!({"capabilities": ["fly"]})).await;

    assert_eq!(moved, StatusCode::OK, "{moved_body}");
    let view = device(&sim, FRONT_DESK).await;
    assert_eq!(
        (&view["ptz"]["pan"], &view["ptz"]["tilt"]),
        (&json!(-100), &json!(45)),
        "{view}"
    );
    assert_eq!(outside, StatusCode::BAD_REQUEST, "{outside_body}");
    assert_eq!(outside_body["field"], "ptz.pan", "{outside_body}");
    snap_control(
        "sodalife_device_patch_ptz_outside_limits",
        outside,
        &outside_body,
    );
    assert_eq!(
        device(&sim, MACHINE_ROOM).await["ptz"]["pan"],
        160,
        "unchanged"
    );
    assert_eq!(bad_limits, StatusCode::BAD_REQUEST, "{bad_limits_body}");
    assert_eq!(bad_limits_body["field"], "ptz.panMin", "{bad_limits_body}");
    assert_eq!(bad_cap, StatusCode::BAD_REQUEST, "{bad_cap_body}");
    assert_eq!(bad_cap_body["field"], "capabilities", "{bad_cap_body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_naming_the_key_when_it_is_unknown() {
    let sim = TestSim::sodalife().await;

    let (status, body) = patch_device(&sim, FRONT_DESK, json!({"colour": "red"})).await;
    let (ptz_status, ptz_body) = patch_device(&sim, FRONT_DESK, json!({"ptz": {"speed": 2}})).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "colour", "{body}");
    snap_control("sodalife_device_patch_unknown_key", status, &body);
    assert_eq!(ptz_status, StatusCode::BAD_REQUEST, "{ptz_body}");
    assert!(
        ptz_body["error"]
            .as_str()
            .is_some_and(|e| e.contains("speed")),
        "{ptz_body}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn capture_answers_20007_when_the_device_was_patched_offline() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let (status, body) = patch_device(&sim, FRONT_DESK, json!({"online": false})).await;
    let offline = capture(&sim, &token, FRONT_DESK).await;
    patch_device(&sim, FRONT_DESK, json!({"online": true})).await;
    let back = capture(&sim, &token, FRONT_DESK).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_error(&offline, 502, "20007");
    assert_eq!(back.status, 200, "{}", back.body);
    sim.shutdown().await;
}

#[tokio::test]
async fn app_patch_frozen_makes_calls_answer_10005_until_thawed() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;

    let (status, body) = patch_app(&sim, SODA_CLIENT_ID, json!({"frozen": true})).await;
    let frozen = capture(&sim, &token, FRONT_DESK).await;
    patch_app(&sim, SODA_CLIENT_ID, json!({"frozen": false})).await;
    let thawed = capture(&sim, &token, FRONT_DESK).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    snap_control("sodalife_app_patched", status, &body);
    assert_error(&frozen, 403, "10005");
    assert_eq!(thawed.status, 200, "{}", thawed.body);
    sim.shutdown().await;
}

#[tokio::test]
async fn app_patch_call_interval_0_allows_back_to_back_calls_for_one_device() {
    let sim = TestSim::sodalife().await;
    let token = token(&sim).await;
    assert_eq!(capture(&sim, &token, FRONT_DESK).await.status, 200);
    assert_error(&capture(&sim, &token, FRONT_DESK).await, 504, "20008");

    let (status, body) = patch_app(&sim, SODA_CLIENT_ID, json!({"callIntervalSecs": 0})).await;
    let again = capture(&sim, &token, FRONT_DESK).await;
    let started = start(&sim, &token, FRONT_DESK, 0).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["callIntervalSecs"], 0, "{body}");
    assert_eq!(again.status, 200, "{}", again.body);
    assert_success(&started);
    sim.shutdown().await;
}

#[tokio::test]
async fn app_patch_scopes_gives_new_tokens_only_those_scopes() {
    let sim = TestSim::sodalife().await;

    let (status, body) = patch_app(&sim, SODA_CLIENT_ID, json!({"scopes": ["iot:public"]})).await;
    let token = token(&sim).await;
    let captured = capture(&sim, &token, FRONT_DESK).await;
    let started = start(&sim, &token, FRONT_DESK, 0).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scopes"], json!(["iot:public"]), "{body}");
    assert_error(&captured, 403, "ACCESS_DENIED");
    assert_error(&started, 403, "60001");
    sim.shutdown().await;
}

#[tokio::test]
async fn app_patch_answers_404_for_an_unknown_app_and_400_for_a_bad_value() {
    let sim = TestSim::sodalife().await;

    let (unknown, unknown_body) = patch_app(
        &sim,
        "ffffffffffffffffffffffffffffffff",
        json!({"frozen": true}),
    )
    .await;
    let (bad_scope, bad_scope_body) =
        patch_app(&sim, SODA_CLIENT_ID, json!({"scopes": ["iot:admin"]})).await;
    let (user_scope, user_scope_body) =
        patch_app(&sim, SODA_CLIENT_ID, json!({"scopes": ["user:mobile"]})).await;
    let (bad_key, bad_key_body) = patch_app(&sim, SODA_CLIENT_ID, json!({"paused": true})).await;
    let (too_long, too_long_body) =
        patch_app(&sim, SODA_CLIENT_ID, json!({"callIntervalSecs": 3601})).await;

    assert_eq!(unknown, StatusCode::NOT_FOUND, "{unknown_body}");
    assert_eq!(bad_scope, StatusCode::BAD_REQUEST, "{bad_scope_body}");
    assert_eq!(bad_scope_body["field"], "scopes", "{bad_scope_body}");
    snap_control("sodalife_app_patch_bad_scope", bad_scope, &bad_scope_body);
    assert_eq!(user_scope, StatusCode::BAD_REQUEST, "{user_scope_body}");
    assert_eq!(bad_key, StatusCode::BAD_REQUEST, "{bad_key_body}");
    assert_eq!(bad_key_body["field"], "paused", "{bad_key_body}");
    assert_eq!(too_long, StatusCode::BAD_REQUEST, "{too_long_body}");
    assert_eq!(
        too_long_body["field"], "callIntervalSecs",
        "{too_long_body}"
    );
    // Nothing changed.
    let (_, world) = sim.get(&format!("worlds/{WORLD}")).await;
    let app = &world["sodalife"]["apps"][0];
    assert_eq!(
        (&app["scopes"], &app["frozen"]),
        (&json!(["iot:public", "iot:control"]), &json!(false))
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// camsim check

#[test]
fn check_reports_each_sodalife_problem_at_its_value() {
    let file = "tests/api/fixtures/check/sodalife-semantic.yaml";

    let output = Command::new(env!("CARGO_BIN_EXE_camsim"))
        .args(["check", file])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("camsim runs");

    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let expected = [
        "7:28: scopes: `iot:admin` is not an app scope (iot:public, iot:control, iot:premier)",
        "9:19: serial: `c80214452` letters must be upper case",
        "11:19: duplicate serial `C80214453`",
        "13:35: capabilities: `fly` is not one of capture, ptz, talk",
        "15:16: ptz.pan: 175 is outside panMin..panMax",
    ]
    .map(|tail| format!("{file}:{tail}"));
    assert_eq!(lines, expected);
}
