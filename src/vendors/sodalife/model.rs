//! Sodalife's section of a scenario file (`sodalife:`) and its part of a world: Sodalife OAuth2 clients, so
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
pub struct SodalifeSpec {
    #[serde(default)]
    pub clients: Vec<SodalifeClientSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeClientSpec {
    pub client_id: Spanned<String>,
    pub client_secret: String,
}

#[derive(Debug, Default)]
pub struct SodalifeState {
    pub clients: Vec<Credential>,
}

impl VendorModel for SodalifeState {
    const VENDOR: VendorId = VendorId::Sodalife;
}

impl Model for super::Sodalife {
    type Spec = SodalifeSpec;
    type State = SodalifeState;
    type Patch = CameraPatch;

    /// Nothing to check beyond the shared credential rules; no devices yet.
    fn check(_spec: &SodalifeSpec, _out: &mut Vec<Problem>) -> HashSet<String> {
        HashSet::new()
    }

    fn declared_credentials(spec: &SodalifeSpec) -> Vec<(String, Location)> {
        credentials::declared(spec.clients.iter().map(|c| &c.client_id))
    }

    fn planned_devices(_spec: &SodalifeSpec) -> u64 {
        0
    }

    fn build(spec: &SodalifeSpec, b: &mut Build<'_>) -> SodalifeState {
        let written = spec
            .clients
            .iter()
            .map(|c| (&c.client_id, c.client_secret.as_str()));
        SodalifeState {
            clients: credentials::build(VendorId::Sodalife, written, b),
        }
    }

    fn view(state: &SodalifeState, _cameras: &Cameras) -> Value {
        credentials::view("clients", "clientId", "clientSecret", &state.clients)
    }

    fn device_extras(
        _state: &SodalifeState,
        _camera: &Camera,
        _now_secs: i64,
    ) -> Map<String, Value> {
        Map::new()
    }

    fn patch(
        world: &mut World,
        id: &str,
        patch: CameraPatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        credentials::patch_camera(world, VendorId::Sodalife, id, patch, now_secs)
    }
}
