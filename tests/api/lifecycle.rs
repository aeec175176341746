//! camsim as a process and its listeners: `camsim serve` start-up (ready line, ready file, seed
//! override, scenario folders, invalid scenarios, taken ports), graceful stop on SIGTERM/SIGINT,
//! every vendor listener's own "unknown endpoint" envelope, CORS and oversized bodies.
//! In-process `TestSim` where it can do the job; the real binary where the process matters.

use crate::assert_wire;
use crate::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub(crate) const CAMSIM: &str = env!("CARGO_BIN_EXE_camsim");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const LISTENERS: [&str; 5] = ["control", "gwell", "sodalife", "onenet", "tencent"];

// ---------------------------------------------------------------------------------------------
// A real `camsim serve`, killed on drop so a failing test never leaves it running.

pub(crate) struct Served {
    child: Child,
    /// The ready line, parsed.
    urls: Value,
    ready_line: String,
    ready_file: PathBuf,
    stderr: Arc<Mutex<String>>,
    http: reqwest::Client,
}

fn temp_path(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("camsim-{}-{n}-{name}", std::process::id()))
}

/// Collects a child's stderr in the background (so the pipe never fills).
fn drain(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .expect("stderr buffer")
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

impl Served {
    /// `camsim serve --port-base 0 --ready-file <tmp> <extra>`, once its ready line is out.
    pub(crate) fn start(extra: &[&str]) -> Served {
        Served::start_by(Command::new(CAMSIM), extra)
    }

    /// The same through `launcher`: camsim itself, or a command ending in camsim's path (such as
    /// `prlimit --nofile=64 <camsim>`) that runs it with the arguments that follow.
    pub(crate) fn start_by(mut launcher: Command, extra: &[&str]) -> Served {
        let ready_file = temp_path("ready.json");
        let mut child = launcher
            .args(["serve", "--port-base", "0", "--ready-file"])
            .arg(&ready_file)
            .args(extra)
            .current_dir(ROOT)
            .env_remove("CAMSIM_PORT_BASE")
            .env_remove("CAMSIM_BIND")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("camsim serve starts");
        let stderr = drain(child.stderr.take().expect("stderr"));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep reading so a later line would not block camsim.
            let mut rest = String::new();
            let _ = reader.read_to_string(&mut rest);
        });
        let mut served = Served {
            child,
            urls: Value::Null,
            ready_line: String::new(),
            ready_file,
            stderr,
            http: reqwest::Client::new(),
        };
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("camsim prints its ready line within 30 s");
        served.urls = serde_json::from_str(line.trim()).unwrap_or_else(|e| {
            panic!(
                "ready line {line:?} is not JSON ({e}); stderr: {}",
                served.stderr_text()
            )
        });
        served.ready_line = line;
        served
    }

    pub(crate) fn url(&self, listener: &str) -> String {
        self.urls[listener]
            .as_str()
            .unwrap_or_else(|| panic!("ready line names {listener}"))
            .to_string()
    }

    /// Moves the default world's clock by `span` (`"3d"`, `"-2h"`).
    pub(crate) async fn advance_clock(&self, span: &str) {
        let response = self
            .http
            .post(format!(
                "{}/_camsim/worlds/default/clock",
                self.url("control")
            ))
            .body(serde_json::json!({ "advance": span }).to_string())
            .send()
            .await
            .expect("control answers");
        assert_eq!(response.status(), 200, "the clock moved");
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn stderr_text(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    pub(crate) async fn control(&self, path: &str) -> (reqwest::StatusCode, Value) {
        let response = self
            .http
            .get(format!("{}/_camsim/{path}", self.url("control")))
            .send()
            .await
            .expect("control answers");
        read_json(response).await
    }

    pub(crate) fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} worked");
    }

    /// Waits (up to 15 s) for camsim to exit.
    pub(crate) async fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "camsim did not exit; stderr: {}",
                self.stderr_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.ready_file);
    }
}

/// `camsim serve <args>` expected to fail at start: its exit status and stderr.
fn serve_fails(args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(CAMSIM)
        .arg("serve")
        .args(args)
        .current_dir(ROOT)
        .env_remove("CAMSIM_PORT_BASE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("camsim runs");
    let stderr = drain(child.stderr.take().expect("stderr"));
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("camsim serve {args:?} did not fail; it is serving");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Give the drain thread the last bytes.
    std::thread::sleep(Duration::from_millis(100));
    let text = stderr.lock().expect("stderr buffer").clone();
    (status, text)
}

// ---------------------------------------------------------------------------------------------
// Start-up

async fn assert_every_listener_answers(served: &Served) {
    let (status, health) = served.control("health").await;
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["status"], "ok", "{health}");
    // Each vendor's own unknown-endpoint answer: status and envelope.
    let expected = [
        ("gwell", 404, "/code", json!(10010)),
        ("sodalife", 404, "/error", json!("NOT_FOUND")),
        ("onenet", 200, "/errno", json!(8)),
        (
            "tencent",
            200,
            "/Response/Error/Code",
            json!("InvalidAction"),
        ),
    ];
    for (vendor, status, pointer, value) in expected {
        let response = served
            .http
            .post(format!("{}/camsim-probe", served.url(vendor)))
            .body("{}")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{vendor} listener answers: {e}"));
        let (got, body) = read_json(response).await;
        assert_eq!(got.as_u16(), status, "{vendor}: {body}");
        assert_eq!(body.pointer(pointer), Some(&value), "{vendor}: {body}");
    }
}

#[tokio::test]
async fn serve_prints_one_ready_line_and_writes_the_ready_file_when_started_without_scenario() {
    let served = Served::start(&[]);

    let file = std::fs::read_to_string(&served.ready_file).expect("ready file written");
    let keys: Vec<&str> = served
        .urls
        .as_object()
        .expect("ready line is a JSON object")
        .keys()
        .map(String::as_str)
        .collect();

    assert_eq!(keys, LISTENERS);
    assert_eq!(file, served.ready_line, "ready file holds the same line");
    assert!(file.ends_with('\n') && file.lines().count() == 1);
    for listener in LISTENERS {
        assert!(
            served.url(listener).starts_with("http://127.0.0.1:"),
            "{}",
            served.ready_line
        );
    }
    assert_every_listener_answers(&served).await;
    let (_, world) = served.control("worlds/default").await;
    assert_eq!(world["name"], "default");
    assert_eq!(world["seed"], 20_261_122, "the embedded scenario's seed");
    assert_eq!(world["urls"], served.urls);
}

#[tokio::test]
async fn serve_builds_the_world_of_the_scenario_when_given_a_file() {
    let served = Served::start(&["--scenario", "tests/api/fixtures/gwell.yaml"]);

    let (_, world) = served.control("worlds/default").await;
    let (_, worlds) = served.control("worlds").await;

    assert_every_listener_answers(&served).await;
    assert_eq!(world["name"], "gwell-test");
    assert_eq!(world["seed"], 7);
    assert_eq!(world["clock"]["mode"], "frozen");
    assert_eq!(world["clock"]["nowMs"], FROZEN_AT * 1000);
    assert_eq!(
        worlds.as_array().map(Vec::len),
        Some(1),
        "one world: {worlds}"
    );
}

/// Sends one unsigned Gwell devInfo (refused: no credential) and one clock move.
async fn one_request_and_one_change(served: &Served) {
    let http = reqwest::Client::new();
    http.post(format!(
        "{}/openapi/custCloud/oss/devInfo",
        served.url("gwell")
    ))
    .body("{}")
    .send()
    .await
    .expect("gwell answers");
    http.post(format!(
        "{}/_camsim/worlds/default/clock",
        served.url("control")
    ))
    .body(r#"{"advance":10}"#)
    .send()
    .await
    .expect("control answers");
    // The log is written by another thread of camsim's.
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn serve_logs_one_line_per_vendor_request_and_per_control_change_at_the_default_level() {
    let served = Served::start(&["--log-level", "info"]);

    one_request_and_one_change(&served).await;

    let log = served.stderr_text();
    let requests: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("camsim::request"))
        .collect();
    assert_eq!(requests.len(), 1, "{log}");
    for field in [
        "world=default",
        "vendor=gwell",
        "method=POST",
        "endpoint=\"gwell.devInfo\"",
        "status=200",
        "code=\"10007\"",
        "auth=\"unknown_credential\"",
        "reason=\"the request carries no gwell credential\"",
        "latency_ms=",
    ] {
        assert!(requests[0].contains(field), "{field} in {}", requests[0]);
    }
    let changes: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("camsim::control"))
        .collect();
    assert_eq!(changes.len(), 1, "{log}");
    assert!(
        changes[0].contains("path=/_camsim/worlds/default/clock"),
        "{}",
        changes[0]
    );
}

#[tokio::test]
async fn serve_leaves_out_request_lines_but_not_control_changes_when_given_no_request_log() {
    let served = Served::start(&["--log-level", "info", "--no-request-log"]);

    one_request_and_one_change(&served).await;

    let log = served.stderr_text();
    assert!(!log.contains("camsim::request"), "{log}");
    assert!(log.contains("camsim::control"), "{log}");
}

/// Runs `camsim` with `args`: exit success, stdout, stderr.
fn camsim(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(CAMSIM)
        .args(args)
        .env_remove("CAMSIM_CONTROL")
        .output()
        .expect("camsim runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn call_gwell_signs_with_the_world_clock_and_prints_the_answer() {
    let served = Served::start(&[]);
    let control = served.url("control");
    served.advance_clock("3d").await;

    let found = camsim(&[
        "call",
        "gwell",
        "devInfo",
        "sn=876A2C0D1347",
        "--control",
        &control,
    ]);
    let missing = camsim(&["call", "gwell", "devInfo", "sn=NOPE", "--control", &control]);

    let (ok, stdout, stderr) = found;
    assert!(ok, "{stdout}{stderr}");
    let answer: Value = serde_json::from_str(&stdout).expect("the answer as JSON");
    assert_eq!(answer["code"], 0, "{answer}");
    assert_eq!(answer["data"]["deviceInfo"]["deviceId"], "5188001415988");
    let (ok, stdout, stderr) = missing;
    assert!(!ok, "{stdout}");
    assert!(stdout.contains("10010"), "{stdout}");
    assert!(stderr.contains("10010"), "{stderr}");
}

#[tokio::test]
async fn call_sodalife_gets_a_token_then_calls_and_says_why_a_call_was_refused() {
    let served = Served::start(&[]);
    let control = served.url("control");

    let (ok, token, stderr) = camsim(&["sign", "sodalife", "--control", &control]);
    assert!(ok, "{stderr}");
    let token = token.trim();
    assert_eq!(token.len(), 32, "{token}");
    let live = camsim(&[
        "call",
        "sodalife",
        "liveurl",
        "device_serial=C80214452",
        "protocol=hlsHD",
        "--control",
        &control,
    ]);
    let pan = camsim(&[
        "call",
        "sodalife",
        "controlling",
        "device_serial=C80214453",
        "action:=0",
        "command=3",
        "--control",
        &control,
    ]);
    let offline = camsim(&[
        "call",
        "sodalife",
        "capture",
        "device_serial=F30551208",
        "--control",
        &control,
    ]);

    let (ok, stdout, stderr) = live;
    assert!(ok, "{stdout}{stderr}");
    let answer: Value = serde_json::from_str(&stdout).expect("the answer as JSON");
    let url = answer["url"].as_str().expect("a url");
    assert!(
        url.starts_with(&format!("{}/openlive/", served.url("sodalife"))),
        "{url}"
    );
    assert!(url.ends_with(".hd.m3u8"), "{url}");
    let (ok, stdout, stderr) = pan;
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("SUCCESS"), "{stdout}");
    let (ok, stdout, stderr) = offline;
    assert!(!ok, "{stdout}");
    assert!(stdout.contains("\"20007\""), "{stdout}");
    assert!(stderr.contains("HTTP 502"), "{stderr}");
}

#[tokio::test]
async fn call_onenet_sends_the_master_key_or_a_device_key_and_says_the_errno() {
    let served = Served::start(&[]);
    let control = served.url("control");

    let (ok, key, stderr) = camsim(&["sign", "onenet", "--control", &control]);
    assert!(ok, "{stderr}");
    assert_eq!(key.trim(), "Zmx5bk5ZcG1hc3RlcktleURlZmF1bHQ=");
    let (ok, device_key, stderr) = camsim(&[
        "sign",
        "onenet",
        "--device",
        "25045682",
        "--control",
        &control,
    ]);
    assert!(ok, "{stderr}");
    assert_eq!(device_key.trim(), "b25lbmV0LWxvYmJ5LWRldmljZS1rZXk=");
    let sent = camsim(&[
        "call",
        "onenet",
        "cmds",
        "device_id=25045682",
        "qos=1",
        "--body",
        r#"{"cmdId":30}"#,
        "--control",
        &control,
    ]);
    let elsewhere = camsim(&[
        "call",
        "onenet",
        "onenet.cmds",
        "device_id=25045683",
        "--device",
        "25045682",
        "--body",
        r#"{"cmdId":30}"#,
        "--control",
        &control,
    ]);
    let unknown = camsim(&["call", "onenet", "nope", "--control", &control]);

    let (ok, stdout, stderr) = sent;
    assert!(ok, "{stdout}{stderr}");
    let answer: Value = serde_json::from_str(&stdout).expect("the answer as JSON");
    assert_eq!(answer["data"]["cmd_status"], 4, "{answer}");
    let (ok, stdout, stderr) = elsewhere;
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("errno 3"), "{stderr}");
    let (ok, _, stderr) = unknown;
    assert!(!ok);
    assert!(
        stderr.contains("devices.get"),
        "the message lists the endpoints: {stderr}"
    );
}

#[tokio::test]
async fn sign_gwell_with_control_prints_headers_that_the_world_accepts_after_a_clock_move() {
    let served = Served::start(&[]);
    let control = served.url("control");
    served.advance_clock("-2h").await;
    let body = json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": USER_1}).to_string();
    let file = temp_path("body.json");
    std::fs::write(&file, &body).expect("body written");

    let (ok, stdout, stderr) = camsim(&[
        "sign",
        "gwell",
        "--control",
        &control,
        "--body",
        file.to_str().unwrap_or_default(),
    ]);

    assert!(ok, "{stderr}");
    let mut request = served.http.post(format!(
        "{}/openapi/custCloud/oss/devList",
        served.url("gwell")
    ));
    for line in stdout.lines() {
        let header = line
            .trim_start_matches("-H '")
            .trim_end_matches(" \\")
            .trim_end_matches('\'');
        let (name, value) = header.split_once(": ").expect("name: value");
        request = request.header(name, value);
    }
    let (status, answer) = read_json(request.body(body).send().await.expect("gwell answers")).await;
    assert_eq!(status, 200);
    assert_eq!(answer["code"], 0, "{answer}");
}

#[tokio::test]
async fn serve_binds_a_host_name_when_given_localhost() {
    let served = Served::start(&["--bind", "localhost"]);

    let control = served.url("control");
    assert!(
        control.starts_with("http://127.0.0.1:") || control.starts_with("http://[::1]:"),
        "{control}"
    );
    let (status, health) = served.control("health").await;
    assert_eq!(status, reqwest::StatusCode::OK, "{health}");
}

#[test]
fn serve_refuses_a_bind_host_name_that_does_not_resolve_naming_it() {
    let (status, stderr) = serve_fails(&["--bind", "no-such-host.invalid", "--port-base", "0"]);

    assert!(!status.success());
    assert!(stderr.contains("no-such-host.invalid"), "{stderr}");
    assert!(stderr.contains("--bind"), "{stderr}");
}

/// The serials of the default scenario's generated devices: drawn from the seed.
async fn generated_serials(served: &Served) -> Vec<String> {
    let (status, devices) = served.control("worlds/default/devices?vendor=gwell").await;
    assert_eq!(status, 200, "{devices}");
    devices
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["sn"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn serve_uses_the_seed_option_when_it_overrides_the_scenario() {
    let seeded = Served::start(&["--seed", "4242"]);
    let again = Served::start(&["--seed", "4242"]);
    let other = Served::start(&["--seed", "4243"]);

    let (status, world) = seeded.control("worlds/default").await;
    let serials = generated_serials(&seeded).await;

    assert_eq!(status, 200);
    assert_eq!(world["seed"], 4242, "{world}");
    assert_eq!(
        serials,
        generated_serials(&again).await,
        "the same seed, the same world"
    );
    assert_ne!(
        serials,
        generated_serials(&other).await,
        "another seed, other devices"
    );
}

/// A folder with the Gwell fixture and a second, differently credentialed world.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn serve_builds_one_world_per_file_when_given_a_folder() {
    let dir = TempDir(temp_path("scenarios"));
    std::fs::create_dir_all(&dir.0).expect("temp folder");
    std::fs::write(dir.0.join("a-gwell.yaml"), GWELL_WORLD).expect("write a");
    std::fs::write(
        dir.0.join("b-second.yaml"),
        "seed: 3\ngwell:\n  apps:\n    - appId: \"3333000000000000000000000000000b\"\n",
    )
    .expect("write b");
    std::fs::write(dir.0.join("notes.txt"), "not a scenario").expect("write notes");

    let served = Served::start(&["--scenario", dir.0.to_str().expect("utf-8 temp path")]);
    let (_, worlds) = served.control("worlds").await;
    let (_, default) = served.control("worlds/default").await;

    let mut names: Vec<&str> = worlds
        .as_array()
        .expect("world list")
        .iter()
        .filter_map(|w| w["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["b-second", "gwell-test"], "{worlds}");
    assert_eq!(
        default["name"], "gwell-test",
        "the first file is the default"
    );
}

#[test]
fn serve_exits_non_zero_printing_file_line_column_when_the_scenario_is_invalid() {
    let (status, stderr) = serve_fails(&[
        "--port-base",
        "0",
        "--scenario",
        "tests/api/fixtures/check/unknown-key.yaml",
    ]);

    assert!(!status.success());
    assert!(
        stderr.contains("tests/api/fixtures/check/unknown-key.yaml:6:7: unknown field `colour`"),
        "{stderr}"
    );
}

#[test]
fn serve_fails_naming_the_listener_when_its_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("local addr").port();

    let (status, stderr) = serve_fails(&["--port-base", &port.to_string()]);

    assert!(!status.success());
    assert!(
        stderr.contains(&format!("cannot listen for control on 127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[test]
fn serve_refuses_a_port_base_when_the_last_vendor_port_would_overflow() {
    let (status, stderr) = serve_fails(&["--port-base", "65534"]);

    assert_eq!(
        status.code(),
        Some(2),
        "a usage error, not a panic: {stderr}"
    );
    assert!(stderr.contains("--port-base"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Stopping

#[tokio::test]
async fn serve_finishes_the_in_flight_request_and_exits_0_when_sent_sigterm() {
    let mut served = Served::start(&[]);
    let (_, world) = served.control("worlds/default").await;
    let (_, clock) = served.control("worlds/default/clock").await;
    let app = &world["gwell"]["apps"][0];
    let now = clock["nowMs"].as_i64().expect("nowMs") / 1000;
    let client = clients::GwellClient::new(
        &served.url("gwell"),
        app["appId"].as_str().expect("appId"),
        app["appKey"].as_str().expect("appKey"),
        now,
    );
    let user = app["users"][0]["accessId"].as_str().expect("accessId");
    let device = app["users"][0]["owns"][0].as_str().expect("a device");
    let mut request = client.request(
        "devInfo",
        &json!({"appId": app["appId"], "appToken": app["appToken"], "accessId": user, "devId": device}),
    );
    request
        .extra_headers
        .push(("X-Camsim-Delay".into(), "1500".into()));

    let in_flight = tokio::spawn(async move { read_json(client.send(&request).await).await });
    tokio::time::sleep(Duration::from_millis(400)).await;
    served.signal("TERM");
    let (status, body) = in_flight.await.expect("request task");
    let exit = served.exit_status().await;

    assert_eq!(status, 200);
    assert_eq!(body["code"], 0, "{body}");
    assert_eq!(body["data"]["deviceInfo"]["deviceId"], device);
    assert_eq!(exit.code(), Some(0), "stderr: {}", served.stderr_text());
    let log = served.stderr_text();
    assert!(log.contains("stopping"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes in a piped log: {log:?}"
    );
}

#[tokio::test]
async fn serve_exits_0_when_sent_sigint() {
    let mut served = Served::start(&[]);
    let control = served.url("control");

    served.signal("INT");
    let exit = served.exit_status().await;

    assert_eq!(exit.code(), Some(0), "stderr: {}", served.stderr_text());
    assert!(
        reqwest::get(format!("{control}/_camsim/health"))
            .await
            .is_err(),
        "nothing listens after the stop"
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown endpoints: each vendor's own envelope, journaled in the default world

async fn unknown_endpoint(sim: &TestSim, vendor: &str) -> Wire {
    let response = sim
        .http
        .post(format!("{}/camsim/no/such/endpoint", sim.urls_of(vendor)))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("vendor listener answers");
    Wire::of(response).await
}

trait UrlsOf {
    fn urls_of(&self, vendor: &str) -> String;
}

impl UrlsOf for TestSim {
    fn urls_of(&self, vendor: &str) -> String {
        match vendor {
            "control" => self.urls.control.clone(),
            "gwell" => self.urls.gwell.clone(),
            "sodalife" => self.urls.sodalife.clone(),
            "onenet" => self.urls.onenet.clone(),
            "tencent" => self.urls.tencent.clone(),
            other => panic!("no listener {other}"),
        }
    }
}

async fn assert_journaled_as_skipped(sim: &TestSim, vendor: &str) {
    let count = sim
        .count(
            "default",
            json!({"vendor": vendor, "path": "/camsim/no/such/endpoint", "auth": "skipped"}),
        )
        .await;
    assert_eq!(count, 1, "{vendor}'s unknown endpoint is journaled once");
}

#[tokio::test]
async fn gwell_listener_answers_404_code_10010_when_the_path_is_unknown() {
    let sim = TestSim::gwell().await;

    let wire = unknown_endpoint(&sim, "gwell").await;

    assert_eq!(wire.status, 404);
    assert_eq!(wire.body["code"], 10010);
    assert_wire!("lifecycle", "gwell_unknown_endpoint", &wire);
    assert_journaled_as_skipped(&sim, "gwell").await;
    sim.shutdown().await;
}

#[tokio::test]
async fn sodalife_listener_answers_404_not_found_when_the_path_is_unknown() {
    let sim = TestSim::gwell().await;

    let wire = unknown_endpoint(&sim, "sodalife").await;

    assert_eq!(wire.status, 404);
    assert_eq!(wire.body["error"], "NOT_FOUND");
    assert_wire!("sodalife", "unknown_endpoint", &wire);
    assert_journaled_as_skipped(&sim, "sodalife").await;
    sim.shutdown().await;
}

#[tokio::test]
async fn onenet_listener_answers_200_errno_8_when_the_path_is_unknown() {
    let sim = TestSim::gwell().await;

    let wire = unknown_endpoint(&sim, "onenet").await;

    assert_eq!(wire.status, 200);
    assert_eq!(wire.body["errno"], 8);
    assert_wire!("onenet", "unknown_endpoint", &wire);
    assert_journaled_as_skipped(&sim, "onenet").await;
    sim.shutdown().await;
}

#[tokio::test]
async fn tencent_listener_answers_200_invalid_action_when_the_path_is_unknown() {
    let sim = TestSim::gwell().await;

    let wire = unknown_endpoint(&sim, "tencent").await;

    assert_eq!(wire.status, 200);
    assert_eq!(wire.body["Response"]["Error"]["Code"], "InvalidAction");
    assert_wire!("tencent", "unknown_endpoint", &wire);
    assert_journaled_as_skipped(&sim, "tencent").await;
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// CORS

async fn preflight(http: &reqwest::Client, base: &str, origin: &str) -> reqwest::Response {
    http.request(
        reqwest::Method::OPTIONS,
        format!("{base}/openapi/custCloud/oss/devInfo"),
    )
    .header("Origin", origin)
    .header("Access-Control-Request-Method", "POST")
    .header(
        "Access-Control-Request-Headers",
        "content-type, x-iotvideo-signature",
    )
    .send()
    .await
    .expect("preflight answered")
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tokio::test]
async fn every_listener_answers_a_preflight_with_204_and_allow_headers_when_any_origin_is_allowed()
{
    let sim = TestSim::gwell().await;

    for listener in LISTENERS {
        let response = preflight(&sim.http, &sim.urls_of(listener), "http://app.test").await;

        assert_eq!(response.status(), 204, "{listener}");
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some("http://app.test"),
            "{listener}"
        );
        let methods = header(&response, "access-control-allow-methods").unwrap_or_default();
        assert!(methods.contains("POST"), "{listener}: {methods}");
        let headers = header(&response, "access-control-allow-headers").unwrap_or_default();
        assert!(
            headers.contains("x-iotvideo-signature"),
            "{listener}: {headers}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn every_listener_adds_allow_origin_to_an_answer_when_the_request_has_an_origin() {
    let sim = TestSim::gwell().await;

    for listener in LISTENERS {
        let path = if listener == "control" {
            "/_camsim/health"
        } else {
            "/camsim/no/such/endpoint"
        };
        let response = sim
            .http
            .post(format!("{}{path}", sim.urls_of(listener)))
            .header("Origin", "http://app.test")
            .body("{}")
            .send()
            .await
            .expect("answered");

        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some("http://app.test"),
            "{listener}"
        );
    }
    let (status, _) = sim.get("health").await;
    assert_eq!(status, 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn serve_allows_only_the_listed_origin_when_given_cors_origin() {
    let served = Served::start(&["--cors-origin", "http://a.test"]);

    for listener in LISTENERS {
        let allowed = preflight(&served.http, &served.url(listener), "http://a.test").await;
        let other = preflight(&served.http, &served.url(listener), "http://b.test").await;

        assert_eq!(allowed.status(), 204, "{listener}");
        assert_eq!(
            header(&allowed, "access-control-allow-origin").as_deref(),
            Some("http://a.test"),
            "{listener}"
        );
        assert!(
            header(&allowed, "access-control-allow-methods").is_some(),
            "{listener}"
        );
        assert_eq!(
            header(&other, "access-control-allow-origin"),
            None,
            "{listener}"
        );
        assert_eq!(
            header(&other, "access-control-allow-methods"),
            None,
            "{listener}"
        );
    }
    let normal = served
        .http
        .get(format!("{}/_camsim/health", served.url("control")))
        .header("Origin", "http://b.test")
        .send()
        .await
        .expect("health");
    assert_eq!(normal.status(), 200);
    assert_eq!(header(&normal, "access-control-allow-origin"), None);
}

// ---------------------------------------------------------------------------------------------
// Oversized bodies

fn oversized_dev_info_body() -> String {
    let body = json!({
        "appId": APP_ID,
        "appToken": APP_TOKEN,
        "accessId": USER_1,
        "devId": "5188001415988",
        "padding": "x".repeat(70_000 - 200),
    })
    .to_string();
    // Pad to exactly 70,000 bytes.
    let missing = 70_000 - body.len();
    body.replacen(
        "\"padding\":\"",
        &format!("\"padding\":\"{}", "x".repeat(missing)),
        1,
    )
}

#[tokio::test]
async fn dev_info_refuses_with_10007_minus_1_when_the_body_is_70000_bytes() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let body = oversized_dev_info_body();
    assert_eq!(body.len(), 70_000);
    let mut request = client.request("devInfo", &json!({}));
    request.body = body;

    let (status, answer) = read_json(client.send(&request).await).await;

    assert_eq!(status, 200);
    assert_eq!(answer["code"], 10007, "{answer}");
    assert_eq!(answer["msg"], "signature validate fail:-1");
    assert_wire!(
        "lifecycle",
        "gwell_oversized_body",
        &json!({"status": status.as_u16(), "body": answer})
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_refuses_with_10007_minus_1_when_a_chunked_body_grows_past_64_kib() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let body = oversized_dev_info_body();
    let signed = client.request("devInfo", &json!({}));
    let host = signed.host.clone();
    let timestamp = signed.timestamp.to_string();
    let signature = clients::gwell_signature(
        APP_KEY,
        &host,
        APP_ID,
        &signed.nonce,
        &timestamp,
        body.as_bytes(),
    );
    let mut raw = format!(
        "POST /openapi/custCloud/oss/devInfo HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\nX-IotVideo-AccessID: {APP_ID}\r\n\
         X-IotVideo-Nonce: {}\r\nX-IotVideo-Timestamp: {timestamp}\r\nX-IotVideo-Signature: {signature}\r\n\r\n",
        signed.nonce
    )
    .into_bytes();
    for chunk in body.as_bytes().chunks(8192) {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");

    let mut stream = tokio::net::TcpStream::connect(&host)
        .await
        .expect("connect to gwell");
    // The server may answer and close before it has read everything: ignore write errors.
    let _ = stream.write_all(&raw).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);

    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        answer.contains("\"code\":10007") && answer.contains("signature validate fail:-1"),
        "{answer}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn dev_info_still_answers_when_the_body_is_just_under_64_kib() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();
    let mut body = oversized_dev_info_body();
    body = body.replacen(&"x".repeat(70_000 - 65_535), "", 1);
    assert_eq!(body.len(), 65_535);
    let mut request = client.request("devInfo", &json!({}));
    request.body = body;

    let (status, answer) = read_json(client.send(&request).await).await;

    assert_eq!(status, 200);
    assert_eq!(answer["code"], 0, "{answer}");
    sim.shutdown().await;
}
