//! Section 18: storage a product uses (18.1) and each of its devices (18.2). A device holds its
//! cloud recordings and pictures (`usage`); the product also holds its object store's files.
//! `total` is the product's `storage_total` (scenario `storageBytes`).
//!
//! Proposals (the seed is silent): a device key sees only its own device in 18.2 (and the
//! product's figures in 18.1, as any key of the product); `device_id` 0 (the default) means
//! every device, another must be one the key reaches (errno 3 or 8 otherwise); `dev_name`
//! keeps devices whose title contains it; `sn` is the device's register identifier, else its
//! camera serial. The devices are in creation order.

use super::answer;
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::onenet::access;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::{self, DEFAULT_PER_PAGE, MAX_PER_PAGE, Page};
use crate::vendors::onenet::state::{OnenetDevice, OnenetState};
use crate::vendors::onenet::usage;
use crate::vendors::{Ctx, Handled};
use serde::Serialize;
use serde_json::Value;

/// Bytes `device` holds: its cloud recordings and pictures.
fn device_used(ctx: &Ctx<'_>, state: &OnenetState, device: &OnenetDevice) -> u64 {
    let Some(camera) = ctx.world.cameras.get(VendorId::Onenet, &device.id) else {
        return 0;
    };
    usage::usage(
        camera,
        state.pictures.of(&device.id),
        ctx.seed,
        ctx.now_secs(),
    )
    .total()
}

#[derive(Serialize)]
struct Capacity {
    total: u64,
    used: u64,
}

/// 18.1: the product's storage, total and used.
pub fn capacity(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    access::product_param(&grant, req, "product_id")?;
    let product = state
        .product(&grant.product)
        .ok_or_else(|| OnenetError::because(errno::NOT_FOUND, "the key's product"))?;
    let devices = state.devices_of(&product.id).fold(0u64, |sum, d| {
        sum.saturating_add(device_used(ctx, state, d))
    });
    let files = state.files.bytes(&product.id) as u64;
    Ok(answer(Capacity {
        total: product.storage_total,
        used: devices.saturating_add(files),
    }))
}

#[derive(Serialize)]
struct DeviceRow {
    device_id: Value,
    dev_name: String,
    sn: String,
    used: u64,
}

#[derive(Serialize)]
struct DeviceList {
    total_count: u64,
    per_page: u64,
    page: u64,
    data: Vec<DeviceRow>,
}

#[derive(Serialize)]
struct DeviceListAnswer {
    result: DeviceList,
}

/// 18.2: storage per device, a page at a time.
pub fn devices(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    access::product_param(&grant, req, "product_id")?;
    let wanted = params::optional(req, "device_id").filter(|id| id != "0");
    if let Some(id) = &wanted {
        access::device(state, &grant, id)?;
    }
    let name = params::optional(req, "dev_name");
    let page = Page::of(req, "page", "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?;
    let matching: Vec<&OnenetDevice> = state
        .devices_of(&grant.product)
        .filter(|d| grant.device.as_ref().is_none_or(|own| *own == d.id))
        .filter(|d| wanted.as_ref().is_none_or(|id| *id == d.id))
        .filter(|d| name.as_ref().is_none_or(|n| d.title.contains(n.as_ref())))
        .collect();
    let data = page
        .slice(&matching)
        .iter()
        .map(|d| {
            let sn = d.sn.clone().or_else(|| {
                ctx.world
                    .cameras
                    .get(VendorId::Onenet, &d.id)
                    .map(|c| c.sn.clone())
            });
            DeviceRow {
                device_id: d
                    .id
                    .parse::<u64>()
                    .map_or_else(|_| Value::String(d.id.clone()), Value::from),
                dev_name: d.title.clone(),
                sn: sn.unwrap_or_default(),
                used: device_used(ctx, state, d),
            }
        })
        .collect();
    Ok(answer(DeviceListAnswer {
        result: DeviceList {
            total_count: matching.len() as u64,
            per_page: page.per_page,
            page: page.page,
            data,
        },
    }))
}
