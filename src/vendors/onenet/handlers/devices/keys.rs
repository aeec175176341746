//! Device api-keys made at run time (1.1's `device-auto-key`, 1.2's key) and their end with
//! their device: a new key is claimed as a credential of the world (so a request presenting
//! it routes here) before the state learns it; deleting a device forgets every key of it
//! (a scenario's fixed keys then reach nothing, a run-time one is released too).

use crate::sim::VendorId;
use crate::sim::world::Account;
use crate::sim::worlds::RegistryError;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::state::tokens::Issuer;
use crate::vendors::onenet::state::{DEVICE_SCOPE, KeyGrant, OnenetDevice, OnenetState};

/// Title of the key a device gets when it is made.
pub const AUTO_KEY_TITLE: &str = "device-auto-key";
/// Length of a key camsim makes (as the scenario's generated keys).
pub const KEY_CHARS: usize = 28;

/// How a refused claim reads to the client: a world full of run-time credentials is OneNET's
/// "system limit"; anything else is internal.
pub fn registry_error(e: RegistryError) -> OnenetError {
    match e {
        RegistryError::Full(why) => OnenetError::because(errno::SYSTEM_LIMIT, why),
        other => OnenetError::because(errno::INTERNAL, other),
    }
}

/// A fresh key claimed for `product`'s device: not yet bound (see [`bind`]).
pub fn claim(issuer: Issuer<'_>, product: &str) -> Result<String, OnenetError> {
    let account = |id: String| Account {
        vendor: VendorId::Onenet,
        id,
        secret: product.to_string(),
        token: None,
        expires_ms: None,
        scopes: vec![DEVICE_SCOPE],
    };
    issuer
        .credentials
        .claim_fresh(issuer.ids, KEY_CHARS, &account)
        .map_err(registry_error)
}

/// Binds a claimed `key` to `device`: the device lists it and the key reaches it.
pub fn bind(
    keys: &mut crate::sim::hashing::FastMap<String, KeyGrant>,
    device: &mut OnenetDevice,
    key: String,
) {
    keys.insert(
        key.clone(),
        KeyGrant {
            product: device.product.clone(),
            device: Some(device.id.clone()),
            title: AUTO_KEY_TITLE.to_string(),
        },
    );
    device.keys.push((AUTO_KEY_TITLE.to_string(), key));
}

/// Forgets every key of `device`, releasing those claimed at run time (releasing a
/// scenario's fixed key is a no-op: it simply stops reaching anything).
pub fn forget(state: &mut OnenetState, issuer: Issuer<'_>, device: &OnenetDevice) {
    for (_, key) in &device.keys {
        state.keys.remove(key);
        issuer.credentials.release(VendorId::Onenet, key);
    }
}
