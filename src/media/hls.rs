//! Live HLS as a live origin serves it: a sliding window of the last finished segments of
//! [`STRETCH_MS`], numbered by world time (segment `n` covers `n * STRETCH_MS` up to the next),
//! so the media sequence advances with the world clock and a player keeps playing. A segment
//! is served while it is at most [`KEPT_MS`] old, as an origin keeps a little history; one
//! that has not finished yet does not exist.

use super::live::{STRETCH_MS, stretch_start};
use std::fmt::Write;

/// Finished segments listed in a live playlist.
pub const WINDOW: i64 = 3;
/// How long a live segment stays fetchable after it finished, milliseconds.
pub const KEPT_MS: i64 = 60_000;
pub const PLAYLIST_TYPE: &str = "application/vnd.apple.mpegurl";

/// The number of the last finished segment at `now_ms`.
fn last_finished(now_ms: i64) -> i64 {
    now_ms.div_euclid(STRETCH_MS).saturating_sub(1)
}

/// The live playlist at `now_ms`; `uri(n)` is the address of segment `n` (relative or not).
pub fn live_playlist(now_ms: i64, uri: impl Fn(i64) -> String) -> String {
    let last = last_finished(now_ms);
    let first = last.saturating_sub(WINDOW - 1).max(0);
    let mut out = String::with_capacity(256);
    out.push_str("#EXTM3U\n#EXT-X-VERSION:3\n");
    let _ = writeln!(out, "#EXT-X-TARGETDURATION:{}", STRETCH_MS / 1000);
    let _ = writeln!(out, "#EXT-X-MEDIA-SEQUENCE:{first}");
    for n in first..=last {
        let _ = writeln!(
            out,
            "#EXTINF:{:.3},\n{}",
            STRETCH_MS as f64 / 1000.0,
            uri(n)
        );
    }
    out
}

/// The world-time span `[start, end)` of live segment `n` if it can be fetched at `now_ms`:
/// finished, and at most [`KEPT_MS`] old.
pub fn live_segment(n: i64, now_ms: i64) -> Option<(i64, i64)> {
    let start = n.checked_mul(STRETCH_MS)?;
    let end = start.checked_add(STRETCH_MS)?;
    (n >= 0 && end <= now_ms && now_ms.saturating_sub(end) <= KEPT_MS).then_some((start, end))
}

/// The span of the segment being recorded at `now_ms`: the next one a live playlist will list.
/// Its content is known already (it is drawn from world time), so it can be made ahead, and
/// players find it ready when it appears.
pub fn upcoming_segment(now_ms: i64) -> (i64, i64) {
    let start = stretch_start(now_ms);
    (start, start.saturating_add(STRETCH_MS))
}

/// A live segment's number from a file name `{n}.ts` (digits only).
pub fn segment_number(file: &str) -> Option<i64> {
    let digits = file.strip_suffix(".ts")?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_slides_with_the_clock_and_lists_only_fetchable_segments() {
        let now = 1_795_334_401_500;
        let text = live_playlist(now, |n| format!("{n}.ts"));
        let listed: Vec<i64> = text.lines().filter_map(segment_number).collect();
        assert_eq!(listed.len() as i64, WINDOW);
        for n in &listed {
            assert!(live_segment(*n, now).is_some(), "{n} listed and fetchable");
        }
        let later = live_playlist(now + STRETCH_MS, |n| format!("{n}.ts"));
        assert!(later.contains(&format!("#EXT-X-MEDIA-SEQUENCE:{}", listed[1])));
        assert!(
            live_segment(listed[2] + 1, now).is_none(),
            "not finished yet"
        );
        assert!(
            live_segment(listed[0], now + KEPT_MS + 10_000).is_none(),
            "dropped"
        );
        assert!(live_segment(i64::MAX, i64::MAX).is_none());
        assert_eq!(segment_number("12.ts"), Some(12));
        for bad in [
            "-1.ts",
            "1e3.ts",
            ".ts",
            "99999999999999999999.ts",
            "1.m3u8",
        ] {
            assert_eq!(segment_number(bad), None, "{bad}");
        }
    }
}
