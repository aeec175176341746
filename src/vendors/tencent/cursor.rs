//! The `Context` of `DescribeCloudStorageEvents`: an opaque cursor (base64url, no padding)
//! holding the query it belongs to and the last event it answered, signed with the world's
//! media secret over the device it was handed out for. Tencent's is an Elasticsearch scroll id;
//! camsim keeps nothing per cursor, so paging needs no memory and a cursor never expires.
//!
//! The window is kept as resolved on the first page (a `StartTime` of 0 means "24 h before
//! now" then, not at each page), so pages concatenate into the list the first page saw even
//! when the clock moves between them. The request's `StartTime`, `EndTime` and `EventId` as
//! sent, its `UserId` and its channel must be the ones the cursor holds.

use super::links::sign;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// Longest `Context` read: one camsim writes is a few hundred characters (its event ids, user
/// ids and kinds are short).
pub const MAX_CONTEXT_CHARS: usize = 2048;

/// Where a page of events ended, and the query it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// `StartTime` and `EndTime` as sent (0: not given).
    pub asked: (i64, i64),
    /// The window of event starts, `[from, to]`, resolved on the first page.
    pub window: (i64, i64),
    /// `EventId` as sent (`""`: every type).
    pub event_id: String,
    /// `UserId` (`""`: the default space).
    pub user: String,
    pub channel: u32,
    /// The last event answered: its start and timeline id (the list runs newest first, by
    /// start then id).
    pub last: (i64, String),
}

impl Cursor {
    /// The cursor as handed out for `device` (its camera id).
    pub fn encode(&self, secret: &str, device: &str) -> String {
        let payload = serde_json::to_string(self).unwrap_or_default();
        let signature = sign(secret, &[device, &payload]);
        URL_SAFE_NO_PAD.encode(format!("{payload}\n{signature}"))
    }

    /// A cursor camsim handed out for `device`; `None` for anything else (garbage, another
    /// world's or device's, or altered).
    pub fn decode(text: &str, secret: &str, device: &str) -> Option<Cursor> {
        if text.len() > MAX_CONTEXT_CHARS {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = std::str::from_utf8(&bytes).ok()?;
        let (payload, signature) = text.rsplit_once('\n')?;
        if sign(secret, &[device, payload]) != signature {
            return None;
        }
        serde_json::from_str(payload).ok()
    }

    /// Whether a request asks for the same list this cursor pages through.
    pub fn matches(&self, asked: (i64, i64), event_id: &str, user: &str, channel: u32) -> bool {
        self.asked == asked
            && self.event_id == event_id
            && self.user == user
            && self.channel == channel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor() -> Cursor {
        Cursor {
            asked: (0, 1_795_334_400),
            window: (1_795_248_000, 1_795_334_400),
            event_id: "motion".into(),
            user: String::new(),
            channel: 0,
            last: (1_795_300_000, "0a1b2c3d-e498694-2".into()),
        }
    }

    #[test]
    fn a_cursor_reads_back_only_for_its_device_and_world() {
        let c = cursor();
        let text = c.encode("secret", "P:dev");
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{text}"
        );
        assert_eq!(Cursor::decode(&text, "secret", "P:dev"), Some(c));
        assert_eq!(Cursor::decode(&text, "secret", "P:other"), None);
        assert_eq!(Cursor::decode(&text, "other secret", "P:dev"), None);
    }

    #[test]
    fn an_altered_or_foreign_cursor_is_refused() {
        let text = cursor().encode("secret", "P:dev");
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(&text).unwrap()).unwrap();
        let altered = URL_SAFE_NO_PAD.encode(raw.replace("motion", "human"));
        assert_eq!(Cursor::decode(&altered, "secret", "P:dev"), None);
        for garbage in ["", "x", "!!!", "DnF1ZXJ5VGhlbkZldGNoCgAAAAAAABO3"] {
            assert_eq!(
                Cursor::decode(garbage, "secret", "P:dev"),
                None,
                "{garbage}"
            );
        }
        let long = "A".repeat(MAX_CONTEXT_CHARS + 4);
        assert_eq!(Cursor::decode(&long, "secret", "P:dev"), None);
    }

    #[test]
    fn a_cursor_matches_only_its_query() {
        let c = cursor();
        assert!(c.matches((0, 1_795_334_400), "motion", "", 0));
        assert!(!c.matches((1, 1_795_334_400), "motion", "", 0));
        assert!(!c.matches((0, 0), "motion", "", 0));
        assert!(!c.matches((0, 1_795_334_400), "", "", 0));
        assert!(!c.matches((0, 1_795_334_400), "motion", "user_a", 0));
        assert!(!c.matches((0, 1_795_334_400), "motion", "", 1));
    }
}
