//! THE list of a device channel's cloud recordings: what section 6 lists, plays, renames and
//! deletes, what alarms point at and what storage counts. Computed on demand from:
//! - the camera timeline's segments (`sim::timeline`), which belong to the device's
//!   `primary_channel()` (proposal: seed 003 gives no rule for splitting one history over
//!   channels);
//! - section 13's regimes (`state/records.rs`): each segment is governed by the regime in
//!   force at its start (none: the timeline as generated; stop: nothing; event: only
//!   event-caused segments; `cycle` days: kept that long after it ends) and ends early at a
//!   later change that would not keep it;
//! - 13.1's manual recordings, on any channel, even when the timeline has none.
//!
//! A recording's id (`videoid`) is the timeline segment's id or the manual recording's id;
//! renames and deletes of segments live in the camera's history overlay, of manual recordings
//! in `state/records.rs`. This module only reads; it does not decide how 6.x words anything.

use super::errors::{OnenetError, errno};
use super::state::records::{ChannelRecords, Keeps, Manual};
use super::state::{OnenetDevice, OnenetState};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras};
use crate::sim::timeline::{self, BYTES_PER_SEC, MAX_WINDOW_SECS, PRE_ROLL_SECS, SegmentCause};
use crate::vendors::Ctx;

const DAY: i64 = 86_400;
/// Generated events are drawn per hour (their recordings' ids name the hour).
const EVENT_BUCKET_SECS: i64 = 3600;

/// Where a recording comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A camera timeline segment (continuous, event or raised-event clip).
    Timeline(SegmentCause),
    /// A manual recording (13.1).
    Manual,
}

/// One cloud recording, `[start, end)` in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub id: String,
    pub channel: u32,
    pub name: String,
    pub start: i64,
    pub end: i64,
    pub bytes: u64,
    pub origin: Origin,
    /// The event behind a timeline event clip.
    pub event_id: Option<String>,
}

impl Recording {
    pub fn duration_secs(&self) -> i64 {
        self.end.saturating_sub(self.start).max(0)
    }

    /// Size in KBytes (section 6's unit), rounded down.
    pub fn kbytes(&self) -> u64 {
        self.bytes / 1024
    }

    fn overlaps(&self, from: i64, to: i64) -> bool {
        self.end > self.start && self.start < to && self.end > from
    }
}

/// What one device's recordings are read from, borrowed from the locked world.
pub struct Shelf<'a> {
    device: &'a OnenetDevice,
    camera: &'a Camera,
    state: &'a OnenetState,
    seed: u64,
    now: i64,
    key: String,
}

impl<'a> Shelf<'a> {
    /// `device`'s shelf (its camera must exist: 8 otherwise).
    pub fn new(
        state: &'a OnenetState,
        cameras: &'a Cameras,
        seed: u64,
        now: i64,
        device: &'a OnenetDevice,
    ) -> Result<Shelf<'a>, OnenetError> {
        let camera = cameras.get(VendorId::Onenet, &device.id).ok_or_else(|| {
            OnenetError::because(errno::NOT_FOUND, format!("device {}", device.id))
        })?;
        Ok(Shelf {
            device,
            camera,
            state,
            seed,
            now,
            key: camera.history_key(),
        })
    }

    /// The shelf of device `id` in `ctx`'s world (no access check: callers make theirs).
    pub fn of(ctx: &'a Ctx<'_>, id: &str) -> Result<Shelf<'a>, OnenetError> {
        let world: &'a crate::sim::world::World = ctx.world;
        let state = world
            .model::<OnenetState>()
            .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))?;
        let device = state
            .devices
            .get(id)
            .ok_or_else(|| OnenetError::because(errno::NOT_FOUND, format!("device {id}")))?;
        Shelf::new(state, &world.cameras, ctx.seed, ctx.now_secs(), device)
    }

    fn records(&self, channel: u32) -> Option<&'a ChannelRecords> {
        self.state.records.channel(&self.device.id, channel)
    }

    fn is_primary(&self, channel: u32) -> bool {
        self.device.primary_channel() == Some(channel)
    }

    /// Recordings of `channel` overlapping `[from, to)` (at most 31 days), whole, oldest first
    /// (by start, then id).
    pub fn list(&self, channel: u32, from: i64, to: i64) -> Result<Vec<Recording>, OnenetError> {
        let records = self.records(channel);
        let mut out = Vec::new();
        if self.is_primary(channel) {
            let src = self.camera.timeline_source(self.seed, &self.key, self.now);
            let window = timeline::window(&src, from, to)
                .map_err(|e| OnenetError::because(errno::INVALID, e))?;
            out.extend(
                window
                    .segments
                    .into_iter()
                    .filter_map(|s| self.admit(s, channel, records))
                    .filter(|r| r.overlaps(from, to)),
            );
        } else if from > to || to.saturating_sub(from) > MAX_WINDOW_SECS {
            return Err(OnenetError::because(
                errno::INVALID,
                "a window of recordings is 0 to 31 days",
            ));
        }
        if let Some(records) = records {
            out.extend(
                records
                    .manual()
                    .iter()
                    .filter(|m| !m.expired(self.now) && m.start <= self.now)
                    .map(|m| self.manual(m, channel))
                    .filter(|r| r.overlaps(from, to)),
            );
        }
        out.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        Ok(out)
    }

    /// The recording `id` of `channel`, if the cloud holds it.
    pub fn find(&self, channel: u32, id: &str) -> Option<Recording> {
        let records = self.records(channel);
        if let Some(m) = records.and_then(|r| r.manual().iter().find(|m| m.id == id)) {
            return (!m.expired(self.now) && m.start <= self.now).then(|| self.manual(m, channel));
        }
        if !self.is_primary(channel) {
            return None;
        }
        let src = self.camera.timeline_source(self.seed, &self.key, self.now);
        for (from, to) in self.search_windows(id) {
            let Ok(window) = timeline::window(&src, from, to) else {
                continue;
            };
            if let Some(segment) = window.segments.into_iter().find(|s| s.id == id) {
                return self.admit(segment, channel, records);
            }
        }
        None
    }

    /// Bytes of every recording the cloud holds for the device (all channels, the whole
    /// retention): what storage use counts.
    pub fn retained_bytes(&self) -> u64 {
        let mut total = 0u64;
        if let Some(primary) = self.device.primary_channel() {
            for (from, to) in self.retention_windows() {
                if let Ok(list) = self.list(primary, from, to) {
                    // A recording crossing a window edge is listed by both windows.
                    total = list
                        .iter()
                        .filter(|r| r.origin != Origin::Manual && r.start >= from)
                        .fold(total, |sum, r| sum.saturating_add(r.bytes));
                }
            }
        }
        for (channel, records) in self.state.records.channels_of(&self.device.id) {
            total = records
                .manual()
                .iter()
                .filter(|m| !m.expired(self.now) && m.start <= self.now)
                .fold(total, |sum, m| {
                    sum.saturating_add(self.manual(m, channel).bytes)
                });
        }
        total
    }

    /// The camera's retention, newest window first, in windows of at most 31 days.
    fn retention_windows(&self) -> Vec<(i64, i64)> {
        let days = i64::from(self.camera.timeline.retention_days.max(1));
        let keep_from = self.now.saturating_sub(days.saturating_mul(DAY));
        let mut out = Vec::new();
        let mut to = self.now.saturating_add(1);
        while to > keep_from {
            let from = to.saturating_sub(MAX_WINDOW_SECS).max(keep_from);
            out.push((from, to));
            to = from;
        }
        out
    }

    /// Where segment `id` can be: its id names its start (a continuous piece) or its hour (an
    /// event clip); a raised event's clip is looked for over the whole retention.
    fn search_windows(&self, id: &str) -> Vec<(i64, i64)> {
        let Some((prefix, rest)) = id.split_once('-') else {
            return Vec::new();
        };
        let generated =
            prefix.len() == 8 && prefix.bytes().all(|b| b.is_ascii_hexdigit()) && rest.len() > 1;
        if generated {
            if let Some(start) = rest.strip_prefix('c').and_then(|s| s.parse::<i64>().ok()) {
                return vec![(start, start.saturating_add(1))];
            }
            let hour = rest
                .strip_prefix('e')
                .and_then(|r| r.split_once('-'))
                .and_then(|(bucket, _)| bucket.parse::<i64>().ok());
            if let Some(bucket) = hour {
                let base = bucket.saturating_mul(EVENT_BUCKET_SECS);
                return vec![(
                    base.saturating_sub(PRE_ROLL_SECS),
                    base.saturating_add(EVENT_BUCKET_SECS),
                )];
            }
        }
        if id.ends_with("-v") {
            self.retention_windows()
        } else {
            Vec::new()
        }
    }

    /// A timeline segment as the cloud holds it under the channel's regimes, or `None`.
    fn admit(
        &self,
        segment: timeline::Segment,
        channel: u32,
        records: Option<&ChannelRecords>,
    ) -> Option<Recording> {
        let cause = segment.cause;
        let mut end = segment.end;
        let mut bytes = segment.bytes;
        if let Some(records) = records {
            let regime = records.regime_at(segment.start);
            if !keeps(regime.keeps, cause) {
                return None;
            }
            let changes = records.changes();
            let later = changes.partition_point(|c| c.0 <= segment.start);
            if let Some(cut) = changes[later..]
                .iter()
                .take_while(|c| c.0 < segment.end)
                .find(|c| !keeps(c.1.keeps, cause))
            {
                end = cut.0;
                bytes = secs_bytes(segment.start, end);
            }
            if let Some(days) = regime.keep_days
                && self.now >= end.saturating_add(i64::from(days).saturating_mul(DAY))
            {
                return None;
            }
        }
        Some(Recording {
            id: segment.id,
            channel,
            name: segment.name,
            start: segment.start,
            end,
            bytes,
            origin: Origin::Timeline(cause),
            event_id: segment.event_id,
        })
    }

    fn manual(&self, m: &Manual, channel: u32) -> Recording {
        let end = m.end(self.now);
        Recording {
            id: m.id.clone(),
            channel,
            name: m.name.clone().unwrap_or_else(|| self.local_name(m.start)),
            start: m.start,
            end,
            bytes: secs_bytes(m.start, end),
            origin: Origin::Manual,
            event_id: None,
        }
    }

    /// `YYYYMMDD_HHMMSS.mp4` in the camera's time zone, as the timeline names its segments.
    fn local_name(&self, start: i64) -> String {
        let offset = i64::from(self.camera.timeline.utc_offset_minutes).saturating_mul(60);
        match chrono::DateTime::from_timestamp(start.saturating_add(offset), 0) {
            Some(t) => t.format("%Y%m%d_%H%M%S.mp4").to_string(),
            None => format!("{start}.mp4"),
        }
    }
}

/// Whether a regime keeps a segment of `cause`.
fn keeps(keeps: Keeps, cause: SegmentCause) -> bool {
    match keeps {
        Keeps::All => true,
        Keeps::Events => cause != SegmentCause::Continuous,
        Keeps::Nothing => false,
    }
}

fn secs_bytes(start: i64, end: i64) -> u64 {
    u64::try_from(end.saturating_sub(start))
        .unwrap_or(0)
        .saturating_mul(BYTES_PER_SEC)
}

/// Recordings of `device`'s `channel` overlapping `[from, to)` (at most 31 days), oldest
/// first. No access check: the caller has made its own.
pub fn recordings(
    ctx: &Ctx<'_>,
    device: &str,
    channel: u32,
    from: i64,
    to: i64,
) -> Result<Vec<Recording>, OnenetError> {
    Shelf::of(ctx, device)?.list(channel, from, to)
}

/// The recording `video_id` of `device`'s `channel`, if the cloud holds it.
pub fn recording(
    ctx: &Ctx<'_>,
    device: &str,
    channel: u32,
    video_id: &str,
) -> Result<Option<Recording>, OnenetError> {
    Ok(Shelf::of(ctx, device)?.find(channel, video_id))
}

#[cfg(test)]
mod tests;
