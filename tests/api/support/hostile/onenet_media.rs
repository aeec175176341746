//! OneNET media links: live HLS and FLV streams, live covers, recordings (playlist and
//! segments) and pictures, with valid, expired, other-channel, other-device, other-kind,
//! closed-channel and garbage tokens and paths of every shape near the real ones; and valid
//! API calls whose answer hands out a link or a token, then a GET of that link. The media host
//! answers 200 with the media, 403 for a token that does not open the path, 404 for a path of
//! no stream or a stream that cannot play (a closed camera).

use super::Expect;
use super::generate::{Built, Gen, Req};
use super::onenet_world::{KEEPER, MASTER_KEY, PRODUCT};
use super::soda::random_hex;
use super::values::pick;
use rand::RngExt;

fn get(g: &Gen<'_>, method: &str, target: &str) -> Req {
    Req::new(method, target, &g.addr(), Vec::new())
}

pub(super) fn media(g: &mut Gen<'_>) -> Built {
    let t = g.target.onenet.clone();
    let garbage = random_hex(g, 32);
    let k = KEEPER;
    let pic = format!("{}.{}", t.picture, t.picture_format);
    let video = t.video.clone();
    let forbidden = Expect::OnenetErrno(403);
    let missing = Expect::OnenetErrno(404);
    let (target, expect): (String, Expect) = match g.rng.random_range(0..40u32) {
        0 => (
            format!("/live/live_{k}_1/index.m3u8?{}", t.live),
            Expect::MediaOk,
        ),
        1 => (
            format!("/live/live_{k}_1/index.m3u8?token={}", t.live),
            Expect::MediaOk,
        ),
        2 => (format!("/live/{k}-1.flv?{}", t.live), Expect::MediaOk),
        3 => (
            format!("/live/live_{k}_2/index.m3u8?{}", t.live2),
            Expect::MediaOk,
        ),
        4 => (format!("/live/live_{k}_2/index.m3u8?{}", t.live), forbidden),
        5 => (
            format!("/live/live_{k}_1/index.m3u8?{}", t.expired_live),
            forbidden,
        ),
        6 => (
            format!("/live/live_{k}_1/index.m3u8?{}", t.other_live),
            forbidden,
        ),
        7 => (
            format!("/live/live_77000002_5/index.m3u8?{}", t.closed_live),
            missing,
        ),
        8 => (format!("/live/77000002-5.flv?{}", t.closed_live), missing),
        9 => (format!("/live/live_{k}_1/index.m3u8?{}", t.vod), forbidden),
        10 => (
            format!("/live/live_{k}_1/index.m3u8?{}", t.picture_token),
            forbidden,
        ),
        11 => (
            format!("/live/live_{k}_1/index.m3u8?{MASTER_KEY}"),
            forbidden,
        ),
        12 => (format!("/live/live_{k}_1/index.m3u8?{garbage}"), forbidden),
        13 => (format!("/live/live_{k}_1/index.m3u8"), forbidden),
        14 => {
            // The right token, a path of no stream.
            let bent = pick(
                &mut g.rng,
                &[
                    "/live/{k}_1.flv",
                    "/live/live_{k}-1/index.m3u8",
                    "/live/live_{k}_1/other.m3u8",
                    "/live/live_{k}_1",
                    "/live/{k}-1",
                    "/live/live_{k}_1/index.m3u8/x",
                ],
            );
            (format!("{}?{}", bent.replace("{k}", k), t.live), missing)
        }
        15 => {
            // Paths the device parser must survive, with the right token.
            let bent = pick(
                &mut g.rng,
                &[
                    "/live/live__1/index.m3u8",
                    "/live/live_{k}_/index.m3u8",
                    "/live/live_{k}_99999999999/index.m3u8",
                    "/live/live_{k}_-1/index.m3u8",
                    "/live/live_{k}_%31/index.m3u8",
                    "/live/live_%C3%A9_1/index.m3u8",
                    "/live/-1.flv",
                    "/live/.flv",
                    "/live/{k}-1.flv.flv",
                    "/live/live_{k}_1_1/index.m3u8",
                    "/live/live_99999999999999999999999_1/index.m3u8",
                    "/live/",
                ],
            );
            (
                format!("{}?{}", bent.replace("{k}", k), t.live),
                Expect::Parseable,
            )
        }
        16 => (
            format!("/live_preview/{k}-1?token={}", t.live),
            Expect::MediaOk,
        ),
        17 => (
            format!("/live_preview/{k}_1?token={}", t.live),
            Expect::MediaOk,
        ),
        18 => (
            format!("/live_preview/{k}-1?token={}", t.expired_live),
            forbidden,
        ),
        19 => (
            format!("/live_preview/77000002-5?token={}", t.closed_live),
            missing,
        ),
        20 => (format!("/live_preview/{k}-1?{}", t.live), forbidden),
        21 => (
            format!("/rvod/{k}_1_{video}/index.m3u8?token={}", t.vod),
            Expect::MediaOk,
        ),
        22 => (
            format!("/rvod/{k}_1_{video}/0.ts?token={}", t.vod),
            Expect::MediaOk,
        ),
        23 => (
            format!(
                "/rvod/{k}_1_{video}/{}?token={}",
                pick(
                    &mut g.rng,
                    &[
                        "99999.ts",
                        "-1.ts",
                        "x.ts",
                        "0.TS",
                        "0.ts.ts",
                        "index.m3u8.ts",
                        "index"
                    ]
                ),
                t.vod
            ),
            missing,
        ),
        24 => (
            format!("/rvod/{k}_1_{video}/index.m3u8?token={}", t.expired_vod),
            forbidden,
        ),
        25 => (
            format!("/rvod/{k}_1_{}/index.m3u8?token={}", t.victim_video, t.vod),
            forbidden,
        ),
        26 => (
            format!("/rvod/{k}_1_{video}/index.m3u8?token={}", t.live),
            forbidden,
        ),
        27 => (
            format!("/rvod/{k}_2_{video}/index.m3u8?token={}", t.vod),
            forbidden,
        ),
        28 => (
            format!(
                "{}?token={}",
                pick(
                    &mut g.rng,
                    &[
                        "/rvod/{k}_1/index.m3u8",
                        "/rvod/{k}/index.m3u8",
                        "/rvod/{k}_x_{v}/index.m3u8",
                        "/rvod/_1_{v}/index.m3u8",
                        "/rvod/{k}_1_{v}",
                    ]
                )
                .replace("{k}", k)
                .replace("{v}", &video),
                t.vod
            ),
            Expect::Parseable,
        ),
        29 => (
            format!("/ipc/video/picture/{k}/1/{pic}?token={}", t.picture_token),
            Expect::MediaOk,
        ),
        30 => (
            format!("/picture/{k}/1/{pic}?token={}", t.picture_token),
            Expect::MediaOk,
        ),
        31 => (
            format!(
                "/ipc/video/picture/{k}/1/{pic}?token={}",
                t.other_picture_token
            ),
            forbidden,
        ),
        32 => (
            format!("/ipc/video/picture/{k}/1/{pic}?token={garbage}"),
            forbidden,
        ),
        33 => (
            format!("/ipc/video/picture/{k}/1/{pic}?token={}", t.live),
            forbidden,
        ),
        34 => (
            format!(
                "/ipc/video/picture/{k}/1/{}?token={}",
                pick(
                    &mut g.rng,
                    &[
                        "no-such-picture.jpg",
                        "x.gif",
                        "x",
                        ".jpg",
                        "%zz.jpg",
                        "%00.jpg"
                    ]
                ),
                t.picture_token
            ),
            missing,
        ),
        35 => (
            format!("/ipc/video/picture/{k}/2/{pic}?token={}", t.picture_token),
            missing,
        ),
        36 => (
            format!(
                "/ipc/video/picture/{k}/1/{}.png?token={}",
                t.picture, t.picture_token
            ),
            missing,
        ),
        37 => (
            format!(
                "/ipc/video/picture/{k}/{}/{pic}?token={}",
                pick(&mut g.rng, &["0", "-1", "x", "4294967296", ""]),
                t.picture_token
            ),
            Expect::Parseable,
        ),
        38 => {
            // Two tokens, the valid one second; or the token twice.
            let twice = pick(
                &mut g.rng,
                &["{g}&token={v}", "{v}&token={v}", "token=&token={v}"],
            );
            (
                format!(
                    "/live_preview/{k}-1?token={}",
                    twice.replace("{g}", &garbage).replace("{v}", &t.live)
                ),
                Expect::Parseable,
            )
        }
        _ => (
            format!(
                "/live/live_{k}_1/index.m3u8?{}",
                pick(
                    &mut g.rng,
                    &["", "=", "token", "&", "token=%zz", "%00", "a=b&c=d"]
                )
            ),
            forbidden,
        ),
    };
    let method = match g.rng.random_range(0..20u32) {
        0 => "HEAD",
        1 => pick(&mut g.rng, &["POST", "PUT", "DELETE"]),
        _ => "GET",
    };
    let expect = match method {
        "GET" => expect,
        // HEAD routes as GET on media links (its answer has no body to judge); another
        // method finds no route.
        "HEAD" => Expect::Parseable,
        _ => Expect::OnenetErrno(8),
    };
    let mut req = get(g, method, &target);
    if g.rng.random_bool(0.1) {
        req.header(
            "Range",
            pick(&mut g.rng, &["bytes=0-1", "bytes=-1", "bytes=99999-", "x"]),
        );
    }
    if g.rng.random_bool(0.1) {
        // A key beside the token changes nothing: links carry their own.
        req.header("api-key", MASTER_KEY);
    }
    (format!("{method} {target}"), g.one(&req, expect), false)
}

/// A valid API call that hands out a token or a link, then a GET of the media it opens (or a
/// follow-up the answer names: a command's status).
pub(super) fn follow(g: &mut Gen<'_>) -> Built {
    let t = g.target.onenet.clone();
    let k = KEEPER;
    let (device, channel) = pick(
        &mut g.rng,
        &[
            (k, 1),
            (k, 2),
            ("77000002", 1),
            ("77000002", 2),
            ("77000009", 1),
        ],
    );
    // (first request: method, target, body; JSON pointer in its answer; second request
    // with `{follow}` where the value goes, its expectation)
    let (method, first, body, pointer, then, expect): (
        &str,
        String,
        &str,
        &'static str,
        String,
        Expect,
    ) = match g.rng.random_range(0..8u32) {
        0 => (
            "GET",
            format!(
                "/ipc/video/play_address?device_id={device}&channel_id={channel}&protocol_type=1"
            ),
            "",
            "/data/accessToken",
            format!("/live/live_{device}_{channel}/index.m3u8?{{follow}}"),
            Expect::MediaOk,
        ),
        1 => (
            "GET",
            format!("/play_address?device_id={device}&channel_id={channel}&protocol_type=3"),
            "",
            "/data/accessToken",
            format!("/live/{device}-{channel}.flv?{{follow}}"),
            Expect::MediaOk,
        ),
        2 => (
            "GET",
            format!("/ipc/video/play_address?device_id={device}&channel_id={channel}&timeout=-1"),
            "",
            "/data/accessToken",
            format!("/live_preview/{device}-{channel}?token={{follow}}"),
            Expect::MediaOk,
        ),
        3 => (
            "GET",
            format!(
                "/ipc/video/vod/get_play_token?device_id={k}&channel_id=1&video_id={}",
                t.video
            ),
            "",
            "/data/token",
            format!("/rvod/{k}_1_{}/index.m3u8?token={{follow}}", t.video),
            Expect::MediaOk,
        ),
        4 => (
            "GET",
            format!(
                "/ipc/video/picture/get_list?device_id={device}&page_size=1&page_start={}",
                g.rng.random_range(1..20u32)
            ),
            "",
            "/data/0/url",
            String::new(),
            Expect::MediaOk,
        ),
        5 => (
            "GET",
            format!(
                "/ipc/video/alarm/list?product_id={PRODUCT}&device_id={device}\
                 &start_time=2026-11-20&end_time=2026-11-22&per_page=1&page={}",
                g.rng.random_range(1..10u32)
            ),
            "",
            pick(
                &mut g.rng,
                &["/data/item/0/picture", "/data/item/0/play_address"],
            ),
            String::new(),
            Expect::MediaOk,
        ),
        6 => (
            "POST",
            format!(
                "/ipc/video/cmds?device_id={device}&qos={}",
                g.rng.random_range(0..2u32)
            ),
            r#"{"cmdId":39,"channel_id":1}"#,
            "/data/cmd_uuid",
            format!("/ipc/video/cmd_status?device_id={device}&cmd_uuid={{follow}}"),
            Expect::OnenetOk,
        ),
        _ => (
            "POST",
            format!("/cmds?device_id={k}&qos=1"),
            r#"{"cmdId":20,"channel_id":1}"#,
            "/data/cmd_uuid",
            format!("/cmd_resp?device_id={k}&cmd_uuid={{follow}}"),
            Expect::OnenetOk,
        ),
    };
    let mut req = Req::new(method, &first, &g.addr(), body.as_bytes().to_vec());
    req.header("api-key", MASTER_KEY);
    req.header("Content-Type", "application/json");
    let first_step = g.step(req.to_bytes(), Expect::OnenetOk);
    let second = if then.is_empty() {
        Vec::new()
    } else {
        let mut req = Req::new("GET", &then, &g.addr(), Vec::new());
        if then.contains("cmd_") {
            req.header("api-key", MASTER_KEY);
        }
        req.to_bytes()
    };
    let mut then_step = g.step(second, expect);
    then_step.follow = Some(pointer);
    (
        format!("{method} {first}, then GET what `{pointer}` opens"),
        vec![first_step, then_step],
        false,
    )
}
