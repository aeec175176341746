//! Sodalife's part of a world: its apps (OAuth2 clients with scopes and the users of the code
//! grant), what each device has beyond the shared camera (capabilities, PTZ state, the 4-second
//! call window, voice deliveries), and what was handed out at run time: access tokens,
//! one-time authorization codes, picture and stream links.

use super::ptz::PtzState;
use super::voice::Voice;
use crate::sim::VendorId;
use crate::sim::hashing::FastMap;
use crate::sim::world::VendorModel;
use serde::Serialize;
use std::collections::VecDeque;

/// Scopes an app may hold (Sodalife's open platform), and those a user grants.
pub const APP_SCOPES: [&str; 3] = ["iot:public", "iot:control", "iot:premier"];
pub const USER_SCOPES: [&str; 5] = [
    "user:public",
    "user:sex",
    "user:mobile",
    "user:wechat_oa",
    "user:wechat_union",
];
/// What the camera endpoints require (proposal: activation and device control need it).
pub const CAMERA_SCOPE: &str = "iot:control";
/// The scopes of a picture or stream link (never an access token's).
pub const PICTURE_SCOPE: &str = "media:picture";
pub const LIVE_SCOPE: &str = "media:live";

/// Access tokens live 2 hours (`expires_in: 7200`).
pub const TOKEN_SECS: i64 = 7200;
/// Authorization codes are one-time and valid 5 minutes.
pub const CODE_SECS: i64 = 300;
/// Picture links work 2 hours of world time ("图片保存有效期为2小时"), then answer 403 for a day,
/// then are forgotten (404).
pub const PICTURE_SECS: i64 = 7200;
pub const EXPIRED_PICTURE_KEPT_SECS: i64 = 86_400;
/// Voice deliveries kept per device (the newest).
pub const VOICES_KEPT: usize = 10;

/// The scope named `text`, from the known ones.
pub fn known_scope(text: &str) -> Option<&'static str> {
    APP_SCOPES
        .iter()
        .chain(USER_SCOPES.iter())
        .find(|s| **s == text)
        .copied()
}

#[derive(Debug, Default)]
pub struct SodalifeState {
    pub apps: Vec<SodalifeApp>,
    devices: FastMap<String, SodalifeDevice>,
    /// Access token -> what it grants.
    pub tokens: FastMap<String, Grant>,
    /// The valid token of each (client, user) pair: a new one revokes it.
    pub current: FastMap<(String, Option<String>), String>,
    /// Authorization codes not yet exchanged.
    pub codes: FastMap<String, AuthCode>,
    /// Picture and stream links by key.
    pub media: FastMap<String, Media>,
    /// Picture keys by when they may be forgotten, oldest first.
    pub picture_order: VecDeque<(i64, String)>,
    /// The stream key of each device, made on its first `liveurl`.
    pub live_keys: FastMap<String, String>,
}

impl VendorModel for SodalifeState {
    const VENDOR: VendorId = VendorId::Sodalife;
}

#[derive(Debug, Clone)]
pub struct SodalifeApp {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<&'static str>,
    pub users: Vec<SodalifeUser>,
    /// A frozen app's calls answer 10005.
    pub frozen: bool,
    /// Seconds a device's calls must be apart (the seed's 4 s); 0 turns the rule off.
    pub call_interval_secs: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SodalifeUser {
    pub user_id: String,
    pub name: String,
}

/// What a device can do, beside being a camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    pub capture: bool,
    pub ptz: bool,
    pub talk: bool,
}

/// The capability names of scenarios and the control API, in `Capabilities` order.
pub const CAPABILITIES: [&str; 3] = ["capture", "ptz", "talk"];

impl Capabilities {
    /// The capabilities `names` lists (names outside [`CAPABILITIES`] are checked by callers).
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str> + Clone) -> Capabilities {
        let has = |name: &str| names.clone().into_iter().any(|n| n == name);
        Capabilities {
            capture: has("capture"),
            ptz: has("ptz"),
            talk: has("talk"),
        }
    }

    /// The names of what the device can do.
    pub fn names(self) -> Vec<&'static str> {
        CAPABILITIES
            .into_iter()
            .zip([self.capture, self.ptz, self.talk])
            .filter_map(|(name, on)| on.then_some(name))
            .collect()
    }
}

impl Default for Capabilities {
    fn default() -> Capabilities {
        Capabilities {
            capture: true,
            ptz: true,
            talk: true,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SodalifeDevice {
    pub name: String,
    pub capabilities: Capabilities,
    pub ptz: PtzState,
    /// When the device's last admitted call came, world milliseconds.
    pub last_call_ms: Option<i64>,
    /// The newest voice deliveries, oldest first.
    pub voices: VecDeque<VoiceDelivery>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VoiceDelivery {
    pub at: i64,
    pub file_name: Option<String>,
    pub bytes: usize,
    #[serde(flatten)]
    pub voice: Voice,
}

#[derive(Debug, Clone)]
pub struct Grant {
    pub client_id: String,
    pub user_id: Option<String>,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub user_id: String,
    pub scopes: Vec<&'static str>,
    pub expires_at: i64,
}

/// A link handed out. A picture is fixed when it is taken (device, instant, the camera's clock
/// offset); a stream shows its device as it is when played.
#[derive(Debug, Clone)]
pub enum Media {
    Picture {
        device: String,
        taken_at: i64,
        expires_at: i64,
        /// The camera's UTC offset at the capture, for the time printed on the picture.
        utc_offset_minutes: i32,
    },
    Live {
        device: String,
    },
}

impl SodalifeState {
    pub fn app(&self, client_id: &str) -> Option<&SodalifeApp> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub fn app_mut(&mut self, client_id: &str) -> Option<&mut SodalifeApp> {
        self.apps.iter_mut().find(|a| a.client_id == client_id)
    }

    pub fn device(&self, serial: &str) -> Option<&SodalifeDevice> {
        self.devices.get(serial)
    }

    pub fn device_mut(&mut self, serial: &str) -> Option<&mut SodalifeDevice> {
        self.devices.get_mut(serial)
    }

    pub fn insert_device(&mut self, serial: String, device: SodalifeDevice) {
        self.devices.insert(serial, device);
    }
}
