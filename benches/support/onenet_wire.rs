//! OneNET answers as the benchmarks judge them, byte by byte (the client shares the cores with
//! the server, so it parses no JSON): a device's details (`GET /devices/{id}`, seed 003 §1.4)
//! and a command's `cmd_status` (`POST /ipc/video/cmds`, §3.1), plus the self-check that these
//! judges take real answers and refuse near misses. benches/load/onenet.rs and
//! benches/onenet_slow.rs include this file with `#[path]`.

/// How every errno-0 answer with a `data` object starts (camsim writes `errno` and `error`
/// first, as the seed's samples do).
const SUCC_DATA: &[u8] = br#"{"errno":0,"error":"succ","data":{"#;

/// errno 0 with `data` naming device `id` as a string, `"id":"<id>"`. The quotes on both sides
/// keep out `"device_id":"<id>"` and longer ids that start with `id`.
pub fn is_device(body: &[u8], id: &str) -> bool {
    let Some(data) = body.strip_prefix(SUCC_DATA) else {
        return false;
    };
    let field = br#""id":""#;
    let mut rest = data;
    while let Some(at) = find(rest, field) {
        rest = &rest[at + field.len()..];
        if rest
            .strip_prefix(id.as_bytes())
            .is_some_and(|after| after.first() == Some(&b'"'))
        {
            return true;
        }
    }
    false
}

/// The `cmd_status` of an errno-0 answer to `POST /ipc/video/cmds`:
/// `{"errno":0,"error":"succ","data":{"cmd_uuid":"<uuid>","cmd_status":N` then `}` or `,`
/// (qos=1 answers add `dev_resp`). `None` for anything else.
pub fn cmd_status(body: &[u8]) -> Option<u8> {
    let data = body
        .strip_prefix(SUCC_DATA)?
        .strip_prefix(br#""cmd_uuid":""#)?;
    let uuid_end = data.iter().position(|&b| b == b'"')?;
    if uuid_end == 0 {
        return None;
    }
    let rest = data[uuid_end..].strip_prefix(br#"","cmd_status":"#)?;
    match rest {
        [digit @ b'0'..=b'6', b'}' | b',', ..] => Some(digit - b'0'),
        _ => None,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The judges must take real answers and refuse near misses, or a benchmark would count
/// refusals (errno 3), offline devices (cmd_status 0) or another device as successes.
pub fn self_check() -> Result<(), String> {
    let device = r#"{"errno":0,"error":"succ","data":{"id":"26100001","online":true,"protocol":"RTMP","title":"bench001","desc":"","keys":[{"title":"device-auto-key","key":"BENCHKEY26100001"}]}}"#;
    let not_device = [
        r#"{"errno":3,"error":"api-key not allowed: device 26100001"}"#,
        r#"{"errno":1,"error":"internal server error: not served yet"}"#,
        r#"{"errno":0,"error":"succ","data":{"id":"26100002","title":"bench002"}}"#,
        r#"{"errno":0,"error":"succ","data":{"id":"261000011","title":"bench011"}}"#,
        r#"{"errno":0,"error":"succ","data":{"device_id":"26100001"}}"#,
        r#"{"errno":0,"error":"succ","data":{"id":26100001}}"#,
        r#"{"errno":8,"error":"device not exist","data":{"id":"26100001"}}"#,
    ];
    if !is_device(device.as_bytes(), "26100001") {
        return Err(format!("the devices.get check refuses {device}"));
    }
    if let Some(b) = not_device
        .iter()
        .find(|b| is_device(b.as_bytes(), "26100001"))
    {
        return Err(format!(
            "the devices.get check takes {b} for device 26100001"
        ));
    }
    let answers: [(&str, Option<u8>); 8] = [
        (
            r#"{"errno":0,"error":"succ","data":{"cmd_uuid":"9d2224c1-dd3c-489b-b275-73f16f261864","cmd_status":2}}"#,
            Some(2),
        ),
        (
            r#"{"errno":0,"error":"succ","data":{"cmd_uuid":"bc39f894-60d8-4efa-8976-6895bf0a8362","cmd_status":4,"dev_resp":{"resp_code":0,"resp_data":"e30="}}}"#,
            Some(4),
        ),
        (
            r#"{"errno":0,"error":"succ","data":{"cmd_uuid":"9d2224c1","cmd_status":0}}"#,
            Some(0),
        ),
        (r#"{"errno":3,"error":"api-key not allowed"}"#, None),
        (
            r#"{"errno":1,"error":"internal server error: the world was reset while the command waited for its device"}"#,
            None,
        ),
        (
            r#"{"errno":0,"error":"succ","data":{"cmd_uuid":"","cmd_status":2}}"#,
            None,
        ),
        (
            r#"{"errno":0,"error":"succ","data":{"cmd_uuid":"9d2224c1","cmd_status":21}}"#,
            None,
        ),
        (
            r#"{"errno":0,"error":"succ","data":{"cmd_uuid":"9d2224c1","cmd_status":"2"}}"#,
            None,
        ),
    ];
    for (body, expected) in answers {
        let read = cmd_status(body.as_bytes());
        if read != expected {
            return Err(format!(
                "the cmds check reads cmd_status {read:?} from {body}, not {expected:?}"
            ));
        }
    }
    Ok(())
}
