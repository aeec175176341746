//! A world's bounded log of every vendor request, matched or not: what was called, how it was
//! authenticated, what came back. Tests verify their calls by listing or counting entries.
//! It holds copies of the bodies (truncated), never references into the world. Recording is on
//! every request's path, so a record copies only what it keeps; the wire `Entry` (times
//! formatted, bodies as text) is built only when someone lists the journal, for that page only.
//!
//! Everything a client sends is bounded: text fields are cut past [`TEXT_LIMIT`] bytes, bodies
//! past the world's body limit, and the whole journal past its entry count and its byte total
//! (oldest entries dropped first), so no request can make the journal grow without limit.

use super::VendorId;
use super::clock::format_ms;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

pub const DEFAULT_CAPACITY: usize = 10_000;
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024;
/// Room for the default 10,000 entries at a few KiB each (a usual Gwell entry is 1-2 KiB), so
/// capacity is what normally binds; 10,000 entries with both bodies at the default limit would
/// hold over 300 MiB, which is what this bound is for.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// Longest text field kept (path, method, device, credential, code, fault), in bytes. Real
/// values are far shorter; a longer one is cut and marked like a body.
pub const TEXT_LIMIT: usize = 1024;
/// Most entries one listing returns; a client walks further with `since`.
pub const MAX_PAGE: usize = 1000;

/// Bytes the cut marker may add to a text field: `…[truncated N bytes]` with a 20-digit N.
const MARKER_MAX: usize = "…[truncated  bytes]".len() + 20;
/// Text fields an entry holds, for the largest possible entry (path, method, device,
/// credential, code, fault, authentication reason, string to sign).
const TEXT_FIELDS: usize = 8;
/// Request headers kept, in bytes of names and values together; past it they are cut off
/// and counted in a last `…` header.
pub const HEADERS_LIMIT: usize = 8 * 1024;
/// What an entry counts besides its text and bodies: the record, its `Arc` counts and its slot
/// (a bound the real size stays under, tested, so the documented minimums stay put).
const ENTRY_OVERHEAD: usize = 272;

/// The most bytes one entry can count with bodies cut at `body_limit`; `maxBytes` must be at
/// least this, so the newest entry always fits.
pub fn max_entry_bytes(body_limit: usize) -> usize {
    body_limit
        .saturating_mul(2)
        .saturating_add(TEXT_FIELDS * (TEXT_LIMIT + MARKER_MAX))
        .saturating_add(HEADERS_LIMIT + 2 * TEXT_LIMIT + MARKER_MAX)
        .saturating_add(ENTRY_OVERHEAD)
}

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

impl AuthOutcome {
    /// The name the journal and the log use (`unknown_credential`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthOutcome::Ok => "ok",
            AuthOutcome::Failed => "failed",
            AuthOutcome::UnknownCredential => "unknown_credential",
            AuthOutcome::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub seq: u64,
    /// World-clock time the request arrived, RFC 3339.
    pub time: String,
    pub time_ms: i64,
    pub vendor: VendorId,
    /// Endpoint id (`gwell.devInfo`, as `camsim routes` lists it); absent for an unknown endpoint.
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
    /// Why authentication refused the request (absent when it did not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_reason: Option<String>,
    /// The text camsim signed, when the client's signature did not match it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_to_sign: Option<String>,
    /// The request's headers by name (repeated ones joined with `, `), bounded.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Id of the fault rule that shaped the answer, or `"header"` for X-Camsim-* headers.
    pub fault: Option<String>,
    pub request_body: String,
    pub response_body: String,
}

/// One request as the pipeline saw it, borrowed: the journal copies only what it keeps.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub time_ms: i64,
    pub vendor: VendorId,
    pub endpoint: Option<&'static str>,
    pub method: &'a str,
    pub path: &'a str,
    pub device: Option<&'a str>,
    pub credential: Option<&'a str>,
    pub auth: AuthOutcome,
    pub code: Option<&'a str>,
    pub status: u16,
    pub latency_ms: f64,
    pub fault: Option<&'a str>,
    pub auth_reason: Option<&'a str>,
    pub string_to_sign: Option<&'a str>,
    pub headers: &'a http::HeaderMap,
    pub request_body: &'a [u8],
    pub response_body: &'a [u8],
}

/// A record as kept: bounded text, the kept part of each body, the bytes the bodies lost, and
/// its size for the bound. Every text field, the header lines and both bodies sit back to back
/// in one exactly-sized buffer: one allocation to make and one to free per request, instead of
/// one per field (recording is on every request's path, and freeing the oldest entry touches
/// memory long out of the cache).
#[derive(Debug)]
struct Stored {
    time_ms: i64,
    vendor: VendorId,
    endpoint: Option<&'static str>,
    auth: AuthOutcome,
    status: u16,
    latency_ms: f64,
    request_cut: usize,
    response_cut: usize,
    /// What this entry counts against `maxBytes`.
    bytes: usize,
    data: Box<[u8]>,
    /// Where each field is in `data`; `None` for an absent one.
    fields: [Option<(u32, u32)>; FIELDS],
}

/// The parts of `Stored::data`, in order.
#[derive(Debug, Clone, Copy)]
enum Field {
    Method,
    Path,
    Device,
    Credential,
    Code,
    Fault,
    AuthReason,
    StringToSign,
    /// `name: value` lines (see `push_headers`).
    Headers,
    RequestBody,
    ResponseBody,
}
const FIELDS: usize = 11;

impl Stored {
    fn bytes_of(&self, field: Field) -> Option<&[u8]> {
        let (start, len) = self.fields[field as usize]?;
        self.data
            .get(start as usize..(start as usize).saturating_add(len as usize))
    }

    /// A text field; written from `&str`, so it reads back whole.
    fn text(&self, field: Field) -> Option<&str> {
        std::str::from_utf8(self.bytes_of(field)?).ok()
    }

    fn body(&self, field: Field) -> &[u8] {
        self.bytes_of(field).unwrap_or_default()
    }
}

/// Builds `Stored::data` field by field.
struct Packer {
    data: Vec<u8>,
    fields: [Option<(u32, u32)>; FIELDS],
}

impl Packer {
    /// Marks what was written since `start` as `field`.
    fn close(&mut self, field: Field, start: usize) {
        // Every part is bounded (text, headers, bodies), so the offsets fit in u32.
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.fields[field as usize] = Some((to_u32(start), to_u32(self.data.len() - start)));
    }

    /// `text` whole, or cut past [`TEXT_LIMIT`] bytes on a character boundary and marked with
    /// the bytes cut, like a body.
    fn text(&mut self, field: Field, text: Option<&str>) {
        let Some(text) = text else { return };
        let start = self.data.len();
        let end = text.floor_char_boundary(TEXT_LIMIT);
        self.data.extend_from_slice(&text.as_bytes()[..end]);
        if end < text.len() {
            self.data
                .extend_from_slice(marker(text.len() - end).as_bytes());
        }
        self.close(field, start);
    }

    fn body(&mut self, field: Field, kept: &[u8]) {
        let start = self.data.len();
        self.data.extend_from_slice(kept);
        self.close(field, start);
    }

    /// The request's headers in order as `name: value` lines, each value bounded, until
    /// [`HEADERS_LIMIT`] bytes; the rest is counted in a last `…` line (names hold no `:` and
    /// values no line break, so lines split back).
    fn headers(&mut self, headers: &http::HeaderMap) {
        let start = self.data.len();
        let mut left_out = 0usize;
        for (name, value) in headers {
            let value = lossy(value.as_bytes());
            let shown = &value[..value.floor_char_boundary(TEXT_LIMIT)];
            let used = self.data.len() - start;
            if used + name.as_str().len() + shown.len() + 3 > HEADERS_LIMIT {
                left_out += 1;
                continue;
            }
            self.data.extend_from_slice(name.as_str().as_bytes());
            self.data.extend_from_slice(b": ");
            self.data.extend_from_slice(shown.as_bytes());
            if shown.len() < value.len() {
                self.data
                    .extend_from_slice(marker(value.len() - shown.len()).as_bytes());
            }
            self.data.push(b'\n');
        }
        if left_out > 0 {
            let line = format!("…: [{left_out} more headers not kept]\n");
            self.data.extend_from_slice(line.as_bytes());
        }
        self.close(Field::Headers, start);
    }
}

/// An entry in the journal. The record is shared so that a listing can take its page out
/// from under the lock without copying anything.
#[derive(Debug, Clone)]
struct Slot {
    seq: u64,
    stored: Arc<Stored>,
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
    /// Only entries with a larger sequence number. A listing with `since` pages forward.
    pub since: Option<u64>,
    /// Only entries whose request body contains this text.
    pub body_contains: Option<String>,
}

impl EntryFilter {
    fn matches(&self, s: &Stored) -> bool {
        fn eq<T: PartialEq>(want: &Option<T>, have: &T) -> bool {
            want.as_ref().is_none_or(|w| w == have)
        }
        fn eq_text(want: &Option<String>, have: Option<&str>) -> bool {
            want.as_deref().is_none_or(|w| Some(w) == have)
        }
        eq(&self.vendor, &s.vendor)
            && eq_text(&self.endpoint, s.endpoint)
            && eq_text(&self.device, s.text(Field::Device))
            && eq_text(&self.credential, s.text(Field::Credential))
            && eq(&self.auth, &s.auth)
            && eq_text(&self.code, s.text(Field::Code))
            && eq(&self.status, &s.status)
            && self
                .method
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(s.text(Field::Method).unwrap_or_default()))
            && eq_text(&self.path, s.text(Field::Path))
            && eq_text(&self.fault, s.text(Field::Fault))
            && self.body_contains.as_ref().is_none_or(|t| {
                String::from_utf8_lossy(s.body(Field::RequestBody)).contains(t.as_str())
            })
    }
}

#[derive(Debug)]
struct Inner {
    /// Oldest first; sequence numbers increase along it.
    entries: VecDeque<Slot>,
    next_seq: u64,
    /// Sum of the entries' `bytes`.
    bytes: usize,
}

impl Inner {
    /// Index of the first entry with a sequence number above `since`.
    fn after(&self, since: Option<u64>) -> usize {
        since.map_or(0, |s| self.entries.partition_point(|e| e.seq <= s))
    }
}

#[derive(Debug)]
pub struct Journal {
    inner: Mutex<Inner>,
    capacity: usize,
    body_limit: usize,
    max_bytes: usize,
    /// The newest entry's number, for those who watch the journal live (the control API's
    /// stream): they wake when it moves instead of polling.
    newest: tokio::sync::watch::Sender<u64>,
}

impl Journal {
    pub fn new(capacity: usize, body_limit: usize, max_bytes: usize) -> Journal {
        Journal {
            inner: Mutex::new(Inner {
                entries: VecDeque::with_capacity(capacity.min(1024)),
                next_seq: 1,
                bytes: 0,
            }),
            capacity: capacity.max(1),
            body_limit,
            max_bytes,
            newest: tokio::sync::watch::Sender::new(0),
        }
    }

    /// The bounded copy of a record, made before the lock is taken.
    fn store(&self, r: Record<'_>) -> Stored {
        let request_kept = &r.request_body[..r.request_body.len().min(self.body_limit)];
        let response_kept = &r.response_body[..r.response_body.len().min(self.body_limit)];
        let text_len = |t: Option<&str>| t.map_or(0, |t| t.len().min(TEXT_LIMIT + MARKER_MAX));
        let estimate = [
            Some(r.method),
            Some(r.path),
            r.device,
            r.credential,
            r.code,
            r.fault,
            r.auth_reason,
            r.string_to_sign,
        ]
        .into_iter()
        .map(text_len)
        .sum::<usize>()
            + (r.headers.len() * 48).min(HEADERS_LIMIT)
            + request_kept.len()
            + response_kept.len();
        let mut packer = Packer {
            data: Vec::with_capacity(estimate),
            fields: [None; FIELDS],
        };
        packer.text(Field::Method, Some(r.method));
        packer.text(Field::Path, Some(r.path));
        packer.text(Field::Device, r.device);
        packer.text(Field::Credential, r.credential);
        packer.text(Field::Code, r.code);
        packer.text(Field::Fault, r.fault);
        packer.text(Field::AuthReason, r.auth_reason);
        packer.text(Field::StringToSign, r.string_to_sign);
        packer.headers(r.headers);
        packer.body(Field::RequestBody, request_kept);
        packer.body(Field::ResponseBody, response_kept);
        let data = packer.data.into_boxed_slice();
        Stored {
            time_ms: r.time_ms,
            vendor: r.vendor,
            endpoint: r.endpoint,
            auth: r.auth,
            status: r.status,
            latency_ms: r.latency_ms,
            request_cut: r.request_body.len() - request_kept.len(),
            response_cut: r.response_body.len() - response_kept.len(),
            bytes: ENTRY_OVERHEAD.saturating_add(data.len()),
            data,
            fields: packer.fields,
        }
    }

    /// Appends a record, dropping the oldest entries past capacity or past the byte bound (the
    /// newest is always kept). Returns its sequence number.
    pub fn record(&self, record: Record<'_>) -> u64 {
        let stored = Arc::new(self.store(record));
        let bytes = stored.bytes;
        let mut oldest = None;
        let mut older = Vec::new();
        let mut inner = self.inner.lock();
        let seq = inner.next_seq;
        inner.next_seq = seq.saturating_add(1);
        inner.entries.push_back(Slot { seq, stored });
        inner.bytes = inner.bytes.saturating_add(bytes);
        while inner.entries.len() > 1
            && (inner.entries.len() > self.capacity || inner.bytes > self.max_bytes)
        {
            let Some(gone) = inner.entries.pop_front() else {
                break;
            };
            inner.bytes = inner.bytes.saturating_sub(gone.stored.bytes);
            if let Some(before) = oldest.replace(gone) {
                older.push(before);
            }
        }
        drop(inner);
        // Freed after the lock is released.
        drop(oldest);
        drop(older);
        self.newest.send_replace(seq);
        seq
    }

    /// Wakes whoever holds it each time an entry is recorded; its value is the newest number.
    pub fn watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.newest.subscribe()
    }

    /// One page of matching entries, oldest first, at most `limit` (and never more than
    /// [`MAX_PAGE`]). With `since` in the filter, the first matches after it, so that a client
    /// can walk forward page by page; without, the most recent matches. The lock is held only
    /// to pick the page; the entries are built after.
    pub fn list(&self, filter: &EntryFilter, limit: usize) -> Vec<Entry> {
        let limit = limit.min(MAX_PAGE);
        let page: Vec<Slot> = {
            let inner = self.inner.lock();
            let candidates = inner.entries.range(inner.after(filter.since)..);
            let matching = |e: &&Slot| filter.matches(&e.stored);
            if filter.since.is_some() {
                candidates.filter(matching).take(limit).cloned().collect()
            } else {
                let mut newest: Vec<Slot> = candidates
                    .rev()
                    .filter(matching)
                    .take(limit)
                    .cloned()
                    .collect();
                newest.reverse();
                newest
            }
        };
        page.iter().map(entry_of).collect()
    }

    pub fn count(&self, filter: &EntryFilter) -> usize {
        let inner = self.inner.lock();
        inner
            .entries
            .range(inner.after(filter.since)..)
            .filter(|e| filter.matches(&e.stored))
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
        let gone = std::mem::take(&mut inner.entries);
        inner.bytes = 0;
        drop(inner);
        gone.len()
    }
}

/// `bytes` as text, invalid sequences shown as U+FFFD: `String::from_utf8_lossy`, with
/// `str::from_utf8`'s quicker check first, since header values are nearly always ASCII.
fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn marker(cut: usize) -> String {
    format!("…[truncated {cut} bytes]")
}

/// A kept body as text, marking what the limit cut off. The limit may have split a character
/// at the end: its bytes are not shown and are counted with the cut. Invalid bytes elsewhere
/// show as U+FFFD and count as shown.
fn body_text(body: &[u8], cut: usize) -> String {
    if cut == 0 {
        return String::from_utf8_lossy(body).into_owned();
    }
    let split = split_char_at_end(body);
    let shown = body.len().saturating_sub(split);
    let text = String::from_utf8_lossy(&body[..shown]);
    format!("{text}{}", marker(cut.saturating_add(split)))
}

/// How many bytes at the end of `body` are the start of a character the cut split: a lead byte
/// within the last 3 bytes whose character needs more bytes than follow it.
fn split_char_at_end(body: &[u8]) -> usize {
    let tail_start = body.len().saturating_sub(3);
    let Some(lead) = body[tail_start..]
        .iter()
        .rposition(|b| b & 0b1100_0000 != 0b1000_0000)
        .map(|i| tail_start + i)
    else {
        return 0;
    };
    match std::str::from_utf8(&body[lead..]) {
        // `error_len() == None`: the bytes are a valid character's beginning, cut short.
        Err(e) if e.valid_up_to() == 0 && e.error_len().is_none() => body.len() - lead,
        _ => 0,
    }
}

/// Kept header lines by name; a repeated header's values joined with `, ` as HTTP allows.
fn headers_of(kept: &str) -> BTreeMap<String, String> {
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in kept.lines().filter_map(|line| line.split_once(": ")) {
        by_name
            .entry(name.to_string())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(value);
            })
            .or_insert_with(|| value.to_string());
    }
    by_name
}

fn entry_of(slot: &Slot) -> Entry {
    let s = &*slot.stored;
    let text = |field| s.text(field).map(str::to_string);
    Entry {
        seq: slot.seq,
        time: format_ms(s.time_ms),
        time_ms: s.time_ms,
        vendor: s.vendor,
        endpoint: s.endpoint.map(str::to_string),
        method: text(Field::Method).unwrap_or_default(),
        path: text(Field::Path).unwrap_or_default(),
        device: text(Field::Device),
        credential: text(Field::Credential),
        auth: s.auth,
        code: text(Field::Code),
        status: s.status,
        latency_ms: s.latency_ms,
        fault: text(Field::Fault),
        auth_reason: text(Field::AuthReason),
        string_to_sign: text(Field::StringToSign),
        headers: headers_of(s.text(Field::Headers).unwrap_or_default()),
        request_body: body_text(s.body(Field::RequestBody), s.request_cut),
        response_body: body_text(s.body(Field::ResponseBody), s.response_cut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(code: &'a str, body: &'a str) -> Record<'a> {
        Record {
            time_ms: 0,
            vendor: VendorId::Gwell,
            endpoint: Some("gwell.devInfo"),
            method: "POST",
            path: "/",
            device: None,
            credential: None,
            auth: AuthOutcome::Ok,
            code: Some(code),
            status: 200,
            latency_ms: 0.0,
            fault: None,
            auth_reason: None,
            string_to_sign: None,
            headers: &NO_HEADERS,
            request_body: body.as_bytes(),
            response_body: b"",
        }
    }

    static NO_HEADERS: std::sync::LazyLock<http::HeaderMap> =
        std::sync::LazyLock::new(http::HeaderMap::new);

    /// The header lines a journal keeps of `headers`.
    fn kept_headers(headers: &http::HeaderMap) -> String {
        let mut packer = Packer {
            data: Vec::new(),
            fields: [None; FIELDS],
        };
        packer.headers(headers);
        String::from_utf8(packer.data).expect("header lines are text")
    }

    #[test]
    fn the_counted_overhead_covers_an_entry_s_real_one() {
        let real = std::mem::size_of::<Stored>()
            + 2 * std::mem::size_of::<usize>()
            + std::mem::size_of::<Slot>();
        assert!(real <= ENTRY_OVERHEAD, "{real} > {ENTRY_OVERHEAD}");
    }

    #[test]
    fn keeps_headers_up_to_the_limit_and_counts_the_rest() {
        let mut headers = http::HeaderMap::new();
        headers.insert("host", http::HeaderValue::from_static("camsim.test"));
        let long = "x".repeat(3000);
        for i in 0..5 {
            let name = http::HeaderName::try_from(format!("x-long-{i}")).expect("a name");
            headers.insert(name, http::HeaderValue::from_str(&long).expect("a value"));
        }
        let kept = kept_headers(&headers);
        let by_name = headers_of(&kept);
        assert_eq!(by_name["host"], "camsim.test");
        assert!(
            by_name["x-long-0"].contains("…[truncated"),
            "values are cut at 1 KiB"
        );
        assert!(
            kept.len() <= HEADERS_LIMIT + 2 * TEXT_LIMIT,
            "{}",
            kept.len()
        );
        assert!(max_entry_bytes(0) >= kept.len());
        let many: http::HeaderMap = (0..40)
            .map(|i| {
                let name = http::HeaderName::try_from(format!("x-many-{i}")).expect("a name");
                (name, http::HeaderValue::from_str(&long).expect("a value"))
            })
            .collect();
        let kept = kept_headers(&many);
        assert!(
            kept.len() <= HEADERS_LIMIT + 2 * TEXT_LIMIT,
            "{}",
            kept.len()
        );
        assert!(
            headers_of(&kept)["…"].contains("more headers not kept"),
            "{kept}"
        );
    }

    /// The bytes the entries count against `maxBytes`.
    fn bytes(journal: &Journal) -> usize {
        journal.inner.lock().bytes
    }

    fn all(journal: &Journal) -> Vec<Entry> {
        journal.list(&EntryFilter::default(), MAX_PAGE)
    }

    #[test]
    fn keeps_only_the_newest_entries_past_capacity() {
        let journal = Journal::new(2, 10, DEFAULT_MAX_BYTES);
        for code in ["1", "2", "3"] {
            journal.record(record(code, ""));
        }
        let all = all(&journal);
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
        let journal = Journal::new(2, 4, DEFAULT_MAX_BYTES);
        journal.record(record("0", "abcé"));
        journal.record(record("0", "ab"));
        let all = all(&journal);
        assert_eq!(all[0].request_body, "abc…[truncated 2 bytes]");
        assert_eq!(all[1].request_body, "ab");
    }

    #[test]
    fn counts_an_entry_as_its_text_and_kept_bodies_plus_the_overhead() {
        let journal = Journal::new(10, 4, DEFAULT_MAX_BYTES);
        let mut r = record("10010", "abcdefgh");
        r.path = "/openapi/x";
        r.credential = Some("app");
        r.response_body = b"{}";
        journal.record(r);
        // POST + /openapi/x + app + 10010 + 4 kept request bytes + 2 response bytes.
        let expected = ENTRY_OVERHEAD + 4 + 10 + 3 + 5 + 4 + 2;
        assert_eq!(bytes(&journal), expected);
        journal.record(record("0", ""));
        assert_eq!(bytes(&journal), expected + ENTRY_OVERHEAD + 4 + 1 + 1);
        journal.clear();
        assert_eq!(bytes(&journal), 0);
    }

    #[test]
    fn drops_the_oldest_entries_when_over_the_byte_bound() {
        let body = "x".repeat(100);
        let one = ENTRY_OVERHEAD + 4 + 1 + 1 + 100;
        let journal = Journal::new(100, 1000, 3 * one + one / 2);
        for code in ["1", "2", "3", "4", "5"] {
            journal.record(record(code, &body));
        }
        assert_eq!(bytes(&journal), 3 * one);
        let seqs: Vec<u64> = all(&journal).iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
    }

    #[test]
    fn the_largest_entry_fits_its_own_bound() {
        let long = "é".repeat(2 * TEXT_LIMIT);
        let body = vec![b'x'; 5000];
        let journal = Journal::new(10, 4096, max_entry_bytes(4096));
        let mut r = record(&long, "");
        r.method = &long;
        r.path = &long;
        r.device = Some(&long);
        r.credential = Some(&long);
        r.fault = Some(&long);
        r.request_body = &body;
        r.response_body = &body;
        journal.record(r);
        assert_eq!(journal.len(), 1);
        assert!(bytes(&journal) <= max_entry_bytes(4096));
    }

    #[test]
    fn cuts_long_text_on_a_char_boundary_with_the_bytes_cut() {
        let path = format!("/{}", "é".repeat(TEXT_LIMIT));
        let journal = Journal::new(2, 4, DEFAULT_MAX_BYTES);
        let mut r = record("0", "");
        r.path = &path;
        journal.record(r);
        let entry = &all(&journal)[0];
        // 1 + 2 * 511 = 1023 bytes fit; the next `é` would end past 1024.
        let kept = format!("/{}", "é".repeat(511));
        let cut = path.len() - kept.len();
        assert_eq!(entry.path, format!("{kept}…[truncated {cut} bytes]"));
        let filter = EntryFilter {
            path: Some(entry.path.clone()),
            ..Default::default()
        };
        assert_eq!(journal.count(&filter), 1, "the shown path filters");
    }

    #[test]
    fn counts_exactly_the_bytes_not_shown_when_a_cut_body_has_invalid_utf8() {
        // Each invalid byte shows as a 3-byte U+FFFD, so the text is longer than the body.
        let mut body = vec![0xff_u8; 10];
        body.extend_from_slice("abcé".as_bytes());
        body.extend_from_slice(b"rest");
        let journal = Journal::new(2, 14, DEFAULT_MAX_BYTES);
        let mut r = record("0", "");
        r.request_body = &body;
        journal.record(r);
        let text = &all(&journal)[0].request_body;
        // Kept: 10 invalid bytes, `abc` and the first byte of `é`; not shown: that byte,
        // the second byte of `é` and `rest`.
        assert_eq!(
            text,
            &format!("{}abc…[truncated 6 bytes]", "\u{fffd}".repeat(10))
        );
    }

    #[test]
    fn shows_invalid_bytes_at_the_cut_as_shown_not_as_a_split_character() {
        assert_eq!(
            body_text(b"ab\xff\xff", 3),
            "ab\u{fffd}\u{fffd}…[truncated 3 bytes]"
        );
        assert_eq!(body_text(b"ab\xf0\x9f\x98", 1), "ab…[truncated 4 bytes]");
        assert_eq!(body_text(b"ab\x80", 1), "ab\u{fffd}…[truncated 1 bytes]");
    }

    #[test]
    fn pages_forward_from_since_and_backward_without() {
        let journal = Journal::new(100, 10, DEFAULT_MAX_BYTES);
        for _ in 0..7 {
            journal.record(record("0", ""));
        }
        let page = |since: Option<u64>| -> Vec<u64> {
            let filter = EntryFilter {
                since,
                ..Default::default()
            };
            journal.list(&filter, 3).iter().map(|e| e.seq).collect()
        };
        assert_eq!(page(None), [5, 6, 7]);
        assert_eq!(page(Some(0)), [1, 2, 3]);
        assert_eq!(page(Some(3)), [4, 5, 6]);
        assert_eq!(page(Some(6)), [7]);
        assert!(page(Some(7)).is_empty());
    }
}
