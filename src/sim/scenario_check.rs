//! Everything `camsim check` (and world creation) verifies beyond the YAML's shape: ids that
//! must be numbers, duplicates, references to users and devices that do not exist, fault rules
//! the vendors would not understand. Also loads scenario files and folders, checking that the
//! worlds they describe do not claim one another's credentials.

use super::VendorId;
use super::faults::FaultCatalog;
use super::generate::generated_ids;
use super::scenario::{self, GwellAppSpec, Problem, Scenario, TimeSpec};
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The most devices one `generate:` entry may ask for.
pub const MAX_GENERATED: u32 = 1_000_000;
/// The most devices one world may hold, listed and generated together. A world lives in
/// memory (about 1 KiB a device while it is built), so this keeps one scenario from taking
/// the machine; several such worlds still fit in a few GiB.
pub const MAX_WORLD_DEVICES: u64 = 1_000_000;

/// A problem in a named file, printed as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub problem: Problem,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.problem)
    }
}

/// A scenario read from a file, checked, with the world name it gives.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub file: String,
    pub name: String,
    pub scenario: Scenario,
}

/// Parses and checks one scenario text.
pub fn load_text(text: &str, catalog: &dyn FaultCatalog) -> Result<Scenario, Vec<Problem>> {
    let scenario = scenario::parse(text).map_err(|p| vec![p])?;
    let problems = check(&scenario, catalog);
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// Loads files and folders (every `.yaml`, `.yml` and `.json` in a folder, by name), reporting
/// every problem in every file, plus world names and credentials claimed twice.
pub fn load_paths(
    paths: &[PathBuf],
    catalog: &dyn FaultCatalog,
) -> Result<Vec<LoadedScenario>, Vec<FileProblem>> {
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for file in expand(paths, &mut problems) {
        let label = file.display().to_string();
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                problems.push(FileProblem {
                    file: label,
                    problem: Problem::at_start(format!("cannot read: {e}")),
                });
                continue;
            }
        };
        match load_text(&text, catalog) {
            Ok(scenario) => {
                let name = scenario.name.clone().unwrap_or_else(|| {
                    file.file_stem()
                        .map_or("default".into(), |s| s.to_string_lossy().into_owned())
                });
                loaded.push(LoadedScenario {
                    file: label,
                    name,
                    scenario,
                });
            }
            Err(found) => problems.extend(found.into_iter().map(|problem| FileProblem {
                file: label.clone(),
                problem,
            })),
        }
    }
    problems.extend(cross_file_problems(&loaded));
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(problems)
    }
}

fn expand(paths: &[PathBuf], problems: &mut Vec<FileProblem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            inside.retain(|p| is_scenario_file(p));
            inside.sort();
            if inside.is_empty() {
                problems.push(FileProblem {
                    file: path.display().to_string(),
                    problem: Problem::at_start("folder holds no .yaml, .yml or .json scenario"),
                });
            }
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn is_scenario_file(p: &Path) -> bool {
    p.is_file()
        && matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        )
}

fn cross_file_problems(loaded: &[LoadedScenario]) -> Vec<FileProblem> {
    let mut out = Vec::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    let mut claimed: HashMap<(VendorId, String), String> = HashMap::new();
    for l in loaded {
        if let Some(first) = names.insert(&l.name, &l.file) {
            out.push(FileProblem {
                file: l.file.clone(),
                problem: Problem::at_start(format!(
                    "world name `{}` is already used by {first}",
                    l.name
                )),
            });
        }
        for (vendor, id, loc) in declared_credentials(&l.scenario) {
            if let Some(first) = claimed.get(&(vendor, id.clone())) {
                out.push(FileProblem {
                    file: l.file.clone(),
                    problem: Problem::at(
                        &loc,
                        format!("{vendor} credential `{id}` is already claimed by {first}"),
                    ),
                });
            } else {
                claimed.insert((vendor, id), l.file.clone());
            }
        }
    }
    out
}

/// Credentials written in the scenario (generated ones are unique by construction).
pub fn declared_credentials(s: &Scenario) -> Vec<(VendorId, String, Location)> {
    let mut out: Vec<(VendorId, String, Location)> = s
        .gwell
        .apps
        .iter()
        .filter_map(|a| a.app_id.as_ref())
        .map(|id| (VendorId::Gwell, id.value.clone(), id.referenced))
        .collect();
    out.extend(s.sodalife.clients.iter().map(|c| {
        (
            VendorId::Sodalife,
            c.client_id.value.clone(),
            c.client_id.referenced,
        )
    }));
    out.extend(s.onenet.products.iter().map(|p| {
        (
            VendorId::Onenet,
            p.master_key.value.clone(),
            p.master_key.referenced,
        )
    }));
    out.extend(s.tencent.secrets.iter().map(|t| {
        (
            VendorId::Tencent,
            t.secret_id.value.clone(),
            t.secret_id.referenced,
        )
    }));
    out
}

/// Every semantic problem in one scenario, in file order per section.
pub fn check(s: &Scenario, catalog: &dyn FaultCatalog) -> Vec<Problem> {
    let mut out = Vec::new();
    if s.journal.capacity == 0 {
        out.push(Problem::at_start("journal.capacity: must be at least 1"));
    }
    // The newest entry is always kept, so the bound holds only if the largest entry fits it.
    let largest = super::journal::max_entry_bytes(s.journal.body_limit);
    if s.journal.max_bytes < largest {
        out.push(Problem::at_start(format!(
            "journal.maxBytes: must be at least {largest} (the largest entry with bodyLimit {}: \
             two bodies, text fields of {} bytes, {} bytes of headers, overhead)",
            s.journal.body_limit,
            super::journal::TEXT_LIMIT,
            super::journal::HEADERS_LIMIT,
        )));
    }
    if s.clock.mode == super::ClockMode::Frozen && s.clock.offset_seconds != 0 {
        out.push(Problem::at_start(
            "clock.offsetSeconds: applies to a real clock only; a frozen clock takes `at`",
        ));
    }
    let offset_reading = super::clock::system_now_ms()
        .div_euclid(1000)
        .checked_add(s.clock.offset_seconds)
        .and_then(|secs| secs.checked_mul(1000));
    if !offset_reading.is_some_and(super::clock::in_range_ms) {
        out.push(Problem::at_start(format!(
            "clock.offsetSeconds: {} would put the clock outside the years 1 to 9999",
            s.clock.offset_seconds
        )));
    }
    if s.clock.at.is_some() && s.clock.offset_seconds != 0 {
        out.push(Problem::at_start(
            "clock: give `at` or `offsetSeconds`, not both (`at` fixes where the clock starts)",
        ));
    }
    if let Some(name) = &s.name
        && let Err(e) = super::worlds::check_name(name)
    {
        out.push(Problem::at_start(e.to_string()));
    }
    let mut seen_credentials = HashSet::new();
    for (vendor, id, loc) in declared_credentials(s) {
        if id.trim().is_empty() {
            out.push(Problem::at(
                &loc,
                format!("{vendor} credential must not be empty"),
            ));
        } else if !seen_credentials.insert((vendor, id.clone())) {
            out.push(Problem::at(
                &loc,
                format!("duplicate {vendor} credential `{id}`"),
            ));
        }
    }
    let mut gwell_devices = BTreeSet::new();
    let mut gwell_sns = HashSet::new();
    if let Some(too_big) = over_world_size(s) {
        // Checking each device of an oversized world would itself take the memory refused.
        out.push(too_big);
    } else {
        for app in &s.gwell.apps {
            check_gwell_app(app, &mut gwell_devices, &mut gwell_sns, &mut out);
        }
    }
    if let Some(extra) = s.faults.get(super::faults::MAX_RULES) {
        out.push(Problem::at(
            &extra.referenced,
            format!("faults: at most {} rules a world", super::faults::MAX_RULES),
        ));
    }
    for rule in &s.faults {
        let loc = rule.referenced;
        for p in rule.value.problems(catalog) {
            out.push(Problem::at(&loc, format!("fault: {p}")));
        }
        if let Some(device) = &rule.value.device {
            let known = match rule.value.effective_vendor() {
                Some(VendorId::Gwell) | None => gwell_devices.contains(device.as_str()),
                Some(_) => false,
            };
            if !known {
                out.push(Problem::at(
                    &loc,
                    format!("fault: device `{device}` is not a device of this scenario"),
                ));
            }
        }
    }
    // Sections are checked one after another; a reader wants them in file order.
    out.sort_by_key(|p| (p.line, p.column));
    out
}

/// Devices a world built from `s` will hold, listed and generated (saturating).
pub fn planned_devices(s: &Scenario) -> u64 {
    s.gwell
        .apps
        .iter()
        .flat_map(|app| {
            let generated = app.generate.iter().map(|g| u64::from(g.value.count));
            std::iter::once(app.devices.len() as u64).chain(generated)
        })
        .fold(0, u64::saturating_add)
}

/// The world's device count past [`MAX_WORLD_DEVICES`], reported at the entry that crosses it.
fn over_world_size(s: &Scenario) -> Option<Problem> {
    let mut total: u64 = 0;
    for app in &s.gwell.apps {
        total = total.saturating_add(app.devices.len() as u64);
        for g in &app.generate {
            total = total.saturating_add(u64::from(g.value.count));
            if total > MAX_WORLD_DEVICES {
                return Some(at(
                    g,
                    format!(
                        "generate.count: the world would hold more than {MAX_WORLD_DEVICES} devices (listed and generated together)"
                    ),
                ));
            }
        }
    }
    (total > MAX_WORLD_DEVICES).then(|| {
        Problem::at_start(format!(
            "gwell.apps: the world would hold {total} devices, more than {MAX_WORLD_DEVICES}"
        ))
    })
}

fn is_int64(text: &str) -> bool {
    text.parse::<i64>().is_ok()
}

fn check_gwell_app(
    app: &GwellAppSpec,
    devices: &mut BTreeSet<String>,
    sns: &mut HashSet<String>,
    out: &mut Vec<Problem>,
) {
    for (field, value) in [("appToken", &app.app_token), ("appKey", &app.app_key)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            let loc = app.app_id.as_ref().map(|a| a.referenced);
            out.push(problem_near(loc, format!("{field}: must not be empty")));
        }
    }
    let mut users = HashSet::new();
    for u in &app.users {
        let id = u.access_id.value.as_str();
        if !is_int64(id) {
            out.push(at(
                &u.access_id,
                format!("accessId: `{id}` is not an int64"),
            ));
        } else if !users.insert(id.to_string()) {
            out.push(at(&u.access_id, format!("duplicate accessId `{id}`")));
        }
    }
    let user_ref = |r: &Spanned<scenario::IdText>, role: &str, out: &mut Vec<Problem>| {
        if !users.contains(r.value.as_str()) {
            out.push(at(
                r,
                format!("{role}: `{}` is not a user (accessId) of this app", r.value),
            ));
        }
    };
    for d in &app.devices {
        let id = d.dev_id.value.as_str();
        if id.parse::<i64>().map_or(true, |n| n <= 0) {
            out.push(at(
                &d.dev_id,
                format!("devId: `{id}` is not a positive int64"),
            ));
        } else if !devices.insert(id.to_string()) {
            out.push(at(&d.dev_id, format!("duplicate devId `{id}`")));
        }
        let sn = d.sn.value.as_str();
        if sn.trim().is_empty() {
            out.push(at(&d.sn, "sn: must not be empty"));
        } else if !sns.insert(sn.to_string()) {
            out.push(at(&d.sn, format!("duplicate sn `{sn}`")));
        }
        if let Some(owner) = &d.owner {
            user_ref(owner, "owner", out);
        }
        let mut guests = HashSet::new();
        for g in &d.guests {
            user_ref(g, "guests", out);
            if d.owner.as_ref().is_some_and(|o| o.value == g.value) {
                out.push(at(g, format!("guests: `{}` is the owner", g.value)));
            } else if !guests.insert(g.value.as_str()) {
                out.push(at(g, format!("guests: `{}` is listed twice", g.value)));
            }
        }
        if !d.guests.is_empty() && d.owner.is_none() {
            out.push(at(
                &d.dev_id,
                "guests: a device without an owner cannot be shared",
            ));
        }
        let ranged = [
            ("battery", &d.battery, 100),
            ("powerMode", &d.power_mode, 2),
            ("powerCharging", &d.power_charging, 3),
            ("noticeStatus", &d.notice_status, 1),
        ];
        for (field, value, max) in ranged {
            if let Some(v) = value.as_ref().filter(|v| v.value > max) {
                out.push(at(
                    v,
                    format!("{field}: {} is out of range 0-{max}", v.value),
                ));
            }
        }
        if let Some(s) = d.storage.as_ref().filter(|s| s.pkg_type > 1) {
            out.push(at(
                &d.dev_id,
                format!("storage.pkgType: {} is out of range 0-1", s.pkg_type),
            ));
        }
        if let Some(s) = &d.storage
            && ends_before_start(s.start_time, s.end_time)
        {
            out.push(at(&d.dev_id, "storage.endTime: is before startTime"));
        }
        if let Some(f) = &d.flow {
            if ends_before_start(f.start_time, f.end_time) {
                out.push(at(&d.dev_id, "flow.endTime: is before startTime"));
            }
            if f.use_flow < 0 || f.total_flow < 0 {
                out.push(at(
                    &d.dev_id,
                    "flow: totalFlow and useFlow must not be negative",
                ));
            }
        }
    }
    for g in &app.generate {
        let spec = &g.value;
        if spec.count == 0 || spec.count > MAX_GENERATED {
            out.push(at(g, format!("generate.count: must be 1-{MAX_GENERATED}")));
            continue;
        }
        if spec
            .id_start
            .as_str()
            .parse::<i64>()
            .map_or(true, |n| n <= 0)
            || spec
                .id_start
                .as_str()
                .parse::<i64>()
                .is_ok_and(|n| n.checked_add(i64::from(spec.count)).is_none())
        {
            out.push(at(
                g,
                format!(
                    "generate.idStart: `{}` is not a positive int64",
                    spec.id_start
                ),
            ));
            continue;
        }
        for (field, ratio) in [
            ("onlineRatio", spec.online_ratio),
            ("longOfflineRatio", spec.long_offline_ratio),
            ("batteryRatio", spec.battery_ratio),
            ("storageRatio", spec.storage_ratio),
            ("flowRatio", spec.flow_ratio),
        ] {
            if !(0.0..=1.0).contains(&ratio) {
                out.push(at(
                    g,
                    format!("generate.{field}: {ratio} is not between 0 and 1"),
                ));
            }
        }
        for owner in &spec.owners {
            user_ref(owner, "generate.owners", out);
        }
        if spec.owners.is_empty() && users.is_empty() {
            out.push(at(g, "generate: the app has no users to own the devices"));
        }
        if let Some(clash) = generated_ids(spec).find(|id| !devices.insert(id.clone())) {
            out.push(at(g, format!("generate: devId `{clash}` is already used")));
        }
    }
}

/// Only comparable when both ends are absolute or both are relative to the world's start.
fn ends_before_start(start: TimeSpec, end: TimeSpec) -> bool {
    match (start, end) {
        (TimeSpec::Unix(a), TimeSpec::Unix(b)) | (TimeSpec::FromNow(a), TimeSpec::FromNow(b)) => {
            b < a
        }
        _ => false,
    }
}

fn at<T>(s: &Spanned<T>, message: impl Into<String>) -> Problem {
    Problem::at(&s.referenced, message)
}

fn problem_near(loc: Option<Location>, message: String) -> Problem {
    match loc {
        Some(l) => Problem::at(&l, message),
        None => Problem::at_start(message),
    }
}
