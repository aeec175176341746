//! Seeded randomness for a world: request ids, generated credentials and fault probabilities.
//! Two separate streams, so rolling a fault's dice never shifts the request ids that follow.

use parking_lot::Mutex;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

#[derive(Debug)]
pub struct Ids {
    requests: Mutex<StdRng>,
    faults: Mutex<StdRng>,
}

impl Ids {
    pub fn new(seed: u64) -> Ids {
        Ids {
            requests: Mutex::new(StdRng::seed_from_u64(seed)),
            faults: Mutex::new(StdRng::seed_from_u64(seed ^ 0x5eed_fa17)),
        }
    }

    /// A version-4 UUID drawn from the world's seed, so frozen-clock runs repeat byte for byte.
    pub fn uuid(&self) -> String {
        let bytes: [u8; 16] = self.requests.lock().random();
        // Encoded into a stack buffer and copied once: `to_string` would go through the
        // formatting machinery and grow its buffer, on every request.
        let mut text = uuid::Uuid::encode_buffer();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .encode_lower(&mut text)
            .to_owned()
    }

    /// `len` lowercase hex characters.
    pub fn hex(&self, len: usize) -> String {
        let mut rng = self.requests.lock();
        (0..len)
            .map(|_| char::from_digit(rng.random_range(0..16u32), 16).unwrap_or('0'))
            .collect()
    }

    /// True with probability `p` (clamped to 0..=1), from the fault stream.
    pub fn chance(&self, p: f64) -> bool {
        let p = p.clamp(0.0, 1.0);
        self.faults.lock().random::<f64>() < p
    }

    /// Restarts both streams, as at world creation.
    pub fn reseed(&self, seed: u64) {
        *self.requests.lock() = StdRng::seed_from_u64(seed);
        *self.faults.lock() = StdRng::seed_from_u64(seed ^ 0x5eed_fa17);
    }
}

/// A stable 64-bit hash of a name, to derive a seed from it (FNV-1a): `std`'s hasher may
/// change between releases, and a world must get the same ids on every machine.
pub fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_ids() {
        let (a, b) = (Ids::new(7), Ids::new(7));
        assert_eq!(a.uuid(), b.uuid());
        assert_eq!(a.hex(32), b.hex(32));
        assert_eq!(a.uuid().len(), 36);
    }

    #[test]
    fn each_id_is_new_and_another_seed_gives_others() {
        let ids = Ids::new(7);
        let drawn: std::collections::HashSet<String> = (0..1000).map(|_| ids.uuid()).collect();
        assert_eq!(drawn.len(), 1000, "no uuid repeats");
        assert_ne!(Ids::new(7).uuid(), Ids::new(8).uuid());
        let hex = ids.hex(32);
        assert_eq!(hex.len(), 32);
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{hex}");
        assert_ne!(hex, ids.hex(32));
    }
}
