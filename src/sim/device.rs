//! A simulated camera as the vendor APIs expose it: identity, online state, power, signal,
//! binding (owner and guests) and its service packages. Vendor-neutral: each vendor's model
//! decides how to name and encode these facts on the wire.

use super::VendorId;
use super::scenario::{FlowSpec, StorageSpec};

#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub vendor: VendorId,
    pub id: String,
    pub sn: String,
    /// The credential (Gwell appId, ...) whose clients may see this device.
    pub account: String,
    pub device_type: String,
    pub firmware: String,
    pub online: bool,
    /// When `online` last changed, Unix seconds.
    pub online_changed_at: i64,
    /// Offline for months: the vendor no longer reports its online details.
    pub long_offline: bool,
    /// Percent; `None` for a device without a battery.
    pub battery: Option<u8>,
    /// 0 no battery, 1 on battery, 2 battery on external power.
    pub power_mode: u8,
    /// 0 not charging, 1 charging, 2 low-voltage charging, 3 high-voltage charging.
    pub power_charging: u8,
    pub signal: i64,
    pub rssi: i64,
    pub notifications: bool,
    /// User id of the owner; `None` when the device is not bound.
    pub owner: Option<String>,
    pub guests: Vec<String>,
    pub bound_at: i64,
    pub storage: Option<StoragePlan>,
    pub data_plan: Option<DataPlan>,
}

/// How a user is related to a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Owner,
    Guest,
}

impl Device {
    pub fn relation_to(&self, user: &str) -> Option<Relation> {
        if self.owner.as_deref() == Some(user) {
            Some(Relation::Owner)
        } else if self.guests.iter().any(|g| g == user) {
            Some(Relation::Guest)
        } else {
            None
        }
    }

    /// Changes the online state, stamping the change time only when it really changes.
    pub fn set_online(&mut self, online: bool, now_secs: i64) {
        if self.online != online {
            self.online = online;
            self.online_changed_at = now_secs;
        }
        if online {
            self.long_offline = false;
        }
    }

    /// Power mode implied by the battery when a scenario does not state it.
    pub fn default_power_mode(battery: Option<u8>) -> u8 {
        if battery.is_some() { 1 } else { 0 }
    }
}

/// A cloud-storage (recording) package.
#[derive(Debug, Clone, PartialEq)]
pub struct StoragePlan {
    pub order_id: String,
    /// 0 full-time, 1 event recording.
    pub kind: u8,
    pub start: i64,
    pub end: i64,
    pub days: u32,
    pub subscribed: bool,
    pub subscribed_at: i64,
    pub charged_at: i64,
}

impl StoragePlan {
    pub fn from_spec(spec: &StorageSpec, now_secs: i64) -> StoragePlan {
        StoragePlan {
            order_id: spec.order_id.clone(),
            kind: spec.pkg_type,
            start: spec.start_time.at(now_secs),
            end: spec.end_time.at(now_secs),
            days: spec.storage_days,
            subscribed: spec.sub_status,
            subscribed_at: spec.sub_time.map_or(0, |t| t.at(now_secs)),
            charged_at: spec.withhold_time.map_or(0, |t| t.at(now_secs)),
        }
    }

    pub fn is_active(&self, now_secs: i64) -> bool {
        now_secs < self.end
    }
}

/// A cellular (4G) data package.
#[derive(Debug, Clone, PartialEq)]
pub struct DataPlan {
    pub sim_id: String,
    /// The card's ICCID; `None` when the scenario does not give one.
    pub iccid: Option<String>,
    pub order_id: i64,
    pub start: i64,
    pub end: i64,
    pub provider: String,
    pub subscribed: bool,
    pub subscribed_at: i64,
    pub charged_at: i64,
    /// MB; 0 for a package limited by time only.
    pub total_mb: i64,
    pub used_mb: i64,
    /// Empty until the card is activated.
    pub active_region: String,
}

impl DataPlan {
    pub fn from_spec(spec: &FlowSpec, now_secs: i64) -> DataPlan {
        DataPlan {
            sim_id: spec.sim_id.clone(),
            iccid: spec.iccid.clone(),
            order_id: spec.order_id,
            start: spec.start_time.at(now_secs),
            end: spec.end_time.at(now_secs),
            provider: spec.card_provider.clone(),
            subscribed: spec.sub_status,
            subscribed_at: spec.sub_time.map_or(0, |t| t.at(now_secs)),
            charged_at: spec.withhold_time.map_or(0, |t| t.at(now_secs)),
            total_mb: spec.total_flow,
            used_mb: spec.use_flow,
            active_region: spec.active_region.clone(),
        }
    }

    pub fn is_active(&self, now_secs: i64) -> bool {
        now_secs < self.end
    }

    pub fn remaining_mb(&self) -> i64 {
        (self.total_mb - self.used_mb).max(0)
    }
}
