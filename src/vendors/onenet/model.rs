//! Onenet's section of a scenario file (`onenet:`) and its part of a world: OneNET products (a product id and its master api-key), so
//! worlds can claim them. The vendor's own issue extends both.

use crate::sim::VendorId;
use crate::sim::camera::{Camera, CameraPatch, Cameras, PatchProblem};
use crate::sim::spec::Problem;
use crate::sim::world::{Build, VendorModel, World};
use crate::vendors::credentials::{self, Credential};
use crate::vendors::model::Model;
use serde::Deserialize;
use serde_json::{Map, Value};
use serde_saphyr::{Location, Spanned};
use std::collections::HashSet;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetSpec {
    #[serde(default)]
    pub products: Vec<OnenetProductSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetProductSpec {
    pub product_id: String,
    /// The product-level api-key.
    pub master_key: Spanned<String>,
}

#[derive(Debug, Default)]
pub struct OnenetState {
    pub products: Vec<Credential>,
}

impl VendorModel for OnenetState {
    const VENDOR: VendorId = VendorId::Onenet;
}

impl Model for super::Onenet {
    type Spec = OnenetSpec;
    type State = OnenetState;
    type Patch = CameraPatch;

    /// Nothing to check beyond the shared credential rules; no devices yet.
    fn check(_spec: &OnenetSpec, _out: &mut Vec<Problem>) -> HashSet<String> {
        HashSet::new()
    }

    fn declared_credentials(spec: &OnenetSpec) -> Vec<(String, Location)> {
        credentials::declared(spec.products.iter().map(|c| &c.master_key))
    }

    fn planned_devices(_spec: &OnenetSpec) -> u64 {
        0
    }

    fn build(spec: &OnenetSpec, b: &mut Build<'_>) -> OnenetState {
        let written = spec
            .products
            .iter()
            .map(|c| (&c.master_key, c.product_id.as_str()));
        OnenetState {
            products: credentials::build(VendorId::Onenet, written, b),
        }
    }

    fn view(state: &OnenetState, _cameras: &Cameras) -> Value {
        credentials::view("products", "masterKey", "productId", &state.products)
    }

    fn device_extras(_state: &OnenetState, _camera: &Camera, _now_secs: i64) -> Map<String, Value> {
        Map::new()
    }

    fn patch(
        world: &mut World,
        id: &str,
        patch: CameraPatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        credentials::patch_camera(world, VendorId::Onenet, id, patch, now_secs)
    }
}
