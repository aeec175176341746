//! OneNET in the control API: its world-view section (each product's id, master key, register
//! codes and devices with their keys), a device's OneNET keys, and the device `PATCH` (camera
//! keys, title, description, how the simulated device replies), and its own route:
//! `PATCH vendors/onenet/products/{productId}` changes a product (encryption switch, command
//! wait, version, storage), and `POST vendors/onenet/devices/{id}/messages` stands in for a
//! device uploading data (ODVP message 0x000E), which `QryDevMsg` then lists.

use super::scenario::ReplySpec;
use super::state::{DeviceMessage, MSG_ID_UPLOAD, OnenetState, ReplyBehaviour};
use super::validate;
use crate::sim::VendorId;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem};
use crate::sim::spec::TimeSpec;
use crate::sim::world::World;
use crate::vendors::model::{ControlAnswer, ControlCall, parse_body};
use http::Method;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// `GET worlds/{w}`'s `onenet` section.
pub fn view(state: &OnenetState, _cameras: &Cameras) -> Value {
    let products: Vec<Value> = state
        .products
        .iter()
        .map(|p| {
            let devices: Vec<Value> = state
                .devices_of(&p.id)
                .map(|d| {
                    let keys: Vec<&str> = d.keys.iter().map(|(_, k)| k.as_str()).collect();
                    json!({ "id": d.id, "title": d.title, "keys": keys })
                })
                .collect();
            json!({
                "productId": p.id,
                "masterKey": p.master_key,
                "registerCodes": p.register_codes,
                "encrypted": p.encrypted,
                "cmdWaitMs": p.cmd_wait_ms,
                "devices": devices,
            })
        })
        .collect();
    json!({ "header": "api-key", "products": products })
}

/// A device's OneNET keys, after the camera's.
pub fn device_extras(state: &OnenetState, camera: &Camera, _now_secs: i64) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(d) = state.devices.get(&camera.id) else {
        return out;
    };
    let channels: Vec<Value> = d
        .channels
        .iter()
        .map(|(id, c)| json!({ "id": id, "title": c.title, "desc": c.desc, "closed": d.closed.contains(id) }))
        .collect();
    let keys: Vec<Value> = d
        .keys
        .iter()
        .map(|(title, key)| json!({ "title": title, "key": key }))
        .collect();
    out.insert("productId".into(), json!(d.product));
    out.insert("title".into(), json!(d.title));
    out.insert("desc".into(), json!(d.desc));
    out.insert("tags".into(), json!(d.tags));
    out.insert("channels".into(), Value::Array(channels));
    out.insert("keys".into(), Value::Array(keys));
    out.insert("reply".into(), json!(d.reply));
    out.insert("ptz".into(), json!(camera.ptz));
    out.insert("messages".into(), json!(d.messages.len()));
    out
}

/// The keys a OneNET device takes in `PATCH devices/onenet/{id}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetPatch {
    online: Option<bool>,
    online_update_time: Option<TimeSpec>,
    firmware_ver: Option<String>,
    title: Option<String>,
    desc: Option<String>,
    /// How the simulated device replies; keys left out keep their value.
    reply: Option<ReplySpec>,
}

pub fn patch(
    world: &mut World,
    id: &str,
    patch: OnenetPatch,
    now: i64,
) -> Result<(), PatchProblem> {
    if let Some(why) = patch
        .title
        .as_deref()
        .and_then(validate::device_title_problem)
    {
        return Err(PatchProblem::new("title", format!("title: {why}")));
    }
    if let Some((key, why)) = patch.reply.as_ref().and_then(ReplySpec::problem) {
        return Err(PatchProblem::new("reply", format!("reply.{key}: {why}")));
    }
    let camera_patch = CameraPatch {
        online: patch.online,
        online_update_time: patch.online_update_time,
        firmware_ver: patch.firmware_ver,
        ..CameraPatch::default()
    };
    if let Some(problem) = camera_patch.problem() {
        return Err(problem);
    }
    let Some((state, cameras)) = world.model_and_cameras::<OnenetState>() else {
        return Err(PatchProblem::new("id", format!("no OneNET device {id}")));
    };
    let (Some(device), Some(camera)) = (
        state.devices.get_mut(id),
        cameras.get_mut(VendorId::Onenet, id),
    ) else {
        return Err(PatchProblem::new("id", format!("no OneNET device {id}")));
    };
    let came_online = patch.online == Some(true) && !camera.online;
    camera_patch.apply(camera, now);
    if came_online {
        device.last_login = Some(now);
    }
    if let Some(title) = patch.title {
        device.title = title;
    }
    if let Some(desc) = patch.desc {
        device.desc = desc;
    }
    if let Some(reply) = patch.reply {
        let base: ReplyBehaviour = device.reply.clone();
        device.reply = reply.resolve(&base);
    }
    Ok(())
}

/// OneNET's own control routes.
pub fn control(world: &mut World, call: &ControlCall<'_>) -> ControlAnswer {
    let Some(state) = world.model_mut::<OnenetState>() else {
        return ControlAnswer::NoRoute;
    };
    match call.path {
        ["products", id] if call.method == Method::PATCH => patch_product(state, id, call.body),
        ["products", _] => ControlAnswer::WrongMethod("PATCH"),
        ["devices", id, "messages"] if call.method == Method::POST => {
            upload(state, id, call.body, call.now_secs)
        }
        ["devices", _, "messages"] => ControlAnswer::WrongMethod("POST"),
        _ => ControlAnswer::NoRoute,
    }
}

/// The keys of `PATCH vendors/onenet/products/{productId}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProductPatch {
    encrypted: Option<bool>,
    cmd_wait_ms: Option<u64>,
    version: Option<String>,
    storage_bytes: Option<u64>,
}

fn patch_product(state: &mut OnenetState, id: &str, body: &[u8]) -> ControlAnswer {
    let patch: ProductPatch = match parse_body(body) {
        Ok(p) => p,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    if let Some(ms) = patch.cmd_wait_ms.filter(|ms| *ms > 60_000) {
        return ControlAnswer::Refused(PatchProblem::new(
            "cmdWaitMs",
            format!("cmdWaitMs: {ms} is out of range 0-60000"),
        ));
    }
    let Some(product) = state.product_mut(id) else {
        return ControlAnswer::Missing(format!("no OneNET product `{id}`"));
    };
    if let Some(encrypted) = patch.encrypted {
        product.encrypted = encrypted;
    }
    if let Some(ms) = patch.cmd_wait_ms {
        product.cmd_wait_ms = ms;
    }
    if let Some(version) = patch.version {
        product.version = version;
    }
    if let Some(bytes) = patch.storage_bytes {
        product.storage_total = bytes;
    }
    ControlAnswer::Done(json!({
        "productId": product.id,
        "encrypted": product.encrypted,
        "cmdWaitMs": product.cmd_wait_ms,
        "version": product.version,
        "storageBytes": product.storage_total,
    }))
}

/// The body of `POST vendors/onenet/devices/{id}/messages`: the data as text or base64.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Upload {
    text: Option<String>,
    base64: Option<String>,
}

/// Largest device upload kept (ODVP frames hold 64 KiB).
const MAX_UPLOAD_BYTES: usize = 64 * 1024;

fn upload(state: &mut OnenetState, id: &str, body: &[u8], now: i64) -> ControlAnswer {
    use base64::Engine;
    let upload: Upload = match parse_body(body) {
        Ok(u) => u,
        Err(problem) => return ControlAnswer::Refused(problem),
    };
    let bytes = match (upload.text, upload.base64) {
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
            Ok(bytes) => bytes,
            Err(e) => {
                return ControlAnswer::Refused(PatchProblem::new(
                    "base64",
                    format!("base64: not base64 ({e})"),
                ));
            }
        },
        _ => {
            return ControlAnswer::Refused(PatchProblem::new(
                "text",
                "give one of text and base64",
            ));
        }
    };
    if bytes.len() > MAX_UPLOAD_BYTES {
        return ControlAnswer::Refused(PatchProblem::new(
            "text",
            format!("the data is over {MAX_UPLOAD_BYTES} bytes"),
        ));
    }
    let Some(device) = state.devices.get_mut(id) else {
        return ControlAnswer::Missing(format!("no OneNET device `{id}`"));
    };
    let size = bytes.len();
    device.keep_message(DeviceMessage {
        at: now,
        msg_id: MSG_ID_UPLOAD,
        bytes,
    });
    ControlAnswer::Created(
        json!({ "deviceId": id, "msgId": MSG_ID_UPLOAD, "bytes": size, "at": now }),
    )
}
