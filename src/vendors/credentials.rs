//! The model of a vendor whose scenario section so far holds only credentials (an id a request
//! presents and its secret): Sodalife, OneNET and Tencent until their own issues extend them.
//! Each keeps its own section and state types; this holds what they do alike.

use crate::sim::VendorId;
use crate::sim::camera::{CameraPatch, PatchProblem};
use crate::sim::world::{Account, Build, World};
use serde_json::{Map, Value};
use serde_saphyr::{Location, Spanned};

/// A public id with its secret (Sodalife client, OneNET product key, Tencent SecretId).
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: String,
    pub secret: String,
}

/// Registers each credential as an account of the world being built.
pub fn build<'s>(
    vendor: VendorId,
    written: impl Iterator<Item = (&'s Spanned<String>, &'s str)>,
    b: &mut Build<'_>,
) -> Vec<Credential> {
    written
        .map(|(id, secret)| {
            b.world.add_account(Account {
                vendor,
                id: id.value.clone(),
                secret: secret.to_string(),
                token: None,
            });
            Credential {
                id: id.value.clone(),
                secret: secret.to_string(),
            }
        })
        .collect()
}

/// Where each credential is written.
pub fn declared<'s>(ids: impl Iterator<Item = &'s Spanned<String>>) -> Vec<(String, Location)> {
    ids.map(|id| (id.value.clone(), id.referenced)).collect()
}

/// `{"<list>": [{"<id key>": ..., "<secret key>": ...}]}` for the world view.
pub fn view(list: &str, id_key: &str, secret_key: &str, creds: &[Credential]) -> Value {
    let items: Vec<Value> = creds
        .iter()
        .map(|c| {
            let mut item = Map::new();
            item.insert(id_key.to_string(), Value::String(c.id.clone()));
            item.insert(secret_key.to_string(), Value::String(c.secret.clone()));
            Value::Object(item)
        })
        .collect();
    let mut out = Map::new();
    out.insert(list.to_string(), Value::Array(items));
    Value::Object(out)
}

/// A patch of a device that has only the camera's keys.
pub fn patch_camera(
    world: &mut World,
    vendor: VendorId,
    id: &str,
    patch: CameraPatch,
    now_secs: i64,
) -> Result<(), PatchProblem> {
    if let Some(problem) = patch.problem() {
        return Err(problem);
    }
    if let Some(camera) = world.cameras.get_mut(vendor, id) {
        patch.apply(camera, now_secs);
    }
    Ok(())
}
