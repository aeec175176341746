//! Hostile values for Tencent's parameters (JSON text): integers out of every range and of
//! other types, dates that are no day, Context cursors camsim never gave, VideoURLs of other
//! hosts and keys, thumbnail paths that climb out or are very long, lists of 0 to 10,000
//! items, odd names and ids (never the keepers', whose answers must survive). Bounded: the
//! longest is ~800 KB (20 thumbnail paths of 40 KB).

use super::generate::Gen;
use super::soda::{quoted, random_hex};
use super::table::{Kind, Param};
use super::tencent_world::{
    self, IMAGE_KEEPER, IMAGE_PRODUCT, IMAGE_VICTIM, KEEPER, PRODUCT, SPARE,
};
use super::values::{self, pick};
use rand::RngExt;

/// Integers out of every range, and values of other types where an integer goes.
const INTS: &[&str] = &[
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "-1",
    "0",
    "1",
    "2",
    "3",
    "4",
    "64",
    "100",
    "101",
    "10000",
    "4294967296",
    "1.5",
    "1.0",
    "-0",
    "1e3",
    "1e400",
    "-1e400",
    "\"1\"",
    "\"\"",
    "\"0x10\"",
    "true",
    "null",
    "[1]",
    "{\"a\":1}",
];

/// Dates that are no day, or days no history holds.
const DATES: &[&str] = &[
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-13-01",
    "2026-11-31",
    "2026-11-22T00:00:00Z",
    "20261122",
    "2026-1-1",
    "-2026-11-22",
    " 2026-11-22",
    "2026-11-22 ",
    "２０２６-11-22",
    "2026/11/22",
    "2026-11-22\u{0}",
    "1795334400",
    "+12026-11-22",
    "2026-11-22x",
    "2025-11-22",
    "2000-01-01",
    "2262-04-12",
    "1677-09-21",
    "",
];

/// Strings wrong for any name, id or path.
const STRINGS: &[&str] = &[
    "",
    " ",
    "..",
    "../../etc/passwd",
    "%00",
    "\u{0}",
    "a\u{0}b",
    "设备",
    "😀",
    "a/b",
    "a:b",
    "p2p:keeper",
    "KEEPER",
    "\r\n",
    "<script>",
    "' OR 1=1 --",
    "null",
    "${jndi:x}",
];

/// A Context that is no cursor camsim gave: garbage, base64 of junk, a real one's shape.
fn context(g: &mut Gen<'_>) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let text = match g.rng.random_range(0..8u32) {
        0 => pick(
            &mut g.rng,
            &[
                "!!",
                "=",
                "0",
                "-1",
                "99999999999999999999",
                "../../",
                "%zz",
            ],
        )
        .to_string(),
        1 | 2 => {
            let junk = values::random_bytes(&mut g.rng, 1..512);
            engine.encode(junk)
        }
        3 => engine.encode(values::random_bytes(&mut g.rng, 5_000..8_000)),
        4 => "DnF1ZXJ5VGhlbkZldGNoCgAAAAAAABO3FkI2SzRCVTJYUjZxUVRnbUJRaUJzc0EA".to_string(),
        5 => engine.encode(
            pick(
                &mut g.rng,
                &[
                    r#"{"offset":-1}"#,
                    r#"{"o":9223372036854775807,"t":-9223372036854775808}"#,
                    r#"{"next":"x","end":1e400}"#,
                    "[]",
                ],
            )
            .as_bytes(),
        ),
        6 => engine
            .encode(random_hex(g, 64))
            .trim_end_matches('=')
            .to_string(),
        _ => random_hex(g, 32),
    };
    quoted(&text)
}

/// A VideoURL that is not the keeper's playback base: garbage, another host, another key, odd
/// ranges and queries, a link already signed.
fn video_url(g: &mut Gen<'_>) -> String {
    let target = g.target;
    let t = &target.tencent;
    let base = t
        .video_url
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let path = tencent_world::link_path(&base);
    let key = t.media_key.clone();
    let now = t.now;
    let url = match g.rng.random_range(0..16u32) {
        0 => format!(
            "http://evil.example{path}?starttime_epoch={}&endtime_epoch={now}",
            now - 600
        ),
        1 => format!("https://{}", t.video_url.trim_start_matches("http://")),
        2 => {
            let other = random_hex(g, 32);
            t.video_url.replacen(&key, &other, 1)
        }
        3 => format!("{base}?starttime_epoch=-1&endtime_epoch=9223372036854775807"),
        4 => format!("{base}?starttime_epoch={now}&endtime_epoch={}", now - 600),
        5 => base.clone(),
        6 => format!("{base}?starttime_epoch=abc&endtime_epoch=%00"),
        7 => format!("{}&starttime_epoch=1", t.video_url),
        8 => format!("{}#fragment", t.video_url),
        9 => format!("{}&sign=0000", t.video_url),
        10 => format!("http://{}{}", g.addr(), t.play),
        11 => format!(
            "{base}?{}",
            "starttime_epoch=1&".repeat(g.rng.random_range(100..3_000))
        ),
        12 => format!("{base}/../../thumbnail/{key}/x.jpg"),
        13 => format!(
            "{}{}",
            t.video_url,
            "a".repeat(g.rng.random_range(1_000..60_000))
        ),
        14 => pick(
            &mut g.rng,
            &[
                "",
                "ftp://x/y",
                "http://[::1",
                "javascript:alert(1)",
                "/timeshift/live/",
                "http://",
            ],
        )
        .to_string(),
        _ => format!("{base}?starttime_epoch=0&endtime_epoch=0"),
    };
    quoted(&url)
}

/// A thumbnail path that is not one of the image keeper's events.
fn thumbnail_path(g: &mut Gen<'_>) -> String {
    let target = g.target;
    let t = &target.tencent;
    let real = t.event().thumbnail;
    let dir = real
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string());
    let path = match g.rng.random_range(0..14u32) {
        0 => format!("{dir}/../../../etc/passwd"),
        1 => format!("{real}%00"),
        2 => format!("{real}\u{0}.png"),
        3 => "/a".repeat(g.rng.random_range(1_000..20_000)),
        4 => real.replace(IMAGE_KEEPER, IMAGE_VICTIM),
        5 => real
            .replace(IMAGE_KEEPER, KEEPER)
            .replace(IMAGE_PRODUCT, PRODUCT),
        6 => format!("{dir}/9223372036854775807.jpg"),
        7 => format!("{dir}/-1.jpg"),
        8 => format!("{dir}/{}.JPG", t.event().start),
        9 => format!("{real}?x=1"),
        10 => format!("http://{}{}", g.addr(), t.thumbnail),
        11 => real.trim_start_matches('/').to_string(),
        12 => format!("{dir}/{}.jpg", t.event().start + 1),
        _ => pick(&mut g.rng, &["", "/", "events/1.jpg", "//", "/./"]).to_string(),
    };
    quoted(&path)
}

/// A list of `n` items, each `item` (JSON text).
fn list_of(n: usize, item: &str) -> String {
    format!("[{}]", vec![item; n].join(","))
}

/// A hostile ThumbnailList: 0, 100, 101 or 10,000 items, items of other types, odd paths.
fn thumbnail_list(g: &mut Gen<'_>) -> String {
    let real = quoted(&g.target.tencent.event().thumbnail);
    match g.rng.random_range(0..10u32) {
        0 => "[]".into(),
        1 => list_of(100, &real),
        2 => list_of(101, &real),
        3 => list_of(10_000, &real),
        4 => pick(
            &mut g.rng,
            &[
                "[1,2]",
                "[null]",
                "[[\"a\"]]",
                "[\"\"]",
                "[{\"a\":1}]",
                "[true]",
            ],
        )
        .to_string(),
        5 => format!("[{real},{}]", thumbnail_path(g)),
        6 => real,
        // A path may be 40 KB: 20 of them stay under 1 MB.
        7 => list_of(g.rng.random_range(2..20), &thumbnail_path(g)),
        8 => format!("{{\"0\":{real}}}"),
        _ => format!("[{}]", thumbnail_path(g)),
    }
}

/// A hostile MultiThumbnail: empty parts, 100 to 10,000 paths, odd separators.
fn multi_thumbnail(g: &mut Gen<'_>) -> String {
    let real = g.target.tencent.event().thumbnail;
    let text = match g.rng.random_range(0..8u32) {
        0 => "|".to_string(),
        1 => "||||".to_string(),
        2 => vec![real.as_str(); 100].join("|"),
        3 => vec![real.as_str(); 101].join("|"),
        4 => vec![real.as_str(); 10_000].join("|"),
        5 => format!("{real}|../../x|"),
        6 => format!("{real} | {real}"),
        _ => format!("{real},{real}"),
    };
    quoted(&text)
}

/// Names, ids and paths: odd strings, very long ones, other devices' and products' names
/// (never the keepers': their answers must survive).
fn name_value(g: &mut Gen<'_>, param: &str) -> String {
    match g.rng.random_range(0..6u32) {
        0 => {
            let n = pick(&mut g.rng, &[11usize, 48, 49, 64, 65, 1_000, 60_000]);
            quoted(&pick(&mut g.rng, &["a", "é", "9", "_"]).repeat(n))
        }
        1 if param.contains("Product") => quoted(pick(
            &mut g.rng,
            &[
                IMAGE_PRODUCT,
                "h0stilev01",
                "H0STILEV0",
                "H0STILEV011",
                "AQTV2839QJ",
            ],
        )),
        1 => quoted(pick(
            &mut g.rng,
            &[IMAGE_VICTIM, SPARE, "img_none", "nvr_4ch", "nobody"],
        )),
        _ => quoted(pick(&mut g.rng, STRINGS)),
    }
}

/// A hostile value for `param` (JSON text): aimed at its name's parser now and then, else
/// any wrong type or value.
pub(super) fn hostile_value(g: &mut Gen<'_>, param: &Param) -> String {
    let now = g.target.tencent.now;
    let name = param.name;
    if g.rng.random_bool(0.25) {
        return values::json_value(&mut g.rng, param.kind);
    }
    match name {
        "Date" | "StartDate" | "EndDate" => quoted(pick(&mut g.rng, DATES)),
        "Context" => context(g),
        "VideoURL" => video_url(g),
        "Thumbnail" => thumbnail_path(g),
        "ThumbnailList" => thumbnail_list(g),
        "MultiThumbnail" => multi_thumbnail(g),
        "PackageId" => quoted(pick(
            &mut g.rng,
            &[
                "yc1m7D",
                "YC1M7D",
                "",
                "yc",
                "lye1w3d",
                "ye1w3d",
                "yc1y30d",
                "yc1m7d ",
                "ye1m3d\u{0}",
                "lye1y30d",
                "yc1w7d",
                "yc0m0d",
                "ye1m3d|yc1m7d",
            ],
        )),
        "PackageQueue" => quoted(pick(
            &mut g.rng,
            &["front", "END", "middle", "", "end ", "Front"],
        )),
        "StorageRegion" => quoted(pick(
            &mut g.rng,
            &[
                "ap-singapore",
                "na-ashburn",
                "eu-frankfurt",
                "ap-nowhere",
                "",
                "AP-GUANGZHOU",
            ],
        )),
        "StartTime" | "EndTime" | "ExpireTime" => {
            let times = [
                0,
                -1,
                now.saturating_sub(1),
                now,
                now.saturating_add(301),
                now.saturating_sub(40 * 86_400),
                now.saturating_add(315_360_000),
                253_402_300_799,
                253_402_300_800,
                -62_135_596_800,
                i64::MAX,
                i64::MIN,
            ];
            if g.rng.random_bool(0.6) {
                pick(&mut g.rng, &times).to_string()
            } else {
                pick(&mut g.rng, INTS).to_string()
            }
        }
        "Override" | "ChannelId" | "Size" | "Limit" | "Offset" => {
            pick(&mut g.rng, INTS).to_string()
        }
        _ if param.kind == Kind::Int => pick(&mut g.rng, INTS).to_string(),
        _ => name_value(g, name),
    }
}
