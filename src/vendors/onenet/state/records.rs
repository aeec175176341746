//! Section 13's run-time state per device channel: the record configuration in force (13.2 to
//! 13.4), the history of what the platform kept from when (so a config changed today does not
//! rewrite yesterday), and the manual recordings of 13.1. Pure bookkeeping: what the cloud
//! holds follows from this and the camera timeline in `recordings.rs`.
//!
//! Bounded: at most `MAX_CHANGES` regime changes and `MAX_MANUAL` manual recordings per
//! channel; changes older than anything a listing can show are folded away first.

use crate::sim::timeline::MAX_RETENTION_DAYS;
use std::collections::BTreeMap;

/// Regime changes kept per channel.
pub const MAX_CHANGES: usize = 256;
/// Manual recordings kept per channel (the oldest finished one goes first).
pub const MAX_MANUAL: usize = 500;
/// A manual recording ends by itself after this long (not published; proposal: a day, which
/// bounds one recording's playlist to 8,640 ten-second segments).
pub const MAX_MANUAL_SECS: i64 = 86_400;
/// Longest `cycle` / `expired` in days (the camera timeline keeps at most a year).
pub const MAX_KEEP_DAYS: u32 = MAX_RETENTION_DAYS;

const DAY: i64 = 86_400;

/// Which of the camera's recordings the platform keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeps {
    /// Everything the camera records (no config, or a real-time one).
    All,
    /// Only recordings an event caused.
    Events,
    /// Nothing (a stop config).
    Nothing,
}

/// What the platform keeps from a moment on, and for how many days (`None`: as long as the
/// camera's retention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regime {
    pub keeps: Keeps,
    pub keep_days: Option<u32>,
}

impl Regime {
    /// No configuration: the timeline as the camera records it.
    pub const GENERATED: Regime = Regime {
        keeps: Keeps::All,
        keep_days: None,
    };
}

/// 13.2's `action` (13.4's `type`): 0 stop, 1 real-time, 2 event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigMode {
    Stop,
    RealTime,
    Event,
}

impl ConfigMode {
    pub fn of(n: u64) -> Option<ConfigMode> {
        match n {
            0 => Some(ConfigMode::Stop),
            1 => Some(ConfigMode::RealTime),
            2 => Some(ConfigMode::Event),
            _ => None,
        }
    }
}

/// A channel's record configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub mode: ConfigMode,
    /// Days a recording is kept (`cycle`); `None` as the camera's retention.
    pub cycle: Option<u32>,
    /// When it takes effect (never before it was made).
    pub start: i64,
    /// When it ends; the channel then records as if it had none.
    pub end: Option<i64>,
}

impl Config {
    fn regime(&self) -> Regime {
        match self.mode {
            ConfigMode::Stop => Regime {
                keeps: Keeps::Nothing,
                keep_days: None,
            },
            ConfigMode::RealTime => Regime {
                keeps: Keeps::All,
                keep_days: self.cycle,
            },
            ConfigMode::Event => Regime {
                keeps: Keeps::Events,
                keep_days: self.cycle,
            },
        }
    }
}

/// A recording 13.1 started, `[start, stop)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manual {
    pub id: String,
    pub start: i64,
    /// `None` while it runs (it ends by itself after `MAX_MANUAL_SECS`).
    pub stop: Option<i64>,
    /// 13.1's `expired`: days it is kept after it ends.
    pub keep_days: u32,
    /// Set by 6.4; `None` keeps the name made from its start.
    pub name: Option<String>,
}

impl Manual {
    /// Where it ends, or `now` while it runs.
    pub fn end(&self, now: i64) -> i64 {
        let cap = self.start.saturating_add(MAX_MANUAL_SECS);
        self.stop.unwrap_or(now).min(cap).max(self.start)
    }

    pub fn running(&self, now: i64) -> bool {
        self.stop.is_none() && now < self.start.saturating_add(MAX_MANUAL_SECS)
    }

    /// Kept until `keep_days` after it ended.
    pub fn expired(&self, now: i64) -> bool {
        !self.running(now)
            && now
                >= self
                    .end(now)
                    .saturating_add(i64::from(self.keep_days).saturating_mul(DAY))
    }
}

/// One channel's section 13 state.
#[derive(Debug, Default, Clone)]
pub struct ChannelRecords {
    config: Option<Config>,
    /// (from, regime), sorted by time; before the first, `Regime::GENERATED`.
    changes: Vec<(i64, Regime)>,
    /// Oldest first.
    manual: Vec<Manual>,
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsError {
    /// Too many changes within the last year.
    Full,
    /// A manual recording already runs (since when).
    Running { since: i64 },
    /// No manual recording runs.
    NotRunning,
}

impl ChannelRecords {
    /// The configuration in force (one whose end has passed is gone).
    pub fn config(&self, now: i64) -> Option<&Config> {
        self.config
            .as_ref()
            .filter(|c| c.end.is_none_or(|e| e > now))
    }

    /// The regime changes, oldest first.
    pub fn changes(&self) -> &[(i64, Regime)] {
        &self.changes
    }

    /// The regime in force at `t`.
    pub fn regime_at(&self, t: i64) -> Regime {
        let i = self.changes.partition_point(|c| c.0 <= t);
        i.checked_sub(1)
            .and_then(|i| self.changes.get(i))
            .map_or(Regime::GENERATED, |c| c.1)
    }

    /// Replaces the configuration at `now`: changes the old one had scheduled are dropped,
    /// the new one takes effect at the later of its start and `now`.
    pub fn set_config(&mut self, config: Config, now: i64) -> Result<(), RecordsError> {
        let start = config.start.max(now);
        self.room(now, 2)?;
        self.changes.retain(|c| c.0 <= now);
        if start > now && self.regime_at(now) != Regime::GENERATED {
            // Until the new one starts, the channel records as if it had none.
            self.push(now, Regime::GENERATED);
        }
        self.push(start, config.regime());
        if let Some(end) = config.end {
            self.push(end, Regime::GENERATED);
        }
        self.config = Some(Config { start, ..config });
        Ok(())
    }

    /// Removes the configuration at `now`; `false` when there was none.
    pub fn clear_config(&mut self, now: i64) -> Result<bool, RecordsError> {
        let had = self.config(now).is_some();
        self.room(now, 1)?;
        self.changes.retain(|c| c.0 <= now);
        if self.regime_at(now) != Regime::GENERATED {
            self.push(now, Regime::GENERATED);
        }
        self.config = None;
        Ok(had)
    }

    /// Appends a change at `at` (no earlier than any kept: later ones were dropped first).
    fn push(&mut self, at: i64, regime: Regime) {
        // A change at the same instant replaces it.
        if self.changes.last().is_some_and(|c| c.0 == at) {
            self.changes.pop();
        }
        let i = self.changes.partition_point(|c| c.0 <= at);
        self.changes.insert(i, (at, regime));
    }

    /// Room for `n` more changes: changes before the oldest instant any listing can reach
    /// (a year ago) only matter through the last of them, so the rest are folded away.
    fn room(&mut self, now: i64, n: usize) -> Result<(), RecordsError> {
        let horizon = now.saturating_sub(i64::from(MAX_RETENTION_DAYS).saturating_mul(DAY));
        while self.changes.len().saturating_add(n) > MAX_CHANGES
            && self.changes.get(1).is_some_and(|c| c.0 <= horizon)
        {
            self.changes.remove(0);
        }
        if self.changes.len().saturating_add(n) > MAX_CHANGES {
            return Err(RecordsError::Full);
        }
        Ok(())
    }

    /// Manual recordings, oldest first (expired ones included until the next start).
    pub fn manual(&self) -> &[Manual] {
        &self.manual
    }

    pub fn manual_mut(&mut self, id: &str) -> Option<&mut Manual> {
        self.manual.iter_mut().find(|m| m.id == id)
    }

    /// Removes a manual recording; `false` when there is none by that id.
    pub fn delete_manual(&mut self, id: &str) -> bool {
        let before = self.manual.len();
        self.manual.retain(|m| m.id != id);
        self.manual.len() != before
    }

    /// The manual recording running at `now`.
    pub fn running(&self, now: i64) -> Option<&Manual> {
        self.manual.last().filter(|m| m.running(now))
    }

    /// Starts a manual recording at `now`.
    pub fn start_manual(
        &mut self,
        id: String,
        now: i64,
        keep_days: u32,
    ) -> Result<(), RecordsError> {
        if let Some(m) = self.running(now) {
            return Err(RecordsError::Running { since: m.start });
        }
        self.manual.retain(|m| !m.expired(now));
        if self.manual.len() >= MAX_MANUAL {
            self.manual.remove(0);
        }
        self.manual.push(Manual {
            id,
            start: now,
            stop: None,
            keep_days,
            name: None,
        });
        Ok(())
    }

    /// Stops the running manual recording at `now`; one that recorded nothing is dropped.
    pub fn stop_manual(&mut self, now: i64) -> Result<Manual, RecordsError> {
        if self.running(now).is_none() {
            return Err(RecordsError::NotRunning);
        }
        let mut m = self.manual.pop().ok_or(RecordsError::NotRunning)?;
        m.stop = Some(now.max(m.start));
        if m.end(now) > m.start {
            self.manual.push(m.clone());
        }
        Ok(m)
    }
}

/// Section 13's state of every channel that has any, by (device, channel).
#[derive(Debug, Default)]
pub struct Records {
    channels: BTreeMap<(String, u32), ChannelRecords>,
}

impl Records {
    /// A channel's state (empty when it has none).
    pub fn channel(&self, device: &str, channel: u32) -> Option<&ChannelRecords> {
        self.channels.get(&(device.to_string(), channel))
    }

    /// A channel's state to change, made on first use.
    pub fn channel_mut(&mut self, device: &str, channel: u32) -> &mut ChannelRecords {
        self.channels
            .entry((device.to_string(), channel))
            .or_default()
    }

    /// The channels of `device` that have state, with their numbers.
    pub fn channels_of<'a>(
        &'a self,
        device: &'a str,
    ) -> impl Iterator<Item = (u32, &'a ChannelRecords)> + 'a {
        self.channels
            .range((device.to_string(), 0)..=(device.to_string(), u32::MAX))
            .map(|((_, c), r)| (*c, r))
    }

    /// Forgets a deleted device (or channel: `Some`).
    pub fn forget(&mut self, device: &str, channel: Option<u32>) {
        self.channels
            .retain(|(d, c), _| !(d == device && channel.is_none_or(|ch| ch == *c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_795_334_400;

    fn config(mode: ConfigMode, start: i64, end: Option<i64>) -> Config {
        Config {
            mode,
            cycle: None,
            start,
            end,
        }
    }

    #[test]
    fn a_config_governs_from_when_it_is_made_until_its_end() {
        let mut ch = ChannelRecords::default();
        ch.set_config(config(ConfigMode::Stop, T - 500, Some(T + 100)), T)
            .expect("room");
        assert_eq!(ch.regime_at(T - 1), Regime::GENERATED, "the past stays");
        assert_eq!(ch.regime_at(T).keeps, Keeps::Nothing);
        assert_eq!(ch.regime_at(T + 99).keeps, Keeps::Nothing);
        assert_eq!(ch.regime_at(T + 100), Regime::GENERATED);
        assert!(ch.config(T + 99).is_some());
        assert!(ch.config(T + 100).is_none(), "an ended config is gone");
    }

    #[test]
    fn a_new_config_drops_what_the_old_one_scheduled() {
        let mut ch = ChannelRecords::default();
        ch.set_config(config(ConfigMode::Stop, T, Some(T + 100)), T)
            .expect("room");
        ch.set_config(config(ConfigMode::Event, T + 10, None), T + 10)
            .expect("room");
        assert_eq!(ch.regime_at(T + 5).keeps, Keeps::Nothing);
        assert_eq!(ch.regime_at(T + 500).keeps, Keeps::Events);
        assert_eq!(ch.clear_config(T + 20), Ok(true));
        assert_eq!(ch.regime_at(T + 20), Regime::GENERATED);
        assert_eq!(ch.regime_at(T + 15).keeps, Keeps::Events);
        assert_eq!(ch.clear_config(T + 30), Ok(false));
    }

    #[test]
    fn changes_are_bounded_and_old_ones_fold_away() {
        let mut ch = ChannelRecords::default();
        let mut now = T;
        for _ in 0..MAX_CHANGES / 2 {
            ch.set_config(config(ConfigMode::Stop, now, None), now)
                .expect("room");
            ch.clear_config(now + 1).expect("room");
            now += 2;
        }
        assert!(ch.changes().len() <= MAX_CHANGES);
        assert_eq!(
            ch.set_config(config(ConfigMode::Stop, now, None), now),
            Err(RecordsError::Full),
            "within a year every change still matters"
        );
        let later = now + i64::from(MAX_RETENTION_DAYS) * DAY + 10;
        ch.set_config(config(ConfigMode::Stop, later, None), later)
            .expect("a year on, the old changes fold away");
        assert!(ch.changes().len() <= MAX_CHANGES);
        assert_eq!(ch.regime_at(later).keeps, Keeps::Nothing);
    }

    #[test]
    fn a_manual_recording_starts_once_and_stops_once() {
        let mut ch = ChannelRecords::default();
        ch.start_manual("m1".into(), T, 7).expect("starts");
        assert_eq!(
            ch.start_manual("m2".into(), T + 1, 7),
            Err(RecordsError::Running { since: T })
        );
        let stopped = ch.stop_manual(T + 60).expect("stops");
        assert_eq!((stopped.start, stopped.end(T + 99)), (T, T + 60));
        assert_eq!(ch.stop_manual(T + 61), Err(RecordsError::NotRunning));
        assert!(!ch.manual()[0].expired(T + 60 + 7 * DAY - 1));
        assert!(ch.manual()[0].expired(T + 60 + 7 * DAY));
    }

    #[test]
    fn a_manual_recording_ends_by_itself_after_a_day() {
        let mut ch = ChannelRecords::default();
        ch.start_manual("m1".into(), T, 7).expect("starts");
        assert!(ch.running(T + MAX_MANUAL_SECS - 1).is_some());
        assert!(ch.running(T + MAX_MANUAL_SECS).is_none());
        assert_eq!(ch.manual()[0].end(T + 5 * DAY), T + MAX_MANUAL_SECS);
        assert_eq!(ch.stop_manual(T + 2 * DAY), Err(RecordsError::NotRunning));
        ch.start_manual("m2".into(), T + 2 * DAY, 7)
            .expect("a new one may start");
    }

    #[test]
    fn a_manual_recording_of_nothing_is_dropped_and_the_list_is_bounded() {
        let mut ch = ChannelRecords::default();
        ch.start_manual("m0".into(), T, 7).expect("starts");
        ch.stop_manual(T).expect("stops");
        assert!(ch.manual().is_empty());
        for i in 0..(MAX_MANUAL as i64 + 5) {
            let at = T + i * 10;
            ch.start_manual(format!("m{i}"), at, 365).expect("starts");
            ch.stop_manual(at + 5).expect("stops");
        }
        assert_eq!(ch.manual().len(), MAX_MANUAL);
        assert_eq!(ch.manual()[0].id, "m5", "the oldest go first");
    }

    #[test]
    fn records_are_kept_per_device_channel_and_forgotten_with_the_device() {
        let mut records = Records::default();
        records.channel_mut("1", 1);
        records.channel_mut("1", 2);
        records.channel_mut("10", 1);
        let of_1: Vec<u32> = records.channels_of("1").map(|(c, _)| c).collect();
        assert_eq!(of_1, vec![1, 2]);
        records.forget("1", Some(2));
        assert!(records.channel("1", 2).is_none());
        records.forget("1", None);
        assert!(records.channel("1", 1).is_none());
        assert!(records.channel("10", 1).is_some());
    }
}
