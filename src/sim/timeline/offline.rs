//! When a camera was offline: a few generated gaps (seeded per UTC day), the period around the
//! last change of the state it started in, and run-time changes from the overlay. Nothing generated is
//! recorded or detected in these periods.

use super::seed::{Purpose, rng};
use super::{DAY, Source};

/// Share of UTC days with one generated gap.
const GAP_CHANCE: f64 = 0.15;
const GAP_SECS: (i64, i64) = (300, 3 * 3600);
/// How long a device now online had been offline before it came back.
const RETURN_SECS: (i64, i64) = (300, 7200);
/// Most days a build looks at; callers never need more (retention ≤ 365 days plus margins).
const MAX_DAYS: i64 = 400;

/// Sorted, merged offline periods `[start, end)` that overlap the range they were built for.
#[derive(Debug)]
pub struct Offline {
    spans: Vec<(i64, i64)>,
}

impl Offline {
    /// Every offline period overlapping `[lo, hi)` (at most `MAX_DAYS` of generated gaps).
    pub fn build(src: &Source<'_>, tag: u64, lo: i64, hi: i64) -> Offline {
        let lo = lo.max(hi.saturating_sub(MAX_DAYS * DAY));
        let mut spans = Vec::new();
        let mut keep = |s: i64, e: i64| {
            if s < e && s < hi && e > lo {
                spans.push((s, e));
            }
        };
        // A gap is shorter than a day, so the day before `lo` is the only earlier one to look at.
        let first = lo.div_euclid(DAY).saturating_sub(1);
        let last = hi.saturating_sub(1).div_euclid(DAY);
        for day in first..=last {
            let mut r = rng(tag, Purpose::Gap, day);
            if r.chance(GAP_CHANCE) {
                let start = day
                    .saturating_mul(DAY)
                    .saturating_add(r.between(0, DAY - 1));
                keep(
                    start,
                    start.saturating_add(r.between(GAP_SECS.0, GAP_SECS.1)),
                );
            }
        }
        // The state the camera started in; run-time changes are the overlay's transitions.
        let (online, changed) = src
            .overlay
            .origin()
            .unwrap_or((src.online, src.online_changed_at));
        if online {
            let mut r = rng(tag, Purpose::Return, changed);
            let len = r.between(RETURN_SECS.0, RETURN_SECS.1);
            keep(changed.saturating_sub(len), changed);
        } else {
            keep(
                changed,
                src.overlay.online_again(changed).unwrap_or(i64::MAX),
            );
        }
        for (s, e) in src.overlay.offline_periods() {
            keep(s, e);
        }
        spans.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Offline { spans: merged }
    }

    /// Index of the first span ending after `t`.
    fn first_after(&self, t: i64) -> usize {
        self.spans.partition_point(|&(_, e)| e <= t)
    }

    /// Whether `[s, e)` meets an offline period.
    pub fn overlaps(&self, s: i64, e: i64) -> bool {
        self.spans
            .get(self.first_after(s))
            .is_some_and(|&(start, _)| start < e)
    }

    /// The online pieces of `[s, e)`, in order.
    pub fn online_pieces(&self, s: i64, e: i64, mut f: impl FnMut(i64, i64)) {
        let mut cur = s;
        for &(start, end) in &self.spans[self.first_after(s)..] {
            if start >= e || cur >= e {
                break;
            }
            if start > cur {
                f(cur, start);
            }
            cur = cur.max(end);
        }
        if cur < e {
            f(cur, e);
        }
    }

    pub fn spans(&self) -> &[(i64, i64)] {
        &self.spans
    }
}
