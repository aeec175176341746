//! Who is calling and what they may reach, read from the world (an api-key's grant can change
//! at run time: `register_de` adds device keys, deleting a device revokes them). A master key
//! reaches every device of its product; a device key only the device it is bound to (anything
//! else is errno 3, whether or not the device exists, so a device key cannot probe for others).

use super::errors::{OnenetError, errno};
use super::params;
use super::state::{KeyGrant, OnenetDevice, OnenetState};
use crate::api::request::ApiRequest;
use crate::vendors::Ctx;

/// The api-key's grant, owned (for a handler that changes the state afterwards).
pub fn caller(state: &OnenetState, credential: &str) -> Result<KeyGrant, OnenetError> {
    grant(state, credential).cloned()
}

/// The api-key's grant, borrowed from the state (no copy on read-only routes).
pub fn grant<'a>(state: &'a OnenetState, credential: &str) -> Result<&'a KeyGrant, OnenetError> {
    state.keys.get(credential).ok_or_else(|| {
        OnenetError::because(
            errno::AUTH_FAILED,
            "the api-key was revoked with its device",
        )
    })
}

/// The world's OneNET state (every world has one, possibly empty).
pub fn state<'a>(ctx: &'a Ctx<'_>) -> Result<&'a OnenetState, OnenetError> {
    ctx.world
        .model::<OnenetState>()
        .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))
}

pub fn state_mut<'a>(ctx: &'a mut Ctx<'_>) -> Result<&'a mut OnenetState, OnenetError> {
    ctx.world
        .model_mut::<OnenetState>()
        .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))
}

/// Whether `grant` may reach device `id` (which may not exist).
pub fn may_reach(
    grant: &KeyGrant,
    device: Option<&OnenetDevice>,
    id: &str,
) -> Result<(), OnenetError> {
    match (&grant.device, device) {
        (Some(own), _) if own != id => Err(OnenetError::because(
            errno::AUTH_FAILED,
            format!(
                "this device api-key is not for device {}",
                params::shown(id)
            ),
        )),
        (_, None) => Err(not_found(id)),
        (None, Some(d)) if d.product != grant.product => Err(not_found(id)),
        _ => Ok(()),
    }
}

pub fn not_found(id: &str) -> OnenetError {
    OnenetError::because(errno::NOT_FOUND, format!("device {}", params::shown(id)))
}

/// Device `id` as the caller may see it.
pub fn device<'a>(
    state: &'a OnenetState,
    grant: &KeyGrant,
    id: &str,
) -> Result<&'a OnenetDevice, OnenetError> {
    let found = state.devices.get(id);
    may_reach(grant, found, id)?;
    found.ok_or_else(|| not_found(id))
}

/// The device a query parameter (`device_id` unless the route names it otherwise) names, as
/// the caller may see it: the common first step of the video routes.
pub fn device_param<'a>(
    state: &'a OnenetState,
    grant: &KeyGrant,
    req: &ApiRequest,
    name: &str,
) -> Result<&'a OnenetDevice, OnenetError> {
    let id = params::required(req, name)?;
    device(state, grant, &id)
}

/// `product_id` (or `name`) when a route requires it: it must be the caller's product.
pub fn product_param(grant: &KeyGrant, req: &ApiRequest, name: &str) -> Result<(), OnenetError> {
    let given = params::required(req, name)?;
    same_product(grant, &given, name)
}

/// `product_id` when a route takes it optionally.
pub fn optional_product_param(
    grant: &KeyGrant,
    req: &ApiRequest,
    name: &str,
) -> Result<(), OnenetError> {
    match params::optional(req, name) {
        Some(given) => same_product(grant, &given, name),
        None => Ok(()),
    }
}

fn same_product(grant: &KeyGrant, given: &str, name: &str) -> Result<(), OnenetError> {
    if given == grant.product {
        Ok(())
    } else {
        Err(OnenetError::because(
            errno::AUTH_FAILED,
            format!(
                "{name} {} is not the product of this api-key",
                params::shown(given)
            ),
        ))
    }
}

/// A device's channel, or errno `missing` (17 for channel routes, others' own codes).
pub fn channel_of(device: &OnenetDevice, channel: u32) -> Result<(), OnenetError> {
    if device.channels.contains_key(&channel) {
        Ok(())
    } else {
        Err(OnenetError::channel_missing())
    }
}
