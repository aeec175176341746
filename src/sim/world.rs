//! The state of one world: the cameras every vendor shares, each vendor's own model (its
//! accounts, users, bindings, packages, ...), the accounts that authenticate requests, and the
//! rate windows. Built from a recipe (a checked scenario); changed by vendor handlers and the
//! control API, always under the world's lock. `sim` never names a vendor's model type: a
//! model is stored by the vendor it belongs to and found again by its type.

use super::camera::{Camera, Cameras, DeviceRef};
use super::error::SimError;
use super::faults::FaultSpec;
use super::limits::RateLimiter;
use super::spec::{ClockSpec, JournalSpec};
use super::timeline::TimelineSpec;
use super::{Ids, VendorId};
use std::any::Any;

/// A vendor's own part of a world. Implemented by each vendor's model type.
pub trait VendorModel: Any + Send + Sync {
    const VENDOR: VendorId;
}

/// How a world is made, and made again on reset: in practice a checked scenario file.
pub trait Recipe: Send + Sync + 'static {
    fn seed(&self) -> Option<u64>;
    fn clock(&self) -> &ClockSpec;
    fn journal(&self) -> &JournalSpec;
    fn faults(&self) -> Vec<FaultSpec>;
    /// The world's initial state; `now_secs` anchors the recipe's relative times.
    fn build(&self, name: &str, seed: u64, now_secs: i64) -> World;
}

pub struct World {
    pub cameras: Cameras,
    models: [Option<Box<dyn Any + Send + Sync>>; 4],
    accounts: Vec<Account>,
    pub rates: RateLimiter,
    /// Whether the vendors' documented rate limits apply.
    pub rate_limits: bool,
}

impl std::fmt::Debug for World {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World")
            .field("cameras", &self.cameras.total())
            .field("accounts", &self.accounts.len())
            .finish()
    }
}

/// What authenticating a request needs of an account: fixed for the world's lifetime (a reset
/// rebuilds the same credentials), so requests read it without locking the world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub vendor: VendorId,
    /// The credential a request presents (Gwell appId, Sodalife client id, ...).
    pub id: String,
    /// The signing key or secret (Gwell appKey, client secret, OneNET product id, SecretKey).
    pub secret: String,
    /// A second credential sent in the body (Gwell appToken).
    pub token: Option<String>,
    /// When a credential handed out at run time (an access token) stops working, world-clock
    /// milliseconds; `None` for one that does not expire.
    pub expires_ms: Option<i64>,
    /// What the credential may be used for (OAuth scopes); empty where the vendor has none.
    pub scopes: Vec<&'static str>,
}

impl Account {
    /// A fixed credential with its secret: no expiry, no scopes.
    pub fn fixed(vendor: VendorId, id: String, secret: String, token: Option<String>) -> Account {
        Account {
            vendor,
            id,
            secret,
            token,
            expires_ms: None,
            scopes: Vec::new(),
        }
    }

    /// Whether the credential no longer works at world time `now_ms`.
    pub fn expired(&self, now_ms: i64) -> bool {
        self.expires_ms.is_some_and(|end| now_ms >= end)
    }
}

/// What a vendor's model gets while a world is built.
pub struct Build<'a> {
    pub world: &'a mut World,
    pub seed: u64,
    /// The world clock's reading when the world is built: relative times count from it.
    pub now_secs: i64,
    /// Draws credentials a scenario leaves out: from the seed and the world's name, so two
    /// worlds created from one file still claim different credentials.
    pub credential_ids: &'a Ids,
    /// The scenario's `timeline:`: what a device's or group's own `timeline:` leaves out.
    pub timeline: &'a TimelineSpec,
}

impl World {
    pub fn new(rate_limits: bool) -> World {
        World {
            cameras: Cameras::default(),
            models: Default::default(),
            accounts: Vec::new(),
            rates: RateLimiter::default(),
            rate_limits,
        }
    }

    /// Stores a vendor's model (replacing one stored before).
    pub fn set_model<M: VendorModel>(&mut self, model: M) {
        self.models[M::VENDOR.index()] = Some(Box::new(model));
    }

    pub fn model<M: VendorModel>(&self) -> Option<&M> {
        self.models[M::VENDOR.index()].as_ref()?.downcast_ref()
    }

    pub fn model_mut<M: VendorModel>(&mut self) -> Option<&mut M> {
        self.models[M::VENDOR.index()].as_mut()?.downcast_mut()
    }

    /// A vendor's model and the cameras together, for changes that touch both.
    pub fn model_and_cameras<M: VendorModel>(&mut self) -> Option<(&mut M, &mut Cameras)> {
        let model = self.models[M::VENDOR.index()].as_mut()?.downcast_mut()?;
        Some((model, &mut self.cameras))
    }

    /// Registers an account a request may authenticate as.
    pub fn add_account(&mut self, account: Account) {
        self.accounts.push(account);
    }

    /// The accounts the world was built with, handed over once: the world's handle keeps
    /// them (unlocked, for authentication) and the world need not.
    pub fn take_accounts(&mut self) -> Vec<Account> {
        std::mem::take(&mut self.accounts)
    }

    /// A camera of `account` by id or serial, whoever it is bound to.
    pub fn camera_of_account(
        &self,
        vendor: VendorId,
        account: &str,
        which: DeviceRef<'_>,
    ) -> Result<&Camera, SimError> {
        let (found, label) = match which {
            DeviceRef::Id(id) => (self.cameras.get(vendor, id), id),
            DeviceRef::Sn(sn) => (self.cameras.by_sn(vendor, sn), sn),
        };
        found
            .filter(|d| d.account == account)
            .ok_or_else(|| SimError::DeviceNotFound(label.to_string()))
    }
}
