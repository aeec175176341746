//! OneNET's section of a scenario file (`onenet:`): products (id, master key, register codes,
//! encryption switch, how long qos=1 commands wait) and each product's devices (section 1's
//! fields, channels, device keys, online state, how the simulated device replies, timeline),
//! what `camsim check` verifies of them, and how a world's OneNET part is built.

use super::state::{
    Channel, DEFAULT_CMD_WAIT_MS, DEVICE_SCOPE, KeyGrant, Location, MASTER_SCOPE,
    MAX_PRODUCT_DEVICES, OnenetDevice, OnenetState, Product, REGISTER_SCOPE, ReplyBehaviour,
    UserReply,
};
use super::validate;
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::sim::spec::{Problem, TimeSpec};
use crate::sim::timeline::TimelineSpec;
use crate::sim::world::{Account, Build};
use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::{Location as Place, Spanned};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// Section 18.1's `total` when a scenario gives none: 10 TiB, room for a few dozen cameras
/// recording around the clock for a week.
pub const DEFAULT_STORAGE_BYTES: u64 = 10 << 40;

/// The first id given to a device a scenario leaves unnumbered, and to created ones after it.
pub const FIRST_DEVICE_ID: u64 = 25_045_682;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetSpec {
    #[serde(default)]
    pub products: Vec<ProductSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductSpec {
    pub product_id: Spanned<String>,
    /// The product-level api-key.
    pub master_key: Spanned<String>,
    #[serde(default)]
    pub register_codes: Vec<Spanned<String>>,
    /// Section 7's video encryption switch.
    #[serde(default)]
    pub encrypted: bool,
    /// How long a qos=1 command waits for its device (real milliseconds, 0-60000).
    #[serde(default)]
    pub cmd_wait_ms: Option<Spanned<u64>>,
    /// Section 19's version; default `1.3.4`.
    #[serde(default)]
    pub version: Option<String>,
    /// Section 18.1's `total`, bytes; default `DEFAULT_STORAGE_BYTES`.
    #[serde(default)]
    pub storage_bytes: Option<u64>,
    #[serde(default)]
    pub devices: Vec<DeviceSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeviceSpec {
    /// Digits; numbered from `FIRST_DEVICE_ID` when absent.
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub desc: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub location: Option<Location>,
    /// Default `true`, as OneNET's device API creates them.
    #[serde(default = "crate::sim::spec::yes")]
    pub private: bool,
    /// A string or a map; default `{"sn": "<id>"}`-like text.
    #[serde(default)]
    pub auth_info: Option<Value>,
    #[serde(default = "crate::sim::spec::yes")]
    pub online: bool,
    /// When the device last came online (or went offline).
    #[serde(default)]
    pub online_update_time: Option<TimeSpec>,
    /// When it was created; default 90 days before the world starts.
    #[serde(default)]
    pub created: Option<TimeSpec>,
    #[serde(default)]
    pub firmware: Option<String>,
    /// Channel ids with titles; default one channel, 1.
    #[serde(default)]
    pub channels: Option<Vec<ChannelSpec>>,
    /// Device api-keys; default one generated `device-auto-key`.
    #[serde(default)]
    pub keys: Option<Vec<KeySpec>>,
    #[serde(default)]
    pub reply: Option<Spanned<ReplySpec>>,
    #[serde(default)]
    pub timeline: Option<Spanned<TimelineSpec>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelSpec {
    pub id: Spanned<u32>,
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    #[serde(default)]
    pub desc: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeySpec {
    pub key: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// How the simulated device replies; every key optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplySpec {
    #[serde(default)]
    pub send_delay_ms: Option<u64>,
    #[serde(default)]
    pub latency_ms: Option<u64>,
    #[serde(default)]
    pub drop_rate: Option<f64>,
    #[serde(default)]
    pub malformed_rate: Option<f64>,
    #[serde(default)]
    pub send_fail_rate: Option<f64>,
    /// `echo` (default) or any other text, answered to every user-defined command.
    #[serde(default)]
    pub user_reply: Option<String>,
}

/// Longest reply latency a scenario may set (ten minutes).
pub const MAX_LATENCY_MS: u64 = 600_000;

impl ReplySpec {
    /// The behaviour, defaults filled in.
    pub fn resolve(&self, base: &ReplyBehaviour) -> ReplyBehaviour {
        ReplyBehaviour {
            send_delay_ms: self.send_delay_ms.unwrap_or(base.send_delay_ms),
            latency_ms: self.latency_ms.unwrap_or(base.latency_ms),
            drop_rate: self.drop_rate.unwrap_or(base.drop_rate),
            malformed_rate: self.malformed_rate.unwrap_or(base.malformed_rate),
            send_fail_rate: self.send_fail_rate.unwrap_or(base.send_fail_rate),
            user_reply: match self.user_reply.as_deref() {
                None => base.user_reply.clone(),
                Some("echo") => UserReply::Echo,
                Some(text) => UserReply::Text(text.to_string()),
            },
        }
    }

    /// The first key out of range, with why.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if let Some(ms) = self.latency_ms.filter(|ms| *ms > MAX_LATENCY_MS) {
            return Some((
                "latencyMs",
                format!("{ms} is out of range 0-{MAX_LATENCY_MS}"),
            ));
        }
        for (key, rate) in [
            ("dropRate", self.drop_rate),
            ("malformedRate", self.malformed_rate),
            ("sendFailRate", self.send_fail_rate),
        ] {
            if let Some(r) = rate.filter(|r| !(0.0..=1.0).contains(r)) {
                return Some((key, format!("{r} is out of range 0-1")));
            }
        }
        None
    }
}

pub fn declared_credentials(s: &OnenetSpec) -> Vec<(String, Place)> {
    let mut out = Vec::new();
    for p in &s.products {
        out.push((p.master_key.value.clone(), p.master_key.referenced));
        for code in &p.register_codes {
            out.push((code.value.clone(), code.referenced));
        }
        for d in &p.devices {
            for k in d.keys.iter().flatten() {
                out.push((k.key.value.clone(), k.key.referenced));
            }
        }
    }
    out
}

pub fn planned_devices(s: &OnenetSpec) -> u64 {
    s.products.iter().map(|p| p.devices.len() as u64).sum()
}

/// Every problem in the section; returns the device ids it declares.
pub fn check(s: &OnenetSpec, out: &mut Vec<Problem>) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut products = HashSet::new();
    let mut next = FIRST_DEVICE_ID;
    for p in &s.products {
        let pid = &p.product_id;
        if !validate::is_digits(&pid.value, 20) {
            out.push(Problem::at_value(pid, "productId: must be 1-20 digits"));
        } else if !products.insert(pid.value.as_str()) {
            out.push(Problem::at_value(
                pid,
                format!("duplicate productId `{}`", pid.value),
            ));
        }
        if let Some(why) = validate::key_problem(&p.master_key.value) {
            out.push(Problem::at_value(
                &p.master_key,
                format!("masterKey: {why}"),
            ));
        }
        for code in &p.register_codes {
            if let Some(why) = validate::key_problem(&code.value) {
                out.push(Problem::at_value(code, format!("registerCodes: {why}")));
            }
        }
        if let Some(ms) = p.cmd_wait_ms.as_ref().filter(|ms| ms.value > 60_000) {
            out.push(Problem::at_value(
                ms,
                format!("cmdWaitMs: {} is out of range 0-60000", ms.value),
            ));
        }
        if p.devices.len() > MAX_PRODUCT_DEVICES {
            out.push(Problem::near(
                Some(pid.referenced),
                format!("devices: more than {MAX_PRODUCT_DEVICES} in one product"),
            ));
            continue;
        }
        for d in &p.devices {
            let id = device_id(d, &mut next);
            match &d.id {
                Some(given) if !validate::is_digits(&given.value, 20) => {
                    out.push(Problem::at_value(given, "id: must be 1-20 digits"));
                }
                _ if !ids.insert(id.clone()) => out.push(Problem::at_value(
                    d.id.as_ref().unwrap_or(&d.title),
                    format!("duplicate device id `{id}`"),
                )),
                _ => {}
            }
            check_device(d, out);
        }
    }
    ids
}

fn check_device(d: &DeviceSpec, out: &mut Vec<Problem>) {
    if let Some(why) = validate::device_title_problem(&d.title.value) {
        out.push(Problem::at_value(&d.title, format!("title: {why}")));
    }
    let mut channels = HashSet::new();
    for c in d.channels.iter().flatten() {
        if c.id.value == 0 {
            out.push(Problem::at_value(&c.id, "channels.id: must be 1 or more"));
        } else if !channels.insert(c.id.value) {
            out.push(Problem::at_value(
                &c.id,
                format!("duplicate channel {}", c.id.value),
            ));
        }
        if let Some(t) = &c.title
            && let Some(why) = validate::channel_title_problem(&t.value)
        {
            out.push(Problem::at_value(t, format!("channels.title: {why}")));
        }
    }
    for k in d.keys.iter().flatten() {
        if let Some(why) = validate::key_problem(&k.key.value) {
            out.push(Problem::at_value(&k.key, format!("keys.key: {why}")));
        }
    }
    if let Some(r) = &d.reply
        && let Some((key, why)) = r.value.problem()
    {
        out.push(Problem::at_value(r, format!("reply.{key}: {why}")));
    }
    if let Some(t) = &d.timeline {
        for (key, message) in t.value.problems() {
            out.push(Problem::at_value(t, format!("timeline.{key}: {message}")));
        }
    }
}

/// The device's id: its own, or the next number.
fn device_id(d: &DeviceSpec, next: &mut u64) -> String {
    match &d.id {
        Some(id) => id.value.clone(),
        None => {
            let id = next.to_string();
            *next = next.saturating_add(1);
            id
        }
    }
}

/// Adds the section's products and devices to a world being built.
pub fn build(s: &OnenetSpec, b: &mut Build<'_>) -> OnenetState {
    let mut state = OnenetState {
        next_device_id: FIRST_DEVICE_ID,
        timeline: Arc::new(b.timeline.settings()),
        ..OnenetState::default()
    };
    let mut next = FIRST_DEVICE_ID;
    for p in &s.products {
        let product = Product {
            id: p.product_id.value.clone(),
            master_key: p.master_key.value.clone(),
            register_codes: p.register_codes.iter().map(|c| c.value.clone()).collect(),
            encrypted: p.encrypted,
            cmd_wait_ms: p
                .cmd_wait_ms
                .as_ref()
                .map_or(DEFAULT_CMD_WAIT_MS, |ms| ms.value),
            version: p.version.clone().unwrap_or_else(|| "1.3.4".to_string()),
            storage_total: p.storage_bytes.unwrap_or(DEFAULT_STORAGE_BYTES),
        };
        add_account(b, &product.master_key, &product.id, MASTER_SCOPE);
        state.keys.insert(
            product.master_key.clone(),
            KeyGrant {
                product: product.id.clone(),
                device: None,
                title: "master-key".to_string(),
            },
        );
        for code in &product.register_codes {
            add_account(b, code, &product.id, REGISTER_SCOPE);
            state
                .register_codes
                .insert(code.clone(), product.id.clone());
        }
        for d in &p.devices {
            let id = device_id(d, &mut next);
            let (camera, device) = declared_device(&product.id, id, d, b);
            for (title, key) in &device.keys {
                add_account(b, key, &product.id, DEVICE_SCOPE);
                state.keys.insert(
                    key.clone(),
                    KeyGrant {
                        product: product.id.clone(),
                        device: Some(device.id.clone()),
                        title: title.clone(),
                    },
                );
            }
            if let Ok(n) = device.id.parse::<u64>() {
                state.next_device_id = state.next_device_id.max(n.saturating_add(1));
            }
            state.devices.insert(device.id.clone(), device);
            b.world.cameras.insert(camera);
        }
        state.products.push(product);
    }
    state
}

/// A OneNET credential of the world: a master key, register code or device key.
pub fn add_account(b: &mut Build<'_>, key: &str, product: &str, scope: &'static str) {
    let mut account = Account::fixed(VendorId::Onenet, key.to_string(), product.to_string(), None);
    account.scopes = vec![scope];
    b.world.add_account(account);
}

fn declared_device(
    product: &str,
    id: String,
    d: &DeviceSpec,
    b: &Build<'_>,
) -> (Camera, OnenetDevice) {
    let now = b.now_secs;
    let mut camera = Camera::new(
        VendorId::Onenet,
        id.clone(),
        id.clone(),
        product.to_string(),
        now,
    );
    camera.online = d.online;
    camera.online_changed_at = d.online_update_time.map_or(now - 3600, |t| t.at(now));
    if let Some(firmware) = &d.firmware {
        camera.firmware = firmware.clone();
    }
    camera.timeline = Arc::new(d.timeline.as_ref().map_or_else(
        || b.timeline.settings(),
        |t| t.value.or(b.timeline).settings(),
    ));
    let channels: BTreeMap<u32, Channel> = match &d.channels {
        None => BTreeMap::from([(
            1,
            Channel {
                title: "channel1".to_string(),
                desc: String::new(),
            },
        )]),
        Some(list) => list
            .iter()
            .map(|c| {
                let title = c
                    .title
                    .as_ref()
                    .map_or_else(|| format!("channel{}", c.id.value), |t| t.value.clone());
                let desc = c.desc.clone().unwrap_or_default();
                (c.id.value, Channel { title, desc })
            })
            .collect(),
    };
    let keys = match &d.keys {
        None => vec![("device-auto-key".to_string(), b.credential_ids.hex(28))],
        Some(list) => list
            .iter()
            .map(|k| {
                let title = k
                    .title
                    .clone()
                    .unwrap_or_else(|| "device-auto-key".to_string());
                (title, k.key.value.clone())
            })
            .collect(),
    };
    let created_at = d.created.map_or(now - 90 * 86_400, |t| t.at(now));
    let mut device = OnenetDevice::created(
        id.clone(),
        product.to_string(),
        d.title.value.clone(),
        created_at,
    );
    device.desc = d.desc.clone().unwrap_or_default();
    device.tags = d.tags.clone();
    device.location = d.location;
    device.private = d.private;
    device.auth_info = d
        .auth_info
        .clone()
        .unwrap_or_else(|| Value::String(format!("auth{id}")));
    device.last_login = Some(camera.online_changed_at);
    device.channels = channels;
    device.keys = keys;
    if let Some(r) = &d.reply {
        device.reply = r.value.resolve(&ReplyBehaviour::default());
    }
    (camera, device)
}
