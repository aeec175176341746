//! Control API DTOs: stable, documented in the README, in the same vocabulary as scenario
//! files (a device PATCH takes the keys a scenario's device takes).

use crate::app::Urls;
use crate::sim::clock::ClockView;
use crate::sim::device::{DataPlan, Device, StoragePlan};
use crate::sim::scenario::{FlowSpec, IdText, StorageSpec, TimeSpec};
use crate::sim::{Sim, VendorId, World};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub uptime_ms: u64,
    pub worlds: usize,
}

/// A control API failure: HTTP 4xx with the field at fault, when there is one.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldSummary {
    pub name: String,
    pub default: bool,
    pub seed: u64,
    pub devices: BTreeMap<VendorId, usize>,
    pub credentials: Vec<CredentialView>,
}

#[derive(Debug, Serialize)]
pub struct CredentialView {
    pub vendor: VendorId,
    pub id: String,
}

/// `GET /_camsim/worlds/{w}`: what a client needs to call each vendor in this world.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldView {
    pub name: String,
    pub default: bool,
    pub seed: u64,
    pub rate_limits: bool,
    pub clock: ClockView,
    pub urls: Urls,
    pub gwell: GwellView,
    pub sodalife: BTreeMap<&'static str, Vec<BTreeMap<&'static str, String>>>,
    pub onenet: BTreeMap<&'static str, Vec<BTreeMap<&'static str, String>>>,
    pub tencent: BTreeMap<&'static str, Vec<BTreeMap<&'static str, String>>>,
    pub faults: usize,
    pub journal: usize,
}

#[derive(Debug, Serialize)]
pub struct GwellView {
    pub apps: Vec<GwellAppView>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GwellAppView {
    pub app_id: String,
    pub app_token: String,
    pub app_key: String,
    pub users: Vec<GwellUserView>,
    /// Every devId of the app.
    pub devices: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GwellUserView {
    pub access_id: String,
    pub name: String,
    /// devIds the user owns.
    pub owns: Vec<String>,
    /// devIds shared with the user.
    pub guest_of: Vec<String>,
}

impl WorldView {
    pub fn of(sim: &Sim, world: &World, is_default: bool, urls: &Urls) -> WorldView {
        let credential_list =
            |key: &'static str, secret: &'static str, creds: &[crate::sim::world::Credential]| {
                creds
                    .iter()
                    .map(|c| BTreeMap::from([(key, c.id.clone()), (secret, c.secret.clone())]))
                    .collect()
            };
        WorldView {
            name: sim.name.clone(),
            default: is_default,
            seed: sim.seed,
            rate_limits: world.rate_limits,
            clock: sim.clock.view(),
            urls: urls.clone(),
            gwell: GwellView {
                apps: world
                    .gwell_apps
                    .iter()
                    .map(|a| gwell_app_view(world, a))
                    .collect(),
            },
            sodalife: BTreeMap::from([(
                "clients",
                credential_list("clientId", "clientSecret", &world.sodalife_clients),
            )]),
            onenet: BTreeMap::from([(
                "products",
                credential_list("masterKey", "productId", &world.onenet_products),
            )]),
            tencent: BTreeMap::from([(
                "secrets",
                credential_list("secretId", "secretKey", &world.tencent_secrets),
            )]),
            faults: sim.faults.list().len(),
            journal: sim.journal.len(),
        }
    }
}

fn gwell_app_view(world: &World, app: &crate::sim::world::GwellApp) -> GwellAppView {
    let devices: Vec<&Device> = world
        .devices
        .sorted(VendorId::Gwell)
        .into_iter()
        .filter(|d| d.account == app.app_id)
        .collect();
    GwellAppView {
        app_id: app.app_id.clone(),
        app_token: app.app_token.clone(),
        app_key: app.app_key.clone(),
        users: app
            .users
            .iter()
            .map(|(id, name)| GwellUserView {
                access_id: id.clone(),
                name: name.clone(),
                owns: devices
                    .iter()
                    .filter(|d| d.owner.as_deref() == Some(id))
                    .map(|d| d.id.clone())
                    .collect(),
                guest_of: devices
                    .iter()
                    .filter(|d| d.guests.contains(id))
                    .map(|d| d.id.clone())
                    .collect(),
            })
            .collect(),
        devices: devices.iter().map(|d| d.id.clone()).collect(),
    }
}

/// A device in scenario vocabulary, with what the world derives (package `active`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    pub vendor: VendorId,
    pub dev_id: String,
    pub sn: String,
    pub account: String,
    pub device_type: String,
    pub firmware_ver: String,
    pub online: bool,
    pub online_update_time: i64,
    pub long_offline: bool,
    pub battery: Option<u8>,
    pub signal: i64,
    pub rssi: i64,
    pub power_mode: u8,
    pub power_charging: u8,
    pub notice_status: u8,
    pub owner: Option<String>,
    pub guests: Vec<String>,
    pub bind_time: i64,
    pub storage: Option<StorageView>,
    pub flow: Option<FlowView>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageView {
    pub order_id: String,
    pub pkg_type: u8,
    pub start_time: i64,
    pub end_time: i64,
    pub storage_days: u32,
    pub sub_status: bool,
    pub sub_time: i64,
    pub withhold_time: i64,
    pub active: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowView {
    pub sim_id: String,
    pub iccid: Option<String>,
    pub order_id: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub card_provider: String,
    pub sub_status: bool,
    pub sub_time: i64,
    pub withhold_time: i64,
    pub total_flow: i64,
    pub use_flow: i64,
    pub active_region: String,
    pub active: bool,
}

impl DeviceView {
    pub fn of(d: &Device, now_secs: i64) -> DeviceView {
        DeviceView {
            vendor: d.vendor,
            dev_id: d.id.clone(),
            sn: d.sn.clone(),
            account: d.account.clone(),
            device_type: d.device_type.clone(),
            firmware_ver: d.firmware.clone(),
            online: d.online,
            online_update_time: d.online_changed_at,
            long_offline: d.long_offline,
            battery: d.battery,
            signal: d.signal,
            rssi: d.rssi,
            power_mode: d.power_mode,
            power_charging: d.power_charging,
            notice_status: u8::from(d.notifications),
            owner: d.owner.clone(),
            guests: d.guests.clone(),
            bind_time: d.bound_at,
            storage: d.storage.as_ref().map(|s| storage_view(s, now_secs)),
            flow: d.data_plan.as_ref().map(|f| flow_view(f, now_secs)),
        }
    }
}

fn storage_view(s: &StoragePlan, now: i64) -> StorageView {
    StorageView {
        order_id: s.order_id.clone(),
        pkg_type: s.kind,
        start_time: s.start,
        end_time: s.end,
        storage_days: s.days,
        sub_status: s.subscribed,
        sub_time: s.subscribed_at,
        withhold_time: s.charged_at,
        active: s.is_active(now),
    }
}

fn flow_view(f: &DataPlan, now: i64) -> FlowView {
    FlowView {
        sim_id: f.sim_id.clone(),
        iccid: f.iccid.clone(),
        order_id: f.order_id,
        start_time: f.start,
        end_time: f.end,
        card_provider: f.provider.clone(),
        sub_status: f.subscribed,
        sub_time: f.subscribed_at,
        withhold_time: f.charged_at,
        total_flow: f.total_mb,
        use_flow: f.used_mb,
        active_region: f.active_region.clone(),
        active: f.is_active(now),
    }
}

/// `PATCH /_camsim/worlds/{w}/devices/{vendor}/{id}`: any subset of a scenario device's keys.
/// `storage: null` / `flow: null` remove a package; `owner: null` unbinds.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DevicePatch {
    pub online: Option<bool>,
    pub online_update_time: Option<TimeSpec>,
    pub long_offline: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    pub battery: Option<Option<u8>>,
    pub signal: Option<i64>,
    pub rssi: Option<i64>,
    pub power_mode: Option<u8>,
    pub power_charging: Option<u8>,
    pub notice_status: Option<u8>,
    pub firmware_ver: Option<String>,
    pub device_type: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub owner: Option<Option<IdText>>,
    pub guests: Option<Vec<IdText>>,
    pub bind_time: Option<TimeSpec>,
    #[serde(default, deserialize_with = "present")]
    pub storage: Option<Option<StorageSpec>>,
    #[serde(default, deserialize_with = "present")]
    pub flow: Option<Option<FlowSpec>>,
}

/// Tells `"key": null` (Some(None)) from a missing key (None).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// `POST /_camsim/worlds/{w}/clock`: applied in this order: freeze, at, advance.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockChange {
    /// true: stop at the current reading; false: run on from it.
    pub freeze: Option<bool>,
    /// Move to this instant (Unix seconds, RFC 3339, or `now-10m` relative to the world clock).
    pub at: Option<TimeSpec>,
    /// Move by seconds (number) or a span (`"-10m"`, `"2h"`, `"1d"`).
    pub advance: Option<Advance>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Advance {
    Seconds(f64),
    Span(String),
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Cleared {
    pub cleared: usize,
}
