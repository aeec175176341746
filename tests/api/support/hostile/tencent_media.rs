//! Tencent media-link cases: GETs (and HEADs) of the links the actions hand out (the signed
//! playback playlist and its segments, thumbnails, image-stream video and audio): valid,
//! expired, with their signature tampered, with hostile query values, under unknown keys;
//! valid requests of the actions that hand links out, then a GET of the link they answered;
//! and `X-Camsim-Error` on a link. A refused link answers as a COS host does (403
//! `AccessDenied` or 404 `NoSuchKey`, XML); a key no world claims is 404 for sure.

use super::Expect;
use super::generate::{Built, Gen, Req};
use super::soda::random_hex;
use super::tencent::{self, choose, served_or_any};
use super::tencent_world::{SECRET_ID, link_path};
use super::values::pick;
use rand::RngExt;

pub const PLAYBACK: &str = "/timeshift/live/";
pub const THUMBNAIL: &str = "/thumbnail/";
pub const STREAM: &str = "/imagestream/";

/// A path under `prefix` with a key no world claims (and the rest of a link's shape).
fn unknown_key(g: &mut Gen<'_>, prefix: &str) -> String {
    let key = random_hex(g, 32);
    let rest = match prefix {
        PLAYBACK => "timeshift.m3u8?starttime_epoch=1&endtime_epoch=2&t=ffffffff&sign=00",
        THUMBNAIL => "events/1.jpg?sign-time=1;2&sign=00",
        _ => "1.mjpg?sign-time=1;2&sign=00",
    };
    format!("{prefix}{key}/{rest}")
}

/// `link` with its signature bent, and whether that surely makes it refused (it carries a
/// parameter named like a signature, changed or dropped, or its key changed).
pub(super) fn tamper(g: &mut Gen<'_>, link: &str) -> (String, bool) {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (n.to_string(), v.to_string())
        })
        .collect();
    let is_sign = |n: &str| {
        let n = n.to_ascii_lowercase();
        n.contains("sign") && !n.contains("time") && !n.contains("algorithm") && !n.contains("list")
    };
    let sign_at = pairs.iter().position(|(n, v)| is_sign(n) && !v.is_empty());
    let join = |pairs: &[(String, String)]| {
        let parts: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
        format!("{path}?{}", parts.join("&"))
    };
    match (g.rng.random_range(0..5u32), sign_at) {
        (0, Some(at)) => {
            let value = &mut pairs[at].1;
            let last = value.pop().unwrap_or('0');
            value.push(match last {
                '0' => '1',
                c if c.is_ascii_alphanumeric() => '0',
                _ => 'A',
            });
            (join(&pairs), true)
        }
        (1, Some(at)) => {
            pairs.remove(at);
            (join(&pairs), true)
        }
        (2, _) => {
            // Another number in the query (a time, a range): covered by the signature, maybe.
            let numeric = pairs.iter().position(|(n, v)| {
                !is_sign(n) && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
            });
            match numeric {
                Some(at) => {
                    let v = pairs[at].1.parse::<i64>().unwrap_or(0).saturating_add(1);
                    pairs[at].1 = v.to_string();
                    (join(&pairs), false)
                }
                None => (format!("{link}&x=1"), false),
            }
        }
        (3, _) => {
            // The key upper-cased: a key no world claims.
            let prefix = [PLAYBACK, THUMBNAIL, STREAM]
                .into_iter()
                .find(|p| path.starts_with(p))
                .unwrap_or(PLAYBACK);
            let rest = path.strip_prefix(prefix).unwrap_or_default();
            let (key, tail) = rest.split_once('/').unwrap_or((rest, ""));
            if key.bytes().any(|b| b.is_ascii_lowercase()) {
                let mut bent = format!("{prefix}{}/{tail}", key.to_ascii_uppercase());
                if !query.is_empty() {
                    bent = format!("{bent}?{query}");
                }
                (bent, true)
            } else {
                (link.to_string(), false)
            }
        }
        _ => (format!("{link}&sign=0"), false),
    }
}

/// A link of `prefix`'s kind for the common kinds: valid, expired, tampered, unknown or odd.
pub(super) fn any_link(g: &mut Gen<'_>, prefix: &str) -> String {
    let target = g.target;
    let t = &target.tencent;
    let mut links: Vec<String> = match prefix {
        PLAYBACK => vec![
            t.play.clone(),
            t.play.clone(),
            t.play_expired.clone(),
            t.segment.clone(),
            link_path(&t.video_url),
        ],
        THUMBNAIL => vec![
            t.thumbnail.clone(),
            t.thumbnail.clone(),
            t.thumbnail_expired.clone(),
        ],
        _ => {
            let mut l = vec![t.stream_video.clone(), t.stream_audio.clone()];
            l.extend(t.stream_old.iter().cloned());
            l
        }
    };
    links.retain(|l| l.starts_with(prefix));
    let base = if links.is_empty() {
        unknown_key(g, prefix)
    } else {
        choose(g, &links)
    };
    match g.rng.random_range(0..6u32) {
        0 => tamper(g, &base).0,
        1 => unknown_key(g, prefix),
        2 => hostile_query(g, &base),
        _ => base,
    }
}

/// `link` with one query value made hostile, a key repeated or an unknown one added.
fn hostile_query(g: &mut Gen<'_>, link: &str) -> String {
    let value = pick(
        &mut g.rng,
        &[
            "-1",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "",
            "%00",
            "abc",
            "1e10",
            "%zz",
            "0",
            "%E2%82",
        ],
    );
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let names: Vec<&str> = query
        .split('&')
        .filter_map(|p| p.split('=').next())
        .filter(|n| !n.is_empty())
        .collect();
    match (g.rng.random_range(0..4u32), names.is_empty()) {
        (0, false) => {
            let name = pick(&mut g.rng, &names);
            let bent: Vec<String> = query
                .split('&')
                .map(|p| {
                    if p.split('=').next() == Some(name) {
                        format!("{name}={value}")
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            format!("{path}?{}", bent.join("&"))
        }
        (1, false) => {
            let name = pick(&mut g.rng, &names);
            format!("{link}&{name}={value}")
        }
        (2, _) => format!("{path}?{}", "x=1&".repeat(g.rng.random_range(1..3_000))),
        _ => format!(
            "{link}{}x-oss-process=image/resize,w_{value}",
            if query.is_empty() { "?" } else { "&" }
        ),
    }
}

/// A link (valid when `valid` is non-empty) and what its GET must answer.
fn chosen(valid: &str, fallback: String, ok: Expect) -> (String, Expect) {
    if valid.is_empty() {
        (fallback, Expect::Parseable)
    } else {
        (valid.to_string(), ok)
    }
}

pub(super) fn media(g: &mut Gen<'_>) -> Built {
    let target = g.target;
    let t = &target.tencent;
    let refused = Expect::TencentRefused(None);
    let (path, expect): (String, Expect) = match g.rng.random_range(0..15u32) {
        0 | 1 => {
            let fallback = link_path(&t.video_url);
            chosen(&t.play, fallback, Expect::MediaOk)
        }
        2 => {
            let fallback = unknown_key(g, PLAYBACK);
            chosen(&t.play_expired, fallback, refused)
        }
        3 => {
            let fallback = link_path(&t.video_url);
            chosen(&t.segment, fallback, Expect::MediaOk)
        }
        4 => {
            let fallback = unknown_key(g, THUMBNAIL);
            chosen(&t.thumbnail, fallback, Expect::MediaOk)
        }
        5 => {
            let fallback = unknown_key(g, THUMBNAIL);
            chosen(&t.thumbnail_expired, fallback, refused)
        }
        6 => {
            let valid = choose(g, &[t.stream_video.clone(), t.stream_audio.clone()]);
            let fallback = unknown_key(g, STREAM);
            chosen(&valid, fallback, Expect::MediaOk)
        }
        7 => {
            let old = t.stream_old.clone();
            let link = if old.is_empty() {
                unknown_key(g, STREAM)
            } else {
                choose(g, &old)
            };
            (link, Expect::Parseable)
        }
        8 => {
            let valid: Vec<String> = [
                &t.play,
                &t.thumbnail,
                &t.stream_video,
                &t.stream_audio,
                &t.segment,
            ]
            .into_iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect();
            if valid.is_empty() {
                (unknown_key(g, PLAYBACK), Expect::TencentRefused(Some(404)))
            } else {
                let link = choose(g, &valid);
                let (bent, sure) = tamper(g, &link);
                (bent, if sure { refused } else { Expect::Parseable })
            }
        }
        9 => {
            let prefix = pick(&mut g.rng, &[PLAYBACK, THUMBNAIL, STREAM]);
            (unknown_key(g, prefix), Expect::TencentRefused(Some(404)))
        }
        10 => {
            // An API key where a media key goes: no link of any world.
            let prefix = pick(&mut g.rng, &[PLAYBACK, THUMBNAIL, STREAM]);
            (
                format!("{prefix}{SECRET_ID}/timeshift.m3u8"),
                Expect::TencentRefused(Some(404)),
            )
        }
        11 => {
            let prefix = pick(&mut g.rng, &[PLAYBACK, THUMBNAIL, STREAM]);
            let link = any_link(g, prefix);
            (hostile_query(g, &link), Expect::Parseable)
        }
        12 => {
            let key = if t.media_key.is_empty() {
                random_hex(g, 32)
            } else {
                t.media_key.clone()
            };
            let rest = pick(
                &mut g.rng,
                &[
                    "",
                    "/",
                    "/../../thumbnail/x.jpg",
                    "/%2e%2e/%2e%2e/x",
                    "/timeshift.m3u8/extra",
                    "/TIMESHIFT.M3U8",
                    "/%00.ts",
                    "/segment-9223372036854775807.ts",
                    "/segment--1.ts",
                ],
            );
            let prefix = pick(&mut g.rng, &[PLAYBACK, THUMBNAIL, STREAM]);
            (format!("{prefix}{key}{rest}"), Expect::Parseable)
        }
        13 => {
            let n = g.rng.random_range(1_000..30_000);
            let prefix = pick(&mut g.rng, &[PLAYBACK, THUMBNAIL, STREAM]);
            (
                format!("{prefix}{}", "k".repeat(n)),
                Expect::TencentRefused(Some(404)),
            )
        }
        _ => (link_path(&t.video_url), Expect::Parseable),
    };
    let head = g.rng.random_bool(0.12);
    let method = if head { "HEAD" } else { "GET" };
    let mut req = Req::new(method, &path, &g.addr(), Vec::new());
    if g.rng.random_bool(0.1) {
        req.header(
            "Range",
            pick(&mut g.rng, &["bytes=0-1", "bytes=-1", "bytes=99999-", "x"]),
        );
    }
    let steps = g.one(&req, expect);
    (
        format!("{method} {}", super::wire::preview(path.as_bytes(), 120)),
        steps,
        false,
    )
}

/// A valid request of an action that hands out a link, then a GET of that link.
pub(super) fn follow(g: &mut Gen<'_>) -> Built {
    let (action, pointer): (&str, &'static str) = pick(
        &mut g.rng,
        &[
            ("GenerateSignedVideoURL", "/Response/SignedVideoURL"),
            ("DescribeCloudStorageThumbnail", "/Response/ThumbnailURL"),
            (
                "DescribeCloudStorageThumbnailList",
                "/Response/ThumbnailURLInfoList/0/ThumbnailURL",
            ),
            (
                "DescribeCloudStorageMultiThumbnail",
                "/Response/ThumbnailURLInfoList/0/ThumbnailURL",
            ),
            ("DescribeCloudStorageStreamData", "/Response/VideoStream"),
            ("DescribeCloudStorageStreamData", "/Response/AudioStream"),
        ],
    );
    let req = tencent::valid_request(g, action);
    let first = g.step(req.to_bytes(), served_or_any(g, action));
    let mut then = g.step(Vec::new(), Expect::MediaOk);
    then.follow = Some(pointer);
    (
        format!("{action}, then GET {pointer}"),
        vec![first, then],
        false,
    )
}

/// `X-Camsim-Error` on a link of this world (its key is claimed): the fault's code in the API
/// envelope, or `InvalidParameterValue` for a code not in the catalogue.
pub(super) fn fault(g: &mut Gen<'_>) -> Built {
    use camsim::vendors::tencent::errors::CATALOGUE;
    let target = g.target;
    let t = &target.tencent;
    let link = [t.play.clone(), link_path(&t.video_url)]
        .into_iter()
        .find(|l| !l.is_empty() && !t.media_key.is_empty() && l.contains(&t.media_key));
    let Some(link) = link else {
        return media(g);
    };
    let (code, _, _) = CATALOGUE[g.rng.random_range(0..CATALOGUE.len())];
    let (value, expect) = if g.rng.random_bool(0.8) {
        (code.to_string(), Expect::TencentCode(code))
    } else {
        (
            "NoSuchCode".to_string(),
            Expect::TencentCode("InvalidParameterValue"),
        )
    };
    let mut req = Req::new("GET", &link, &g.addr(), Vec::new());
    req.header("X-Camsim-Error", &value);
    let mut steps = g.one(&req, expect);
    steps[0].fault_asked = true;
    (
        format!("X-Camsim-Error `{value}` on GET {link}"),
        steps,
        false,
    )
}
