//! A world's bounded log of every vendor request, matched or not: what was called, how it was
//! authenticated, what came back. Tests verify their calls by listing or counting entries.
//! It holds copies of the bodies (truncated), never references into the world.

use super::VendorId;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

pub const DEFAULT_CAPACITY: usize = 10_000;
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024;

/// How the request fared at the authentication step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthOutcome {
    /// Signature or token accepted.
    Ok,
    /// Signature, token or credential refused.
    Failed,
    /// No world claims the credential presented (or none was presented).
    UnknownCredential,
    /// The request never reached authentication (unknown endpoint, unreadable body).
    Skipped,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub seq: u64,
    /// World-clock time the request arrived, RFC 3339.
    pub time: String,
    pub time_ms: i64,
    pub vendor: VendorId,
    /// Endpoint id from endpoints.tsv; absent for an unknown endpoint.
    pub endpoint: Option<String>,
    pub method: String,
    pub path: String,
    pub device: Option<String>,
    pub credential: Option<String>,
    pub auth: AuthOutcome,
    /// The vendor's own result code as the client saw it (`"0"` for Gwell success).
    pub code: Option<String>,
    /// HTTP status sent; 0 when a fault dropped the connection or never answered.
    pub status: u16,
    pub latency_ms: f64,
    /// Id of the fault rule that shaped the answer, or `"header"` for X-Camsim-* headers.
    pub fault: Option<String>,
    pub request_body: String,
    pub response_body: String,
}

/// Matches entries for listing and counting. Every field set must match.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryFilter {
    pub vendor: Option<VendorId>,
    pub endpoint: Option<String>,
    pub device: Option<String>,
    pub credential: Option<String>,
    pub auth: Option<AuthOutcome>,
    /// The vendor code as text; a JSON number is taken too (`"code": 10010`).
    #[serde(default, deserialize_with = "code_text")]
    pub code: Option<String>,
    pub status: Option<u16>,
    pub method: Option<String>,
    pub path: Option<String>,
    pub fault: Option<String>,
    /// Only entries with a larger sequence number.
    pub since: Option<u64>,
    /// Only entries whose request body contains this text.
    pub body_contains: Option<String>,
}

/// Vendor codes are numbers on the wire for some vendors; the journal keeps them as text.
fn code_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Code {
        Int(i64),
        Text(String),
    }
    Ok(Option::<Code>::deserialize(d)?.map(|c| match c {
        Code::Int(n) => n.to_string(),
        Code::Text(s) => s,
    }))
}

impl EntryFilter {
    pub fn matches(&self, e: &Entry) -> bool {
        fn eq<T: PartialEq>(want: &Option<T>, have: &T) -> bool {
            want.as_ref().is_none_or(|w| w == have)
        }
        fn eq_opt(want: &Option<String>, have: &Option<String>) -> bool {
            want.is_none() || want == have
        }
        eq(&self.vendor, &e.vendor)
            && eq_opt(&self.endpoint, &e.endpoint)
            && eq_opt(&self.device, &e.device)
            && eq_opt(&self.credential, &e.credential)
            && eq(&self.auth, &e.auth)
            && eq_opt(&self.code, &e.code)
            && eq(&self.status, &e.status)
            && self
                .method
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&e.method))
            && eq(&self.path, &e.path)
            && eq_opt(&self.fault, &e.fault)
            && self.since.is_none_or(|s| e.seq > s)
            && self
                .body_contains
                .as_ref()
                .is_none_or(|t| e.request_body.contains(t.as_str()))
    }
}

#[derive(Debug)]
struct Inner {
    entries: VecDeque<Entry>,
    next_seq: u64,
}

#[derive(Debug)]
pub struct Journal {
    inner: Mutex<Inner>,
    capacity: usize,
    body_limit: usize,
}

impl Journal {
    pub fn new(capacity: usize, body_limit: usize) -> Journal {
        Journal {
            inner: Mutex::new(Inner {
                entries: VecDeque::with_capacity(capacity.min(1024)),
                next_seq: 1,
            }),
            capacity: capacity.max(1),
            body_limit,
        }
    }

    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// Cuts a body to the journal's limit on a character boundary, marking the cut.
    pub fn clip(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        if text.len() <= self.body_limit {
            return text.into_owned();
        }
        let mut end = self.body_limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…[truncated {} bytes]", &text[..end], text.len() - end)
    }

    /// Appends an entry (its `seq` is assigned here), dropping the oldest past capacity.
    pub fn record(&self, mut entry: Entry) -> u64 {
        let mut inner = self.inner.lock();
        entry.seq = inner.next_seq;
        inner.next_seq += 1;
        if inner.entries.len() == self.capacity {
            inner.entries.pop_front();
        }
        let seq = entry.seq;
        inner.entries.push_back(entry);
        seq
    }

    /// Matching entries, oldest first, at most `limit`, most recent kept when cut.
    pub fn list(&self, filter: &EntryFilter, limit: usize) -> Vec<Entry> {
        let inner = self.inner.lock();
        let mut found: Vec<Entry> = inner
            .entries
            .iter()
            .rev()
            .filter(|e| filter.matches(e))
            .take(limit)
            .cloned()
            .collect();
        found.reverse();
        found
    }

    pub fn count(&self, filter: &EntryFilter) -> usize {
        self.inner
            .lock()
            .entries
            .iter()
            .filter(|e| filter.matches(e))
            .count()
    }

    pub fn len(&self) -> usize {
        self.inner.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&self) -> usize {
        let mut inner = self.inner.lock();
        let n = inner.entries.len();
        inner.entries.clear();
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str) -> Entry {
        Entry {
            seq: 0,
            time: String::new(),
            time_ms: 0,
            vendor: VendorId::Gwell,
            endpoint: Some("gwell.devInfo".into()),
            method: "POST".into(),
            path: "/".into(),
            device: None,
            credential: None,
            auth: AuthOutcome::Ok,
            code: Some(code.into()),
            status: 200,
            latency_ms: 0.0,
            fault: None,
            request_body: String::new(),
            response_body: String::new(),
        }
    }

    #[test]
    fn keeps_only_the_newest_entries_past_capacity() {
        let journal = Journal::new(2, 10);
        for code in ["1", "2", "3"] {
            journal.record(entry(code));
        }
        let all = journal.list(&EntryFilter::default(), 10);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].seq, 2);
        let filter = EntryFilter {
            code: Some("3".into()),
            ..Default::default()
        };
        assert_eq!(journal.count(&filter), 1);
    }

    #[test]
    fn clips_long_bodies_on_a_char_boundary() {
        let journal = Journal::new(2, 4);
        assert_eq!(journal.clip("abcé".as_bytes()), "abc…[truncated 2 bytes]");
        assert_eq!(journal.clip(b"ab"), "ab");
    }
}
