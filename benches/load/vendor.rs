//! What the load harness (benches/load.rs) needs from a vendor: the scenario of the world under
//! load and, per hot endpoint, a request builder and a success check. A vendor file
//! (`benches/load/<vendor>.rs`) fills in a [`Vendor`]; everything else (camsim and the bare
//! server, the keep-alive connections, timing, CPU, RSS, the report) is the harness's.

use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;

/// A vendor under load.
pub struct Vendor {
    /// Its listener's name in camsim's ready line, and the prefix of its endpoint ids (`gwell`).
    pub name: &'static str,
    /// The world under load, a path relative to the crate (`scenarios/bench.yaml`).
    pub scenario: &'static str,
    /// Run once before any load: e.g. that the bench's signing reproduces the vendor's
    /// documented test vector, or every figure would measure camsim refusing signatures.
    pub self_check: fn() -> Result<(), String>,
    /// A request sent once to camsim's vendor listener before any load (Sodalife: its OAuth
    /// token request), whose answer (HTTP 200 required) every plan gets in [`Setup::login`];
    /// `None` when the requests need nothing from the server.
    pub login: Option<Login>,
    /// Its hot endpoints, loaded in this order.
    pub endpoints: &'static [Endpoint],
}

/// See [`Vendor::login`]: builds the login request for `127.0.0.1:port`.
pub type Login = fn(&str) -> http::Request<Full<Bytes>>;

/// One endpoint under load.
pub struct Endpoint {
    /// The endpoint's name as `camsim routes` prints it after the vendor (`devInfo`).
    pub name: &'static str,
    /// Builds the request source from what the harness learnt of the world under load.
    pub plan: Plan,
}

/// See [`Endpoint::plan`].
pub type Plan = fn(&Setup) -> Result<Arc<dyn Requests>, String>;

/// What a plan is built from, fetched once from the camsim under load.
pub struct Setup<'a> {
    /// The world's devices of this vendor: the device views of the control API
    /// (`GET /_camsim/worlds/default/devices?vendor=…`), in devId order.
    pub devices: &'a [serde_json::Value],
    /// The body of the answer to the vendor's [`Vendor::login`], if it has one.
    pub login: Option<&'a [u8]>,
}

/// Builds every request of one endpoint's load, the same for camsim and the bare server.
pub trait Requests: Send + Sync {
    /// Request number `n` to `host` (`127.0.0.1:port`). `n` never repeats within a run
    /// (use it as a nonce) and grows by one per request (pick a device with `n % len`).
    fn request(&self, host: &str, n: u64) -> http::Request<Full<Bytes>>;

    /// Whether camsim's answer to request number `n` is the success this load expects (the
    /// bare server's answer is one by construction: it sends the bytes of such an answer).
    /// `n` lets a check name what the request asked for (OneNET: the device's id).
    fn success(&self, n: u64, status: u16, body: &[u8]) -> bool;
}
