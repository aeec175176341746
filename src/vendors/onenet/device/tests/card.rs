//! The TF card: the recording query (10), its status (30) and operations (31), snapshots (32)
//! and covers (43).

use super::*;
use crate::sim::timeline::RecordingMode;
use crate::vendors::onenet::alarm_types;
use std::collections::BTreeSet;

fn query(d: &mut Device, cmd: Value) -> Answer {
    d.send(json!({ "cmdId": 10, "channel_id": 1, "cmd": cmd }))
}

fn names(answer: &Answer) -> Vec<String> {
    answer.data["rvods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["video_desc"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pages_follow_each_other_oldest_first() {
    let mut d = Device::new();
    let range = json!({ "start_time": format_time(NOW - 6 * 3600), "end_time": format_time(NOW) });
    let mut all = range.clone();
    all["per_page"] = json!(100);
    let whole = query(&mut d, all);
    let count = whole.data["all_count"].as_u64().unwrap();
    assert!((30..=37).contains(&count), "{count}");
    let mut page2 = range.clone();
    page2["page"] = json!(2);
    page2["per_page"] = json!(5);
    let second = query(&mut d, page2);
    assert_eq!(second.data["all_count"], count);
    assert_eq!(second.data["cur_count"], 5);
    assert_eq!(names(&second), names(&whole)[5..10]);
    let starts: Vec<&str> = whole.data["rvods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["start_time"].as_str().unwrap())
        .collect();
    assert!(starts.is_sorted());
    // Past the end: an empty page that still counts everything.
    let mut far = range;
    far["page"] = json!(1000);
    let empty = query(&mut d, far);
    assert_eq!(empty.data["all_count"], count);
    assert_eq!(empty.data["cur_count"], 0);
    assert_eq!(empty.data["rvods"], json!([]));
}

#[test]
fn the_query_without_a_range_walks_the_whole_card_in_31_day_windows() {
    let mut d = Device::with_timeline(|t| {
        t.retention_days = 40;
        t.sd_card_mb = 2_000_000;
    });
    let answer = d.send(json!({ "cmdId": 10, "channel_id": 1 }));
    assert_eq!(answer.code, 0);
    assert_eq!(answer.data["cur_count"], 20);
    let mut ids = BTreeSet::new();
    let mut from = NOW - 41 * 86_400;
    while from <= NOW {
        for s in d.window(from, from + 86_400).segments {
            ids.insert(s.id);
        }
        from += 86_400;
    }
    assert!(ids.len() > 5000, "{}", ids.len());
    assert_eq!(answer.data["all_count"], ids.len());
}

#[test]
fn warn_type_picks_recordings_of_one_alarm_kind() {
    let mut d = Device::with_timeline(|t| {
        t.recording = RecordingMode::Events;
        t.events_per_day = 200.0;
    });
    let whole = query(&mut d, json!({ "per_page": 100 }));
    let types: BTreeSet<u64> = whole.data["rvods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["warn_type"].as_u64().unwrap())
        .collect();
    let expected: BTreeSet<u64> = [100, 101, 102].into();
    assert_eq!(types, expected);
    let motion = query(
        &mut d,
        json!({ "warn_type": alarm_types::alarm_type(timeline::EventKind::Motion), "per_page": 100 }),
    );
    let count = motion.data["all_count"].as_u64().unwrap();
    assert!(count > 0 && count < whole.data["all_count"].as_u64().unwrap());
    assert!(
        motion.data["rvods"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["warn_type"] == 100)
    );
    let none = query(&mut d, json!({ "warn_type": 150 }));
    assert_eq!(none.code, 0);
    assert_eq!(none.data["all_count"], 0);
}

#[test]
fn format_empties_the_list_and_frees_the_card() {
    let mut d = Device::new();
    assert!(query(&mut d, json!({})).data["all_count"].as_u64().unwrap() > 100);
    let format = d.send(json!({ "cmdId": 31, "cmd": { "opt": "format" } }));
    assert_eq!(format.code, 0);
    let empty = query(&mut d, json!({}));
    assert_eq!(empty.code, 0);
    assert_eq!(
        empty.data,
        json!({ "all_count": 0, "cur_count": 0, "channel_id": 1, "rvods": [] })
    );
    let status = d.send(json!({ "cmdId": 30 }));
    assert_eq!(
        status.data["cmd"],
        json!({ "state": 1, "blocks": 32_768 * 1024, "available": 32_768 * 1024, "mode": 2 })
    );
    // New recordings land on the card again.
    d.advance(1800);
    let later = query(&mut d, json!({}));
    assert_eq!(later.data["all_count"], 3);
}

#[test]
fn a_full_card_reports_state_three_and_nothing_available() {
    let mut d = Device::with_timeline(|t| t.sd_card_mb = 500);
    let status = d.send(json!({ "cmdId": 30 }));
    assert_eq!(
        status.data["cmd"],
        json!({ "state": 3, "blocks": 500 * 1024, "available": 0, "mode": 2 })
    );
    // The looped card keeps only its newest recordings: 500 MB of 75 MB segments.
    let list = query(&mut d, json!({}));
    assert!(list.data["all_count"].as_u64().unwrap() <= 7);
}

#[test]
fn an_unmounted_card_is_present_but_unusable_until_mounted() {
    let mut d = Device::new();
    assert_eq!(
        d.send(json!({ "cmdId": 31, "cmd": { "opt": "umount" } }))
            .code,
        0
    );
    assert_eq!(
        d.send(json!({ "cmdId": 30 })).data["cmd"],
        json!({ "state": 1, "blocks": 0, "available": 0, "mode": 0 })
    );
    let list = query(&mut d, json!({}));
    assert_eq!(list.code, 2);
    assert_eq!(
        list.data,
        json!({ "all_count": 0, "cur_count": 0, "channel_id": 1, "rvods": [] })
    );
    let cover = d.send(json!({ "cmdId": 43, "channel_id": 1,
        "cmd": { "start_time": format_time(NOW - 600), "end_time": format_time(NOW) } }));
    assert_eq!(cover.code, 2);
    assert_eq!(
        d.send(json!({ "cmdId": 31, "cmd": { "opt": "mount" } }))
            .code,
        0
    );
    assert_eq!(d.send(json!({ "cmdId": 30 })).data["cmd"]["mode"], 2);
    assert_eq!(query(&mut d, json!({})).code, 0);
}

#[test]
fn without_a_card_files_are_missing() {
    let mut d = Device::with_timeline(|t| t.sd_card_mb = 0);
    assert_eq!(
        d.send(json!({ "cmdId": 30 })).data,
        json!({ "cmdId": 30, "cmd": { "state": 0, "blocks": 0, "available": 0, "mode": 0 } })
    );
    let list = query(&mut d, json!({}));
    assert_eq!(list.code, 2);
    assert_eq!(list.data["rvods"], json!([]));
    for opt in ["format", "mount", "umount"] {
        let op = d.send(json!({ "cmdId": 31, "cmd": { "opt": opt } }));
        assert_eq!(op.code, 2);
        assert_eq!(op.data, json!({ "cmdId": 31, "result": 0 }));
    }
}

#[test]
fn a_cover_outside_every_recording_is_a_missing_file() {
    let mut d = Device::new();
    let before_retention = NOW - 30 * 86_400;
    let answer = d.send(json!({ "cmdId": 43, "channel_id": 1, "cmd": {
        "start_time": format_time(before_retention), "end_time": format_time(before_retention + 60),
    }}));
    assert_eq!(answer.code, 2);
    assert_eq!(
        answer.data,
        json!({ "cmdId": 43, "channel_id": 1, "result": 0 })
    );
}

#[test]
fn a_snapshot_appears_in_the_timeline_unless_the_lens_is_off() {
    let mut d = Device::new();
    let answer =
        d.send(json!({ "cmdId": 32, "channel_id": 1, "cmd": { "width": 640, "height": 360 } }));
    assert_eq!(answer.code, 0);
    let Some(Effect::Snapshot { width, height, .. }) = answer.effect else {
        panic!("no snapshot effect: {answer:?}");
    };
    assert_eq!((width, height), (640, 360));
    let pictures = d.window(NOW - 1, NOW + 1).pictures;
    assert!(
        pictures.iter().any(|p| p.id == "pic-1" && p.at == NOW),
        "{pictures:?}"
    );

    d.set(40, json!({ "status": "off" }));
    let refused = d.send(json!({ "cmdId": 32, "channel_id": 1 }));
    assert_eq!(refused.code, 5);
    assert_eq!(
        refused.data,
        json!({ "cmdId": 32, "channel_id": 1, "result": 0 })
    );
    assert_eq!(refused.effect, None);
    assert!(
        !d.window(NOW - 1, NOW + 1)
            .pictures
            .iter()
            .any(|p| p.id == "pic-3")
    );
}

#[test]
fn a_snapshot_into_a_full_history_is_a_command_error() {
    let mut d = Device::new();
    for i in 0..timeline::MAX_OVERLAY_ITEMS {
        d.camera
            .history
            .take_picture(format!("old-{i}"), NOW - 10)
            .unwrap();
    }
    let answer = d.send(json!({ "cmdId": 32, "channel_id": 1 }));
    assert_eq!(answer.code, 5);
    assert_eq!(answer.effect, None);
}
