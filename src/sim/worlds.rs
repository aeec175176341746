//! The registry of worlds, and the credential -> world index that routes each vendor request
//! to the world owning the credential it presents. A credential belongs to one world at most.

use super::hashing::FastMap;
use super::world::Account;
use super::{Sim, VendorId};
use parking_lot::RwLock;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    NameTaken(String),
    CredentialTaken {
        vendor: VendorId,
        credential: String,
        world: String,
    },
    NotFound(String),
    DefaultWorld,
    /// `default` always names the default world, so no other world may take it.
    ReservedName,
    /// A name that could not be written in a control-API path or a log line.
    BadName(String),
    /// The process already holds as many worlds, or devices, as it may.
    Full(String),
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::NameTaken(n) => write!(f, "a world named `{n}` already exists"),
            RegistryError::CredentialTaken {
                vendor,
                credential,
                world,
            } => write!(
                f,
                "{vendor} credential `{credential}` is already claimed by world `{world}`"
            ),
            RegistryError::NotFound(n) => write!(f, "no world named `{n}`"),
            RegistryError::DefaultWorld => write!(f, "the default world cannot be deleted"),
            RegistryError::ReservedName => write!(
                f,
                "`{DEFAULT_ALIAS}` always names the default world; choose another name"
            ),
            RegistryError::BadName(why) => write!(f, "name: {why}"),
            RegistryError::Full(why) => write!(f, "{why}; delete a world first"),
        }
    }
}

#[derive(Default)]
struct Registry {
    by_name: BTreeMap<String, Sim>,
    by_credential: [FastMap<String, Sim>; 4],
    /// Devices the worlds were built with, all together.
    devices: u64,
}

/// Worlds one camsim holds at most, and devices across them: with each world bounded (devices,
/// journal, nonces, rules), these bound the process.
pub const MAX_WORLDS: usize = 256;
/// The most devices one world may hold, all vendors, listed and generated together. A world
/// lives in memory (about 1 KiB a device while it is built), so this keeps one scenario from
/// taking the machine; several such worlds still fit in a few GiB.
pub const MAX_WORLD_DEVICES: u64 = 1_000_000;
pub const MAX_TOTAL_DEVICES: u64 = 4_000_000;

impl Registry {
    /// Whether one more world of `devices` devices fits.
    fn room_for(&self, devices: u64) -> Result<(), RegistryError> {
        if self.by_name.len() >= MAX_WORLDS {
            return Err(RegistryError::Full(format!(
                "camsim already holds {MAX_WORLDS} worlds, the most it may"
            )));
        }
        if self.devices.saturating_add(devices) > MAX_TOTAL_DEVICES {
            return Err(RegistryError::Full(format!(
                "the worlds already hold {} devices; {devices} more would pass the {MAX_TOTAL_DEVICES} camsim may hold",
                self.devices
            )));
        }
        Ok(())
    }
}

/// The name that always reaches the default world, whatever its own name.
pub const DEFAULT_ALIAS: &str = "default";

/// Credentials one world may hand out at run time (tokens, device keys), all vendors together.
pub const MAX_RUNTIME_CREDENTIALS: usize = 100_000;

/// The longest world name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Whether `name` can name a world: every world must be reachable as one control-API path
/// segment (percent-encoded as needed: `caf%C3%A9`) and readable in a log line.
pub fn check_name(name: &str) -> Result<(), RegistryError> {
    let bad = |why: &str| Err(RegistryError::BadName(why.to_string()));
    if name.is_empty() {
        return bad("must not be empty");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return bad(&format!("at most {MAX_NAME_CHARS} characters"));
    }
    if name.contains('/') {
        return bad("must not contain `/` (it separates the control API's path segments)");
    }
    if name.chars().any(char::is_control) {
        return bad("must not contain control characters");
    }
    if name.trim() != name {
        return bad("must not start or end with white space");
    }
    Ok(())
}

/// Registers and revokes the credentials a world hands out at run time (see [`Worlds::claim`]);
/// what a vendor handler gets, bound to its world.
pub trait RuntimeCredentials {
    fn claim(&self, account: Account) -> Result<(), RegistryError>;
    fn release(&self, vendor: VendorId, credential: &str);

    /// Claims a credential of `chars` hex digits drawn from `ids`, its account built by
    /// `account`; a draw another world (or this one) already holds is drawn again, up to 8
    /// times. Returns the credential.
    fn claim_fresh(
        &self,
        ids: &super::Ids,
        chars: usize,
        account: &dyn Fn(String) -> Account,
    ) -> Result<String, RegistryError> {
        let mut last = None;
        for _ in 0..8 {
            let id = ids.hex(chars);
            match self.claim(account(id.clone())) {
                Ok(()) => return Ok(id),
                Err(e @ RegistryError::CredentialTaken { .. }) => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| RegistryError::NotFound("a free credential".into())))
    }
}

/// The registry seen from one world.
pub struct WorldCredentials<'a> {
    pub worlds: &'a Worlds,
    pub sim: &'a Sim,
}

impl RuntimeCredentials for WorldCredentials<'_> {
    fn claim(&self, account: Account) -> Result<(), RegistryError> {
        self.worlds.claim(self.sim, account)
    }

    fn release(&self, vendor: VendorId, credential: &str) {
        self.worlds.release(self.sim, vendor, credential);
    }
}

pub struct Worlds {
    inner: RwLock<Registry>,
    default_name: String,
}

impl Worlds {
    /// A registry whose default world (where requests of unknown credentials are journaled)
    /// is the first of `worlds`.
    pub fn new(worlds: Vec<Sim>) -> Result<Worlds, RegistryError> {
        let default_name = worlds.first().map(|w| w.name.clone()).unwrap_or_default();
        let registry = Worlds {
            inner: RwLock::new(Registry::default()),
            default_name,
        };
        for w in worlds {
            registry.insert(w)?;
        }
        Ok(registry)
    }

    pub fn insert(&self, sim: Sim) -> Result<(), RegistryError> {
        check_name(&sim.name)?;
        let mut reg = self.inner.write();
        if sim.name == DEFAULT_ALIAS && sim.name != self.default_name {
            return Err(RegistryError::ReservedName);
        }
        if reg.by_name.contains_key(&sim.name) {
            return Err(RegistryError::NameTaken(sim.name.clone()));
        }
        reg.room_for(sim.device_count)?;
        for (vendor, cred) in sim.credentials() {
            if let Some(owner) = reg.by_credential[vendor.index()].get(cred) {
                return Err(RegistryError::CredentialTaken {
                    vendor: *vendor,
                    credential: cred.clone(),
                    world: owner.name.clone(),
                });
            }
        }
        for (vendor, cred) in sim.credentials() {
            reg.by_credential[vendor.index()].insert(cred.clone(), sim.clone());
        }
        reg.devices = reg.devices.saturating_add(sim.device_count);
        reg.by_name.insert(sim.name.clone(), sim);
        Ok(())
    }

    /// Whether a world of `devices` devices would fit now: asked before building one, so a
    /// world that cannot be kept is never built.
    pub fn room_for(&self, devices: u64) -> Result<(), RegistryError> {
        self.inner.read().room_for(devices)
    }

    pub fn remove(&self, name: &str) -> Result<Sim, RegistryError> {
        if name == self.default_name {
            return Err(RegistryError::DefaultWorld);
        }
        let mut reg = self.inner.write();
        let sim = reg
            .by_name
            .remove(name)
            .ok_or_else(|| RegistryError::NotFound(name.to_string()))?;
        for (vendor, cred) in sim.credentials() {
            reg.by_credential[vendor.index()].remove(cred);
        }
        for (vendor, cred) in sim.runtime_credentials() {
            reg.by_credential[vendor.index()].remove(&cred);
        }
        reg.devices = reg.devices.saturating_sub(sim.device_count);
        Ok(sim)
    }

    /// Routes a credential handed out at run time (an access token, a device key) to `sim`,
    /// which must still be registered. Refused if another world claims it.
    pub fn claim(&self, sim: &Sim, account: Account) -> Result<(), RegistryError> {
        let mut reg = self.inner.write();
        if !reg
            .by_name
            .get(&sim.name)
            .is_some_and(|s| Sim::same(s, sim))
        {
            return Err(RegistryError::NotFound(sim.name.clone()));
        }
        let index = &mut reg.by_credential[account.vendor.index()];
        if let Some(owner) = index.get(&account.id)
            && (!Sim::same(owner, sim) || sim.account(account.vendor, &account.id).is_some())
        {
            return Err(RegistryError::CredentialTaken {
                vendor: account.vendor,
                credential: account.id,
                world: owner.name.clone(),
            });
        }
        let mut runtime = sim.runtime.write();
        let held: usize = runtime.iter().map(FastMap::len).sum();
        if held >= MAX_RUNTIME_CREDENTIALS
            && !runtime[account.vendor.index()].contains_key(&account.id)
        {
            return Err(RegistryError::Full(format!(
                "world `{}` already holds {MAX_RUNTIME_CREDENTIALS} credentials handed out at run time",
                sim.name
            )));
        }
        index.insert(account.id.clone(), sim.clone());
        runtime[account.vendor.index()].insert(account.id.clone(), Arc::new(account));
        Ok(())
    }

    /// Stops routing a run-time credential (a revoked token, a deleted device's key).
    pub fn release(&self, sim: &Sim, vendor: VendorId, credential: &str) {
        let mut reg = self.inner.write();
        let mut runtime = sim.runtime.write();
        if runtime[vendor.index()].remove(credential).is_some() {
            let index = &mut reg.by_credential[vendor.index()];
            if index
                .get(credential)
                .is_some_and(|owner| Sim::same(owner, sim))
            {
                index.remove(credential);
            }
        }
    }

    /// Back to the world's initial state (`Sim::reset`); the credentials it handed out at
    /// run time stop routing to it.
    pub fn reset(&self, sim: &Sim) {
        sim.reset();
        for (vendor, credential) in sim.runtime_credentials() {
            self.release(sim, vendor, &credential);
        }
    }

    /// A world by name; `default` reaches the default world.
    pub fn get(&self, name: &str) -> Option<Sim> {
        let name = if name == DEFAULT_ALIAS {
            self.default_name.as_str()
        } else {
            name
        };
        self.inner.read().by_name.get(name).cloned()
    }

    pub fn list(&self) -> Vec<Sim> {
        self.inner.read().by_name.values().cloned().collect()
    }

    pub fn by_credential(&self, vendor: VendorId, credential: &str) -> Option<Sim> {
        self.inner.read().by_credential[vendor.index()]
            .get(credential)
            .cloned()
    }

    pub fn default_name(&self) -> &str {
        &self.default_name
    }

    pub fn default_world(&self) -> Option<Sim> {
        self.get(&self.default_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::faults::FaultSpec;
    use crate::sim::spec::{ClockSpec, JournalSpec};
    use crate::sim::world::{Recipe, World};
    use std::sync::Arc;

    /// A world with one fixed credential, `fixed-<name>`.
    struct OneAccount(ClockSpec, JournalSpec);

    impl Recipe for OneAccount {
        fn seed(&self) -> Option<u64> {
            None
        }
        fn clock(&self) -> &ClockSpec {
            &self.0
        }
        fn journal(&self) -> &JournalSpec {
            &self.1
        }
        fn faults(&self) -> Vec<FaultSpec> {
            Vec::new()
        }
        fn build(&self, name: &str, _seed: u64, _now_secs: i64) -> World {
            let mut world = World::new(true);
            world.add_account(account(&format!("fixed-{name}")));
            world
        }
    }

    fn account(id: &str) -> Account {
        Account::fixed(VendorId::Sodalife, id.to_string(), String::new(), None)
    }

    fn sim(name: &str) -> Sim {
        let recipe = OneAccount(ClockSpec::default(), JournalSpec::default());
        Sim::new(name, Arc::new(recipe), None)
    }

    fn routes_to(worlds: &Worlds, credential: &str) -> Option<String> {
        worlds
            .by_credential(VendorId::Sodalife, credential)
            .map(|s| s.name.clone())
    }

    #[test]
    fn a_credential_handed_out_at_run_time_routes_to_its_world_until_released() {
        let (a, b) = (sim("a"), sim("b"));
        let worlds = Worlds::new(vec![a.clone(), b.clone()]).expect("two worlds");
        worlds.claim(&b, account("token-1")).expect("claimed");
        assert_eq!(routes_to(&worlds, "token-1").as_deref(), Some("b"));
        assert!(b.runtime_account(VendorId::Sodalife, "token-1").is_some());

        // Another world's credential, fixed or handed out, cannot be taken.
        assert!(matches!(
            worlds.claim(&a, account("token-1")),
            Err(RegistryError::CredentialTaken { .. })
        ));
        assert!(matches!(
            worlds.claim(&b, account("fixed-a")),
            Err(RegistryError::CredentialTaken { .. })
        ));
        assert!(matches!(
            worlds.claim(&b, account("fixed-b")),
            Err(RegistryError::CredentialTaken { .. })
        ));

        worlds.release(&b, VendorId::Sodalife, "token-1");
        assert_eq!(routes_to(&worlds, "token-1"), None);
        assert!(b.runtime_account(VendorId::Sodalife, "token-1").is_none());
    }

    #[test]
    fn reset_and_delete_drop_the_credentials_a_world_handed_out() {
        let (a, b) = (sim("a"), sim("b"));
        let worlds = Worlds::new(vec![a.clone(), b.clone()]).expect("two worlds");
        worlds.claim(&a, account("token-a")).expect("claimed");
        worlds.claim(&b, account("token-b")).expect("claimed");

        worlds.reset(&a);
        assert_eq!(routes_to(&worlds, "token-a"), None);
        assert_eq!(routes_to(&worlds, "fixed-a").as_deref(), Some("a"));

        worlds.remove("b").expect("removed");
        assert_eq!(routes_to(&worlds, "token-b"), None);
        // A removed world hands out nothing more.
        assert!(matches!(
            worlds.claim(&b, account("token-c")),
            Err(RegistryError::NotFound(_))
        ));
    }

    #[test]
    fn a_world_that_would_pass_the_device_budget_has_no_room() {
        let registry = Registry {
            devices: MAX_TOTAL_DEVICES - 10,
            ..Registry::default()
        };
        assert_eq!(registry.room_for(10), Ok(()));
        assert!(matches!(registry.room_for(11), Err(RegistryError::Full(_))));
        assert!(matches!(
            registry.room_for(u64::MAX),
            Err(RegistryError::Full(_))
        ));
    }
}
