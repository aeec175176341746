//! The cloud's recordings of one device: the timeline on the primary channel, filtered by
//! section 13's regimes, plus manual recordings; `find` agrees with `list`.

use super::*;
use crate::sim::camera::Camera;
use crate::sim::timeline::{EventKind, RecordingMode, SLOT_SECS, TimelineSpec};
use crate::vendors::onenet::state::records::{Config, ConfigMode};
use crate::vendors::onenet::state::{Channel, OnenetDevice};
use std::collections::BTreeMap;
use std::sync::Arc;

/// 2026-11-22 16:00:00 +08:00, on a slot boundary.
const NOW: i64 = 1_795_334_400;
const SEED: u64 = 11;
const DEV: &str = "25045682";
const HOUR: i64 = 3600;

struct World {
    state: OnenetState,
    cameras: Cameras,
    now: i64,
}

fn device(id: &str, channels: &[u32]) -> OnenetDevice {
    let mut device = OnenetDevice::created(id.into(), "375201".into(), "t".into(), 0);
    device.channels = channels
        .iter()
        .map(|c| {
            (
                *c,
                Channel {
                    title: format!("channel{c}"),
                    desc: String::new(),
                },
            )
        })
        .collect::<BTreeMap<_, _>>();
    device
}

impl World {
    fn new(mode: RecordingMode) -> World {
        let mut settings = TimelineSpec::default().settings();
        settings.recording = mode;
        settings.events_per_day = 48.0;
        let mut camera = Camera::new(VendorId::Onenet, DEV.into(), DEV.into(), "p".into(), NOW);
        camera.online_changed_at = NOW - 400 * DAY;
        camera.timeline = Arc::new(settings);
        let mut cameras = Cameras::default();
        cameras.insert(camera);
        let mut state = OnenetState::default();
        state.devices.insert(DEV.into(), device(DEV, &[1, 2]));
        World {
            state,
            cameras,
            now: NOW,
        }
    }

    fn shelf(&self) -> Shelf<'_> {
        let device = self.state.devices.get(DEV).expect("device");
        Shelf::new(&self.state, &self.cameras, SEED, self.now, device).expect("shelf")
    }

    fn list(&self, channel: u32, from: i64, to: i64) -> Vec<Recording> {
        self.shelf().list(channel, from, to).expect("window")
    }

    fn timeline(&self, from: i64, to: i64) -> Vec<timeline::Segment> {
        let camera = self.cameras.get(VendorId::Onenet, DEV).expect("camera");
        let key = camera.history_key();
        timeline::window(&camera.timeline_source(SEED, &key, self.now), from, to)
            .expect("window")
            .segments
    }

    fn config(&mut self, mode: ConfigMode, cycle: Option<u32>) {
        let now = self.now;
        self.state
            .records
            .channel_mut(DEV, 1)
            .set_config(
                Config {
                    mode,
                    cycle,
                    start: now,
                    end: None,
                },
                now,
            )
            .expect("room");
    }

    fn raise(&mut self, id: &str, at: i64) {
        self.cameras
            .get_mut(VendorId::Onenet, DEV)
            .expect("camera")
            .history
            .raise_event(id.into(), EventKind::Motion, at, 20, true)
            .expect("room");
    }
}

#[test]
fn without_section_13_state_the_primary_channel_holds_the_timeline() {
    let w = World::new(RecordingMode::Continuous);
    let list = w.list(1, NOW - 2 * HOUR, NOW + 1);
    let timeline = w.timeline(NOW - 2 * HOUR, NOW + 1);
    assert_eq!(list.len(), timeline.len());
    assert_eq!(list.len(), 12, "ten-minute slots");
    for (r, s) in list.iter().zip(&timeline) {
        assert_eq!(
            (&r.id, &r.name, r.start, r.end, r.bytes),
            (&s.id, &s.name, s.start, s.end, s.bytes)
        );
        assert_eq!(r.origin, Origin::Timeline(SegmentCause::Continuous));
    }
    assert!(
        w.list(2, NOW - 2 * HOUR, NOW + 1).is_empty(),
        "other channels"
    );
}

#[test]
fn find_agrees_with_list_for_continuous_event_and_raised_clips() {
    let mut w = World::new(RecordingMode::Events);
    w.raise("raised1", NOW - 3 * DAY);
    let list = w.list(1, NOW - 4 * DAY, NOW + 1);
    assert!(list.len() > 20, "{}", list.len());
    assert!(list.iter().any(|r| r.id == "raised1-v"));
    for r in &list {
        assert_eq!(w.shelf().find(1, &r.id).as_ref(), Some(r), "{}", r.id);
        assert_eq!(w.shelf().find(2, &r.id), None, "belongs to channel 1");
    }
    let w = World::new(RecordingMode::Continuous);
    let r = &w.list(1, NOW - HOUR, NOW)[0];
    assert_eq!(w.shelf().find(1, &r.id).as_ref(), Some(r));
    for unknown in ["", "x", "deadbeef-c1", "deadbeef-e5-0-v", "nope-v", "m123"] {
        assert_eq!(w.shelf().find(1, unknown), None, "{unknown}");
    }
}

#[test]
fn a_stop_config_cuts_the_running_segment_and_keeps_nothing_after() {
    let mut w = World::new(RecordingMode::Continuous);
    w.now = NOW + 180;
    w.config(ConfigMode::Stop, None);
    w.now += 2 * HOUR;
    let list = w.list(1, NOW - HOUR, w.now + 1);
    let last = list.last().expect("recordings before the stop");
    assert_eq!((last.start, last.end), (NOW, NOW + 180), "cut at the stop");
    assert_eq!(last.bytes, 180 * BYTES_PER_SEC);
    assert_eq!(list.len(), 7);
    assert_eq!(w.shelf().find(1, &last.id).as_ref(), Some(last));
    let after = w.timeline(NOW + SLOT_SECS, w.now)[0].id.clone();
    assert_eq!(
        w.shelf().find(1, &after),
        None,
        "the timeline has it, the cloud not"
    );
}

#[test]
fn an_event_config_keeps_only_event_clips_from_then_on() {
    let mut w = World::new(RecordingMode::Continuous);
    w.config(ConfigMode::Event, None);
    w.raise("later", NOW + HOUR);
    w.now += 2 * HOUR;
    let after: Vec<Recording> = w.list(1, NOW, w.now + 1);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].id, "later-v");
    assert_eq!(after[0].origin, Origin::Timeline(SegmentCause::Raised));
    assert_eq!(w.list(1, NOW - HOUR, NOW).len(), 6, "the hour before stays");
    w.state
        .records
        .channel_mut(DEV, 1)
        .clear_config(w.now)
        .expect("room");
    w.now += HOUR;
    assert_eq!(
        w.list(1, w.now - HOUR, w.now + 1).len(),
        6,
        "back to the timeline"
    );
}

#[test]
fn a_cycle_keeps_recordings_that_many_days_after_they_end() {
    let mut w = World::new(RecordingMode::Continuous);
    w.config(ConfigMode::RealTime, Some(1));
    w.now += HOUR;
    let first = w.list(1, NOW, NOW + 1)[0].clone();
    assert_eq!(first.end, NOW + SLOT_SECS);
    w.now = first.end + DAY - 1;
    assert!(w.shelf().find(1, &first.id).is_some());
    w.now = first.end + DAY;
    assert!(w.shelf().find(1, &first.id).is_none());
    assert!(w.list(1, NOW, NOW + 1).is_empty());
}

#[test]
fn manual_recordings_show_on_their_channel_while_running_and_after() {
    let mut w = World::new(RecordingMode::None);
    let ch = w.state.records.channel_mut(DEV, 2);
    ch.start_manual("mabc".into(), NOW, 1).expect("starts");
    w.now += 90;
    let running = w.list(2, NOW - HOUR, w.now + 1);
    assert_eq!(running.len(), 1);
    assert_eq!((running[0].start, running[0].end), (NOW, NOW + 90));
    assert_eq!(running[0].name, "20261122_160000.mp4");
    w.state
        .records
        .channel_mut(DEV, 2)
        .stop_manual(w.now)
        .expect("stops");
    w.now += HOUR;
    let r = w.shelf().find(2, "mabc").expect("kept");
    assert_eq!((r.start, r.end, r.origin), (NOW, NOW + 90, Origin::Manual));
    assert_eq!(r.bytes, 90 * BYTES_PER_SEC);
    assert!(w.list(1, NOW - HOUR, w.now).is_empty(), "not on channel 1");
    w.now = NOW + 90 + DAY;
    assert!(w.shelf().find(2, "mabc").is_none(), "expired after a day");
}

#[test]
fn deleted_segments_leave_the_list_and_the_retained_bytes() {
    let mut w = World::new(RecordingMode::Continuous);
    let before = w.shelf().retained_bytes();
    let week: u64 = w
        .timeline(NOW - 8 * DAY, NOW + 1)
        .iter()
        .map(|s| s.bytes)
        .sum();
    assert_eq!(before, week, "the week the camera keeps");
    assert!(before > 6 * DAY as u64 * BYTES_PER_SEC, "{before}");
    let id = w.list(1, NOW - HOUR, NOW)[0].id.clone();
    w.cameras
        .get_mut(VendorId::Onenet, DEV)
        .expect("camera")
        .history
        .delete_segment(&id)
        .expect("room");
    assert!(w.shelf().find(1, &id).is_none());
    assert_eq!(
        w.shelf().retained_bytes(),
        before - SLOT_SECS as u64 * BYTES_PER_SEC
    );
}

#[test]
fn windows_over_31_days_are_refused_on_every_channel() {
    let w = World::new(RecordingMode::Continuous);
    for channel in [1, 2] {
        let e = w
            .shelf()
            .list(channel, NOW - 32 * DAY, NOW)
            .expect_err("too long");
        assert_eq!(e.errno, errno::INVALID);
    }
}
