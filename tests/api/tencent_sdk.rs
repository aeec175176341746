//! The official Tencent Cloud Python SDK (`tencentcloud-sdk-python`, its iotvideo v20211125
//! client), unchanged, against camsim: `tests/sdk/tencent_flow.py` aims it at the tencent
//! listener as a user would (`HttpProfile(protocol="http", endpoint="127.0.0.1:PORT")`) and
//! prints `ok <step>` for each step that passed. The SDK lives in a virtual environment at
//! `target/tencent-sdk-venv`, made from `tests/sdk/requirements.txt` by `.ci/run`, or here when
//! it is missing or was made from other requirements (that needs python3 and PyPI).

use crate::support::TestSim;
use crate::support::tencent_client::{SECRET_ID, SECRET_KEY};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

/// A world with a real clock: the SDK signs with the machine's time.
const WORLD: &str = include_str!("fixtures/tencent-sdk.yaml");
/// The whole script takes a few seconds; this is the most it may take.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);
/// The copy of `requirements.txt` a venv was made from (`.ci/run` writes it too).
const STAMP: &str = "camsim-requirements.txt";

/// The script's steps that camsim's protocol layer answers: TC3 over POST and GET, the
/// languages, the SDK's exception for a wrong key, an unknown SecretId and an action error.
const PROTOCOL_STEPS: &[&str] = &[
    "describe_device_post",
    "describe_device_get",
    "wake_up_device",
    "unknown_device_is_invalid_parameter",
    "unknown_device_in_english",
    "wrong_key_is_signature_failure",
    "wrong_key_over_get_in_english",
    "unknown_secret_id_is_not_found",
];

/// The script's cloud-storage steps: seed 004's flows and their sibling actions.
const STORAGE_STEPS: &[&str] = &[
    "describe_cloud_storage_lapsed",
    "create_cloud_storage",
    "describe_cloud_storage",
    "describe_cloud_storage_date",
    "describe_cloud_storage_time",
    "generate_signed_video_url",
    "fetch_signed_video_url",
    "describe_cloud_storage_events",
    "delete_cloud_storage_event",
    "reset_cloud_storage_event",
    "image_describe_cloud_storage_date_get",
    "image_describe_cloud_storage_events",
    "describe_cloud_storage_thumbnail",
    "fetch_thumbnail",
    "describe_cloud_storage_stream_data",
    "fetch_stream_data",
    "describe_cloud_storage_thumbnail_list_get",
    "describe_cloud_storage_multi_thumbnail",
    "describe_cloud_storage_order",
    "reset_cloud_storage",
    "transfer_cloud_storage",
    "create_free_cloud_storage",
    "describe_free_cloud_storage_num",
    "describe_cloud_storage_package_consume_stats",
    "describe_cloud_storage_package_consume_details",
    "describe_cloud_storage_users",
    "bind_cloud_storage_user",
    "inherit_cloud_storage_user",
];

#[tokio::test]
async fn python_sdk_signs_post_and_get_and_raises_tencent_errors_when_aimed_at_camsim() {
    let python = sdk_python();
    let sim = TestSim::spawn(WORLD).await;
    let run = run_script(&sim, &python, PROTOCOL_STEPS).await;
    run.assert_passed(PROTOCOL_STEPS);
    sim.shutdown().await;
}

#[tokio::test]
async fn python_sdk_runs_every_cloud_storage_action_when_aimed_at_camsim() {
    let python = sdk_python();
    let sim = TestSim::spawn(WORLD).await;
    let run = run_script(&sim, &python, &[]).await;
    run.assert_passed(&[PROTOCOL_STEPS, STORAGE_STEPS].concat());
    sim.shutdown().await;
}

/// What the script printed and how it ended.
struct ScriptRun {
    success: bool,
    stdout: String,
    stderr: String,
}

impl ScriptRun {
    /// Every one of `steps` printed `ok`, and the script (which ran them) exited with 0.
    fn assert_passed(&self, steps: &[&str]) {
        let passed: Vec<&str> = self
            .stdout
            .lines()
            .filter_map(|line| line.strip_prefix("ok "))
            .collect();
        let missing: Vec<&&str> = steps.iter().filter(|s| !passed.contains(s)).collect();
        assert!(
            missing.is_empty(),
            "steps that did not pass: {missing:?}\n{self}"
        );
        assert!(self.success, "the SDK script failed\n{self}");
    }
}

impl std::fmt::Display for ScriptRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--- stdout\n{}--- stderr\n{}", self.stdout, self.stderr)
    }
}

/// Runs `tests/sdk/tencent_flow.py` (only `steps`; all when empty) against `sim`'s tencent
/// listener, without any proxy, while the test's runtime keeps serving camsim.
async fn run_script(sim: &TestSim, python: &Path, steps: &[&str]) -> ScriptRun {
    let endpoint = sim.urls.tencent.trim_start_matches("http://");
    let mut command = tokio::process::Command::new(python);
    command
        .arg(root().join("tests/sdk/tencent_flow.py"))
        .arg("--keep-going")
        .args(steps)
        .env("CAMSIM_TENCENT_ENDPOINT", endpoint)
        .env("CAMSIM_TENCENT_SECRET_ID", SECRET_ID)
        .env("CAMSIM_TENCENT_SECRET_KEY", SECRET_KEY)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    for proxy in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(proxy);
    }
    let output = tokio::time::timeout(SCRIPT_TIMEOUT, command.output())
        .await
        .unwrap_or_else(|_| panic!("the SDK script took more than {SCRIPT_TIMEOUT:?}"))
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    ScriptRun {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The venv's python, the venv made first when missing or made from other requirements.
/// Tests of this process take turns; another process making it at the same time is
/// harmless: each builds in its own temporary folder and renames it into place.
fn sdk_python() -> PathBuf {
    static MAKING: Mutex<()> = Mutex::new(());
    let _turn = MAKING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let venv = root().join("target/tencent-sdk-venv");
    let requirements = root().join("tests/sdk/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("tests/sdk/requirements.txt");
    let ready =
        |dir: &Path| std::fs::read_to_string(dir.join(STAMP)).ok().as_ref() == Some(&wanted);
    if !ready(&venv) {
        let fresh = root().join(format!(
            "target/tencent-sdk-venv.new-{}",
            std::process::id()
        ));
        make_venv(&fresh, &requirements, &wanted);
        if !ready(&venv) {
            let stale = root().join(format!(
                "target/tencent-sdk-venv.old-{}",
                std::process::id()
            ));
            if std::fs::rename(&venv, &stale).is_ok() {
                let _ = std::fs::remove_dir_all(&stale);
            }
        }
        // Another process may have put its own in place meanwhile: then that one is used.
        if std::fs::rename(&fresh, &venv).is_err() {
            let _ = std::fs::remove_dir_all(&fresh);
        }
        assert!(ready(&venv), "{} was not made", venv.display());
    }
    venv.join("bin/python")
}

/// `python3 -m venv dir` and `pip install -r requirements` into it, then the stamp.
fn make_venv(dir: &Path, requirements: &Path, wanted: &str) {
    let _ = std::fs::remove_dir_all(dir);
    let made = Command::new("python3")
        .arg("-m")
        .arg("venv")
        .arg(dir)
        .output();
    let made = match made {
        Ok(made) => made,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "python3 is not installed: the Tencent SDK test needs Python 3.10 or later with its \
             venv module (Debian/Ubuntu: apt-get install python3 python3-venv)"
        ),
        Err(e) => panic!("cannot run python3: {e}"),
    };
    assert!(
        made.status.success(),
        "python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv):\n{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let pip = Command::new(dir.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(requirements)
        .output()
        .expect("the venv's python runs");
    assert!(
        pip.status.success(),
        "pip could not install tests/sdk/requirements.txt (is PyPI reachable?):\n{}",
        String::from_utf8_lossy(&pip.stderr)
    );
    std::fs::write(dir.join(STAMP), wanted).expect("the venv's stamp is written");
}
