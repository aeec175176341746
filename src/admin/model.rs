//! Control API DTOs: stable, documented in the README, in the same vocabulary as scenario
//! files. Each vendor's part (its world-view section, its device keys) comes from its model.

use crate::app::Urls;
use crate::sim::camera::{Camera, CameraView};
use crate::sim::clock::ClockView;
use crate::sim::spec::TimeSpec;
use crate::sim::{Sim, VendorId, World};
use crate::vendors::model::Model;
use crate::vendors::{VendorJob, for_vendor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub uptime_ms: u64,
    pub worlds: usize,
}

/// A control API failure: HTTP 4xx with the field at fault, when there is one.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldSummary {
    pub name: String,
    pub default: bool,
    pub seed: u64,
    pub devices: BTreeMap<VendorId, usize>,
    pub credentials: Vec<CredentialView>,
}

#[derive(Debug, Serialize)]
pub struct CredentialView {
    pub vendor: VendorId,
    pub id: String,
}

/// `GET /_camsim/worlds/{w}`: what a client needs to call each vendor in this world.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldView {
    pub name: String,
    pub default: bool,
    pub seed: u64,
    pub rate_limits: bool,
    pub clock: ClockView,
    pub urls: Urls,
    pub gwell: Value,
    pub sodalife: Value,
    pub onenet: Value,
    pub tencent: Value,
    pub faults: usize,
    pub journal: usize,
}

impl WorldView {
    pub fn of(sim: &Sim, world: &World, is_default: bool, urls: &Urls) -> WorldView {
        let section = |vendor| for_vendor(vendor, Section(world));
        WorldView {
            name: sim.name.clone(),
            default: is_default,
            seed: sim.seed,
            rate_limits: world.rate_limits,
            clock: sim.clock.view(),
            urls: urls.clone(),
            gwell: section(VendorId::Gwell),
            sodalife: section(VendorId::Sodalife),
            onenet: section(VendorId::Onenet),
            tencent: section(VendorId::Tencent),
            faults: sim.faults.list().len(),
            journal: sim.journal.len(),
        }
    }
}

/// A vendor's section of the world view, from its model.
struct Section<'a>(&'a World);

impl VendorJob for Section<'_> {
    type Out = Value;
    fn run<M: Model>(self) -> Value {
        self.0
            .model::<M::State>()
            .map_or(Value::Null, |state| M::view(state, &self.0.cameras))
    }
}

/// A device in scenario vocabulary: the camera's keys, then its vendor's (with what the world
/// derives, such as a package's `active`).
#[derive(Debug, Serialize)]
pub struct DeviceView {
    #[serde(flatten)]
    pub camera: CameraView,
    #[serde(flatten)]
    pub vendor: Map<String, Value>,
}

impl DeviceView {
    pub fn of(world: &World, camera: &Camera, now_secs: i64) -> DeviceView {
        DeviceView {
            camera: CameraView::of(camera),
            vendor: for_vendor(
                camera.vendor,
                Extras {
                    world,
                    camera,
                    now_secs,
                },
            ),
        }
    }
}

struct Extras<'a> {
    world: &'a World,
    camera: &'a Camera,
    now_secs: i64,
}

impl VendorJob for Extras<'_> {
    type Out = Map<String, Value>;
    fn run<M: Model>(self) -> Map<String, Value> {
        self.world
            .model::<M::State>()
            .map(|state| M::device_extras(state, self.camera, self.now_secs))
            .unwrap_or_default()
    }
}

/// `POST /_camsim/worlds/{w}/clock`: applied in this order: freeze, at, advance.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockChange {
    /// true: stop at the current reading; false: run on from it.
    pub freeze: Option<bool>,
    /// Move to this instant (Unix seconds, RFC 3339, or `now-10m` relative to the world clock).
    pub at: Option<TimeSpec>,
    /// Move by seconds (number) or a span (`"-10m"`, `"2h"`, `"1d"`).
    pub advance: Option<Advance>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Advance {
    Seconds(f64),
    Span(String),
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Cleared {
    pub cleared: usize,
}
