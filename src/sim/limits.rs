//! Per-world request limits read on the world clock: the vendors' documented rates, and the
//! memory of nonces already used (replay refusal).

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// Whether a client's `stamp` lies within `window_secs` of `now_secs`, either way. Every
/// vendor's signature window goes through here: the stamp is any i64 a client sends, and a
/// wrapping `(now - stamp).abs()` once let `now - 2^63` through.
pub fn within_window(now_secs: i64, stamp: i64, window_secs: u64) -> bool {
    now_secs.abs_diff(stamp) <= window_secs
}

/// Fixed one-second windows per key (credential + endpoint), on world-clock seconds.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<String, (i64, u32)>,
}

impl RateLimiter {
    /// Counts a request against `key`; false when `per_second` were already served this second.
    pub fn admit(&mut self, key: &str, now_ms: i64, per_second: u32) -> bool {
        let second = now_ms.div_euclid(1000);
        let window = match self.windows.get_mut(key) {
            Some(w) => w,
            None => self.windows.entry(key.to_string()).or_insert((second, 0)),
        };
        if window.0 != second {
            *window = (second, 0);
        }
        if window.1 >= per_second {
            return false;
        }
        window.1 += 1;
        true
    }
}

/// Remembers (credential, nonce) pairs for at least `keep_secs` after their use, in two
/// generations of `keep_secs` each: a pair is known while it is in the current or the previous
/// generation, and rotating drops the older one whole. That keeps a lookup O(1) and frees
/// millions of benchmark nonces in one step, instead of expiring them one by one under the
/// world lock. Pairs are stored as 64-bit hashes, keyed per memory (a client cannot predict
/// them), so the sets use them as they are instead of hashing them a second time.
///
/// A generation also ends when it holds [`MAX_NONCES_PER_GENERATION`] pairs, so a world's
/// memory stays bounded under any load (about 64 MiB); past that rate (about 3,300 signed
/// requests a second for 600 s) a replay is remembered for less than the whole window.
#[derive(Debug)]
pub struct NonceMemory {
    current: Pairs,
    previous: Pairs,
    /// The key of the pairs' hashes.
    hasher: RandomState,
    /// World-clock second the current generation started.
    started: Option<i64>,
    keep_secs: i64,
    max_per_generation: usize,
}

/// A generation's pairs, by their keyed hash (see [`NonceMemory`]).
type Pairs = HashSet<u64, BuildHasherDefault<AsIs>>;

/// Hands a `u64` that is already a keyed hash to the set unchanged.
#[derive(Debug, Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    /// Not used by `HashSet<u64>`; folds the bytes in so that any input still hashes.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

/// Pairs one generation holds before it ends early.
pub const MAX_NONCES_PER_GENERATION: usize = 2_000_000;

impl NonceMemory {
    pub fn new(keep_secs: i64) -> NonceMemory {
        NonceMemory::with_cap(keep_secs, MAX_NONCES_PER_GENERATION)
    }

    pub fn with_cap(keep_secs: i64, max_per_generation: usize) -> NonceMemory {
        NonceMemory {
            current: Pairs::default(),
            previous: Pairs::default(),
            hasher: RandomState::new(),
            started: None,
            keep_secs: keep_secs.max(1),
            max_per_generation: max_per_generation.max(1),
        }
    }

    fn key(&self, credential: &str, nonce: &str) -> u64 {
        self.hasher.hash_one((credential, nonce))
    }

    /// Records the pair; false when it was already used and is still remembered.
    pub fn first_use(&mut self, credential: &str, nonce: &str, now_secs: i64) -> bool {
        self.rotate(now_secs);
        let key = self.key(credential, nonce);
        if self.previous.contains(&key) {
            return false;
        }
        self.current.insert(key)
    }

    fn rotate(&mut self, now_secs: i64) {
        let started = *self.started.get_or_insert(now_secs);
        let age = now_secs.saturating_sub(started);
        if self.current.len() >= self.max_per_generation || age >= self.keep_secs {
            if age >= 2 * self.keep_secs {
                // Both generations are older than the window: forget everything.
                self.current.clear();
            }
            // The old previous's table becomes the new current, emptied but keeping its size:
            // a generation's table is grown once, not again from nothing every generation.
            std::mem::swap(&mut self.previous, &mut self.current);
            self.current.clear();
            self.started = Some(now_secs);
        }
    }

    pub fn clear(&mut self) {
        self.current.clear();
        self.previous.clear();
        self.started = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limiter_refuses_past_the_limit_within_one_second() {
        let mut rl = RateLimiter::default();
        let admitted = (0..12).filter(|_| rl.admit("k", 5_000, 10)).count();
        assert_eq!(admitted, 10);
        assert!(rl.admit("k", 6_000, 10));
        assert!(rl.admit("other", 5_000, 10));
    }

    #[test]
    fn a_nonce_is_refused_for_at_least_the_memory_span() {
        let mut nonces = NonceMemory::new(600);
        assert!(nonces.first_use("app", "1", 100));
        assert!(!nonces.first_use("app", "1", 200));
        assert!(nonces.first_use("other", "1", 200));
        // Rotated into the previous generation at 700: still remembered.
        assert!(!nonces.first_use("app", "1", 700));
        // Both generations are past: forgotten.
        assert!(nonces.first_use("app", "1", 1300));
    }

    #[test]
    fn a_full_generation_ends_early_and_memory_stays_at_two_generations() {
        let mut nonces = NonceMemory::with_cap(600, 3);
        for n in 0..100 {
            assert!(nonces.first_use("app", &n.to_string(), 100));
            assert!(nonces.current.len() + nonces.previous.len() <= 6);
        }
        // The newest pairs are still refused.
        assert!(!nonces.first_use("app", "99", 100));
        assert!(!nonces.first_use("app", "98", 100));
    }

    #[test]
    fn a_long_jump_of_the_clock_forgets_every_nonce() {
        let mut nonces = NonceMemory::new(600);
        assert!(nonces.first_use("app", "1", 0));
        assert!(nonces.first_use("app", "1", 5000));
    }
}
