//! What a scenario says about a camera's timeline (`TimelineSpec`, every key optional) and the
//! resolved values the generator reads (`TimelineSettings`).

use serde::{Deserialize, Serialize};

/// Longest typical duration of any kind: bounds how far back a window looks for events.
pub const MAX_EVENT_SECS: u32 = 300;
pub const MAX_EVENTS_PER_DAY: f64 = 1440.0;
pub const MAX_RETENTION_DAYS: u32 = 365;
/// 2 TiB, in MiB.
pub const MAX_SD_CARD_MB: u64 = 2_097_152;
pub const MIN_UTC_OFFSET_MINUTES: i32 = -720;
pub const MAX_UTC_OFFSET_MINUTES: i32 = 840;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordingMode {
    /// Back-to-back 10-minute segments whenever the camera is online.
    #[default]
    Continuous,
    /// One segment around each event.
    Events,
    /// No recordings (events and pictures still exist).
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Motion,
    Human,
    Sound,
    Doorbell,
    Call,
    Crying,
    Vehicle,
    Pet,
    Package,
    Face,
    Fire,
    Intrusion,
}

impl EventKind {
    pub const ALL: [EventKind; 12] = [
        EventKind::Motion,
        EventKind::Human,
        EventKind::Sound,
        EventKind::Doorbell,
        EventKind::Call,
        EventKind::Crying,
        EventKind::Vehicle,
        EventKind::Pet,
        EventKind::Package,
        EventKind::Face,
        EventKind::Fire,
        EventKind::Intrusion,
    ];

    /// Stable number (1..=12) vendors map to their own alarm types; never renumber.
    pub fn code(self) -> u32 {
        match self {
            EventKind::Motion => 1,
            EventKind::Human => 2,
            EventKind::Sound => 3,
            EventKind::Doorbell => 4,
            EventKind::Call => 5,
            EventKind::Crying => 6,
            EventKind::Vehicle => 7,
            EventKind::Pet => 8,
            EventKind::Package => 9,
            EventKind::Face => 10,
            EventKind::Fire => 11,
            EventKind::Intrusion => 12,
        }
    }

    /// The serde name.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Motion => "motion",
            EventKind::Human => "human",
            EventKind::Sound => "sound",
            EventKind::Doorbell => "doorbell",
            EventKind::Call => "call",
            EventKind::Crying => "crying",
            EventKind::Vehicle => "vehicle",
            EventKind::Pet => "pet",
            EventKind::Package => "package",
            EventKind::Face => "face",
            EventKind::Fire => "fire",
            EventKind::Intrusion => "intrusion",
        }
    }

    pub fn from_code(code: u32) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Inclusive range of a generated event's duration, seconds (max ≤ `MAX_EVENT_SECS`).
    pub fn typical_duration_secs(self) -> (u32, u32) {
        match self {
            EventKind::Motion => (10, 60),
            EventKind::Human => (10, 90),
            EventKind::Sound => (5, 30),
            EventKind::Doorbell => (5, 20),
            EventKind::Call => (15, 120),
            EventKind::Crying => (10, 180),
            EventKind::Vehicle => (10, 60),
            EventKind::Pet => (10, 60),
            EventKind::Package => (5, 15),
            EventKind::Face => (3, 10),
            EventKind::Fire => (30, 300),
            EventKind::Intrusion => (10, 120),
        }
    }
}

/// Scenario form; absent keys fall back to a base spec, then to the defaults of `settings()`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimelineSpec {
    #[serde(default)]
    pub recording: Option<RecordingMode>,
    /// Mean events per day, 0..=1440.
    #[serde(default)]
    pub events_per_day: Option<f64>,
    /// Kinds drawn (uniformly); non-empty.
    #[serde(default)]
    pub event_kinds: Option<Vec<EventKind>>,
    /// 1..=365: how far back history exists.
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// 0 = no SD card; at most 2 TiB.
    #[serde(default)]
    pub sd_card_mb: Option<u64>,
    /// The camera's time zone (names, local days), -720..=840.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineSettings {
    pub recording: RecordingMode,
    pub events_per_day: f64,
    pub event_kinds: Vec<EventKind>,
    pub retention_days: u32,
    pub sd_card_mb: u64,
    pub utc_offset_minutes: i32,
}

impl Default for TimelineSettings {
    fn default() -> Self {
        TimelineSpec::default().settings()
    }
}

impl TimelineSpec {
    pub fn or(&self, base: &TimelineSpec) -> TimelineSpec {
        TimelineSpec {
            recording: self.recording.or(base.recording),
            events_per_day: self.events_per_day.or(base.events_per_day),
            event_kinds: self
                .event_kinds
                .clone()
                .or_else(|| base.event_kinds.clone()),
            retention_days: self.retention_days.or(base.retention_days),
            sd_card_mb: self.sd_card_mb.or(base.sd_card_mb),
            utc_offset_minutes: self.utc_offset_minutes.or(base.utc_offset_minutes),
        }
    }

    /// (camelCase key, message) for each value out of range.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(n) = self.events_per_day
            && !(n.is_finite() && (0.0..=MAX_EVENTS_PER_DAY).contains(&n))
        {
            out.push(("eventsPerDay", format!("must be 0 to 1440, got {n}")));
        }
        if let Some(kinds) = &self.event_kinds {
            if kinds.is_empty() {
                out.push(("eventKinds", "must list at least one kind".to_string()));
            }
            for (i, k) in kinds.iter().enumerate() {
                if kinds[..i].contains(k) {
                    out.push(("eventKinds", format!("lists {} twice", k.name())));
                }
            }
        }
        if let Some(d) = self.retention_days
            && !(1..=MAX_RETENTION_DAYS).contains(&d)
        {
            out.push(("retentionDays", format!("must be 1 to 365, got {d}")));
        }
        if let Some(mb) = self.sd_card_mb
            && mb > MAX_SD_CARD_MB
        {
            out.push((
                "sdCardMb",
                format!("must be 0 (no card) to 2097152 (2 TiB), got {mb}"),
            ));
        }
        if let Some(m) = self.utc_offset_minutes
            && !(MIN_UTC_OFFSET_MINUTES..=MAX_UTC_OFFSET_MINUTES).contains(&m)
        {
            out.push(("utcOffsetMinutes", format!("must be -720 to 840, got {m}")));
        }
        out
    }

    /// Resolved values; out-of-range ones (which `problems` reports) are clamped, never kept.
    pub fn settings(&self) -> TimelineSettings {
        let events_per_day = self.events_per_day.unwrap_or(24.0);
        TimelineSettings {
            recording: self.recording.unwrap_or_default(),
            events_per_day: if events_per_day.is_finite() {
                events_per_day.clamp(0.0, MAX_EVENTS_PER_DAY)
            } else {
                0.0
            },
            event_kinds: self
                .event_kinds
                .clone()
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| vec![EventKind::Motion, EventKind::Human, EventKind::Sound]),
            retention_days: self
                .retention_days
                .unwrap_or(7)
                .clamp(1, MAX_RETENTION_DAYS),
            sd_card_mb: self.sd_card_mb.unwrap_or(32_768).min(MAX_SD_CARD_MB),
            utc_offset_minutes: self
                .utc_offset_minutes
                .unwrap_or(480)
                .clamp(MIN_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES),
        }
    }
}
