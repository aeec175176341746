//! Sodalife's section of a scenario file (`sodalife:`): its apps (client id and secret, scopes,
//! the users of the authorization-code grant, whether frozen, the per-device call interval) and
//! each app's devices (serial, online, capabilities, PTZ position and limits, timeline), what
//! `camsim check` verifies of them, and how a world's Sodalife part is built.

use super::ptz::{PtzLimits, PtzState};
use super::state::{
    APP_SCOPES, CAPABILITIES, Capabilities, SodalifeApp, SodalifeDevice, SodalifeState,
    SodalifeUser, known_scope,
};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Ptz};
use crate::sim::spec::{Problem, TimeSpec};
use crate::sim::timeline::TimelineSpec;
use crate::sim::world::{Account, Build};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};
use std::collections::HashSet;
use std::sync::Arc;

/// The longest device serial (EZVIZ's rule, which Sodalife's camera API follows).
pub const MAX_SERIAL_CHARS: usize = 50;
/// Devices one app may list.
pub const MAX_APP_DEVICES: usize = 100_000;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeSpec {
    #[serde(default)]
    pub apps: Vec<SodalifeAppSpec>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeAppSpec {
    /// 32 lower-case hex characters on the real platform; generated when absent.
    #[serde(default)]
    pub client_id: Option<Spanned<String>>,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Default `[iot:public, iot:control]`.
    #[serde(default)]
    pub scopes: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub frozen: bool,
    /// Seconds a device's calls must be apart; default 4 (seed 002), 0 = no rule.
    #[serde(default)]
    pub call_interval_secs: Option<Spanned<u32>>,
    #[serde(default)]
    pub users: Vec<SodalifeUserSpec>,
    #[serde(default)]
    pub devices: Vec<SodalifeDeviceSpec>,
}

/// The seed's "calls for one device at least 4 seconds apart".
pub const DEFAULT_CALL_INTERVAL_SECS: u32 = 4;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeUserSpec {
    pub user_id: Spanned<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeDeviceSpec {
    /// Upper-case letters and digits, at most 50 characters.
    pub serial: Spanned<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "crate::sim::spec::yes")]
    pub online: bool,
    #[serde(default)]
    pub online_update_time: Option<TimeSpec>,
    /// Default: every one of `capture`, `ptz`, `talk`.
    #[serde(default)]
    pub capabilities: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ptz: Option<Spanned<PtzSpec>>,
    #[serde(default)]
    pub battery: Option<Spanned<u8>>,
    #[serde(default)]
    pub signal: Option<Spanned<u8>>,
    #[serde(default)]
    pub firmware_ver: Option<String>,
    #[serde(default)]
    pub timeline: Option<Spanned<TimelineSpec>>,
}

/// Where the lens points, and how far it may go.
#[derive(Debug, Clone, Copy, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PtzSpec {
    #[serde(default)]
    pub pan: Option<i32>,
    #[serde(default)]
    pub tilt: Option<i32>,
    #[serde(default)]
    pub zoom: Option<u32>,
    #[serde(default)]
    pub pan_min: Option<i32>,
    #[serde(default)]
    pub pan_max: Option<i32>,
    #[serde(default)]
    pub tilt_min: Option<i32>,
    #[serde(default)]
    pub tilt_max: Option<i32>,
    #[serde(default)]
    pub zoom_max: Option<u32>,
}

impl PtzSpec {
    /// The position and limits, defaults filled in (the position inside the limits).
    pub fn resolve(&self) -> (Ptz, PtzLimits) {
        let d = PtzLimits::default();
        let limits = PtzLimits {
            pan_min: self.pan_min.unwrap_or(d.pan_min),
            pan_max: self.pan_max.unwrap_or(d.pan_max),
            tilt_min: self.tilt_min.unwrap_or(d.tilt_min),
            tilt_max: self.tilt_max.unwrap_or(d.tilt_max),
            zoom_max: self.zoom_max.unwrap_or(d.zoom_max),
        };
        let at = Ptz {
            pan: self.pan.unwrap_or(Ptz::AT_REST.pan),
            tilt: self.tilt.unwrap_or(Ptz::AT_REST.tilt),
            zoom: self.zoom.unwrap_or(Ptz::AT_REST.zoom),
        };
        (at, limits)
    }
}

/// Whether `serial` is one the camera API takes: upper-case letters and digits, 1–50 long.
pub fn serial_problem(serial: &str) -> Option<String> {
    // One pass over the bytes; characters are counted only when the bytes could be too many.
    if serial.is_empty() {
        return Some("must not be empty".into());
    }
    let (mut lower, mut other) = (false, false);
    for b in serial.bytes() {
        lower |= b.is_ascii_lowercase();
        other |= !b.is_ascii_alphanumeric();
    }
    if serial.len() > MAX_SERIAL_CHARS && serial.chars().count() > MAX_SERIAL_CHARS {
        return Some(format!("longer than {MAX_SERIAL_CHARS} characters"));
    }
    if lower {
        return Some("letters must be upper case".into());
    }
    if other {
        return Some("only letters and digits".into());
    }
    None
}

fn capabilities(list: Option<&Vec<Spanned<String>>>) -> Capabilities {
    match list {
        None => Capabilities::default(),
        Some(list) => Capabilities::from_names(list.iter().map(|c| c.value.as_str())),
    }
}

pub fn declared_credentials(s: &SodalifeSpec) -> Vec<(String, Location)> {
    s.apps
        .iter()
        .filter_map(|a| a.client_id.as_ref())
        .map(|id| (id.value.clone(), id.referenced))
        .collect()
}

pub fn planned_devices(s: &SodalifeSpec) -> u64 {
    s.apps.iter().map(|a| a.devices.len() as u64).sum()
}

/// Every problem in the section; returns the serials it declares.
pub fn check(s: &SodalifeSpec, out: &mut Vec<Problem>) -> HashSet<String> {
    let mut serials = HashSet::new();
    for app in &s.apps {
        check_app(app, &mut serials, out);
    }
    serials
}

fn check_app(app: &SodalifeAppSpec, serials: &mut HashSet<String>, out: &mut Vec<Problem>) {
    let near = app.client_id.as_ref().map(|c| c.referenced);
    if let Some(id) = &app.client_id
        && id.value.trim().is_empty()
    {
        out.push(Problem::at_value(id, "clientId: must not be empty"));
    }
    if app
        .client_secret
        .as_deref()
        .is_some_and(|s| s.trim().is_empty())
    {
        out.push(Problem::near(near, "clientSecret: must not be empty"));
    }
    for scope in app.scopes.iter().flatten() {
        if !APP_SCOPES.contains(&scope.value.as_str()) {
            out.push(Problem::at_value(
                scope,
                format!(
                    "scopes: `{}` is not an app scope ({})",
                    scope.value,
                    APP_SCOPES.join(", ")
                ),
            ));
        }
    }
    if let Some(interval) = app.call_interval_secs.as_ref().filter(|i| i.value > 3600) {
        out.push(Problem::at_value(
            interval,
            format!(
                "callIntervalSecs: {} is out of range 0-3600",
                interval.value
            ),
        ));
    }
    let mut users = HashSet::new();
    for u in &app.users {
        let id = u.user_id.value.as_str();
        if id.trim().is_empty() || id.chars().count() > 64 {
            out.push(Problem::at_value(
                &u.user_id,
                "userId: must be 1-64 characters",
            ));
        } else if !users.insert(id) {
            out.push(Problem::at_value(
                &u.user_id,
                format!("duplicate userId `{id}`"),
            ));
        }
    }
    if app.devices.len() > MAX_APP_DEVICES {
        out.push(Problem::near(
            near,
            format!("devices: more than {MAX_APP_DEVICES} in one app"),
        ));
        return;
    }
    for d in &app.devices {
        let serial = d.serial.value.as_str();
        if let Some(why) = serial_problem(serial) {
            out.push(Problem::at_value(
                &d.serial,
                format!("serial: `{serial}` {why}"),
            ));
        } else if !serials.insert(serial.to_string()) {
            out.push(Problem::at_value(
                &d.serial,
                format!("duplicate serial `{serial}`"),
            ));
        }
        for c in d.capabilities.iter().flatten() {
            if !CAPABILITIES.contains(&c.value.as_str()) {
                out.push(Problem::at_value(
                    c,
                    format!(
                        "capabilities: `{}` is not one of {}",
                        c.value,
                        CAPABILITIES.join(", ")
                    ),
                ));
            }
        }
        if let Some(ptz) = &d.ptz {
            let (position, limits) = ptz.value.resolve();
            if let Some((key, message)) = limits.problem(position) {
                out.push(Problem::at_value(ptz, format!("ptz.{key}: {message}")));
            }
        }
        for (field, value) in [("battery", &d.battery), ("signal", &d.signal)] {
            out.extend(
                value
                    .as_ref()
                    .and_then(|v| Problem::out_of_range(v, field, 0, 100)),
            );
        }
        if let Some(t) = &d.timeline {
            for (key, message) in t.value.problems() {
                out.push(Problem::at_value(t, format!("timeline.{key}: {message}")));
            }
        }
    }
}

/// Adds the section's apps and devices to a world being built.
pub fn build(s: &SodalifeSpec, b: &mut Build<'_>) -> SodalifeState {
    let mut state = SodalifeState::default();
    for spec in &s.apps {
        let ids = b.credential_ids;
        let app = SodalifeApp {
            client_id: spec
                .client_id
                .as_ref()
                .map_or_else(|| ids.hex(32), |c| c.value.clone()),
            client_secret: spec.client_secret.clone().unwrap_or_else(|| ids.hex(32)),
            scopes: match &spec.scopes {
                None => vec!["iot:public", "iot:control"],
                Some(list) => list.iter().filter_map(|s| known_scope(&s.value)).collect(),
            },
            users: spec
                .users
                .iter()
                .map(|u| SodalifeUser {
                    user_id: u.user_id.value.clone(),
                    name: u
                        .name
                        .clone()
                        .unwrap_or_else(|| format!("user {}", u.user_id.value)),
                })
                .collect(),
            frozen: spec.frozen,
            call_interval_secs: spec
                .call_interval_secs
                .as_ref()
                .map_or(DEFAULT_CALL_INTERVAL_SECS, |i| i.value),
        };
        for d in &spec.devices {
            let (camera, device) = declared_device(&app.client_id, d, b);
            state.insert_device(camera.id.clone(), device);
            b.world.cameras.insert(camera);
        }
        b.world.add_account(Account::fixed(
            VendorId::Sodalife,
            app.client_id.clone(),
            app.client_secret.clone(),
            None,
        ));
        state.apps.push(app);
    }
    state
}

fn declared_device(
    client_id: &str,
    d: &SodalifeDeviceSpec,
    b: &Build<'_>,
) -> (Camera, SodalifeDevice) {
    let now = b.now_secs;
    let serial = d.serial.value.clone();
    let mut camera = Camera::new(
        VendorId::Sodalife,
        serial.clone(),
        serial.clone(),
        client_id.to_string(),
        now,
    );
    camera.online = d.online;
    camera.online_changed_at = d.online_update_time.map_or(now - 3600, |t| t.at(now));
    camera.battery = d.battery.as_ref().map(|b| b.value);
    camera.power_mode = Camera::default_power_mode(camera.battery);
    if let Some(signal) = &d.signal {
        camera.signal = i64::from(signal.value);
    }
    if let Some(firmware) = &d.firmware_ver {
        camera.firmware = firmware.clone();
    }
    camera.timeline = Arc::new(d.timeline.as_ref().map_or_else(
        || b.timeline.settings(),
        |t| t.value.or(b.timeline).settings(),
    ));
    let (position, limits) = d
        .ptz
        .as_ref()
        .map(|p| p.value)
        .unwrap_or_default()
        .resolve();
    camera.ptz = position;
    let device = SodalifeDevice {
        name: d.name.clone().unwrap_or_else(|| format!("camera {serial}")),
        capabilities: capabilities(d.capabilities.as_ref()),
        ptz: PtzState {
            limits,
            ..PtzState::default()
        },
        last_call_ms: None,
        voices: Default::default(),
    };
    (camera, device)
}
