//! How OneNET writes and reads times: `YYYY-MM-DD HH:MM:SS` (and the day-only `YYYY-MM-DD`
//! that section 17 also takes), in China Standard Time. The seed never names a zone; the
//! platform is in Beijing and its examples read as local times there (proposal: UTC+8 for every
//! formatted time of the API, kept here only).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// UTC+8, seconds.
pub const UTC_OFFSET_SECS: i32 = 8 * 3600;

fn zone() -> FixedOffset {
    // 8 hours is always a valid offset.
    FixedOffset::east_opt(UTC_OFFSET_SECS).unwrap_or(FixedOffset::east_opt(0).expect("zero"))
}

/// `2019-04-29 12:00:01` for Unix seconds `secs` (clamped into chrono's range). Written
/// field by field: listings format thousands of times, and chrono's `format` parses its
/// pattern every call.
pub fn format_time(secs: i64) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    let Some(t) = DateTime::from_timestamp(secs, 0) else {
        return String::from("1970-01-01 08:00:00");
    };
    let t = t.with_timezone(&zone());
    let mut out = String::with_capacity(19);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    out
}

/// `2019-04-29` for Unix seconds `secs`.
pub fn format_day(secs: i64) -> String {
    match DateTime::from_timestamp(secs, 0) {
        Some(t) => t.with_timezone(&zone()).format("%Y-%m-%d").to_string(),
        None => String::from("1970-01-01"),
    }
}

/// Which form a parsed time was written in: section 17 reads a day-only end as "the start of
/// the next day".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Day,
    Second,
}

/// Unix seconds of `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (the start of that day), read in
/// UTC+8; `None` for anything else. Surrounding blanks are ignored, as a form field's are.
pub fn parse_time(text: &str) -> Option<(i64, Written)> {
    let text = text.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Some((
            zone().from_local_datetime(&t).single()?.timestamp(),
            Written::Second,
        ));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let start = zone()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()?;
    Some((start.timestamp(), Written::Day))
}

/// The start of the UTC+8 day holding `secs`.
pub fn day_start(secs: i64) -> i64 {
    let offset = i64::from(UTC_OFFSET_SECS);
    secs.saturating_add(offset)
        .div_euclid(86_400)
        .saturating_mul(86_400)
        .saturating_sub(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_and_read_in_china_standard_time() {
        // 2019-12-31 00:00:00 +08:00
        let secs = 1_577_721_600;
        assert_eq!(format_time(secs), "2019-12-31 00:00:00");
        assert_eq!(format_day(secs), "2019-12-31");
        assert_eq!(
            parse_time("2019-12-31 00:00:00"),
            Some((secs, Written::Second))
        );
        assert_eq!(parse_time("2019-12-31"), Some((secs, Written::Day)));
        assert_eq!(day_start(secs + 3_000), secs);
        assert_eq!(parse_time("2019-12-31T00:00:00"), None);
        assert_eq!(parse_time("2019-02-30"), None);
        assert_eq!(parse_time(""), None);
    }
}
