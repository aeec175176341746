//! What a device's cloud storage holds, read from the camera's timeline: the one history every
//! storage action answers from (dates, a day's time line, events, playback), so they agree.
//!
//! - Storage runs where a package covered the device channel (`coverage`), in the storage
//!   space of the user bound then (`""`: the default space).
//! - Events are stored when they start while a package covers the device, after the last
//!   `ResetCloudStorageEvent` of the channel, unless deleted (`DeleteCloudStorageEvent` hides
//!   them in the camera's timeline).
//! - A continuous package stores every recording the camera made; an event package only the
//!   parts of recordings within a stored event, so an event deleted or cleared takes its
//!   recording with it. An image-stream device stores only its event records, each at most
//!   10 s long.
//! - Each item is kept for its package's look-back (`ShiftDuration`) after it started: nothing
//!   older than 30 days remains.
//! - Days are counted in the device's time zone (its timeline's UTC offset; UTC+8 by default).
//! - An NVR's channels each have their own timeline (drawn from the device's settings).
//!   A day has storage when it holds a stored recording (`days`), so every day
//!   `DescribeCloudStorageDate` lists has a non-empty time line and no other day has one.

use super::catalogue::{PackageKind, StorageType};
use super::state::{IMAGE_EVENT_MAX_SECS, StreamType, TencentDevice};
use crate::sim::camera::Camera;
use crate::sim::hashing::FastMap;
use crate::sim::timeline::{self, Event, EventKind, Window, WindowError};
use chrono::NaiveDate;

const DAY: i64 = 86_400;
/// Longest look-back of any package (30 days): nothing older is ever stored.
pub const MAX_LOOKBACK_SECS: i64 = 30 * DAY;

/// A stretch of time storage ran for the asked space, with the package it ran under.
#[derive(Debug, Clone, Copy)]
struct Interval {
    start: i64,
    end: i64,
    package: &'static PackageKind,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// The timeline's id (what deleting it marks).
    pub timeline_id: String,
    pub kind: EventKind,
    pub start: i64,
    pub end: i64,
    /// Still going on at `now`: its upload is partial.
    pub ongoing: bool,
}

/// The storage of one device channel and user space, at one world-clock instant.
pub struct History<'a> {
    camera: &'a Camera,
    device: &'a TencentDevice,
    key: String,
    seed: u64,
    now: i64,
    channel: u32,
    intervals: Vec<Interval>,
}

impl<'a> History<'a> {
    pub fn new(
        seed: u64,
        camera: &'a Camera,
        device: &'a TencentDevice,
        channel: u32,
        user: &str,
        now: i64,
    ) -> History<'a> {
        let mut intervals = Vec::new();
        if let Some(coverage) = device.coverage(channel) {
            for span in coverage.spans() {
                let keep_from = now.saturating_sub(span.package.shift_secs());
                let (start, end) = (span.start.max(keep_from), span.end.min(now));
                if start >= end {
                    continue;
                }
                // Cut where the bound user changes; keep the pieces of the asked space.
                let mut cuts: Vec<i64> = device
                    .users
                    .iter()
                    .map(|b| b.since)
                    .filter(|t| (start..end).contains(t))
                    .collect();
                cuts.push(end);
                cuts.sort_unstable();
                let mut from = start;
                for to in cuts {
                    if to > from && device.user_at(from) == user {
                        intervals.push(Interval {
                            start: from,
                            end: to,
                            package: span.package,
                        });
                    }
                    from = from.max(to);
                }
            }
        }
        History {
            camera,
            device,
            key: channel_key(camera, channel),
            seed,
            now,
            channel,
            intervals,
        }
    }

    /// Whether storage ran for this space at any time still kept.
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }

    fn window(&self, from: i64, to: i64) -> Result<Window, WindowError> {
        let src = self.camera.timeline_source(self.seed, &self.key, self.now);
        timeline::window(&src, from, to)
    }

    fn covering(&self, t: i64) -> Option<&Interval> {
        self.intervals.iter().find(|i| i.start <= t && t < i.end)
    }

    /// Whether an event is stored: it started while storage ran for this space, after the last
    /// `ResetCloudStorageEvent` of the channel. (Deleted events never reach here: the timeline
    /// hides them.)
    fn stored(&self, e: &Event) -> bool {
        let cleared = self
            .device
            .events_cleared
            .get(&self.channel)
            .copied()
            .unwrap_or(i64::MIN);
        e.start >= cleared && self.covering(e.start).is_some()
    }

    /// The stored events starting in `[from, to)`, oldest first.
    pub fn events(&self, from: i64, to: i64) -> Result<Vec<StoredEvent>, WindowError> {
        let (from, to) = (from.max(self.oldest()), to.min(self.now.saturating_add(1)));
        if from >= to || self.is_empty() {
            return Ok(Vec::new());
        }
        let window = self.window(from, to)?;
        Ok(window
            .events
            .into_iter()
            .filter(|e| (from..to).contains(&e.start) && self.stored(e))
            .map(|e| self.stored_event(e))
            .collect())
    }

    fn stored_event(&self, e: Event) -> StoredEvent {
        let mut end = e.start.saturating_add(i64::from(e.duration_secs));
        if self.device.stream == StreamType::Image {
            end = end.min(e.start.saturating_add(IMAGE_EVENT_MAX_SECS));
        }
        StoredEvent {
            timeline_id: e.id,
            kind: e.kind,
            start: e.start,
            ongoing: end > self.now,
            end: end.min(self.now.max(e.start)),
        }
    }

    /// The stored recordings overlapping `[from, to)`, clipped to it, in order, never
    /// overlapping. A video-stream device's touching pieces are joined. An image-stream
    /// device's are its event records, cut where a record starts so that none is longer than a
    /// record (10 s) however the records overlap.
    pub fn pieces(&self, from: i64, to: i64) -> Result<Vec<(i64, i64)>, WindowError> {
        let (from, to) = (from.max(self.oldest()), to.min(self.now));
        if from >= to || self.is_empty() {
            return Ok(Vec::new());
        }
        if self.device.stream == StreamType::Image {
            let records = self.events(from.saturating_sub(IMAGE_EVENT_MAX_SECS), to)?;
            let starts: Vec<i64> = records.iter().map(|e| e.start).collect();
            let union = merge(records.iter().map(|e| (e.start, e.end)).collect(), from, to);
            return Ok(cut_at(union, starts));
        }
        let src = self.camera.timeline_source(self.seed, &self.key, self.now);
        let recorded = merge(timeline::recorded_spans(&src, from, to)?, from, to);
        // What storage kept: all of a continuous package's time, the stored events' time of an
        // event package's.
        let mut event_time: Option<Vec<(i64, i64)>> = None;
        let mut kept = Vec::with_capacity(self.intervals.len());
        for i in &self.intervals {
            match i.package.storage() {
                StorageType::Continuous => kept.push((i.start, i.end)),
                StorageType::Event => {
                    // Events are read only under an event package (a continuous one needs
                    // just the recordings' times, which are far cheaper).
                    if event_time.is_none() {
                        let spans = self
                            .window(from, to)?
                            .events
                            .iter()
                            .filter(|e| self.stored(e))
                            .map(|e| (e.start, e.start.saturating_add(i64::from(e.duration_secs))))
                            .collect();
                        event_time = Some(merge(spans, from, to));
                    }
                    let events = event_time.as_deref().unwrap_or_default();
                    kept.extend(intersect(events, &[(i.start, i.end)]));
                }
            }
        }
        Ok(intersect(&recorded, &merge(kept, from, to)))
    }

    /// Every day (in the device's time zone) holding a stored recording, ascending: exactly the
    /// days whose `pieces` are not empty.
    pub fn days(&self) -> Result<Vec<NaiveDate>, WindowError> {
        let offset = self.offset_secs();
        let mut days: Vec<i64> = Vec::new();
        for (s, e) in self.pieces(self.oldest(), self.now)? {
            let first = s.saturating_add(offset).div_euclid(DAY);
            let last = e.saturating_sub(1).saturating_add(offset).div_euclid(DAY);
            days.extend(first..=last);
        }
        days.dedup();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        Ok(days
            .into_iter()
            .filter_map(|d| epoch.checked_add_signed(chrono::TimeDelta::try_days(d)?))
            .collect())
    }

    /// The device's UTC offset, seconds.
    pub fn offset_secs(&self) -> i64 {
        i64::from(self.camera.timeline.utc_offset_minutes) * 60
    }

    /// `[start, end)` of `day` in the device's time zone.
    pub fn day_bounds(&self, day: NaiveDate) -> (i64, i64) {
        day_bounds(day, self.offset_secs())
    }

    /// The oldest instant anything may still be stored.
    fn oldest(&self) -> i64 {
        self.intervals
            .iter()
            .map(|i| i.start)
            .min()
            .unwrap_or(self.now)
            .max(self.now.saturating_sub(MAX_LOOKBACK_SECS))
    }
}

/// The timeline key of a device channel: the camera's own for channel 0, one of its own for
/// each further NVR channel (the cameras behind an NVR record, see events and go offline each
/// on their own; they share the device's settings and history changes).
fn channel_key(camera: &Camera, channel: u32) -> String {
    match channel {
        0 => camera.history_key(),
        n => format!("{}#ch{n}", camera.history_key()),
    }
}

/// `[start, end)` of `day` at UTC offset `offset_secs`.
pub fn day_bounds(day: NaiveDate, offset_secs: i64) -> (i64, i64) {
    let start = day
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        .saturating_sub(offset_secs);
    (start, start.saturating_add(DAY))
}

/// What a device's stored recordings depend on besides the window: the camera's revision,
/// the Tencent state's revision and the world-clock second. Equal stamps, equal pieces.
pub type Stamp = (u64, u64, i64);

/// Most windows remembered per device.
const MEMO_PER_DEVICE: usize = 4;

/// Stored recordings already worked out, by device: a client polling a day's time line asks
/// the same question many times a second, and the answer only changes when the device, its
/// packages or the second do. Bounded: a few windows per device of the world.
#[derive(Debug, Default)]
pub struct Memo {
    by_device: FastMap<String, Vec<MemoEntry>>,
}

#[derive(Debug)]
struct MemoEntry {
    channel: u32,
    user: String,
    window: (i64, i64),
    stamp: Stamp,
    pieces: Vec<(i64, i64)>,
}

impl Memo {
    /// The pieces remembered for this question, if still true at `stamp`.
    pub fn get(
        &self,
        device: &str,
        channel: u32,
        user: &str,
        window: (i64, i64),
        stamp: Stamp,
    ) -> Option<&[(i64, i64)]> {
        self.by_device
            .get(device)?
            .iter()
            .find(|e| {
                e.channel == channel && e.user == user && e.window == window && e.stamp == stamp
            })
            .map(|e| e.pieces.as_slice())
    }

    /// Remembers `pieces`, forgetting the device's oldest window when it has enough.
    pub fn put(
        &mut self,
        device: &str,
        channel: u32,
        user: &str,
        window: (i64, i64),
        stamp: Stamp,
        pieces: Vec<(i64, i64)>,
    ) {
        let entries = match self.by_device.get_mut(device) {
            Some(entries) => entries,
            None => self.by_device.entry(device.to_string()).or_default(),
        };
        entries.retain(|e| e.stamp == stamp);
        if entries.len() >= MEMO_PER_DEVICE {
            entries.remove(0);
        }
        entries.push(MemoEntry {
            channel,
            user: user.to_string(),
            window,
            stamp,
            pieces,
        });
    }
}

/// Sorted, clipped to `[from, to)`, overlapping or touching pieces joined.
fn merge(mut raw: Vec<(i64, i64)>, from: i64, to: i64) -> Vec<(i64, i64)> {
    raw.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(raw.len());
    for (s, e) in raw {
        let (s, e) = (s.max(from), e.min(to));
        if s >= e {
            continue;
        }
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Pieces (sorted, disjoint) cut at every instant of `at` strictly inside one.
fn cut_at(pieces: Vec<(i64, i64)>, mut at: Vec<i64>) -> Vec<(i64, i64)> {
    at.sort_unstable();
    let mut out = Vec::with_capacity(pieces.len());
    let mut cuts = at.into_iter().peekable();
    for (mut s, e) in pieces {
        while let Some(&c) = cuts.peek() {
            if c >= e {
                break;
            }
            if c > s {
                out.push((s, c));
                s = c;
            }
            cuts.next();
        }
        out.push((s, e));
    }
    out
}

/// The common part of two sorted lists of disjoint pieces.
fn intersect(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while let (Some(&(s1, e1)), Some(&(s2, e2))) = (a.get(i), b.get(j)) {
        let (s, e) = (s1.max(s2), e1.min(e2));
        if s < e {
            out.push((s, e));
        }
        if e1 <= e2 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_merge_when_they_touch_or_overlap() {
        let merged = merge(vec![(30, 40), (0, 10), (10, 20), (15, 25), (50, 90)], 5, 60);
        assert_eq!(merged, vec![(5, 25), (30, 40), (50, 60)]);
    }

    #[test]
    fn records_are_cut_where_one_starts() {
        // Records [0,10) [4,14) [6,9) [30,40): their union cut at every start.
        let union = merge(vec![(0, 10), (4, 14), (6, 9), (30, 40)], 0, 100);
        let cut = cut_at(union, vec![6, 0, 4, 30]);
        assert_eq!(cut, vec![(0, 4), (4, 6), (6, 14), (30, 40)]);
        assert!(cut.iter().all(|(s, e)| e - s <= 10));
    }

    #[test]
    fn intersections_keep_only_what_both_hold() {
        let a = [(0, 10), (20, 30), (40, 50)];
        let b = [(5, 25), (28, 45)];
        assert_eq!(
            intersect(&a, &b),
            vec![(5, 10), (20, 25), (28, 30), (40, 45)]
        );
        assert_eq!(intersect(&a, &[]), vec![]);
    }

    #[test]
    fn the_memo_answers_only_the_same_question_at_the_same_stamp() {
        let mut memo = Memo::default();
        memo.put("P:d", 0, "", (0, 10), (1, 1, 5), vec![(0, 5)]);
        assert_eq!(
            memo.get("P:d", 0, "", (0, 10), (1, 1, 5)),
            Some(&[(0, 5)][..])
        );
        for (device, channel, user, window, stamp) in [
            ("P:e", 0, "", (0, 10), (1, 1, 5)),
            ("P:d", 1, "", (0, 10), (1, 1, 5)),
            ("P:d", 0, "u", (0, 10), (1, 1, 5)),
            ("P:d", 0, "", (0, 11), (1, 1, 5)),
            ("P:d", 0, "", (0, 10), (2, 1, 5)),
            ("P:d", 0, "", (0, 10), (1, 2, 5)),
            ("P:d", 0, "", (0, 10), (1, 1, 6)),
        ] {
            assert_eq!(memo.get(device, channel, user, window, stamp), None);
        }
        for n in 0..10 {
            memo.put("P:d", 0, "", (n, 100), (1, 1, 5), vec![]);
        }
        assert_eq!(memo.by_device["P:d"].len(), MEMO_PER_DEVICE);
        memo.put("P:d", 0, "", (0, 10), (1, 1, 6), vec![]);
        assert_eq!(
            memo.by_device["P:d"].len(),
            1,
            "a new second forgets the old answers"
        );
    }
}
