//! What a vendor owns of a world, beside its wire protocol (`Vendor`): its scenario section
//! and how `camsim check` verifies it, how a world's part of it is built (and rebuilt on reset),
//! its state, and what the control API shows and changes of it. Scenario files, world
//! creation and the control API reach a vendor's concepts only through this trait.

use super::Vendor;
use crate::sim::Ids;
use crate::sim::camera::{Camera, Cameras, PatchProblem};
use crate::sim::spec::Problem;
use crate::sim::world::{Build, VendorModel, World};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_saphyr::Location;
use std::collections::HashSet;

pub trait Model: Vendor {
    /// The vendor's section of a scenario file (`gwell:`, `onenet:`, ...).
    type Spec: DeserializeOwned + Default + Clone + std::fmt::Debug + Send + Sync + 'static;
    /// The vendor's part of a world: accounts, users, per-device extras, ...
    type State: VendorModel;
    /// The keys a device of this vendor takes in the control API's `PATCH` (the camera's own
    /// and the vendor's), unknown keys refused.
    type Patch: DeserializeOwned;

    /// Every problem in the section (any order; the caller sorts by place). Returns the device
    /// ids it declares, which fault rules may name.
    fn check(spec: &Self::Spec, out: &mut Vec<Problem>) -> HashSet<String>;
    /// Credentials written in the section, where they are written (no two worlds may claim one).
    fn declared_credentials(spec: &Self::Spec) -> Vec<(String, Location)>;
    /// Devices the section will add to a world (saturating), asked before building one.
    fn planned_devices(spec: &Self::Spec) -> u64;
    /// Adds the vendor's cameras and accounts to the world being built; returns its state.
    fn build(spec: &Self::Spec, b: &mut Build<'_>) -> Self::State;

    /// The world view's section: what a client needs to call this vendor.
    fn view(state: &Self::State, cameras: &Cameras) -> Value;
    /// The vendor's own keys of a device in the control API (after the camera's).
    fn device_extras(state: &Self::State, camera: &Camera, now_secs: i64) -> Map<String, Value>;
    /// Checks a device patch against the world and applies it whole, or changes nothing.
    fn patch(
        world: &mut World,
        id: &str,
        patch: Self::Patch,
        now_secs: i64,
    ) -> Result<(), PatchProblem>;
    /// The vendor's own control routes (none unless it has some).
    fn control(_world: &mut World, _call: &ControlCall<'_>) -> ControlAnswer {
        ControlAnswer::NoRoute
    }
}

/// A call to a vendor's own control-API route, `/_camsim/worlds/{w}/vendors/{vendor}/{path}`
/// (what only that vendor has: Sodalife's authorization codes and apps, ...).
pub struct ControlCall<'a> {
    pub method: &'a http::Method,
    /// The path's segments after the vendor's name.
    pub path: &'a [&'a str],
    pub body: &'a [u8],
    pub now_secs: i64,
    pub ids: &'a Ids,
}

/// What a vendor's control route answers.
#[derive(Debug)]
pub enum ControlAnswer {
    Done(Value),
    Created(Value),
    /// A bad request, naming the field.
    Refused(PatchProblem),
    /// The route exists but what it names does not.
    Missing(String),
    /// The path is a route of the vendor's, but not for this method: these are.
    WrongMethod(&'static str),
    /// The vendor has no such route.
    NoRoute,
}

/// A control route's JSON body as `T`, or the problem naming the field it is in.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, PatchProblem> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        PatchProblem::new(&field, format!("{field}: {}", e.inner()))
    })
}
