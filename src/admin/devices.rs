//! The device routes of the control API: a paged list, one device, and a patch in the keys
//! the device's vendor takes (checked by the vendor's model with `camsim check`'s rules).

use super::model::DeviceView;
use super::{Answer, bad_request, camera, json_body, ok, vendor_named};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::{Sim, VendorId};
use crate::vendors::model::Model;
use crate::vendors::{VendorJob, for_vendor};
use http::StatusCode;

/// Devices in one `GET devices` answer unless `limit` says otherwise, and at most.
const DEVICE_PAGE: usize = 1_000;
const MAX_DEVICE_PAGE: usize = 10_000;

/// `GET devices?vendor=&offset=&limit=`: a page of devices in (vendor, devId) order, so the
/// answer's size stays bounded however big the world is.
pub(super) fn list(sim: &Sim, req: &ApiRequest) -> Answer {
    let vendors = match req.query_param("vendor") {
        Some(v) => vec![vendor_named(&v, StatusCode::BAD_REQUEST)?],
        None => VendorId::ALL.to_vec(),
    };
    let offset = count_param(req, "offset", 0, usize::MAX)?;
    let limit = count_param(req, "limit", DEVICE_PAGE, MAX_DEVICE_PAGE)?;
    let now = sim.clock.now_secs();
    let world = sim.world.lock();
    let devices: Vec<DeviceView> = vendors
        .into_iter()
        .flat_map(|v| world.cameras.sorted(v))
        .skip(offset)
        .take(limit)
        .map(|d| DeviceView::of(&world, d, now))
        .collect();
    ok(&devices)
}

/// A whole-number query parameter up to `max`, `default` when absent; 400 naming it otherwise.
fn count_param(
    req: &ApiRequest,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiResponse> {
    let Some(text) = req.query_param(name) else {
        return Ok(default);
    };
    text.parse::<usize>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| {
            bad_request(
                format!("{name}: `{text}` is not a whole number from 0 to {max}"),
                Some(name),
            )
        })
}

pub(super) fn patch(sim: &Sim, vendor: &str, id: &str, req: &ApiRequest) -> Answer {
    let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
    for_vendor(vendor, Patch { sim, id, req })
}

/// A device patch in the keys the device's vendor takes, checked and applied by its model.
struct Patch<'a> {
    sim: &'a Sim,
    id: &'a str,
    req: &'a ApiRequest,
}

impl VendorJob for Patch<'_> {
    type Out = Answer;
    fn run<M: Model>(self) -> Answer {
        let patch: M::Patch = json_body(self.req)?;
        let now = self.sim.clock.now_secs();
        let mut world = self.sim.world.lock();
        camera(self.sim, &world, M::ID, self.id)?;
        M::patch(&mut world, self.id, patch, now)
            .map_err(|p| bad_request(p.message, Some(&p.field)))?;
        let patched = camera(self.sim, &world, M::ID, self.id)?;
        ok(&DeviceView::of(&world, patched, now))
    }
}

/// `GET devices/{vendor}/{id}`.
pub(super) fn get(sim: &Sim, vendor: &str, id: &str) -> Answer {
    let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
    let now = sim.clock.now_secs();
    let world = sim.world.lock();
    ok(&DeviceView::of(
        &world,
        camera(sim, &world, vendor, id)?,
        now,
    ))
}
