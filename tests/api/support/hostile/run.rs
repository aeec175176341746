//! Running cases against a started camsim: discovering the [`Target`] (the default world's
//! Gwell app, plus the sandbox, Sodalife, OneNET and Tencent worlds created here), running each
//! step of a case on its own connection with the oracle applied (a step may follow the link the
//! previous answer handed out, or put a value of it into its own request), the clean-up after
//! cases that may change worlds, the check that the Tencent world survived the run, and the
//! tally a run reports (cases, requests and statuses per listener, closes, hangs, violations).

use super::table::{self, Listener};
use super::wire::{self, Reply, Send};
use super::{
    Case, Expect, GwellApp, Step, Target, onenet_world, oracle, soda_world, tencent_world,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// Per-request deadline: an answer or a close must come within it.
pub const DEADLINE: Duration = Duration::from_secs(5);
/// A request that builds a big world (150,000 devices) may take longer than [`DEADLINE`]
/// in a debug build on two busy cores; the control API's liveness meanwhile is checked apart.
pub const BUILD_DEADLINE: Duration = Duration::from_secs(30);
/// Deadline for a request whose announced body never comes: it must be refused quickly.
pub const UNSENT_DEADLINE: Duration = Duration::from_secs(2);
/// How long a health check may take while a slow request is served (a debug build answers
/// health in milliseconds; a blocked worker makes it wait for the slow request).
pub const LIVENESS: Duration = Duration::from_millis(1500);
/// When the health check starts, after the slow request was sent.
const LIVENESS_AFTER: Duration = Duration::from_millis(300);

/// A well-formed request and its JSON answer (set-up and clean-up).
pub async fn call(
    target_addr: &str,
    method: &str,
    path: &str,
    body: &[u8],
) -> Result<(u16, Value), String> {
    let bytes = wire::request(
        method,
        target_addr,
        path,
        &[("Content-Type", "application/json")],
        body,
    );
    match wire::exchange(target_addr, &bytes, Send::Whole, false, DEADLINE).await {
        Reply::Answer(a) => Ok((
            a.status,
            serde_json::from_slice(&a.body).unwrap_or(Value::Null),
        )),
        other => Err(format!("{method} {path}: {}", other.summary())),
    }
}

/// Creates world `name` from `scenario` through the control API at `control`, or resets it
/// when it exists already (the soak and the long run prepare their worlds again).
pub async fn create_or_reset(control: &str, name: &str, scenario: &str) -> Result<(), String> {
    let path = format!("/_camsim/worlds?name={name}");
    let (status, json) = call(control, "POST", &path, scenario.as_bytes()).await?;
    match status {
        201 => Ok(()),
        409 => {
            let reset = format!("/_camsim/worlds/{name}/reset");
            let (status, json) = call(control, "POST", &reset, b"").await?;
            if status == 200 {
                Ok(())
            } else {
                Err(format!("reset {name}: {status} {json}"))
            }
        }
        _ => Err(format!("cannot create {name}: {status} {json}")),
    }
}

/// The target of a freshly started camsim (embedded default scenario): the default world's
/// first Gwell app and user with one of her devices, and the sandbox world, created here.
pub async fn prepare(addrs: BTreeMap<Listener, String>) -> Result<Target, String> {
    let control = addrs.get(&Listener::Control).cloned().unwrap_or_default();
    let (status, world) = call(&control, "GET", "/_camsim/worlds/default", b"").await?;
    if status != 200 {
        return Err(format!("GET worlds/default: {status} {world}"));
    }
    let app = &world["gwell"]["apps"][0];
    let user = &app["users"][0];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let dev_id = text(&user["owns"][0]);
    let (_, device) = call(
        &control,
        "GET",
        &format!("/_camsim/worlds/default/devices/gwell/{dev_id}"),
        b"",
    )
    .await?;
    let default_app = GwellApp {
        app_id: text(&app["appId"]),
        app_token: text(&app["appToken"]),
        app_key: text(&app["appKey"]),
        access_id: text(&user["accessId"]),
        dev_id,
        sn: text(&device["sn"]),
    };
    if default_app.app_id.is_empty() || default_app.sn.is_empty() {
        return Err(format!(
            "the default world has no Gwell app with an owned device: {world}"
        ));
    }
    create_sandbox(&control).await?;
    let sodalife = addrs.get(&Listener::Sodalife).cloned().unwrap_or_default();
    let soda = soda_world::prepare(&control, &sodalife).await?;
    let onenet_addr = addrs.get(&Listener::Onenet).cloned().unwrap_or_default();
    let onenet = onenet_world::prepare(&control, &onenet_addr).await?;
    let tencent_addr = addrs.get(&Listener::Tencent).cloned().unwrap_or_default();
    let tencent = tencent_world::prepare(&control, &tencent_addr).await?;
    let (app_id, app_token, app_key, access_id, dev_id, sn) = table::SANDBOX_APP;
    Ok(Target {
        soda,
        onenet,
        tencent,
        addrs,
        app: default_app,
        sandbox: GwellApp {
            app_id: app_id.into(),
            app_token: app_token.into(),
            app_key: app_key.into(),
            access_id: access_id.into(),
            dev_id: dev_id.into(),
            sn: sn.into(),
        },
    })
}

async fn create_sandbox(control: &str) -> Result<(), String> {
    let path = format!("/_camsim/worlds?name={}", table::SANDBOX_WORLD);
    let (status, body) = call(control, "POST", &path, table::SANDBOX_SCENARIO.as_bytes()).await?;
    match status {
        201 | 409 => Ok(()),
        _ => Err(format!("cannot create the sandbox world: {status} {body}")),
    }
}

/// Puts the worlds a control case may have changed back: the default and sandbox worlds are
/// reset (clock, faults, devices), the sandbox re-created if a case deleted it, and a world the
/// case created is deleted.
async fn clean_up(target: &Target, replies: &[Reply]) -> Result<(), String> {
    let control = target.addr(Listener::Control);
    for reply in replies {
        if let Reply::Answer(a) = reply
            && a.status == 201
            && let Ok(json) = serde_json::from_slice::<Value>(&a.body)
            && let Some(name) = json["name"].as_str()
            && name != table::SANDBOX_WORLD
            && !name.contains(['/', '?', '#', '%', ' '])
            && name.is_ascii()
        {
            let _ = call(control, "DELETE", &format!("/_camsim/worlds/{name}"), b"").await?;
        }
    }
    let (status, _) = call(control, "POST", "/_camsim/worlds/default/reset", b"").await?;
    if status != 200 {
        return Err(format!("reset of the default world answered {status}"));
    }
    let reset = format!("/_camsim/worlds/{}/reset", table::SANDBOX_WORLD);
    let (status, _) = call(control, "POST", &reset, b"").await?;
    match status {
        200 => Ok(()),
        404 => create_sandbox(control).await,
        other => Err(format!("reset of the sandbox answered {other}")),
    }
}

/// One step's outcome, for the tally.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub listener: Listener,
    pub reply: Reply,
    pub violation: Option<String>,
}

/// The step that follows the previous answer: a GET of the link in its JSON `field` (a
/// top-level name, or a JSON pointer starting with `/`) when the step has no bytes of its own
/// (`http://host:port/path`, on the listener that answered), else the step's own request with
/// `{follow}` replaced by that field's text. `None` when that answer holds no such value.
fn follow(step: &Step, previous: Option<&Reply>, target: &Target) -> Option<Step> {
    let field = step.follow?;
    let Some(Reply::Answer(answer)) = previous else {
        return None;
    };
    let json: Value = serde_json::from_slice(&answer.body).ok()?;
    let value = if field.starts_with('/') {
        json.pointer(field)?.as_str()?
    } else {
        json[field].as_str()?
    };
    let bytes = if step.bytes.is_empty() {
        let rest = value.strip_prefix("http://")?;
        let path = &rest[rest.find('/')?..];
        wire::request("GET", target.addr(step.listener), path, &[], b"")
    } else {
        let text = String::from_utf8_lossy(&step.bytes);
        text.replace("{follow}", value).into_bytes()
    };
    Some(Step {
        bytes,
        follow: None,
        ..step.clone()
    })
}

/// Runs every step of `case` in order (each on its own connection), then its clean-up.
pub async fn run_case(case: &Case, target: &Target) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(case.steps.len());
    let mut replies = Vec::with_capacity(case.steps.len());
    for step in &case.steps {
        let followed;
        let step = if step.follow.is_some() {
            match follow(step, replies.last(), target) {
                Some(built) => {
                    followed = built;
                    &followed
                }
                None => continue,
            }
        } else {
            step
        };
        let health = step.liveness.then(|| {
            let control = target.addr(Listener::Control).to_string();
            tokio::spawn(async move {
                tokio::time::sleep(LIVENESS_AFTER).await;
                let bytes = wire::request("GET", &control, "/_camsim/health", &[], b"");
                let started = std::time::Instant::now();
                let reply = wire::exchange(&control, &bytes, Send::Whole, false, DEADLINE).await;
                (reply, started.elapsed())
            })
        });
        // A body announced and never sent must be refused, not waited for.
        let deadline = if step.expect == Expect::UnsentBody {
            UNSENT_DEADLINE
        } else if step.liveness {
            BUILD_DEADLINE
        } else {
            DEADLINE
        };
        let reply = wire::exchange(
            target.addr(step.listener),
            &step.bytes,
            step.send,
            step.head,
            deadline,
        )
        .await;
        let mut violation = oracle::check(step, &reply, replies.last());
        if let Some(health) = health
            && let Ok((health_reply, took)) = health.await
        {
            let answered = matches!(&health_reply, Reply::Answer(a) if a.status == 200);
            if violation.is_none() && (!answered || took > LIVENESS) {
                violation = Some(format!(
                    "server blocked: GET /_camsim/health meanwhile took {} ms ({})",
                    took.as_millis(),
                    health_reply.summary()
                ));
            }
        }
        outcomes.push(Outcome {
            listener: step.listener,
            reply: reply.clone(),
            violation,
        });
        replies.push(reply);
    }
    if case.cleanup
        && let Err(e) = clean_up(target, &replies).await
    {
        outcomes.push(Outcome {
            listener: Listener::Control,
            reply: Reply::ConnectFailed(e.clone()),
            violation: Some(format!("clean-up after the case failed: {e}")),
        });
    }
    outcomes
}

/// A violation, with what is needed to reproduce and read it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub seed: u64,
    pub index: u64,
    pub listener: Listener,
    pub kind: &'static str,
    pub what: String,
    pub problem: String,
    pub reply: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seed {} case {} [{} {}] {}\n    violation: {}\n    got: {}",
            self.seed,
            self.index,
            self.listener.name(),
            self.kind,
            self.what,
            self.problem,
            self.reply
        )
    }
}

/// Counts over a run.
#[derive(Debug, Default)]
pub struct Tally {
    pub cases: u64,
    /// Cases per listener (a case's steps may reach others).
    pub cases_by_listener: BTreeMap<Listener, u64>,
    pub requests: BTreeMap<Listener, u64>,
    /// (listener, status) -> answers.
    pub statuses: BTreeMap<(Listener, u16), u64>,
    pub closes: BTreeMap<Listener, u64>,
    pub hangs: BTreeMap<Listener, u64>,
    pub violations: Vec<Violation>,
}

impl Tally {
    pub fn add(&mut self, case: &Case, outcomes: &[Outcome]) {
        self.cases = self.cases.saturating_add(1);
        let n = self.cases_by_listener.entry(case.listener).or_default();
        *n = n.saturating_add(1);
        for outcome in outcomes {
            let l = outcome.listener;
            let bump = |map: &mut BTreeMap<Listener, u64>| {
                let n = map.entry(l).or_default();
                *n = n.saturating_add(1);
            };
            bump(&mut self.requests);
            match &outcome.reply {
                Reply::Answer(a) => {
                    let n = self.statuses.entry((l, a.status)).or_default();
                    *n = n.saturating_add(1);
                }
                Reply::Closed { .. } => bump(&mut self.closes),
                Reply::TimedOut { .. } => bump(&mut self.hangs),
                _ => {}
            }
            if let Some(problem) = &outcome.violation {
                self.violations.push(Violation {
                    seed: case.seed,
                    index: case.index,
                    listener: l,
                    kind: case.kind,
                    what: case.what.clone(),
                    problem: problem.clone(),
                    reply: outcome.reply.summary(),
                });
            }
        }
    }

    /// The per-listener table: requests, answers by status, closes, hangs.
    pub fn print(&self) {
        let cases: Vec<String> = Listener::ALL
            .iter()
            .map(|l| {
                let n = self.cases_by_listener.get(l).copied().unwrap_or(0);
                format!("{} {n}", l.name())
            })
            .collect();
        println!("cases by listener: {}", cases.join(", "));
        println!("listener    requests  closes  hangs  answers by status");
        for listener in Listener::ALL {
            let statuses: Vec<String> = self
                .statuses
                .iter()
                .filter(|((l, _), _)| *l == listener)
                .map(|((_, s), n)| format!("{s}:{n}"))
                .collect();
            println!(
                "{:<10} {:>9} {:>7} {:>6}  {}",
                listener.name(),
                self.requests.get(&listener).copied().unwrap_or(0),
                self.closes.get(&listener).copied().unwrap_or(0),
                self.hangs.get(&listener).copied().unwrap_or(0),
                statuses.join(" ")
            );
        }
    }

    /// Violations grouped by (listener, kind, problem) with a count and the first case.
    pub fn print_violation_groups(&self) {
        let mut groups: BTreeMap<(String, &'static str, String), (u64, &Violation)> =
            BTreeMap::new();
        for v in &self.violations {
            let key = (v.listener.name().to_string(), v.kind, v.problem.clone());
            let entry = groups.entry(key).or_insert((0, v));
            entry.0 = entry.0.saturating_add(1);
        }
        println!(
            "{} violations in {} groups:",
            self.violations.len(),
            groups.len()
        );
        for ((listener, kind, problem), (count, first)) in &groups {
            println!(
                "  {count:>5} x [{listener} {kind}] {problem}\n          first: seed {} case {}: {}\n          got: {}",
                first.seed, first.index, first.what, first.reply
            );
        }
    }
}

/// The end-of-run checks on the process: alive and answering health, no panic on stderr,
/// RSS under `rss_bound_kib`. Each failure as text.
pub async fn process_checks(
    server: &mut super::process::Server,
    rss_bound_kib: u64,
) -> Vec<String> {
    let mut problems = Vec::new();
    if !server.alive() {
        problems.push(format!(
            "camsim exited; stderr tail: {}",
            server.stderr_tail()
        ));
        return problems;
    }
    let control = server
        .addrs
        .get(&Listener::Control)
        .cloned()
        .unwrap_or_default();
    match call(&control, "GET", "/_camsim/health", b"").await {
        Ok((200, _)) => {}
        Ok((status, body)) => problems.push(format!("health answered {status} {body}")),
        Err(e) => problems.push(format!("health: {e}")),
    }
    let (panics, first) = server.panics();
    if panics > 0 {
        problems.push(format!(
            "{panics} panics on stderr; first: {}",
            first.join("\n    ")
        ));
    }
    match server.rss_kib() {
        Some(kib) if kib > rss_bound_kib => problems.push(format!(
            "RSS {} MiB over the bound of {} MiB",
            kib / 1024,
            rss_bound_kib / 1024
        )),
        _ => {}
    }
    problems
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Runs cases `first, first + 1, ...` of `seed` while `more(index)` says so (cases are
/// independent: the clean-up after each puts the worlds back). A panic that appears on
/// camsim's stderr during a case is a violation of that case (the panic line is drained on a
/// thread, so it can land on the next case at worst). Progress goes to stdout every `report`.
pub async fn run_cases(
    server: &super::process::Server,
    target: &Target,
    seed: u64,
    first: u64,
    mut more: impl FnMut(u64) -> bool,
) -> Tally {
    let mut tally = Tally::default();
    let mut index = first;
    let mut panics_seen = 0usize;
    let mut target = target.clone();
    let mut other_world_stale = false;
    while more(index) {
        refresh_sodalife(&mut target, index, first, &mut other_world_stale).await;
        refresh_onenet(&mut target, index, first).await;
        refresh_tencent(&mut target, index, first).await;
        let case = super::generate::case(seed, index, &target, unix_now());
        let mut outcomes = run_case(&case, &target).await;
        other_world_stale |= case.cleanup;
        let (panics, _) = server.panics();
        if panics > panics_seen {
            outcomes.push(Outcome {
                listener: case.listener,
                reply: Reply::ConnectFailed("(see stderr)".into()),
                violation: Some(format!(
                    "camsim panicked (during this case or the one before): {}",
                    without_thread_id(&server.last_panic())
                )),
            });
            panics_seen = panics;
        }
        tally.add(&case, &outcomes);
        index = index.saturating_add(1);
    }
    let api = target.addr(Listener::Tencent).to_string();
    for problem in tencent_world::check_world(&target.tencent, &api).await {
        tally.violations.push(Violation {
            seed,
            index,
            listener: Listener::Tencent,
            kind: "tencent-world",
            what: "after the run, the keeper's answers as at set-up".into(),
            problem,
            reply: String::new(),
        });
    }
    tally
}

/// Sodalife cases need live credentials: the default world's token again after a clean-up
/// reset that world, and every [`SODA_RENEW_EVERY`] cases the Sodalife world set up afresh
/// (pictures and device history grow under its frozen clock).
async fn refresh_sodalife(target: &mut Target, index: u64, first: u64, stale: &mut bool) {
    let sodalife = target.addr(Listener::Sodalife).to_string();
    if index > first && index.is_multiple_of(SODA_RENEW_EVERY) {
        let control = target.addr(Listener::Control).to_string();
        match soda_world::prepare(&control, &sodalife).await {
            Ok(soda) => target.soda = soda,
            Err(e) => eprintln!("the Sodalife world could not be set up again: {e}"),
        }
        *stale = false;
    }
    if *stale && index % 5 == 2 {
        soda_world::refresh_other_world(&mut target.soda, &sodalife).await;
        *stale = false;
    }
}

/// How often the Sodalife world is set up afresh, in cases.
pub const SODA_RENEW_EVERY: u64 = 10_000;

/// The OneNET world set up afresh every [`ONENET_RENEW_EVERY`] cases: cases create devices,
/// upload pictures and files, delete the victim, and every play address or alarm list issues
/// media tokens (at most 10,000 are kept, the oldest revoked first: the suite's own must stay).
async fn refresh_onenet(target: &mut Target, index: u64, first: u64) {
    if index > first && index.is_multiple_of(ONENET_RENEW_EVERY) {
        let control = target.addr(Listener::Control).to_string();
        let api = target.addr(Listener::Onenet).to_string();
        match onenet_world::prepare(&control, &api).await {
            Ok(onenet) => target.onenet = onenet,
            Err(e) => eprintln!("the OneNET world could not be set up again: {e}"),
        }
    }
}

/// How often the OneNET world is set up afresh, in cases.
pub const ONENET_RENEW_EVERY: u64 = 2_000;

/// The Tencent world set up afresh every [`TENCENT_RENEW_EVERY`] cases: cases create orders
/// and queue packages on the victim, bind its users and use up free packages.
async fn refresh_tencent(target: &mut Target, index: u64, first: u64) {
    if index > first && index.is_multiple_of(TENCENT_RENEW_EVERY) {
        let control = target.addr(Listener::Control).to_string();
        let api = target.addr(Listener::Tencent).to_string();
        match tencent_world::prepare(&control, &api).await {
            Ok(tencent) => target.tencent = tencent,
            Err(e) => eprintln!("the Tencent world could not be set up again: {e}"),
        }
    }
}

/// How often the Tencent world is set up afresh, in cases.
pub const TENCENT_RENEW_EVERY: u64 = 2_000;

/// A panic line without its thread name and id, so equal panics group together.
fn without_thread_id(line: &str) -> String {
    match line.split_once("panicked at ") {
        Some((_, rest)) => format!("panicked at {rest}"),
        None => line.to_string(),
    }
}
