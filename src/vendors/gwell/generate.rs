//! The `generate:` form of Gwell's scenario section: N devices with seeded fake data (serials,
//! firmware, signal, battery, package dates), for load tests and for lists that look real in a
//! UI. The same seed and spec give the same devices, whatever else the world holds.

use super::scenario::GenerateSpec;
use super::state::{DataPlan, GwellDevice, StoragePlan};
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::sim::ids::name_hash;
use crate::sim::timeline::TimelineSettings;
use fake::Fake;
use fake::faker::number::en::NumberWithFormat;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::sync::Arc;

const DAY: i64 = 86_400;
const PROVIDERS: [&str; 3] = ["中国移动", "中国联通", "中国电信"];
const DEVICE_TYPES: [&str; 4] = ["IPC", "DOORBELL", "BATTERY_IPC", "4G_IPC"];

/// The devIds a spec produces, in order (also used by `check` to find collisions).
pub fn generated_ids(spec: &GenerateSpec) -> impl Iterator<Item = String> + '_ {
    let start: i64 = spec.id_start.as_str().parse().unwrap_or(0);
    (0..i64::from(spec.count)).map(move |i| (start + i).to_string())
}

/// One `generate:` entry of an app, with what its devices share.
pub struct Group<'a> {
    pub account: &'a str,
    pub spec: &'a GenerateSpec,
    /// accessIds the devices are dealt to in turn.
    pub owners: &'a [String],
    pub timeline: Arc<TimelineSettings>,
}

pub fn generate_devices(group: &Group<'_>, seed: u64, now_secs: i64) -> Vec<(Camera, GwellDevice)> {
    let spec = group.spec;
    let mut rng = StdRng::seed_from_u64(seed ^ name_hash(spec.id_start.as_str()));
    let owners = group.owners;
    generated_ids(spec)
        .enumerate()
        .map(|(i, id)| {
            let owner = (!owners.is_empty()).then(|| owners[i % owners.len()].clone());
            fake_device(&mut rng, group, id, owner, now_secs)
        })
        .collect()
}

fn fake_device(
    rng: &mut StdRng,
    group: &Group<'_>,
    id: String,
    owner: Option<String>,
    now: i64,
) -> (Camera, GwellDevice) {
    let (account, spec, timeline) = (group.account, group.spec, &group.timeline);
    let sn: String = NumberWithFormat("^###########").fake_with_rng(rng);
    let firmware = format!(
        "{}.{}.{}.{}",
        rng.random_range(10..=14),
        rng.random_range(0..=3),
        rng.random_range(0..=9),
        rng.random_range(10..=99)
    );
    let has_battery = rng.random_bool(spec.battery_ratio.clamp(0.0, 1.0));
    let battery = has_battery.then(|| rng.random_range(5..=100u8));
    let long_offline = rng.random_bool(spec.long_offline_ratio.clamp(0.0, 1.0));
    let online = !long_offline && rng.random_bool(spec.online_ratio.clamp(0.0, 1.0));
    let cellular = rng.random_bool(spec.flow_ratio.clamp(0.0, 1.0));
    let bound_at = now - rng.random_range(DAY..400 * DAY);
    let storage = rng
        .random_bool(spec.storage_ratio.clamp(0.0, 1.0))
        .then(|| fake_storage(rng, now));
    let data_plan = cellular.then(|| fake_data_plan(rng, now));
    // Drawn in this order (the order of the fields once written), so a seed keeps its devices.
    let device_type = if cellular {
        "4G_IPC".to_string()
    } else {
        DEVICE_TYPES[rng.random_range(0..3)].to_string()
    };
    let online_changed_at = now
        - if long_offline {
            rng.random_range(90 * DAY..300 * DAY)
        } else {
            rng.random_range(60..7 * DAY)
        };
    let power_mode = match battery {
        None => 0,
        Some(_) => rng.random_range(1..=2),
    };
    let power_charging = if has_battery {
        rng.random_range(0..=1)
    } else {
        0
    };
    let signal = rng.random_range(20..=100);
    let rssi = rng.random_range(-95..=-35);
    let notifications = rng.random_bool(0.8);
    let mut camera = Camera::new(VendorId::Gwell, id, sn, account.to_string(), now);
    camera.device_type = device_type;
    camera.firmware = firmware;
    camera.online = online;
    camera.online_changed_at = online_changed_at;
    camera.long_offline = long_offline;
    camera.battery = battery;
    camera.power_mode = power_mode;
    camera.power_charging = power_charging;
    camera.signal = signal;
    camera.rssi = rssi;
    camera.notifications = notifications;
    camera.timeline = timeline.clone();
    let gwell = GwellDevice {
        bound_at: if owner.is_some() { bound_at } else { 0 },
        owner,
        guests: Vec::new(),
        storage,
        data_plan,
    };
    (camera, gwell)
}

fn fake_storage(rng: &mut StdRng, now: i64) -> StoragePlan {
    let start = now - rng.random_range(DAY..500 * DAY);
    let months = [1, 3, 12][rng.random_range(0..3)];
    let subscribed = rng.random_bool(0.5);
    StoragePlan {
        order_id: format!(
            "VSS{}",
            NumberWithFormat("^#############").fake_with_rng::<String, _>(rng)
        ),
        kind: rng.random_range(0..=1),
        start,
        end: start + months * 30 * DAY,
        days: [3, 7, 30][rng.random_range(0..3)],
        subscribed,
        subscribed_at: if subscribed { start } else { 0 },
        charged_at: if subscribed { start } else { 0 },
    }
}

fn fake_data_plan(rng: &mut StdRng, now: i64) -> DataPlan {
    let start = now - rng.random_range(DAY..400 * DAY);
    let total_mb = [0, 1024, 3072, 10240][rng.random_range(0..4)];
    let iccid: String = NumberWithFormat("898604##############").fake_with_rng(rng);
    DataPlan {
        sim_id: NumberWithFormat("1440#########").fake_with_rng(rng),
        iccid: Some(iccid),
        order_id: rng.random_range(100_000_000..999_999_999),
        start,
        end: start + 365 * DAY,
        provider: PROVIDERS[rng.random_range(0..PROVIDERS.len())].to_string(),
        subscribed: rng.random_bool(0.3),
        subscribed_at: 0,
        charged_at: 0,
        total_mb,
        used_mb: if total_mb == 0 {
            rng.random_range(0..5000)
        } else {
            rng.random_range(0..=total_mb)
        },
        active_region: "CN".to_string(),
    }
}
