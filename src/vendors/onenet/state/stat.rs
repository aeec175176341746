//! Section 14's real-time lists: the rows a first page found, kept under its `page_key` for 5
//! minutes of world time so that later pages read the same list ("分页数据服务器只缓存5分钟").
//! Bounded: at most `MAX_PAGE_KEYS` keys and `MAX_KEPT_ROWS` rows, the oldest key dropped
//! first. What a row holds is decided by the handler; this file only keeps them.

use crate::sim::hashing::FastMap;
use std::collections::VecDeque;

/// How long a page key works, world-clock milliseconds.
pub const PAGE_KEY_MS: i64 = 5 * 60 * 1000;
/// Page keys kept per world.
pub const MAX_PAGE_KEYS: usize = 256;
/// Rows kept over every page key of a world.
pub const MAX_KEPT_ROWS: usize = 100_000;

/// Which of section 14's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatList {
    /// 14.1 `getonlinelist`: who plays a live stream.
    Playing,
    /// 14.2 `getpushlist`: which channels push one.
    Pushing,
}

/// One row of either list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatRow {
    pub device: String,
    pub channel: u32,
    /// `RTMP` or `HLS`.
    pub protocol: &'static str,
    /// The player's address (14.1) or the device's (14.2).
    pub ip: String,
    pub bandwidth: u64,
    /// How long it has been playing or pushing when the list was taken, seconds.
    pub seconds: i64,
}

/// A list as its first page found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub list: StatList,
    pub product: String,
    pub rows: Vec<StatRow>,
    pub expires_ms: i64,
}

#[derive(Debug, Default)]
pub struct Stat {
    pages: FastMap<String, Snapshot>,
    /// Keys in the order they were made.
    order: VecDeque<String>,
    rows: usize,
}

impl Stat {
    /// Keeps `snapshot` under `key` until `PAGE_KEY_MS` after `now_ms`, dropping expired keys
    /// and then the oldest while the bounds are passed.
    pub fn keep(&mut self, key: String, mut snapshot: Snapshot, now_ms: i64) {
        self.drop_expired(now_ms);
        snapshot.rows.truncate(MAX_KEPT_ROWS);
        snapshot.expires_ms = now_ms.saturating_add(PAGE_KEY_MS);
        while self.order.len() >= MAX_PAGE_KEYS
            || self.rows.saturating_add(snapshot.rows.len()) > MAX_KEPT_ROWS
        {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            self.forget(&old);
        }
        self.rows = self.rows.saturating_add(snapshot.rows.len());
        self.order.push_back(key.clone());
        self.pages.insert(key, snapshot);
    }

    /// The list kept under `key`, unless it expired.
    pub fn get(&self, key: &str, now_ms: i64) -> Option<&Snapshot> {
        self.pages.get(key).filter(|s| now_ms < s.expires_ms)
    }

    /// How many page keys are kept.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    fn forget(&mut self, key: &str) {
        if let Some(gone) = self.pages.remove(key) {
            self.rows = self.rows.saturating_sub(gone.rows.len());
        }
    }

    fn drop_expired(&mut self, now_ms: i64) {
        let expired: Vec<String> = self
            .order
            .iter()
            .filter(|k| self.pages.get(*k).is_none_or(|s| now_ms >= s.expires_ms))
            .cloned()
            .collect();
        for key in &expired {
            self.forget(key);
        }
        self.order.retain(|k| self.pages.contains_key(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(rows: usize) -> Snapshot {
        let row = StatRow {
            device: "1".into(),
            channel: 1,
            protocol: "RTMP",
            ip: "127.0.0.1".into(),
            bandwidth: 1,
            seconds: 0,
        };
        Snapshot {
            list: StatList::Playing,
            product: "p".into(),
            rows: vec![row; rows],
            expires_ms: 0,
        }
    }

    #[test]
    fn a_page_key_works_for_five_minutes_of_world_time() {
        let mut stat = Stat::default();
        stat.keep("k".into(), snapshot(3), 1_000);
        assert!(stat.get("k", 1_000 + PAGE_KEY_MS - 1).is_some());
        assert!(stat.get("k", 1_000 + PAGE_KEY_MS).is_none());
        stat.keep("l".into(), snapshot(1), 1_000 + PAGE_KEY_MS);
        assert_eq!(stat.len(), 1, "the expired key is dropped");
    }

    #[test]
    fn keys_and_rows_are_bounded_oldest_first() {
        let mut stat = Stat::default();
        for i in 0..MAX_PAGE_KEYS + 5 {
            stat.keep(format!("k{i}"), snapshot(1), 0);
        }
        assert_eq!(stat.len(), MAX_PAGE_KEYS);
        assert!(stat.get("k0", 0).is_none());
        assert!(stat.get(&format!("k{}", MAX_PAGE_KEYS + 4), 0).is_some());
        stat.keep("big".into(), snapshot(MAX_KEPT_ROWS), 0);
        assert_eq!(stat.len(), 1, "a full list pushes the others out");
        assert_eq!(stat.rows, MAX_KEPT_ROWS);
    }
}
