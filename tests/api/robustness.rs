//! The short robustness run: a fixed seed's hostile cases (see `support/hostile.rs`) against
//! the real `camsim serve` binary, every answer held to the oracle, then the process checked
//! (alive, no panic on stderr, RSS bound). `CAMSIM_ROBUST_SEED` and `CAMSIM_ROBUST_CASES`
//! override the seed and the number of cases (to run longer); `CAMSIM_ROBUST_FIRST` starts at
//! a later case, so `CAMSIM_ROBUST_FIRST=56 CAMSIM_ROBUST_CASES=57` replays case 56 alone.

use crate::support::hostile::tencent_sign::{self, Signing};
use crate::support::hostile::{process::Server, run};
use std::path::Path;
use std::time::Instant;

const SEED: u64 = 20_261_201;
/// About 95-120 s in a debug build on 2 cores.
const CASES: u64 = 20_000;
/// Debug-build camsim with the default world, the sandbox and short-lived case worlds (a
/// 150,000-device world costs ~300 MiB while it lives).
const RSS_BOUND_KIB: u64 = 768 * 1024;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_get_envelope_answers_and_camsim_survives_them() {
    let seed = env_u64("CAMSIM_ROBUST_SEED", SEED);
    let cases = env_u64("CAMSIM_ROBUST_CASES", CASES);
    let first = env_u64("CAMSIM_ROBUST_FIRST", 0);
    let mut server = Server::start(Path::new(env!("CARGO_BIN_EXE_camsim")), &[])
        .unwrap_or_else(|e| panic!("camsim starts: {e}"));
    let target = run::prepare(server.addrs.clone())
        .await
        .unwrap_or_else(|e| panic!("target: {e}"));
    let started = Instant::now();

    let tally = run::run_cases(&server, &target, seed, first, |i| i < cases).await;
    let process = run::process_checks(&mut server, RSS_BOUND_KIB).await;

    println!(
        "robustness: seed {seed}, {} cases ({first}..{cases}) in {:.1} s, peak RSS {} MiB",
        tally.cases,
        started.elapsed().as_secs_f64(),
        server.peak_rss_kib().unwrap_or(0) / 1024
    );
    tally.print();
    if !tally.violations.is_empty() {
        tally.print_violation_groups();
        for v in &tally.violations {
            eprintln!("{v}");
        }
    }
    assert!(
        tally.violations.is_empty() && process.is_empty(),
        "{} oracle violations (each printed above with its seed and case; replay one with \
         CAMSIM_ROBUST_SEED={seed} CAMSIM_ROBUST_FIRST=<case> CAMSIM_ROBUST_CASES=<case + 1>); \
         process: {process:?}",
        tally.violations.len()
    );
}

/// The suite's own TC3 signer (its Tencent cases sign with it) against the vector of the
/// vendor file's section 9, computed by the official SDK.
#[test]
fn hostile_tc3_signer_gives_the_sdks_signature_when_signing_the_documented_vector() {
    let body = br#"{"ProductId": "AQTV2839QJ", "DeviceName": "p2p_32731213_1"}"#;
    let signing = Signing {
        secret_id: "AKIDEXAMPLE",
        secret_key: "mockSecretKey",
        method: "POST",
        query: "",
        headers: &[
            ("content-type", "application/json"),
            ("host", "127.0.0.1:12045"),
        ],
        body,
        timestamp: "1714560000",
        date: &tencent_sign::utc_date(1_714_560_000),
        service: tencent_sign::SERVICE,
    };
    assert_eq!(
        tencent_sign::authorization(&signing),
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-05-01/iotvideo/tc3_request, \
         SignedHeaders=content-type;host, \
         Signature=be69f901f7caba1d209fcae8ae6e962064f5d8d457db3d93d64f484a3f86888e"
    );
}
