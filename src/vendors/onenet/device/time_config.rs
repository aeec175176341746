//! The device clock (cmdIds 28 get / 29 set): manual (a wall time the user set, which then runs
//! with the world clock) or NTP (time zone, server, port). Times are written with `time.rs`
//! (`YYYY-MM-DD HH:MM:SS`, UTC+8) although seed 003's placeholder reads `YYYY-MM-DD HH-MM-SS`;
//! a set takes either form.

use super::payload::{Fields, Invalid, update};
use crate::vendors::onenet::time;
use serde_json::{Value, json};

/// Proposal: the longest NTP server name taken, in characters.
pub const MAX_SERVER_CHARS: usize = 128;
/// Farthest from UTC a device's clock is drawn, minutes: the test card draws offsets of less
/// than a day, so a manual clock set days away shows a day's offset at most.
const MAX_CLOCK_SKEW_MINUTES: i32 = 24 * 60 - 1;
/// Time zones a device offers, in whole hours east of UTC.
const ZONES: std::ops::RangeInclusive<i64> = -12..=14;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeConfig {
    /// 1 manual, 2 NTP.
    pub mode: i64,
    /// Manual mode: device time minus world time, seconds.
    pub offset: i64,
    /// Hours east of UTC.
    pub zone: i64,
    pub server: String,
    pub port: i64,
}

impl Default for TimeConfig {
    /// NTP from a public Chinese pool, in China Standard Time.
    fn default() -> TimeConfig {
        TimeConfig {
            mode: 2,
            offset: 0,
            zone: 8,
            server: "cn.pool.ntp.org".to_string(),
            port: 123,
        }
    }
}

impl TimeConfig {
    /// How far east of UTC the device's clock reads, minutes: its zone under NTP; in manual
    /// mode the wall time set, which `time.rs` writes in UTC+8.
    pub fn utc_offset_minutes(&self) -> i32 {
        let minutes = if self.mode == 1 {
            (self.offset / 60).saturating_add(i64::from(time::UTC_OFFSET_SECS / 60))
        } else {
            self.zone.saturating_mul(60)
        };
        let bound = i64::from(MAX_CLOCK_SKEW_MINUTES);
        i32::try_from(minutes.clamp(-bound, bound)).unwrap_or(0)
    }

    /// The `cmd` object of cmdId 28 at world time `now`.
    pub fn to_json(&self, now: i64) -> Value {
        if self.mode == 1 {
            json!({ "mode": 1, "time": time::format_time(now.saturating_add(self.offset)) })
        } else {
            json!({
                "mode": 2,
                "timezone": format!("{:+}", self.zone),
                "syncserver": self.server,
                "port": self.port,
            })
        }
    }

    /// Applies cmdId 29's `cmd` at world time `now`: `mode` required; manual mode takes `time`,
    /// NTP mode `timezone`, `syncserver`, `port` (each optional, absent keeps its value).
    pub fn apply(&mut self, cmd: Option<&Value>, now: i64) -> Result<(), Invalid> {
        let f = Fields::of(cmd)?;
        let mode = f.required_int("mode", 1..=2)?;
        if mode == 1 {
            if let Some(text) = f.text("time", 19)? {
                self.offset = parse_wall_time(text)?.saturating_sub(now);
            } else if self.mode != 1 {
                self.offset = 0;
            }
        } else {
            if let Some(zone) = f.text("timezone", 3)? {
                self.zone = parse_zone(zone)?;
            }
            if let Some(server) = f.text("syncserver", MAX_SERVER_CHARS)? {
                if server.trim().is_empty() {
                    return Err(Invalid);
                }
                self.server = server.to_string();
            }
            update(&mut self.port, f.int("port", 1..=65_535)?);
            // NTP sets the clock right again.
            self.offset = 0;
        }
        self.mode = mode;
        Ok(())
    }
}

/// Unix seconds of `YYYY-MM-DD HH:MM:SS` or seed 003's `YYYY-MM-DD HH-MM-SS`.
fn parse_wall_time(text: &str) -> Result<i64, Invalid> {
    let normal: String = text
        .chars()
        .enumerate()
        .map(|(i, c)| if i > 10 && c == '-' { ':' } else { c })
        .collect();
    match time::parse_time(&normal) {
        Some((secs, time::Written::Second)) => Ok(secs),
        _ => Err(Invalid),
    }
}

/// `+8`, `-5`, `8` or `+0` as whole hours east of UTC.
fn parse_zone(text: &str) -> Result<i64, Invalid> {
    let (sign, digits) = match (text.strip_prefix('+'), text.strip_prefix('-')) {
        (Some(d), _) => (1, d),
        (_, Some(d)) => (-1, d),
        _ => (1, text),
    };
    if !(1..=2).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid);
    }
    digits
        .parse::<i64>()
        .ok()
        .map(|z| sign * z)
        .filter(|z| ZONES.contains(z))
        .ok_or(Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_offset_is_the_zone_or_the_manual_wall_time_within_a_day() {
        let ntp = |zone| TimeConfig {
            zone,
            ..TimeConfig::default()
        };
        let manual = |offset| TimeConfig {
            mode: 1,
            offset,
            ..TimeConfig::default()
        };
        assert_eq!(TimeConfig::default().utc_offset_minutes(), 480);
        assert_eq!(ntp(-5).utc_offset_minutes(), -300);
        assert_eq!(
            manual(3600).utc_offset_minutes(),
            540,
            "an hour ahead of UTC+8"
        );
        assert_eq!(manual(-8 * 3600).utc_offset_minutes(), 0);
        assert_eq!(manual(i64::MAX).utc_offset_minutes(), 24 * 60 - 1);
        assert_eq!(manual(i64::MIN).utc_offset_minutes(), -(24 * 60 - 1));
    }
}
