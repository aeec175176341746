//! Playback links: the `VideoURL` a client sends to `GenerateSignedVideoURL`, the
//! `SignedVideoURL` it answers (`&t={expiry hex}&sign={sign(key, S, E, t)}`, decision: the
//! vendor file's suggestion, Tencent's format is unpublished), the check a playlist or segment
//! request passes, and the playlist's segment paths.

use super::{decimal, denied, expired, lower_hex, pairs, sign};
use crate::vendors::tencent::actions::PLAYBACK_PREFIX;
use crate::vendors::tencent::errors::TencentError;

/// Longest time range one playlist covers (decision: a day, the longest a day's time line
/// `DescribeCloudStorageTime` hands out pieces from).
pub const MAX_PLAYLIST_SECS: i64 = 86_400;

/// A time range as a playback URL writes it: the signature covers the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range<'a> {
    pub start_text: &'a str,
    pub end_text: &'a str,
    pub start: i64,
    pub end: i64,
}

/// What a `VideoURL` plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoUrl<'a> {
    pub key: &'a str,
    pub range: Range<'a>,
}

fn bad_video_url(en: &str, zh: &str) -> TencentError {
    TencentError::invalid_value("VideoURL", en, zh)
}

/// Reads a `VideoURL` a client sends to `GenerateSignedVideoURL`:
/// `http(s)://{host}/timeshift/live/{key}/timeshift.m3u8?starttime_epoch=S&endtime_epoch=E`,
/// exactly those two parameters (any order), `S < E`, at most [`MAX_PLAYLIST_SECS`] apart.
/// Whether the key is this world's is for the caller to check.
pub fn parse_video_url(url: &str) -> Result<VideoUrl<'_>, TencentError> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| {
            bad_video_url(
                "it must start with http:// or https://",
                "须以 http:// 或 https:// 开头",
            )
        })?;
    let not_playback = || {
        bad_video_url(
            "it is not the VideoURL of DescribeCloudStorageTime (`.../timeshift/live/{key}/timeshift.m3u8`)",
            "不是 DescribeCloudStorageTime 返回的 VideoURL（`.../timeshift/live/{key}/timeshift.m3u8`）",
        )
    };
    let (host_path, query) = rest.split_once('?').ok_or_else(|| {
        bad_video_url(
            "it has no `?starttime_epoch=..&endtime_epoch=..`",
            "缺少 `?starttime_epoch=..&endtime_epoch=..`",
        )
    })?;
    let (host, path) = host_path.split_once('/').ok_or_else(not_playback)?;
    let key = path
        .strip_prefix(&PLAYBACK_PREFIX[1..])
        .and_then(|p| p.strip_suffix("/timeshift.m3u8"))
        .filter(|k| !host.is_empty() && !k.is_empty() && !k.contains('/'))
        .ok_or_else(not_playback)?;
    let (mut start, mut end) = (None, None);
    for (name, value) in pairs(query) {
        let slot = match name {
            "starttime_epoch" => &mut start,
            "endtime_epoch" => &mut end,
            _ => {
                return Err(bad_video_url(
                    &format!(
                        "its query may hold only starttime_epoch and endtime_epoch, not `{name}`"
                    ),
                    &format!("查询参数只能是 starttime_epoch 和 endtime_epoch，不能有`{name}`"),
                ));
            }
        };
        if slot.replace(value).is_some() {
            return Err(bad_video_url(
                &format!("`{name}` is given twice"),
                &format!("`{name}`重复"),
            ));
        }
    }
    let time = |name: &str, text: Option<&'_ str>| -> Result<i64, TencentError> {
        let text = text.ok_or_else(|| {
            bad_video_url(&format!("`{name}` is missing"), &format!("缺少`{name}`"))
        })?;
        decimal(text).ok_or_else(|| {
            bad_video_url(
                &format!("`{name}` is not a Unix time in seconds"),
                &format!("`{name}`不是以秒为单位的 Unix 时间"),
            )
        })
    };
    let (s, e) = (time("starttime_epoch", start)?, time("endtime_epoch", end)?);
    if s >= e {
        return Err(bad_video_url(
            "starttime_epoch must be before endtime_epoch",
            "starttime_epoch 须早于 endtime_epoch",
        ));
    }
    if e.saturating_sub(s) > MAX_PLAYLIST_SECS {
        return Err(bad_video_url(
            &format!(
                "the range is longer than {MAX_PLAYLIST_SECS} s (a playlist covers at most a day)"
            ),
            &format!("时间范围超过 {MAX_PLAYLIST_SECS} 秒（一个播放列表最多一天）"),
        ));
    }
    Ok(VideoUrl {
        key,
        range: Range {
            start_text: start.unwrap_or_default(),
            end_text: end.unwrap_or_default(),
            start: s,
            end: e,
        },
    })
}

/// The signature of a playback range until `t` (the hex text).
fn playback_sign(secret: &str, key: &str, range: &Range<'_>, t: &str) -> String {
    sign(secret, &[key, range.start_text, range.end_text, t])
}

/// `SignedVideoURL`: the `VideoURL` as given, with its expiry and signature appended.
pub fn signed_video_url(secret: &str, video_url: &str, v: &VideoUrl<'_>, expiry: i64) -> String {
    let t = format!("{expiry:x}");
    let signature = playback_sign(secret, v.key, &v.range, &t);
    format!("{video_url}&t={t}&sign={signature}")
}

/// A playback link whose signature held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedRange<'a> {
    pub range: Range<'a>,
    pub t: &'a str,
    pub sign: &'a str,
}

impl SignedRange<'_> {
    /// The signed query, as each segment of the playlist carries it.
    pub fn query(&self) -> String {
        format!(
            "starttime_epoch={}&endtime_epoch={}&t={}&sign={}",
            self.range.start_text, self.range.end_text, self.t, self.sign
        )
    }
}

/// Checks the query of a playback link (playlist or segment) for `key` at `now`: signed
/// (refused otherwise, as Tencent's anti-leech CDN refuses unsigned URLs), the signature over
/// key, range and expiry holds, and the expiry has not passed. Other parameters are ignored.
pub fn check_playback<'a>(
    secret: &str,
    key: &str,
    query: &'a str,
    now: i64,
) -> Result<SignedRange<'a>, TencentError> {
    let (mut s, mut e, mut t, mut signature) = (None, None, None, None);
    for (name, value) in pairs(query) {
        let slot = match name {
            "starttime_epoch" => &mut s,
            "endtime_epoch" => &mut e,
            "t" => &mut t,
            "sign" => &mut signature,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(denied(format!("`{name}` is given twice")));
        }
    }
    let (Some(t), Some(signature)) = (t, signature) else {
        return Err(denied("unsigned: call GenerateSignedVideoURL"));
    };
    let malformed = || denied("the signed range is malformed");
    let (start_text, end_text) = (s.ok_or_else(malformed)?, e.ok_or_else(malformed)?);
    let range = Range {
        start_text,
        end_text,
        start: decimal(start_text).ok_or_else(malformed)?,
        end: decimal(end_text).ok_or_else(malformed)?,
    };
    let expiry = lower_hex(t).ok_or_else(malformed)?;
    if playback_sign(secret, key, &range, t) != signature {
        return Err(denied("the signature does not match this link"));
    }
    if expired(expiry, now) {
        return Err(denied("expired: its ExpireTime has passed"));
    }
    Ok(SignedRange {
        range,
        t,
        sign: signature,
    })
}

/// What a playback path opens after `/timeshift/live/{key}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaybackFile {
    Playlist,
    /// A segment `seg/{start}_{secs}.ts`.
    Segment {
        start: i64,
        secs: i64,
    },
}

/// The key and file of a playback path; `None` for a path no link names.
pub fn parse_playback_path(path: &str) -> Option<(&str, PlaybackFile)> {
    let (key, file) = path.strip_prefix(PLAYBACK_PREFIX)?.split_once('/')?;
    if file == "timeshift.m3u8" {
        return Some((key, PlaybackFile::Playlist));
    }
    let (start, secs) = file
        .strip_prefix("seg/")?
        .strip_suffix(".ts")?
        .split_once('_')?;
    let segment = PlaybackFile::Segment {
        start: decimal(start)?,
        secs: decimal(secs)?,
    };
    Some((key, segment))
}

/// A playlist's segment URI, relative to the playlist, with the playlist's signed query.
pub fn segment_uri(start: i64, secs: i64, signed_query: &str) -> String {
    format!("seg/{start}_{secs}.ts?{signed_query}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::tencent::errors::Language;

    const SECRET: &str = "media-secret";

    fn video(url: &str) -> Result<VideoUrl<'_>, String> {
        parse_video_url(url).map_err(|e| e.message(Language::EnUs).to_string())
    }

    #[test]
    fn a_video_url_names_its_key_and_range_in_either_order() {
        let v = video(
            "http://h:1/timeshift/live/k1/timeshift.m3u8?endtime_epoch=20&starttime_epoch=10",
        )
        .expect("valid");
        assert_eq!((v.key, v.range.start, v.range.end), ("k1", 10, 20));
        assert!(
            video(
                "https://h/timeshift/live/k1/timeshift.m3u8?starttime_epoch=0&endtime_epoch=86400"
            )
            .is_ok()
        );
        for (bad, says) in [
            (
                "ftp://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=1&endtime_epoch=2",
                "http://",
            ),
            ("http://h/timeshift/live/k/timeshift.m3u8", "no `?"),
            (
                "http://h/timeshift/live/k/x.m3u8?starttime_epoch=1&endtime_epoch=2",
                "VideoURL of",
            ),
            (
                "http://h/timeshift/live//timeshift.m3u8?starttime_epoch=1&endtime_epoch=2",
                "VideoURL of",
            ),
            (
                "http:///timeshift/live/k/timeshift.m3u8?starttime_epoch=1&endtime_epoch=2",
                "VideoURL of",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=1",
                "`endtime_epoch` is missing",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=1&endtime_epoch=2&t=3",
                "not `t`",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=1&endtime_epoch=2&",
                "not ``",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=1&starttime_epoch=1&endtime_epoch=2",
                "twice",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=-1&endtime_epoch=2",
                "not a Unix time",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=1&endtime_epoch=99999999999999999999",
                "not a Unix time",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=2&endtime_epoch=2",
                "before",
            ),
            (
                "http://h/timeshift/live/k/timeshift.m3u8?starttime_epoch=0&endtime_epoch=86401",
                "longer than 86400",
            ),
        ] {
            let why = video(bad).expect_err(bad);
            assert!(why.contains(says), "{bad}: {why}");
        }
    }

    #[test]
    fn a_signed_video_url_opens_until_its_expiry_and_not_when_changed() {
        let url = "http://h/timeshift/live/k1/timeshift.m3u8?starttime_epoch=10&endtime_epoch=20";
        let v = parse_video_url(url).expect("valid");
        let signed = signed_video_url(SECRET, url, &v, 0x1000);
        let query = signed.split_once('?').expect("query").1;
        assert!(
            query.starts_with("starttime_epoch=10&endtime_epoch=20&t=1000&sign="),
            "{query}"
        );
        let ok = check_playback(SECRET, "k1", query, 0xfff).expect("valid");
        assert_eq!((ok.range.start, ok.range.end), (10, 20));
        assert_eq!(ok.query(), query);
        let refused = |key: &str, q: &str, now: i64| {
            check_playback(SECRET, key, q, now)
                .expect_err(q)
                .message(Language::EnUs)
                .to_string()
        };
        assert!(refused("k1", query, 0x1000).starts_with("expired"));
        assert!(refused("k2", query, 0).contains("does not match"));
        assert!(refused("k1", &query.replace("=10&", "=11&"), 0).contains("does not match"));
        assert!(refused("k1", &query.replace("=20&", "=21&"), 0).contains("does not match"));
        assert!(refused("k1", &query.replace("t=1000", "t=2000"), 0).contains("does not match"));
        assert!(refused("k1", &query.replace("t=1000", "t=1000z"), 0).contains("malformed"));
        assert!(refused("k1", "starttime_epoch=10&endtime_epoch=20", 0).starts_with("unsigned"));
        assert!(check_playback(SECRET, "k1", &format!("{query}&x=1"), 0).is_ok());
        let huge = parse_video_url(url).expect("valid");
        let far = signed_video_url(SECRET, url, &huge, i64::MAX);
        assert!(far.contains("&t=7fffffffffffffff&"), "{far}");
        let far_query = far.split_once('?').expect("query").1;
        assert!(check_playback(SECRET, "k1", far_query, i64::MAX - 1).is_ok());
    }

    #[test]
    fn playback_paths_name_the_playlist_or_a_segment() {
        assert_eq!(
            parse_playback_path("/timeshift/live/k/timeshift.m3u8"),
            Some(("k", PlaybackFile::Playlist))
        );
        assert_eq!(
            parse_playback_path("/timeshift/live/k/seg/100_10.ts"),
            Some((
                "k",
                PlaybackFile::Segment {
                    start: 100,
                    secs: 10
                }
            ))
        );
        for bad in [
            "/timeshift/live/k",
            "/timeshift/live/k/seg/x_1.ts",
            "/timeshift/live/k/seg/1_1",
            "/timeshift/live/k/other",
        ] {
            assert_eq!(parse_playback_path(bad), None, "{bad}");
        }
        assert_eq!(segment_uri(5, 3, "q=1"), "seg/5_3.ts?q=1");
    }
}
