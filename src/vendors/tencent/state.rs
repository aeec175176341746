//! Tencent's part of a world: one Tencent Cloud account (its app id, its API keys, its
//! products), what each device has beyond the shared camera (stream type, channels, packages,
//! cloud-storage users, cleared events), the orders and free packages, and the keys of the
//! media links handed out at run time.

use super::catalogue::PackageKind;
use super::coverage::Coverage;
use crate::sim::VendorId;
use crate::sim::hashing::FastMap;
use crate::sim::world::VendorModel;
use serde::Serialize;

/// Picture-stream or video-stream: what a product's devices upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StreamType {
    /// Video-stream devices: HLS recordings, continuous or event packages.
    #[default]
    Video,
    /// Image-stream devices (图片流): MJPEG + AAC event records of at most 10 s, event packages only.
    Image,
}

/// Longest image-stream event record (seed 004: "每次事件记录的存储时间不超过10s").
pub const IMAGE_EVENT_MAX_SECS: i64 = 10;

#[derive(Debug, Default)]
pub struct TencentState {
    /// The account's app id (uin): the first part of thumbnail paths.
    pub app_id: String,
    pub secrets: Vec<Secret>,
    pub products: Vec<Product>,
    /// By camera id (`{ProductId}:{DeviceName}`).
    devices: FastMap<String, TencentDevice>,
    /// Every order placed, by OrderId.
    pub orders: FastMap<String, Order>,
    /// Free packages the account may give out.
    pub free: Vec<FreeQuota>,
    /// Signs the media links (playback, thumbnails, image streams).
    pub media_secret: String,
    /// Media key -> the device it opens.
    pub media_keys: FastMap<String, MediaTarget>,
    /// Orders made without an OrderId get one of these, counted.
    order_serial: u64,
    /// Changes whenever a device may have changed (every mutable access): what the stored
    /// history memo is checked against.
    revision: u64,
    /// Stored recordings already worked out, reused within one world-clock second.
    pub memo: super::history::Memo,
}

/// Where recordings are stored when an order does not say (Tencent's default in China).
pub const DEFAULT_REGION: &str = "ap-guangzhou";
/// The regions `StorageRegion` may name.
pub const REGIONS: [&str; 4] = ["ap-guangzhou", "ap-singapore", "na-ashburn", "eu-frankfurt"];

impl VendorModel for TencentState {
    const VENDOR: VendorId = VendorId::Tencent;
}

/// An API key of the account.
#[derive(Debug, Clone)]
pub struct Secret {
    pub id: String,
    pub key: String,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub stream: StreamType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaTarget {
    /// The camera id.
    pub device: String,
    pub channel: u32,
    /// The storage space it plays ("" = the default one).
    pub user: String,
}

#[derive(Debug, Clone)]
pub struct TencentDevice {
    pub product: String,
    pub name: String,
    pub stream: StreamType,
    /// 0 for a camera; an NVR's number of channels (then `ChannelId` is required).
    pub channels: u32,
    /// Packages per channel (channel 0 for a camera).
    pub coverage: FastMap<u32, Coverage>,
    /// Cloud-storage users, in the order they were bound, with when: a recording belongs to
    /// the user bound when it was made (none: the default space).
    pub users: Vec<UserBinding>,
    /// Events that started before this were cleared (`ResetCloudStorageEvent`), per channel.
    pub events_cleared: FastMap<u32, i64>,
    pub psk: String,
    /// `EnableState`.
    pub enabled: bool,
    /// Not activated: `Online` 3.
    pub activated: bool,
    /// `LogLevel`, 0–4.
    pub log_level: i64,
    /// `ExpireTime` of the device (0: never).
    pub expires: i64,
    /// The media key of each (channel, storage user) a link was handed out for: few per
    /// device, looked up without building a key.
    pub media_keys: Vec<(u32, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBinding {
    pub user: String,
    pub since: i64,
}

impl TencentDevice {
    /// The packages of `channel`.
    pub fn coverage(&self, channel: u32) -> Option<&Coverage> {
        self.coverage.get(&channel)
    }

    pub fn coverage_mut(&mut self, channel: u32) -> &mut Coverage {
        self.coverage.entry(channel).or_default()
    }

    /// The media key handed out for `channel` and storage `user`, if any.
    pub fn media_key(&self, channel: u32, user: &str) -> Option<&str> {
        self.media_keys
            .iter()
            .find(|(c, u, _)| *c == channel && u == user)
            .map(|(_, _, key)| key.as_str())
    }

    /// The storage user at instant `t` ("" = the default space).
    pub fn user_at(&self, t: i64) -> &str {
        self.users
            .iter()
            .rev()
            .find(|b| b.since <= t)
            .map_or("", |b| b.user.as_str())
    }

    /// Every user that has a storage space, first bound first.
    pub fn user_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for b in &self.users {
            if !b.user.is_empty() && !out.contains(&b.user.as_str()) {
                out.push(&b.user);
            }
        }
        out
    }
}

/// An order: a package bought (or given free) for a device channel.
#[derive(Debug, Clone)]
pub struct Order {
    pub id: String,
    /// The camera id it was bought for (a transfer moves the package, not the order).
    pub device: String,
    pub channel: u32,
    pub package: &'static PackageKind,
    pub region: String,
    /// World time it was placed.
    pub placed: i64,
    pub free: bool,
    /// When a reset (or an override) took the last of its time off the channel it was on:
    /// `DescribeCloudStorageOrder` answers it as the ExpireTime of an order none of whose time
    /// is left anywhere.
    pub dropped: Option<i64>,
}

impl Order {
    /// What was paid, fen (`Amount`): the catalogue price, nothing for a free package.
    pub fn amount(&self) -> i64 {
        if self.free { 0 } else { self.package.price }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeQuota {
    pub package: &'static PackageKind,
    pub num: i64,
    pub used: i64,
}

impl TencentState {
    pub fn devices(&self) -> impl Iterator<Item = &TencentDevice> {
        self.devices.values()
    }

    pub fn device(&self, id: &str) -> Option<&TencentDevice> {
        self.devices.get(id)
    }

    pub fn device_mut(&mut self, id: &str) -> Option<&mut TencentDevice> {
        self.revision = self.revision.wrapping_add(1);
        self.devices.get_mut(id)
    }

    /// A number that changes whenever a device may have changed (see `history::Memo`).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn insert_device(&mut self, id: String, device: TencentDevice) {
        self.devices.insert(id, device);
    }

    /// An id for an order placed without one (never one already taken, say by a client's own
    /// OrderId).
    pub fn next_order_id(&mut self) -> String {
        loop {
            self.order_serial += 1;
            let id = format!("camsim-order-{}", self.order_serial);
            if !self.orders.contains_key(&id) {
                return id;
            }
        }
    }

    /// Renames a product or changes its stream type (its devices follow).
    pub fn patch_product(&mut self, id: &str, name: Option<String>, stream: Option<StreamType>) {
        if let Some(p) = self.products.iter_mut().find(|p| p.id == id) {
            if let Some(name) = name {
                p.name = name;
            }
            if let Some(stream) = stream {
                p.stream = stream;
            }
        }
        if let Some(stream) = stream {
            self.revision = self.revision.wrapping_add(1);
            for d in self.devices.values_mut().filter(|d| d.product == id) {
                d.stream = stream;
            }
        }
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The order with `id`, wherever its package now runs: the spans of its package, found on
    /// whichever device holds them.
    pub fn order_spans<'a>(&'a self, id: &'a str) -> Vec<&'a super::coverage::Span> {
        let mut out: Vec<_> = self
            .devices
            .values()
            .flat_map(|d| d.coverage.values())
            .flat_map(|c| c.of_order(id))
            .collect();
        out.sort_by_key(|s| s.start);
        out
    }
}

/// The camera id of a Tencent device, `{ProductId}:{DeviceName}`: device names are unique per
/// product, and a product id (10 letters and digits) never holds the `:`.
pub fn camera_id(product: &str, device: &str) -> String {
    format!("{product}:{device}")
}

/// The scope of a media key (a runtime credential that opens a device's media links, never a
/// SecretId).
pub const MEDIA_SCOPE: &str = "tencent:media";
