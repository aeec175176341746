//! A world's bounded log of every vendor request, matched or not: what was called, how it was
//! authenticated, what came back. Tests verify their calls by listing or counting entries.
//! It holds copies of the bodies (truncated), never references into the world. Recording is on
//! every request's path, so a `Record` is cheap to make; the wire `Entry` (times formatted,
//! bodies as text) is built only when someone lists the journal.

use super::VendorId;
use super::clock::format_ms;
use bytes::Bytes;
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

/// One request as recorded; turned into an [`Entry`] when listed.
#[derive(Debug, Clone)]
pub struct Record {
    pub time_ms: i64,
    pub vendor: VendorId,
    pub endpoint: Option<&'static str>,
    pub method: http::Method,
    pub path: String,
    pub device: Option<String>,
    pub credential: Option<String>,
    pub auth: AuthOutcome,
    pub code: Option<String>,
    pub status: u16,
    pub latency_ms: f64,
    pub fault: Option<String>,
    pub request_body: Bytes,
    pub response_body: Bytes,
}

/// A record with its sequence number and the bytes its bodies lost to the limit.
#[derive(Debug)]
struct Stored {
    seq: u64,
    record: Record,
    request_cut: usize,
    response_cut: usize,
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
    #[serde(default, deserialize_with = "super::faults::code_as_string")]
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

impl EntryFilter {
    fn matches(&self, seq: u64, r: &Record) -> bool {
        fn eq<T: PartialEq>(want: &Option<T>, have: &T) -> bool {
            want.as_ref().is_none_or(|w| w == have)
        }
        fn eq_text(want: &Option<String>, have: Option<&str>) -> bool {
            want.as_deref().is_none_or(|w| Some(w) == have)
        }
        eq(&self.vendor, &r.vendor)
            && eq_text(&self.endpoint, r.endpoint)
            && eq_text(&self.device, r.device.as_deref())
            && eq_text(&self.credential, r.credential.as_deref())
            && eq(&self.auth, &r.auth)
            && eq_text(&self.code, r.code.as_deref())
            && eq(&self.status, &r.status)
            && self
                .method
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(r.method.as_str()))
            && eq(&self.path, &r.path)
            && eq_text(&self.fault, r.fault.as_deref())
            && self.since.is_none_or(|s| seq > s)
            && self
                .body_contains
                .as_ref()
                .is_none_or(|t| String::from_utf8_lossy(&r.request_body).contains(t.as_str()))
    }
}

#[derive(Debug)]
struct Inner {
    entries: VecDeque<Stored>,
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

    /// At most `body_limit` bytes of `body` in a buffer of their own (a request body may share
    /// the connection's read buffer, which the journal must not keep alive), and the bytes cut.
    fn keep(&self, body: &Bytes, share: bool) -> (Bytes, usize) {
        if body.len() <= self.body_limit {
            let kept = if share {
                body.clone()
            } else {
                Bytes::copy_from_slice(body)
            };
            return (kept, 0);
        }
        let kept = Bytes::copy_from_slice(&body[..self.body_limit]);
        (kept, body.len() - self.body_limit)
    }

    /// Appends a record, dropping the oldest past capacity. `share_response` keeps the answer's
    /// own buffer (it belongs to nobody else) instead of copying it. Returns the sequence number.
    pub fn record(&self, mut record: Record, share_response: bool) -> u64 {
        let (request_body, request_cut) = self.keep(&record.request_body, false);
        let (response_body, response_cut) = self.keep(&record.response_body, share_response);
        record.request_body = request_body;
        record.response_body = response_body;
        let mut inner = self.inner.lock();
        let seq = inner.next_seq;
        inner.next_seq += 1;
        let evicted = if inner.entries.len() >= self.capacity {
            inner.entries.pop_front()
        } else {
            None
        };
        inner.entries.push_back(Stored {
            seq,
            record,
            request_cut,
            response_cut,
        });
        drop(inner);
        // Freed after the lock is released.
        drop(evicted);
        seq
    }

    /// Matching entries, oldest first, at most `limit`, most recent kept when cut.
    pub fn list(&self, filter: &EntryFilter, limit: usize) -> Vec<Entry> {
        let inner = self.inner.lock();
        let mut found: Vec<Entry> = inner
            .entries
            .iter()
            .rev()
            .filter(|e| filter.matches(e.seq, &e.record))
            .take(limit)
            .map(entry_of)
            .collect();
        found.reverse();
        found
    }

    pub fn count(&self, filter: &EntryFilter) -> usize {
        self.inner
            .lock()
            .entries
            .iter()
            .filter(|e| filter.matches(e.seq, &e.record))
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

/// A kept body as text, marking what the limit cut off (on a character boundary).
fn body_text(body: &[u8], cut: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if cut == 0 {
        return text.into_owned();
    }
    // The limit may have split a character: its start is lost along with the rest.
    let text = text.trim_end_matches(char::REPLACEMENT_CHARACTER);
    format!("{text}…[truncated {} bytes]", body.len() - text.len() + cut)
}

fn entry_of(e: &Stored) -> Entry {
    let r = &e.record;
    Entry {
        seq: e.seq,
        time: format_ms(r.time_ms),
        time_ms: r.time_ms,
        vendor: r.vendor,
        endpoint: r.endpoint.map(str::to_string),
        method: r.method.to_string(),
        path: r.path.clone(),
        device: r.device.clone(),
        credential: r.credential.clone(),
        auth: r.auth,
        code: r.code.clone(),
        status: r.status,
        latency_ms: r.latency_ms,
        fault: r.fault.clone(),
        request_body: body_text(&r.request_body, e.request_cut),
        response_body: body_text(&r.response_body, e.response_cut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(code: &str, body: &str) -> Record {
        Record {
            time_ms: 0,
            vendor: VendorId::Gwell,
            endpoint: Some("gwell.devInfo"),
            method: http::Method::POST,
            path: "/".into(),
            device: None,
            credential: None,
            auth: AuthOutcome::Ok,
            code: Some(code.into()),
            status: 200,
            latency_ms: 0.0,
            fault: None,
            request_body: Bytes::copy_from_slice(body.as_bytes()),
            response_body: Bytes::new(),
        }
    }

    #[test]
    fn keeps_only_the_newest_entries_past_capacity() {
        let journal = Journal::new(2, 10);
        for code in ["1", "2", "3"] {
            journal.record(record(code, ""), true);
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
        journal.record(record("0", "abcé"), true);
        journal.record(record("0", "ab"), true);
        let all = journal.list(&EntryFilter::default(), 10);
        assert_eq!(all[0].request_body, "abc…[truncated 2 bytes]");
        assert_eq!(all[1].request_body, "ab");
    }
}
