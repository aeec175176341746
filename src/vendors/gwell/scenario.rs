//! Gwell's section of a scenario file (`gwell:`): its apps with their credentials, users and
//! devices (every field of seed 001's deviceInfo, storageInfo and flowInfo tables), `generate:`
//! groups, what `camsim check` verifies of them, and how a world's Gwell part is built.

use super::generate::{Group, generate_devices, generated_ids};
use super::state::{DataPlan, GwellApp, GwellDevice, GwellState, StoragePlan};
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::sim::spec::{IdText, Problem, TimeSpec};
use crate::sim::timeline::TimelineSpec;
use crate::sim::world::{Account, Build};
use crate::sim::worlds::MAX_WORLD_DEVICES;
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};
use std::collections::HashSet;
use std::sync::Arc;

/// The most devices one `generate:` entry may ask for.
pub const MAX_GENERATED: u32 = 1_000_000;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellSpec {
    #[serde(default)]
    pub apps: Vec<GwellAppSpec>,
}

/// A Gwell custCloud app: the three credentials Gwell hands out, its users and devices.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellAppSpec {
    /// Generated from the seed and world name when absent.
    #[serde(default)]
    pub app_id: Option<Spanned<String>>,
    #[serde(default)]
    pub app_token: Option<String>,
    /// The HMAC-SHA1 signing key.
    #[serde(default)]
    pub app_key: Option<String>,
    #[serde(default)]
    pub users: Vec<GwellUserSpec>,
    #[serde(default)]
    pub devices: Vec<GwellDeviceSpec>,
    #[serde(default)]
    pub generate: Vec<Spanned<GenerateSpec>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellUserSpec {
    /// Gwell cloud user id: an int64 as text (usually negative).
    pub access_id: Spanned<IdText>,
    #[serde(default)]
    pub name: Option<String>,
}

/// One device; every field of seed 001's deviceInfo / storageInfo / flowInfo tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellDeviceSpec {
    /// Gwell device id: an int64 as text (devList sends it as a number).
    pub dev_id: Spanned<IdText>,
    pub sn: Spanned<IdText>,
    /// accessId of the owner; absent = not bound (ownerId 0).
    #[serde(default)]
    pub owner: Option<Spanned<IdText>>,
    /// accessIds the owner shared the device with.
    #[serde(default)]
    pub guests: Vec<Spanned<IdText>>,
    #[serde(default)]
    pub bind_time: Option<TimeSpec>,
    #[serde(default = "default_device_type")]
    pub device_type: String,
    #[serde(default = "default_firmware")]
    pub firmware_ver: String,
    #[serde(default = "crate::sim::spec::yes")]
    pub online: bool,
    #[serde(default)]
    pub online_update_time: Option<TimeSpec>,
    /// Offline for months: devInfo withholds every online field (seed 001 note).
    #[serde(default)]
    pub long_offline: bool,
    /// Percent; absent for a device without a battery. (Spanned, like the other ranged keys,
    /// so `check` can point at the value that is out of range.)
    #[serde(default)]
    pub battery: Option<Spanned<u8>>,
    #[serde(default = "default_signal")]
    pub signal: i64,
    #[serde(default = "default_rssi")]
    pub rssi: i64,
    /// 0 no battery, 1 on battery, 2 battery on external power. Derived from `battery` when absent.
    #[serde(default)]
    pub power_mode: Option<Spanned<u8>>,
    /// 0 not charging (default), 1 charging, 2 low-voltage charging, 3 high-voltage charging.
    #[serde(default)]
    pub power_charging: Option<Spanned<u8>>,
    /// 1 = push notifications on (default), 0 off.
    #[serde(default)]
    pub notice_status: Option<Spanned<u8>>,
    /// Cloud storage package (storageInfo, devList `vss`).
    #[serde(default)]
    pub storage: Option<StorageSpec>,
    /// 4G data package (flowInfo, devList `fourCard`).
    #[serde(default)]
    pub flow: Option<FlowSpec>,
    /// How its history is generated; absent keys come from the scenario's `timeline:`.
    #[serde(default)]
    pub timeline: Option<Spanned<TimelineSpec>>,
}

fn default_device_type() -> String {
    "IPC".to_string()
}
fn default_firmware() -> String {
    "13.1.0.52".to_string()
}
fn default_signal() -> i64 {
    80
}
fn default_rssi() -> i64 {
    -55
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageSpec {
    pub order_id: String,
    /// 0 full-time recording, 1 event recording.
    #[serde(default)]
    pub pkg_type: u8,
    pub start_time: TimeSpec,
    pub end_time: TimeSpec,
    #[serde(default = "default_storage_days")]
    pub storage_days: u32,
    /// Auto-renewal subscription active.
    #[serde(default)]
    pub sub_status: bool,
    #[serde(default)]
    pub sub_time: Option<TimeSpec>,
    #[serde(default)]
    pub withhold_time: Option<TimeSpec>,
}

fn default_storage_days() -> u32 {
    7
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowSpec {
    pub sim_id: String,
    #[serde(default)]
    pub iccid: Option<String>,
    pub order_id: i64,
    pub start_time: TimeSpec,
    pub end_time: TimeSpec,
    #[serde(default = "default_provider")]
    pub card_provider: String,
    #[serde(default)]
    pub sub_status: bool,
    #[serde(default)]
    pub sub_time: Option<TimeSpec>,
    #[serde(default)]
    pub withhold_time: Option<TimeSpec>,
    /// MB in the package; 0 for an unlimited (time-based) package.
    #[serde(default)]
    pub total_flow: i64,
    /// MB used so far.
    #[serde(default)]
    pub use_flow: i64,
    /// Region the card was activated in; empty = not activated.
    #[serde(default)]
    pub active_region: String,
}

fn default_provider() -> String {
    "中国移动".to_string()
}

/// Creates `count` devices with seeded fake data, for load tests and realistic lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateSpec {
    pub count: u32,
    /// First devId; the others follow consecutively.
    #[serde(default = "default_id_start")]
    pub id_start: IdText,
    /// accessIds the devices are dealt to in turn; default: every user of the app.
    #[serde(default)]
    pub owners: Vec<Spanned<IdText>>,
    #[serde(default = "default_online_ratio")]
    pub online_ratio: f64,
    #[serde(default = "default_long_offline_ratio")]
    pub long_offline_ratio: f64,
    #[serde(default = "default_half")]
    pub battery_ratio: f64,
    #[serde(default = "default_half")]
    pub storage_ratio: f64,
    #[serde(default = "default_flow_ratio")]
    pub flow_ratio: f64,
    /// How the devices' history is generated; absent keys come from the scenario's `timeline:`.
    #[serde(default)]
    pub timeline: Option<Spanned<TimelineSpec>>,
}

fn default_id_start() -> IdText {
    IdText("7000000000001".to_string())
}
fn default_online_ratio() -> f64 {
    0.8
}
fn default_long_offline_ratio() -> f64 {
    0.05
}
fn default_half() -> f64 {
    0.5
}
fn default_flow_ratio() -> f64 {
    0.2
}

/// Credentials written in the section (generated ones are unique by construction).
pub fn declared_credentials(s: &GwellSpec) -> Vec<(String, Location)> {
    s.apps
        .iter()
        .filter_map(|a| a.app_id.as_ref())
        .map(|id| (id.value.clone(), id.referenced))
        .collect()
}

/// Every problem in the section; returns the devIds it declares (fault rules may name them).
pub fn check(s: &GwellSpec, out: &mut Vec<Problem>) -> HashSet<String> {
    let mut devices = HashSet::new();
    let mut sns = HashSet::new();
    if let Some(too_big) = over_world_size(s) {
        // Checking each device of an oversized world would itself take the memory refused.
        out.push(too_big);
    } else {
        for app in &s.apps {
            check_app(app, &mut devices, &mut sns, out);
        }
    }
    devices
}

/// Devices a world built from the section will hold, listed and generated (saturating).
pub fn planned_devices(s: &GwellSpec) -> u64 {
    s.apps
        .iter()
        .flat_map(|app| {
            let generated = app.generate.iter().map(|g| u64::from(g.value.count));
            std::iter::once(app.devices.len() as u64).chain(generated)
        })
        .fold(0, u64::saturating_add)
}

/// The section's device count past [`MAX_WORLD_DEVICES`], reported at the entry that crosses it.
fn over_world_size(s: &GwellSpec) -> Option<Problem> {
    let mut total: u64 = 0;
    for app in &s.apps {
        total = total.saturating_add(app.devices.len() as u64);
        for g in &app.generate {
            total = total.saturating_add(u64::from(g.value.count));
            if total > MAX_WORLD_DEVICES {
                return Some(Problem::at_value(
                    g,
                    format!(
                        "generate.count: the world would hold more than {MAX_WORLD_DEVICES} devices (listed and generated together)"
                    ),
                ));
            }
        }
    }
    (total > MAX_WORLD_DEVICES).then(|| {
        Problem::at_start(format!(
            "gwell.apps: the world would hold {total} devices, more than {MAX_WORLD_DEVICES}"
        ))
    })
}

fn is_int64(text: &str) -> bool {
    text.parse::<i64>().is_ok()
}

fn check_app(
    app: &GwellAppSpec,
    devices: &mut HashSet<String>,
    sns: &mut HashSet<String>,
    out: &mut Vec<Problem>,
) {
    for (field, value) in [("appToken", &app.app_token), ("appKey", &app.app_key)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            let loc = app.app_id.as_ref().map(|a| a.referenced);
            out.push(Problem::near(loc, format!("{field}: must not be empty")));
        }
    }
    let mut users = HashSet::new();
    for u in &app.users {
        let id = u.access_id.value.as_str();
        if !is_int64(id) {
            out.push(Problem::at_value(
                &u.access_id,
                format!("accessId: `{id}` is not an int64"),
            ));
        } else if !users.insert(id.to_string()) {
            out.push(Problem::at_value(
                &u.access_id,
                format!("duplicate accessId `{id}`"),
            ));
        }
    }
    let user_ref = |r: &Spanned<IdText>, role: &str, out: &mut Vec<Problem>| {
        if !users.contains(r.value.as_str()) {
            out.push(Problem::at_value(
                r,
                format!("{role}: `{}` is not a user (accessId) of this app", r.value),
            ));
        }
    };
    for d in &app.devices {
        let id = d.dev_id.value.as_str();
        if id.parse::<i64>().map_or(true, |n| n <= 0) {
            out.push(Problem::at_value(
                &d.dev_id,
                format!("devId: `{id}` is not a positive int64"),
            ));
        } else if !devices.insert(id.to_string()) {
            out.push(Problem::at_value(
                &d.dev_id,
                format!("duplicate devId `{id}`"),
            ));
        }
        let sn = d.sn.value.as_str();
        if sn.trim().is_empty() {
            out.push(Problem::at_value(&d.sn, "sn: must not be empty"));
        } else if !sns.insert(sn.to_string()) {
            out.push(Problem::at_value(&d.sn, format!("duplicate sn `{sn}`")));
        }
        if let Some(owner) = &d.owner {
            user_ref(owner, "owner", out);
        }
        let mut guests = HashSet::new();
        for g in &d.guests {
            user_ref(g, "guests", out);
            if d.owner.as_ref().is_some_and(|o| o.value == g.value) {
                out.push(Problem::at_value(
                    g,
                    format!("guests: `{}` is the owner", g.value),
                ));
            } else if !guests.insert(g.value.as_str()) {
                out.push(Problem::at_value(
                    g,
                    format!("guests: `{}` is listed twice", g.value),
                ));
            }
        }
        if !d.guests.is_empty() && d.owner.is_none() {
            out.push(Problem::at_value(
                &d.dev_id,
                "guests: a device without an owner cannot be shared",
            ));
        }
        let ranged = [
            ("battery", &d.battery, 100),
            ("powerMode", &d.power_mode, 2),
            ("powerCharging", &d.power_charging, 3),
            ("noticeStatus", &d.notice_status, 1),
        ];
        for (field, value, max) in ranged {
            out.extend(
                value
                    .as_ref()
                    .and_then(|v| Problem::out_of_range(v, field, 0, max)),
            );
        }
        if let Some(t) = &d.timeline {
            timeline_problems(t, out);
        }
        if let Some(s) = d.storage.as_ref().filter(|s| s.pkg_type > 1) {
            out.push(Problem::at_value(
                &d.dev_id,
                format!("storage.pkgType: {} is out of range 0-1", s.pkg_type),
            ));
        }
        if let Some(s) = &d.storage
            && ends_before_start(s.start_time, s.end_time)
        {
            out.push(Problem::at_value(
                &d.dev_id,
                "storage.endTime: is before startTime",
            ));
        }
        if let Some(f) = &d.flow {
            if ends_before_start(f.start_time, f.end_time) {
                out.push(Problem::at_value(
                    &d.dev_id,
                    "flow.endTime: is before startTime",
                ));
            }
            if f.use_flow < 0 || f.total_flow < 0 {
                out.push(Problem::at_value(
                    &d.dev_id,
                    "flow: totalFlow and useFlow must not be negative",
                ));
            }
        }
    }
    for g in &app.generate {
        let spec = &g.value;
        if let Some(t) = &spec.timeline {
            timeline_problems(t, out);
        }
        if spec.count == 0 || spec.count > MAX_GENERATED {
            out.push(Problem::at_value(
                g,
                format!("generate.count: must be 1-{MAX_GENERATED}"),
            ));
            continue;
        }
        if spec
            .id_start
            .as_str()
            .parse::<i64>()
            .map_or(true, |n| n <= 0)
            || spec
                .id_start
                .as_str()
                .parse::<i64>()
                .is_ok_and(|n| n.checked_add(i64::from(spec.count)).is_none())
        {
            out.push(Problem::at_value(
                g,
                format!(
                    "generate.idStart: `{}` is not a positive int64",
                    spec.id_start
                ),
            ));
            continue;
        }
        for (field, ratio) in [
            ("onlineRatio", spec.online_ratio),
            ("longOfflineRatio", spec.long_offline_ratio),
            ("batteryRatio", spec.battery_ratio),
            ("storageRatio", spec.storage_ratio),
            ("flowRatio", spec.flow_ratio),
        ] {
            if !(0.0..=1.0).contains(&ratio) {
                out.push(Problem::at_value(
                    g,
                    format!("generate.{field}: {ratio} is not between 0 and 1"),
                ));
            }
        }
        for owner in &spec.owners {
            user_ref(owner, "generate.owners", out);
        }
        if spec.owners.is_empty() && users.is_empty() {
            out.push(Problem::at_value(
                g,
                "generate: the app has no users to own the devices",
            ));
        }
        if let Some(clash) = generated_ids(spec).find(|id| !devices.insert(id.clone())) {
            out.push(Problem::at_value(
                g,
                format!("generate: devId `{clash}` is already used"),
            ));
        }
    }
}

/// A `timeline:` entry's values out of range, at the entry.
fn timeline_problems(t: &Spanned<TimelineSpec>, out: &mut Vec<Problem>) {
    for (key, message) in t.value.problems() {
        out.push(Problem::at_value(t, format!("timeline.{key}: {message}")));
    }
}

/// Only comparable when both ends are absolute or both are relative to the world's start.
fn ends_before_start(start: TimeSpec, end: TimeSpec) -> bool {
    match (start, end) {
        (TimeSpec::Unix(a), TimeSpec::Unix(b)) | (TimeSpec::FromNow(a), TimeSpec::FromNow(b)) => {
            b < a
        }
        _ => false,
    }
}

/// Adds the section's apps, users and devices to a world being built.
pub fn build(s: &GwellSpec, b: &mut Build<'_>) -> GwellState {
    let mut state = GwellState::default();
    for spec in &s.apps {
        add_app(spec, &mut state, b);
    }
    state
}

fn add_app(spec: &GwellAppSpec, state: &mut GwellState, b: &mut Build<'_>) {
    let ids = b.credential_ids;
    let app = GwellApp {
        app_id: spec
            .app_id
            .as_ref()
            .map_or_else(|| ids.hex(32), |s| s.value.clone()),
        app_token: spec.app_token.clone().unwrap_or_else(|| ids.hex(64)),
        app_key: spec.app_key.clone().unwrap_or_else(|| ids.hex(32)),
        users: spec
            .users
            .iter()
            .map(|u| {
                let id = u.access_id.value.0.clone();
                let name = u.name.clone().unwrap_or_else(|| format!("user {id}"));
                (id, name)
            })
            .collect(),
    };
    let now = b.now_secs;
    for d in &spec.devices {
        let (mut camera, gwell) = declared_device(&app.app_id, d, now);
        camera.timeline = Arc::new(d.timeline.as_ref().map_or_else(
            || b.timeline.settings(),
            |t| t.value.or(b.timeline).settings(),
        ));
        state.insert_device(camera.id.clone(), gwell);
        b.world.cameras.insert(camera);
    }
    let all_users: Vec<String> = app.users.keys().cloned().collect();
    for g in &spec.generate {
        let g = &g.value;
        let owners: Vec<String> = if g.owners.is_empty() {
            all_users.clone()
        } else {
            g.owners.iter().map(|o| o.value.0.clone()).collect()
        };
        let group = Group {
            account: &app.app_id,
            spec: g,
            owners: &owners,
            timeline: Arc::new(g.timeline.as_ref().map_or_else(
                || b.timeline.settings(),
                |t| t.value.or(b.timeline).settings(),
            )),
        };
        for (mut camera, gwell) in generate_devices(&group, b.seed, now) {
            // A random serial may meet one already taken (declared, or drawn before): the
            // devId suffix makes it unique without changing any other generated value.
            if b.world.cameras.by_sn(VendorId::Gwell, &camera.sn).is_some() {
                camera.sn = format!("{}{}", camera.sn, camera.id);
            }
            state.insert_device(camera.id.clone(), gwell);
            b.world.cameras.insert(camera);
        }
    }
    b.world.add_account(Account::fixed(
        VendorId::Gwell,
        app.app_id.clone(),
        app.app_key.clone(),
        Some(app.app_token.clone()),
    ));
    state.apps.push(app);
}

fn declared_device(app_id: &str, d: &GwellDeviceSpec, now_secs: i64) -> (Camera, GwellDevice) {
    let mut camera = Camera::new(
        VendorId::Gwell,
        d.dev_id.value.0.clone(),
        d.sn.value.0.clone(),
        app_id.to_string(),
        now_secs,
    );
    camera.device_type = d.device_type.clone();
    camera.firmware = d.firmware_ver.clone();
    camera.online = d.online && !d.long_offline;
    camera.online_changed_at = d
        .online_update_time
        .map_or(now_secs - 3600, |t| t.at(now_secs));
    camera.long_offline = d.long_offline;
    camera.battery = d.battery.as_ref().map(|b| b.value);
    camera.power_mode = d.power_mode.as_ref().map_or_else(
        || Camera::default_power_mode(d.battery.as_ref().map(|b| b.value)),
        |m| m.value,
    );
    camera.power_charging = d.power_charging.as_ref().map_or(0, |c| c.value);
    camera.signal = d.signal;
    camera.rssi = d.rssi;
    camera.notifications = d.notice_status.as_ref().is_none_or(|n| n.value != 0);
    let gwell = GwellDevice {
        owner: d.owner.as_ref().map(|o| o.value.0.clone()),
        guests: d.guests.iter().map(|g| g.value.0.clone()).collect(),
        bound_at: d.bind_time.map_or(
            if d.owner.is_some() {
                now_secs - 30 * 86_400
            } else {
                0
            },
            |t| t.at(now_secs),
        ),
        storage: d
            .storage
            .as_ref()
            .map(|s| StoragePlan::from_spec(s, now_secs)),
        data_plan: d.flow.as_ref().map(|f| DataPlan::from_spec(f, now_secs)),
    };
    (camera, gwell)
}
