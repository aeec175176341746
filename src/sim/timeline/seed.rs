//! Stable seeds: one `StdRng` per (world seed, device, purpose, time bucket), so any stretch of
//! time is drawn alike whichever window asks for it. FNV-1a, not `std`'s hasher, which may
//! change between Rust releases.

use crate::sim::ids::name_hash;
use rand::SeedableRng;
use rand::rngs::StdRng;

#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    /// Generated offline gap of one UTC day.
    Gap = 1,
    /// Length of the offline period before the current state's change to online.
    Return = 2,
    /// Events of one hour.
    Events = 3,
}

fn fnv(mut h: u64, word: u64) -> u64 {
    for b in word.to_le_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One device in one world; also the prefix of its generated ids.
pub fn device_tag(seed: u64, device: &str) -> u64 {
    fnv(fnv(0xcbf2_9ce4_8422_2325, seed), name_hash(device))
}

pub fn rng(tag: u64, purpose: Purpose, index: i64) -> StdRng {
    StdRng::seed_from_u64(fnv(fnv(tag, purpose as u64), index as u64))
}
