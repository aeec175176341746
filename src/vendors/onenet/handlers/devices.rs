//! Section 1: devices (create, register with a register code, update, get, list, delete).
//! A device is a shared camera plus its OneNET fields; one made through the API has no
//! channels (2.3 adds them) and stays offline until the control API brings it online: it
//! never connected. Its first key is claimed as a world credential when it is made, and every
//! key, token and camera of it goes when it is deleted.

mod input;
mod keys;
mod list;
mod view;

pub use input::{DeviceInput, body};
pub use list::id_list;

use super::{data, succ};
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras};
use crate::vendors::onenet::access::{self, caller};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::{self, Page};
use crate::vendors::onenet::routes;
use crate::vendors::onenet::state::tokens::Issuer;
use crate::vendors::onenet::state::{MAX_PRODUCT_DEVICES, OnenetDevice, OnenetState};
use crate::vendors::{Ctx, Handled};
use serde::Serialize;
use serde_json::{Map, Value, json};
use view::DeviceView;

/// Longest `register_de` identifier (`sn` or `mac`) and title.
pub const MAX_SN: usize = 512;
pub const MAX_REGISTER_TITLE: usize = 32;
/// The title `register_de` gives when the body has none.
pub const REGISTER_TITLE: &str = "auto_register";

/// The world's OneNET state and its cameras, both to change.
fn state_and_cameras<'a>(
    ctx: &'a mut Ctx<'_>,
) -> Result<(&'a mut OnenetState, &'a mut Cameras), OnenetError> {
    ctx.world
        .model_and_cameras::<OnenetState>()
        .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))
}

/// Whether another device of `product` than `except` already has `auth_info`.
fn auth_info_taken(state: &OnenetState, product: &str, auth: &Value, except: &str) -> bool {
    state
        .devices_of(product)
        .any(|d| d.id != except && d.auth_info == *auth)
}

fn already_exists(what: &str) -> OnenetError {
    OnenetError::because(
        errno::EXISTS,
        format!("{what} is already a device's in this product"),
    )
}

/// Refuses a device beyond `MAX_PRODUCT_DEVICES` in `product`.
fn room_for_one(state: &OnenetState, product: &str) -> Result<(), OnenetError> {
    if state.devices_of(product).count() >= MAX_PRODUCT_DEVICES {
        return Err(OnenetError::because(
            errno::DEVICE_LIMIT,
            format!("a product holds at most {MAX_PRODUCT_DEVICES} devices"),
        ));
    }
    Ok(())
}

/// Adds `device` (its keys already bound) and its camera, offline since `now`: it never
/// connected.
fn add(state: &mut OnenetState, cameras: &mut Cameras, device: OnenetDevice, now: i64) {
    let id = device.id.clone();
    let mut camera = Camera::new(
        VendorId::Onenet,
        id.clone(),
        id.clone(),
        device.product.clone(),
        now,
    );
    camera.online = false;
    camera.online_changed_at = now;
    camera.timeline = state.timeline.clone();
    state.devices.insert(id, device);
    cameras.insert(camera);
}

/// 1.1: a device of the master key's product.
pub fn create(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let input = DeviceInput::parse(&body(req)?)?;
    let title = input
        .title
        .clone()
        .ok_or_else(|| OnenetError::because(errno::REQUIRED, "title"))?;
    let issuer = Issuer::of(ctx);
    let now = ctx.now_secs();
    let credential = ctx.credential;
    let (state, cameras) = state_and_cameras(ctx)?;
    let grant = caller(state, credential)?;
    if grant.device.is_some() {
        return Err(OnenetError::because(
            errno::AUTH_FAILED,
            "only the product's master key creates devices",
        ));
    }
    if let Some(auth) = &input.auth_info
        && auth_info_taken(state, &grant.product, auth, "")
    {
        return Err(already_exists("auth_info"));
    }
    room_for_one(state, &grant.product)?;
    let key = keys::claim(issuer, &grant.product)?;
    let id = state.fresh_device_id();
    let mut device = OnenetDevice::created(id.clone(), grant.product.clone(), title, now);
    // "如不填写，将为该设备生成默认鉴权信息": a default unique in the product.
    let mut auth = Value::String(format!("auth{id}"));
    while auth_info_taken(state, &grant.product, &auth, &id) {
        auth = Value::String(format!("auth{id}-{}", issuer.ids.hex(8)));
    }
    device.auth_info = auth;
    input.apply(&mut device);
    keys::bind(&mut state.keys, &mut device, key);
    add(state, cameras, device, now);
    Ok(data(json!({ "device_id": id })))
}

/// The identifier of a `register_de` body: exactly one of `sn` and `mac`.
fn identifier(body: &Map<String, Value>) -> Result<(&'static str, String), OnenetError> {
    let sn = input::text(body, "sn", MAX_SN)?;
    let mac = input::text(body, "mac", MAX_SN)?;
    match (sn, mac) {
        (Some(sn), None) => Ok(("sn", sn)),
        (None, Some(mac)) => Ok(("mac", mac)),
        (Some(_), Some(_)) => Err(OnenetError::because(
            errno::INVALID,
            "sn and mac: give one of them, not both",
        )),
        (None, None) => Err(OnenetError::because(errno::REQUIRED, "sn or mac")),
    }
}

/// 1.2: a device of the register code's product, identified by `sn` or `mac` (which becomes
/// its `auth_info`). The same identifier again answers the device it registered and its
/// key (a device that lost its id registers again on boot).
pub fn register(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let body = body(req)?;
    let (kind, ident) = identifier(&body)?;
    let title = input::text(&body, "title", MAX_REGISTER_TITLE)?;
    let title = match title {
        Some(t) if !t.trim().is_empty() => t,
        _ => REGISTER_TITLE.to_string(),
    };
    let area = input::area(&body)?;
    let issuer = Issuer::of(ctx);
    let now = ctx.now_secs();
    let credential = ctx.credential;
    let (state, cameras) = state_and_cameras(ctx)?;
    let product = state
        .register_codes
        .get(credential)
        .cloned()
        .ok_or_else(|| OnenetError::because(errno::AUTH_FAILED, "unknown register_code"))?;
    let same = |d: &OnenetDevice| match kind {
        "sn" => d.sn.as_deref() == Some(ident.as_str()),
        _ => d.mac.as_deref() == Some(ident.as_str()),
    };
    let existing = state
        .devices_of(&product)
        .find(|d| same(d))
        .map(|d| d.id.clone());
    if let Some(id) = existing {
        let device = state
            .devices
            .get_mut(&id)
            .ok_or_else(|| access::not_found(&id))?;
        let key = match device.keys.first() {
            Some((_, key)) => key.clone(),
            None => {
                let key = keys::claim(issuer, &product)?;
                keys::bind(&mut state.keys, device, key.clone());
                key
            }
        };
        return Ok(registered(key, &id));
    }
    let auth = Value::String(ident.clone());
    if auth_info_taken(state, &product, &auth, "") {
        return Err(already_exists(kind));
    }
    room_for_one(state, &product)?;
    let key = keys::claim(issuer, &product)?;
    let id = state.fresh_device_id();
    let mut device = OnenetDevice::created(id.clone(), product, title, now);
    device.auth_info = auth;
    device.area = area;
    match kind {
        "sn" => device.sn = Some(ident),
        _ => device.mac = Some(ident),
    }
    keys::bind(&mut state.keys, &mut device, key.clone());
    add(state, cameras, device, now);
    Ok(registered(key, &id))
}

/// 1.2's answer: the key, then the id as a number (as the seed's example writes it).
fn registered(key: String, id: &str) -> Handled {
    let id = id
        .parse::<u64>()
        .map_or_else(|_| Value::String(id.to_string()), Value::from);
    data(json!({ "key": key, "device_id": id }))
}

/// `{device_id}` of the path.
fn path_id(req: &ApiRequest) -> Result<String, OnenetError> {
    routes::device_in_path(req)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| OnenetError::because(errno::REQUIRED, "device_id"))
}

/// 1.3: the fields the body gives; the others stay.
pub fn update(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let id = path_id(req)?;
    let input = DeviceInput::parse(&body(req)?)?;
    let credential = ctx.credential;
    let state = access::state_mut(ctx)?;
    let grant = caller(state, credential)?;
    let product = access::device(state, &grant, &id)?.product.clone();
    if let Some(auth) = &input.auth_info
        && auth_info_taken(state, &product, auth, &id)
    {
        return Err(already_exists("auth_info"));
    }
    let device = state
        .devices
        .get_mut(&id)
        .ok_or_else(|| access::not_found(&id))?;
    input.apply(device);
    Ok(succ())
}

/// 1.4: one device with its keys.
pub fn get(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let id = path_id(req)?;
    let state = access::state(ctx)?;
    let grant = access::grant(state, ctx.credential)?;
    let device = access::device(state, grant, &id)?;
    let online = online(&ctx.world.cameras, &device.id);
    Ok(data(DeviceView::detail(device, online)))
}

fn online(cameras: &Cameras, id: &str) -> bool {
    cameras.get(VendorId::Onenet, id).is_some_and(|c| c.online)
}

/// 1.5: the caller's devices passing the filters, newest first (as OneNET's device API
/// lists them); a device key sees only its own device.
pub fn list(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let filter = list::Filter::of(req)?;
    let page = Page::of(
        req,
        "page",
        "per_page",
        params::DEFAULT_PER_PAGE,
        params::MAX_PER_PAGE,
    )?;
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    let cameras = &ctx.world.cameras;
    let found: Vec<(&OnenetDevice, bool)> = state
        .devices
        .values()
        .rev()
        .filter(|d| d.product == grant.product)
        .filter(|d| grant.device.as_ref().is_none_or(|own| *own == d.id))
        .map(|d| (d, online(cameras, &d.id)))
        .filter(|(d, on)| filter.passes(d, *on))
        .collect();
    let devices: Vec<DeviceView<'_>> = page
        .slice(&found)
        .iter()
        .map(|(d, on)| DeviceView::row(d, *on))
        .collect();
    #[derive(Serialize)]
    struct Listed<'a> {
        total_count: usize,
        per_page: u64,
        page: u64,
        devices: Vec<DeviceView<'a>>,
    }
    Ok(data(Listed {
        total_count: found.len(),
        per_page: page.per_page,
        page: page.page,
        devices,
    }))
}

/// 1.6: the device, its camera (and with it its recordings and pictures), keys, media
/// links, commands, recording settings, alarm marks and uploaded pictures.
pub fn delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let id = path_id(req)?;
    let issuer = Issuer::of(ctx);
    let credential = ctx.credential;
    let (state, cameras) = state_and_cameras(ctx)?;
    let grant = caller(state, credential)?;
    access::device(state, &grant, &id)?;
    let device = state
        .devices
        .shift_remove(&id)
        .ok_or_else(|| access::not_found(&id))?;
    keys::forget(state, issuer, &device);
    state.tokens.revoke_device(issuer, &id);
    state.commands.forget_device(&id);
    state.records.forget(&id, None);
    state.alarms.forget_device(&id);
    state.pictures.forget_device(&id);
    cameras.remove(VendorId::Onenet, &id);
    Ok(succ())
}
