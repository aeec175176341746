//! Tencent's section of a scenario file (`tencent:`): one Tencent Cloud account (its app id,
//! its API keys, the free packages it may give out) and its products (stream type) with their
//! devices (name, online, channels, packages, cloud-storage users, time zone through the
//! timeline), what `camsim check` verifies of them, and how a world's Tencent part is built.

use super::catalogue::{self, StorageType};
use super::coverage::Span;
use super::state::{
    DEFAULT_REGION, FreeQuota, Order, Product, Secret, StreamType, TencentDevice, TencentState,
    UserBinding, camera_id,
};
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::sim::spec::{Problem, TimeSpec};
use crate::sim::timeline::TimelineSpec;
use crate::sim::world::{Account, Build};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// A device's time zone when its timeline does not say: UTC+8, where Tencent's cloud storage
/// counts its days (decision: the legacy API names no time zone; see the vendor card).
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 480;
/// How far back a device's history reaches when its timeline does not say: the longest
/// look-back a package keeps.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;
/// Longest device name (camsim's bound; Tencent's exact rule is unpublished).
pub const MAX_DEVICE_NAME_CHARS: usize = 48;
/// Most channels an NVR may have.
pub const MAX_CHANNELS: u32 = 64;
/// Devices one world's Tencent account may hold.
pub const MAX_DEVICES: usize = 100_000;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSpec {
    /// The account's app id (digits); generated when absent.
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub secrets: Vec<TencentSecretSpec>,
    /// Free packages the account may give out: PackageId (`ye1w3d`, `lye1w3d`) -> how many.
    #[serde(default)]
    pub free_packages: BTreeMap<String, Spanned<u32>>,
    #[serde(default)]
    pub products: Vec<TencentProductSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSecretSpec {
    /// Starts with `AKID`, as Tencent's API keys do.
    pub secret_id: Spanned<String>,
    pub secret_key: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentProductSpec {
    /// Ten upper-case letters and digits (`AQTV2839QJ`).
    pub product_id: Spanned<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub stream_type: StreamType,
    #[serde(default)]
    pub devices: Vec<TencentDeviceSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentDeviceSpec {
    pub name: Spanned<String>,
    #[serde(default = "crate::sim::spec::yes")]
    pub online: bool,
    #[serde(default)]
    pub online_update_time: Option<TimeSpec>,
    /// An NVR's channels (0, the default: a camera).
    #[serde(default)]
    pub channels: Option<Spanned<u32>>,
    /// Packages bought, in order; each starts at `start` (default: when the one before ends),
    /// never before the one before has ended.
    #[serde(default)]
    pub packages: Vec<PackageSpec>,
    /// Cloud-storage users bound to the device, in order.
    #[serde(default)]
    pub users: Vec<UserSpec>,
    /// Percent: a battery (low-power) device, which `WakeUpDevice` wakes.
    #[serde(default)]
    pub battery: Option<Spanned<u8>>,
    #[serde(default)]
    pub psk: Option<String>,
    #[serde(default = "crate::sim::spec::yes")]
    pub activated: bool,
    #[serde(default = "crate::sim::spec::yes")]
    pub enabled: bool,
    #[serde(default)]
    pub log_level: Option<Spanned<i64>>,
    #[serde(default)]
    pub timeline: Option<Spanned<TimelineSpec>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageSpec {
    pub package_id: Spanned<String>,
    #[serde(default)]
    pub start: Option<TimeSpec>,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub channel: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSpec {
    pub user_id: Spanned<String>,
    #[serde(default)]
    pub since: Option<TimeSpec>,
}

/// Whether `id` is a product id Tencent issues: ten upper-case letters and digits.
pub fn product_id_problem(id: &str) -> Option<&'static str> {
    let ok = id.len() == 10
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    (!ok).then_some("must be 10 upper-case letters and digits")
}

/// Whether `name` is a device name camsim takes: 1–48 letters, digits and `_-.:@`.
pub fn device_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("must not be empty".into());
    }
    if name.len() > MAX_DEVICE_NAME_CHARS {
        return Some(format!("longer than {MAX_DEVICE_NAME_CHARS} characters"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_-.:@".contains(&b))
    {
        return Some("only letters, digits and _-.:@".into());
    }
    None
}

pub fn declared_credentials(s: &TencentSpec) -> Vec<(String, Location)> {
    s.secrets
        .iter()
        .map(|c| (c.secret_id.value.clone(), c.secret_id.referenced))
        .collect()
}

pub fn planned_devices(s: &TencentSpec) -> u64 {
    s.products.iter().map(|p| p.devices.len() as u64).sum()
}

/// Every problem in the section; returns the camera ids it declares.
pub fn check(s: &TencentSpec, out: &mut Vec<Problem>) -> HashSet<String> {
    let mut ids = HashSet::new();
    if let Some(app) = &s.app_id
        && (app.is_empty() || app.len() > 20 || !app.bytes().all(|b| b.is_ascii_digit()))
    {
        out.push(Problem::at_start("tencent.appId: must be 1-20 digits"));
    }
    for secret in &s.secrets {
        if !secret.secret_id.value.starts_with("AKID") {
            out.push(Problem::at_value(
                &secret.secret_id,
                "secretId: must start with AKID, as Tencent's API keys do",
            ));
        }
        if secret.secret_key.trim().is_empty() {
            out.push(Problem::at_value(
                &secret.secret_id,
                "secretKey: must not be empty",
            ));
        }
    }
    for (id, count) in &s.free_packages {
        if !catalogue::package(id).is_some_and(|p| p.free) {
            out.push(Problem::at_value(
                count,
                format!(
                    "freePackages: `{id}` is not a free package ({})",
                    catalogue::ids(true).join(", ")
                ),
            ));
        }
    }
    if planned_devices(s) > MAX_DEVICES as u64 {
        out.push(Problem::at_start(format!(
            "tencent: more than {MAX_DEVICES} devices"
        )));
        return ids;
    }
    let mut products = HashSet::new();
    for p in &s.products {
        let pid = p.product_id.value.as_str();
        if let Some(why) = product_id_problem(pid) {
            out.push(Problem::at_value(
                &p.product_id,
                format!("productId: `{pid}` {why}"),
            ));
        } else if !products.insert(pid) {
            out.push(Problem::at_value(
                &p.product_id,
                format!("duplicate productId `{pid}`"),
            ));
        }
        for d in &p.devices {
            check_device(p, d, &mut ids, out);
        }
    }
    let mut orders = HashSet::new();
    for pkg in s
        .products
        .iter()
        .flat_map(|p| &p.devices)
        .flat_map(|d| &d.packages)
    {
        if let Some(order) = &pkg.order_id
            && !orders.insert(order.as_str())
        {
            out.push(Problem::at_value(
                &pkg.package_id,
                format!("orderId: `{order}` is used by another package"),
            ));
        }
    }
    ids
}

fn check_device(
    p: &TencentProductSpec,
    d: &TencentDeviceSpec,
    ids: &mut HashSet<String>,
    out: &mut Vec<Problem>,
) {
    let name = d.name.value.as_str();
    if let Some(why) = device_name_problem(name) {
        out.push(Problem::at_value(&d.name, format!("name: `{name}` {why}")));
    } else if !ids.insert(camera_id(&p.product_id.value, name)) {
        out.push(Problem::at_value(
            &d.name,
            format!(
                "duplicate device `{name}` in product {}",
                p.product_id.value
            ),
        ));
    }
    let channels = d.channels.as_ref().map_or(0, |c| c.value);
    if let Some(c) = d.channels.as_ref().filter(|c| c.value > MAX_CHANNELS) {
        out.push(Problem::at_value(
            c,
            format!("channels: {} is out of range 0-{MAX_CHANNELS}", c.value),
        ));
    }
    for pkg in &d.packages {
        let id = pkg.package_id.value.as_str();
        match catalogue::package(id) {
            None => out.push(Problem::at_value(
                &pkg.package_id,
                format!("packageId: `{id}` is not a Tencent cloud-storage package"),
            )),
            Some(kind)
                if p.stream_type == StreamType::Image
                    && kind.storage() == StorageType::Continuous =>
            {
                out.push(Problem::at_value(
                    &pkg.package_id,
                    format!("packageId: `{id}` is continuous storage; image-stream devices have event packages only"),
                ));
            }
            Some(_) => {}
        }
        if pkg.channel >= channels.max(1) {
            out.push(Problem::at_value(
                &pkg.package_id,
                format!("channel: {} is not a channel of this device", pkg.channel),
            ));
        }
    }
    let mut users = HashSet::new();
    for u in &d.users {
        let id = u.user_id.value.as_str();
        if id.is_empty() || id.chars().count() > 64 {
            out.push(Problem::at_value(
                &u.user_id,
                "userId: must be 1-64 characters",
            ));
        } else if !users.insert(id) {
            out.push(Problem::at_value(
                &u.user_id,
                format!("duplicate userId `{id}`"),
            ));
        }
    }
    out.extend(
        d.battery
            .as_ref()
            .and_then(|b| Problem::out_of_range(b, "battery", 0, 100)),
    );
    out.extend(
        d.log_level
            .as_ref()
            .and_then(|l| Problem::out_of_range(l, "logLevel", 0, 4)),
    );
    if let Some(t) = &d.timeline {
        for (key, message) in t.value.problems() {
            out.push(Problem::at_value(t, format!("timeline.{key}: {message}")));
        }
    }
}

/// Builds the world's Tencent account, products and devices.
pub fn build(s: &TencentSpec, b: &mut Build<'_>) -> TencentState {
    let ids = b.credential_ids;
    let mut state = TencentState::default();
    state.app_id = s.app_id.clone().unwrap_or_else(|| {
        // 13 digits, like the uins in Tencent's thumbnail paths.
        let hex = ids.hex(12);
        let n = u64::from_str_radix(&hex, 16).unwrap_or(0) % 9_000_000_000_000;
        (1_000_000_000_000 + n).to_string()
    });
    state.media_secret = ids.hex(32);
    for secret in &s.secrets {
        b.world.add_account(Account::fixed(
            VendorId::Tencent,
            secret.secret_id.value.clone(),
            secret.secret_key.clone(),
            None,
        ));
        state.secrets.push(Secret {
            id: secret.secret_id.value.clone(),
            key: secret.secret_key.clone(),
        });
    }
    for (id, count) in &s.free_packages {
        if let Some(package) = catalogue::package(id) {
            state.free.push(FreeQuota {
                package,
                num: i64::from(count.value),
                used: 0,
            });
        }
    }
    for p in &s.products {
        let product = Product {
            id: p.product_id.value.clone(),
            name: p
                .name
                .clone()
                .unwrap_or_else(|| format!("product {}", p.product_id.value)),
            stream: p.stream_type,
        };
        for d in &p.devices {
            let (camera, mut device) = declared_device(&state.app_id, &product, d, b);
            for pkg in &d.packages {
                if let Some(order) =
                    declared_package(&mut state, &mut device, &camera.id, pkg, b.now_secs)
                {
                    state.orders.insert(order.id.clone(), order);
                }
            }
            state.insert_device(camera.id.clone(), device);
            b.world.cameras.insert(camera);
        }
        state.products.push(product);
    }
    state
}

/// A declared package laid out on its channel, from its `start` (or when the channel's previous
/// package ends, if later); returns its order.
fn declared_package(
    state: &mut TencentState,
    device: &mut TencentDevice,
    camera: &str,
    pkg: &PackageSpec,
    now: i64,
) -> Option<Order> {
    let kind = catalogue::package(&pkg.package_id.value)?;
    let coverage = device.coverage_mut(pkg.channel);
    // One package at a time: one declared to start before the previous one ends waits for it.
    let previous_end = coverage.spans().iter().map(|s| s.end).max();
    let start = match (pkg.start, previous_end) {
        (Some(t), Some(end)) => t.at(now).max(end),
        (Some(t), None) => t.at(now),
        (None, end) => end.unwrap_or(now),
    };
    let id = pkg
        .order_id
        .clone()
        .unwrap_or_else(|| state.next_order_id());
    coverage.declare(Span {
        start,
        end: start.saturating_add(kind.secs()),
        package: kind,
        order: id.clone(),
    });
    Some(Order {
        id,
        device: camera.to_string(),
        channel: pkg.channel,
        package: kind,
        region: DEFAULT_REGION.to_string(),
        // A package queued to start later was bought when the world began.
        placed: start.min(now),
        free: kind.free,
        dropped: None,
    })
}

/// The declared users in time order (a recording belongs to the user bound when it was made).
fn bindings(users: &[UserSpec], now: i64) -> Vec<UserBinding> {
    let mut out: Vec<UserBinding> = users
        .iter()
        .map(|u| UserBinding {
            user: u.user_id.value.clone(),
            since: u.since.map_or(now, |t| t.at(now)),
        })
        .collect();
    out.sort_by_key(|b| b.since);
    out
}

fn declared_device(
    app_id: &str,
    product: &Product,
    d: &TencentDeviceSpec,
    b: &Build<'_>,
) -> (Camera, TencentDevice) {
    let now = b.now_secs;
    let name = d.name.value.clone();
    let mut camera = Camera::new(
        VendorId::Tencent,
        camera_id(&product.id, &name),
        name.clone(),
        app_id.to_string(),
        now,
    );
    camera.online = d.online;
    camera.online_changed_at = d.online_update_time.map_or(now - 3600, |t| t.at(now));
    camera.battery = d.battery.as_ref().map(|b| b.value);
    camera.power_mode = Camera::default_power_mode(camera.battery);
    let base = d
        .timeline
        .as_ref()
        .map_or_else(|| b.timeline.clone(), |t| t.value.or(b.timeline));
    // Cloud storage keeps up to 30 days, so the camera's history reaches that far back.
    let zoned = TimelineSpec {
        utc_offset_minutes: base.utc_offset_minutes.or(Some(DEFAULT_UTC_OFFSET_MINUTES)),
        retention_days: base.retention_days.or(Some(DEFAULT_RETENTION_DAYS)),
        ..base
    };
    camera.timeline = Arc::new(zoned.settings());
    let device = TencentDevice {
        product: product.id.clone(),
        name: name.clone(),
        stream: product.stream,
        channels: d.channels.as_ref().map_or(0, |c| c.value),
        coverage: Default::default(),
        users: bindings(&d.users, now),
        events_cleared: Default::default(),
        psk: d.psk.clone().unwrap_or_else(|| {
            use base64::Engine;
            let raw = hex::decode(b.credential_ids.hex(32)).unwrap_or_default();
            base64::engine::general_purpose::STANDARD.encode(raw)
        }),
        enabled: d.enabled,
        activated: d.activated,
        log_level: d.log_level.as_ref().map_or(0, |l| l.value),
        expires: 0,
        media_keys: Vec::new(),
    };
    (camera, device)
}
