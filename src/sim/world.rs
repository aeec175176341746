//! The state of one world: vendor accounts and their credentials, users, devices, and the
//! rate windows. Built from a validated scenario; changed by vendor
//! handlers and the control API, always under the world's lock.

use super::device::{DataPlan, Device, Relation, StoragePlan};
use super::error::SimError;
use super::generate::generate_devices;
use super::ids::name_hash;
use super::limits::RateLimiter;
use super::scenario::{GwellAppSpec, GwellDeviceSpec, Scenario};
use super::{Ids, VendorId};
use indexmap::IndexMap;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug)]
pub struct World {
    pub gwell_apps: Vec<GwellApp>,
    pub sodalife_clients: Vec<Credential>,
    pub onenet_products: Vec<Credential>,
    pub tencent_secrets: Vec<Credential>,
    pub devices: Devices,
    pub rates: RateLimiter,
    /// Whether the vendors' documented rate limits apply.
    pub rate_limits: bool,
}

#[derive(Debug, Clone)]
pub struct GwellApp {
    pub app_id: String,
    pub app_token: String,
    pub app_key: String,
    /// accessId -> display name.
    pub users: BTreeMap<String, String>,
}

/// What authenticating a request needs of an account: fixed for the world's lifetime (a reset
/// rebuilds the same credentials), so requests read it without locking the world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub vendor: VendorId,
    /// The credential a request presents (Gwell appId, Sodalife client id, ...).
    pub id: String,
    /// The signing key or secret (Gwell appKey, client secret, OneNET product id, SecretKey).
    pub secret: String,
    /// A second credential sent in the body (Gwell appToken).
    pub token: Option<String>,
}

/// A public id with its secret (Sodalife client, OneNET product key, Tencent SecretId).
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: String,
    pub secret: String,
}

/// Devices per vendor, by id (in scenario order), with an index by serial number.
/// Hashed, not ordered: every request looks a device up, and a tree of 10,000 string keys
/// costs a dozen string comparisons per lookup.
#[derive(Debug, Default)]
pub struct Devices {
    by_id: [IndexMap<String, Device>; 4],
    by_sn: [HashMap<String, String>; 4],
}

impl Devices {
    pub fn insert(&mut self, device: Device) {
        let v = device.vendor.index();
        self.by_sn[v].insert(device.sn.clone(), device.id.clone());
        self.by_id[v].insert(device.id.clone(), device);
    }

    pub fn get(&self, vendor: VendorId, id: &str) -> Option<&Device> {
        self.by_id[vendor.index()].get(id)
    }

    pub fn get_mut(&mut self, vendor: VendorId, id: &str) -> Option<&mut Device> {
        self.by_id[vendor.index()].get_mut(id)
    }

    pub fn by_sn(&self, vendor: VendorId, sn: &str) -> Option<&Device> {
        let id = self.by_sn[vendor.index()].get(sn)?;
        self.get(vendor, id)
    }

    pub fn of(&self, vendor: VendorId) -> impl Iterator<Item = &Device> {
        self.by_id[vendor.index()].values()
    }

    /// The vendor's devices by id, for listings a person reads (the control API).
    pub fn sorted(&self, vendor: VendorId) -> Vec<&Device> {
        let mut devices: Vec<&Device> = self.of(vendor).collect();
        devices.sort_by(|a, b| a.id.cmp(&b.id));
        devices
    }

    pub fn count(&self, vendor: VendorId) -> usize {
        self.by_id[vendor.index()].len()
    }
}

/// How a request names a device.
#[derive(Debug, Clone, Copy)]
pub enum DeviceRef<'a> {
    Id(&'a str),
    Sn(&'a str),
}

impl World {
    /// Builds the world a validated scenario describes. `now_secs` anchors relative times.
    pub fn build(name: &str, scenario: &Scenario, seed: u64, now_secs: i64) -> World {
        // Credentials a scenario leaves out are drawn from the seed and the world's name,
        // so two worlds created from one file still claim different credentials.
        let credential_ids = Ids::new(seed ^ name_hash(name));
        let mut world = World {
            gwell_apps: Vec::new(),
            sodalife_clients: scenario
                .sodalife
                .clients
                .iter()
                .map(|c| Credential {
                    id: c.client_id.value.clone(),
                    secret: c.client_secret.clone(),
                })
                .collect(),
            onenet_products: scenario
                .onenet
                .products
                .iter()
                .map(|p| Credential {
                    id: p.master_key.value.clone(),
                    secret: p.product_id.clone(),
                })
                .collect(),
            tencent_secrets: scenario
                .tencent
                .secrets
                .iter()
                .map(|s| Credential {
                    id: s.secret_id.value.clone(),
                    secret: s.secret_key.clone(),
                })
                .collect(),
            devices: Devices::default(),
            rates: RateLimiter::default(),
            rate_limits: scenario.rate_limits,
        };
        for spec in &scenario.gwell.apps {
            world.add_gwell_app(spec, &credential_ids, seed, now_secs);
        }
        world
    }

    fn add_gwell_app(&mut self, spec: &GwellAppSpec, ids: &Ids, seed: u64, now_secs: i64) {
        let app = GwellApp {
            app_id: spec
                .app_id
                .as_ref()
                .map_or_else(|| ids.hex(32), |s| s.value.clone()),
            app_token: spec.app_token.clone().unwrap_or_else(|| ids.hex(64)),
            app_key: spec.app_key.clone().unwrap_or_else(|| ids.hex(32)),
            users: spec
                .users
                .iter()
                .map(|u| {
                    let id = u.access_id.value.0.clone();
                    let name = u.name.clone().unwrap_or_else(|| format!("user {id}"));
                    (id, name)
                })
                .collect(),
        };
        for d in &spec.devices {
            self.devices.insert(gwell_device(&app.app_id, d, now_secs));
        }
        let all_users: Vec<String> = app.users.keys().cloned().collect();
        for g in &spec.generate {
            let g = &g.value;
            let owners: Vec<String> = if g.owners.is_empty() {
                all_users.clone()
            } else {
                g.owners.iter().map(|o| o.value.0.clone()).collect()
            };
            for mut device in generate_devices(&app.app_id, g, &owners, seed, now_secs) {
                // A random serial may meet one already taken (declared, or drawn before): the
                // devId suffix makes it unique without changing any other generated value.
                if self.devices.by_sn(VendorId::Gwell, &device.sn).is_some() {
                    device.sn = format!("{}{}", device.sn, device.id);
                }
                self.devices.insert(device);
            }
        }
        self.gwell_apps.push(app);
    }

    pub fn gwell_app(&self, app_id: &str) -> Option<&GwellApp> {
        self.gwell_apps.iter().find(|a| a.app_id == app_id)
    }

    /// Every account this world holds, with what authenticating its requests needs.
    pub fn accounts(&self) -> Vec<Account> {
        let mut out: Vec<Account> = self
            .gwell_apps
            .iter()
            .map(|a| Account {
                vendor: VendorId::Gwell,
                id: a.app_id.clone(),
                secret: a.app_key.clone(),
                token: Some(a.app_token.clone()),
            })
            .collect();
        let others = [
            (VendorId::Sodalife, &self.sodalife_clients),
            (VendorId::Onenet, &self.onenet_products),
            (VendorId::Tencent, &self.tencent_secrets),
        ];
        for (vendor, creds) in others {
            out.extend(creds.iter().map(|c| Account {
                vendor,
                id: c.id.clone(),
                secret: c.secret.clone(),
                token: None,
            }));
        }
        out
    }

    /// A device the user may see (owned or shared), with the user's relation to it.
    /// A device of `account` by id or serial, whoever it is bound to.
    pub fn device_of_account(
        &self,
        vendor: VendorId,
        account: &str,
        which: DeviceRef<'_>,
    ) -> Result<&Device, SimError> {
        let (found, label) = match which {
            DeviceRef::Id(id) => (self.devices.get(vendor, id), id),
            DeviceRef::Sn(sn) => (self.devices.by_sn(vendor, sn), sn),
        };
        found
            .filter(|d| d.account == account)
            .ok_or_else(|| SimError::DeviceNotFound(label.to_string()))
    }

    /// The devices a user owns or was shared, in id order.
    pub fn devices_of_user<'a>(
        &'a self,
        vendor: VendorId,
        account: &'a str,
        user: &'a str,
    ) -> impl Iterator<Item = (&'a Device, Relation)> + 'a {
        self.devices
            .of(vendor)
            .filter(move |d| d.account == account)
            .filter_map(move |d| d.relation_to(user).map(|r| (d, r)))
    }
}

fn gwell_device(app_id: &str, d: &GwellDeviceSpec, now_secs: i64) -> Device {
    Device {
        vendor: VendorId::Gwell,
        id: d.dev_id.value.0.clone(),
        sn: d.sn.value.0.clone(),
        account: app_id.to_string(),
        device_type: d.device_type.clone(),
        firmware: d.firmware_ver.clone(),
        online: d.online && !d.long_offline,
        online_changed_at: d
            .online_update_time
            .map_or(now_secs - 3600, |t| t.at(now_secs)),
        long_offline: d.long_offline,
        battery: d.battery.as_ref().map(|b| b.value),
        power_mode: d.power_mode.as_ref().map_or_else(
            || Device::default_power_mode(d.battery.as_ref().map(|b| b.value)),
            |m| m.value,
        ),
        power_charging: d.power_charging.as_ref().map_or(0, |c| c.value),
        signal: d.signal,
        rssi: d.rssi,
        notifications: d.notice_status.as_ref().is_none_or(|n| n.value != 0),
        owner: d.owner.as_ref().map(|o| o.value.0.clone()),
        guests: d.guests.iter().map(|g| g.value.0.clone()).collect(),
        bound_at: d.bind_time.map_or(
            if d.owner.is_some() {
                now_secs - 30 * 86_400
            } else {
                0
            },
            |t| t.at(now_secs),
        ),
        storage: d
            .storage
            .as_ref()
            .map(|s| StoragePlan::from_spec(s, now_secs)),
        data_plan: d.flow.as_ref().map(|f| DataPlan::from_spec(f, now_secs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario;

    #[test]
    fn a_generated_serial_never_takes_a_declared_one() {
        // Build once to learn the first generated serial, then declare a device that owns it.
        let generated = "gwell:\n  apps:\n    - users: [{accessId: 1}]\n      generate: [{count: 3, idStart: 100}]\n";
        let first = World::build("w", &scenario::parse(generated).expect("valid"), 5, 0);
        let taken = first
            .devices
            .get(VendorId::Gwell, "100")
            .expect("generated device")
            .sn
            .clone();
        let both = format!(
            "gwell:\n  apps:\n    - users: [{{accessId: 1}}]\n      devices: [{{devId: 1, sn: \"{taken}\"}}]\n      generate: [{{count: 3, idStart: 100}}]\n"
        );
        let world = World::build("w", &scenario::parse(&both).expect("valid"), 5, 0);

        assert_eq!(
            world
                .devices
                .by_sn(VendorId::Gwell, &taken)
                .map(|d| d.id.as_str()),
            Some("1")
        );
        let renamed = &world
            .devices
            .get(VendorId::Gwell, "100")
            .expect("generated")
            .sn;
        assert_eq!(renamed, &format!("{taken}100"));
        assert_eq!(
            world
                .devices
                .by_sn(VendorId::Gwell, renamed)
                .map(|d| d.id.as_str()),
            Some("100")
        );
    }
}
