//! `POST /ipc/video/cmds` to the simulated devices, and the follow-ups the official Android
//! sample polls (`cmd_status`, `cmd_resp`): every `cmd_status` value, every cmdId's
//! get-after-set round trip, user-defined commands, limits and refusals, over real HTTP.

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::onenet_client::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn cmd(client: &OnenetClient, device: &str, qos: u8, body: &Value) -> Answer {
    client
        .post(
            &format!("/ipc/video/cmds?device_id={device}&qos={qos}&type=0"),
            body,
        )
        .await
}

/// The device's reply of a qos=1 command, decoded.
fn reply(answer: &Answer) -> Value {
    assert_eq!(answer.json["data"]["cmd_status"], 4, "{:?}", answer.json);
    let data = answer.json["data"]["dev_resp"]["resp_data"]
        .as_str()
        .expect("resp_data");
    let bytes = BASE64.decode(data).expect("base64");
    serde_json::from_slice(&bytes).expect("the device answers JSON")
}

/// The answer with its uuid replaced, for snapshots.
fn stable(answer: &Answer) -> Value {
    let mut json = answer.json.clone();
    if json["data"]["cmd_uuid"].is_string() {
        json["data"]["cmd_uuid"] = json!("<cmd_uuid>");
    }
    json
}

#[tokio::test]
async fn cmds_answers_status_2_with_a_36_character_uuid_when_qos_is_0() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_DEVICE,
        0,
        &json!({"cmdId": 5, "channel_id": 1}),
    )
    .await;
    assert_eq!(answer.status, 200);
    let uuid = answer.json["data"]["cmd_uuid"].as_str().expect("uuid");
    assert_eq!(uuid.chars().count(), 36);
    assert_wire!("onenet", "cmds_qos0_sent", stable(&answer));
}

#[tokio::test]
async fn cmds_answers_status_4_with_the_device_reply_when_qos_is_1() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_DEVICE,
        1,
        &json!({"cmdId": 39, "channel_id": 1}),
    )
    .await;
    assert_eq!(answer.json["data"]["dev_resp"]["resp_code"], 0);
    assert_eq!(
        reply(&answer),
        json!({"cmdId": 39, "channel_id": 1, "cmd": {"status": "on"}})
    );
    assert_wire!("onenet", "cmds_qos1_ok", stable(&answer));
}

#[tokio::test]
async fn cmds_accepts_a_pretty_printed_body_and_the_sample_path_without_prefix() {
    let sim = TestSim::onenet().await;
    let body = serde_json::to_vec_pretty(&json!({"cmdId": 30})).expect("json");
    let answer = sim
        .onenet_client()
        .raw(
            reqwest::Method::POST,
            &format!("/cmds?device_id={ONENET_DEVICE}&qos=1"),
            body,
        )
        .await;
    assert_eq!(reply(&answer)["cmdId"], 30);
}

#[tokio::test]
async fn every_set_command_changes_what_its_get_returns() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let pairs = [
        (
            json!({"cmdId": 21, "channel_id": 1, "cmd": [
                {"type": 1, "enable": 1, "text": "lobby", "pos": "left-bottom"},
                {"type": 2, "enable": 1, "pos": "right-top", "date": "DMY", "time": 12}]}),
            json!({"cmdId": 20, "channel_id": 1}),
            json!([
                {"type": 1, "enable": 1, "text": "lobby", "pos": "left-bottom"},
                {"type": 2, "enable": 1, "pos": "right-top", "date": "DMY", "time": 12}]),
        ),
        (
            json!({"cmdId": 27, "channel_id": 1, "cmd": {"mode": 1, "recycle": 0,
                "time": [{"weekday": 1, "start_time": "08:00:00", "end_time": "18:00:00"}]}}),
            json!({"cmdId": 26, "channel_id": 1}),
            json!({"mode": 1, "recycle": 0,
                "time": [{"weekday": 1, "start_time": "08:00:00", "end_time": "18:00:00"}]}),
        ),
        (
            json!({"cmdId": 29, "channel_id": 1, "cmd": {"mode": 2, "timezone": "+9",
                "syncserver": "ntp.example.com", "port": 1123}}),
            json!({"cmdId": 28, "channel_id": 1}),
            json!({"mode": 2, "timezone": "+9", "syncserver": "ntp.example.com", "port": 1123}),
        ),
        (
            json!({"cmdId": 34, "channel_id": 2, "cmd": {"codec": "h265", "bitRate": 1024,
                "frameRate": "15", "resolution": "640*480", "display_mode": 2,
                "display_direction": 3, "display_flip": 1, "led_white": 1, "led_red": 0,
                "audio": "off"}}),
            json!({"cmdId": 33, "channel_id": 2}),
            json!({"codec": "h265", "bitRate": 1024, "frameRate": "15", "resolution": "640*480",
                "display_mode": 2, "display_direction": 3, "display_flip": 1, "led_white": 1,
                "led_red": 0, "audio": "off"}),
        ),
        (
            json!({"cmdId": 40, "channel_id": 1, "cmd": {"status": "off"}}),
            json!({"cmdId": 39, "channel_id": 1}),
            json!({"status": "off"}),
        ),
        (
            json!({"cmdId": 31, "cmd": {"opt": "umount"}}),
            json!({"cmdId": 30}),
            json!({"state": 1, "blocks": 0, "available": 0, "mode": 0}),
        ),
    ];
    for (set, get, expected) in pairs {
        let set_reply = reply(&cmd(&client, ONENET_DEVICE, 1, &set).await);
        assert_eq!(set_reply["result"], 1, "{set} -> {set_reply}");
        let got = reply(&cmd(&client, ONENET_DEVICE, 1, &get).await);
        assert_eq!(got["cmd"], expected, "{get} after {set}");
    }
}

#[tokio::test]
async fn detection_sets_write_enable_and_their_gets_read_state() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let time = json!([{"weekday": 0, "start_time": "00:00:00", "end_time": "06:00:00"}]);
    for (set, get) in [(81, 80), (83, 82), (85, 84), (92, 91)] {
        let switch = if set == 92 { "state" } else { "enable" };
        let mut body = json!({"cmdId": set, "channel_id": 1, "cmd": {"event": 2, "time": time}});
        body["cmd"][switch] = json!(1);
        if set != 92 {
            body["cmd"]["sensitivity"] = json!(77);
        }
        assert_eq!(
            reply(&cmd(&client, ONENET_DEVICE, 1, &body).await)["result"],
            1,
            "{body}"
        );
        let got = reply(
            &cmd(
                &client,
                ONENET_DEVICE,
                1,
                &json!({"cmdId": get, "channel_id": 1}),
            )
            .await,
        );
        assert_eq!(got["cmd"]["state"], 1, "{get}: {got}");
        assert_eq!(got["cmd"]["event"], 2, "{get}: {got}");
        assert_eq!(got["cmd"]["time"], time, "{get}: {got}");
    }
}

#[tokio::test]
async fn wifi_password_set_answers_1_for_a_listed_access_point_and_0_for_another() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let list = reply(&cmd(&client, ONENET_DEVICE, 1, &json!({"cmdId": 41})).await);
    let ap = list["cmd"]["list"][0]
        .as_str()
        .expect("an access point")
        .to_string();
    let ok = cmd(
        &client,
        ONENET_DEVICE,
        1,
        &json!({"cmdId": 42, "cmd": {"wifi_id": ap, "wifi_pw": "pw"}}),
    )
    .await;
    assert_eq!(reply(&ok), json!({"cmdId": 42, "result": 1}));
    let bad = cmd(
        &client,
        ONENET_DEVICE,
        1,
        &json!({"cmdId": 42, "cmd": {"wifi_id": "nope", "wifi_pw": "pw"}}),
    )
    .await;
    assert_eq!(bad.json["data"]["dev_resp"]["resp_code"], 5);
    assert_wire!("onenet", "cmds_device_refuses_a_value", stable(&bad));
}

#[tokio::test]
async fn ptz_step_moves_the_camera_the_control_api_shows() {
    let sim = TestSim::onenet().await;
    let before = sim
        .get(&format!(
            "worlds/onenet-test/devices/onenet/{ONENET_DEVICE}"
        ))
        .await
        .1;
    let step = json!({"cmdId": 7, "channel_id": 1, "cmd": {"stop": 2, "cmd": 14, "speed": 7}});
    let answer = cmd(&sim.onenet_client(), ONENET_DEVICE, 1, &step).await;
    assert_eq!(
        reply(&answer),
        json!({"cmdId": 7, "channel_id": 1, "result": 1})
    );
    let after = sim
        .get(&format!(
            "worlds/onenet-test/devices/onenet/{ONENET_DEVICE}"
        ))
        .await
        .1;
    assert_ne!(before["ptz"], after["ptz"], "a step right turns the camera");
}

#[tokio::test]
async fn snapshot_adds_a_picture_to_the_camera_timeline() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_DEVICE,
        1,
        &json!({"cmdId": 32, "channel_id": 1, "cmd": {"quality": 80}}),
    )
    .await;
    let snap = reply(&answer);
    assert_eq!(snap["result"], 1);
    let name = snap["cmd"]["name"].as_str().expect("name").to_string();
    let (_, timeline) = sim
        .get(&format!(
            "worlds/onenet-test/devices/onenet/{ONENET_DEVICE}/timeline?from=now-1m&to=now%2B1m"
        ))
        .await;
    let pictures = timeline["pictures"].as_array().expect("pictures");
    assert!(
        pictures
            .iter()
            .any(|p| p["cause"] == "snapshot" && name.ends_with(p["id"].as_str().unwrap_or("?"))),
        "{name} in {pictures:?}"
    );
}

#[tokio::test]
async fn cover_answers_a_base64_jpeg_of_a_recording_on_the_card() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let list = reply(
        &cmd(
            &client,
            ONENET_DEVICE,
            1,
            &json!({"cmdId": 10, "channel_id": 1, "cmd": {"page": 1, "per_page": 2}}),
        )
        .await,
    );
    assert!(list["all_count"].as_u64().unwrap_or(0) > 0, "{list}");
    let first = &list["rvods"][0];
    let cover = reply(
        &cmd(
            &client,
            ONENET_DEVICE,
            1,
            &json!({"cmdId": 43, "channel_id": 1,
            "cmd": {"start_time": first["start_time"], "end_time": first["end_time"]}}),
        )
        .await,
    );
    assert_eq!(cover["cmd"]["type"], "jpg");
    let jpeg = BASE64
        .decode(cover["cmd"]["data"].as_str().expect("data"))
        .expect("base64");
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
}

#[tokio::test]
async fn an_unknown_cmd_id_gets_the_device_failure_result_5() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_DEVICE,
        1,
        &json!({"cmdId": 99, "channel_id": 1}),
    )
    .await;
    assert_eq!(answer.json["data"]["cmd_status"], 4);
    assert_eq!(answer.json["data"]["dev_resp"]["resp_code"], 5);
    let missing_channel = cmd(
        &sim.onenet_client(),
        ONENET_DEVICE,
        1,
        &json!({"cmdId": 20}),
    )
    .await;
    assert_eq!(missing_channel.json["data"]["dev_resp"]["resp_code"], 1);
}

#[tokio::test]
async fn cmds_answers_status_0_when_the_device_is_offline() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_OFFLINE_DEVICE,
        1,
        &json!({"cmdId": 30}),
    )
    .await;
    assert_eq!(answer.json["errno"], 0);
    assert_eq!(answer.json["data"]["cmd_status"], 0);
    assert_wire!("onenet", "cmds_offline", stable(&answer));
}

#[tokio::test]
async fn cmds_answers_status_3_when_the_platform_cannot_send() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_UNREACHABLE_DEVICE,
        1,
        &json!({"cmdId": 30}),
    )
    .await;
    assert_eq!(answer.json["data"]["cmd_status"], 3);
    assert_wire!("onenet", "cmds_send_error", stable(&answer));
}

#[tokio::test]
async fn cmds_answers_status_5_after_the_wait_when_the_device_never_replies() {
    let sim = TestSim::onenet().await;
    let started = Instant::now();
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_SILENT_DEVICE,
        1,
        &json!({"cmdId": 30}),
    )
    .await;
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "waited the product's cmdWaitMs"
    );
    assert_eq!(answer.json["data"]["cmd_status"], 5);
    assert_wire!("onenet", "cmds_timed_out", stable(&answer));
}

#[tokio::test]
async fn cmds_answers_status_6_when_the_reply_is_garbled() {
    let sim = TestSim::onenet().await;
    let answer = cmd(
        &sim.onenet_client(),
        ONENET_GARBLED_DEVICE,
        1,
        &json!({"cmdId": 30}),
    )
    .await;
    assert_eq!(answer.json["data"]["cmd_status"], 6);
    assert!(answer.json["data"]["dev_resp"].is_null());
    assert_wire!("onenet", "cmds_bad_reply", stable(&answer));
}

#[tokio::test]
async fn cmds_answers_status_1_while_the_command_waits_to_be_sent() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let answer = cmd(&client, ONENET_QUEUED_DEVICE, 0, &json!({"cmdId": 30})).await;
    assert_eq!(answer.json["data"]["cmd_status"], 1);
    let uuid = answer.json["data"]["cmd_uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let path = format!("/ipc/video/cmd_status?device_id={ONENET_QUEUED_DEVICE}&cmd_uuid={uuid}");
    assert_eq!(
        client.get(&path).await.json["data"],
        json!({"status": 1, "desc": "sending"})
    );
    sim.post("worlds/onenet-test/clock", json!({"advance": "10m"}))
        .await;
    assert_eq!(
        client.get(&path).await.json["data"],
        json!({"status": 2, "desc": "send ok"})
    );
}

/// The official Android sample: send with qos=1, poll `cmd_status` while it is 1 or 2, then
/// read `cmd_resp`.
#[tokio::test]
async fn a_slow_device_answers_2_first_and_the_polling_sample_reads_its_reply_later() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let sent = cmd(
        &client,
        ONENET_SLOW_DEVICE,
        1,
        &json!({"cmdId": 39, "channel_id": 1}),
    )
    .await;
    assert_eq!(sent.json["data"]["cmd_status"], 2, "{:?}", sent.json);
    let uuid = sent.json["data"]["cmd_uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let status_path =
        format!("/ipc/video/cmd_status?device_id={ONENET_SLOW_DEVICE}&cmd_uuid={uuid}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        let polled = client.get(&status_path).await;
        let status = polled.json["data"]["status"].as_i64().expect("status");
        if !(status == 1 || status == 2) || Instant::now() > deadline {
            break polled;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(status.json["data"], json!({"status": 4, "desc": "ok"}));
    assert_wire!("onenet", "cmd_status_ok", &status.json);
    let resp = client
        .get(&format!(
            "/cmd_resp?device_id={ONENET_SLOW_DEVICE}&cmd_uuid={uuid}"
        ))
        .await;
    let bytes = BASE64
        .decode(resp.json["resp"].as_str().expect("resp"))
        .expect("base64");
    let body: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(body["cmd"]["status"], "on");
    let mut shown = resp.json.clone();
    shown["resp"] = json!("<base64>");
    assert_wire!("onenet", "cmd_resp_ok", shown);
}

#[tokio::test]
async fn moving_the_clock_past_the_latency_delivers_a_slow_reply_and_60_s_later_forgets_it() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let sent = cmd(&client, ONENET_SLOW_DEVICE, 1, &json!({"cmdId": 30})).await;
    let uuid = sent.json["data"]["cmd_uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let resp_path = format!("/ipc/video/cmd_resp?device_id={ONENET_SLOW_DEVICE}&cmd_uuid={uuid}");
    let early = client.get(&resp_path).await;
    assert_eq!(early.errno(), 8, "no reply yet: {:?}", early.json);
    assert_wire!("onenet", "cmd_resp_not_yet", &early.json);
    sim.post("worlds/onenet-test/clock", json!({"advance": "4s"}))
        .await;
    assert_eq!(client.get(&resp_path).await.errno(), 0);
    sim.post("worlds/onenet-test/clock", json!({"advance": "60s"}))
        .await;
    let gone = client.get(&resp_path).await;
    assert_eq!(gone.errno(), 8);
    let status = client
        .get(&format!(
            "/ipc/video/cmd_status?device_id={ONENET_SLOW_DEVICE}&cmd_uuid={uuid}"
        ))
        .await;
    assert_eq!(status.errno(), 8);
    assert_wire!("onenet", "cmd_status_unknown", &status.json);
}

#[tokio::test]
async fn user_defined_commands_are_echoed_or_answered_as_the_scenario_says() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let payload = vec![0u8, 1, 2, 250, 255];
    let echoed = client
        .raw(
            reqwest::Method::POST,
            &format!("/ipc/video/cmds?device_id={ONENET_DEVICE}&qos=1&type=1"),
            payload.clone(),
        )
        .await;
    let data = echoed.json["data"]["dev_resp"]["resp_data"]
        .as_str()
        .expect("resp_data");
    assert_eq!(BASE64.decode(data).expect("base64"), payload);
    let text = client
        .post(
            &format!("/ipc/video/cmds?device_id={ONENET_TEXT_REPLY_DEVICE}&qos=1&type=1"),
            &json!("hello"),
        )
        .await;
    assert_eq!(
        text.json["data"]["dev_resp"]["resp_data"],
        BASE64.encode("OK")
    );
}

#[tokio::test]
async fn cmds_takes_a_body_just_under_64_kb_and_refuses_64_kb_with_errno_5() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = format!("/ipc/video/cmds?device_id={ONENET_DEVICE}&qos=0&type=1");
    let fits = client
        .raw(reqwest::Method::POST, &path, vec![b'a'; 64 * 1024 - 1])
        .await;
    assert_eq!(fits.json["data"]["cmd_status"], 2, "{:?}", fits.json);
    let over = client
        .raw(reqwest::Method::POST, &path, vec![b'a'; 64 * 1024])
        .await;
    assert_eq!(over.errno(), 5);
    assert_wire!("onenet", "cmds_too_large", &over.json);
}

#[tokio::test]
async fn cmds_refuses_bad_parameters_naming_them() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let body = json!({"cmdId": 30});
    let missing = client.post("/ipc/video/cmds?qos=1", &body).await;
    assert_wire!("onenet", "cmds_device_id_missing", &missing.json);
    let qos = client
        .post(
            &format!("/ipc/video/cmds?device_id={ONENET_DEVICE}&qos=2"),
            &body,
        )
        .await;
    assert_wire!("onenet", "cmds_qos_invalid", &qos.json);
    let unknown = client
        .post("/ipc/video/cmds?device_id=99999999&qos=1", &body)
        .await;
    assert_wire!("onenet", "cmds_unknown_device", &unknown.json);
    let empty = client
        .raw(
            reqwest::Method::POST,
            &format!("/ipc/video/cmds?device_id={ONENET_DEVICE}"),
            Vec::new(),
        )
        .await;
    assert_wire!("onenet", "cmds_empty_body", &empty.json);
    let other = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .post(
            &format!("/ipc/video/cmds?device_id={ONENET_OFFLINE_DEVICE}"),
            &body,
        )
        .await;
    assert_eq!(other.errno(), 3, "a device key reaches only its device");
    let own = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .post(&format!("/ipc/video/cmds?device_id={ONENET_DEVICE}"), &body)
        .await;
    assert_eq!(own.json["data"]["cmd_status"], 2);
}

#[tokio::test]
async fn a_waiting_command_does_not_hold_up_other_requests() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let body = json!({"cmdId": 30});
    let waiting = cmd(&client, ONENET_SILENT_DEVICE, 1, &body);
    let others = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        let answer = cmd(&client, ONENET_DEVICE, 1, &json!({"cmdId": 30})).await;
        (started.elapsed(), answer)
    };
    let (slow, (quick_took, quick)) = tokio::join!(waiting, others);
    assert_eq!(slow.json["data"]["cmd_status"], 5);
    assert_eq!(quick.json["data"]["cmd_status"], 4);
    assert!(quick_took < Duration::from_millis(1000), "{quick_took:?}");
}
