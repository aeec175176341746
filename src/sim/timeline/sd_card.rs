//! Summaries over the whole retention period, computed on demand: what the SD card holds and
//! which local days have recordings. Each walks up to a year of segments without building ids.

use super::generate::Ctx;
use super::{DAY, MB, SdCard, SdStatus, Source, segment_bytes};
use chrono::NaiveDate;

/// The card holds the recordings since the later of its last format and the retention start;
/// when they exceed its capacity it has looped, keeping only the newest that fit.
pub fn sd_card(src: &Source<'_>) -> SdCard {
    let capacity_mb = src.settings.sd_card_mb;
    let formatted_at = src.overlay.formatted_at();
    if capacity_mb == 0 {
        return SdCard {
            capacity_mb,
            used_mb: 0,
            oldest: None,
            formatted_at,
            status: SdStatus::None,
        };
    }
    let ctx = Ctx::new(src, i64::MIN, i64::MAX);
    let since = formatted_at.map_or(ctx.keep_from, |f| f.max(ctx.keep_from));
    let mut held: Vec<(i64, u64)> = Vec::new();
    ctx.each_segment(since, ctx.now.saturating_add(1), |seg| {
        if seg.start >= since {
            held.push((seg.start, segment_bytes(seg.start, seg.end)));
        }
    });
    held.sort_unstable();
    let capacity = capacity_mb.saturating_mul(MB);
    let total = held.iter().fold(0u64, |sum, s| sum.saturating_add(s.1));
    if total <= capacity {
        return SdCard {
            capacity_mb,
            used_mb: total / MB,
            oldest: held.first().map(|s| s.0),
            formatted_at,
            status: SdStatus::Normal,
        };
    }
    // Newest first until the card is full; the newest is kept (partly) even if alone too big.
    let mut used = 0u64;
    let mut oldest = held.last().map(|s| s.0);
    for &(start, bytes) in held.iter().rev() {
        used = used.saturating_add(bytes);
        if used > capacity {
            break;
        }
        oldest = Some(start);
    }
    SdCard {
        capacity_mb,
        used_mb: capacity_mb,
        oldest,
        formatted_at,
        status: SdStatus::Full,
    }
}

/// Local dates (camera's time zone) within retention with at least part of a segment, in order.
pub fn recorded_days(src: &Source<'_>) -> Vec<NaiveDate> {
    let ctx = Ctx::new(src, i64::MIN, i64::MAX);
    let mut days: Vec<i64> = Vec::new();
    ctx.each_segment(ctx.keep_from, ctx.now.saturating_add(1), |seg| {
        // Segments are shorter than a day: their first and last second name every day they touch.
        for t in [seg.start, seg.end - 1] {
            let day = (t + ctx.offset_secs).div_euclid(DAY);
            if days.last() != Some(&day) {
                days.push(day);
            }
        }
    });
    days.sort_unstable();
    days.dedup();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    days.into_iter()
        .filter_map(|d| epoch.checked_add_signed(chrono::TimeDelta::try_days(d)?))
        .collect()
}
