//! Weekly schedules (the `time` arrays of cmdIds 26/27 and 80–92): a weekday (0 Sunday … 6
//! Saturday) and a daily `HH:MM:SS` span. Read from and written to the wire here only.

use super::payload::{Fields, Invalid};
use serde_json::{Value, json};

/// Proposal: at most 4 spans a day over the week; a longer list is refused as a command error,
/// which bounds what a device keeps.
pub const MAX_SPANS: usize = 28;

/// One daily span, `[start, end]`, seconds since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub weekday: u8,
    pub start: u32,
    pub end: u32,
}

/// Every day, all day: the schedule a device ships with.
pub fn always() -> Vec<Span> {
    (0..7)
        .map(|weekday| Span {
            weekday,
            start: 0,
            end: 86_399,
        })
        .collect()
}

/// Seconds since midnight of `HH:MM:SS` (24-hour clock, two digits each).
pub fn parse_clock(text: &str) -> Option<u32> {
    let mut parts = text.split(':');
    let mut next = |max: u32| {
        let part = parts.next()?;
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse::<u32>().ok().filter(|n| *n <= max)
    };
    let (h, m, s) = (next(23)?, next(59)?, next(59)?);
    if parts.next().is_some() {
        return None;
    }
    Some(h * 3600 + m * 60 + s)
}

/// `HH:MM:SS` of seconds since midnight.
pub fn format_clock(secs: u32) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// A `time` array; each span must start before it ends (proposal: a span past midnight is
/// written as two).
pub fn parse(items: &[Value]) -> Result<Vec<Span>, Invalid> {
    if items.len() > MAX_SPANS {
        return Err(Invalid);
    }
    items.iter().map(parse_span).collect()
}

fn parse_span(item: &Value) -> Result<Span, Invalid> {
    let f = Fields::of(Some(item))?;
    let weekday = f.required_int("weekday", 0..=6)?;
    let clock = |key: &str| f.text(key, 8)?.and_then(parse_clock).ok_or(Invalid);
    let (start, end) = (clock("start_time")?, clock("end_time")?);
    if start >= end {
        return Err(Invalid);
    }
    Ok(Span {
        weekday: u8::try_from(weekday).map_err(|_| Invalid)?,
        start,
        end,
    })
}

/// The wire form of a schedule.
pub fn to_json(spans: &[Span]) -> Value {
    spans
        .iter()
        .map(|s| {
            json!({
                "weekday": s.weekday,
                "start_time": format_clock(s.start),
                "end_time": format_clock(s.end),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_are_two_digit_24_hour() {
        assert_eq!(parse_clock("00:00:00"), Some(0));
        assert_eq!(parse_clock("23:59:59"), Some(86_399));
        assert_eq!(format_clock(86_399), "23:59:59");
        for bad in [
            "24:00:00",
            "1:00:00",
            "12:60:00",
            "12:00",
            "12:00:00:00",
            "１２:00:00",
            "",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }
}
