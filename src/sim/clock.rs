//! A world's clock: real time plus an offset, or frozen at an instant. It is the only place in
//! camsim that reads the system time for world semantics (signature windows, nonce memory, rate
//! limits, package expiry). Injected delays use real time and do not come through here.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};

/// How a clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Real { offset_ms: i64 },
    Frozen { at_ms: i64 },
}

impl Mode {
    /// One word: the value shifted left, the low bit set when frozen. Every request reads the
    /// clock several times; an atomic load costs nothing, a contended lock does.
    fn pack(self) -> i64 {
        match self {
            Mode::Real { offset_ms } => offset_ms << 1,
            Mode::Frozen { at_ms } => (at_ms << 1) | 1,
        }
    }

    /// What the clock reads in this mode when the system clock reads `system_ms`.
    fn reading(self, system_ms: i64) -> i64 {
        match self {
            Mode::Real { offset_ms } => system_ms.saturating_add(offset_ms),
            Mode::Frozen { at_ms } => at_ms,
        }
    }

    fn unpack(word: i64) -> Mode {
        if word & 1 == 1 {
            Mode::Frozen { at_ms: word >> 1 }
        } else {
            Mode::Real {
                offset_ms: word >> 1,
            }
        }
    }
}

/// The world-time range camsim accepts, in Unix seconds: 0001-01-01 to 9999-12-31, what
/// RFC 3339 can write. Every instant and span a client gives is checked against it, so world
/// arithmetic (`now + delta`, seconds to milliseconds, the packed clock word) cannot overflow.
pub const MIN_SECS: i64 = -62_135_596_800;
pub const MAX_SECS: i64 = 253_402_300_799;
/// The longest span that keeps an instant inside the range.
pub const MAX_SPAN_SECS: i64 = MAX_SECS - MIN_SECS;

/// Whether a world-clock reading in milliseconds lies in the accepted range.
pub fn in_range_ms(ms: i64) -> bool {
    (MIN_SECS * 1000..=MAX_SECS * 1000 + 999).contains(&ms)
}

/// A clock change that would leave the accepted range; nothing was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the world clock must stay between {} and {}",
            format_ms(MIN_SECS * 1000),
            format_ms(MAX_SECS * 1000)
        )
    }
}

#[derive(Debug)]
pub struct Clock {
    mode: AtomicI64,
}

/// What the control API shows of a clock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClockView {
    pub mode: ClockMode,
    pub now: String,
    #[serde(rename = "nowMs")]
    pub now_ms: i64,
    #[serde(rename = "offsetMs")]
    pub offset_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ClockMode {
    #[default]
    Real,
    Frozen,
}

/// The system clock in Unix milliseconds (read on every request: no calendar conversion).
pub fn system_now_ms() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

pub fn format_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Clock {
    pub fn frozen_at(at_ms: i64) -> Clock {
        Clock::with_mode(Mode::Frozen { at_ms })
    }

    /// A running clock that reads `start_ms` right now.
    pub fn real_from(start_ms: i64) -> Clock {
        Clock::with_mode(Mode::Real {
            offset_ms: start_ms.saturating_sub(system_now_ms()),
        })
    }

    pub fn real_with_offset(offset_ms: i64) -> Clock {
        Clock::with_mode(Mode::Real { offset_ms })
    }

    fn with_mode(mode: Mode) -> Clock {
        Clock {
            mode: AtomicI64::new(mode.pack()),
        }
    }

    fn mode(&self) -> Mode {
        Mode::unpack(self.mode.load(Ordering::Acquire))
    }

    /// Replaces the mode with `change(current)` unless that leaves the accepted range;
    /// changes come from the control API only.
    fn update(&self, change: impl Fn(Mode) -> Option<Mode>) -> Result<(), OutOfRange> {
        self.mode
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |word| {
                change(Mode::unpack(word))
                    .filter(|mode| in_range_ms(mode.reading(system_now_ms())))
                    .map(Mode::pack)
            })
            .map(drop)
            .map_err(|_| OutOfRange)
    }

    pub fn now_ms(&self) -> i64 {
        self.mode().reading(system_now_ms())
    }

    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock to `at_ms`, keeping its mode (a running clock keeps running from there).
    pub fn set(&self, at_ms: i64) -> Result<(), OutOfRange> {
        if !in_range_ms(at_ms) {
            return Err(OutOfRange);
        }
        self.update(|mode| {
            Some(match mode {
                Mode::Real { .. } => Mode::Real {
                    offset_ms: at_ms.checked_sub(system_now_ms())?,
                },
                Mode::Frozen { .. } => Mode::Frozen { at_ms },
            })
        })
    }

    pub fn advance(&self, delta_ms: i64) -> Result<(), OutOfRange> {
        self.update(|mode| {
            Some(match mode {
                Mode::Real { offset_ms } => Mode::Real {
                    offset_ms: offset_ms.checked_add(delta_ms)?,
                },
                Mode::Frozen { at_ms } => Mode::Frozen {
                    at_ms: at_ms.checked_add(delta_ms)?,
                },
            })
        })
    }

    /// Freezes at the current reading, or lets a frozen clock run on from where it stands.
    pub fn set_frozen(&self, frozen: bool) {
        // The reading does not move, so the range check cannot fail.
        let _ = self.update(|mode| {
            Some(match (mode, frozen) {
                (Mode::Real { .. }, true) => Mode::Frozen {
                    at_ms: mode.reading(system_now_ms()),
                },
                (Mode::Frozen { at_ms }, false) => Mode::Real {
                    offset_ms: at_ms.saturating_sub(system_now_ms()),
                },
                (unchanged, _) => unchanged,
            })
        });
    }

    pub fn view(&self) -> ClockView {
        let system_ms = system_now_ms();
        let mode = self.mode();
        let now_ms = mode.reading(system_ms);
        ClockView {
            mode: match mode {
                Mode::Real { .. } => ClockMode::Real,
                Mode::Frozen { .. } => ClockMode::Frozen,
            },
            now: format_ms(now_ms),
            now_ms,
            offset_ms: now_ms.saturating_sub(system_ms),
        }
    }

    /// Takes over another clock's state (used by a world reset).
    pub fn restore_from(&self, other: &Clock) {
        self.mode
            .store(other.mode.load(Ordering::Acquire), Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_told() {
        let clock = Clock::frozen_at(1_000_000);
        assert_eq!(clock.now_ms(), 1_000_000);
        assert_eq!(clock.advance(-600_000), Ok(()));
        assert_eq!(clock.now_ms(), 400_000);
        assert_eq!(clock.set(5_000), Ok(()));
        assert_eq!(clock.now_secs(), 5);
    }

    #[test]
    fn negative_offsets_and_instants_survive_packing() {
        for mode in [
            Mode::Real {
                offset_ms: -600_000,
            },
            Mode::Frozen { at_ms: -5 },
            Mode::Frozen {
                at_ms: 1_795_334_400_000,
            },
        ] {
            assert_eq!(Mode::unpack(mode.pack()), mode);
        }
    }

    #[test]
    fn unfreezing_runs_on_from_the_frozen_instant() {
        let clock = Clock::frozen_at(1_000_000);
        clock.set_frozen(false);
        let now = clock.now_ms();
        assert!((1_000_000..1_010_000).contains(&now), "{now}");
    }

    #[test]
    fn a_change_past_the_range_is_refused_and_changes_nothing() {
        let clock = Clock::frozen_at(1_000_000);
        assert_eq!(clock.advance(i64::MAX), Err(OutOfRange));
        assert_eq!(clock.advance(i64::MIN), Err(OutOfRange));
        assert_eq!(clock.set(i64::MAX), Err(OutOfRange));
        assert_eq!(clock.now_ms(), 1_000_000);
        let running = Clock::real_with_offset(0);
        assert_eq!(running.advance(MAX_SPAN_SECS * 1000), Err(OutOfRange));
        assert_eq!(running.set(MAX_SECS * 1000), Ok(()));
        assert!(running.now_ms() >= MAX_SECS * 1000);
    }
}
