//! A camera's timeline along world time: what it recorded (segments), what it saw (events),
//! the pictures it took and what its SD card holds. Deterministic and lazy: a pure function
//! of the world's seed, the device, its settings, its online state, the clock and the
//! device's `Overlay`; nothing is stored per device until an API changes something.
//! Vendor-neutral: vendors map these shapes onto their own APIs.
//!
//! Rules: items are returned whole, sorted by start then id; nothing starts after `now` or
//! before `now - retention`; offline periods hold no generated segments or events, but raised
//! events and snapshots (made deliberately through an API) show even when offline.

mod generate;
mod offline;
mod overlay;
mod sd_card;
mod seed;
mod settings;
#[cfg(test)]
mod tests;

pub use generate::{POST_ROLL_SECS, PRE_ROLL_SECS, SLOT_SECS};
pub use overlay::{MAX_OVERLAY_ITEMS, Overlay, OverlayFull};
pub use sd_card::{recorded_days, sd_card};
pub use settings::{
    EventKind, MAX_EVENT_SECS, MAX_EVENTS_PER_DAY, MAX_RETENTION_DAYS, MAX_SD_CARD_MB,
    MAX_UTC_OFFSET_MINUTES, MIN_UTC_OFFSET_MINUTES, RecordingMode, TimelineSettings, TimelineSpec,
};

use crate::sim::clock::{MAX_SECS, MIN_SECS};
use generate::{Ctx, overlaps};
use serde::Serialize;
use std::fmt;

const DAY: i64 = 86_400;
/// Longest window one call may ask for; bounds the work of a call.
pub const MAX_WINDOW_SECS: i64 = 31 * DAY;
/// Recording bitrate: 1 Mbit/s. Segment sizes and SD card use follow from it.
pub const BYTES_PER_SEC: u64 = 125_000;
/// SD card sizes are in MiB.
const MB: u64 = 1 << 20;

/// Everything one device's timeline depends on; borrowed, cheap to build per call.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The world's seed.
    pub seed: u64,
    /// Unique in the world, e.g. "gwell/7000000000001".
    pub device: &'a str,
    pub settings: &'a TimelineSettings,
    /// The device's state now.
    pub online: bool,
    /// When `online` last changed, Unix seconds.
    pub online_changed_at: i64,
    /// World clock, Unix seconds.
    pub now: i64,
    pub overlay: &'a Overlay,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    pub segments: Vec<Segment>,
    pub events: Vec<Event>,
    pub pictures: Vec<Picture>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentCause {
    Continuous,
    Event,
    Raised,
}

/// A recording, `[start, end)`; one still recording ends at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    pub id: String,
    /// `YYYYMMDD_HHMMSS.mp4` in the camera's time zone, unless renamed.
    pub name: String,
    pub start: i64,
    pub end: i64,
    pub cause: SegmentCause,
    pub event_id: Option<String>,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    /// `kind.code()`, for vendors that speak numbers.
    pub code: u32,
    pub start: i64,
    /// Whole duration, even while the event is still going on at `now`.
    pub duration_secs: u32,
    pub picture_id: String,
    /// Raised through the overlay rather than generated.
    pub raised: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PictureCause {
    Event,
    Snapshot,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Picture {
    pub id: String,
    pub at: i64,
    pub cause: PictureCause,
    pub event_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SdStatus {
    /// No card (`sdCardMb: 0`).
    None,
    /// Room left.
    Normal,
    /// Full: the camera loops, overwriting its oldest recordings.
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SdCard {
    pub capacity_mb: u64,
    pub used_mb: u64,
    /// Start of the oldest recording still on the card.
    pub oldest: Option<i64>,
    pub formatted_at: Option<i64>,
    pub status: SdStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    Reversed { from: i64, to: i64 },
    TooLong { from: i64, to: i64 },
}

impl fmt::Display for WindowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WindowError::Reversed { from, to } => {
                write!(f, "the window starts ({from}) after it ends ({to})")
            }
            WindowError::TooLong { from, to } => write!(
                f,
                "the window from {from} to {to} is longer than 31 days ({MAX_WINDOW_SECS} seconds)"
            ),
        }
    }
}

impl std::error::Error for WindowError {}

/// The picture taken at an event's start.
fn picture_id(event_id: &str) -> String {
    format!("{event_id}-p")
}

/// `YYYYMMDD_HHMMSS.mp4` in the camera's time zone.
fn local_name(start: i64, offset_secs: i64) -> String {
    match chrono::DateTime::from_timestamp(start.saturating_add(offset_secs), 0) {
        Some(t) => t.format("%Y%m%d_%H%M%S.mp4").to_string(),
        None => format!("{start}.mp4"),
    }
}

/// `[from, to)` if it is a window one call may ask for, clamped to the clock's range (nothing
/// exists outside it; clamping keeps all later arithmetic small).
fn checked_window(from: i64, to: i64) -> Result<(i64, i64), WindowError> {
    if from > to {
        return Err(WindowError::Reversed { from, to });
    }
    if to.checked_sub(from).is_none_or(|d| d > MAX_WINDOW_SECS) {
        return Err(WindowError::TooLong { from, to });
    }
    Ok((
        from.clamp(MIN_SECS, MAX_SECS + 1),
        to.clamp(MIN_SECS, MAX_SECS + 1),
    ))
}

/// The recordings overlapping `[from, to)` as `(start, end)`, sorted: `window`'s segments
/// without their ids and names, for a vendor that answers only times (building a name per
/// segment was most of the cost of a day's time line).
pub fn recorded_spans(
    src: &Source<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>, WindowError> {
    let (from, to) = checked_window(from, to)?;
    let ctx = Ctx::new(src, from, to);
    let mut out = Vec::new();
    ctx.each_segment(from, to, |seg| out.push((seg.start, seg.end)));
    out.sort_unstable();
    Ok(out)
}

/// Items overlapping `[from, to)`, whole (never clipped to the window), each list sorted by
/// start then id. Never later than `now`, never older than `now - retention`.
pub fn window(src: &Source<'_>, from: i64, to: i64) -> Result<Window, WindowError> {
    let (from, to) = checked_window(from, to)?;
    let ctx = Ctx::new(src, from, to);
    let overlay = src.overlay;
    let mut out = Window::default();

    ctx.each_segment(from, to, |seg| {
        let mut id = String::new();
        ctx.write_segment_id(&mut id, &seg);
        let name = match overlay.name(&id) {
            Some(name) => name.to_string(),
            None => local_name(seg.start, ctx.offset_secs),
        };
        out.segments.push(Segment {
            name,
            start: seg.start,
            end: seg.end,
            cause: seg.cause,
            event_id: ctx.segment_event_id(&seg),
            bytes: segment_bytes(seg.start, seg.end),
            id,
        });
    });

    let add_event = |event: Event, out: &mut Window| {
        let end = event.start.saturating_add(i64::from(event.duration_secs));
        if (from..to).contains(&event.start) {
            out.pictures.push(Picture {
                id: event.picture_id.clone(),
                at: event.start,
                cause: PictureCause::Event,
                event_id: Some(event.id.clone()),
            });
        }
        if overlaps(event.start, end, from, to) {
            out.events.push(event);
        }
    };
    ctx.each_event(from.saturating_sub(i64::from(MAX_EVENT_SECS)), to, |e| {
        let mut id = String::new();
        ctx.write_event_id(&mut id, &e);
        if !overlay.deleted_event(&id) {
            let event = Event {
                picture_id: picture_id(&id),
                id,
                kind: e.kind,
                code: e.kind.code(),
                start: e.start,
                duration_secs: e.duration,
                raised: false,
            };
            add_event(event, &mut out);
        }
    });
    for (_, r) in ctx.raised() {
        if !overlay.deleted_event(&r.event.id) {
            add_event(r.event.clone(), &mut out);
        }
    }
    for p in overlay.snapshots() {
        if (from..to).contains(&p.at) && p.at >= ctx.keep_from && p.at <= ctx.now {
            out.pictures.push(p.clone());
        }
    }

    out.segments
        .sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    out.events
        .sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    out.pictures
        .sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    Ok(out)
}

/// Offline periods `[start, end)` meeting `[from, to)`, whole, in order (one still going on
/// ends at `i64::MAX`): generated gaps, the period around the current state's last change and
/// run-time changes, as `window` leaves them empty. Vendors that report a device's offline and
/// online messages read them here; retention is theirs to apply.
pub fn offline_periods(
    src: &Source<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>, WindowError> {
    let (from, to) = checked_window(from, to)?;
    let tag = seed::device_tag(src.seed, src.device);
    let offline = offline::Offline::build(src, tag, from, to);
    Ok(offline
        .spans()
        .iter()
        .copied()
        .filter(|&(s, e)| generate::overlaps(s, e, from, to))
        .collect())
}

fn segment_bytes(start: i64, end: i64) -> u64 {
    u64::try_from(end.saturating_sub(start))
        .unwrap_or(0)
        .saturating_mul(BYTES_PER_SEC)
}
