//! Sodalife in the control API: its world-view section (each app's client id and secret,
//! scopes, users), its device keys, the device `PATCH` (camera keys, capabilities, PTZ), and its
//! own routes: `POST vendors/sodalife/authorize` issues a one-time authorization code (standing
//! in for the user's browser step) and `PATCH vendors/sodalife/apps/{clientId}` changes an app.

use super::routes::TOKEN_PATH;
use super::scenario::PtzSpec;
use super::state::{
    APP_SCOPES, AuthCode, CAPABILITIES, CODE_SECS, Capabilities, SodalifeState, USER_SCOPES,
    known_scope,
};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem, present};
use crate::sim::spec::TimeSpec;
use crate::sim::world::World;
use crate::vendors::model::{ControlAnswer, ControlCall, parse_body};
use http::Method;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// `GET worlds/{w}`'s `sodalife` section.
pub fn view(state: &SodalifeState, cameras: &Cameras) -> Value {
    let apps: Vec<Value> = state
        .apps
        .iter()
        .map(|app| {
            let devices: Vec<&str> = cameras
                .sorted(VendorId::Sodalife)
                .into_iter()
                .filter(|c| c.account == app.client_id)
                .map(|c| c.id.as_str())
                .collect();
            json!({
                "clientId": app.client_id,
                "clientSecret": app.client_secret,
                "scopes": app.scopes,
                "frozen": app.frozen,
                "callIntervalSecs": app.call_interval_secs,
                "users": app.users,
                "devices": devices,
            })
        })
        .collect();
    json!({ "tokenPath": TOKEN_PATH, "apps": apps })
}

/// A device's Sodalife keys, after the camera's.
pub fn device_extras(state: &SodalifeState, camera: &Camera, now_secs: i64) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(device) = state.device(&camera.id) else {
        return out;
    };
    let caps = device.capabilities;
    let names = caps.names();
    let at = device.ptz.position(camera.ptz, now_secs);
    out.insert("name".into(), json!(device.name));
    out.insert("capabilities".into(), json!(names));
    out.insert(
        "ptz".into(),
        json!({
            "pan": at.pan,
            "tilt": at.tilt,
            "zoom": at.zoom,
            "limits": device.ptz.limits,
            "moving": device.ptz.moving,
            "presetUntil": device.ptz.preset_until,
        }),
    );
    out.insert(
        "lastCallMs".into(),
        device.last_call_ms.map_or(Value::Null, Value::from),
    );
    out.insert("voices".into(), json!(device.voices));
    out
}

/// The keys a Sodalife device takes in `PATCH devices/sodalife/{serial}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifePatch {
    online: Option<bool>,
    online_update_time: Option<TimeSpec>,
    #[serde(default, deserialize_with = "present")]
    battery: Option<Option<u8>>,
    signal: Option<u8>,
    firmware_ver: Option<String>,
    name: Option<String>,
    capabilities: Option<Vec<String>>,
    /// Position and limits; keys left out keep their value.
    ptz: Option<PtzSpec>,
}

pub fn patch(
    world: &mut World,
    id: &str,
    patch: SodalifePatch,
    now: i64,
) -> Result<(), PatchProblem> {
    if let Some(signal) = patch.signal.filter(|s| *s > 100) {
        return Err(PatchProblem::new(
            "signal",
            format!("signal: {signal} is out of range 0-100"),
        ));
    }
    let camera_patch = CameraPatch {
        online: patch.online,
        online_update_time: patch.online_update_time,
        battery: patch.battery,
        signal: patch.signal.map(i64::from),
        firmware_ver: patch.firmware_ver,
        ..CameraPatch::default()
    };
    if let Some(problem) = camera_patch.problem() {
        return Err(problem);
    }
    let capabilities = match &patch.capabilities {
        None => None,
        Some(list) => {
            if let Some(bad) = list.iter().find(|c| !CAPABILITIES.contains(&c.as_str())) {
                return Err(PatchProblem::new(
                    "capabilities",
                    format!(
                        "capabilities: `{bad}` is not one of {}",
                        CAPABILITIES.join(", ")
                    ),
                ));
            }
            Some(Capabilities::from_names(list.iter().map(String::as_str)))
        }
    };
    let Some((state, cameras)) = world.model_and_cameras::<SodalifeState>() else {
        return Ok(());
    };
    let (Some(camera), Some(device)) = (
        cameras.get_mut(VendorId::Sodalife, id),
        state.device_mut(id),
    ) else {
        return Ok(());
    };
    let ptz = match patch.ptz {
        None => None,
        Some(spec) => {
            let limits = &device.ptz.limits;
            let merged = PtzSpec {
                pan: spec.pan.or(Some(camera.ptz.pan)),
                tilt: spec.tilt.or(Some(camera.ptz.tilt)),
                zoom: spec.zoom.or(Some(camera.ptz.zoom)),
                pan_min: spec.pan_min.or(Some(limits.pan_min)),
                pan_max: spec.pan_max.or(Some(limits.pan_max)),
                tilt_min: spec.tilt_min.or(Some(limits.tilt_min)),
                tilt_max: spec.tilt_max.or(Some(limits.tilt_max)),
                zoom_max: spec.zoom_max.or(Some(limits.zoom_max)),
            };
            let (at, limits) = merged.resolve();
            if let Some((key, message)) = limits.problem(at) {
                return Err(PatchProblem::new(
                    &format!("ptz.{key}"),
                    format!("ptz.{key}: {message}"),
                ));
            }
            Some((at, limits))
        }
    };
    camera_patch.apply(camera, now);
    if let Some(name) = patch.name {
        device.name = name;
    }
    if let Some(caps) = capabilities {
        device.capabilities = caps;
    }
    if let Some((at, limits)) = ptz {
        camera.ptz = at;
        device.ptz.limits = limits;
        device.ptz.moving = None;
        device.ptz.preset_until = None;
    }
    Ok(())
}

/// The routes under `vendors/sodalife/`.
pub fn control(world: &mut World, call: &ControlCall<'_>) -> ControlAnswer {
    let Some(state) = world.model_mut::<SodalifeState>() else {
        return ControlAnswer::NoRoute;
    };
    match call.path {
        ["authorize"] if call.method == Method::POST => authorize(state, call),
        ["authorize"] => ControlAnswer::WrongMethod("POST"),
        ["apps", client_id] if call.method == Method::PATCH => {
            patch_app(state, client_id, call.body)
        }
        ["apps", _] => ControlAnswer::WrongMethod("PATCH"),
        _ => ControlAnswer::NoRoute,
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthorizeBody {
    client_id: String,
    user_id: String,
    /// Comma-separated user scopes; `user:public` is always granted.
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    state: Option<String>,
}

/// Issues a one-time authorization code, as the browser step `GET /oauth2/authorize` ends.
fn authorize(state: &mut SodalifeState, call: &ControlCall<'_>) -> ControlAnswer {
    let body: AuthorizeBody = match parse_body(call.body) {
        Ok(body) => body,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    let Some(app) = state.app(&body.client_id) else {
        return ControlAnswer::Missing(format!("no Sodalife app `{}`", body.client_id));
    };
    if !app.users.iter().any(|u| u.user_id == body.user_id) {
        return ControlAnswer::Refused(PatchProblem::new(
            "userId",
            format!(
                "userId: `{}` is not a user of app `{}`",
                body.user_id, body.client_id
            ),
        ));
    }
    if let Some(s) = &body.state
        && (s.len() > 128 || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return ControlAnswer::Refused(PatchProblem::new(
            "state",
            "state: at most 128 letters and digits",
        ));
    }
    let mut scopes = vec!["user:public"];
    for part in body
        .scope
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
    {
        if part.is_empty() {
            continue;
        }
        match USER_SCOPES.iter().find(|s| **s == part) {
            Some(s) if !scopes.contains(s) => scopes.push(s),
            Some(_) => {}
            None => {
                return ControlAnswer::Refused(PatchProblem::new(
                    "scope",
                    format!(
                        "scope: `{part}` is not a user scope ({})",
                        USER_SCOPES.join(", ")
                    ),
                ));
            }
        }
    }
    // Codes not exchanged in time are dropped here, so the map stays small.
    state.codes.retain(|_, c| c.expires_at > call.now_secs);
    if state.codes.len() >= 10_000 {
        return ControlAnswer::Refused(PatchProblem::new(
            "clientId",
            "10000 authorization codes are pending; exchange or let some expire first",
        ));
    }
    let code = call.ids.hex(32);
    let answer = json!({
        "code": code,
        "expiresIn": CODE_SECS,
        "clientId": body.client_id,
        "userId": body.user_id,
        "scope": scopes.join(","),
        "state": body.state,
    });
    state.codes.insert(
        code,
        AuthCode {
            client_id: body.client_id,
            user_id: body.user_id,
            scopes,
            expires_at: call.now_secs.saturating_add(CODE_SECS),
        },
    );
    ControlAnswer::Created(answer)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AppPatch {
    frozen: Option<bool>,
    scopes: Option<Vec<String>>,
    call_interval_secs: Option<u32>,
}

fn patch_app(state: &mut SodalifeState, client_id: &str, body: &[u8]) -> ControlAnswer {
    let patch: AppPatch = match parse_body(body) {
        Ok(p) => p,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    let scopes = match &patch.scopes {
        None => None,
        Some(list) => {
            let mut out = Vec::new();
            for s in list {
                match known_scope(s).filter(|s| APP_SCOPES.contains(s)) {
                    Some(known) => out.push(known),
                    None => {
                        return ControlAnswer::Refused(PatchProblem::new(
                            "scopes",
                            format!(
                                "scopes: `{s}` is not an app scope ({})",
                                APP_SCOPES.join(", ")
                            ),
                        ));
                    }
                }
            }
            Some(out)
        }
    };
    if let Some(n) = patch.call_interval_secs.filter(|n| *n > 3600) {
        return ControlAnswer::Refused(PatchProblem::new(
            "callIntervalSecs",
            format!("callIntervalSecs: {n} is out of range 0-3600"),
        ));
    }
    let Some(app) = state.app_mut(client_id) else {
        return ControlAnswer::Missing(format!("no Sodalife app `{client_id}`"));
    };
    if let Some(frozen) = patch.frozen {
        app.frozen = frozen;
    }
    if let Some(scopes) = scopes {
        app.scopes = scopes;
    }
    if let Some(n) = patch.call_interval_secs {
        app.call_interval_secs = n;
    }
    ControlAnswer::Done(json!({
        "clientId": app.client_id,
        "scopes": app.scopes,
        "frozen": app.frozen,
        "callIntervalSecs": app.call_interval_secs,
    }))
}
