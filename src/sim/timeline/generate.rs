//! The generated history, streamed without allocating per item: events drawn per hour bucket,
//! segments per 10-minute slot (continuous) or per event, plus the overlay's raised ones.
//! Ids are only built by callers that need them.

use super::offline::Offline;
use super::overlay::Raised;
use super::seed::{Purpose, device_tag, rng};
use super::settings::{
    EventKind, MAX_EVENT_SECS, MAX_EVENTS_PER_DAY, MAX_RETENTION_DAYS, MAX_UTC_OFFSET_MINUTES,
    MIN_UTC_OFFSET_MINUTES, RecordingMode,
};
use super::{DAY, Overlay, SegmentCause, Source};
use crate::sim::clock::{MAX_SECS, MIN_SECS};
use std::fmt::Write;

/// Continuous recordings are cut into slots of this length, aligned to the epoch.
pub const SLOT_SECS: i64 = 600;
/// An event's recording starts this long before it...
pub const PRE_ROLL_SECS: i64 = 5;
/// ...and ends this long after it.
pub const POST_ROLL_SECS: i64 = 10;
/// Events are drawn per bucket of this length.
const BUCKET_SECS: i64 = 3600;
/// Cap on events per bucket (the mean is at most 60).
const MAX_EVENTS_PER_BUCKET: u32 = 240;

/// One generated event, before it has an id.
#[derive(Debug, Clone, Copy)]
pub struct RawEvent {
    pub bucket: i64,
    pub index: u32,
    pub kind: EventKind,
    pub start: i64,
    pub duration: u32,
}

impl RawEvent {
    pub fn end(&self) -> i64 {
        self.start.saturating_add(i64::from(self.duration))
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Origin {
    Slot,
    Event(RawEvent),
    /// Index into the overlay's raised events.
    Raised(usize),
}

#[derive(Debug, Clone, Copy)]
pub struct RawSegment {
    pub start: i64,
    pub end: i64,
    pub cause: SegmentCause,
    pub origin: Origin,
}

/// Whether `[s, e)` meets `[from, to)`; an instant (`e <= s`) counts as `[s, s + 1)`.
pub fn overlaps(s: i64, e: i64, from: i64, to: i64) -> bool {
    s < to && e.max(s.saturating_add(1)) > from
}

/// A device's inputs resolved once per call: clamped settings, clock, offline periods.
pub struct Ctx<'a> {
    pub tag: u64,
    pub now: i64,
    /// Oldest instant history keeps.
    pub keep_from: i64,
    pub mode: RecordingMode,
    pub offset_secs: i64,
    pub overlay: &'a Overlay,
    events_per_hour: f64,
    kinds: &'a [EventKind],
    offline: Offline,
}

impl<'a> Ctx<'a> {
    /// For items within `[lo, hi)`: offline periods are gathered a day beyond both ends.
    pub fn new(src: &Source<'a>, lo: i64, hi: i64) -> Ctx<'a> {
        let s = src.settings;
        let tag = device_tag(src.seed, src.device);
        let now = src.now.clamp(MIN_SECS, MAX_SECS);
        let retention = i64::from(s.retention_days.clamp(1, MAX_RETENTION_DAYS)) * DAY;
        let lo = lo.max(now - retention).saturating_sub(DAY);
        let hi = hi.min(now).saturating_add(DAY);
        let per_day = if s.events_per_day.is_finite() {
            s.events_per_day.clamp(0.0, MAX_EVENTS_PER_DAY)
        } else {
            0.0
        };
        Ctx {
            tag,
            now,
            keep_from: now - retention,
            mode: s.recording,
            offset_secs: i64::from(
                s.utc_offset_minutes
                    .clamp(MIN_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES),
            ) * 60,
            overlay: src.overlay,
            events_per_hour: per_day / 24.0,
            kinds: &s.event_kinds,
            offline: Offline::build(src, tag, lo, hi),
        }
    }

    #[cfg(test)]
    pub fn offline(&self) -> &Offline {
        &self.offline
    }

    /// Short prefix of this device's generated ids (unique enough across a world).
    pub fn prefix(&self) -> u32 {
        (self.tag >> 32) as u32
    }

    /// Generated events that exist (within retention, started by now, clear of offline
    /// periods with their pre- and post-roll) and start in `[from, to)`.
    pub fn each_event(&self, from: i64, to: i64, mut f: impl FnMut(RawEvent)) {
        if self.kinds.is_empty() || self.events_per_hour <= 0.0 {
            return;
        }
        let lo = from.max(self.keep_from + PRE_ROLL_SECS);
        let hi = to.min(self.now.saturating_add(1));
        if lo >= hi {
            return;
        }
        for bucket in lo.div_euclid(BUCKET_SECS)..=(hi - 1).div_euclid(BUCKET_SECS) {
            self.bucket_events(bucket, |e| {
                if e.start >= lo
                    && e.start < hi
                    && !self.offline.overlaps(
                        e.start - PRE_ROLL_SECS,
                        e.end().saturating_add(POST_ROLL_SECS),
                    )
                {
                    f(e);
                }
            });
        }
    }

    /// Every event drawn for one bucket, in draw order (which gives their index).
    fn bucket_events(&self, bucket: i64, mut f: impl FnMut(RawEvent)) {
        let mut r = rng(self.tag, Purpose::Events, bucket);
        // Poisson by inversion: one uniform draw, however many events.
        let mean = self.events_per_hour;
        let u = r.unit();
        let (mut p, mut count) = ((-mean).exp(), 0u32);
        let mut cdf = p;
        while u > cdf && count < MAX_EVENTS_PER_BUCKET {
            count += 1;
            p *= mean / f64::from(count);
            cdf += p;
        }
        let base = bucket * BUCKET_SECS;
        for index in 0..count {
            let start = base + r.between(0, BUCKET_SECS - 1);
            let kind = self.kinds[r.below(self.kinds.len() as u64) as usize];
            let (min, max) = kind.typical_duration_secs();
            let duration = (r.between(i64::from(min), i64::from(max)) as u32).min(MAX_EVENT_SECS);
            f(RawEvent {
                bucket,
                index,
                kind,
                start,
                duration,
            });
        }
    }

    /// The raised events the clock has reached, within retention (deleted ones included).
    pub fn raised(&self) -> impl Iterator<Item = (usize, &'a Raised)> + '_ {
        self.overlay
            .raised()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.event.start >= self.keep_from && r.event.start <= self.now)
    }

    /// Segments overlapping `[from, to)`, not deleted; unordered.
    pub fn each_segment(&self, from: i64, to: i64, mut f: impl FnMut(RawSegment)) {
        let check_deleted = self.overlay.has_deleted_segments();
        let mut id = String::new();
        let mut emit = |seg: RawSegment| {
            if seg.start >= self.keep_from
                && seg.start < seg.end
                && overlaps(seg.start, seg.end, from, to)
            {
                if check_deleted {
                    id.clear();
                    self.write_segment_id(&mut id, &seg);
                    if self.overlay.deleted_segment(&id) {
                        return;
                    }
                }
                f(seg);
            }
        };
        match self.mode {
            RecordingMode::Continuous => {
                let lo = from.max(self.keep_from);
                let hi = to.min(self.now);
                if lo < hi {
                    for slot in lo.div_euclid(SLOT_SECS)..=(hi - 1).div_euclid(SLOT_SECS) {
                        let start = slot * SLOT_SECS;
                        self.offline
                            .online_pieces(start, start + SLOT_SECS, |s, e| {
                                emit(RawSegment {
                                    start: s,
                                    end: e.min(self.now),
                                    cause: SegmentCause::Continuous,
                                    origin: Origin::Slot,
                                })
                            });
                    }
                }
            }
            RecordingMode::Events => {
                let lo = from.saturating_sub(i64::from(MAX_EVENT_SECS) + POST_ROLL_SECS);
                self.each_event(lo, to.saturating_add(PRE_ROLL_SECS), |e| {
                    emit(RawSegment {
                        start: e.start - PRE_ROLL_SECS,
                        end: e.end().saturating_add(POST_ROLL_SECS).min(self.now),
                        cause: SegmentCause::Event,
                        origin: Origin::Event(e),
                    })
                });
            }
            RecordingMode::None => {}
        }
        for (i, r) in self.raised() {
            if r.with_recording {
                let e = &r.event;
                emit(RawSegment {
                    start: e.start.saturating_sub(PRE_ROLL_SECS),
                    end: e
                        .start
                        .saturating_add(i64::from(e.duration_secs))
                        .saturating_add(POST_ROLL_SECS)
                        .min(self.now),
                    cause: SegmentCause::Raised,
                    origin: Origin::Raised(i),
                });
            }
        }
    }

    pub fn write_event_id(&self, out: &mut String, e: &RawEvent) {
        let _ = write!(out, "{:08x}-e{}-{}", self.prefix(), e.bucket, e.index);
    }

    /// Stable: a continuous piece is named by its start (the slot, or the end of the gap
    /// that cut it), an event's recording by its event.
    pub fn write_segment_id(&self, out: &mut String, seg: &RawSegment) {
        match seg.origin {
            Origin::Slot => {
                let _ = write!(out, "{:08x}-c{}", self.prefix(), seg.start);
            }
            Origin::Event(e) => {
                self.write_event_id(out, &e);
                out.push_str("-v");
            }
            Origin::Raised(i) => {
                if let Some(r) = self.overlay.raised().get(i) {
                    out.push_str(&r.event.id);
                }
                out.push_str("-v");
            }
        }
    }

    /// The id of the event behind a segment, if any.
    pub fn segment_event_id(&self, seg: &RawSegment) -> Option<String> {
        match seg.origin {
            Origin::Slot => None,
            Origin::Event(e) => {
                let mut id = String::new();
                self.write_event_id(&mut id, &e);
                Some(id)
            }
            Origin::Raised(i) => self.overlay.raised().get(i).map(|r| r.event.id.clone()),
        }
    }
}
