//! The simulated side of camsim that every vendor shares: worlds and the credential index,
//! the cameras and their timeline, clock, ids, journal, fault rules, rate windows and nonce
//! memory, plus the scenario vocabulary they are described in (`spec`). Nothing here knows a
//! vendor's concepts or wire format; `sim` never imports from `vendors`.

pub mod camera;
pub mod clock;
pub mod error;
pub mod faults;
pub mod hashing;
pub mod ids;
pub mod journal;
pub mod limits;
pub mod spec;
pub mod timeline;
pub mod vendor_id;
pub mod world;
pub mod worlds;

pub use clock::{Clock, ClockMode, ClockView};
pub use error::SimError;
pub use faults::{FaultCatalog, FaultSpec, Faults};
pub use ids::Ids;
pub use journal::Journal;
pub use vendor_id::VendorId;
pub use world::{Recipe, World};
pub use worlds::Worlds;

use hashing::FastMap;
use limits::NonceMemory;
use parking_lot::{Mutex, RwLock};
use spec::ClockSpec;
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
    recipe: Arc<dyn Recipe>,
    pub world: Mutex<World>,
    pub clock: Clock,
    pub ids: Ids,
    pub journal: Journal,
    pub faults: Faults,
    /// Used nonces per credential; its own lock, so authentication never waits on the world.
    pub nonces: Mutex<NonceMemory>,
    credentials: Vec<(VendorId, String)>,
    accounts: [FastMap<String, Account>; 4],
    /// Credentials handed out at run time (access tokens, device keys), claimed through the
    /// registry (`Worlds::claim`) so they route here too; dropped on reset and delete. Its own
    /// lock, read only when a credential is not one of the fixed `accounts`.
    runtime: RwLock<[FastMap<String, Arc<Account>>; 4]>,
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
    /// Whether both handles are the same world (not one built again under the same name).
    pub fn same_as(&self, other: &Sim) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Builds a world from a recipe (a scenario that passed `camsim check`).
    pub fn new(name: &str, recipe: Arc<dyn Recipe>, seed_override: Option<u64>) -> Sim {
        let seed = seed_override.or(recipe.seed()).unwrap_or(DEFAULT_SEED);
        let clock = clock_for(recipe.clock());
        let mut world = recipe.build(name, seed, clock.now_secs());
        let mut accounts: [FastMap<String, Account>; 4] = Default::default();
        let mut credentials: Vec<(VendorId, String)> = Vec::new();
        for account in world.take_accounts() {
            credentials.push((account.vendor, account.id.clone()));
            accounts[account.vendor.index()].insert(account.id.clone(), account);
        }
        credentials.sort();
        let faults = Faults::new(&recipe.faults());
        let device_count = world.cameras.total() as u64;
        Sim(Arc::new(SimInner {
            name: name.to_string(),
            seed,
            journal: Journal::new(
                recipe.journal().capacity,
                recipe.journal().body_limit,
                recipe.journal().max_bytes,
            ),
            ids: Ids::new(seed),
            world: Mutex::new(world),
            clock,
            faults,
            recipe,
            nonces: Mutex::new(NonceMemory::new(NONCE_MEMORY_SECS)),
            credentials,
            accounts,
            runtime: RwLock::default(),
            device_count,
        }))
    }

    /// Back to the recipe's initial state: cameras, vendor models, accounts, clock, fault
    /// rules, ids; the journal and request memory are emptied. Call it through
    /// `Worlds::reset`, which also stops routing the credentials handed out at run time.
    pub fn reset(&self) {
        self.clock.restore_from(&clock_for(self.recipe.clock()));
        let mut fresh = self
            .recipe
            .build(&self.name, self.seed, self.clock.now_secs());
        // The same credentials as at creation; the handle already holds them.
        drop(fresh.take_accounts());
        // The old world is freed after the lock is released: freeing a big one takes a while.
        let old = std::mem::replace(&mut *self.world.lock(), fresh);
        drop(old);
        self.faults.replace(&self.recipe.faults());
        self.ids.reseed(self.seed);
        self.journal.clear();
        self.nonces.lock().clear();
    }

    /// Whether two handles name the same world (not just the same name).
    pub fn same(a: &Sim, b: &Sim) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The credentials that route requests to this world (fixed for its lifetime).
    pub fn credentials(&self) -> &[(VendorId, String)] {
        &self.credentials
    }

    /// The account behind a fixed credential of this world.
    pub fn account(&self, vendor: VendorId, credential: &str) -> Option<&Account> {
        self.accounts[vendor.index()].get(credential)
    }

    /// The account behind a credential handed out at run time.
    pub fn runtime_account(&self, vendor: VendorId, credential: &str) -> Option<Arc<Account>> {
        self.runtime.read()[vendor.index()].get(credential).cloned()
    }

    /// Credentials handed out at run time, now.
    pub fn runtime_credentials(&self) -> Vec<(VendorId, String)> {
        let runtime = self.runtime.read();
        VendorId::ALL
            .into_iter()
            .flat_map(|v| runtime[v.index()].keys().map(move |id| (v, id.clone())))
            .collect()
    }
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
