//! The cmdId table of seed 003 §3.2: which command an id names, whether it names a channel,
//! and which channel setting each get/set pair reads and writes.

use super::detection::Kind;
use super::lens;
use super::payload::Invalid;
use super::settings::ChannelSettings;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    KeyFrame,
    Ptz,
    LocalVideos,
    Firmware,
    Get(Setting),
    Set(Setting),
    TfStatus,
    TfOp,
    Snapshot,
    WifiList,
    WifiSet,
    Cover,
}

/// A channel setting a get/set pair reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Osd,
    RecordPlan,
    Time,
    Av,
    Lens,
    Detection(Kind),
}

impl Cmd {
    pub fn of(id: i64) -> Option<Cmd> {
        use Setting::*;
        Some(match id {
            5 => Cmd::KeyFrame,
            7 => Cmd::Ptz,
            10 => Cmd::LocalVideos,
            11 => Cmd::Firmware,
            20 => Cmd::Get(Osd),
            21 => Cmd::Set(Osd),
            26 => Cmd::Get(RecordPlan),
            27 => Cmd::Set(RecordPlan),
            28 => Cmd::Get(Time),
            29 => Cmd::Set(Time),
            30 => Cmd::TfStatus,
            31 => Cmd::TfOp,
            32 => Cmd::Snapshot,
            33 => Cmd::Get(Av),
            34 => Cmd::Set(Av),
            39 => Cmd::Get(Lens),
            40 => Cmd::Set(Lens),
            41 => Cmd::WifiList,
            42 => Cmd::WifiSet,
            43 => Cmd::Cover,
            80 => Cmd::Get(Detection(Kind::Motion)),
            81 => Cmd::Set(Detection(Kind::Motion)),
            82 => Cmd::Get(Detection(Kind::Occlusion)),
            83 => Cmd::Set(Detection(Kind::Occlusion)),
            84 => Cmd::Get(Detection(Kind::Sound)),
            85 => Cmd::Set(Detection(Kind::Sound)),
            91 => Cmd::Get(Detection(Kind::Other)),
            92 => Cmd::Set(Detection(Kind::Other)),
            _ => return None,
        })
    }

    /// Whether the command acts on one channel (seed 003's examples carry `channel_id`); the
    /// others act on the whole device and their replies carry none.
    pub fn names_channel(self) -> bool {
        !matches!(
            self,
            Cmd::Firmware | Cmd::TfStatus | Cmd::TfOp | Cmd::WifiList | Cmd::WifiSet
        )
    }
}

impl Setting {
    /// The get's `cmd` member at world time `now`.
    pub fn read(self, ch: &ChannelSettings, now: i64) -> Value {
        match self {
            Setting::Osd => ch.osd.to_json(),
            Setting::RecordPlan => ch.record_plan.to_json(),
            Setting::Time => ch.time.to_json(now),
            Setting::Av => ch.av.to_json(),
            Setting::Lens => lens::to_json(ch.lens_open),
            Setting::Detection(kind) => ch.detection(kind).to_json(kind),
        }
    }

    /// Applies the set's `cmd`; on error `ch` may be half changed, so callers write a copy.
    pub fn write(
        self,
        ch: &mut ChannelSettings,
        cmd: Option<&Value>,
        now: i64,
    ) -> Result<(), Invalid> {
        match self {
            Setting::Osd => ch.osd.apply(cmd),
            Setting::RecordPlan => ch.record_plan.apply(cmd),
            Setting::Time => ch.time.apply(cmd, now),
            Setting::Av => ch.av.apply(cmd),
            Setting::Lens => {
                ch.lens_open = lens::parse(cmd)?;
                Ok(())
            }
            Setting::Detection(kind) => ch.detection_mut(kind).apply(kind, cmd),
        }
    }
}
