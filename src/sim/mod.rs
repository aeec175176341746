//! The simulated side of camsim: worlds and everything a world owns (state, clock, ids,
//! journal, fault rules), plus scenarios that describe them. Nothing here knows how a vendor
//! encodes a request or an answer; `sim` never imports from `vendors`.

pub mod clock;
pub mod device;
pub mod error;
pub mod faults;
pub mod generate;
pub mod ids;
pub mod journal;
pub mod limits;
pub mod scenario;
pub mod scenario_check;
pub mod timeline;
pub mod vendor_id;
pub mod world;
pub mod worlds;

pub use clock::{Clock, ClockMode, ClockView};
pub use error::SimError;
pub use faults::{FaultCatalog, FaultSpec, Faults};
pub use ids::Ids;
pub use journal::Journal;
pub use scenario::Scenario;
pub use vendor_id::VendorId;
pub use world::World;
pub use worlds::Worlds;

use limits::NonceMemory;
use parking_lot::Mutex;
use scenario::ClockSpec;
use std::collections::HashMap;
use std::sync::Arc;
use world::Account;

/// Nonces are remembered at least this long after use: the signature window on either side
/// (5 minutes each way), so a replay is refused for as long as its timestamp could be valid.
const NONCE_MEMORY_SECS: i64 = 600;

/// Seed used when neither the scenario nor `--seed` gives one.
pub const DEFAULT_SEED: u64 = 1;

/// A cheap handle on one world: its state behind one lock, and the parts that have their own.
#[derive(Clone)]
pub struct Sim(Arc<SimInner>);

pub struct SimInner {
    pub name: String,
    pub seed: u64,
    /// Kept to rebuild the initial state on reset.
    pub scenario: Scenario,
    pub world: Mutex<World>,
    pub clock: Clock,
    pub ids: Ids,
    pub journal: Journal,
    pub faults: Faults,
    /// Used nonces per credential; its own lock, so authentication never waits on the world.
    pub nonces: Mutex<NonceMemory>,
    credentials: Vec<(VendorId, String)>,
    accounts: [HashMap<String, Account>; 4],
    /// Devices the world was built with (what the registry's device budget counts).
    pub device_count: u64,
}

impl std::ops::Deref for Sim {
    type Target = SimInner;
    fn deref(&self) -> &SimInner {
        &self.0
    }
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim").field("name", &self.name).finish()
    }
}

impl Sim {
    /// Builds a world from a scenario that passed `scenario_check::check`.
    pub fn new(name: &str, scenario: Scenario, seed_override: Option<u64>) -> Sim {
        let seed = seed_override.or(scenario.seed).unwrap_or(DEFAULT_SEED);
        let clock = clock_for(&scenario.clock);
        let world = World::build(name, &scenario, seed, clock.now_secs());
        let mut accounts: [HashMap<String, Account>; 4] = Default::default();
        let mut credentials: Vec<(VendorId, String)> = Vec::new();
        for account in world.accounts() {
            credentials.push((account.vendor, account.id.clone()));
            accounts[account.vendor.index()].insert(account.id.clone(), account);
        }
        credentials.sort();
        let faults = Faults::new(&fault_specs(&scenario));
        let device_count = VendorId::ALL
            .into_iter()
            .map(|v| world.devices.count(v) as u64)
            .sum();
        Sim(Arc::new(SimInner {
            name: name.to_string(),
            seed,
            journal: Journal::new(
                scenario.journal.capacity,
                scenario.journal.body_limit,
                scenario.journal.max_bytes,
            ),
            ids: Ids::new(seed),
            world: Mutex::new(world),
            clock,
            faults,
            scenario,
            nonces: Mutex::new(NonceMemory::new(NONCE_MEMORY_SECS)),
            credentials,
            accounts,
            device_count,
        }))
    }

    /// Back to the scenario's initial state: devices, accounts, clock, fault rules, ids;
    /// the journal and request memory are emptied.
    pub fn reset(&self) {
        self.clock.restore_from(&clock_for(&self.scenario.clock));
        let fresh = World::build(&self.name, &self.scenario, self.seed, self.clock.now_secs());
        // The old world is freed after the lock is released: freeing a big one takes a while.
        let old = std::mem::replace(&mut *self.world.lock(), fresh);
        drop(old);
        self.faults.replace(&fault_specs(&self.scenario));
        self.ids.reseed(self.seed);
        self.journal.clear();
        self.nonces.lock().clear();
    }

    /// The credentials that route requests to this world (fixed for its lifetime).
    pub fn credentials(&self) -> &[(VendorId, String)] {
        &self.credentials
    }

    /// The account behind a credential of this world.
    pub fn account(&self, vendor: VendorId, credential: &str) -> Option<&Account> {
        self.accounts[vendor.index()].get(credential)
    }
}

fn fault_specs(scenario: &Scenario) -> Vec<FaultSpec> {
    scenario.faults.iter().map(|f| f.value.clone()).collect()
}

fn clock_for(spec: &ClockSpec) -> Clock {
    let system_secs = clock::system_now_ms().div_euclid(1000);
    match spec.mode {
        ClockMode::Frozen => {
            Clock::frozen_at(spec.at.map_or(system_secs, |t| t.at(system_secs)) * 1000)
        }
        ClockMode::Real => match spec.at {
            Some(t) => Clock::real_from(t.at(system_secs) * 1000),
            // `camsim check` keeps the offset in the clock's range; saturating is a backstop.
            None => Clock::real_with_offset(spec.offset_seconds.saturating_mul(1000)),
        },
    }
}
