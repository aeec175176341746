//! OneNET bodies taken as bytes: picture uploads (5.1), object-store uploads (16.1) and
//! `dev_active` (12): empty, at and just over each limit, announced but never sent (a body
//! over the limit is refused before it is read: the store's 413, the API's errno 5), cut short
//! and half-closed, sent slowly, and (rarely, at fixed indices) whole bodies of 8 MiB and
//! 8 MiB + 1.

use super::Expect;
use super::generate::{Built, Gen, Req};
use super::onenet::{encode, tiny_jpeg};
use super::onenet_world::{KEEPER, MASTER_KEY, PRODUCT};
use super::soda::random_hex;
use super::values::{pick, random_bytes};
use super::wire::Send;
use camsim::vendors::Vendor;
use camsim::vendors::onenet::{MAX_FILE_BYTES, MAX_PICTURE_BYTES, Onenet};
use rand::RngExt;

/// `dev_active`'s largest body (section 12: 128 bytes).
pub const MAX_ACTIVE_BYTES: usize = 128;

#[derive(Clone, Copy, PartialEq)]
enum Route {
    Picture,
    File,
    Active,
}

impl Route {
    /// The largest body the route keeps.
    fn limit(self) -> usize {
        match self {
            Route::Picture => MAX_PICTURE_BYTES,
            Route::File => MAX_FILE_BYTES,
            Route::Active => MAX_ACTIVE_BYTES,
        }
    }

    /// The largest body the listener reads for the route: over it, a body is refused before
    /// it is read. `dev_active` reads up to the API's 1 MiB and then refuses more than 128.
    fn read_limit(self) -> usize {
        match self {
            Route::Active => Onenet::BODY_LIMIT,
            other => other.limit(),
        }
    }

    /// The answer to a body over the limit: the store's 413, the API's errno 5.
    fn too_large(self) -> Expect {
        match self {
            Route::File => Expect::OnenetErrno(413),
            _ => Expect::OnenetErrno(5),
        }
    }

    /// The answer to an empty body: an empty file is a file; a picture or a pass-through
    /// message needs bytes (errno 9).
    fn empty(self) -> Expect {
        match self {
            Route::File => Expect::OnenetOk,
            _ => Expect::OnenetErrno(9),
        }
    }
}

/// A valid upload's request line and headers for `route`, without the body.
fn upload_request(g: &mut Gen<'_>, route: Route, body: Vec<u8>) -> Req {
    let target = match route {
        Route::Picture => format!(
            "/ipc/video/picture/upload?device_id={KEEPER}&channel_id=1&format={}&name=up-{}",
            pick(&mut g.rng, &["jpg", "png"]),
            random_hex(g, 12)
        ),
        Route::File => format!(
            "/ipc/video/file/upload?product_id={PRODUCT}&name=up-{}.bin&desc={}",
            random_hex(g, 12),
            encode("uploaded by a hostile case")
        ),
        Route::Active => format!("/ipc/video/dev_active?device_id={KEEPER}"),
    };
    let method = if route == Route::Active {
        "POST"
    } else {
        "PUT"
    };
    let mut req = Req::new(method, &target, &g.addr(), body);
    req.header("api-key", MASTER_KEY);
    req.header(
        "Content-Type",
        pick(
            &mut g.rng,
            &["application/octet-stream", "image/jpeg", "text/plain", ""],
        ),
    );
    req
}

pub(super) fn upload(g: &mut Gen<'_>) -> Built {
    let route = pick(&mut g.rng, &[Route::Picture, Route::File, Route::Active]);
    let limit = route.limit();
    let name = match route {
        Route::Picture => "picture upload",
        Route::File => "file upload",
        Route::Active => "dev_active",
    };
    let (what, body, announced, send, expect): (String, Vec<u8>, Option<u64>, Send, Expect) =
        match g.rng.random_range(0..9u32) {
            0 => (
                "an empty body".into(),
                Vec::new(),
                None,
                Send::Whole,
                route.empty(),
            ),
            1 => {
                let body = if route == Route::Picture {
                    tiny_jpeg()
                } else {
                    random_bytes(&mut g.rng, 1..MAX_ACTIVE_BYTES.min(limit))
                };
                (
                    format!("{} bytes", body.len()),
                    body,
                    None,
                    Send::Whole,
                    Expect::OnenetOk,
                )
            }
            2 if route == Route::Active => (
                "128 bytes".into(),
                vec![b'a'; MAX_ACTIVE_BYTES],
                None,
                Send::Whole,
                Expect::OnenetOk,
            ),
            2 | 3 if route == Route::Active => (
                "129 bytes".into(),
                vec![b'a'; MAX_ACTIVE_BYTES + 1],
                None,
                Send::Whole,
                route.too_large(),
            ),
            2 => {
                let n = g.rng.random_range(1_000..200_000usize);
                (
                    format!("{n} random bytes"),
                    random_bytes(&mut g.rng, n..n + 1),
                    None,
                    Send::Whole,
                    Expect::OnenetOk,
                )
            }
            3 | 4 => {
                // Announced over the limit, a few bytes sent, the connection left open: camsim
                // must refuse at once rather than wait for the rest.
                let over = pick(
                    &mut g.rng,
                    &[
                        route.read_limit() as u64 + 1,
                        16 << 20,
                        1 << 30,
                        u64::MAX / 2,
                    ],
                );
                (
                    format!("{over} bytes announced, a few sent"),
                    random_bytes(&mut g.rng, 0..100),
                    Some(over),
                    Send::Whole,
                    Expect::UnsentBody,
                )
            }
            5 => {
                // Announced within the limit, cut short, then half-closed: the body broke off.
                let announced = g.rng.random_range(200..limit.max(201) as u64).min(1 << 20);
                (
                    format!("{announced} bytes announced, fewer sent, then half-closed"),
                    random_bytes(&mut g.rng, 0..100),
                    Some(announced),
                    Send::HalfClose,
                    Expect::MaybeParsed,
                )
            }
            6 => {
                let body = random_bytes(&mut g.rng, 100..4_000);
                let expect = if body.len() > limit {
                    route.too_large()
                } else {
                    Expect::OnenetOk
                };
                (
                    format!("{} bytes in 5 slow pieces", body.len()),
                    body,
                    None,
                    Send::Trickle {
                        pieces: 5,
                        pause_ms: 40,
                    },
                    expect,
                )
            }
            7 => {
                // Chunked, one byte over the limit for dev_active, else a small body.
                let n = if route == Route::Active {
                    MAX_ACTIVE_BYTES + 1
                } else {
                    g.rng.random_range(1..20_000usize)
                };
                (
                    format!("{n} bytes chunked"),
                    random_bytes(&mut g.rng, n..n + 1),
                    None,
                    Send::Whole,
                    if route == Route::Active {
                        route.too_large()
                    } else {
                        Expect::OnenetOk
                    },
                )
            }
            _ => {
                let over = route.read_limit() as u64 + 1;
                (
                    format!("{over} bytes announced with Expect: 100-continue, none sent"),
                    Vec::new(),
                    Some(over),
                    Send::Whole,
                    Expect::UnsentBody,
                )
            }
        };
    let chunked = what.ends_with("chunked");
    let mut req = upload_request(g, route, body.clone());
    if let Some(n) = announced {
        req.content_length = false;
        req.header("Content-Length", n.to_string());
        if what.contains("100-continue") {
            req.header("Expect", "100-continue");
        }
    }
    if chunked {
        req.content_length = false;
        req.header("Transfer-Encoding", "chunked");
        let mut out = Vec::with_capacity(body.len() + 64);
        for piece in body.chunks(4096) {
            out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            out.extend_from_slice(piece);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
        req.body = out;
    }
    let mut steps = g.one(&req, expect);
    steps[0].send = send;
    let target = String::from_utf8_lossy(&req.target).to_string();
    let path = target.split('?').next().unwrap_or_default().to_string();
    (format!("{name} {path} with {what}"), steps, false)
}

/// Rare (at fixed indices): a whole upload at or one byte over 8 MiB, sent in full.
pub(super) fn big_upload(g: &mut Gen<'_>) -> Built {
    let route = pick(&mut g.rng, &[Route::Picture, Route::File]);
    let limit = route.limit();
    let over = g.rng.random_bool(0.5);
    let n = if over { limit + 1 } else { limit };
    let body = vec![0xA5; n];
    let req = upload_request(g, route, body);
    let expect = if over {
        route.too_large()
    } else {
        Expect::OnenetOk
    };
    let target = String::from_utf8_lossy(&req.target).to_string();
    let path = target.split('?').next().unwrap_or_default().to_string();
    (
        format!("{path} with a whole body of {n} bytes"),
        g.one(&req, expect),
        false,
    )
}
