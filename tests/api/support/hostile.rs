//! Hostile requests against a running camsim, and the oracle every answer must satisfy. Shared
//! by the short run (`tests/api/robustness.rs`) and the long run and soak
//! (`benches/robustness.rs`, which includes this file with `#[path]`), so it depends on no
//! other test support module: what it needs from the server comes in as a [`Target`].
//!
//! - [`table`]: the endpoints aimed at (vendor issues add rows there, not code).
//! - [`values`]: hostile JSON values, bodies and header values.
//! - [`generate`]: a case from `(seed, index)`: seeded (`StdRng`), so a failing case is
//!   reproduced by its seed and index alone; bounded (no case holds more than ~1 MB, except
//!   the rare uploads just over Sodalife's 20 MB voice limit and at OneNET's 8 MiB; a "1 GiB
//!   body" is announced, never built).
//! - [`soda`]: the Sodalife case kinds (credentials, parameters, faults), with [`soda_token`]
//!   (the token endpoint), [`soda_upload`] (uploads), [`soda_media`] (media links),
//!   [`multipart`] (form bodies and voice files, valid and broken),
//!   [`soda_world`] (the world they run in, set up with real tokens and media links) and
//!   [`soda_oracle`] (Sodalife's envelope and its catalogue of codes and statuses).
//! - [`onenet`]: the OneNET case kinds (the `api-key` in every role, hostile query
//!   parameters behind a valid key, required parameters left out, path quirks, faults), with
//!   [`onenet_cmds`] (every cmdId of seed 003 §3.2 with hostile payloads, to devices of every
//!   reply behaviour), [`onenet_media`] (media links and links just handed out),
//!   [`onenet_upload`] (picture, object-store and `dev_active` bodies at and over their
//!   limits), [`onenet_world`] (the world they run in, set up with real media tokens, a
//!   recording, pictures, an alarm and a command) and [`onenet_oracle`] (OneNET's envelope,
//!   its catalogue, the object store's statuses and the media host's answers).
//! - [`tencent`]: the Tencent case kinds (every action with hostile parameters behind a valid
//!   TC3 signature, required ones left out, the GET form, the `Authorization` header and
//!   `X-TC-*` headers in every part, methods, paths and bodies, faults), with
//!   [`tencent_protocol`] (the protocol's kinds), [`tencent_values`] (hostile parameter
//!   values), [`tencent_media`] (the links the actions hand out: valid, expired, tampered, unknown, and
//!   followed from an action's answer), [`tencent_sign`] (TC3-HMAC-SHA256, a short copy of
//!   its own), [`tencent_world`] (the world they run in, set up with real links by calling
//!   actions, and checked after the run) and [`tencent_oracle`] (Tencent's envelope, its
//!   catalogue and the media host's answers).
//! - [`wire`]: raw TCP exchange and a tiny HTTP/1.x answer reader, with a deadline.
//! - [`oracle`]: what an answer must look like.
//! - [`run`]: runs cases (and their clean-up) and tallies the outcomes.
//! - [`process`]: the real `camsim serve` binary, with its stderr captured and its RSS read.
//!
//! # Classification of requests (what the oracle expects)
//!
//! - **Parseable** (a complete, well-formed HTTP/1.x request, however odd its method, target,
//!   headers or body): an answer within the deadline, never a close, never an empty body,
//!   always in the listener's envelope (gwell `{code: int, msg}`, sodalife `{error,
//!   error_description}` with a catalogue code at its status or the endpoint's success shape,
//!   and for its media links 200 with the media's type or 403/404 with an XML page; onenet
//!   HTTP 200 with `{errno: int, error: string}`, errno 0 or a code of its catalogue with the
//!   catalogue's text, errno 1 only when a fault asked, its object store's codes as the HTTP
//!   status and a download's bytes, its media links 200 with the media's type or 403/404 in
//!   the store's envelope; tencent HTTP 200 with exactly `application/json` and `{Response:
//!   {RequestId: uuid, Error?: {Code, Message}}}`, a code of its catalogue, `InternalError`
//!   only from an action not served yet or when a fault asked, its media links 200 with the
//!   media's type or 403/404 with a COS XML page; control JSON with an `error` string on 4xx).
//!   A HEAD answer has no body: only its status and `Content-Type` are checked.
//! - **Maybe parsed** (a request line or header hyper's parser may refuse: bad version, bytes
//!   that are not header text, conflicting framing, oversized head, truncated then half-closed):
//!   no request exists yet, so hyper's own status line with an empty body (4xx, or 505 for a
//!   version) or a close is fine; if camsim's code did answer, the envelope rules apply.
//! - **Unsent body** (a body announced, e.g. 1 GiB, and never sent): refused quickly, with an
//!   envelope answer or a close; waiting for the body until the deadline is a hang.
//! - Every class: no hang (no final answer nor close within 5 s), no 5xx unless the case asked
//!   for it with a fault (Sodalife's catalogue has 5xx codes of its own: those come with their
//!   code; its 500 only when asked), no 1xx as the final answer. Some cases also know the exact answer
//!   (a tampered Gwell signature or an out-of-window timestamp must get code 10007; a world
//!   created under a name must be reachable under that name, percent-encoded; a OneNET request
//!   without a key gets errno 2, with an unknown key or a device key on a master-only route 3,
//!   without a required parameter 7, an upload announced over 8 MiB the store's 413 before
//!   its body is read, a valid command to a device of the product errno 0; a tampered TC3
//!   signature gets `AuthFailure.SignatureFailure`, a timestamp out of the 300 s window
//!   `AuthFailure.SignatureExpire`, no `Authorization` `AuthFailure.InvalidAuthorization`, an
//!   unknown action `InvalidAction`, a served action without a required parameter
//!   `MissingParameter`, a link under a key no world claims 404).
//!
//! After a run the Tencent world's keeper must still answer as it did at set-up
//! ([`tencent_world::check_world`]): no request corrupted the world.
//!
//! After a run: camsim is alive (`GET /_camsim/health` answers 200), its stderr holds no
//! `panicked at`, and its RSS stays under the caller's bound ([`run::process_checks`]).
// Two crates include this module and each uses a different part of it.
#![allow(dead_code)]

#[path = "hostile/generate.rs"]
pub mod generate;
#[path = "gwell_sign.rs"]
pub mod gwell_sign;
#[path = "hostile/multipart.rs"]
pub mod multipart;
#[path = "hostile/onenet.rs"]
pub mod onenet;
#[path = "hostile/onenet_cmds.rs"]
pub mod onenet_cmds;
#[path = "hostile/onenet_media.rs"]
pub mod onenet_media;
#[path = "hostile/onenet_oracle.rs"]
pub mod onenet_oracle;
#[path = "hostile/onenet_upload.rs"]
pub mod onenet_upload;
#[path = "hostile/onenet_world.rs"]
pub mod onenet_world;
#[path = "hostile/oracle.rs"]
pub mod oracle;
#[path = "hostile/process.rs"]
pub mod process;
#[path = "hostile/run.rs"]
pub mod run;
#[path = "hostile/soda.rs"]
pub mod soda;
#[path = "hostile/soda_media.rs"]
pub mod soda_media;
#[path = "hostile/soda_oracle.rs"]
pub mod soda_oracle;
#[path = "hostile/soda_token.rs"]
pub mod soda_token;
#[path = "hostile/soda_upload.rs"]
pub mod soda_upload;
#[path = "hostile/soda_world.rs"]
pub mod soda_world;
#[path = "hostile/table.rs"]
pub mod table;
#[path = "hostile/tencent.rs"]
pub mod tencent;
#[path = "hostile/tencent_media.rs"]
pub mod tencent_media;
#[path = "hostile/tencent_oracle.rs"]
pub mod tencent_oracle;
#[path = "hostile/tencent_protocol.rs"]
pub mod tencent_protocol;
#[path = "hostile/tencent_sign.rs"]
pub mod tencent_sign;
#[path = "hostile/tencent_values.rs"]
pub mod tencent_values;
#[path = "hostile/tencent_world.rs"]
pub mod tencent_world;
#[path = "hostile/values.rs"]
pub mod values;
#[path = "hostile/wire.rs"]
pub mod wire;

use std::collections::BTreeMap;
pub use table::Listener;

/// A Gwell app's credentials and one of its users' devices.
#[derive(Debug, Clone)]
pub struct GwellApp {
    pub app_id: String,
    pub app_token: String,
    pub app_key: String,
    pub access_id: String,
    pub dev_id: String,
    pub sn: String,
}

/// What the generator needs to know about the running server.
#[derive(Debug, Clone)]
pub struct Target {
    /// `host:port` of each listener.
    pub addrs: BTreeMap<Listener, String>,
    /// The default world's Gwell app (signed vendor cases).
    pub app: GwellApp,
    /// The sandbox world's app (fault probes), see [`table::SANDBOX_SCENARIO`].
    pub sandbox: GwellApp,
    /// The Sodalife world's credentials and links, see [`soda_world`].
    pub soda: soda_world::SodaTarget,
    /// The OneNET world's tokens and ids, see [`onenet_world`].
    pub onenet: onenet_world::OnenetTarget,
    /// The Tencent world's clock, links and events, see [`tencent_world`].
    pub tencent: tencent_world::TencentTarget,
}

impl Target {
    pub fn addr(&self, listener: Listener) -> &str {
        self.addrs.get(&listener).map_or("", String::as_str)
    }
}

/// One hostile case: one or more requests, each on its own connection, in order.
#[derive(Debug, Clone)]
pub struct Case {
    pub seed: u64,
    pub index: u64,
    pub listener: Listener,
    /// The case kind (`raw-method`, `gwell-timestamp`, ...).
    pub kind: &'static str,
    /// What is hostile about it, in a few words.
    pub what: String,
    pub steps: Vec<Step>,
    /// The case may have changed worlds: reset the sandbox and default worlds afterwards.
    pub cleanup: bool,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub listener: Listener,
    pub bytes: Vec<u8>,
    pub send: wire::Send,
    /// The request is a HEAD (its answer has no body).
    pub head: bool,
    pub expect: Expect,
    /// The request carries `X-Camsim-Error`: a 5xx in the vendor's envelope is then allowed.
    pub fault_asked: bool,
    /// While this request is served, `GET /_camsim/health` must still be answered within
    /// [`run::LIVENESS`] (the request must not block the server).
    pub liveness: bool,
    /// Instead of `bytes`: a GET of the link the previous answer holds in this JSON field
    /// (`picUrl`, `url`); skipped when the previous answer has none.
    pub follow: Option<&'static str>,
}

/// What a step's answer must be, on top of the rules every answer follows.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Parseable,
    MaybeParsed,
    UnsentBody,
    /// A Gwell answer with this code.
    GwellCode(i64),
    /// The previous step posted a fault rule: if it was accepted (201), this answer is what
    /// the rule says (`status`: that HTTP status with a page; `drop`: a close is fine).
    AfterFault {
        status: Option<i64>,
        drop: bool,
        malformed: bool,
        /// The rule fires on this request for sure (no odd probability or count); otherwise
        /// the normal answer is fine too.
        sure: bool,
    },
    /// A control request camsim must refuse: 400 with its `error`.
    Refused,
    /// The previous step created a world (201, or 409 when it existed): this GET must find it.
    Reachable,
    /// A Sodalife error with this code (the request is wrong in one known way).
    SodaCode(&'static str),
    /// A Sodalife refusal, whatever its code (nothing may be granted).
    SodaRefused,
    /// Sodalife's success answer (a valid request on a device that can serve it).
    SodaOk,
    /// A `liveurl` success whose URL holds this stream key (a device's key never changes).
    SodaLive(String),
    /// A media link just handed out: 200 with the media's content type.
    MediaOk,
    /// A OneNET answer with this `errno` (the request is wrong in one known way; for the
    /// object store and the media host the errno is the HTTP status too).
    OnenetErrno(i64),
    /// A OneNET success: errno 0 (the object store's 200).
    OnenetOk,
    /// A Tencent API answer with this `Error.Code` (the request is wrong in one known way).
    TencentCode(&'static str),
    /// A Tencent answer from an action camsim serves: a success or any catalogue code but
    /// `InternalError` (hostile input never fails inside).
    TencentServed,
    /// A Tencent media link refused as a COS host does: this status (403 or 404) or either.
    TencentRefused(Option<u16>),
}
