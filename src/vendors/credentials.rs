//! The model of a vendor whose scenario section so far holds only credentials (an id a request
//! presents and its secret): Sodalife, OneNET and Tencent until their own issues extend them.
//! Such a vendor says where its credentials are written ([`CredentialsOnly`]); the `Model`
//! every vendor needs follows from that, once, here.

use super::Vendor;
use super::model::Model;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem};
use crate::sim::spec::Problem;
use crate::sim::world::{Account, Build, VendorModel, World};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_saphyr::{Location, Spanned};
use std::collections::HashSet;
use std::marker::PhantomData;

/// A public id with its secret (Sodalife client, OneNET product key, Tencent SecretId).
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: String,
    pub secret: String,
}

/// A vendor whose section is a list of credentials.
pub trait CredentialsOnly: Vendor {
    /// The vendor's section of a scenario file.
    type Spec: DeserializeOwned + Default + Clone + std::fmt::Debug + Send + Sync + 'static;
    /// The world view's keys: the list, and each item's id and secret.
    const LIST: &'static str;
    const ID_KEY: &'static str;
    const SECRET_KEY: &'static str;
    /// Each credential as written (the id with its place) and its secret.
    fn written(spec: &Self::Spec) -> Vec<(&Spanned<String>, &str)>;
}

/// The credentials a world holds for vendor `V`.
#[derive(Debug)]
pub struct Credentials<V> {
    pub list: Vec<Credential>,
    vendor: PhantomData<fn() -> V>,
}

impl<V: CredentialsOnly> VendorModel for Credentials<V> {
    const VENDOR: crate::sim::VendorId = V::ID;
}

impl<V: CredentialsOnly> Model for V {
    type Spec = V::Spec;
    type State = Credentials<V>;
    type Patch = CameraPatch;

    /// Nothing to check beyond the shared credential rules; no devices yet.
    fn check(_spec: &V::Spec, _out: &mut Vec<Problem>) -> HashSet<String> {
        HashSet::new()
    }

    fn declared_credentials(spec: &V::Spec) -> Vec<(String, Location)> {
        V::written(spec)
            .into_iter()
            .map(|(id, _)| (id.value.clone(), id.referenced))
            .collect()
    }

    fn planned_devices(_spec: &V::Spec) -> u64 {
        0
    }

    fn build(spec: &V::Spec, b: &mut Build<'_>) -> Credentials<V> {
        let list = V::written(spec)
            .into_iter()
            .map(|(id, secret)| {
                b.world.add_account(Account::fixed(
                    V::ID,
                    id.value.clone(),
                    secret.to_string(),
                    None,
                ));
                Credential {
                    id: id.value.clone(),
                    secret: secret.to_string(),
                }
            })
            .collect();
        Credentials {
            list,
            vendor: PhantomData,
        }
    }

    /// `{"<list>": [{"<id key>": ..., "<secret key>": ...}]}`.
    fn view(state: &Credentials<V>, _cameras: &Cameras) -> Value {
        let items: Vec<Value> = state
            .list
            .iter()
            .map(|c| {
                let mut item = Map::new();
                item.insert(V::ID_KEY.to_string(), Value::String(c.id.clone()));
                item.insert(V::SECRET_KEY.to_string(), Value::String(c.secret.clone()));
                Value::Object(item)
            })
            .collect();
        let mut out = Map::new();
        out.insert(V::LIST.to_string(), Value::Array(items));
        Value::Object(out)
    }

    fn device_extras(
        _state: &Credentials<V>,
        _camera: &Camera,
        _now_secs: i64,
    ) -> Map<String, Value> {
        Map::new()
    }

    /// A device of such a vendor has only the camera's keys.
    fn patch(
        world: &mut World,
        id: &str,
        patch: CameraPatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        if let Some(problem) = patch.problem() {
            return Err(problem);
        }
        if let Some(camera) = world.cameras.get_mut(V::ID, id) {
            patch.apply(camera, now_secs);
        }
        Ok(())
    }
}
