use super::generate::Ctx;
use super::*;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const NOW: i64 = 1_750_000_000;
const DEVICE: &str = "gwell/7000000000001";

fn settings_with(f: impl FnOnce(&mut TimelineSettings)) -> TimelineSettings {
    let mut s = TimelineSpec::default().settings();
    f(&mut s);
    s
}

fn src<'a>(settings: &'a TimelineSettings, overlay: &'a Overlay, now: i64) -> Source<'a> {
    Source {
        seed: 1,
        device: DEVICE,
        settings,
        online: true,
        online_changed_at: NOW - 400 * DAY,
        now,
        overlay,
    }
}

fn day_window(s: &Source<'_>) -> Window {
    window(s, s.now - DAY, s.now + 1).unwrap()
}

/// Whole history: retention plus a margin, in windows no longer than allowed.
fn history(s: &Source<'_>) -> Window {
    let days = i64::from(s.settings.retention_days) + 1;
    let mut all = Window::default();
    let mut from = s.now - days * DAY;
    while from <= s.now {
        let to = from + 30 * DAY;
        let w = window(s, from, to).unwrap();
        all.segments
            .extend(w.segments.into_iter().filter(|x| x.start >= from));
        all.events
            .extend(w.events.into_iter().filter(|x| x.start >= from));
        all.pictures.extend(w.pictures);
        from = to;
    }
    all
}

fn meets(s: i64, e: i64, spans: &[(i64, i64)]) -> bool {
    spans.iter().any(|&(a, b)| s < b && e > a)
}

#[test]
fn same_inputs_give_the_same_timeline() {
    let settings = TimelineSettings::default();
    let overlay = Overlay::default();
    let a = day_window(&src(&settings, &overlay, NOW));
    let b = day_window(&src(&settings, &overlay, NOW));
    assert_eq!(a, b);
    assert!(a.segments.len() > 100, "{}", a.segments.len());
    assert!(!a.events.is_empty());
    assert!(
        a.events
            .iter()
            .all(|e| a.pictures.iter().any(|p| p.id == e.picture_id) || e.start < NOW - DAY)
    );
    assert_eq!(
        sd_card(&src(&settings, &overlay, NOW)),
        sd_card(&src(&settings, &overlay, NOW))
    );
}

#[test]
fn another_seed_or_device_gives_another_timeline() {
    let settings = TimelineSettings::default();
    let overlay = Overlay::default();
    let base = src(&settings, &overlay, NOW);
    let starts =
        |s: &Source<'_>| -> Vec<i64> { day_window(s).events.iter().map(|e| e.start).collect() };
    let mine = starts(&base);
    assert_ne!(mine, starts(&Source { seed: 2, ..base }));
    assert_ne!(
        mine,
        starts(&Source {
            device: "gwell/7000000000002",
            ..base
        })
    );
    let ids = |s: &Source<'_>| day_window(s).segments[0].id.clone();
    assert_ne!(
        ids(&base),
        ids(&Source {
            device: "onenet/x",
            ..base
        })
    );
}

fn check_consistency(settings: &TimelineSettings, overlay: &Overlay, rounds: usize) {
    let s = src(settings, overlay, NOW);
    let wide = window(&s, NOW - 8 * DAY, NOW + DAY).unwrap();
    assert!(!wide.events.is_empty());
    let mut rng = StdRng::seed_from_u64(9);
    for _ in 0..rounds {
        let a = rng.random_range(NOW - 8 * DAY..NOW + 600);
        let b = (a + rng.random_range(0..3 * DAY)).min(NOW + DAY);
        let narrow = window(&s, a, b).unwrap();
        let seg: Vec<&Segment> = wide
            .segments
            .iter()
            .filter(|x| x.start < b && x.end > a)
            .collect();
        assert_eq!(
            seg,
            narrow.segments.iter().collect::<Vec<_>>(),
            "segments in [{a}, {b})"
        );
        let ev: Vec<&Event> = wide
            .events
            .iter()
            .filter(|x| x.start < b && (x.start + i64::from(x.duration_secs)).max(x.start + 1) > a)
            .collect();
        assert_eq!(
            ev,
            narrow.events.iter().collect::<Vec<_>>(),
            "events in [{a}, {b})"
        );
        let pic: Vec<&Picture> = wide
            .pictures
            .iter()
            .filter(|x| (a..b).contains(&x.at))
            .collect();
        assert_eq!(
            pic,
            narrow.pictures.iter().collect::<Vec<_>>(),
            "pictures in [{a}, {b})"
        );
    }
}

#[test]
fn a_window_holds_exactly_the_items_of_a_wider_one_that_overlap_it() {
    let mut overlay = Overlay::default();
    overlay
        .raise_event("r1".into(), EventKind::Doorbell, NOW - 3 * DAY, 4000, true)
        .unwrap();
    overlay.take_picture("snap1".into(), NOW - DAY / 2).unwrap();
    overlay.went_offline(NOW - 2 * DAY).unwrap();
    overlay.came_online(NOW - 2 * DAY + 7200).unwrap();
    for recording in [RecordingMode::Continuous, RecordingMode::Events] {
        let settings = settings_with(|s| {
            s.recording = recording;
            s.events_per_day = 200.0;
        });
        check_consistency(&settings, &overlay, 150);
    }
}

#[test]
fn windows_are_sorted_whole_and_within_retention_and_now() {
    let settings = settings_with(|s| s.recording = RecordingMode::Events);
    let overlay = Overlay::default();
    let s = src(&settings, &overlay, NOW);
    let w = window(&s, NOW - 30 * DAY, NOW + DAY).unwrap();
    let keep_from = NOW - 7 * DAY;
    assert!(w.segments.is_sorted_by_key(|x| (x.start, x.id.clone())));
    assert!(w.events.is_sorted_by_key(|x| (x.start, x.id.clone())));
    assert!(w.pictures.is_sorted_by_key(|x| (x.at, x.id.clone())));
    assert!(
        w.segments
            .iter()
            .all(|x| x.start >= keep_from && x.end <= NOW && x.start < x.end)
    );
    assert!(
        w.events
            .iter()
            .all(|x| x.start >= keep_from && x.start <= NOW)
    );
    assert!(w.pictures.iter().all(|x| x.at >= keep_from && x.at <= NOW));
    for seg in &w.segments {
        assert_eq!(seg.bytes, (seg.end - seg.start) as u64 * BYTES_PER_SEC);
        let event = w
            .events
            .iter()
            .find(|e| Some(&e.id) == seg.event_id.as_ref())
            .unwrap();
        assert_eq!(seg.start, event.start - PRE_ROLL_SECS);
        assert_eq!(
            seg.end,
            (event.start + i64::from(event.duration_secs) + POST_ROLL_SECS).min(NOW)
        );
        assert_eq!(seg.cause, SegmentCause::Event);
    }
    for e in &w.events {
        assert!(
            w.pictures
                .iter()
                .any(|p| p.id == e.picture_id && p.at == e.start)
        );
        assert!(settings.event_kinds.contains(&e.kind));
        let (min, max) = e.kind.typical_duration_secs();
        assert!((min..=max).contains(&e.duration_secs));
        assert_eq!(e.code, e.kind.code());
    }
    // A window far from now starting mid-event returns the event whole.
    let e = &w.events[w.events.len() / 2];
    let mid = window(&s, e.start + 1, e.start + 2).unwrap();
    assert!(mid.events.contains(e));
}

#[test]
fn nothing_is_later_than_now_and_a_recording_in_progress_ends_at_now() {
    let settings = TimelineSettings::default();
    let overlay = Overlay::default();
    let now = NOW + 123; // mid-slot
    let w = window(&src(&settings, &overlay, now), now - DAY, now + DAY).unwrap();
    assert_eq!(w.segments.last().unwrap().end, now);
    assert!(w.events.iter().all(|e| e.start <= now));
    assert!(
        window(&src(&settings, &overlay, now), now + 1, now + DAY).unwrap() == Window::default()
    );
    // Continuous: back-to-back 10-minute slots aligned to the epoch, named in local time.
    let seg = &w.segments[w.segments.len() - 3];
    assert_eq!(seg.start % SLOT_SECS, 0);
    assert_eq!(seg.end - seg.start, SLOT_SECS);
    assert_eq!(seg.cause, SegmentCause::Continuous);
    assert_eq!(seg.event_id, None);
    let local = chrono::DateTime::from_timestamp(seg.start + 8 * 3600, 0).unwrap();
    assert_eq!(seg.name, local.format("%Y%m%d_%H%M%S.mp4").to_string());
}

#[test]
fn generated_offline_gaps_hold_no_segments_or_events() {
    let settings = settings_with(|s| {
        s.retention_days = 90;
        s.events_per_day = 300.0;
    });
    let overlay = Overlay::default();
    let s = src(&settings, &overlay, NOW);
    let ctx = Ctx::new(&s, i64::MIN, i64::MAX);
    let gaps = ctx.offline().spans().to_vec();
    assert!(gaps.len() >= 5, "{gaps:?}");
    let all = history(&s);
    for seg in &all.segments {
        assert!(!meets(seg.start, seg.end, &gaps), "{seg:?}");
    }
    for e in &all.events {
        let end = e.start + i64::from(e.duration_secs);
        assert!(
            !meets(e.start - PRE_ROLL_SECS, end + POST_ROLL_SECS, &gaps),
            "{e:?}"
        );
    }
    // Continuous recording stops at a gap and starts again at its end, with a stable id.
    let &(gs, ge) = gaps
        .iter()
        .find(|g| g.0 > NOW - 80 * DAY && g.1 < NOW)
        .unwrap();
    assert!(all.segments.iter().any(|x| x.end == gs));
    let after = all.segments.iter().find(|x| x.start == ge).unwrap();
    assert!(after.id.ends_with(&format!("-c{ge}")), "{}", after.id);
}

#[test]
fn the_current_state_makes_an_offline_period() {
    let settings = TimelineSettings::default();
    let overlay = Overlay::default();
    // Offline for the last 3 hours.
    let changed = NOW - 3 * 3600;
    let s = Source {
        online: false,
        online_changed_at: changed,
        ..src(&settings, &overlay, NOW)
    };
    let w = window(&s, NOW - DAY, NOW + 1).unwrap();
    assert!(w.segments.iter().all(|x| x.end <= changed));
    assert!(w.segments.iter().any(|x| x.end == changed));
    assert!(
        w.events
            .iter()
            .all(|e| e.start + i64::from(e.duration_secs) + POST_ROLL_SECS <= changed)
    );
    // Online again for an hour: it had been offline 5 to 120 minutes before that.
    let changed = NOW - 3600;
    let s = Source {
        online: true,
        online_changed_at: changed,
        ..src(&settings, &overlay, NOW)
    };
    let w = window(&s, NOW - DAY, NOW + 1).unwrap();
    assert!(
        w.segments
            .iter()
            .all(|x| x.end <= changed - 300 || x.start >= changed)
    );
    assert!(w.segments.iter().any(|x| x.start == changed));
    let before = w.segments.iter().rfind(|x| x.end <= changed).unwrap();
    assert!(
        (changed - 7200..=changed - 300).contains(&before.end),
        "{before:?}"
    );
    assert!(
        w.events
            .iter()
            .all(|e| e.start >= changed || e.start < before.end)
    );
}

#[test]
fn run_time_offline_periods_hold_nothing_generated_but_raised_events_show() {
    let settings = settings_with(|s| s.events_per_day = 500.0);
    let (off, on) = (NOW - 5 * 3600, NOW - 2 * 3600);
    let mut overlay = Overlay::default();
    overlay.went_offline(off).unwrap();
    overlay.came_online(on).unwrap();
    let raised = overlay
        .raise_event("ring".into(), EventKind::Doorbell, off + 600, 30, true)
        .unwrap();
    let w = day_window(&src(&settings, &overlay, NOW));
    let gap = [(off, on)];
    assert!(
        w.segments
            .iter()
            .filter(|x| x.cause != SegmentCause::Raised)
            .all(|x| !meets(x.start, x.end, &gap))
    );
    assert!(w.segments.iter().any(|x| x.start == on));
    let inside: Vec<&Event> = w
        .events
        .iter()
        .filter(|e| meets(e.start, e.start + 1, &gap))
        .collect();
    assert_eq!(inside, vec![&raised]);
    // Still offline (no came_online): nothing generated from `off` on.
    let mut overlay = Overlay::default();
    overlay.went_offline(off).unwrap();
    let w = day_window(&src(&settings, &overlay, NOW));
    assert!(w.segments.iter().all(|x| x.end <= off));
}

#[test]
fn a_state_change_at_run_time_leaves_the_history_before_it_alone() {
    let settings = settings_with(|s| s.events_per_day = 200.0);
    let changed = NOW - 3 * 3600;
    let at_start = |overlay: &Overlay, online: bool, at: i64| {
        let s = Source {
            online,
            online_changed_at: at,
            ..src(&settings, overlay, NOW)
        };
        window(&s, NOW - DAY, NOW).unwrap()
    };
    let before = at_start(&Overlay::default(), true, changed);
    // The camera goes offline now, then back online: what happened before now stays.
    let mut overlay = Overlay::default();
    overlay.note_origin(true, changed);
    overlay.went_offline(NOW).unwrap();
    let after = at_start(&overlay, false, NOW);
    assert_eq!(after.segments, before.segments);
    assert_eq!(after.events, before.events);
    overlay.came_online(NOW + 60).unwrap();
    let later = at_start(&overlay, true, NOW + 60);
    assert_eq!(later.events, before.events);
    // Started offline, then came online: offline from its change until then.
    let mut overlay = Overlay::default();
    overlay.note_origin(false, changed);
    overlay.came_online(NOW - 3600).unwrap();
    let w = at_start(&overlay, true, NOW - 3600);
    assert!(
        w.segments
            .iter()
            .all(|x| x.end <= changed || x.start >= NOW - 3600)
    );
    assert!(w.segments.iter().any(|x| x.start >= NOW - 3600));
}

#[test]
fn offline_periods_are_the_empty_stretches_of_windows() {
    let (off, on) = (NOW - 5 * 3600, NOW - 2 * 3600);
    let settings = TimelineSettings::default();
    let mut overlay = Overlay::default();
    overlay.went_offline(off).unwrap();
    overlay.came_online(on).unwrap();
    let s = src(&settings, &overlay, NOW);
    let periods = offline_periods(&s, NOW - DAY, NOW + 1).unwrap();
    assert!(periods.contains(&(off, on)), "{periods:?}");
    let w = day_window(&s);
    for seg in &w.segments {
        assert!(!meets(seg.start, seg.end, &periods), "{seg:?}");
    }
    // Offline now: the period is still going on.
    let s = Source {
        online: false,
        online_changed_at: NOW - 600,
        ..src(&settings, &overlay, NOW)
    };
    let periods = offline_periods(&s, NOW - 3600, NOW + 1).unwrap();
    assert_eq!(periods.last(), Some(&(NOW - 600, i64::MAX)));
    assert!(offline_periods(&s, NOW - 32 * DAY, NOW).is_err());
}

#[test]
fn a_raised_event_shows_once_reached_with_its_picture_and_recording() {
    let settings = settings_with(|s| s.recording = RecordingMode::None);
    let mut overlay = Overlay::default();
    let event = overlay
        .raise_event("ev-1".into(), EventKind::Call, NOW + 100, 20, true)
        .unwrap();
    assert!(event.raised);
    assert_eq!(event.code, EventKind::Call.code());
    assert_eq!(event.picture_id, "ev-1-p");
    let before = day_window(&src(&settings, &overlay, NOW));
    assert!(before.segments.is_empty());
    assert!(!before.events.iter().any(|e| e.id == "ev-1"));
    let now = NOW + 110; // mid-event: the recording ends at now
    let w = window(&src(&settings, &overlay, now), NOW, now + 1).unwrap();
    assert!(w.events.contains(&event));
    assert!(w.pictures.iter().any(|p| p.id == "ev-1-p"
        && p.at == NOW + 100
        && p.cause == PictureCause::Event
        && p.event_id.as_deref() == Some("ev-1")));
    let seg = &w.segments[0];
    assert_eq!(
        (seg.id.as_str(), seg.cause, seg.event_id.as_deref()),
        ("ev-1-v", SegmentCause::Raised, Some("ev-1"))
    );
    assert_eq!((seg.start, seg.end), (NOW + 95, now));
    let later = window(&src(&settings, &overlay, NOW + 1000), NOW, NOW + 1000).unwrap();
    assert_eq!(later.segments[0].end, NOW + 130);
    // Without recording: event and picture only.
    let mut overlay = Overlay::default();
    overlay
        .raise_event("ev-2".into(), EventKind::Motion, NOW - 10, 5, false)
        .unwrap();
    let w = day_window(&src(&settings, &overlay, NOW));
    assert!(w.segments.is_empty());
    assert!(w.events.iter().any(|e| e.id == "ev-2"));
}

#[test]
fn the_overlay_survives_the_clock_moving_on() {
    let settings = TimelineSettings::default();
    let mut overlay = Overlay::default();
    let event = overlay
        .raise_event("e".into(), EventKind::Human, NOW - 50, 10, true)
        .unwrap();
    let picture = overlay.take_picture("p".into(), NOW - 40).unwrap();
    assert_eq!(picture.cause, PictureCause::Snapshot);
    let now = window(&src(&settings, &overlay, NOW), NOW - 3600, NOW + 1).unwrap();
    let later_now = NOW + 2 * 3600;
    let later = window(
        &src(&settings, &overlay, later_now),
        NOW - 3600,
        later_now + 1,
    )
    .unwrap();
    for w in [&now, &later] {
        assert!(w.events.contains(&event));
        assert!(w.pictures.contains(&picture));
        assert!(w.segments.iter().any(|x| x.id == "e-v"));
    }
    assert!(later.segments.last().unwrap().end == later_now);
    // Everything finished before the old now is unchanged.
    let done = |w: &Window| -> Vec<Segment> {
        w.segments
            .iter()
            .filter(|x| x.end < NOW - 600)
            .cloned()
            .collect()
    };
    assert_eq!(done(&now), done(&later));
    // Past retention, even the overlay's items are gone.
    let far = NOW + 8 * DAY;
    let gone = window(&src(&settings, &overlay, far), NOW - DAY, NOW + DAY).unwrap();
    assert_eq!(gone, Window::default());
}

#[test]
fn segments_and_events_can_be_deleted_or_renamed() {
    let settings = settings_with(|s| s.recording = RecordingMode::Events);
    let mut overlay = Overlay::default();
    let w = day_window(&src(&settings, &overlay, NOW));
    let (a, b) = (w.segments[0].clone(), w.segments[1].clone());
    let e = w.events[2].clone();
    overlay.delete_segment(&a.id).unwrap();
    overlay
        .rename_segment(&b.id, "front door.mp4".into())
        .unwrap();
    overlay.delete_event(&e.id).unwrap();
    assert!(!overlay.is_empty());
    let w2 = day_window(&src(&settings, &overlay, NOW));
    assert!(!w2.segments.iter().any(|x| x.id == a.id));
    assert_eq!(
        w2.segments.iter().find(|x| x.id == b.id).unwrap().name,
        "front door.mp4"
    );
    assert!(!w2.events.iter().any(|x| x.id == e.id));
    assert!(!w2.pictures.iter().any(|x| x.id == e.picture_id));
    assert_eq!(w2.segments.len(), w.segments.len() - 1);
    assert_eq!(w2.events.len(), w.events.len() - 1);
    // Renaming twice keeps one item.
    let len = overlay.len();
    overlay.rename_segment(&b.id, "again.mp4".into()).unwrap();
    overlay.delete_segment(&a.id).unwrap();
    assert_eq!(overlay.len(), len);
    // The recording of the deleted event stays.
    assert!(
        w2.segments
            .iter()
            .any(|x| x.event_id.as_ref() == Some(&e.id))
    );
}

#[test]
fn the_sd_card_fills_loops_and_can_be_formatted() {
    let settings = TimelineSettings::default(); // 32 GiB, continuous: about 3 days fit
    let mut overlay = Overlay::default();
    let card = sd_card(&src(&settings, &overlay, NOW));
    assert_eq!(card.status, SdStatus::Full);
    assert_eq!(card.used_mb, card.capacity_mb);
    let oldest = card.oldest.unwrap();
    assert!((NOW - 4 * DAY..NOW - 2 * DAY).contains(&oldest), "{oldest}");
    overlay.format_sd_card(NOW);
    let card = sd_card(&src(&settings, &overlay, NOW));
    assert_eq!(
        (card.used_mb, card.oldest, card.formatted_at, card.status),
        (0, None, Some(NOW), SdStatus::Normal)
    );
    // An hour later: the slots started since the format, at 1 Mbit/s.
    let card = sd_card(&src(&settings, &overlay, NOW + 3600));
    let first = NOW.div_euclid(SLOT_SECS) * SLOT_SECS + SLOT_SECS;
    assert_eq!(card.oldest, Some(first));
    assert_eq!(
        card.used_mb,
        (NOW + 3600 - first) as u64 * BYTES_PER_SEC / MB
    );
    // Windows (cloud history) are not affected by a format.
    assert!(day_window(&src(&settings, &overlay, NOW)).segments.len() > 100);
    // No card.
    let none = settings_with(|s| s.sd_card_mb = 0);
    let card = sd_card(&src(&none, &overlay, NOW));
    assert_eq!(
        (card.status, card.used_mb, card.oldest),
        (SdStatus::None, 0, None)
    );
    // A big card holds all of retention.
    let big = settings_with(|s| s.sd_card_mb = 2_097_152);
    let card = sd_card(&src(&big, &Overlay::default(), NOW));
    assert_eq!(card.status, SdStatus::Normal);
    assert!(card.oldest.unwrap() >= NOW - 7 * DAY);
}

#[test]
fn recorded_days_are_local_dates_with_segments() {
    let settings = TimelineSettings::default();
    let overlay = Overlay::default();
    let days = recorded_days(&src(&settings, &overlay, NOW));
    assert!((7..=8).contains(&days.len()), "{days:?}");
    let today = chrono::DateTime::from_timestamp(NOW + 8 * 3600, 0)
        .unwrap()
        .date_naive();
    assert_eq!(days.last(), Some(&today));
    let none = settings_with(|s| s.recording = RecordingMode::None);
    assert!(recorded_days(&src(&none, &overlay, NOW)).is_empty());
    let mut overlay = Overlay::default();
    overlay
        .raise_event("x".into(), EventKind::Fire, NOW - 3 * DAY, 60, true)
        .unwrap();
    let days = recorded_days(&src(&none, &overlay, NOW));
    let that = chrono::DateTime::from_timestamp(NOW - 3 * DAY + 8 * 3600, 0)
        .unwrap()
        .date_naive();
    assert_eq!(days, vec![that]);
}

#[test]
fn window_errors_are_refused() {
    let settings = TimelineSettings::default();
    let overlay = Overlay::default();
    let s = src(&settings, &overlay, NOW);
    assert_eq!(
        window(&s, 10, 9),
        Err(WindowError::Reversed { from: 10, to: 9 })
    );
    assert!(matches!(
        window(&s, 0, MAX_WINDOW_SECS + 1),
        Err(WindowError::TooLong { .. })
    ));
    assert!(window(&s, 0, MAX_WINDOW_SECS).is_ok());
    assert!(matches!(
        window(&s, i64::MIN, i64::MAX),
        Err(WindowError::TooLong { .. })
    ));
    assert!(
        window(&s, 10, 9)
            .unwrap_err()
            .to_string()
            .contains("after it ends")
    );
    assert!(window(&s, 5, 5).unwrap().segments.is_empty());
}

#[test]
fn extreme_values_do_not_panic() {
    let times = [
        i64::MIN,
        i64::MIN + 1,
        crate::sim::clock::MIN_SECS,
        -1,
        0,
        NOW,
        crate::sim::clock::MAX_SECS,
        i64::MAX - 1,
        i64::MAX,
    ];
    let settings = settings_with(|s| {
        s.retention_days = 365;
        s.events_per_day = 1440.0;
        s.utc_offset_minutes = 840;
        s.sd_card_mb = u64::MAX;
        s.recording = RecordingMode::Events;
    });
    let hostile = TimelineSettings {
        recording: RecordingMode::Continuous,
        events_per_day: f64::NAN,
        event_kinds: vec![],
        retention_days: u32::MAX,
        sd_card_mb: 1,
        utc_offset_minutes: i32::MIN,
    };
    let mut overlay = Overlay::default();
    for (i, &t) in times.iter().enumerate() {
        overlay
            .raise_event(format!("r{i}"), EventKind::Face, t, u32::MAX, true)
            .unwrap();
        overlay.take_picture(format!("p{i}"), t).unwrap();
        overlay.went_offline(t).unwrap();
        overlay.came_online(t.saturating_add(5)).unwrap();
        overlay.format_sd_card(t);
    }
    for settings in [&settings, &hostile] {
        for &now in &times {
            for &changed in &[i64::MIN, 0, NOW, i64::MAX] {
                for online in [true, false] {
                    let s = Source {
                        seed: u64::MAX,
                        device: "",
                        settings,
                        online,
                        online_changed_at: changed,
                        now,
                        overlay: &overlay,
                    };
                    for &from in &times {
                        for to in [
                            from,
                            from.saturating_add(MAX_WINDOW_SECS),
                            from.saturating_add(1),
                        ] {
                            let _ = window(&s, from, to);
                        }
                    }
                    // A year's walk is slow in debug builds: once per clock value is enough.
                    if online && changed == 0 {
                        let _ = sd_card(&s);
                        let _ = recorded_days(&s);
                    }
                }
            }
        }
    }
}

#[test]
fn the_spec_merges_checks_and_resolves() {
    let spec: TimelineSpec = serde_json::from_str(r#"{"recording":"events","eventsPerDay":5000,"eventKinds":[],"retentionDays":0,"sdCardMb":3000000,"utcOffsetMinutes":900}"#).unwrap();
    let keys: Vec<&str> = spec.problems().iter().map(|p| p.0).collect();
    assert_eq!(
        keys,
        [
            "eventsPerDay",
            "eventKinds",
            "retentionDays",
            "sdCardMb",
            "utcOffsetMinutes"
        ]
    );
    assert_eq!(spec.problems()[0].1, "must be 0 to 1440, got 5000");
    assert!(serde_json::from_str::<TimelineSpec>(r#"{"nope":1}"#).is_err());
    let defaults = TimelineSpec::default().settings();
    assert_eq!(
        defaults,
        TimelineSettings {
            recording: RecordingMode::Continuous,
            events_per_day: 24.0,
            event_kinds: vec![EventKind::Motion, EventKind::Human, EventKind::Sound],
            retention_days: 7,
            sd_card_mb: 32_768,
            utc_offset_minutes: 480,
        }
    );
    let group = TimelineSpec {
        retention_days: Some(30),
        ..Default::default()
    };
    let world = TimelineSpec {
        retention_days: Some(3),
        sd_card_mb: Some(0),
        ..Default::default()
    };
    let merged = group.or(&world);
    assert_eq!(
        (merged.retention_days, merged.sd_card_mb, merged.recording),
        (Some(30), Some(0), None)
    );
    assert!(merged.problems().is_empty());
    let json = serde_json::to_value(&defaults).unwrap();
    assert_eq!(json["eventKinds"][1], "human");
}

#[test]
fn event_kinds_have_stable_codes_and_bounded_durations() {
    for (i, k) in EventKind::ALL.into_iter().enumerate() {
        assert_eq!(k.code(), i as u32 + 1);
        assert_eq!(EventKind::from_code(k.code()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        let (min, max) = k.typical_duration_secs();
        assert!(1 <= min && min <= max && max <= MAX_EVENT_SECS);
    }
}

#[test]
fn the_overlay_is_small_until_used_and_bounded() {
    assert!(std::mem::size_of::<Overlay>() <= 8);
    assert!(Overlay::default().is_empty());
    let mut overlay = Overlay::default();
    for i in 0..MAX_OVERLAY_ITEMS {
        overlay.take_picture(format!("p{i}"), i as i64).unwrap();
    }
    assert_eq!(overlay.take_picture("one more".into(), 0), Err(OverlayFull));
    assert!(
        overlay
            .raise_event("e".into(), EventKind::Pet, 0, 1, false)
            .is_err()
    );
    assert!(overlay.went_offline(0).is_err());
}

/// Rough cost (release: well under 1 ms for a day's window, under 10 ms for a year's SD card).
/// `cargo test --release --lib sim::timeline::tests::cost -- --ignored --nocapture`
#[test]
#[ignore]
fn cost() {
    let settings = settings_with(|s| s.retention_days = 365);
    let events = settings_with(|s| {
        s.retention_days = 365;
        s.recording = RecordingMode::Events;
        s.events_per_day = 200.0;
    });
    let overlay = Overlay::default();
    for settings in [&settings, &events] {
        let s = src(settings, &overlay, NOW);
        let t = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(day_window(&s));
        }
        println!(
            "{:?} window of a day: {:?}",
            settings.recording,
            t.elapsed() / 100
        );
        let t = std::time::Instant::now();
        for _ in 0..10 {
            std::hint::black_box(sd_card(&s));
        }
        println!(
            "{:?} sd card of 365 days: {:?}",
            settings.recording,
            t.elapsed() / 10
        );
        let t = std::time::Instant::now();
        for _ in 0..10 {
            std::hint::black_box(recorded_days(&s));
        }
        println!(
            "{:?} recorded days of 365 days: {:?}",
            settings.recording,
            t.elapsed() / 10
        );
    }
}

#[test]
fn recorded_spans_are_the_windows_segment_times() {
    for mode in [RecordingMode::Continuous, RecordingMode::Events] {
        let settings = settings_with(|s| s.recording = mode);
        let mut overlay = Overlay::default();
        let s0 = src(&settings, &overlay, NOW);
        let first = day_window(&s0).segments[1].id.clone();
        overlay.delete_segment(&first).unwrap();
        let s = src(&settings, &overlay, NOW);
        let times: Vec<(i64, i64)> = day_window(&s)
            .segments
            .iter()
            .map(|x| (x.start, x.end))
            .collect();
        assert!(!times.is_empty());
        assert_eq!(
            recorded_spans(&s, s.now - DAY, s.now + 1).unwrap(),
            times,
            "{mode:?}"
        );
    }
    assert!(
        recorded_spans(
            &src(&TimelineSettings::default(), &Overlay::default(), NOW),
            10,
            0
        )
        .is_err()
    );
}
