//! Recordings on the TF card: the paged query (cmdId 10) and a recording's cover picture
//! (cmdId 43). The card holds the timeline's segments since its oldest kept recording (the
//! later of its last format and the retention start, or later once it has looped); the
//! timeline is read in windows of at most 31 days.

use super::payload::{Fields, Invalid};
use crate::sim::timeline::{
    self, EventKind, MAX_WINDOW_SECS, SdCard, Segment, SegmentCause, Source,
};
use crate::vendors::onenet::{alarm_types, time};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// The seed's default page size.
pub const DEFAULT_PER_PAGE: i64 = 20;
/// Proposal: the largest page a device fills (as the platform's own lists allow).
pub const MAX_PER_PAGE: i64 = 100;
/// Each window reaches this far beyond its part so that a segment's event is always in it.
const MARGIN_SECS: i64 = 3600;
const PART_SECS: i64 = MAX_WINDOW_SECS - 2 * MARGIN_SECS;

/// cmdId 10's `cmd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    /// 0 for every recording.
    pub warn_type: i64,
    pub page: i64,
    pub per_page: i64,
    pub from: i64,
    pub to: i64,
}

/// Reads cmdId 10's optional `cmd`: `warn_type` (0 or absent: all), `page` from 1, `per_page`
/// 1–100 (20 when absent), optional `start_time` and `end_time`.
pub fn parse_query(cmd: Option<&Value>) -> Result<Query, Invalid> {
    let Some(f) = Fields::optional(cmd)? else {
        return Ok(Query {
            warn_type: 0,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            from: i64::MIN,
            to: i64::MAX,
        });
    };
    let (from, to) = range(f, false)?;
    Ok(Query {
        warn_type: f.int("warn_type", 0..=i64::from(u32::MAX))?.unwrap_or(0),
        page: f.int("page", 1..=i64::MAX)?.unwrap_or(1),
        per_page: f
            .int("per_page", 1..=MAX_PER_PAGE)?
            .unwrap_or(DEFAULT_PER_PAGE),
        from,
        to,
    })
}

/// `[from, to)` of `start_time` and `end_time` (both required when `required`); a day-only
/// end takes in the whole day.
pub fn range(f: Fields<'_>, required: bool) -> Result<(i64, i64), Invalid> {
    let read = |key: &str| match f.text(key, 19)? {
        Some(text) => time::parse_time(text).map(Some).ok_or(Invalid),
        None if required => Err(Invalid),
        None => Ok(None),
    };
    let from = read("start_time")?.map_or(i64::MIN, |(secs, _)| secs);
    let to = read("end_time")?.map_or(i64::MAX, |(secs, written)| match written {
        time::Written::Day => secs.saturating_add(86_400),
        time::Written::Second => secs.saturating_add(1),
    });
    if from >= to {
        return Err(Invalid);
    }
    Ok((from, to))
}

/// A page of cmdId 10: the number of matching recordings and the page's `rvods`, oldest first.
pub fn list(src: &Source<'_>, card: &SdCard, q: &Query) -> (u64, Vec<Value>) {
    let per_page = q.per_page.unsigned_abs();
    let skip = q
        .page
        .saturating_sub(1)
        .unsigned_abs()
        .saturating_mul(per_page);
    let mut count: u64 = 0;
    let mut page = Vec::new();
    each_recording(src, card, q.from, q.to, |seg, warn_type| {
        if q.warn_type == 0 || i64::from(warn_type) == q.warn_type {
            if count >= skip && count - skip < per_page {
                page.push(rvod(seg, warn_type));
            }
            count = count.saturating_add(1);
        }
        ControlFlow::Continue(())
    });
    (count, page)
}

fn rvod(seg: &Segment, warn_type: u32) -> Value {
    json!({
        "warn_type": warn_type,
        "video_desc": seg.name,
        "size": seg.bytes,
        "start_time": time::format_time(seg.start),
        "end_time": time::format_time(seg.end),
    })
}

/// The start of the oldest recording on the card overlapping `[from, to)`.
pub fn first_start(src: &Source<'_>, card: &SdCard, from: i64, to: i64) -> Option<i64> {
    let mut found = None;
    each_recording(src, card, from, to, |seg, _| {
        found = Some(seg.start);
        ControlFlow::Break(())
    });
    found
}

/// Each recording on the card overlapping `[from, to)`, oldest first, with its `warn_type`,
/// until `f` breaks.
fn each_recording(
    src: &Source<'_>,
    card: &SdCard,
    from: i64,
    to: i64,
    mut f: impl FnMut(&Segment, u32) -> ControlFlow<()>,
) {
    let Some(oldest) = card.oldest else {
        return;
    };
    let end = to.min(src.now.saturating_add(1));
    let mut part = from.max(oldest);
    let mut first = true;
    while part < end {
        let part_end = part.saturating_add(PART_SECS).min(end);
        let w = timeline::window(
            src,
            part.saturating_sub(MARGIN_SECS),
            part_end.saturating_add(MARGIN_SECS),
        )
        .unwrap_or_default();
        let kinds: BTreeMap<&str, EventKind> =
            w.events.iter().map(|e| (e.id.as_str(), e.kind)).collect();
        for seg in &w.segments {
            // A segment that began before this part was met in the previous one.
            let starts_here = if first {
                seg.start >= oldest
            } else {
                seg.start >= part
            };
            let on_card_here = starts_here && seg.start < part_end && seg.end > part;
            if on_card_here && f(seg, warn_type(seg, &kinds)).is_break() {
                return;
            }
        }
        first = false;
        part = part_end;
    }
}

/// 0 for a continuous recording, the alarm type of the event that caused it otherwise
/// (`alarm_types::OTHER` once that event is deleted).
fn warn_type(seg: &Segment, kinds: &BTreeMap<&str, EventKind>) -> u32 {
    if seg.cause == SegmentCause::Continuous {
        return 0;
    }
    seg.event_id
        .as_deref()
        .and_then(|id| kinds.get(id))
        .map_or(alarm_types::OTHER, |kind| alarm_types::alarm_type(*kind))
}
