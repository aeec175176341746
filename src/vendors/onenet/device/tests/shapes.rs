//! Each cmdId's reply, whole, as seed 003 §3.2 shapes it, on a factory-fresh device.

use super::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

fn always() -> Value {
    (0..7)
        .map(|d| json!({ "weekday": d, "start_time": "00:00:00", "end_time": "23:59:59" }))
        .collect()
}

fn whole_frame() -> Value {
    json!([{ "x": 0, "y": 0, "w": 640, "h": 480 }])
}

#[test]
fn key_frame_agrees_and_takes_the_channel_key_with_a_trailing_space() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 5, "channel_id ": 1 }));
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 5, "channel_id": 1, "result": 1 })
    );
}

#[test]
fn ptz_replies_with_the_channel_and_result() {
    let mut d = Device::new();
    let answer = d.send(json!({
        "type": "video", "cmdId": 7, "channel_id": 1,
        "cmd": { "stop": 2, "cmd": 14, "speed": 4 },
    }));
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 7, "channel_id": 1, "result": 1 })
    );
}

#[test]
fn local_video_query_lists_the_recordings_of_the_range_with_the_seed_fields() {
    let mut d = Device::new();
    let (from, to) = (NOW - 7200, NOW - 5400);
    let answer = d.send(json!({
        "cmdId": 10, "channel_id": 1,
        "cmd": { "warn_type": 0, "page": 1, "per_page": 20,
                 "start_time": format_time(from), "end_time": format_time(to) },
    }));
    let expected: Vec<Value> = d
        .window(from, to + 1)
        .segments
        .iter()
        .map(|s| {
            json!({
                "warn_type": 0,
                "video_desc": s.name,
                "size": s.bytes,
                "start_time": format_time(s.start),
                "end_time": format_time(s.end),
            })
        })
        .collect();
    assert!(expected.len() >= 3, "{expected:?}");
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({
            "all_count": expected.len(),
            "cur_count": expected.len(),
            "channel_id": 1,
            "rvods": expected,
        })
    );
}

#[test]
fn firmware_notice_replies_without_a_channel() {
    let mut d = Device::new();
    let answer = d.send(json!({
        "cmdId": 11,
        "cmd": { "url": "http://fw.example/ipc-2.0.1.tar.gz", "ver": "2.0.1",
                 "md5": "0123456789abcdef0123456789ABCDEF" },
    }));
    assert_eq!(answer.code, 0);
    assert_eq!(answer.data, json!({ "cmdId": 11, "result": 1 }));
}

#[test]
fn osd_get_shows_the_clock_top_left_and_no_custom_text() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 20, "channel_id": 1 }));
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 20, "channel_id": 1, "cmd": [
            { "type": 1, "enable": 0 },
            { "type": 2, "enable": 1, "pos": "left-top", "date": "YMD", "time": 24 },
        ]})
    );
}

#[test]
fn record_plan_get_is_off_without_a_schedule() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 26, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 26, "channel_id": 1, "cmd": { "mode": 0, "recycle": 1 } })
    );
}

#[test]
fn time_config_get_is_ntp_at_plus_eight() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 28, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 28, "channel_id": 1, "cmd": {
            "mode": 2, "timezone": "+8", "syncserver": "cn.pool.ntp.org", "port": 123,
        }})
    );
}

#[test]
fn tf_status_reports_the_card_in_kilobytes_without_a_channel() {
    // 128 GiB: a week at 1 Mbit/s (about 72 GiB) fits.
    let mut d = Device::with_timeline(|t| t.sd_card_mb = 131_072);
    let card = d.sd_card();
    assert!(card.used_mb > 60_000, "{card:?}");
    let answer = d.send(json!({ "cmdId": 30 }));
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 30, "cmd": {
            "state": 1,
            "blocks": 131_072 * 1024,
            "available": (131_072 - card.used_mb) * 1024,
            "mode": 2,
        }})
    );
}

#[test]
fn tf_operation_replies_without_a_channel() {
    let mut d = Device::new();
    for opt in ["umount", "mount", "format"] {
        let answer = d.send(json!({ "cmdId": 31, "cmd": { "opt": opt } }));
        assert_eq!(answer.code, 0);
        assert_eq!(answer.data, json!({ "cmdId": 31, "result": 1 }));
    }
}

#[test]
fn snapshot_replies_with_the_uploaded_name_and_tells_the_platform() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 32, "channel_id": 3, "cmd": { "quality": 80 } }));
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 32, "channel_id": 3, "result": 1, "cmd": { "name": "snap_pic-1" } })
    );
    assert_eq!(
        answer.effect,
        Some(Effect::Snapshot {
            channel: 3,
            name: "snap_pic-1".into(),
            at: NOW,
            width: 1280,
            height: 720,
        })
    );
}

#[test]
fn av_config_get_is_720p_h264_with_a_string_frame_rate() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 33, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 33, "channel_id": 1, "cmd": {
            "codec": "h264", "bitRate": 512, "frameRate": "25", "resolution": "1280*720",
            "display_mode": 0, "display_direction": 0, "display_flip": 0,
            "led_white": 2, "led_red": 2, "audio": "on",
        }})
    );
}

#[test]
fn lens_get_is_on() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 39, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 39, "channel_id": 1, "cmd": { "status": "on" } })
    );
}

#[test]
fn wifi_list_names_three_access_points_without_a_channel() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 41 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 41, "cmd": { "list": ["CMCC-5G2A", "ChinaNet-7B1C", "TP-LINK_3F80"] } })
    );
}

#[test]
fn wifi_password_set_replies_without_a_channel() {
    let mut d = Device::new();
    let answer =
        d.send(json!({ "cmdId": 42, "cmd": { "wifi_id": "CMCC-5G2A", "wifi_pw": "pwd" } }));
    assert_eq!(answer.code, 0);
    assert_eq!(answer.data, json!({ "cmdId": 42, "result": 1 }));
    assert_eq!(
        d.settings
            .wifi_passwords
            .get("CMCC-5G2A")
            .map(String::as_str),
        Some("pwd")
    );
}

#[test]
fn cover_is_the_card_of_the_channel_at_the_recordings_start() {
    let mut d = Device::new();
    let (from, to) = (NOW - 3000, NOW - 2990);
    let segment = d.window(from, to + 1).segments[0].clone();
    let answer = d.send(json!({
        "cmdId": 43, "channel_id": 1,
        "cmd": { "start_time": format_time(from), "end_time": format_time(to) },
    }));
    let subject = crate::media::Subject::new("dev-1", 1, SEED).at_offset(480);
    let jpeg = crate::media::job::picture(
        &subject,
        segment.start * 1000,
        super::super::run::COVER_SIZE,
        crate::media::Format::Jpeg,
    )
    .expect("a JPEG");
    assert_eq!(answer.code, 0);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 43, "channel_id": 1, "result": 1,
                "cmd": { "type": "jpg", "data": STANDARD.encode(jpeg) } })
    );
}

#[test]
fn motion_get_is_on_over_the_whole_picture_all_week() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 80, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 80, "channel_id": 1, "cmd": {
            "state": 1, "event": 1, "sensitivity": 50, "resolution": "640*480",
            "max_region": 4, "region": whole_frame(), "time": always(),
        }})
    );
}

#[test]
fn occlusion_get_is_off_with_the_motion_fields() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 82, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 82, "channel_id": 1, "cmd": {
            "state": 0, "event": 1, "sensitivity": 50, "resolution": "640*480",
            "max_region": 4, "region": whole_frame(), "time": always(),
        }})
    );
}

#[test]
fn sound_alarm_get_has_no_regions() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 84, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 84, "channel_id": 1, "cmd": {
            "state": 0, "event": 1, "sensitivity": 50, "time": always(),
        }})
    );
}

#[test]
fn other_alarm_get_has_no_sensitivity() {
    let mut d = Device::new();
    let answer = d.send(json!({ "cmdId": 91, "channel_id": 1 }));
    assert_eq!(
        answer.data,
        json!({ "cmdId": 91, "channel_id": 1, "cmd": {
            "state": 0, "event": 1, "time": always(),
        }})
    );
}

#[test]
fn every_set_replies_with_cmd_id_channel_and_result_one() {
    let mut d = Device::new();
    let sets = [
        (
            21,
            json!([{ "type": 1, "enable": 1, "text": "Gate", "pos": "right-top" }]),
        ),
        (27, json!({ "mode": 0 })),
        (29, json!({ "mode": 2 })),
        (34, json!({ "audio": "off" })),
        (40, json!({ "status": "off" })),
        (81, json!({ "enable": 0 })),
        (83, json!({ "enable": 1 })),
        (85, json!({ "enable": 1 })),
        (92, json!({ "state": 1 })),
    ];
    for (cmd_id, cmd) in sets {
        assert_eq!(d.set(cmd_id, cmd), 0, "cmdId {cmd_id}");
    }
}
