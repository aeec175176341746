//! What a simulated device keeps beyond the shared camera: per-channel settings (created on the
//! first set, so an untouched channel costs nothing), the TF card's mount state, the Wi-Fi
//! passwords it was given, a running PTZ move and a pending firmware upgrade.

use super::av::AvConfig;
use super::detection::{Detection, Kind};
use super::firmware::Upgrade;
use super::osd::Osd;
use super::ptz::Move;
use super::record_plan::RecordPlan;
use super::time_config::TimeConfig;
use std::collections::BTreeMap;

/// The device's own state; `Default` is a device fresh from the factory.
#[derive(Debug, Clone, Default)]
pub struct DeviceSettings {
    /// Only channels the device has (checked before any write), so bounded by them.
    pub(super) channels: BTreeMap<u32, ChannelSettings>,
    pub(super) tf_unmounted: bool,
    /// At most one per listed access point.
    pub(super) wifi_passwords: BTreeMap<String, String>,
    pub(super) ptz: Option<Move>,
    pub(super) upgrade: Option<Upgrade>,
}

impl DeviceSettings {
    /// The version a pending upgrade will install and when, Unix seconds.
    pub fn pending_firmware(&self) -> Option<(&str, i64)> {
        self.upgrade
            .as_ref()
            .map(|u| (u.version.as_str(), u.done_at))
    }

    /// Whether the TF card (if any) is mounted.
    pub fn tf_mounted(&self) -> bool {
        !self.tf_unmounted
    }

    /// A channel's settings, the factory ones if it was never set.
    pub(super) fn channel(&self, id: u32) -> ChannelSettings {
        self.channels.get(&id).cloned().unwrap_or_default()
    }

    /// What the media camsim serves of a channel takes from its settings: the resolution it
    /// encodes (cmdId 34) and the UTC offset its clock shows (cmdId 29).
    pub fn looks(&self, channel: u32) -> Looks {
        let settings = self.channels.get(&channel);
        let factory = ChannelSettings::default();
        let settings = settings.unwrap_or(&factory);
        Looks {
            resolution: settings.av.resolution,
            utc_offset_minutes: settings.time.utc_offset_minutes(),
        }
    }
}

/// See [`DeviceSettings::looks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Looks {
    /// `"1280*720"`: one of `av::RESOLUTIONS`.
    pub resolution: &'static str,
    pub utc_offset_minutes: i32,
}

impl Default for Looks {
    /// A device never commanded: its factory settings.
    fn default() -> Looks {
        DeviceSettings::default().looks(0)
    }
}

/// What the commands naming a channel read and write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSettings {
    pub osd: Osd,
    pub record_plan: RecordPlan,
    pub time: TimeConfig,
    pub av: AvConfig,
    pub lens_open: bool,
    pub motion: Detection,
    pub occlusion: Detection,
    pub sound: Detection,
    pub other: Detection,
}

impl Default for ChannelSettings {
    fn default() -> ChannelSettings {
        ChannelSettings {
            osd: Osd::default(),
            record_plan: RecordPlan::default(),
            time: TimeConfig::default(),
            av: AvConfig::default(),
            lens_open: true,
            motion: Detection::new(Kind::Motion),
            occlusion: Detection::new(Kind::Occlusion),
            sound: Detection::new(Kind::Sound),
            other: Detection::new(Kind::Other),
        }
    }
}

impl ChannelSettings {
    pub fn detection(&self, kind: Kind) -> &Detection {
        match kind {
            Kind::Motion => &self.motion,
            Kind::Occlusion => &self.occlusion,
            Kind::Sound => &self.sound,
            Kind::Other => &self.other,
        }
    }

    pub fn detection_mut(&mut self, kind: Kind) -> &mut Detection {
        match kind {
            Kind::Motion => &mut self.motion,
            Kind::Occlusion => &mut self.occlusion,
            Kind::Sound => &mut self.sound,
            Kind::Other => &mut self.other,
        }
    }
}
