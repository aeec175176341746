//! OneNET's part of a world: its products (master key, register codes, encryption switch),
//! every api-key and what it reaches, its devices (what section 1 stores beyond the shared
//! camera: title, tags, location, channels, keys, how the simulated device replies), and what
//! the API keeps at run time, one area per file.

pub mod alarms;
pub mod commands;
pub mod files;
pub mod pictures;
pub mod records;
pub mod stat;
pub mod tokens;

use crate::sim::VendorId;
use crate::sim::hashing::{FastIndexMap, FastMap};
use crate::sim::world::VendorModel;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};

/// Scopes of OneNET's accounts: what an `api-key` (or a register code, or a media token) is.
pub const MASTER_SCOPE: &str = "onenet:master";
pub const DEVICE_SCOPE: &str = "onenet:device";
pub const REGISTER_SCOPE: &str = "onenet:register";
pub const LIVE_SCOPE: &str = "onenet:live";
pub const VOD_SCOPE: &str = "onenet:vod";
pub const PICTURE_SCOPE: &str = "onenet:picture";

/// Device messages (`dev_active`, device uploads) kept per device, the newest.
pub const MESSAGES_KEPT: usize = 200;
/// Devices one product may hold (bounds a world whatever clients create).
pub const MAX_PRODUCT_DEVICES: usize = 100_000;
/// Channels one device may hold (section 2.3's `channel_num` has no published bound;
/// proposal: 64, as an NVR's).
pub const MAX_CHANNELS: usize = 64;
/// `msg_id` of a message the device uploaded: ODVP's message type 0x000E (device data
/// upload), the `14` of section 9's example.
pub const MSG_ID_UPLOAD: u64 = 14;
/// `msg_id` of a `dev_active` message (section 12): the other value of section 9's example
/// (proposal: the platform's own messages carry it).
pub const MSG_ID_DEV_ACTIVE: u64 = 4_398_046_511_104;
/// How long `POST /ipc/video/cmds` with qos=1 waits for the device by default: not published
/// for the video API; 5 s is the proposal of the vendor notes.
pub const DEFAULT_CMD_WAIT_MS: u64 = 5_000;

#[derive(Debug, Default)]
pub struct OnenetState {
    pub products: Vec<Product>,
    /// Every api-key of the world (master and device keys) -> what it reaches.
    pub keys: FastMap<String, KeyGrant>,
    /// Register code -> product id.
    pub register_codes: FastMap<String, String>,
    /// Devices by id, in creation order.
    pub devices: FastIndexMap<String, OnenetDevice>,
    /// The next id `POST /devices` or `register_de` hands out.
    pub next_device_id: u64,
    pub commands: commands::Commands,
    pub tokens: tokens::Tokens,
    pub pictures: pictures::Pictures,
    pub files: files::Files,
    pub alarms: alarms::Alarms,
    pub records: records::Records,
    pub stat: stat::Stat,
    /// The scenario's `timeline:` settings, for devices created at run time.
    pub timeline: std::sync::Arc<crate::sim::timeline::TimelineSettings>,
}

impl VendorModel for OnenetState {
    const VENDOR: VendorId = VendorId::Onenet;
}

#[derive(Debug, Clone)]
pub struct Product {
    pub id: String,
    pub master_key: String,
    pub register_codes: Vec<String>,
    /// Section 7's video encryption switch (`trans_enc`).
    pub encrypted: bool,
    /// How long a qos=1 command waits for its device, real milliseconds.
    pub cmd_wait_ms: u64,
    /// Section 19's software version.
    pub version: String,
    /// Section 18.1's total storage, bytes.
    pub storage_total: u64,
}

/// What an api-key reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub product: String,
    /// `None` for the product's master key; the device a device key is bound to.
    pub device: Option<String>,
    pub title: String,
}

/// A OneNET device: section 1's fields (kept as the client sent them), its channels and keys,
/// and how its simulated firmware answers commands. Online state, firmware, PTZ and history
/// are the shared camera's.
#[derive(Debug, Clone)]
pub struct OnenetDevice {
    pub id: String,
    pub product: String,
    pub title: String,
    pub desc: String,
    pub tags: Vec<String>,
    pub location: Option<Location>,
    pub private: bool,
    pub protocol: String,
    /// A string or an object, as created.
    pub auth_info: Value,
    pub area: Option<Value>,
    pub other: Option<Value>,
    pub url: Option<String>,
    pub idsn: Option<String>,
    pub route_to: Option<String>,
    pub interval: Option<Value>,
    pub activate_code: Option<String>,
    /// `register_de`'s identifier.
    pub sn: Option<String>,
    pub mac: Option<String>,
    pub created_at: i64,
    pub last_login: Option<i64>,
    pub channels: BTreeMap<u32, Channel>,
    /// Device keys, (title, key), in creation order.
    pub keys: Vec<(String, String)>,
    pub reply: ReplyBehaviour,
    /// Channels closed by section 15 (`closecamera`).
    pub closed: std::collections::BTreeSet<u32>,
    /// `dev_active` payloads and device uploads, oldest first (at most `MESSAGES_KEPT`).
    pub messages: VecDeque<DeviceMessage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ele: Option<f64>,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub title: String,
    pub desc: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceMessage {
    pub at: i64,
    pub msg_id: u64,
    pub bytes: Vec<u8>,
}

/// How the simulated device answers commands (seeded, per device).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyBehaviour {
    /// Real milliseconds a command stays "sending" (status 1) before it reaches the device.
    pub send_delay_ms: u64,
    /// Real milliseconds from sending to the device's reply.
    pub latency_ms: u64,
    /// Chance the device never replies (qos=1 ends in status 5).
    pub drop_rate: f64,
    /// Chance the reply is garbled (status 6).
    pub malformed_rate: f64,
    /// Chance the platform cannot send the command (status 3).
    pub send_fail_rate: f64,
    /// What the device answers to user-defined commands (`type=1`).
    pub user_reply: UserReply,
}

impl Default for ReplyBehaviour {
    fn default() -> ReplyBehaviour {
        ReplyBehaviour {
            send_delay_ms: 0,
            latency_ms: 20,
            drop_rate: 0.0,
            malformed_rate: 0.0,
            send_fail_rate: 0.0,
            user_reply: UserReply::Echo,
        }
    }
}

/// The device's answer to a user-defined command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UserReply {
    /// The payload, back as sent.
    Echo,
    /// Always this text.
    Text(String),
}

impl OnenetState {
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn product_mut(&mut self, id: &str) -> Option<&mut Product> {
        self.products.iter_mut().find(|p| p.id == id)
    }

    /// A device id not yet used in the world.
    pub fn fresh_device_id(&mut self) -> String {
        loop {
            let id = self.next_device_id.to_string();
            self.next_device_id = self.next_device_id.saturating_add(1);
            if !self.devices.contains_key(&id) {
                return id;
            }
        }
    }

    /// Devices of `product`, in creation order.
    pub fn devices_of<'a>(&'a self, product: &'a str) -> impl Iterator<Item = &'a OnenetDevice> {
        self.devices.values().filter(move |d| d.product == product)
    }
}

impl OnenetDevice {
    /// A device made through the API (1.1 or 1.2) at `now`: section 1's defaults (private,
    /// as OneNET's device API defaults it; RTMP), no channels and no keys yet, never logged in.
    pub fn created(id: String, product: String, title: String, now: i64) -> OnenetDevice {
        OnenetDevice {
            id,
            product,
            title,
            desc: String::new(),
            tags: Vec::new(),
            location: None,
            private: true,
            protocol: "RTMP".to_string(),
            auth_info: Value::Null,
            area: None,
            other: None,
            url: None,
            idsn: None,
            route_to: None,
            interval: None,
            activate_code: None,
            sn: None,
            mac: None,
            created_at: now,
            last_login: None,
            channels: BTreeMap::new(),
            keys: Vec::new(),
            reply: ReplyBehaviour::default(),
            closed: Default::default(),
            messages: VecDeque::new(),
        }
    }

    /// The channel a device's recordings and alarms belong to: its lowest (seed 003 gives no
    /// rule for splitting one camera history over channels; proposal).
    pub fn primary_channel(&self) -> Option<u32> {
        self.channels.keys().next().copied()
    }

    /// Keeps a message, dropping the oldest beyond `MESSAGES_KEPT`.
    pub fn keep_message(&mut self, message: DeviceMessage) {
        if self.messages.len() >= MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back(message);
    }
}
