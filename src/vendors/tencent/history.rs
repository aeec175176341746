//! What a device's cloud storage holds, read from the camera's timeline: the one history every
//! storage action answers from (dates, a day's time line, events, playback), so they agree.
//!
//! - Storage runs where a package covered the device channel (`coverage`), in the storage
//!   space of the user bound then (`""`: the default space).
//! - A continuous package stores every recording the camera made; an event package only the
//!   parts of recordings within an event. An image-stream device stores only event records, each
//!   at most 10 s long.
//! - Events are stored when they start while a package covers the device, after the last
//!   `ResetCloudStorageEvent`, unless deleted.
//! - Each item is kept for its package's look-back (`ShiftDuration`) after it started: nothing
//!   older than 30 days remains.
//! - Days are counted in the device's time zone (its timeline's UTC offset; UTC+8 by default).

use super::catalogue::{PackageKind, StorageType};
use super::state::{IMAGE_EVENT_MAX_SECS, StreamType, TencentDevice};
use crate::sim::camera::Camera;
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
            key: camera.history_key(),
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

    /// The stored events starting in `[from, to)`, oldest first.
    pub fn events(&self, from: i64, to: i64) -> Result<Vec<StoredEvent>, WindowError> {
        let (from, to) = (from.max(self.oldest()), to.min(self.now.saturating_add(1)));
        if from >= to || self.is_empty() {
            return Ok(Vec::new());
        }
        let cleared = self
            .device
            .events_cleared
            .get(&self.channel)
            .copied()
            .unwrap_or(i64::MIN);
        let window = self.window(from, to)?;
        Ok(window
            .events
            .into_iter()
            .filter(|e| (from..to).contains(&e.start) && e.start >= cleared)
            .filter(|e| self.covering(e.start).is_some())
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

    /// The stored recordings overlapping `[from, to)`, clipped to it, touching pieces merged,
    /// in order. An image-stream device's are its event records.
    pub fn pieces(&self, from: i64, to: i64) -> Result<Vec<(i64, i64)>, WindowError> {
        let (from, to) = (from.max(self.oldest()), to.min(self.now));
        if from >= to || self.is_empty() {
            return Ok(Vec::new());
        }
        let mut raw: Vec<(i64, i64)> = Vec::new();
        if self.device.stream == StreamType::Image {
            for e in self.events(from.saturating_sub(IMAGE_EVENT_MAX_SECS), to)? {
                raw.push((e.start, e.end));
            }
            return Ok(merge(raw, from, to));
        }
        let src = self.camera.timeline_source(self.seed, &self.key, self.now);
        let recorded = timeline::recorded_spans(&src, from, to)?;
        // Events only matter under an event package (their windows are what it stores).
        let events = if self
            .intervals
            .iter()
            .any(|i| i.package.storage() == StorageType::Event)
        {
            self.window(from, to)?.events
        } else {
            Vec::new()
        };
        for &(start, end) in &recorded {
            for i in &self.intervals {
                let (s, t) = (start.max(i.start), end.min(i.end));
                if s >= t {
                    continue;
                }
                match i.package.storage() {
                    StorageType::Continuous => raw.push((s, t)),
                    StorageType::Event => {
                        for e in events.iter().filter(|e| self.covering(e.start).is_some()) {
                            let end = e.start.saturating_add(i64::from(e.duration_secs));
                            let (a, b) = (s.max(e.start), t.min(end));
                            if a < b {
                                raw.push((a, b));
                            }
                        }
                    }
                }
            }
        }
        Ok(merge(raw, from, to))
    }

    /// Every day (in the device's time zone) holding a stored recording or event, ascending.
    pub fn days(&self) -> Result<Vec<NaiveDate>, WindowError> {
        let (from, to) = (self.oldest(), self.now.saturating_add(1));
        let mut items = self.pieces(from, to)?;
        items.extend(
            self.events(from, to)?
                .into_iter()
                .map(|e| (e.start, e.end.max(e.start + 1))),
        );
        let offset = self.offset_secs();
        let mut days: Vec<i64> = Vec::new();
        for (s, e) in items {
            let first = s.saturating_add(offset).div_euclid(DAY);
            let last = e
                .saturating_sub(1)
                .max(s)
                .saturating_add(offset)
                .div_euclid(DAY);
            days.extend(first..=last);
        }
        days.sort_unstable();
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
        let start = day
            .and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
            .saturating_sub(self.offset_secs());
        (start, start.saturating_add(DAY))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_merge_when_they_touch_or_overlap() {
        let merged = merge(vec![(30, 40), (0, 10), (10, 20), (15, 25), (50, 90)], 5, 60);
        assert_eq!(merged, vec![(5, 25), (30, 40), (50, 60)]);
    }
}
