//! The hash maps looked up on every request's path (cameras by id and serial, vendors'
//! per-device state, accounts, the credential index) hash with foldhash instead of std's
//! SipHash: SipHash cost about as much as the rest of a lookup here. foldhash is seeded per
//! process, so keys a client chooses still cannot be aimed at one bucket.

pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type FastIndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;
