//! Sodalife media-link cases: GETs of valid, expired (403), forgotten (404), unknown and odd
//! picture and stream links, and a valid capture or liveurl whose link is then fetched.

use super::Expect;
use super::generate::{Built, Gen, Req};
use super::soda::{camera_at, camera_body, camera_fields, post, quoted, random_hex};
use super::soda_world::GOOD;
use super::values::pick;
use rand::RngExt;

/// A picture key for `/pic/{pic}.jpg`: valid, expired, forgotten, unknown or odd (some bend
/// the rest of the path: a query, another suffix).
pub(super) fn picture_key(g: &mut Gen<'_>) -> String {
    let soda = g.target.soda.clone();
    match g.rng.random_range(0..20u32) {
        0..=4 => soda.picture,
        5 | 6 => soda.expired_picture,
        7 => soda.forgotten_picture,
        8 => random_hex(g, 32),
        9 => soda.picture.to_uppercase(),
        10 => random_hex(g, 64),
        11 => random_hex(g, 65),
        12 => String::new(),
        13 => soda.live,
        14 => format!("{}.png?x=", soda.picture),
        15 => format!("{}.jpg", soda.picture),
        16 => format!("{}%00", soda.picture),
        17 => pick(&mut g.rng, &["..", "%2e%2e", "../../etc/passwd", "€", "zz"]).into(),
        18 => format!("{}?x-oss-process=image/resize,w_100&", soda.picture),
        _ => format!("{}/", soda.picture),
    }
}

/// A stream name for `/openlive/{live}`: a key and a suffix (a stream or one of its
/// segments), valid or not.
pub(super) fn live_name(g: &mut Gen<'_>) -> String {
    let soda = g.target.soda.clone();
    let key = match g.rng.random_range(0..8u32) {
        0..=3 => soda.live,
        4 => random_hex(g, 32),
        5 => soda.live.to_uppercase(),
        6 => soda.picture,
        _ => random_hex(g, 65),
    };
    let suffix = pick(
        &mut g.rng,
        &[
            ".m3u8",
            ".m3u8",
            ".hd.m3u8",
            ".flv",
            ".hd.flv",
            ".hd.hd.m3u8",
            ".M3U8",
            ".m3u8.flv",
            "",
            ".",
            ".hd",
            ".ts",
            ".m3u8/",
            "/.m3u8",
            ".sd.m3u8",
            "/{segment}",
            ".hd/{segment}",
            "/0.ts",
            ".sd/{segment}",
            "/{segment}/",
            "//{segment}",
            "/-1.ts",
            "/99999999999999999999.ts",
        ],
    );
    format!("{key}{}", suffix.replace("{segment}", &soda.segment))
}

pub(super) fn media(g: &mut Gen<'_>) -> Built {
    let soda = g.target.soda.clone();
    let (path, expect): (String, Expect) = match g.rng.random_range(0..14u32) {
        0 => (format!("/pic/{}.jpg", soda.picture), Expect::MediaOk),
        1 => (
            format!("/pic/{}.jpg", soda.expired_picture),
            Expect::SodaCode("AccessDenied"),
        ),
        2 => (
            format!("/pic/{}.jpg", soda.forgotten_picture),
            Expect::SodaCode("NoSuchKey"),
        ),
        3 => (
            format!("/pic/{}.jpg", random_hex(g, 32)),
            Expect::SodaCode("NoSuchKey"),
        ),
        4 => ("/pic/.jpg".into(), Expect::Parseable),
        5 => (format!("/pic/{}.jpg", random_hex(g, 65)), Expect::Parseable),
        6 => (
            format!("/openlive/{}.hd.hd.m3u8", soda.live),
            Expect::SodaCode("NoSuchKey"),
        ),
        7 => (
            format!(
                "/openlive/{}{}",
                soda.live,
                pick(&mut g.rng, &[".m3u8", ".hd.m3u8", ".flv", ".hd.flv"])
            ),
            Expect::MediaOk,
        ),
        8 => (
            format!("/openlive/{}.m3u8", soda.picture),
            Expect::SodaCode("NoSuchKey"),
        ),
        9 => (format!("/pic/{}.jpg", picture_key(g)), Expect::Parseable),
        10 => (format!("/openlive/{}", live_name(g)), Expect::Parseable),
        11 => (
            format!(
                "/openlive/{}{}/{}",
                soda.live,
                pick(&mut g.rng, &["", ".hd"]),
                soda.segment
            ),
            Expect::MediaOk,
        ),
        12 => (
            format!("/openlive/{}/{}", random_hex(g, 32), soda.segment),
            Expect::SodaCode("NoSuchKey"),
        ),
        _ => (
            pick(
                &mut g.rng,
                &[
                    "/pic/",
                    "/pic",
                    "/openlive/",
                    "/openlive/.m3u8",
                    "/pic//.jpg",
                ],
            )
            .to_string(),
            Expect::Parseable,
        ),
    };
    let method = if g.rng.random_bool(0.1) {
        pick(&mut g.rng, &["HEAD", "POST", "PUT", "DELETE"])
    } else {
        "GET"
    };
    let expect = if method == "GET" {
        expect
    } else {
        Expect::Parseable
    };
    let mut req = Req::new(method, &path, &g.addr(), Vec::new());
    if g.rng.random_bool(0.1) {
        req.header(
            "Range",
            pick(&mut g.rng, &["bytes=0-1", "bytes=-1", "bytes=99999-", "x"]),
        );
    }
    let steps = g.one(&req, expect);
    (format!("{method} {path}"), steps, false)
}

/// A valid capture or liveurl, then a GET of the link it answered.
pub(super) fn follow(g: &mut Gen<'_>) -> Built {
    let serial = pick(&mut g.rng, GOOD);
    let capture = g.rng.random_bool(0.5);
    let (e, field) = if capture {
        (camera_at("/iot/cameras/capture"), "picUrl")
    } else {
        (camera_at("/iot/cameras/liveurl"), "url")
    };
    let mut fields = camera_fields(g, e, serial, None);
    if !capture {
        let protocol = pick(
            &mut g.rng,
            &["hls", "hlshd", "flv", "flvhd", "HLS", "FlvHd"],
        );
        for (name, value) in fields.iter_mut() {
            if *name == "protocol" {
                *value = quoted(protocol);
            }
        }
    }
    let token = g.target.soda.token.clone();
    fields.insert(0, ("access_token", quoted(&token)));
    let (body, content_type) = camera_body(g, e, &fields);
    let req = post(g, e.path, "", &content_type, body);
    let first = g.step(req.to_bytes(), Expect::SodaOk);
    let mut then = g.step(Vec::new(), Expect::MediaOk);
    then.follow = Some(field);
    (
        format!("{} of {serial}, then GET its {field}", e.path),
        vec![first, then],
        false,
    )
}
