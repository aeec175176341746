//! Tencent in the control API: its world-view section (the account's app id, API keys, free
//! packages and products with their devices), a device's Tencent keys (product, stream type,
//! channels, packages per channel, storage users, key), the device `PATCH` (online, battery,
//! activation, time zone, ...), and its own routes under `vendors/tencent/`:
//! - `POST devices/{ProductId}:{DeviceName}/packages` buys a package as `CreateCloudStorage`
//!   does (`{"packageId", "channel", "placement": alone|override|front|end, "orderId", "free"}`);
//! - `DELETE devices/{id}/packages/{channel}` resets a channel's packages;
//! - `PATCH products/{ProductId}` changes a product's name or stream type;
//! - `PATCH free-packages` sets how many free packages the account may give out.

use super::catalogue::{self, StorageType};
use super::coverage::Placement;
use super::purchase::{self, Purchase, Refused};
use super::state::{DEFAULT_REGION, FreeQuota, StreamType, TencentState};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem};
use crate::sim::spec::TimeSpec;
use crate::sim::timeline::{MAX_UTC_OFFSET_MINUTES, MIN_UTC_OFFSET_MINUTES};
use crate::sim::world::World;
use crate::vendors::model::{ControlAnswer, ControlCall, parse_body};
use http::Method;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// The device's time zone: where its days (Date, Time) begin.
    utc_offset_minutes: Option<i32>,
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
    if let Some(offset) = patch
        .utc_offset_minutes
        .filter(|m| !(MIN_UTC_OFFSET_MINUTES..=MAX_UTC_OFFSET_MINUTES).contains(m))
    {
        return Err(PatchProblem::new(
            "utcOffsetMinutes",
            format!(
                "utcOffsetMinutes: {offset} is out of range {MIN_UTC_OFFSET_MINUTES}-{MAX_UTC_OFFSET_MINUTES}"
            ),
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
    if let Some(offset) = patch.utc_offset_minutes {
        let mut settings = (*camera.timeline).clone();
        settings.utc_offset_minutes = offset;
        camera.timeline = Arc::new(settings);
    }
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

/// Tencent's own control routes.
pub fn control(world: &mut World, call: &ControlCall<'_>) -> ControlAnswer {
    let Some(state) = world.model_mut::<TencentState>() else {
        return ControlAnswer::NoRoute;
    };
    match call.path {
        ["devices", id, "packages"] if call.method == Method::POST => {
            buy(state, id, call.body, call.now_secs)
        }
        ["devices", _, "packages"] => ControlAnswer::WrongMethod("POST"),
        ["devices", id, "packages", channel] if call.method == Method::DELETE => {
            reset(state, id, channel, call.now_secs)
        }
        ["devices", _, "packages", _] => ControlAnswer::WrongMethod("DELETE"),
        ["products", id] if call.method == Method::PATCH => patch_product(state, id, call.body),
        ["products", _] => ControlAnswer::WrongMethod("PATCH"),
        ["free-packages"] if call.method == Method::PATCH => patch_free(state, call.body),
        ["free-packages"] => ControlAnswer::WrongMethod("PATCH"),
        _ => ControlAnswer::NoRoute,
    }
}

/// The body of `POST vendors/tencent/devices/{id}/packages`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Buy {
    package_id: String,
    #[serde(default)]
    channel: u32,
    #[serde(default)]
    placement: Option<String>,
    #[serde(default)]
    order_id: Option<String>,
    #[serde(default)]
    free: bool,
}

fn buy(state: &mut TencentState, id: &str, body: &[u8], now: i64) -> ControlAnswer {
    let b: Buy = match parse_body(body) {
        Ok(b) => b,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    let refused =
        |field: &str, message: String| ControlAnswer::Refused(PatchProblem::new(field, message));
    let Some(package) = catalogue::package(&b.package_id).filter(|p| p.free == b.free) else {
        let list = catalogue::ids(b.free).join(", ");
        return refused(
            "packageId",
            format!("packageId: `{}` is not one of {list}", b.package_id),
        );
    };
    let placement = match b.placement.as_deref() {
        None | Some("alone") => Placement::Alone,
        Some("override") => Placement::Override,
        Some("front") => Placement::Front,
        Some("end") => Placement::End,
        Some(other) => {
            return refused(
                "placement",
                format!("placement: `{other}` is not one of alone, override, front, end"),
            );
        }
    };
    let Some(device) = state.device(id) else {
        return ControlAnswer::Missing(format!("no Tencent device `{id}`"));
    };
    if b.channel >= device.channels.max(1) {
        return refused(
            "channel",
            format!("channel: {} is not a channel of `{id}`", b.channel),
        );
    }
    let purchase = Purchase {
        device: id,
        channel: b.channel,
        package,
        placement,
        order_id: b.order_id.as_deref(),
        region: DEFAULT_REGION,
        free: b.free,
    };
    match purchase::buy(state, &purchase, now) {
        Ok(order) => ControlAnswer::Created(json!({
            "orderId": order.id,
            "packageId": order.package.id,
            "channel": order.channel,
            "placed": order.placed,
        })),
        Err(why) => {
            let (field, message) = match why {
                Refused::NoDevice => {
                    return ControlAnswer::Missing(format!("no Tencent device `{id}`"));
                }
                Refused::ImageTakesEventsOnly => (
                    "packageId",
                    format!(
                        "packageId: `{}` is continuous storage; image-stream devices take event packages only",
                        package.id
                    ),
                ),
                Refused::OrderTaken(o) => ("orderId", format!("orderId: `{o}` already exists")),
                Refused::TooManyOrders => (
                    "orderId",
                    format!("the account already holds {} orders", purchase::MAX_ORDERS),
                ),
                Refused::HasPackage => (
                    "placement",
                    "placement: the channel already holds a package; say override, front or end"
                        .to_string(),
                ),
                Refused::NoFreeLeft => {
                    ("free", format!("free: no free {} package left", package.id))
                }
            };
            refused(field, message)
        }
    }
}

fn reset(state: &mut TencentState, id: &str, channel: &str, now: i64) -> ControlAnswer {
    let Ok(channel) = channel.parse::<u32>() else {
        return ControlAnswer::Refused(PatchProblem::new(
            "channel",
            format!("channel: `{channel}` is not a channel number"),
        ));
    };
    if state.device(id).is_none() {
        return ControlAnswer::Missing(format!("no Tencent device `{id}`"));
    }
    let dropped = purchase::reset(state, id, channel, now);
    ControlAnswer::Done(json!({ "reset": dropped }))
}

/// The keys of `PATCH vendors/tencent/products/{ProductId}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProductPatch {
    name: Option<String>,
    stream_type: Option<StreamType>,
}

/// A product's name or stream type; its devices follow a new stream type (an image-stream
/// product refuses while one of its devices holds a continuous package).
fn patch_product(state: &mut TencentState, id: &str, body: &[u8]) -> ControlAnswer {
    let patch: ProductPatch = match parse_body(body) {
        Ok(p) => p,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    if state.product(id).is_none() {
        return ControlAnswer::Missing(format!("no Tencent product `{id}`"));
    }
    if patch.stream_type == Some(StreamType::Image) {
        let continuous = state.devices().filter(|d| d.product == id).any(|d| {
            d.coverage
                .values()
                .flat_map(|c| c.spans())
                .any(|s| s.package.storage() == StorageType::Continuous)
        });
        if continuous {
            return ControlAnswer::Refused(PatchProblem::new(
                "streamType",
                "streamType: a device of this product holds a continuous package; image-stream devices take event packages only",
            ));
        }
    }
    state.patch_product(id, patch.name, patch.stream_type);
    match state.product(id) {
        Some(p) => ControlAnswer::Done(
            json!({ "productId": p.id, "name": p.name, "streamType": p.stream }),
        ),
        None => ControlAnswer::Missing(format!("no Tencent product `{id}`")),
    }
}

/// `PATCH vendors/tencent/free-packages`: `{"ye1w3d": 10}` sets how many the account may give
/// out (what was already given stays counted).
fn patch_free(state: &mut TencentState, body: &[u8]) -> ControlAnswer {
    let counts: BTreeMap<String, u32> = match parse_body(body) {
        Ok(c) => c,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    for (id, num) in counts {
        let Some(package) = catalogue::package(&id).filter(|p| p.free) else {
            let list = catalogue::ids(true).join(", ");
            return ControlAnswer::Refused(PatchProblem::new(
                &id,
                format!("{id}: not a free package ({list})"),
            ));
        };
        match state.free.iter_mut().find(|q| q.package.id == id) {
            Some(q) => q.num = i64::from(num),
            None => state.free.push(FreeQuota {
                package,
                num: i64::from(num),
                used: 0,
            }),
        }
    }
    let free: Vec<Value> = state
        .free
        .iter()
        .map(|f| json!({ "packageId": f.package.id, "num": f.num, "usedNum": f.used }))
        .collect();
    ControlAnswer::Done(json!({ "freePackages": free }))
}
