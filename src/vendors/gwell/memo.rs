//! devInfo's `data`, kept as JSON per device until the device changes. Writing that object
//! (some forty fields) was a third of camsim's own work per devInfo; a load test asks for the
//! same devices again and again. The JSON depends only on the camera, its Gwell binding and
//! packages, and whether each package is active at the request's time, so an entry is reused
//! only when the camera's revision, the Gwell device's revision and both package states are
//! what they were when it was written. Bounded by the world's devices.

use crate::sim::hashing::FastMap;
use parking_lot::Mutex;
use serde_json::value::RawValue;
use std::sync::Arc;

/// What a kept `data` was written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs {
    pub camera_revision: u64,
    pub device_revision: u64,
    pub storage_active: bool,
    pub flow_active: bool,
}

/// Its own lock (uncontended: handlers run under the world's) so a handler that only reads
/// the world can still keep an entry.
#[derive(Debug, Default)]
pub struct DevInfoMemo {
    entries: Mutex<FastMap<String, (Inputs, Arc<RawValue>)>>,
}

impl DevInfoMemo {
    /// The kept JSON for `id` if written from `inputs`, else `write`'s, kept for next time.
    pub fn get_or_write(
        &self,
        id: &str,
        inputs: Inputs,
        write: impl FnOnce() -> Option<Box<RawValue>>,
    ) -> Option<Arc<RawValue>> {
        if let Some((kept, json)) = self.entries.lock().get(id)
            && *kept == inputs
        {
            return Some(json.clone());
        }
        let json: Arc<RawValue> = Arc::from(write()?);
        self.entries
            .lock()
            .insert(id.to_string(), (inputs, json.clone()));
        Some(json)
    }
}
