//! Tencent's section of a scenario file (`tencent:`) and its part of a world: Tencent Cloud API keys (SecretId and SecretKey), so
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
pub struct TencentSpec {
    #[serde(default)]
    pub secrets: Vec<TencentSecretSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSecretSpec {
    pub secret_id: Spanned<String>,
    pub secret_key: String,
}

#[derive(Debug, Default)]
pub struct TencentState {
    pub secrets: Vec<Credential>,
}

impl VendorModel for TencentState {
    const VENDOR: VendorId = VendorId::Tencent;
}

impl Model for super::Tencent {
    type Spec = TencentSpec;
    type State = TencentState;
    type Patch = CameraPatch;

    /// Nothing to check beyond the shared credential rules; no devices yet.
    fn check(_spec: &TencentSpec, _out: &mut Vec<Problem>) -> HashSet<String> {
        HashSet::new()
    }

    fn declared_credentials(spec: &TencentSpec) -> Vec<(String, Location)> {
        credentials::declared(spec.secrets.iter().map(|c| &c.secret_id))
    }

    fn planned_devices(_spec: &TencentSpec) -> u64 {
        0
    }

    fn build(spec: &TencentSpec, b: &mut Build<'_>) -> TencentState {
        let written = spec
            .secrets
            .iter()
            .map(|c| (&c.secret_id, c.secret_key.as_str()));
        TencentState {
            secrets: credentials::build(VendorId::Tencent, written, b),
        }
    }

    fn view(state: &TencentState, _cameras: &Cameras) -> Value {
        credentials::view("secrets", "secretId", "secretKey", &state.secrets)
    }

    fn device_extras(
        _state: &TencentState,
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
        credentials::patch_camera(world, VendorId::Tencent, id, patch, now_secs)
    }
}
