//! Sections 7, 10, 11, 15 and 19: the product's encryption switch, the boot and access
//! addresses a device connects to, closing a camera, the software version. Sections 8, 9 and
//! 12 (online status, device messages, pass-through data) are in `messages`.

mod messages;

pub use messages::MAX_ACTIVE_BYTES;

pub use messages::{dev_active, device_messages, device_status};

use super::devices::body;
use super::{data, succ};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::ids::name_hash;
use crate::vendors::onenet::access::{self, caller};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::links;
use crate::vendors::onenet::params::{self, shown};
use crate::vendors::{Ctx, Handled};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Section 10's boot port.
pub const BOOT_PORT: u16 = 9101;
/// The access machine's port `acc_service` answers (not published; proposal: beside the
/// boot port). camsim does not serve ODVP on it.
pub const ACCESS_PORT: u16 = 9102;

/// `type` of a `{"type":0|1}` body (sections 7.1 and 15): required, 0 or 1.
fn switch(body: &Map<String, Value>) -> Result<bool, OnenetError> {
    match body.get("type") {
        None | Some(Value::Null) => Err(OnenetError::because(errno::REQUIRED, "type")),
        Some(v) => match v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => Err(OnenetError::because(
                errno::INVALID,
                format!("type must be 0 or 1, not `{}`", shown(&v.to_string())),
            )),
        },
    }
}

/// 7.1: turns the product's video encryption on (`type` 1) or off (0). A product setting, so
/// only its master key may change it.
pub fn encrypt_set(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let on = switch(&body(req)?)?;
    let credential = ctx.credential;
    let state = access::state_mut(ctx)?;
    let grant = caller(state, credential)?;
    access::product_param(&grant, req, "product_id")?;
    if grant.device.is_some() {
        return Err(OnenetError::because(
            errno::AUTH_FAILED,
            "only the product's master key changes its encryption",
        ));
    }
    let product = state
        .product_mut(&grant.product)
        .ok_or_else(|| OnenetError::because(errno::NOT_FOUND, "product_id"))?;
    product.encrypted = on;
    Ok(succ())
}

/// 7.2: exactly `{"errno":0,"trans_enc":1}`, without the `error` every other answer has.
pub fn encrypt_get(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    access::product_param(&grant, req, "product_id")?;
    let product = state
        .product(&grant.product)
        .ok_or_else(|| OnenetError::because(errno::NOT_FOUND, "product_id"))?;
    #[derive(Serialize)]
    struct Encryption {
        errno: i64,
        trans_enc: u8,
    }
    let body = Encryption {
        errno: 0,
        trans_enc: u8::from(product.encrypted),
    };
    Ok(Handled::Now(
        ApiResponse::json(http::StatusCode::OK, &body).with_code("0"),
    ))
}

/// 10: where devices boot: the host the client called, port 9101. Needs no key.
pub fn boot_address(_ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    Ok(data(json!({
        "boot_address": links::host_name(req),
        "boot_port": BOOT_PORT,
    })))
}

/// Whether `host` is an IP literal (IPv6 in brackets too).
fn is_ip(host: &str) -> bool {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok()
}

/// 11: the access machine for a device: `net` (CM, CU, CT) or `device_addr` (an IP address)
/// is required; `domain=1` answers a host name in `addr`. `token` and `access` are the
/// device's own, the same on every call.
pub fn acc_service(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let net = params::optional(req, "net");
    if let Some(net) = &net
        && !["CM", "CU", "CT"].contains(&net.to_ascii_uppercase().as_str())
    {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("net must be CM, CU or CT, not `{}`", shown(net)),
        ));
    }
    let addr = params::optional(req, "device_addr");
    if let Some(addr) = &addr
        && addr.parse::<std::net::IpAddr>().is_err()
    {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("device_addr must be an IP address, not `{}`", shown(addr)),
        ));
    }
    if net.is_none() && addr.is_none() {
        return Err(OnenetError::because(errno::REQUIRED, "net or device_addr"));
    }
    let domain = match params::optional_u64(req, "domain")? {
        None | Some(0) => false,
        Some(1) => true,
        Some(_) => {
            return Err(OnenetError::because(
                errno::INVALID,
                "domain must be 0 or 1",
            ));
        }
    };
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    access::product_param(&grant, req, "product_id")?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let called = links::host_name(req);
    let host = match (domain, is_ip(called)) {
        (true, true) => "localhost",
        (false, false) => "127.0.0.1",
        _ => called,
    };
    let seed = format!("{}/{}/{}", ctx.seed, device.product, device.id);
    let token = format!(
        "{:016x}{:016x}",
        name_hash(&format!("{seed}/token")),
        name_hash(&format!("{seed}/token/2"))
    );
    let access = format!("{:016x}", name_hash(&format!("{seed}/access")));
    Ok(data(json!({
        "addr": format!("{host}:{ACCESS_PORT}"),
        "token": token,
        "access": access,
    })))
}

/// 15: closes (`type` 1) or opens (0) one camera (`id`, a channel) of a device: a closed
/// camera's stream is offline.
pub fn close_camera(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let close = switch(&body(req)?)?;
    let channel =
        params::channel(req, "id")?.ok_or_else(|| OnenetError::because(errno::REQUIRED, "id"))?;
    let credential = ctx.credential;
    let state = access::state_mut(ctx)?;
    let grant = caller(state, credential)?;
    access::product_param(&grant, req, "product_id")?;
    let id = access::device_param(state, &grant, req, "device_id")?
        .id
        .clone();
    let device = state
        .devices
        .get_mut(&id)
        .ok_or_else(|| access::not_found(&id))?;
    access::channel_of(device, channel)?;
    if close {
        device.closed.insert(channel);
    } else {
        device.closed.remove(&channel);
    }
    Ok(succ())
}

/// 19: the product's device software version.
pub fn version(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    access::product_param(&grant, req, "product_id")?;
    let product = state
        .product(&grant.product)
        .ok_or_else(|| OnenetError::because(errno::NOT_FOUND, "product_id"))?;
    Ok(data(json!({ "ver": product.version })))
}
