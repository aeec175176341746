//! Get after set: each set changes what its get reports, on its channel only.

use super::*;

#[test]
fn osd_set_shows_custom_text_and_hides_a_disabled_clock() {
    let mut d = Device::new();
    let set = d.set(
        21,
        json!([
            { "type": 1, "enable": 1, "text": "北门 Gate", "pos": "right-top" },
            { "type": 2, "enable": 0 },
        ]),
    );
    assert_eq!(set, 0);
    assert_eq!(
        d.get(20),
        json!([
            { "type": 1, "enable": 1, "text": "北门 Gate", "pos": "right-top" },
            { "type": 2, "enable": 0 },
        ])
    );
    // Enabling the clock again brings back its position and formats.
    d.set(
        21,
        json!([{ "type": 2, "enable": 1, "time": 12, "date": "DMY" }]),
    );
    assert_eq!(
        d.get(20)[1],
        json!({ "type": 2, "enable": 1, "pos": "left-top", "date": "DMY", "time": 12 })
    );
}

#[test]
fn settings_of_one_channel_leave_the_other_alone() {
    let mut d = Device::new();
    d.set(40, json!({ "status": "off" }));
    let other = d.send(json!({ "cmdId": 39, "channel_id": 3 }));
    assert_eq!(other.data["cmd"], json!({ "status": "on" }));
    assert_eq!(d.get(39), json!({ "status": "off" }));
}

#[test]
fn record_plan_set_with_a_schedule_shows_it_in_mode_one_only() {
    let mut d = Device::new();
    let time = json!([
        { "weekday": 1, "start_time": "08:00:00", "end_time": "18:00:00" },
        { "weekday": 6, "start_time": "00:00:00", "end_time": "12:30:00" },
    ]);
    assert_eq!(
        d.set(27, json!({ "mode": 1, "recycle": 0, "time": time })),
        0
    );
    assert_eq!(d.get(26), json!({ "mode": 1, "recycle": 0, "time": time }));
    assert_eq!(d.set(27, json!({ "mode": 0 })), 0);
    assert_eq!(d.get(26), json!({ "mode": 0, "recycle": 0 }));
    assert_eq!(d.set(27, json!({ "mode": 1 })), 0);
    assert_eq!(d.get(26)["time"], time);
}

#[test]
fn manual_time_runs_with_the_world_clock_and_ntp_takes_its_fields() {
    let mut d = Device::new();
    assert_eq!(
        d.set(29, json!({ "mode": 1, "time": "2020-01-01 08:00:00" })),
        0
    );
    assert_eq!(
        d.get(28),
        json!({ "mode": 1, "time": "2020-01-01 08:00:00" })
    );
    d.advance(61);
    assert_eq!(
        d.get(28),
        json!({ "mode": 1, "time": "2020-01-01 08:01:01" })
    );
    // Seed 003's placeholder spells the clock with dashes; that is taken too.
    assert_eq!(
        d.set(29, json!({ "mode": 1, "time": "2021-02-03 04-05-06" })),
        0
    );
    assert_eq!(d.get(28)["time"], "2021-02-03 04:05:06");

    let ntp = json!({ "mode": 2, "timezone": "-5", "syncserver": "time.nist.gov", "port": 1123 });
    assert_eq!(d.set(29, ntp.clone()), 0);
    assert_eq!(d.get(28), ntp);
    // Back to manual without a time: the clock NTP set, i.e. the world's.
    assert_eq!(d.set(29, json!({ "mode": 1 })), 0);
    assert_eq!(d.get(28)["time"], format_time(d.now));
}

#[test]
fn av_set_changes_only_the_fields_it_names() {
    let mut d = Device::new();
    let cmd = json!({
        "codec": "h265", "bitRate": 1024, "frameRate": "15", "resolution": "640*360",
        "display_mode": 2, "display_direction": 3, "display_flip": 1,
        "led_white": 1, "led_red": 0, "audio": "off",
    });
    assert_eq!(d.set(34, cmd.clone()), 0);
    assert_eq!(d.get(33), cmd);
    // A number frame rate is taken and reported as the seed's string.
    assert_eq!(d.set(34, json!({ "frameRate": 20 })), 0);
    let mut expected = cmd;
    expected["frameRate"] = json!("20");
    assert_eq!(d.get(33), expected);
}

#[test]
fn lens_set_switches_it_off_and_on() {
    let mut d = Device::new();
    assert_eq!(d.set(40, json!({ "status": "off" })), 0);
    assert_eq!(d.get(39), json!({ "status": "off" }));
    assert_eq!(d.set(40, json!({ "status": "on" })), 0);
    assert_eq!(d.get(39), json!({ "status": "on" }));
}

#[test]
fn wifi_password_is_kept_for_a_listed_access_point_only() {
    let mut d = Device::new();
    let ok = d.send(
        json!({ "cmdId": 42, "cmd": { "wifi_id": "TP-LINK_3F80", "wifi_pw": "s3cret-pass" } }),
    );
    assert_eq!(ok.code, 0);
    let unknown = d.send(json!({ "cmdId": 42, "cmd": { "wifi_id": "ap9", "wifi_pw": "x" } }));
    assert_eq!(unknown.code, 5);
    assert_eq!(unknown.data, json!({ "cmdId": 42, "result": 0 }));
    let passwords: Vec<(&str, &str)> = d
        .settings
        .wifi_passwords
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(passwords, [("TP-LINK_3F80", "s3cret-pass")]);
    // The list itself does not change.
    assert_eq!(
        d.send(json!({ "cmdId": 41 })).data["cmd"]["list"][2],
        "TP-LINK_3F80"
    );
}

fn detection_cmd(switch_key: &str) -> Value {
    json!({
        switch_key: 1,
        "event": 3,
        "sensitivity": 80,
        "region": [{ "x": 10, "y": 20, "w": 300, "h": 100 }, { "x": 600, "y": 400, "w": 40, "h": 80 }],
        "time": [{ "weekday": 0, "start_time": "22:00:00", "end_time": "23:59:59" }],
    })
}

#[test]
fn motion_and_occlusion_sets_write_enable_and_gets_read_state() {
    for (set, get) in [(81, 80), (83, 82)] {
        let mut d = Device::new();
        assert_eq!(d.set(set, detection_cmd("enable")), 0);
        assert_eq!(
            d.get(get),
            json!({
                "state": 1, "event": 3, "sensitivity": 80, "resolution": "640*480",
                "max_region": 4,
                "region": [{ "x": 10, "y": 20, "w": 300, "h": 100 }, { "x": 600, "y": 400, "w": 40, "h": 80 }],
                "time": [{ "weekday": 0, "start_time": "22:00:00", "end_time": "23:59:59" }],
            }),
            "cmdId {set}"
        );
        // Disabling keeps the rest for next time.
        assert_eq!(d.set(set, json!({ "enable": 0 })), 0);
        let got = d.get(get);
        assert_eq!(got["state"], 0);
        assert_eq!(got["sensitivity"], 80);
    }
}

#[test]
fn sound_set_takes_no_regions_and_other_alarm_set_writes_state() {
    let mut d = Device::new();
    assert_eq!(d.set(85, detection_cmd("enable")), 0);
    assert_eq!(
        d.get(84),
        json!({
            "state": 1, "event": 3, "sensitivity": 80,
            "time": [{ "weekday": 0, "start_time": "22:00:00", "end_time": "23:59:59" }],
        })
    );
    assert_eq!(d.set(92, detection_cmd("state")), 0);
    assert_eq!(
        d.get(91),
        json!({
            "state": 1, "event": 3,
            "time": [{ "weekday": 0, "start_time": "22:00:00", "end_time": "23:59:59" }],
        })
    );
    // Each set also takes the other spelling of its switch.
    assert_eq!(d.set(92, json!({ "enable": 0 })), 0);
    assert_eq!(d.get(91)["state"], 0);
    assert_eq!(d.set(81, json!({ "state": 0 })), 0);
    assert_eq!(d.get(80)["state"], 0);
}

#[test]
fn firmware_reports_the_new_version_once_the_upgrade_delay_has_passed() {
    let mut d = Device::new();
    let before = d.camera.firmware.clone();
    let notice = |ver: &str| {
        json!({ "cmdId": 11, "cmd": { "url": "http://fw/x.tar.gz", "ver": ver,
                                      "md5": "d41d8cd98f00b204e9800998ecf8427e" } })
    };
    assert_eq!(d.send(notice("2.0.0")).code, 0);
    assert_eq!(d.settings.pending_firmware(), Some(("2.0.0", NOW + 120)));
    d.advance(119);
    d.settle();
    assert_eq!(d.camera.firmware, before);
    d.advance(1);
    d.settle();
    assert_eq!(d.camera.firmware, "2.0.0");
    assert_eq!(d.settings.pending_firmware(), None);
}

#[test]
fn a_second_firmware_notice_replaces_the_pending_one() {
    let mut d = Device::new();
    let before = d.camera.firmware.clone();
    let notice = |ver: &str| {
        json!({ "cmdId": 11, "cmd": { "url": "http://fw/x.tar.gz", "ver": ver,
                                      "md5": "d41d8cd98f00b204e9800998ecf8427e" } })
    };
    d.send(notice("2.0.0"));
    d.advance(60);
    d.send(notice("2.0.1"));
    d.advance(60);
    d.settle();
    assert_eq!(d.camera.firmware, before);
    d.advance(60);
    // `execute` settles first, so any command brings the upgrade in.
    d.send(json!({ "cmdId": 30 }));
    assert_eq!(d.camera.firmware, "2.0.1");
}
