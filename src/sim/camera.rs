//! The simulated camera every vendor reads: identity, online state, power, signal, firmware,
//! settings and PTZ position. Vendor-neutral: each vendor keeps its own per-device extras
//! (bindings, packages, channels, ...) in its model and decides how to put these facts on the wire.

use super::VendorId;
use super::hashing::{FastIndexMap, FastMap};
use super::spec::TimeSpec;
use super::timeline::{Overlay, Source, TimelineSettings};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Camera {
    pub vendor: VendorId,
    pub id: String,
    pub sn: String,
    /// The credential (Gwell appId, ...) whose clients may see this camera.
    pub account: String,
    pub device_type: String,
    pub firmware: String,
    pub online: bool,
    /// When `online` last changed, Unix seconds.
    pub online_changed_at: i64,
    /// Offline for months: vendors no longer report its online details.
    pub long_offline: bool,
    /// Percent; `None` for a camera without a battery.
    pub battery: Option<u8>,
    /// 0 no battery, 1 on battery, 2 battery on external power.
    pub power_mode: u8,
    /// 0 not charging, 1 charging, 2 low-voltage charging, 3 high-voltage charging.
    pub power_charging: u8,
    pub signal: i64,
    pub rssi: i64,
    /// Push notifications on.
    pub notifications: bool,
    pub ptz: Ptz,
    /// How its history is generated (shared by the cameras of one scenario entry).
    pub timeline: Arc<TimelineSettings>,
    /// What APIs changed of its history (raised events, deleted recordings, offline periods),
    /// kept until the world is reset.
    pub history: Overlay,
    /// Changes whenever the camera may have changed (see [`Camera::revision`]).
    revision: u64,
}

/// The timeline of a camera whose scenario says nothing of it; shared, so building a
/// camera allocates no settings of its own.
static DEFAULT_TIMELINE: std::sync::LazyLock<Arc<TimelineSettings>> =
    std::sync::LazyLock::new(Arc::default);

/// Where the lens points. Vendors that drive PTZ move it; the others leave it at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ptz {
    /// Degrees, -180..=180.
    pub pan: i32,
    /// Degrees, -90..=90.
    pub tilt: i32,
    /// 1 = widest.
    pub zoom: u32,
}

impl Ptz {
    pub const AT_REST: Ptz = Ptz {
        pan: 0,
        tilt: 0,
        zoom: 1,
    };
}

impl Camera {
    /// A camera with the defaults a scenario leaves out: online for the last hour, mains
    /// powered, good signal.
    pub fn new(vendor: VendorId, id: String, sn: String, account: String, now_secs: i64) -> Camera {
        Camera {
            vendor,
            id,
            sn,
            account,
            device_type: "IPC".to_string(),
            firmware: "13.1.0.52".to_string(),
            online: true,
            online_changed_at: now_secs.saturating_sub(3600),
            long_offline: false,
            battery: None,
            power_mode: 0,
            power_charging: 0,
            signal: 80,
            rssi: -55,
            notifications: true,
            ptz: Ptz::AT_REST,
            timeline: DEFAULT_TIMELINE.clone(),
            history: Overlay::default(),
            revision: 0,
        }
    }

    /// A number that changes whenever the camera may have changed: every mutable access
    /// through [`Cameras`] gives it a new one, world-unique. An answer built from an unchanged
    /// camera may be reused (see Gwell's devInfo memo).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The key that tells this camera's history from every other camera's in its world.
    pub fn history_key(&self) -> String {
        format!("{}/{}", self.vendor, self.id)
    }

    /// What the camera's timeline is computed from (see `sim::timeline`).
    pub fn timeline_source<'a>(&'a self, seed: u64, key: &'a str, now: i64) -> Source<'a> {
        Source {
            seed,
            device: key,
            settings: &self.timeline,
            online: self.online,
            online_changed_at: self.online_changed_at,
            now,
            overlay: &self.history,
        }
    }

    /// Changes the online state, stamping the change time only when it really changes.
    /// A change is also kept in the camera's history (an offline period records nothing); a
    /// history already full keeps the state change without it.
    pub fn set_online(&mut self, online: bool, now_secs: i64) {
        if self.online != online {
            self.history
                .note_origin(self.online, self.online_changed_at);
            let _ = if online {
                self.history.came_online(now_secs)
            } else {
                self.history.went_offline(now_secs)
            };
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

/// Cameras per vendor, by id (in scenario order), with an index by serial number.
/// Hashed, not ordered: every request looks a camera up, and a tree of 10,000 string keys
/// costs a dozen string comparisons per lookup.
#[derive(Debug, Default)]
pub struct Cameras {
    by_id: [FastIndexMap<String, Camera>; 4],
    by_sn: [FastMap<String, String>; 4],
    /// The last revision handed out.
    revisions: u64,
}

impl Cameras {
    pub fn insert(&mut self, mut camera: Camera) {
        camera.revision = self.next_revision();
        let v = camera.vendor.index();
        self.by_sn[v].insert(camera.sn.clone(), camera.id.clone());
        self.by_id[v].insert(camera.id.clone(), camera);
    }

    pub fn get(&self, vendor: VendorId, id: &str) -> Option<&Camera> {
        self.by_id[vendor.index()].get(id)
    }

    /// The camera to change; it gets a new revision.
    pub fn get_mut(&mut self, vendor: VendorId, id: &str) -> Option<&mut Camera> {
        let revision = self.next_revision();
        let camera = self.by_id[vendor.index()].get_mut(id)?;
        camera.revision = revision;
        Some(camera)
    }

    /// Removes a camera (a vendor API deleted its device), keeping the others' order.
    pub fn remove(&mut self, vendor: VendorId, id: &str) -> Option<Camera> {
        let v = vendor.index();
        let camera = self.by_id[v].shift_remove(id)?;
        self.by_sn[v].remove(&camera.sn);
        Some(camera)
    }

    fn next_revision(&mut self) -> u64 {
        self.revisions = self.revisions.wrapping_add(1);
        self.revisions
    }

    pub fn by_sn(&self, vendor: VendorId, sn: &str) -> Option<&Camera> {
        let id = self.by_sn[vendor.index()].get(sn)?;
        self.get(vendor, id)
    }

    pub fn of(&self, vendor: VendorId) -> impl Iterator<Item = &Camera> {
        self.by_id[vendor.index()].values()
    }

    /// The vendor's cameras by id, for listings a person reads (the control API).
    pub fn sorted(&self, vendor: VendorId) -> Vec<&Camera> {
        let mut cameras: Vec<&Camera> = self.of(vendor).collect();
        cameras.sort_by(|a, b| a.id.cmp(&b.id));
        cameras
    }

    pub fn count(&self, vendor: VendorId) -> usize {
        self.by_id[vendor.index()].len()
    }

    pub fn total(&self) -> usize {
        self.by_id.iter().map(FastIndexMap::len).sum()
    }
}

/// How a request names a device.
#[derive(Debug, Clone, Copy)]
pub enum DeviceRef<'a> {
    Id(&'a str),
    Sn(&'a str),
}

/// The camera keys of the control API's device `PATCH`, in scenario vocabulary. A vendor whose
/// devices take more keys has its own patch type, and hands these here.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CameraPatch {
    pub online: Option<bool>,
    pub online_update_time: Option<TimeSpec>,
    pub long_offline: Option<bool>,
    /// `null` removes the battery.
    #[serde(default, deserialize_with = "present")]
    pub battery: Option<Option<u8>>,
    pub signal: Option<i64>,
    pub rssi: Option<i64>,
    pub power_mode: Option<u8>,
    pub power_charging: Option<u8>,
    pub notice_status: Option<u8>,
    pub firmware_ver: Option<String>,
    pub device_type: Option<String>,
}

/// A patch value refused, with the key it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchProblem {
    pub field: String,
    pub message: String,
}

impl PatchProblem {
    pub fn new(field: &str, message: impl Into<String>) -> PatchProblem {
        PatchProblem {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl CameraPatch {
    /// The same ranges as `camsim check`.
    pub fn problem(&self) -> Option<PatchProblem> {
        let ranges = [
            ("battery", self.battery.flatten().map(u32::from), 100),
            ("powerMode", self.power_mode.map(u32::from), 2),
            ("powerCharging", self.power_charging.map(u32::from), 3),
            ("noticeStatus", self.notice_status.map(u32::from), 1),
        ];
        ranges.into_iter().find_map(|(field, value, max)| {
            value
                .filter(|v| *v > max)
                .map(|v| PatchProblem::new(field, format!("{field}: {v} is out of range 0-{max}")))
        })
    }

    /// Applies a patch that passed [`CameraPatch::problem`].
    pub fn apply(self, camera: &mut Camera, now: i64) {
        if let Some(online) = self.online {
            camera.set_online(online, now);
        }
        if let Some(t) = self.online_update_time {
            camera.online_changed_at = t.at(now);
        }
        if let Some(long) = self.long_offline {
            camera.long_offline = long;
            if long {
                camera.set_online(false, now);
            }
        }
        if let Some(battery) = self.battery {
            camera.battery = battery;
            // Keep the power fields consistent with the battery unless the patch sets them.
            if self.power_mode.is_none() {
                camera.power_mode = match (battery, camera.power_mode) {
                    (None, _) => 0,
                    (Some(_), 0) => Camera::default_power_mode(battery),
                    (Some(_), mode) => mode,
                };
            }
            if battery.is_none() && self.power_charging.is_none() {
                camera.power_charging = 0;
            }
        }
        set(&mut camera.signal, self.signal);
        set(&mut camera.rssi, self.rssi);
        set(&mut camera.power_mode, self.power_mode);
        set(&mut camera.power_charging, self.power_charging);
        if let Some(n) = self.notice_status {
            camera.notifications = n != 0;
        }
        set(&mut camera.firmware, self.firmware_ver);
        set(&mut camera.device_type, self.device_type);
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// A camera as the control API shows it, in scenario vocabulary; a vendor adds its own keys.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CameraView {
    pub vendor: VendorId,
    pub dev_id: String,
    pub sn: String,
    pub account: String,
    pub device_type: String,
    pub firmware_ver: String,
    pub online: bool,
    pub online_update_time: i64,
    pub long_offline: bool,
    pub battery: Option<u8>,
    pub signal: i64,
    pub rssi: i64,
    pub power_mode: u8,
    pub power_charging: u8,
    pub notice_status: u8,
}

impl CameraView {
    pub fn of(c: &Camera) -> CameraView {
        CameraView {
            vendor: c.vendor,
            dev_id: c.id.clone(),
            sn: c.sn.clone(),
            account: c.account.clone(),
            device_type: c.device_type.clone(),
            firmware_ver: c.firmware.clone(),
            online: c.online,
            online_update_time: c.online_changed_at,
            long_offline: c.long_offline,
            battery: c.battery,
            signal: c.signal,
            rssi: c.rssi,
            power_mode: c.power_mode,
            power_charging: c.power_charging,
            notice_status: u8::from(c.notifications),
        }
    }
}

/// Tells `"key": null` (`Some(None)`) from a missing key (`None`) in a patch.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
