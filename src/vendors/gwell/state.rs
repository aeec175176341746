//! Gwell's own part of a world: its apps (the three credentials and the users), and what each
//! Gwell device has beyond the shared camera: its owner and guests, and its two packages
//! (cloud storage and 4G data).

use super::memo::{Inputs, Json, Memo, Packages};
use super::scenario::{FlowSpec, StorageSpec};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras};
use crate::sim::hashing::FastMap;
use crate::sim::world::VendorModel;
use parking_lot::Mutex;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct GwellState {
    pub apps: Vec<GwellApp>,
    /// By devId, each with its revision; every Gwell camera has one.
    devices: FastMap<String, (GwellDevice, u64)>,
    /// The last revision handed out.
    revisions: u64,
    /// devInfo answers' `data` of unchanged devices.
    pub dev_info_memo: Memo<Inputs, Json>,
    /// devList's package objects of unchanged devices, by device revision.
    pub packages_memo: Memo<u64, Packages>,
    /// Each user's devices (devList), built on first use after a binding changed.
    by_user: Mutex<Option<ByUser>>,
}

/// devIds by user (owner or guest), with the user's relation.
type ByUser = FastMap<String, Vec<(String, Relation)>>;

impl VendorModel for GwellState {
    const VENDOR: VendorId = VendorId::Gwell;
}

#[derive(Debug, Clone)]
pub struct GwellApp {
    pub app_id: String,
    pub app_token: String,
    pub app_key: String,
    /// accessId -> display name.
    pub users: BTreeMap<String, String>,
}

/// A Gwell device's binding and packages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GwellDevice {
    /// accessId of the owner; `None` when the device is not bound.
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

impl GwellDevice {
    pub fn relation_to(&self, user: &str) -> Option<Relation> {
        if self.owner.as_deref() == Some(user) {
            Some(Relation::Owner)
        } else if self.guests.iter().any(|g| g == user) {
            Some(Relation::Guest)
        } else {
            None
        }
    }
}

/// A Gwell camera with its binding and packages.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub camera: &'a Camera,
    pub gwell: &'a GwellDevice,
}

/// What a camera without Gwell extras (none is built so) counts as: unbound, no packages.
static UNBOUND: GwellDevice = GwellDevice {
    owner: None,
    guests: Vec::new(),
    bound_at: 0,
    storage: None,
    data_plan: None,
};

impl GwellState {
    pub fn app(&self, app_id: &str) -> Option<&GwellApp> {
        self.apps.iter().find(|a| a.app_id == app_id)
    }

    /// The binding and packages of a camera.
    pub fn device(&self, id: &str) -> &GwellDevice {
        self.devices.get(id).map_or(&UNBOUND, |(d, _)| d)
    }

    /// A number that changes whenever the device's binding or packages may have changed (as
    /// `Camera::revision` does for the camera).
    pub fn device_revision(&self, id: &str) -> u64 {
        self.devices.get(id).map_or(0, |(_, r)| *r)
    }

    /// The binding and packages to change (created unbound if missing); a new revision.
    pub fn device_mut(&mut self, id: &str) -> &mut GwellDevice {
        self.revisions = self.revisions.wrapping_add(1);
        let revision = self.revisions;
        *self.by_user.get_mut() = None;
        let entry = self
            .devices
            .entry(id.to_string())
            .or_insert_with(|| (GwellDevice::default(), 0));
        entry.1 = revision;
        &mut entry.0
    }

    pub fn insert_device(&mut self, id: String, device: GwellDevice) {
        self.revisions = self.revisions.wrapping_add(1);
        *self.by_user.get_mut() = None;
        self.devices.insert(id, (device, self.revisions));
    }

    /// The devices of an app that a user owns or was shared, with the user's relation (in no
    /// particular order). From the by-user index, so a devList costs the user's devices, not
    /// the world's.
    pub fn devices_of_user<'a>(
        &'a self,
        cameras: &'a Cameras,
        app_id: &str,
        user: &str,
    ) -> Vec<(Found<'a>, Relation)> {
        let mut index = self.by_user.lock();
        let by_user = index.get_or_insert_with(|| self.index_by_user());
        let Some(ids) = by_user.get(user) else {
            return Vec::new();
        };
        let mut found = Vec::with_capacity(ids.len());
        found.extend(ids.iter().filter_map(|(id, relation)| {
            let camera = cameras.get(VendorId::Gwell, id)?;
            let gwell = self.devices.get(id).map(|(d, _)| d)?;
            (camera.account == app_id).then_some((Found { camera, gwell }, *relation))
        }));
        found
    }

    fn index_by_user(&self) -> ByUser {
        let mut by_user = ByUser::default();
        for (id, (device, _)) in &self.devices {
            if let Some(owner) = &device.owner {
                by_user
                    .entry(owner.clone())
                    .or_default()
                    .push((id.clone(), Relation::Owner));
            }
            for guest in &device.guests {
                by_user
                    .entry(guest.clone())
                    .or_default()
                    .push((id.clone(), Relation::Guest));
            }
        }
        // In devList's order (devId as a number), so its sort finds the list already sorted.
        for ids in by_user.values_mut() {
            ids.sort_by_key(|(id, _)| id.parse::<i64>().unwrap_or(0));
        }
        by_user
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
