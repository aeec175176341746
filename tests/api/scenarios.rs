//! Scenario files and the small commands: `camsim check` (file:line:column problems),
//! `camsim routes` and `camsim sign`, run as the real binary where the process matters.

use crate::support::*;
use camsim::scenario::DEFAULT_SCENARIO;
use camsim::scenario::check as scenario_check;
use camsim::vendors::Catalog;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CAMSIM: &str = env!("CARGO_BIN_EXE_camsim");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The seed 001 devInfo `--data-raw` body, byte for byte (Gwell's documentation test vector 1).
const SEED_001_DEV_INFO_BODY: &str = "{\n    \"appId\":\"0000175a370xxxxxxxc1cd1b0b877e\",\n    \"appToken\":\"a844e8320c75a5cxxxxxxxxxxxxxxxxxce9e347xxxxx041a05a7053\",\n    \"sn\":\"876xxxxxxx347\",\n    \"devId\":\"\",\n    \"accessId\":\"-922337198xxxxx56044\"\n}";

/// Runs `camsim <args>` from the crate root, so paths print as written.
fn camsim(args: &[&str]) -> Output {
    Command::new(CAMSIM)
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("camsim runs")
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// `camsim check <file>`: asserts exit code 1 and returns the printed problem lines.
fn check_fails(file: &str) -> Vec<String> {
    let output = camsim(&["check", file]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "check {file} should fail: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    stdout_lines(&output)
}

const CHECK: &str = "tests/api/fixtures/check";

// ---------------------------------------------------------------------------------------------
// Shipped scenarios

#[test]
fn every_shipped_scenario_loads_when_checked_like_camsim_check() {
    let folder = Path::new(ROOT).join("scenarios");

    let loaded = scenario_check::load_paths(std::slice::from_ref(&folder), &Catalog)
        .unwrap_or_else(|problems| {
            panic!(
                "shipped scenarios are invalid:\n{}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });

    let files = std::fs::read_dir(&folder)
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .count();
    assert!(files >= 1, "scenarios/ holds at least default.yaml");
    assert_eq!(loaded.len(), files, "every scenario file became a world");
}

#[test]
fn embedded_default_scenario_validates_and_matches_scenarios_default_yaml() {
    let on_disk = std::fs::read_to_string(Path::new(ROOT).join("scenarios/default.yaml"))
        .expect("scenarios/default.yaml");

    let scenario = scenario_check::load_text(DEFAULT_SCENARIO, &Catalog)
        .unwrap_or_else(|p| panic!("embedded default is invalid: {p:?}"));

    assert_eq!(DEFAULT_SCENARIO, on_disk);
    assert_eq!(scenario.name.as_deref(), Some("default"));
}

#[test]
fn check_exits_0_when_given_the_scenarios_folder() {
    let output = camsim(&["check", "scenarios/"]);

    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let lines = stdout_lines(&output);
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("default.yaml: ok (world `default`)")),
        "{lines:?}"
    );
}

#[test]
fn check_exits_0_when_given_the_test_fixture() {
    let output = camsim(&["check", "tests/api/fixtures/gwell.yaml"]);

    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        stdout_lines(&output),
        ["tests/api/fixtures/gwell.yaml: ok (world `gwell-test`)"]
    );
}

// ---------------------------------------------------------------------------------------------
// Bad scenarios: `file:line:column: message`, exit 1

#[test]
fn check_reports_the_key_position_when_a_key_is_unknown() {
    let lines = check_fails(&format!("{CHECK}/unknown-key.yaml"));

    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "{CHECK}/unknown-key.yaml:6:7: unknown field `colour`"
        )),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("appId"),
        "lists the valid keys: {lines:?}"
    );
}

#[test]
fn check_reports_the_value_position_when_a_value_has_the_wrong_type() {
    let lines = check_fails(&format!("{CHECK}/wrong-type.yaml"));

    assert_eq!(
        lines,
        [format!(
            "{CHECK}/wrong-type.yaml:11:20: battery: expected a whole number 0-255"
        )]
    );
}

#[test]
fn check_explains_what_an_id_must_be_when_it_is_written_as_a_list() {
    let lines = check_fails(&format!("{CHECK}/id-as-list.yaml"));

    assert_eq!(
        lines,
        [format!(
            "{CHECK}/id-as-list.yaml:9:11: invalid type: sequence, expected an id (a number or text)"
        )]
    );
}

#[test]
fn check_names_the_valid_units_when_a_relative_time_uses_weeks() {
    let lines = check_fails(&format!("{CHECK}/bad-time.yaml"));

    assert_eq!(
        lines,
        [format!(
            "{CHECK}/bad-time.yaml:9:21: `now-3w`: units are s, m, h, d (e.g. now-3d)"
        )]
    );
}

#[test]
fn check_reports_every_semantic_problem_when_a_file_has_several() {
    let file = format!("{CHECK}/semantic.yaml");

    let lines = check_fails(&file);

    let expected = [
        "8:21: accessId: `not-a-number` is not an int64",
        "12:18: owner: `-9223371980000000009` is not a user (accessId) of this app",
        "13:18: duplicate devId `5188001000001`",
        "16:20: guests: `-9223371980000000008` is not a user (accessId) of this app",
        "18:15: duplicate sn `AA0000000001`",
        "20:11: generate.count: must be 1-1000000",
        "22:5: fault: device `5188009999999` is not a device of this scenario",
        "25:5: fault: error: `99999` is not a gwell code; valid codes: 10001, 10003, 10007, 10010, 10012, 10015, 10016, 10017, 10020, 10026",
    ]
    .map(|tail| format!("{file}:{tail}"));
    assert_eq!(lines, expected);
}

#[test]
fn check_reports_the_second_file_when_two_files_claim_one_app_id() {
    let lines = check_fails(&format!("{CHECK}/twins"));

    assert_eq!(
        lines,
        [format!(
            "{CHECK}/twins/b.yaml:5:14: gwell credential `2222000000000000000000000000000a` is already claimed by {CHECK}/twins/a.yaml"
        )]
    );
}

#[test]
fn check_reports_problems_of_every_file_when_given_several_files() {
    let output = camsim(&[
        "check",
        &format!("{CHECK}/unknown-key.yaml"),
        "tests/api/fixtures/gwell.yaml",
        &format!("{CHECK}/bad-time.yaml"),
    ]);

    assert_eq!(output.status.code(), Some(1));
    let lines = stdout_lines(&output);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with(&format!("{CHECK}/unknown-key.yaml:6:7:")));
    assert!(lines[1].starts_with(&format!("{CHECK}/bad-time.yaml:9:21:")));
}

#[test]
fn check_fails_naming_the_file_when_it_does_not_exist() {
    let lines = check_fails(&format!("{CHECK}/no-such-file.yaml"));

    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("{CHECK}/no-such-file.yaml:1:1: cannot read")),
        "{lines:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// routes

#[test]
fn routes_lists_method_and_path_of_every_gwell_endpoint() {
    let output = camsim(&["routes"]);

    assert_eq!(output.status.code(), Some(0));
    let lines = stdout_lines(&output);
    let split: Vec<Vec<&str>> = lines
        .iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        split.contains(&vec![
            "gwell",
            "gwell.devInfo",
            "POST",
            "/openapi/custCloud/oss/devInfo"
        ]),
        "{lines:?}"
    );
    assert!(
        split.contains(&vec![
            "gwell",
            "gwell.devList",
            "POST",
            "/openapi/custCloud/oss/devList"
        ]),
        "{lines:?}"
    );
}

#[test]
fn routes_aligns_its_columns_when_printed_as_text() {
    let output = camsim(&["routes"]);

    let lines = stdout_lines(&output);
    let columns: Vec<Option<usize>> = lines
        .iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.find(" /").map(|i| i + 1))
        .collect();
    assert!(columns.len() >= 2, "{lines:?}");
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "paths start in one column: {lines:?}"
    );
    assert!(lines[0].starts_with("gwell     gwell.devInfo"), "{lines:?}");
}

#[tokio::test]
async fn routes_json_matches_the_control_api_endpoints() {
    let sim = TestSim::gwell().await;
    let (status, served) = sim.get("endpoints").await;

    let output = camsim(&["routes", "--json"]);

    assert_eq!(status, 200);
    assert_eq!(output.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&output.stdout).expect("routes --json is JSON");
    assert_eq!(printed, served);
    let ids: Vec<&str> = printed
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"gwell.devInfo") && ids.contains(&"gwell.devList"));
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// sign

/// A file under the system temp folder, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn with(name: &str, content: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("camsim-{}-{name}", std::process::id()));
        std::fs::write(&path, content).expect("temp file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn sign_gwell_prints_test_vector_1_when_given_the_seed_body() {
    let body = TempFile::with("seed-001-devinfo.json", SEED_001_DEV_INFO_BODY.as_bytes());

    let output = camsim(&[
        "sign",
        "gwell",
        "--app-id",
        APP_ID,
        "--app-key",
        APP_KEY,
        "--host",
        "localhost:12042",
        "--body",
        body.0.to_str().expect("utf-8 temp path"),
        "--nonce",
        "1212",
        "--timestamp",
        "1696757960",
    ]);

    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        stdout_lines(&output),
        [
            "-H 'Host: localhost:12042' \\",
            "-H 'X-IotVideo-AccessID: 0000175a370efbbe852dc1cd1b0b877e' \\",
            "-H 'X-IotVideo-Nonce: 1212' \\",
            "-H 'X-IotVideo-Timestamp: 1696757960' \\",
            "-H 'X-IotVideo-Signature: mN3qQM0w/DDUe8NvJVR+PLnWN6g=' \\",
            "-H 'Content-Type: application/json'",
        ]
    );
    // The independent client agrees.
    assert_eq!(
        clients::gwell_signature(
            APP_KEY,
            "localhost:12042",
            APP_ID,
            "1212",
            "1696757960",
            SEED_001_DEV_INFO_BODY.as_bytes()
        ),
        "mN3qQM0w/DDUe8NvJVR+PLnWN6g="
    );
}

#[test]
fn sign_gwell_reads_the_body_from_standard_input_when_body_is_a_dash() {
    use std::io::Write;
    let mut child = Command::new(CAMSIM)
        .args([
            "sign",
            "gwell",
            "--app-id",
            APP_ID,
            "--app-key",
            APP_KEY,
            "--host",
            "localhost:12042",
            "--body",
            "-",
            "--nonce",
            "1212",
            "--timestamp",
            "1696757960",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("camsim runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(SEED_001_DEV_INFO_BODY.as_bytes())
        .expect("write body");

    let output = child.wait_with_output().expect("camsim exits");

    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout_lines(&output)
            .contains(&"-H 'X-IotVideo-Signature: mN3qQM0w/DDUe8NvJVR+PLnWN6g=' \\".to_string())
    );
}

#[test]
fn sign_gwell_fails_naming_the_file_when_the_body_file_is_missing() {
    let output = camsim(&[
        "sign",
        "gwell",
        "--app-id",
        APP_ID,
        "--app-key",
        APP_KEY,
        "--host",
        "localhost:12042",
        "--body",
        "tests/api/fixtures/no-such-body.json",
    ]);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("cannot read tests/api/fixtures/no-such-body.json"),
        "{output:?}"
    );
}

#[test]
fn check_reports_timeline_values_out_of_range_at_their_entry() {
    let text = "timeline: {retentionDays: 0}\ngwell:\n  apps:\n    - users: [{accessId: 1}]\n      devices:\n        - devId: 5\n          sn: A\n          timeline: {eventKinds: [], utcOffsetMinutes: 900}\n      generate:\n        - count: 2\n          timeline: {eventsPerDay: 5000}\n";
    let problems =
        scenario_check::load_text(text, &camsim::vendors::Catalog).expect_err("out of range");
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "1:11: timeline.retentionDays: must be 1 to 365, got 0",
            "8:21: timeline.eventKinds: must list at least one kind",
            "8:21: timeline.utcOffsetMinutes: must be -720 to 840, got 900",
            "11:21: timeline.eventsPerDay: must be 0 to 1440, got 5000",
        ],
        "{shown:#?}"
    );
}
