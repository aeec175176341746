//! Sodalife `sendvoice` uploads: multipart bodies bent every way a client or a proxy bends
//! them (no closing delimiter, a wrong or missing boundary, nested and duplicate parts, a
//! thousand tiny parts, an oversized text field, lying part headers, bare-LF lines, ...),
//! hostile voice files in an otherwise valid form, uploads sent slowly, and (rarely) one just
//! over the 20 MB limit. The token travels in the query string (so a broken body is judged on
//! its own) unless the case says otherwise.

use super::Expect;
use super::generate::{Built, Gen};
use super::multipart::{self, BOUNDARY, Part, Verdict, crlf_form, form};
use super::soda::{camera_at, maybe_probe, post};
use super::soda_world::GOOD;
use super::values::{pick, random_bytes};
use super::wire::Send;
use rand::RngExt;

const PATH: &str = "/iot/cameras/sendvoice";

fn serial_part(serial: &str) -> Part {
    multipart::text("device_serial", serial.as_bytes())
}

fn voice_part(g: &mut Gen<'_>) -> Part {
    multipart::file(
        "voice_file",
        "hello.wav",
        "audio/wav",
        multipart::valid_wav(&mut g.rng),
    )
}

fn query(g: &Gen<'_>) -> String {
    format!("access_token={}", g.target.soda.token)
}

/// A bent form: what is bent, the `Content-Type`, the body, the known answer.
fn bent_form(g: &mut Gen<'_>, serial: &str) -> (String, String, Vec<u8>, Expect) {
    let ct = multipart::content_type(BOUNDARY);
    let valid = |g: &mut Gen<'_>| vec![serial_part(serial), voice_part(g)];
    let upload_error = Expect::SodaCode("111003");
    match g.rng.random_range(0..24u32) {
        0 => {
            let parts = valid(g);
            (
                "no closing delimiter".into(),
                ct,
                form(BOUNDARY, &parts, false, b"\r\n"),
                Expect::Parseable,
            )
        }
        1 => {
            let parts = valid(g);
            (
                "a boundary other than the header's".into(),
                ct,
                form("----someOtherBoundary", &parts, true, b"\r\n"),
                Expect::Parseable,
            )
        }
        2 => {
            let parts = valid(g);
            (
                "no boundary parameter".into(),
                "multipart/form-data".into(),
                crlf_form(&parts),
                Expect::Parseable,
            )
        }
        3 => {
            let parts = valid(g);
            let ct = pick(
                &mut g.rng,
                &[
                    "multipart/form-data; boundary=\"----camsimHostile7MA4YWxkTrZu0gW\"",
                    "Multipart/Form-Data; BOUNDARY=----camsimHostile7MA4YWxkTrZu0gW",
                    "multipart/form-data; boundary=----camsimHostile7MA4YWxkTrZu0gW; boundary=x",
                    "multipart/form-data; boundary=",
                    "multipart/form-data; boundary=----camsimHostile7MA4YWxkTrZu0gW; charset=€",
                    "multipart/mixed; boundary=----camsimHostile7MA4YWxkTrZu0gW",
                    "multipart/form-data;boundary=----camsimHostile7MA4YWxkTrZu0gW",
                    "multipart/form-data; boundary=----camsimHostile7MA4YWxkTrZu0gW ",
                ],
            );
            (
                format!("Content-Type `{ct}`"),
                ct.into(),
                crlf_form(&parts),
                Expect::Parseable,
            )
        }
        4 => {
            let long = "b".repeat(g.rng.random_range(71..5_000usize));
            let parts = valid(g);
            (
                format!("a {}-character boundary", long.len()),
                multipart::content_type(&long),
                form(&long, &parts, true, b"\r\n"),
                Expect::Parseable,
            )
        }
        5 => {
            let inner_boundary = "innerBoundary42";
            let inner = form(inner_boundary, &valid(g), true, b"\r\n");
            let nested = Part {
                headers: vec![
                    b"Content-Disposition: form-data; name=\"voice_file\"".to_vec(),
                    format!("Content-Type: multipart/mixed; boundary={inner_boundary}")
                        .into_bytes(),
                ],
                body: inner,
            };
            (
                "a multipart/mixed part as voice_file".into(),
                ct,
                crlf_form(&[serial_part(serial), nested]),
                Expect::Parseable,
            )
        }
        6 => {
            let mut parts = valid(g);
            parts.push(voice_part(g));
            parts.push(serial_part("hostile02"));
            (
                "voice_file and device_serial twice".into(),
                ct,
                crlf_form(&parts),
                Expect::Parseable,
            )
        }
        7 => {
            let mut parts = valid(g);
            let n = g.rng.random_range(17..1_000usize);
            parts.extend((0..n).map(|i| multipart::text(&format!("p{i}"), b"x")));
            (
                format!("{n} tiny parts more"),
                ct,
                crlf_form(&parts),
                upload_error,
            )
        }
        8 => {
            let n = g.rng.random_range(4_097..300_000usize);
            let mut parts = valid(g);
            parts.push(multipart::text("note", &vec![b'n'; n]));
            (
                format!("a {n}-byte text field"),
                ct,
                crlf_form(&parts),
                upload_error,
            )
        }
        9 => {
            let mut voice = voice_part(g);
            voice
                .headers
                .push(format!("Content-Length: {}", voice.body.len() * 10 + 1000).into_bytes());
            (
                "a voice part declaring a Content-Length larger than sent".into(),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::SodaOk,
            )
        }
        10 => {
            let parts = valid(g);
            (
                "bare-LF lines".into(),
                ct,
                form(BOUNDARY, &parts, true, b"\n"),
                Expect::Parseable,
            )
        }
        11 => {
            let voice = Part {
                headers: vec![b"Content-Type: audio/wav".to_vec()],
                body: multipart::valid_wav(&mut g.rng),
            };
            (
                "a part without Content-Disposition".into(),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::Parseable,
            )
        }
        12 => {
            let disposition = pick(
                &mut g.rng,
                &[
                    &b"Content-Disposition: form-data; name=\"voice_file\"; filename=\"../../../etc/passwd\""[..],
                    b"Content-Disposition: form-data; name=\"voice_file\"; filename*=UTF-8''%E2%82%AC.wav",
                    b"Content-Disposition: form-data; name=\"voice_file\"; filename=\"\xe2\x82\xac\xf0\x9f\x98\x80.wav\"",
                    b"Content-Disposition: form-data; name=\"voice_file\"; filename=\"\xff\xfe.wav\"",
                    b"Content-Disposition: form-data; name=\"voice_file\"; filename=\"a\\\"b.wav\"",
                    b"Content-Disposition: form-data; name=voice_file; filename=x.wav",
                    b"Content-Disposition: attachment; name=\"voice_file\"; filename=\"x.wav\"",
                    b"Content-Disposition: form-data; name=\"voice_file\"; name=\"other\"; filename=\"x.wav\"",
                    b"Content-Disposition: form-data; name=\"\"; filename=\"x.wav\"",
                    b"Content-Disposition: form-data; name=\"voice_file\x00\"; filename=\"x.wav\"",
                    b"Content-Disposition: form-data",
                ],
            );
            let voice = Part {
                headers: vec![disposition.to_vec(), b"Content-Type: audio/wav".to_vec()],
                body: multipart::valid_wav(&mut g.rng),
            };
            (
                format!("voice part `{}`", super::wire::preview(disposition, 90)),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::Parseable,
            )
        }
        13 => {
            let name = "x".repeat(g.rng.random_range(1_000..20_000usize));
            let voice = multipart::file(
                "voice_file",
                &name,
                "audio/wav",
                multipart::valid_wav(&mut g.rng),
            );
            (
                format!("a {}-character file name", name.len()),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::Parseable,
            )
        }
        14 => {
            let mut voice = voice_part(g);
            let n = g.rng.random_range(100..2_000usize);
            voice
                .headers
                .extend((0..n).map(|i| format!("X-Part-{i}: x").into_bytes()));
            (
                format!("a voice part with {n} headers"),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::Parseable,
            )
        }
        15 => {
            let mut body = b"preamble text\r\n\r\n".to_vec();
            body.extend(crlf_form(&valid(g)));
            body.extend_from_slice(b"epilogue\r\n--not a boundary--\r\n");
            (
                "a preamble and an epilogue".into(),
                ct,
                body,
                Expect::SodaOk,
            )
        }
        16 => (
            "only the closing delimiter".into(),
            ct,
            format!("--{BOUNDARY}--\r\n").into_bytes(),
            Expect::SodaCode("111010"),
        ),
        17 => ("an empty body".into(), ct, Vec::new(), Expect::Parseable),
        18 => {
            let voice = Part {
                headers: vec![
                    b"Content-Disposition: form-data; name=\"voice_file\"".to_vec(),
                    b"Content-Type: text/plain".to_vec(),
                ],
                body: multipart::valid_wav(&mut g.rng),
            };
            (
                "voice_file as a text field (no file name)".into(),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::SodaOk,
            )
        }
        19 => {
            // The boundary inside the file's bytes, not at a line start.
            let mut wav = multipart::valid_wav(&mut g.rng);
            wav.extend_from_slice(format!("--{BOUNDARY}x--{BOUNDARY}").as_bytes());
            let voice = multipart::file("voice_file", "b.wav", "audio/wav", wav);
            (
                "the boundary inside the file's bytes".into(),
                ct,
                crlf_form(&[serial_part(serial), voice]),
                Expect::Parseable,
            )
        }
        20 => {
            let parts = valid(g);
            let mut body = crlf_form(&parts);
            let cut = g.rng.random_range(1..body.len());
            body.truncate(cut);
            (
                format!("cut after {cut} bytes (Content-Length honest)"),
                ct,
                body,
                Expect::Parseable,
            )
        }
        21 => {
            let mut body = crlf_form(&valid(g));
            for _ in 0..g.rng.random_range(1..20u32) {
                let at = g.rng.random_range(0..body.len());
                body[at] = g.rng.random();
            }
            ("random bytes flipped".into(), ct, body, Expect::Parseable)
        }
        22 => (
            "random bytes".into(),
            ct,
            random_bytes(&mut g.rng, 1..65_536),
            Expect::Parseable,
        ),
        _ => (
            "a JSON body typed as multipart".into(),
            ct,
            format!("{{\"device_serial\":\"{serial}\"}}").into_bytes(),
            Expect::Parseable,
        ),
    }
}

pub(super) fn multipart_body(g: &mut Gen<'_>) -> Built {
    let serial = pick(&mut g.rng, GOOD);
    let (what, content_type, body, expect) = bent_form(g, serial);
    // The token in the form instead, now and then: a form that cannot be read has no token.
    let query = if g.rng.random_bool(0.8) {
        query(g)
    } else {
        String::new()
    };
    let expect = if query.is_empty() {
        Expect::Parseable
    } else {
        expect
    };
    let req = post(g, PATH, &query, &content_type, body);
    let mut steps = g.one(&req, expect);
    maybe_probe(g, &mut steps);
    (format!("sendvoice: {what}"), steps, false)
}

/// A valid form whose voice file is hostile (or valid, or empty).
pub(super) fn voice(g: &mut Gen<'_>) -> Built {
    let serial = pick(&mut g.rng, GOOD);
    let (what, bytes, verdict) = if g.rng.random_bool(0.05) {
        (
            "an empty file".to_string(),
            Vec::new(),
            Verdict::Code("111008"),
        )
    } else {
        multipart::hostile_voice(&mut g.rng)
    };
    let expect = match verdict {
        Verdict::Valid => Expect::SodaOk,
        Verdict::Refused => Expect::SodaRefused,
        Verdict::Code(code) => Expect::SodaCode(code),
        Verdict::Either => Expect::Parseable,
    };
    let (file_name, file_type) = pick(
        &mut g.rng,
        &[
            ("voice.wav", "audio/wav"),
            ("voice.mp3", "audio/mpeg"),
            ("voice.aac", "audio/aac"),
            ("voice", "application/octet-stream"),
            ("voice.txt", "text/plain"),
        ],
    );
    let body = crlf_form(&[
        serial_part(serial),
        multipart::file("voice_file", file_name, file_type, bytes),
    ]);
    let q = query(g);
    let req = post(g, PATH, &q, &multipart::content_type(BOUNDARY), body);
    let mut steps = g.one(&req, expect);
    maybe_probe(g, &mut steps);
    (format!("sendvoice of {what} as {file_name}"), steps, false)
}

/// A valid upload (or a JSON call) sent in slices over half a second (past the moment the
/// health check starts), while the control API's health must keep answering.
pub(super) fn slow_upload(g: &mut Gen<'_>) -> Built {
    let serial = pick(&mut g.rng, GOOD);
    let path = pick(&mut g.rng, &[PATH, PATH, "/iot/cameras/liveurl"]);
    let e = camera_at(path);
    let req = super::soda::valid_call(g, e, serial);
    let pieces = g.rng.random_range(3..12u32);
    let pause_ms = 500 / u64::from(pieces);
    let mut steps = g.one(&req, Expect::SodaOk);
    steps[0].send = Send::Trickle { pieces, pause_ms };
    steps[0].liveness = true;
    (
        format!("{path} sent in {pieces} slices {pause_ms} ms apart, health asked meanwhile"),
        steps,
        false,
    )
}

/// A voice upload of about 20 MB: just over the limit (the file, or a chunked body with no
/// length), or just under it (too long to play).
pub(super) fn big_upload(g: &mut Gen<'_>) -> Built {
    const MB20: usize = 20 * 1024 * 1024;
    let serial = pick(&mut g.rng, GOOD);
    let variant = g.rng.random_range(0..3u32);
    let size = match variant {
        0 => MB20 + g.rng.random_range(1..1_000usize),
        1 => MB20 + 1024 * 1024,
        _ => MB20 - 4096,
    };
    let mut wav = multipart::Wav::pcm(8_000, 1, 0);
    wav.data_len = size.saturating_sub(44);
    let voice = multipart::file("voice_file", "big.wav", "audio/wav", wav.bytes(&mut g.rng));
    let body = crlf_form(&[serial_part(serial), voice]);
    let q = query(g);
    let mut req = post(g, PATH, &q, &multipart::content_type(BOUNDARY), body);
    let (what, expect) = match variant {
        0 => ("a voice file just over 20 MB", Expect::SodaCode("111003")),
        1 => {
            // No Content-Length: the limit must be found while reading.
            req.content_length = false;
            req.header("Transfer-Encoding", "chunked");
            let mut chunked = Vec::with_capacity(req.body.len() + 64);
            for chunk in req.body.chunks(1024 * 1024) {
                chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                chunked.extend_from_slice(chunk);
                chunked.extend_from_slice(b"\r\n");
            }
            chunked.extend_from_slice(b"0\r\n\r\n");
            req.body = chunked;
            ("a 21 MB chunked form", Expect::SodaCode("111003"))
        }
        _ => (
            "a voice file just under 20 MB (655 s)",
            Expect::SodaCode("111002"),
        ),
    };
    let mut steps = g.one(&req, expect);
    steps[0].liveness = true;
    (
        format!("sendvoice of {what}, health asked meanwhile"),
        steps,
        false,
    )
}
