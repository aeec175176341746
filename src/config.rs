//! What `camsim serve` was asked for: where to listen, which worlds to build, seed override,
//! CORS origins, connection limits and timeouts. Built by the CLI or directly by tests; holds
//! scenarios already checked.

use crate::scenario::check::{self as scenario_check, LoadedScenario};
use crate::scenario::{self, Scenario};
use crate::sim::VendorId;
use crate::vendors::Catalog;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

pub const DEFAULT_PORT_BASE: u16 = 12040;
/// Time for a request's head to arrive whole: generous for a slow client, short for a stalled one.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Time for a request's body to arrive once its head has: a 64 KiB body over a slow mobile
/// link takes seconds, one that has not arrived in 30 is not coming.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a kept-alive connection may wait for its next request: the common cloud load
/// balancer default (60 s), so pooled SDK clients meet closes as often as against the real API.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Open connections per listener: far more than SDK tests or the load bench (50) open. Per
/// listener, so a flood on one vendor never locks out the control API.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: IpAddr,
    /// Control listens here, vendors at fixed offsets; 0 picks free ports for every listener.
    pub port_base: u16,
    /// The worlds to build; the first is the default world.
    pub worlds: Vec<LoadedScenario>,
    /// Overrides every scenario's seed.
    pub seed: Option<u64>,
    /// Allowed CORS origins; empty allows all.
    pub cors_origins: Vec<String>,
    /// How long in-flight requests may run on after a stop signal.
    pub grace: Duration,
    /// How long a request's head may take to arrive, from its first byte (or from the
    /// connection's opening, for its first request).
    pub header_read_timeout: Duration,
    /// How long a request's body may take to arrive once its head has.
    pub body_read_timeout: Duration,
    /// How long a kept-alive connection may wait, with no request in flight, for the first
    /// byte of its next request.
    pub idle_timeout: Duration,
    /// Open connections per listener; a full listener stops accepting until one closes.
    pub max_connections: usize,
    /// Bound of the media cache (rendered pictures, segments, encoded video), bytes.
    pub media_cache_bytes: u64,
}

impl Config {
    /// The embedded default scenario on the default ports.
    pub fn with_default_scenario() -> Config {
        Config::with_scenarios(vec![default_world()])
    }

    pub fn with_scenarios(worlds: Vec<LoadedScenario>) -> Config {
        Config {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port_base: DEFAULT_PORT_BASE,
            worlds,
            seed: None,
            cors_origins: Vec::new(),
            grace: Duration::from_secs(5),
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            media_cache_bytes: crate::media::cache::DEFAULT_CAPACITY,
        }
    }

    /// The port of the control listener (`None`) or a vendor's; 0 = any free port.
    /// `None` when the base leaves no room for the vendor's offset.
    pub fn port(&self, vendor: Option<VendorId>) -> Option<u16> {
        if self.port_base == 0 {
            return Some(0);
        }
        self.port_base
            .checked_add(vendor.map_or(0, VendorId::port_offset))
    }
}

/// The world built from `scenarios/default.yaml`, embedded in the binary.
pub fn default_world() -> LoadedScenario {
    let scenario: Scenario = scenario_check::load_text(scenario::DEFAULT_SCENARIO, &Catalog)
        .expect("the embedded default scenario is checked by the test suite");
    LoadedScenario {
        file: "scenarios/default.yaml".into(),
        name: scenario.name.clone().unwrap_or_else(|| "default".into()),
        scenario,
    }
}
