//! JSON kept per device until the device changes. Writing devInfo's `data` object (some forty
//! fields) was a third of camsim's own work per devInfo, and devList writes a `vss` and a
//! `fourCard` object for each of thousands of devices; a load test asks for the same devices
//! again and again. An entry is reused only when what it was written from is unchanged, as
//! told by a key of revisions (every mutable access to a camera or a Gwell device gives it a
//! new one) and, for devInfo, whether each package is active at the request's time. Bounded
//! by the world's devices.

use crate::sim::hashing::FastMap;
use parking_lot::{Mutex, MutexGuard};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::sync::Arc;

/// Kept JSON, written out as it is.
#[derive(Debug, Clone)]
pub struct Json(Arc<RawValue>);

impl Json {
    /// `value` as kept JSON.
    pub fn of<T: Serialize>(value: &T) -> Option<Json> {
        serde_json::value::to_raw_value(value)
            .ok()
            .map(|raw| Json(Arc::from(raw)))
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// What devInfo's `data` was written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs {
    pub camera_revision: u64,
    pub device_revision: u64,
    pub storage_active: bool,
    pub flow_active: bool,
}

/// devList's two package objects of one device; they depend on its packages only.
#[derive(Debug, Clone)]
pub struct Packages {
    pub vss: Json,
    pub four_card: Json,
}

/// Values by device id, each with the key it was written from. Its own lock (uncontended:
/// handlers run under the world's) so a handler that only reads the world can keep entries.
#[derive(Debug)]
pub struct Memo<K, V> {
    entries: Mutex<FastMap<String, (K, V)>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            entries: Mutex::default(),
        }
    }
}

/// A memo held for a run of lookups (a devList's thousands).
pub struct Held<'a, K, V>(MutexGuard<'a, FastMap<String, (K, V)>>);

impl<K: PartialEq + Copy, V: Clone> Memo<K, V> {
    pub fn hold(&self) -> Held<'_, K, V> {
        Held(self.entries.lock())
    }

    pub fn get_or_write(&self, id: &str, key: K, write: impl FnOnce() -> Option<V>) -> Option<V> {
        self.hold().get_or_write(id, key, write)
    }
}

impl<K: PartialEq + Copy, V: Clone> Held<'_, K, V> {
    /// The kept value for `id` if written from `key`, else `write`'s, kept for next time.
    pub fn get_or_write(
        &mut self,
        id: &str,
        key: K,
        write: impl FnOnce() -> Option<V>,
    ) -> Option<V> {
        if let Some((kept, value)) = self.0.get(id)
            && *kept == key
        {
            return Some(value.clone());
        }
        let value = write()?;
        self.0.insert(id.to_string(), (key, value.clone()));
        Some(value)
    }
}
