//! The four vendors, each behind the same two traits: `Vendor` (its wire protocol, which the
//! one pipeline drives: route, find the credential, authenticate, rate limit, handle, render
//! errors) and `model::Model` (its scenario section, its state in a world, its control-API
//! views). A vendor folder never reaches into another's, nor into `admin`, and never calls the
//! journal or fault code itself.

pub mod gwell;
pub mod model;
pub mod onenet;
pub mod sodalife;
pub mod tencent;

use crate::api::request::{ApiRequest, BodyPlan, DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::limits::NonceMemory;
use crate::sim::world::Account;
use crate::sim::worlds::RuntimeCredentials;
use crate::sim::{FaultCatalog, Ids, SimError, VendorId, World};
use http::Method;
use parking_lot::Mutex;

/// One endpoint of a vendor, named by a stable id (`<vendor>.<name>`).
pub trait Endpoint: Copy + Send + Sync + std::fmt::Debug + 'static {
    /// The endpoint's id (`gwell.devInfo`): faults, the journal and `camsim routes` use it.
    fn id(self) -> &'static str;
    fn method(self) -> &'static str;
    fn path(self) -> &'static str;
}

/// The endpoint type of a vendor that serves none yet: it cannot be constructed, so every
/// per-endpoint hook of such a vendor is an empty `match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unserved {}

impl Unserved {
    /// Any value at all: there is no `Unserved` to call this on.
    pub fn never<T>(self) -> T {
        match self {}
    }
}

impl Endpoint for Unserved {
    fn id(self) -> &'static str {
        self.never()
    }

    fn method(self) -> &'static str {
        self.never()
    }

    fn path(self) -> &'static str {
        self.never()
    }
}

/// A vendor error: knows its code and renders the vendor's exact envelope and status.
pub trait VendorError {
    fn render(&self, ids: &Ids) -> ApiResponse;
    /// The answer to `req` (a vendor whose messages follow the request's language, Tencent's
    /// `X-TC-Language`, reads it here).
    fn render_for(&self, _req: &ApiRequest, ids: &Ids) -> ApiResponse {
        self.render(ids)
    }
}

/// What authentication gets: the account behind the credential and the nonce memory, read
/// without the world lock (signature checks are the costliest step of most requests).
pub struct AuthCtx<'a> {
    pub account: &'a Account,
    pub now_ms: i64,
    pub nonces: &'a Mutex<NonceMemory>,
}

impl AuthCtx<'_> {
    pub fn now_secs(&self) -> i64 {
        self.now_ms.div_euclid(1000)
    }
}

/// An authentication refusal: the vendor's error, and for a person reading the journal (and
/// the `X-Camsim-Reason` header) why, plus the text camsim signed when a signature differed.
pub struct Refusal<E> {
    pub error: E,
    pub reason: String,
    pub string_to_sign: Option<String>,
}

impl<E> Refusal<E> {
    pub fn new(error: E, reason: impl Into<String>) -> Refusal<E> {
        Refusal {
            error,
            reason: reason.into(),
            string_to_sign: None,
        }
    }
}

/// A handler's answer: ready now, or after a wait for something outside the world lock (a
/// simulated device answering a command).
pub enum Handled {
    Now(ApiResponse),
    Later(Pending),
}

impl From<ApiResponse> for Handled {
    fn from(answer: ApiResponse) -> Handled {
        Handled::Now(answer)
    }
}

/// The rest of a request that waits: the pipeline releases the world lock, waits `wait` of
/// real time (at most [`Pending::MAX_WAIT`], and never past shutdown), then runs `finish` in a
/// second short critical section at the world clock's reading then.
pub struct Pending {
    pub wait: std::time::Duration,
    pub finish: Box<dyn FnOnce(&mut Ctx<'_>) -> ApiResponse + Send>,
}

impl Pending {
    /// However long a handler asks, a request never waits longer than this.
    pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

    pub fn new(
        wait: std::time::Duration,
        finish: impl FnOnce(&mut Ctx<'_>) -> ApiResponse + Send + 'static,
    ) -> Pending {
        Pending {
            wait: wait.min(Pending::MAX_WAIT),
            finish: Box::new(finish),
        }
    }
}

/// What a handler gets: the locked world, the world-clock reading and the world's ids.
pub struct Ctx<'a> {
    pub world: &'a mut World,
    pub now_ms: i64,
    /// The world's seed (camera timelines are drawn from it).
    pub seed: u64,
    pub ids: &'a Ids,
    /// The credential that routed the request here (Gwell appId, ...).
    pub credential: &'a str,
    /// Where credentials handed out at run time (tokens, device keys) are registered, so
    /// later requests presenting them route to this world.
    pub credentials: &'a dyn RuntimeCredentials,
}

impl Ctx<'_> {
    pub fn now_secs(&self) -> i64 {
        self.now_ms.div_euclid(1000)
    }
}

pub trait Vendor: Send + Sync + 'static {
    const ID: VendorId;
    /// Bodies over this many bytes are refused before being read whole.
    const BODY_LIMIT: usize;
    type Endpoint: Endpoint;
    type Error: VendorError + From<DecodeError> + From<SimError>;

    /// Every endpoint served, in the order of the vendor's documentation.
    fn endpoints() -> &'static [Self::Endpoint];
    fn route(method: &Method, req: &ApiRequest) -> Option<Self::Endpoint>;
    fn unknown_endpoint(req: &ApiRequest) -> Self::Error;
    /// A body that could not be read (`endpoint` when the path named one).
    fn unreadable_body(endpoint: Option<Self::Endpoint>, err: &ReadError) -> Self::Error;

    /// How the body of a request to `endpoint` is read: whole up to `BODY_LIMIT` unless the
    /// endpoint takes uploads. Asked before any of the body is read.
    fn body_plan(_endpoint: Option<Self::Endpoint>) -> BodyPlan {
        BodyPlan::Whole {
            limit: Self::BODY_LIMIT,
        }
    }

    /// Work on the request that needs no world (parsing the body), done before the world is
    /// locked so the critical section stays short; a result the handler needs is kept with
    /// `ApiRequest::set_prepared`. For a request that carries files it runs on the blocking
    /// pool, so it may take a while (inspecting an upload).
    fn prepare(_endpoint: Self::Endpoint, _req: &ApiRequest) {}

    /// The credential that picks the world (may read the body).
    fn credential(req: &ApiRequest) -> Option<String>;
    /// No world claims the credential, or none was given.
    fn unknown_credential(req: &ApiRequest) -> Self::Error;
    fn authenticate(
        auth: &AuthCtx<'_>,
        endpoint: Self::Endpoint,
        req: &ApiRequest,
    ) -> Result<(), Refusal<Self::Error>>;

    /// Documented requests per second per credential, when the vendor documents one.
    fn rate_limit(endpoint: Self::Endpoint) -> Option<u32>;
    /// Whose requests a rate limit counts together: the credential, unless the vendor counts
    /// per account (Tencent: every API key of the account shares the limit).
    fn rate_owner<'a>(ctx: &'a Ctx<'_>) -> &'a str {
        ctx.credential
    }
    fn rate_limited(endpoint: Self::Endpoint) -> Self::Error;

    /// The device a request is about (its id where the world can tell), for fault matching
    /// and the journal. Called after authentication, with the world locked.
    fn device(ctx: &Ctx<'_>, endpoint: Self::Endpoint, req: &ApiRequest) -> Option<String>;
    /// OneNET's command id; other vendors have none.
    fn cmd_id(_endpoint: Self::Endpoint, _req: &ApiRequest) -> Option<i64> {
        None
    }

    fn handle(
        ctx: &mut Ctx<'_>,
        endpoint: Self::Endpoint,
        req: &ApiRequest,
    ) -> Result<Handled, Self::Error>;

    /// Whether `endpoint` needs no credential at all (OneNET's boot address): a request that
    /// names no world's credential is then served by the default world, unauthenticated.
    fn open(_endpoint: Self::Endpoint) -> bool {
        false
    }

    /// Every code the vendor answers, as its clients read it.
    fn codes() -> Vec<String>;
    /// The error for a catalogue code (fault rules, `X-Camsim-Error`); `None` if unknown.
    fn coded_error(code: &str, message: Option<&str>) -> Option<Self::Error>;
}

/// Work done with one vendor's types, chosen at run time by its id (see [`for_vendor`]).
pub trait VendorJob {
    type Out;
    fn run<M: model::Model>(self) -> Self::Out;
}

/// Runs `job` with the types of the vendor `id` names: the one place that maps a `VendorId`
/// to its vendor.
pub fn for_vendor<J: VendorJob>(id: VendorId, job: J) -> J::Out {
    match id {
        VendorId::Gwell => job.run::<gwell::Gwell>(),
        VendorId::Sodalife => job.run::<sodalife::Sodalife>(),
        VendorId::Onenet => job.run::<onenet::Onenet>(),
        VendorId::Tencent => job.run::<tencent::Tencent>(),
    }
}

/// A row of `camsim routes` and `GET /_camsim/endpoints`.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct RouteInfo {
    pub vendor: VendorId,
    pub id: &'static str,
    pub method: &'static str,
    pub path: &'static str,
}

struct Routes;

impl VendorJob for Routes {
    type Out = Vec<RouteInfo>;
    fn run<M: model::Model>(self) -> Vec<RouteInfo> {
        M::endpoints()
            .iter()
            .map(|e| RouteInfo {
                vendor: M::ID,
                id: e.id(),
                method: e.method(),
                path: e.path(),
            })
            .collect()
    }
}

/// Every endpoint camsim serves.
pub fn all_routes() -> Vec<RouteInfo> {
    VendorId::ALL
        .into_iter()
        .flat_map(|v| for_vendor(v, Routes))
        .collect()
}

struct Codes;

impl VendorJob for Codes {
    type Out = Vec<String>;
    fn run<M: model::Model>(self) -> Vec<String> {
        M::codes()
    }
}

/// Every code a vendor answers.
pub fn codes_of(vendor: VendorId) -> Vec<String> {
    for_vendor(vendor, Codes)
}

/// The vendors' answers to what fault rules may name.
pub struct Catalog;

impl FaultCatalog for Catalog {
    fn has_endpoint(&self, vendor: VendorId, id: &str) -> bool {
        all_routes()
            .iter()
            .any(|r| r.vendor == vendor && r.id == id)
    }

    fn codes(&self, vendor: VendorId) -> Vec<String> {
        codes_of(vendor)
    }
}
