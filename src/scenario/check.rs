//! Everything `camsim check` (and world creation) verifies beyond the YAML's shape. The
//! shared sections here (journal, clock, name, credentials, fault rules); each vendor's
//! section by the vendor (`Model::check`). Also loads scenario files and folders, checking
//! that the worlds they describe do not claim one another's credentials.

use super::{Scenario, SectionJob};
use crate::sim::faults::FaultCatalog;
use crate::sim::spec::Problem;
use crate::sim::worlds::MAX_WORLD_DEVICES;
use crate::sim::{ClockMode, VendorId, clock, faults, journal, worlds};
use crate::vendors::model::Model;
use serde_saphyr::Location;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

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
    let scenario = super::parse(text).map_err(|p| vec![p])?;
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

/// Each vendor's own problems and devices, and the largest section's device count.
#[derive(Default)]
struct Sections {
    problems: Vec<Problem>,
    devices: HashMap<VendorId, HashSet<String>>,
    largest: u64,
}

impl SectionJob for Sections {
    fn section<M: Model>(&mut self, spec: &M::Spec) {
        self.largest = self.largest.max(M::planned_devices(spec));
        let devices = M::check(spec, &mut self.problems);
        self.devices.insert(M::ID, devices);
    }
}

/// Credentials written in the scenario (generated ones are unique by construction).
pub fn declared_credentials(s: &Scenario) -> Vec<(VendorId, String, Location)> {
    let mut credentials = Credentials::default();
    s.each_section(&mut credentials);
    credentials.0
}

#[derive(Default)]
struct Credentials(Vec<(VendorId, String, Location)>);

impl SectionJob for Credentials {
    fn section<M: Model>(&mut self, spec: &M::Spec) {
        let written = M::declared_credentials(spec);
        self.0
            .extend(written.into_iter().map(|(id, loc)| (M::ID, id, loc)));
    }
}

/// Devices a world built from `s` will hold, every vendor, listed and generated (saturating).
pub fn planned_devices(s: &Scenario) -> u64 {
    let mut planned = Planned(0);
    s.each_section(&mut planned);
    planned.0
}

struct Planned(u64);

impl SectionJob for Planned {
    fn section<M: Model>(&mut self, spec: &M::Spec) {
        self.0 = self.0.saturating_add(M::planned_devices(spec));
    }
}

/// Every semantic problem in one scenario, in file order.
pub fn check(s: &Scenario, catalog: &dyn FaultCatalog) -> Vec<Problem> {
    let mut out = Vec::new();
    if s.journal.capacity == 0 {
        out.push(Problem::at_start("journal.capacity: must be at least 1"));
    }
    // The newest entry is always kept, so the bound holds only if the largest entry fits it.
    let largest = journal::max_entry_bytes(s.journal.body_limit);
    if s.journal.max_bytes < largest {
        out.push(Problem::at_start(format!(
            "journal.maxBytes: must be at least {largest} (the largest entry with bodyLimit {}: \
             two bodies, text fields of {} bytes, {} bytes of headers, overhead)",
            s.journal.body_limit,
            journal::TEXT_LIMIT,
            journal::HEADERS_LIMIT,
        )));
    }
    check_clock(s, &mut out);
    if let Some(t) = &s.timeline {
        for (key, message) in t.value.problems() {
            out.push(Problem::at(
                &t.referenced,
                format!("timeline.{key}: {message}"),
            ));
        }
    }
    if let Some(name) = &s.name
        && let Err(e) = worlds::check_name(name)
    {
        out.push(Problem::at_start(e.to_string()));
    }
    let mut sections = Sections::default();
    s.each_section(&mut sections);
    out.append(&mut sections.problems);
    // A section too big on its own says so at its place; sections that fit alone but not
    // together are told here.
    let planned = planned_devices(s);
    if planned > MAX_WORLD_DEVICES && sections.largest <= MAX_WORLD_DEVICES {
        out.push(Problem::at_start(format!(
            "the world would hold {planned} devices, more than {MAX_WORLD_DEVICES} (every vendor, listed and generated together)"
        )));
    }
    let mut seen_credentials = HashSet::new();
    for (vendor, id, loc) in &declared_credentials(s) {
        if id.trim().is_empty() {
            out.push(Problem::at(
                loc,
                format!("{vendor} credential must not be empty"),
            ));
        } else if !seen_credentials.insert((vendor, id)) {
            out.push(Problem::at(
                loc,
                format!("duplicate {vendor} credential `{id}`"),
            ));
        }
    }
    check_faults(s, catalog, &sections.devices, &mut out);
    // Sections are checked one after another; a reader wants them in file order.
    out.sort_by_key(|p| (p.line, p.column));
    out
}

fn check_clock(s: &Scenario, out: &mut Vec<Problem>) {
    if s.clock.mode == ClockMode::Frozen && s.clock.offset_seconds != 0 {
        out.push(Problem::at_start(
            "clock.offsetSeconds: applies to a real clock only; a frozen clock takes `at`",
        ));
    }
    let offset_reading = clock::system_now_ms()
        .div_euclid(1000)
        .checked_add(s.clock.offset_seconds)
        .and_then(|secs| secs.checked_mul(1000));
    if !offset_reading.is_some_and(clock::in_range_ms) {
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
}

fn check_faults(
    s: &Scenario,
    catalog: &dyn FaultCatalog,
    devices: &HashMap<VendorId, HashSet<String>>,
    out: &mut Vec<Problem>,
) {
    if let Some(extra) = s.faults.get(faults::MAX_RULES) {
        out.push(Problem::at(
            &extra.referenced,
            format!("faults: at most {} rules a world", faults::MAX_RULES),
        ));
    }
    for rule in &s.faults {
        let loc = rule.referenced;
        for p in rule.value.problems(catalog) {
            out.push(Problem::at(&loc, format!("fault: {p}")));
        }
        if let Some(device) = &rule.value.device {
            let known = match rule.value.effective_vendor() {
                Some(vendor) => devices
                    .get(&vendor)
                    .is_some_and(|ids| ids.contains(device.as_str())),
                None => devices.values().any(|ids| ids.contains(device.as_str())),
            };
            if !known {
                out.push(Problem::at(
                    &loc,
                    format!("fault: device `{device}` is not a device of this scenario"),
                ));
            }
        }
    }
}
