//! Per-world request limits read on the world clock: the vendors' documented rates, and the
//! memory of nonces already used (replay refusal).

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

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

/// Remembers (credential, nonce) pairs for `keep_secs` after their request's timestamp.
/// Pairs are stored as 64-bit hashes: a benchmark can leave millions behind.
#[derive(Debug)]
pub struct NonceMemory {
    seen: HashMap<u64, i64>,
    order: VecDeque<(i64, u64)>,
    keep_secs: i64,
}

impl NonceMemory {
    pub fn new(keep_secs: i64) -> NonceMemory {
        NonceMemory {
            seen: HashMap::new(),
            order: VecDeque::new(),
            keep_secs,
        }
    }

    fn key(credential: &str, nonce: &str) -> u64 {
        let mut h = DefaultHasher::new();
        (credential, nonce).hash(&mut h);
        h.finish()
    }

    /// Records the pair; false when it was already used and is still remembered.
    pub fn first_use(
        &mut self,
        credential: &str,
        nonce: &str,
        stamp_secs: i64,
        now_secs: i64,
    ) -> bool {
        self.forget_before(now_secs - self.keep_secs);
        let key = Self::key(credential, nonce);
        if self.seen.contains_key(&key) {
            return false;
        }
        self.seen.insert(key, stamp_secs);
        self.order.push_back((stamp_secs.max(now_secs), key));
        true
    }

    fn forget_before(&mut self, horizon: i64) {
        while let Some(&(stamp, key)) = self.order.front() {
            if stamp >= horizon {
                break;
            }
            self.order.pop_front();
            self.seen.remove(&key);
        }
    }

    pub fn clear(&mut self) {
        self.seen.clear();
        self.order.clear();
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
    fn a_nonce_is_refused_until_it_is_forgotten() {
        let mut nonces = NonceMemory::new(600);
        assert!(nonces.first_use("app", "1", 100, 100));
        assert!(!nonces.first_use("app", "1", 100, 200));
        assert!(nonces.first_use("other", "1", 100, 200));
        assert!(nonces.first_use("app", "1", 800, 800));
    }
}
