//! The device routes of the control API: a paged list, and a patch that keeps the same
//! binding and range rules as `camsim check`.

use super::model::{DevicePatch, DeviceView};
use super::{Answer, bad_request, device_not_found, json_body, ok, vendor_named};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::device::{DataPlan, Device, StoragePlan};
use crate::sim::{Sim, VendorId};
use http::StatusCode;

/// Devices in one `GET devices` answer unless `limit` says otherwise, and at most.
const DEVICE_PAGE: usize = 1_000;
const MAX_DEVICE_PAGE: usize = 10_000;

/// `GET devices?vendor=&offset=&limit=`: a page of devices in (vendor, devId) order, so the
/// answer's size stays bounded however big the world is.
pub(super) fn list(sim: &Sim, req: &ApiRequest) -> Answer {
    let vendors = match req.query_param("vendor") {
        Some(v) => vec![vendor_named(v, StatusCode::BAD_REQUEST)?],
        None => VendorId::ALL.to_vec(),
    };
    let offset = count_param(req, "offset", 0, usize::MAX)?;
    let limit = count_param(req, "limit", DEVICE_PAGE, MAX_DEVICE_PAGE)?;
    let now = sim.clock.now_secs();
    let world = sim.world.lock();
    let devices: Vec<DeviceView> = vendors
        .into_iter()
        .flat_map(|v| world.devices.sorted(v))
        .skip(offset)
        .take(limit)
        .map(|d| DeviceView::of(d, now))
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
    let patch: DevicePatch = json_body(req)?;
    let now = sim.clock.now_secs();
    let mut world = sim.world.lock();
    {
        let device = world
            .devices
            .get(vendor, id)
            .ok_or_else(|| device_not_found(sim, vendor, id))?;
        let users: Vec<String> = world
            .gwell_app(&device.account)
            .map(|a| a.users.keys().cloned().collect())
            .unwrap_or_default();
        validate_patch(&patch, device, &users, now)?;
    }
    let device = world
        .devices
        .get_mut(vendor, id)
        .ok_or_else(|| device_not_found(sim, vendor, id))?;
    if let Some(online) = patch.online {
        device.set_online(online, now);
    }
    if let Some(t) = patch.online_update_time {
        device.online_changed_at = t.at(now);
    }
    if let Some(long) = patch.long_offline {
        device.long_offline = long;
        if long {
            device.set_online(false, now);
        }
    }
    if let Some(battery) = patch.battery {
        device.battery = battery;
        // Keep the power fields consistent with the battery unless the patch sets them.
        if patch.power_mode.is_none() {
            device.power_mode = match (battery, device.power_mode) {
                (None, _) => 0,
                (Some(_), 0) => Device::default_power_mode(battery),
                (Some(_), mode) => mode,
            };
        }
        if battery.is_none() && patch.power_charging.is_none() {
            device.power_charging = 0;
        }
    }
    set(&mut device.signal, patch.signal);
    set(&mut device.rssi, patch.rssi);
    set(&mut device.power_mode, patch.power_mode);
    set(&mut device.power_charging, patch.power_charging);
    if let Some(n) = patch.notice_status {
        device.notifications = n != 0;
    }
    set(&mut device.firmware, patch.firmware_ver);
    set(&mut device.device_type, patch.device_type);
    if let Some(owner) = patch.owner {
        device.owner = owner.map(|o| o.0);
        if device.owner.is_none() {
            device.guests.clear();
            device.bound_at = 0;
        } else if device.bound_at == 0 {
            device.bound_at = now;
        }
    }
    if let Some(guests) = patch.guests {
        device.guests = guests.into_iter().map(|g| g.0).collect();
    }
    if let Some(t) = patch.bind_time {
        device.bound_at = t.at(now);
    }
    if let Some(storage) = patch.storage {
        device.storage = storage.map(|s| StoragePlan::from_spec(&s, now));
    }
    if let Some(flow) = patch.flow {
        device.data_plan = flow.map(|f| DataPlan::from_spec(&f, now));
    }
    ok(&DeviceView::of(device, now))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn validate_patch(
    p: &DevicePatch,
    current: &Device,
    users: &[String],
    now: i64,
) -> Result<(), ApiResponse> {
    let ranges = [
        ("battery", p.battery.flatten().map(u32::from), 100),
        ("powerMode", p.power_mode.map(u32::from), 2),
        ("powerCharging", p.power_charging.map(u32::from), 3),
        ("noticeStatus", p.notice_status.map(u32::from), 1),
        (
            "storage.pkgType",
            p.storage
                .as_ref()
                .and_then(|s| s.as_ref())
                .map(|s| u32::from(s.pkg_type)),
            1,
        ),
    ];
    for (field, value, max) in ranges {
        if let Some(v) = value.filter(|v| *v > max) {
            return Err(bad_request(
                format!("{field}: {v} is out of range 0-{max}"),
                Some(field),
            ));
        }
    }
    let known = |id: &str| users.iter().any(|u| u == id);
    if let Some(Some(owner)) = &p.owner
        && !known(owner.as_str())
    {
        return Err(bad_request(
            format!("owner: `{owner}` is not a user of the device's app"),
            Some("owner"),
        ));
    }
    if let Some(guest) = p.guests.iter().flatten().find(|g| !known(g.as_str())) {
        return Err(bad_request(
            format!("guests: `{guest}` is not a user of the device's app"),
            Some("guests"),
        ));
    }
    // The same binding rules as `camsim check`, on the device as it will be after the patch.
    let owner = match &p.owner {
        Some(new) => new.as_ref().map(|o| o.as_str()),
        None => current.owner.as_deref(),
    };
    let guests: Vec<&str> = match &p.guests {
        Some(new) => new.iter().map(|g| g.as_str()).collect(),
        None if matches!(p.owner, Some(None)) => Vec::new(),
        None => current.guests.iter().map(String::as_str).collect(),
    };
    if owner.is_none() && !guests.is_empty() {
        return Err(bad_request(
            "guests: a device without an owner cannot be shared",
            Some("guests"),
        ));
    }
    if let Some(g) = guests.iter().find(|g| Some(**g) == owner) {
        return Err(bad_request(
            format!("guests: `{g}` is the owner"),
            Some("guests"),
        ));
    }
    if let Some((_, g)) = guests
        .iter()
        .enumerate()
        .find(|(i, g)| guests[..*i].contains(g))
    {
        return Err(bad_request(
            format!("guests: `{g}` is listed twice"),
            Some("guests"),
        ));
    }
    for (field, plan) in [
        (
            "storage",
            p.storage
                .as_ref()
                .and_then(|s| s.as_ref())
                .map(|s| (s.start_time, s.end_time)),
        ),
        (
            "flow",
            p.flow
                .as_ref()
                .and_then(|f| f.as_ref())
                .map(|f| (f.start_time, f.end_time)),
        ),
    ] {
        if let Some((start, end)) = plan
            && end.at(now) < start.at(now)
        {
            return Err(bad_request(
                format!("{field}.endTime: is before startTime"),
                Some(field),
            ));
        }
    }
    if let Some(Some(f)) = &p.flow
        && (f.total_flow < 0 || f.use_flow < 0)
    {
        return Err(bad_request(
            "flow: totalFlow and useFlow must not be negative",
            Some("flow"),
        ));
    }
    Ok(())
}
