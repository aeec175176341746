//! Tencent in the control API: its world-view section (the account's app id, API keys, free
//! packages and products with their devices), a device's Tencent keys (product, stream type,
//! channels, packages per channel, storage users, key), and the device `PATCH`.

use super::state::TencentState;
use crate::sim::VendorId;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem};
use crate::sim::spec::TimeSpec;
use crate::sim::world::World;
use crate::vendors::model::{ControlAnswer, ControlCall};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// `GET worlds/{w}`'s `tencent` section.
pub fn view(state: &TencentState, _cameras: &Cameras) -> Value {
    let secrets: Vec<Value> = state
        .secrets
        .iter()
        .map(|s| json!({ "secretId": s.id, "secretKey": s.key }))
        .collect();
    let products: Vec<Value> = state
        .products
        .iter()
        .map(|p| {
            let mut devices: Vec<&str> = state
                .devices()
                .filter(|d| d.product == p.id)
                .map(|d| d.name.as_str())
                .collect();
            devices.sort_unstable();
            json!({
                "productId": p.id,
                "name": p.name,
                "streamType": p.stream,
                "devices": devices,
            })
        })
        .collect();
    let free: Vec<Value> = state
        .free
        .iter()
        .map(|f| json!({ "packageId": f.package.id, "num": f.num, "usedNum": f.used }))
        .collect();
    json!({
        "appId": state.app_id,
        "secrets": secrets,
        "freePackages": free,
        "products": products,
    })
}

/// A device's Tencent keys, after the camera's.
pub fn device_extras(state: &TencentState, camera: &Camera, now: i64) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(d) = state.device(&camera.id) else {
        return out;
    };
    let mut channels: Vec<_> = d.coverage.iter().collect();
    channels.sort_by_key(|(c, _)| **c);
    let packages: Vec<Value> = channels
        .into_iter()
        .flat_map(|(channel, coverage)| {
            coverage.spans().iter().map(move |s| {
                let status = if s.end <= now {
                    "expired"
                } else if s.start > now {
                    "queued"
                } else {
                    "active"
                };
                json!({
                    "channel": channel,
                    "packageId": s.package.id,
                    "orderId": s.order,
                    "type": s.package.storage(),
                    "start": s.start,
                    "end": s.end,
                    "status": status,
                })
            })
        })
        .collect();
    let users: Vec<Value> = d
        .users
        .iter()
        .map(|u| json!({ "userId": u.user, "since": u.since }))
        .collect();
    out.insert("productId".into(), json!(d.product));
    out.insert("deviceName".into(), json!(d.name));
    out.insert("streamType".into(), json!(d.stream));
    out.insert("channels".into(), json!(d.channels));
    out.insert("packages".into(), Value::Array(packages));
    out.insert("users".into(), Value::Array(users));
    out.insert("devicePsk".into(), json!(d.psk));
    out.insert("activated".into(), json!(d.activated));
    out.insert("enabled".into(), json!(d.enabled));
    out.insert("logLevel".into(), json!(d.log_level));
    out.insert(
        "utcOffsetMinutes".into(),
        json!(camera.timeline.utc_offset_minutes),
    );
    out
}

/// The keys a Tencent device takes in `PATCH devices/tencent/{ProductId}:{DeviceName}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentPatch {
    online: Option<bool>,
    online_update_time: Option<TimeSpec>,
    #[serde(default, deserialize_with = "crate::sim::camera::present")]
    battery: Option<Option<u8>>,
    firmware_ver: Option<String>,
    activated: Option<bool>,
    enabled: Option<bool>,
    log_level: Option<i64>,
}

pub fn patch(
    world: &mut World,
    id: &str,
    patch: TencentPatch,
    now: i64,
) -> Result<(), PatchProblem> {
    if let Some(level) = patch.log_level.filter(|l| !(0..=4).contains(l)) {
        return Err(PatchProblem::new(
            "logLevel",
            format!("logLevel: {level} is out of range 0-4"),
        ));
    }
    let camera_patch = CameraPatch {
        online: patch.online,
        online_update_time: patch.online_update_time,
        battery: patch.battery,
        firmware_ver: patch.firmware_ver,
        ..CameraPatch::default()
    };
    if let Some(problem) = camera_patch.problem() {
        return Err(problem);
    }
    let Some((state, cameras)) = world.model_and_cameras::<TencentState>() else {
        return Err(PatchProblem::new("id", format!("no Tencent device {id}")));
    };
    let (Some(device), Some(camera)) =
        (state.device_mut(id), cameras.get_mut(VendorId::Tencent, id))
    else {
        return Err(PatchProblem::new("id", format!("no Tencent device {id}")));
    };
    camera_patch.apply(camera, now);
    if let Some(a) = patch.activated {
        device.activated = a;
    }
    if let Some(e) = patch.enabled {
        device.enabled = e;
    }
    if let Some(l) = patch.log_level {
        device.log_level = l;
    }
    Ok(())
}

/// Tencent's own control routes (none yet).
pub fn control(_world: &mut World, _call: &ControlCall<'_>) -> ControlAnswer {
    ControlAnswer::NoRoute
}
