//! A world's clock: real time plus an offset, or frozen at an instant. It is the only place in
//! camsim that reads the system time for world semantics (signature windows, nonce memory, rate
//! limits, package expiry). Injected delays use real time and do not come through here.

use chrono::{DateTime, SecondsFormat, Utc};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

/// How a clock runs; `Copy` so a reading never holds the lock for longer than a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Real { offset_ms: i64 },
    Frozen { at_ms: i64 },
}

#[derive(Debug)]
pub struct Clock {
    mode: Mutex<Mode>,
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

pub fn system_now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

pub fn format_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Clock {
    pub fn real() -> Clock {
        Clock::with_mode(Mode::Real { offset_ms: 0 })
    }

    pub fn frozen_at(at_ms: i64) -> Clock {
        Clock::with_mode(Mode::Frozen { at_ms })
    }

    /// A running clock that reads `start_ms` right now.
    pub fn real_from(start_ms: i64) -> Clock {
        Clock::with_mode(Mode::Real {
            offset_ms: start_ms - system_now_ms(),
        })
    }

    pub fn real_with_offset(offset_ms: i64) -> Clock {
        Clock::with_mode(Mode::Real { offset_ms })
    }

    fn with_mode(mode: Mode) -> Clock {
        Clock {
            mode: Mutex::new(mode),
        }
    }

    pub fn now_ms(&self) -> i64 {
        match *self.mode.lock() {
            Mode::Real { offset_ms } => system_now_ms() + offset_ms,
            Mode::Frozen { at_ms } => at_ms,
        }
    }

    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock to `at_ms`, keeping its mode (a running clock keeps running from there).
    pub fn set(&self, at_ms: i64) {
        let mut mode = self.mode.lock();
        *mode = match *mode {
            Mode::Real { .. } => Mode::Real {
                offset_ms: at_ms - system_now_ms(),
            },
            Mode::Frozen { .. } => Mode::Frozen { at_ms },
        };
    }

    pub fn advance(&self, delta_ms: i64) {
        let mut mode = self.mode.lock();
        *mode = match *mode {
            Mode::Real { offset_ms } => Mode::Real {
                offset_ms: offset_ms + delta_ms,
            },
            Mode::Frozen { at_ms } => Mode::Frozen {
                at_ms: at_ms + delta_ms,
            },
        };
    }

    /// Freezes at the current reading, or lets a frozen clock run on from where it stands.
    pub fn set_frozen(&self, frozen: bool) {
        let mut mode = self.mode.lock();
        *mode = match (*mode, frozen) {
            (Mode::Real { offset_ms }, true) => Mode::Frozen {
                at_ms: system_now_ms() + offset_ms,
            },
            (Mode::Frozen { at_ms }, false) => Mode::Real {
                offset_ms: at_ms - system_now_ms(),
            },
            (unchanged, _) => unchanged,
        };
    }

    pub fn view(&self) -> ClockView {
        let mode = *self.mode.lock();
        let (clock_mode, now_ms) = match mode {
            Mode::Real { offset_ms } => (ClockMode::Real, system_now_ms() + offset_ms),
            Mode::Frozen { at_ms } => (ClockMode::Frozen, at_ms),
        };
        ClockView {
            mode: clock_mode,
            now: format_ms(now_ms),
            now_ms,
            offset_ms: now_ms - system_now_ms(),
        }
    }

    /// Takes over another clock's state (used by a world reset).
    pub fn restore_from(&self, other: &Clock) {
        *self.mode.lock() = *other.mode.lock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_told() {
        let clock = Clock::frozen_at(1_000_000);
        assert_eq!(clock.now_ms(), 1_000_000);
        clock.advance(-600_000);
        assert_eq!(clock.now_ms(), 400_000);
        clock.set(5_000);
        assert_eq!(clock.now_secs(), 5);
    }

    #[test]
    fn unfreezing_runs_on_from_the_frozen_instant() {
        let clock = Clock::frozen_at(1_000_000);
        clock.set_frozen(false);
        let now = clock.now_ms();
        assert!((1_000_000..1_010_000).contains(&now), "{now}");
    }
}
