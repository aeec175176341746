//! Gwell wire types with the seed's exact field names and documented types (int64 where the
//! tables say int64, even where the seed's example shows a string), built from the shared
//! camera and Gwell's own device state.

use super::memo::{Json, Packages};
use super::state::{DataPlan, Found, GwellDevice, Relation, StoragePlan};
use crate::sim::camera::Camera;
use serde::Serialize;

/// Success: field order as in seed 001's examples.
#[derive(Debug, Serialize)]
pub struct Envelope<T: Serialize> {
    pub code: i64,
    pub data: T,
    pub msg: &'static str,
    #[serde(rename = "requestId")]
    pub request_id: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorEnvelope {
    pub code: i64,
    pub msg: String,
    #[serde(rename = "requestId")]
    pub request_id: String,
}

/// devInfo `data` (seed 001 1.1.3). Seed 001 marks both packages as required, and typed
/// clients (Java, Go structs) break on `null`: a package the device never had is the object
/// with neutral values (empty strings, 0, false), as devList's `vss`/`fourCard` are.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DevInfoData<'a> {
    pub device_info: DeviceInfo<'a>,
    pub storage_info: StorageInfo<'a>,
    pub flow_info: FlowInfo<'a>,
}

/// deviceInfo. The online fields are withheld for a long-offline device (seed 001 note).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo<'a> {
    pub device_id: &'a str,
    /// 0 when the device is not bound.
    pub owner_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_update_time: Option<i64>,
    pub device_type: &'a str,
    /// A string on the wire: the percentage, or "" for a device without a battery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub battery: Option<Text<Option<u8>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rssi: Option<i64>,
    pub firmware_ver: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_mode: Option<Text<u8>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_charging: Option<Text<u8>>,
    pub bind_time: i64,
    /// Added 2026-04 in the vendor's newest revision: 1 = push notifications on.
    pub notice_status: i64,
}

/// storageInfo: srvStatus 2 in use, 5 expired (0: no package).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageInfo<'a> {
    pub order_id: &'a str,
    pub pkg_type: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub srv_status: i64,
    pub storage_days: i64,
    pub sub_status: bool,
    pub sub_time: i64,
    pub withhold_time: i64,
}

/// flowInfo: srvStatus 1 active, 0 expired. `usedData`, `activeRegion` and `iccids` come
/// from the vendor's newest revision (2025-12). srvStatus 0 also when there is no package.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowInfo<'a> {
    pub sim_id: &'a str,
    pub order_id: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub srv_status: i64,
    pub card_provider: &'a str,
    pub sub_status: bool,
    pub sub_time: i64,
    pub withhold_time: i64,
    pub used_data: i64,
    pub active_region: &'a str,
    pub iccids: Vec<Iccid<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Iccid<'a> {
    pub device_id: &'a str,
    pub iccid: &'a str,
}

/// devList `data` (seed 001 1.2.3).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DevListData {
    pub device_list: Vec<DeviceVo>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceVo {
    pub dev_id: i64,
    /// 1 owner, 2 guest.
    pub relation: i64,
    /// `VssVo`, kept per device (see `memo.rs`).
    pub vss: Json,
    /// `FourCardVo`, kept per device.
    pub four_card: Json,
}

/// Zeros when the device has no storage package (as in the seed's example).
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct VssVo {
    pub vss_expire_time: i64,
    /// 1 auto-renewing.
    pub vss_renew: i64,
    /// The package type (0 full-time, 1 event); in the seed's example, not its table.
    #[serde(rename = "type")]
    pub kind: i64,
    pub storage_duration: i64,
}

#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct FourCardVo {
    pub fg_expire_time: i64,
    pub fg_renew: i64,
    pub surplus_flow: i64,
    pub total_flow: i64,
    pub use_flow: i64,
}

/// A number the seed documents as a string (`battery`, `powerMode`, `powerCharging`), written
/// straight into the output instead of through a temporary `String`. `None` writes "".
#[derive(Debug)]
pub struct Text<T>(pub T);

impl Serialize for Text<u8> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for Text<Option<u8>> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(n) => s.collect_str(&n),
            None => s.serialize_str(""),
        }
    }
}

const STORAGE_IN_USE: i64 = 2;
const STORAGE_EXPIRED: i64 = 5;
const FLOW_ACTIVE: i64 = 1;
const FLOW_EXPIRED: i64 = 0;

/// Ids are int64 on the wire; `check` guarantees they parse.
fn int64(text: &str) -> i64 {
    text.parse().unwrap_or(0)
}

impl<'a> DeviceInfo<'a> {
    pub fn from_device(found: Found<'a>) -> DeviceInfo<'a> {
        let (d, gwell): (&'a Camera, _) = (found.camera, found.gwell);
        // A long-offline device no longer reports any online detail.
        let live = !d.long_offline;
        fn when<T>(live: bool, v: T) -> Option<T> {
            live.then_some(v)
        }
        DeviceInfo {
            device_id: &d.id,
            owner_id: gwell.owner.as_deref().map_or(0, int64),
            online: when(live, i64::from(d.online)),
            online_update_time: when(live, d.online_changed_at),
            device_type: &d.device_type,
            battery: when(live, Text(d.battery)),
            signal: when(live, d.signal),
            rssi: when(live, d.rssi),
            firmware_ver: &d.firmware,
            power_mode: when(live, Text(d.power_mode)),
            power_charging: when(live, Text(d.power_charging)),
            bind_time: gwell.bound_at,
            notice_status: i64::from(d.notifications),
        }
    }
}

impl<'a> StorageInfo<'a> {
    pub fn from_plan(p: &'a StoragePlan, now_secs: i64) -> StorageInfo<'a> {
        StorageInfo {
            order_id: &p.order_id,
            pkg_type: i64::from(p.kind),
            start_time: p.start,
            end_time: p.end,
            srv_status: if p.is_active(now_secs) {
                STORAGE_IN_USE
            } else {
                STORAGE_EXPIRED
            },
            storage_days: i64::from(p.days),
            sub_status: p.subscribed,
            sub_time: p.subscribed_at,
            withhold_time: p.charged_at,
        }
    }
}

impl<'a> FlowInfo<'a> {
    pub fn from_plan(device_id: &'a str, p: &'a DataPlan, now_secs: i64) -> FlowInfo<'a> {
        FlowInfo {
            sim_id: &p.sim_id,
            order_id: p.order_id,
            start_time: p.start,
            end_time: p.end,
            srv_status: if p.is_active(now_secs) {
                FLOW_ACTIVE
            } else {
                FLOW_EXPIRED
            },
            card_provider: &p.provider,
            sub_status: p.subscribed,
            sub_time: p.subscribed_at,
            withhold_time: p.charged_at,
            used_data: p.used_mb,
            active_region: &p.active_region,
            iccids: p
                .iccid
                .iter()
                .map(|iccid| Iccid { device_id, iccid })
                .collect(),
        }
    }
}

impl<'a> DevInfoData<'a> {
    pub fn from_device(found: Found<'a>, now_secs: i64) -> DevInfoData<'a> {
        let (d, gwell) = (found.camera, found.gwell);
        DevInfoData {
            device_info: DeviceInfo::from_device(found),
            storage_info: gwell
                .storage
                .as_ref()
                .map(|p| StorageInfo::from_plan(p, now_secs))
                .unwrap_or_default(),
            flow_info: gwell
                .data_plan
                .as_ref()
                .map(|p| FlowInfo::from_plan(&d.id, p, now_secs))
                .unwrap_or_default(),
        }
    }
}

impl DeviceVo {
    pub fn from_device(found: Found<'_>, relation: Relation, packages: Packages) -> DeviceVo {
        DeviceVo {
            dev_id: int64(&found.camera.id),
            relation: match relation {
                Relation::Owner => 1,
                Relation::Guest => 2,
            },
            vss: packages.vss,
            four_card: packages.four_card,
        }
    }
}

impl Packages {
    /// devList's `vss` and `fourCard` of a device (zeros for a package it does not have).
    pub fn of(d: &GwellDevice) -> Option<Packages> {
        let vss = d.storage.as_ref().map_or_else(VssVo::default, |p| VssVo {
            vss_expire_time: p.end,
            vss_renew: i64::from(p.subscribed),
            kind: i64::from(p.kind),
            storage_duration: i64::from(p.days),
        });
        let four_card = d
            .data_plan
            .as_ref()
            .map_or_else(FourCardVo::default, |p| FourCardVo {
                fg_expire_time: p.end,
                fg_renew: i64::from(p.subscribed),
                surplus_flow: p.remaining_mb(),
                total_flow: p.total_mb,
                use_flow: p.used_mb,
            });
        Some(Packages {
            vss: Json::of(&vss)?,
            four_card: Json::of(&four_card)?,
        })
    }
}
