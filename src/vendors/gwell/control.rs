//! Gwell in the control API: its part of the world view (the credentials and users a client
//! needs), its keys of a device (binding and packages), and the device `PATCH` it accepts.

use super::scenario::{FlowSpec, StorageSpec};
use super::state::{DataPlan, GwellApp, GwellState, StoragePlan};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem, present};
use crate::sim::spec::{IdText, TimeSpec};
use crate::sim::world::World;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Serialize)]
pub struct GwellView {
    pub apps: Vec<GwellAppView>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GwellAppView {
    pub app_id: String,
    pub app_token: String,
    pub app_key: String,
    pub users: Vec<GwellUserView>,
    /// Every devId of the app.
    pub devices: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GwellUserView {
    pub access_id: String,
    pub name: String,
    /// devIds the user owns.
    pub owns: Vec<String>,
    /// devIds shared with the user.
    pub guest_of: Vec<String>,
}

pub fn view(state: &GwellState, cameras: &Cameras) -> GwellView {
    GwellView {
        apps: state
            .apps
            .iter()
            .map(|a| app_view(state, cameras, a))
            .collect(),
    }
}

fn app_view(state: &GwellState, cameras: &Cameras, app: &GwellApp) -> GwellAppView {
    let devices: Vec<&Camera> = cameras
        .sorted(VendorId::Gwell)
        .into_iter()
        .filter(|d| d.account == app.app_id)
        .collect();
    let ids_where = |pick: &dyn Fn(&super::state::GwellDevice) -> bool| -> Vec<String> {
        devices
            .iter()
            .filter(|c| pick(state.device(&c.id)))
            .map(|c| c.id.clone())
            .collect()
    };
    GwellAppView {
        app_id: app.app_id.clone(),
        app_token: app.app_token.clone(),
        app_key: app.app_key.clone(),
        users: app
            .users
            .iter()
            .map(|(id, name)| GwellUserView {
                access_id: id.clone(),
                name: name.clone(),
                owns: ids_where(&|d| d.owner.as_deref() == Some(id)),
                guest_of: ids_where(&|d| d.guests.contains(id)),
            })
            .collect(),
        devices: devices.iter().map(|d| d.id.clone()).collect(),
    }
}

/// A device's Gwell keys, in scenario vocabulary, with what the world derives (`active`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceExtras {
    owner: Option<String>,
    guests: Vec<String>,
    bind_time: i64,
    storage: Option<StorageView>,
    flow: Option<FlowView>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StorageView {
    order_id: String,
    pkg_type: u8,
    start_time: i64,
    end_time: i64,
    storage_days: u32,
    sub_status: bool,
    sub_time: i64,
    withhold_time: i64,
    active: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FlowView {
    sim_id: String,
    iccid: Option<String>,
    order_id: i64,
    start_time: i64,
    end_time: i64,
    card_provider: String,
    sub_status: bool,
    sub_time: i64,
    withhold_time: i64,
    total_flow: i64,
    use_flow: i64,
    active_region: String,
    active: bool,
}

pub fn device_extras(state: &GwellState, camera: &Camera, now: i64) -> Map<String, Value> {
    let d = state.device(&camera.id);
    let extras = DeviceExtras {
        owner: d.owner.clone(),
        guests: d.guests.clone(),
        bind_time: d.bound_at,
        storage: d.storage.as_ref().map(|s| storage_view(s, now)),
        flow: d.data_plan.as_ref().map(|f| flow_view(f, now)),
    };
    match serde_json::to_value(extras) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn storage_view(s: &StoragePlan, now: i64) -> StorageView {
    StorageView {
        order_id: s.order_id.clone(),
        pkg_type: s.kind,
        start_time: s.start,
        end_time: s.end,
        storage_days: s.days,
        sub_status: s.subscribed,
        sub_time: s.subscribed_at,
        withhold_time: s.charged_at,
        active: s.is_active(now),
    }
}

fn flow_view(f: &DataPlan, now: i64) -> FlowView {
    FlowView {
        sim_id: f.sim_id.clone(),
        iccid: f.iccid.clone(),
        order_id: f.order_id,
        start_time: f.start,
        end_time: f.end,
        card_provider: f.provider.clone(),
        sub_status: f.subscribed,
        sub_time: f.subscribed_at,
        withhold_time: f.charged_at,
        total_flow: f.total_mb,
        use_flow: f.used_mb,
        active_region: f.active_region.clone(),
        active: f.is_active(now),
    }
}

/// `PATCH /_camsim/worlds/{w}/devices/gwell/{id}`: any subset of a scenario device's keys.
/// `storage: null` / `flow: null` remove a package; `owner: null` unbinds.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellPatch {
    online: Option<bool>,
    online_update_time: Option<TimeSpec>,
    long_offline: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    battery: Option<Option<u8>>,
    signal: Option<i64>,
    rssi: Option<i64>,
    power_mode: Option<u8>,
    power_charging: Option<u8>,
    notice_status: Option<u8>,
    firmware_ver: Option<String>,
    device_type: Option<String>,
    #[serde(default, deserialize_with = "present")]
    owner: Option<Option<IdText>>,
    guests: Option<Vec<IdText>>,
    bind_time: Option<TimeSpec>,
    #[serde(default, deserialize_with = "present")]
    storage: Option<Option<StorageSpec>>,
    #[serde(default, deserialize_with = "present")]
    flow: Option<Option<FlowSpec>>,
}

/// The Gwell keys of a patch, once the camera's are handed on.
struct BindingPatch {
    owner: Option<Option<IdText>>,
    guests: Option<Vec<IdText>>,
    bind_time: Option<TimeSpec>,
    storage: Option<Option<StorageSpec>>,
    flow: Option<Option<FlowSpec>>,
}

impl BindingPatch {
    fn is_empty(&self) -> bool {
        self.owner.is_none()
            && self.guests.is_none()
            && self.bind_time.is_none()
            && self.storage.is_none()
            && self.flow.is_none()
    }
}

impl GwellPatch {
    fn split(self) -> (CameraPatch, BindingPatch) {
        let camera = CameraPatch {
            online: self.online,
            online_update_time: self.online_update_time,
            long_offline: self.long_offline,
            battery: self.battery,
            signal: self.signal,
            rssi: self.rssi,
            power_mode: self.power_mode,
            power_charging: self.power_charging,
            notice_status: self.notice_status,
            firmware_ver: self.firmware_ver,
            device_type: self.device_type,
        };
        let binding = BindingPatch {
            owner: self.owner,
            guests: self.guests,
            bind_time: self.bind_time,
            storage: self.storage,
            flow: self.flow,
        };
        (camera, binding)
    }
}

/// Checks the whole patch (the same binding and range rules as `camsim check`), then applies it.
pub fn patch(world: &mut World, id: &str, patch: GwellPatch, now: i64) -> Result<(), PatchProblem> {
    let (camera_patch, binding) = patch.split();
    if let Some(problem) = camera_patch.problem() {
        return Err(problem);
    }
    let Some((state, cameras)) = world.model_and_cameras::<GwellState>() else {
        return Ok(());
    };
    let Some(camera) = cameras.get_mut(VendorId::Gwell, id) else {
        return Ok(());
    };
    let users: Vec<String> = state
        .app(&camera.account)
        .map(|a| a.users.keys().cloned().collect())
        .unwrap_or_default();
    validate(&binding, state.device(id), &users, now)?;
    camera_patch.apply(camera, now);
    if binding.is_empty() {
        return Ok(());
    }
    let device = state.device_mut(id);
    if let Some(owner) = binding.owner {
        device.owner = owner.map(|o| o.0);
        if device.owner.is_none() {
            device.guests.clear();
            device.bound_at = 0;
        } else if device.bound_at == 0 {
            device.bound_at = now;
        }
    }
    if let Some(guests) = binding.guests {
        device.guests = guests.into_iter().map(|g| g.0).collect();
    }
    if let Some(t) = binding.bind_time {
        device.bound_at = t.at(now);
    }
    if let Some(storage) = binding.storage {
        device.storage = storage.map(|s| StoragePlan::from_spec(&s, now));
    }
    if let Some(flow) = binding.flow {
        device.data_plan = flow.map(|f| DataPlan::from_spec(&f, now));
    }
    Ok(())
}

fn validate(
    p: &BindingPatch,
    current: &super::state::GwellDevice,
    users: &[String],
    now: i64,
) -> Result<(), PatchProblem> {
    if let Some(kind) = p
        .storage
        .as_ref()
        .and_then(|s| s.as_ref())
        .map(|s| s.pkg_type)
        .filter(|k| *k > 1)
    {
        return Err(PatchProblem::new(
            "storage.pkgType",
            format!("storage.pkgType: {kind} is out of range 0-1"),
        ));
    }
    let known = |id: &str| users.iter().any(|u| u == id);
    if let Some(Some(owner)) = &p.owner
        && !known(owner.as_str())
    {
        return Err(PatchProblem::new(
            "owner",
            format!("owner: `{owner}` is not a user of the device's app"),
        ));
    }
    if let Some(guest) = p.guests.iter().flatten().find(|g| !known(g.as_str())) {
        return Err(PatchProblem::new(
            "guests",
            format!("guests: `{guest}` is not a user of the device's app"),
        ));
    }
    // The same binding rules as `camsim check`, on the device as it will be after the patch.
    let owner = match &p.owner {
        Some(new) => new.as_ref().map(|o| o.as_str()),
        None => current.owner.as_deref(),
    };
    let guests: Vec<&str> = match &p.guests {
        Some(new) => new.iter().map(|g| g.as_str()).collect(),
        None if matches!(p.owner, Some(None)) => Vec::new(),
        None => current.guests.iter().map(String::as_str).collect(),
    };
    if owner.is_none() && !guests.is_empty() {
        return Err(PatchProblem::new(
            "guests",
            "guests: a device without an owner cannot be shared",
        ));
    }
    if let Some(g) = guests.iter().find(|g| Some(**g) == owner) {
        return Err(PatchProblem::new(
            "guests",
            format!("guests: `{g}` is the owner"),
        ));
    }
    if let Some((_, g)) = guests
        .iter()
        .enumerate()
        .find(|(i, g)| guests[..*i].contains(g))
    {
        return Err(PatchProblem::new(
            "guests",
            format!("guests: `{g}` is listed twice"),
        ));
    }
    let plans = [
        (
            "storage",
            p.storage
                .as_ref()
                .and_then(|s| s.as_ref())
                .map(|s| (s.start_time, s.end_time)),
        ),
        (
            "flow",
            p.flow
                .as_ref()
                .and_then(|f| f.as_ref())
                .map(|f| (f.start_time, f.end_time)),
        ),
    ];
    for (field, plan) in plans {
        if let Some((start, end)) = plan
            && end.at(now) < start.at(now)
        {
            return Err(PatchProblem::new(
                field,
                format!("{field}.endTime: is before startTime"),
            ));
        }
    }
    if let Some(Some(f)) = &p.flow
        && (f.total_flow < 0 || f.use_flow < 0)
    {
        return Err(PatchProblem::new(
            "flow",
            "flow: totalFlow and useFlow must not be negative",
        ));
    }
    Ok(())
}
