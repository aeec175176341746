//! OneNET commands: `POST /ipc/video/cmds?device_id=&qos=&type=` with every cmdId of seed 003
//! §3.2 (`/work/shared/onenet-cmdids.tsv`) and hostile `cmd` members (wrong types,
//! out-of-range numbers, deep nesting, huge arrays, strings where objects go, the seed's
//! `"channel_id "` spelling), odd `cmdId`, `type` and channel members, binary bodies, bodies
//! just under and just over 64 KB, odd `qos` and `type` parameters, to devices of every reply
//! behaviour. The simulated device answers a command it cannot act on with its own failure
//! code inside an errno 0 answer, so the platform's answer is known: errno 0 for any body
//! under 64 KB to a device of the product, 5 at 64 KB, 9 for a blank platform command, 6 for
//! a `qos` or `type` other than 0 or 1, 8 for a device of no product of the key.

use super::Expect;
use super::generate::{Built, Gen, Req};
use super::onenet::{self, encode};
use super::onenet_world::{DEVICES, KEEPER, MASTER_KEY, OTHER_DEVICE, SPARE, VICTIM};
use super::values::{self, pick, random_bytes};
use camsim::vendors::onenet::MAX_COMMAND_BYTES;
use rand::RngExt;

/// Every cmdId of seed 003 §3.2 with a valid `cmd` member (`None`: the command takes none)
/// and whether it names a channel.
pub(super) const COMMANDS: &[(i64, Option<&str>, bool)] = &[
    (5, None, true),
    (7, Some(r#"{"stop":0,"cmd":1,"speed":3}"#), true),
    (
        10,
        Some(
            r#"{"warn_type":0,"page":1,"per_page":20,"start_time":"2026-11-22 10:00:00","end_time":"2026-11-22 12:00:00"}"#,
        ),
        true,
    ),
    (
        11,
        Some(
            r#"{"url":"http://fw.example/ipc-2.0.1.tar.gz","ver":"2.0.1","md5":"d41d8cd98f00b204e9800998ecf8427e"}"#,
        ),
        false,
    ),
    (20, None, true),
    (
        21,
        Some(r#"[{"type":1,"enable":1,"text":"Gate","pos":"right-top"}]"#),
        true,
    ),
    (26, None, true),
    (27, Some(r#"{"mode":0}"#), true),
    (28, None, true),
    (
        29,
        Some(r#"{"mode":2,"timezone":"+8","syncserver":"cn.pool.ntp.org","port":123}"#),
        true,
    ),
    (30, None, false),
    (31, Some(r#"{"opt":"mount"}"#), false),
    (32, Some(r#"{"quality":80}"#), true),
    (33, None, true),
    (34, Some(r#"{"frameRate":20}"#), true),
    (39, None, true),
    (40, Some(r#"{"status":"on"}"#), true),
    (41, None, false),
    (
        42,
        Some(r#"{"wifi_id":"CMCC-5G2A","wifi_pw":"s3cret-pass"}"#),
        false,
    ),
    (
        43,
        Some(r#"{"start_time":"2026-11-22 10:00:00","end_time":"2026-11-22 10:00:10"}"#),
        true,
    ),
    (80, None, true),
    (81, Some(r#"{"enable":1}"#), true),
    (82, None, true),
    (83, Some(r#"{"enable":0}"#), true),
    (84, None, true),
    (85, Some(r#"{"enable":0}"#), true),
    (91, None, true),
    (92, Some(r#"{"state":0}"#), true),
];

/// Members a `cmd` object of the seed holds (hostile values go in them).
const MEMBERS: &[&str] = &[
    "stop",
    "cmd",
    "speed",
    "page",
    "per_page",
    "warn_type",
    "start_time",
    "end_time",
    "url",
    "ver",
    "md5",
    "mode",
    "time",
    "timezone",
    "syncserver",
    "port",
    "opt",
    "quality",
    "width",
    "height",
    "frameRate",
    "bitRate",
    "resolution",
    "audio",
    "status",
    "wifi_id",
    "wifi_pw",
    "enable",
    "state",
    "sensitivity",
    "region",
    "event",
    "text",
    "pos",
    "recycle",
];

/// Out-of-range and odd numbers for a member that takes one.
const NUMBERS: &[&str] = &[
    "-1",
    "0",
    "1.5",
    "1e9",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e400",
    "-0",
    "256",
    "65536",
    "4294967296",
    "99",
];

/// A valid command of a random cmdId, for a valid request.
pub(super) fn valid_command(g: &mut Gen<'_>) -> Vec<u8> {
    let (id, cmd, channel) = pick(&mut g.rng, COMMANDS);
    let mut members = vec![format!("\"cmdId\":{id}")];
    if channel {
        members.push("\"channel_id\":1".into());
    }
    if let Some(cmd) = cmd {
        members.push(format!("\"cmd\":{cmd}"));
    }
    format!("{{{}}}", members.join(",")).into_bytes()
}

/// A `cmd` member with one member bent, or a `cmd` of another shape.
fn hostile_cmd(g: &mut Gen<'_>, valid: Option<&str>) -> (String, String) {
    let member = pick(&mut g.rng, MEMBERS);
    match g.rng.random_range(0..12u32) {
        0..=3 => {
            let value = if g.rng.random_bool(0.5) {
                pick(&mut g.rng, NUMBERS).to_string()
            } else {
                values::json_value(&mut g.rng, super::table::Kind::Text)
            };
            // Into the valid object when there is one (its other members stay valid).
            let cmd = match valid.filter(|v| v.starts_with('{')) {
                Some(v) if v.len() > 2 => format!("{},\"{member}\":{value}}}", &v[..v.len() - 1]),
                _ => format!("{{\"{member}\":{value}}}"),
            };
            (format!("cmd.{member} = {}", preview(&value)), cmd)
        }
        4 => {
            let depth = pick(&mut g.rng, &[64usize, 127, 128, 129, 1_000, 10_000]);
            let open = pick(&mut g.rng, &["[", "{\"a\":"]);
            let close = if open == "[" { "]" } else { "}" };
            (
                format!("cmd nested {depth} deep"),
                format!("{}1{}", open.repeat(depth), close.repeat(depth)),
            )
        }
        5 => {
            let n = pick(&mut g.rng, &[1_000usize, 10_000, 30_000]);
            let item = pick(
                &mut g.rng,
                &[
                    "0",
                    "{}",
                    "\"x\"",
                    "{\"weekday\":0,\"start_time\":\"00:00:00\"}",
                ],
            );
            let items = vec![item; n].join(",");
            let cmd = if g.rng.random_bool(0.5) {
                format!("[{items}]")
            } else {
                format!("{{\"{member}\":[{items}]}}")
            };
            (format!("cmd with an array of {n}"), cmd)
        }
        6 => {
            let inner = valid.unwrap_or("{}");
            (
                "cmd as a string holding the object".into(),
                serde_json::Value::from(inner).to_string(),
            )
        }
        7 => {
            let other = pick(
                &mut g.rng,
                &["[]", "[{}]", "1", "true", "\"\"", "null", "{}", "[null]"],
            );
            (format!("cmd = {other}"), other.to_string())
        }
        8 => {
            let dup = format!("{{\"{member}\":1,\"{member}\":\"x\",\"{member}\":null}}");
            (format!("cmd.{member} three times"), dup)
        }
        9 => {
            let s = values::long_string(&mut g.rng);
            (
                format!("cmd.{member} a {} byte string", s.len()),
                format!("{{\"{member}\":{s}}}"),
            )
        }
        10 => {
            let key = pick(&mut g.rng, &["", " ", "\\u0000", "😀", "stop ", "STOP"]);
            (
                format!("cmd with a member named `{key}`"),
                format!("{{\"{key}\":1}}"),
            )
        }
        _ => {
            let time = pick(
                &mut g.rng,
                &[
                    "\"2026-13-45 99:99:99\"",
                    "\"24:00:00\"",
                    "\"\"",
                    "\"2026-11-22T10:00:00Z\"",
                    "\"0000-01-01 00:00:00\"",
                    "\"9999-12-31 23:59:59\"",
                    "1795334400",
                ],
            );
            (
                format!("cmd.start_time = {time}"),
                format!("{{\"start_time\":{time},\"end_time\":\"2026-11-22 10:00:00\"}}"),
            )
        }
    }
}

fn preview(text: &str) -> String {
    super::wire::preview(text.as_bytes(), 40)
}

/// A command body: what is odd about it, the bytes, and whether it is blank.
fn body(g: &mut Gen<'_>) -> (String, Vec<u8>) {
    let (id, valid, names_channel) = pick(&mut g.rng, COMMANDS);
    let channel_key = if g.rng.random_bool(0.2) {
        "channel_id "
    } else {
        "channel_id"
    };
    let channel = if names_channel || g.rng.random_bool(0.1) {
        let value = if g.rng.random_bool(0.7) {
            "1"
        } else {
            pick(
                &mut g.rng,
                &[
                    "2",
                    "5",
                    "0",
                    "-1",
                    "\"1\"",
                    "\" 1 \"",
                    "\"01\"",
                    "1.0",
                    "1.5",
                    "4294967297",
                    "null",
                    "[1]",
                    "{}",
                    "\"one\"",
                ],
            )
        };
        Some(format!("\"{channel_key}\":{value}"))
    } else {
        None
    };
    let cmd_id = if g.rng.random_bool(0.85) {
        id.to_string()
    } else {
        pick(
            &mut g.rng,
            &[
                "\"7\"",
                "\" 7 \"",
                "7.0",
                "7.5",
                "-7",
                "0",
                "6",
                "99",
                "1000",
                "\"x\"",
                "null",
                "[7]",
                "9223372036854775808",
            ],
        )
        .to_string()
    };
    let kind = match g.rng.random_range(0..12u32) {
        0 => pick(
            &mut g.rng,
            &["\"video\"", "\"VIDEO\"", "1", "null", "\"\"", "\"audio\""],
        )
        .to_string(),
        _ => String::new(),
    };
    let with_envelope = |cmd: Option<&str>| {
        let mut members = vec![format!("\"cmdId\":{cmd_id}")];
        if let Some(c) = &channel {
            members.push(c.clone());
        }
        if !kind.is_empty() {
            members.push(format!("\"type\":{kind}"));
        }
        if let Some(cmd) = cmd {
            members.push(format!("\"cmd\":{cmd}"));
        }
        format!("{{{}}}", members.join(","))
    };
    let what_envelope = format!(
        "cmdId {cmd_id}{}{}",
        channel
            .as_deref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default(),
        if kind.is_empty() {
            String::new()
        } else {
            format!(", type {kind}")
        }
    );
    match g.rng.random_range(0..20u32) {
        0 => {
            let bytes = random_bytes(&mut g.rng, 1..4096);
            ("binary bytes".into(), bytes)
        }
        1 => (
            "a body that is not JSON".into(),
            values::broken_body(&mut g.rng),
        ),
        2..=4 => (
            format!("{what_envelope}, valid cmd"),
            with_envelope(valid).into_bytes(),
        ),
        5 => (
            format!("{what_envelope}, no cmd"),
            with_envelope(None).into_bytes(),
        ),
        _ => {
            let (what, cmd) = hostile_cmd(g, valid);
            (
                format!("{what_envelope}, {what}"),
                with_envelope(Some(&cmd)).into_bytes(),
            )
        }
    }
}

/// `body` grown with blanks to exactly `size` bytes (a JSON text stays the same value).
fn padded(mut body: Vec<u8>, size: usize) -> Vec<u8> {
    if body.len() < size {
        body.resize(size, b' ');
    }
    body.truncate(size);
    body
}

pub(super) fn command(g: &mut Gen<'_>) -> Built {
    // Devices of the product that exist whatever a case did (not the victim nor the spare).
    let devices: Vec<&str> = DEVICES
        .iter()
        .map(|d| d.0)
        .filter(|d| *d != VICTIM && *d != SPARE)
        .collect();
    let (device, device_known) = match g.rng.random_range(0..20u32) {
        0 => (OTHER_DEVICE, false),
        1 => ("99999999", false),
        2..=7 => (KEEPER, true),
        _ => (pick(&mut g.rng, &devices), true),
    };
    let (qos, qos_ok) = match g.rng.random_range(0..16u32) {
        0 => {
            let odd = pick(
                &mut g.rng,
                &[
                    "2",
                    "-1",
                    "1.0",
                    "true",
                    "%EF%BC%91",
                    "18446744073709551616",
                    "x",
                ],
            );
            (Some(odd.to_string()), false)
        }
        1 => (
            Some(pick(&mut g.rng, &["", "%20", "01", "0"]).to_string()),
            true,
        ),
        2..=5 => (None, true),
        6..=9 => (Some("0".into()), true),
        _ => (Some("1".into()), true),
    };
    let (user_type, type_ok, user_defined) = match g.rng.random_range(0..12u32) {
        0 => (Some("7".to_string()), false, false),
        1..=2 => (Some("1".to_string()), true, true),
        3 => (Some("0".to_string()), true, false),
        _ => (None, true, false),
    };
    let (what, mut bytes) = body(g);
    let mut what = what;
    match g.rng.random_range(0..16u32) {
        0 => {
            bytes = padded(bytes, MAX_COMMAND_BYTES);
            what = format!("{what}, padded to {MAX_COMMAND_BYTES} bytes");
        }
        1 => {
            bytes = padded(bytes, MAX_COMMAND_BYTES + 1);
            what = format!("{what}, padded to {} bytes", MAX_COMMAND_BYTES + 1);
        }
        2 => {
            bytes = pick(&mut g.rng, &[&b""[..], b"   ", b"\r\n\t "]).to_vec();
            what = format!("a blank body ({} bytes)", bytes.len());
        }
        _ => {}
    }
    let oversized = bytes.len() > MAX_COMMAND_BYTES;
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    let expect = if oversized {
        Expect::OnenetErrno(5)
    } else if !qos_ok || !type_ok {
        Expect::OnenetErrno(6)
    } else if blank && !user_defined {
        Expect::OnenetErrno(9)
    } else if !device_known {
        Expect::OnenetErrno(8)
    } else {
        Expect::OnenetOk
    };
    let mut query = vec![format!("device_id={}", encode(device))];
    if let Some(q) = &qos {
        query.push(format!("qos={q}"));
    }
    if let Some(t) = &user_type {
        query.push(format!("type={t}"));
    }
    if g.rng.random_bool(0.1) {
        query.reverse();
    }
    let path = pick(&mut g.rng, &["/ipc/video/cmds", "/ipc/video/cmds", "/cmds"]);
    let mut req = Req::new(
        "POST",
        &onenet::target(path, &query.join("&")),
        &g.addr(),
        bytes,
    );
    req.header("api-key", MASTER_KEY);
    req.header(
        "Content-Type",
        pick(
            &mut g.rng,
            &["application/json", "application/octet-stream", "text/plain"],
        ),
    );
    (
        format!(
            "POST {path} to {device} qos={} type={}: {what}",
            qos.as_deref().unwrap_or("-"),
            user_type.as_deref().unwrap_or("-")
        ),
        g.one(&req, expect),
        false,
    )
}
