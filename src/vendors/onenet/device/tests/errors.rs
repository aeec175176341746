//! Refused payloads: the result code, the reply, and a device left as it was.

use super::*;

#[test]
fn a_body_that_is_no_command_is_a_command_error_without_data() {
    let mut d = Device::new();
    for body in [
        &b"not json"[..],
        b"[1,2]",
        b"{}",
        b"{\"cmdId\":\"ten\"}",
        b"{\"cmdId\":1.5}",
        b"",
    ] {
        let reply = d.send_raw(body);
        assert_eq!(reply.resp_code, 5, "{}", String::from_utf8_lossy(body));
        assert!(reply.data.is_empty());
        assert_eq!(reply.effect, None);
    }
}

#[test]
fn an_unknown_cmd_id_or_a_foreign_type_is_a_command_error_naming_the_id() {
    let mut d = Device::new();
    for body in [
        json!({ "cmdId": 99, "channel_id": 1 }),
        json!({ "cmdId": 6, "channel_id": 1, "cmd": { "level": 2 } }),
        json!({ "cmdId": 20, "channel_id": 1, "type": "audio" }),
        json!({ "cmdId": 20, "channel_id": 1, "type": 0 }),
    ] {
        let id = body["cmdId"].clone();
        let answer = d.send(body);
        assert_eq!(answer.code, 5);
        assert_eq!(answer.data, json!({ "cmdId": id, "result": 0 }));
    }
}

#[test]
fn a_numeric_string_cmd_id_and_channel_are_taken() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": "39", "channel_id": "1", "type": "video" }));
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 39, "channel_id": 1, "cmd": { "status": "on" } })
    );
}

#[test]
fn a_missing_or_unknown_channel_is_result_one_and_a_malformed_one_five() {
    let mut d = Device::new();
    let missing = d.send(json!({ "cmdId": 20 }));
    assert_eq!(missing.code, 1);
    assert_eq!(missing.data, json!({ "cmdId": 20, "result": 0 }));
    for channel in [2, 0, -1, 4_294_967_297_i64] {
        let unknown =
            d.send(json!({ "cmdId": 40, "channel_id": channel, "cmd": { "status": "off" } }));
        assert_eq!(unknown.code, 1, "{channel}");
        assert_eq!(
            unknown.data,
            json!({ "cmdId": 40, "channel_id": channel, "result": 0 })
        );
    }
    let malformed = d.send(json!({ "cmdId": 5, "channel_id": [1] }));
    assert_eq!(malformed.code, 5);
    assert_eq!(malformed.data, json!({ "cmdId": 5, "result": 0 }));
    // Nothing was switched off.
    assert_eq!(d.get(39), json!({ "status": "on" }));
}

#[test]
fn device_commands_ignore_a_channel() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 41, "channel_id": 9 }));
    assert_eq!(answer.code, 0);
    assert_eq!(answer.data["cmdId"], 41);
    assert!(answer.data.get("channel_id").is_none());
}

/// Sets that must be refused, each as (cmdId, cmd); a refusal changes nothing.
fn refused_sets() -> Vec<(i64, Value)> {
    let span = |weekday: i64, start: &str, end: &str| json!([{ "weekday": weekday, "start_time": start, "end_time": end }]);
    vec![
        (21, json!({ "type": 3, "enable": 1 })),
        (21, json!([{ "type": 1, "enable": 2 }])),
        (21, json!([{ "type": 1, "enable": 1, "pos": "middle" }])),
        (21, json!([{ "type": 2, "enable": 1, "time": 13 }])),
        (21, json!([{ "type": 2, "enable": 1, "date": "YYYY" }])),
        (
            21,
            json!([{ "type": 1, "enable": 1, "text": "x".repeat(33) }]),
        ),
        (21, json!("text")),
        (27, json!({ "recycle": 1 })),
        (27, json!({ "mode": 2 })),
        (
            27,
            json!({ "mode": 1, "time": span(7, "08:00:00", "09:00:00") }),
        ),
        (
            27,
            json!({ "mode": 1, "time": span(-1, "08:00:00", "09:00:00") }),
        ),
        (
            27,
            json!({ "mode": 1, "time": span(1, "8:00:00", "09:00:00") }),
        ),
        (
            27,
            json!({ "mode": 1, "time": span(1, "08:00:00", "24:00:00") }),
        ),
        (
            27,
            json!({ "mode": 1, "time": span(1, "09:00:00", "08:00:00") }),
        ),
        (
            27,
            json!({ "mode": 1, "time": vec![json!({ "weekday": 1, "start_time": "08:00:00", "end_time": "09:00:00" }); 29] }),
        ),
        (29, json!({ "mode": 3 })),
        (29, json!({ "mode": 1, "time": "2020-01-01" })),
        (29, json!({ "mode": 1, "time": "2020-13-01 00:00:00" })),
        (29, json!({ "mode": 2, "timezone": "+15" })),
        (29, json!({ "mode": 2, "timezone": "+-5" })),
        (29, json!({ "mode": 2, "timezone": "GMT" })),
        (29, json!({ "mode": 2, "port": 0 })),
        (29, json!({ "mode": 2, "syncserver": " " })),
        (34, json!({ "codec": "mpeg4" })),
        (34, json!({ "bitRate": 0 })),
        (34, json!({ "frameRate": "31" })),
        (34, json!({ "frameRate": "25fps" })),
        (34, json!({ "resolution": "1280x720" })),
        (34, json!({ "resolution": "1920*1080" })),
        (34, json!({ "display_mode": 4 })),
        (34, json!({ "display_direction": -1 })),
        (34, json!({ "display_flip": 4 })),
        (34, json!({ "led_white": 3 })),
        (34, json!({ "led_red": "on" })),
        (34, json!({ "audio": "mute" })),
        (34, json!({ "codec": "h265", "audio": "loud" })),
        (34, json!(null)),
        (40, json!({ "status": "open" })),
        (40, json!({})),
        (81, json!({ "event": 1 })),
        (81, json!({ "enable": 1, "sensitivity": 0 })),
        (81, json!({ "enable": 1, "sensitivity": 101 })),
        (81, json!({ "enable": 1, "event": 4 })),
        (
            81,
            json!({ "enable": 1, "region": [{ "x": 600, "y": 0, "w": 41, "h": 10 }] }),
        ),
        (
            81,
            json!({ "enable": 1, "region": [{ "x": 0, "y": 0, "w": 0, "h": 10 }] }),
        ),
        (
            81,
            json!({ "enable": 1, "region": vec![json!({ "x": 0, "y": 0, "w": 1, "h": 1 }); 5] }),
        ),
        (
            83,
            json!({ "enable": 1, "time": span(1, "10:00:00", "10:00:00") }),
        ),
        (85, json!({ "enable": 1, "sensitivity": 200 })),
        (
            85,
            json!({ "enable": 1, "time": span(9, "10:00:00", "11:00:00") }),
        ),
        (92, json!({ "state": 2 })),
        (92, json!({ "state": 1, "time": "all day" })),
    ]
}

#[test]
fn out_of_range_sets_are_command_errors_that_change_nothing() {
    let mut d = Device::new();
    let gets = [20, 26, 28, 33, 39, 80, 82, 84, 91];
    let before: Vec<Value> = gets.iter().map(|g| d.get(*g)).collect();
    for (cmd_id, cmd) in refused_sets() {
        assert_eq!(d.set(cmd_id, cmd.clone()), 5, "cmdId {cmd_id}: {cmd}");
    }
    let after: Vec<Value> = gets.iter().map(|g| d.get(*g)).collect();
    assert_eq!(before, after);
    assert!(d.settings.channels.is_empty());
}

#[test]
fn an_invalid_osd_item_after_a_valid_one_changes_neither() {
    let mut d = Device::new();
    let cmd = json!([
        { "type": 1, "enable": 1, "text": "ok", "pos": "left-bottom" },
        { "type": 2, "enable": 1, "pos": "centre" },
    ]);
    assert_eq!(d.set(21, cmd), 5);
    assert_eq!(d.get(20)[0], json!({ "type": 1, "enable": 0 }));
}

#[test]
fn out_of_range_ptz_is_a_command_error_that_leaves_the_lens() {
    let mut d = Device::new();
    for cmd in [
        json!({ "stop": 0, "cmd": 14, "speed": 0 }),
        json!({ "stop": 0, "cmd": 14, "speed": 8 }),
        json!({ "stop": 2, "cmd": 9 }),
        json!({ "stop": 2, "cmd": 19 }),
        json!({ "stop": 2, "cmd": 0 }),
        json!({ "stop": 3, "cmd": 14 }),
        json!({ "cmd": 14 }),
        json!({ "stop": 0 }),
        json!(null),
    ] {
        let answer = d.send(json!({ "cmdId": 7, "channel_id": 1, "cmd": cmd }));
        assert_eq!(answer.code, 5, "{cmd}");
        assert_eq!(
            answer.data,
            json!({ "cmdId": 7, "channel_id": 1, "result": 0 })
        );
    }
    d.advance(10);
    d.settle();
    assert_eq!(d.camera.ptz, crate::sim::camera::Ptz::AT_REST);
    assert!(d.settings.ptz.is_none());
}

#[test]
fn invalid_firmware_notices_are_command_errors() {
    let mut d = Device::new();
    let md5 = "d41d8cd98f00b204e9800998ecf8427e";
    for cmd in [
        json!({ "url": "", "ver": "2.0.0", "md5": md5 }),
        json!({ "ver": "2.0.0", "md5": md5 }),
        json!({ "url": "http://fw/x.tar.gz", "ver": " ", "md5": md5 }),
        json!({ "url": "http://fw/x.tar.gz", "ver": "2.0.0", "md5": "d41d8cd98f00b204" }),
        json!({ "url": "http://fw/x.tar.gz", "ver": "2.0.0", "md5": "g41d8cd98f00b204e9800998ecf8427e" }),
        json!({ "url": "http://fw/x.tar.gz", "ver": "2.0.0", "md5": 12 }),
    ] {
        let answer = d.send(json!({ "cmdId": 11, "cmd": cmd }));
        assert_eq!(answer.code, 5, "{cmd}");
        assert_eq!(answer.data, json!({ "cmdId": 11, "result": 0 }));
    }
    assert_eq!(d.settings.pending_firmware(), None);
}

#[test]
fn invalid_card_snapshot_and_query_commands_are_command_errors() {
    let mut d = Device::new();
    let refused = [
        json!({ "cmdId": 31, "cmd": { "opt": "eject" } }),
        json!({ "cmdId": 31 }),
        json!({ "cmdId": 32, "channel_id": 1, "cmd": { "quality": 0 } }),
        json!({ "cmdId": 32, "channel_id": 1, "cmd": { "quality": 101 } }),
        json!({ "cmdId": 32, "channel_id": 1, "cmd": { "width": 1281 } }),
        json!({ "cmdId": 32, "channel_id": 1, "cmd": { "height": 0 } }),
        json!({ "cmdId": 10, "channel_id": 1, "cmd": { "page": 0 } }),
        json!({ "cmdId": 10, "channel_id": 1, "cmd": { "per_page": 101 } }),
        json!({ "cmdId": 10, "channel_id": 1, "cmd": { "warn_type": -1 } }),
        json!({ "cmdId": 10, "channel_id": 1, "cmd": { "start_time": "yesterday" } }),
        json!({ "cmdId": 10, "channel_id": 1,
                "cmd": { "start_time": "2025-06-15 12:00:00", "end_time": "2025-06-15 11:00:00" } }),
        json!({ "cmdId": 43, "channel_id": 1, "cmd": { "start_time": "2025-06-15 12:00:00" } }),
        json!({ "cmdId": 43, "channel_id": 1 }),
    ];
    for body in refused {
        let expected = match body.get("channel_id") {
            Some(_) => json!({ "cmdId": body["cmdId"], "channel_id": 1, "result": 0 }),
            None => json!({ "cmdId": body["cmdId"], "result": 0 }),
        };
        let answer = d.send(body.clone());
        assert_eq!(answer.code, 5, "{body}");
        assert_eq!(answer.data, expected, "{body}");
        assert_eq!(answer.effect, None);
    }
    assert_eq!(
        d.window(NOW - 60, NOW + 1)
            .pictures
            .iter()
            .filter(|p| p.id.starts_with("pic-"))
            .count(),
        0
    );
    assert_eq!(d.sd_card().formatted_at, None);
}
