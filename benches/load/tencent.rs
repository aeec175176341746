//! Tencent under load against scenarios/bench.yaml's product BENCHTC001 (devices with a
//! continuous package): `DescribeCloudStorageTime` of today (the device's UTC+8 day), the
//! devices in turn, each request signed with TC3-HMAC-SHA256 at the current time by the test
//! suite's own signer (tests/api/support/hostile/tencent_sign.rs, not camsim's). A success is HTTP 200 with `{"Response":{"Data":{"VideoURL"`.

#[path = "../../tests/api/support/hostile/tencent_sign.rs"]
mod tc3;

use super::vendor::{Endpoint, Requests, Setup, Vendor};
use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub const VENDOR: Vendor = Vendor {
    name: "tencent",
    scenario: "scenarios/bench.yaml",
    self_check,
    login: None,
    endpoints: &[Endpoint {
        name: "DescribeCloudStorageTime",
        plan,
    }],
};

const PRODUCT_ID: &str = "BENCHTC001";
const SECRET_ID: &str = "AKIDbench0000000000000000000000000001";
const SECRET_KEY: &str = "BenchTencentSecretKey00000000001";
/// Fewer devices than this in the product means the world is not the bench's.
const MIN_DEVICES: usize = 20;

struct Time {
    /// Each device's body with today's date, built once per plan (the date is UTC+8's today).
    bodies: Vec<String>,
}

fn plan(setup: &Setup) -> Result<Arc<dyn Requests>, String> {
    let today = chrono::DateTime::from_timestamp(unix_now() + 8 * 3600, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let bodies: Vec<String> = setup
        .devices
        .iter()
        .filter(|v| v["productId"].as_str() == Some(PRODUCT_ID))
        .filter_map(|v| v["deviceName"].as_str())
        .map(|name| {
            format!(r#"{{"ProductId":"{PRODUCT_ID}","DeviceName":"{name}","Date":"{today}"}}"#)
        })
        .collect();
    if bodies.len() < MIN_DEVICES {
        return Err(format!(
            "the bench world gives Tencent product {PRODUCT_ID} only {} devices",
            bodies.len()
        ));
    }
    Ok(Arc::new(Time { bodies }))
}

impl Requests for Time {
    fn request(&self, host: &str, n: u64) -> http::Request<Full<Bytes>> {
        let body = &self.bodies[(n % self.bodies.len() as u64) as usize];
        let timestamp = unix_now();
        let authorization = sign(SECRET_KEY, host, timestamp, body.as_bytes());
        http::Request::post("/")
            .header("Host", host)
            .header("Content-Type", "application/json")
            .header("X-TC-Action", "DescribeCloudStorageTime")
            .header("X-TC-Version", "2021-11-25")
            .header("X-TC-Timestamp", timestamp.to_string())
            .header("X-TC-Region", "ap-guangzhou")
            .header("Authorization", authorization)
            .body(Full::new(Bytes::from(body.clone())))
            .expect("a valid request")
    }

    fn success(&self, _n: u64, status: u16, body: &[u8]) -> bool {
        status == 200 && body.starts_with(br#"{"Response":{"Data":{"VideoURL""#)
    }
}

/// The `Authorization` of a JSON POST of `body` to `host` at `timestamp`, by `SECRET_ID`.
fn sign(key: &str, host: &str, timestamp: i64, body: &[u8]) -> String {
    tc3::authorization(&tc3::Signing {
        secret_id: SECRET_ID,
        secret_key: key,
        method: "POST",
        query: "",
        headers: &[("content-type", "application/json"), ("host", host)],
        body,
        timestamp: &timestamp.to_string(),
        date: &tc3::utc_date(timestamp),
        service: tc3::SERVICE,
    })
}

/// The signer must reproduce the documented vector (SecretKey `mockSecretKey`, 1714560000), or
/// every figure would measure camsim refusing signatures.
fn self_check() -> Result<(), String> {
    let got = tc3::authorization(&tc3::Signing {
        secret_id: "AKIDEXAMPLE",
        secret_key: "mockSecretKey",
        method: "POST",
        query: "",
        headers: &[
            ("content-type", "application/json"),
            ("host", "127.0.0.1:12045"),
        ],
        body: br#"{"ProductId": "AQTV2839QJ", "DeviceName": "p2p_32731213_1"}"#,
        timestamp: "1714560000",
        date: &tc3::utc_date(1_714_560_000),
        service: tc3::SERVICE,
    });
    let want = "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-05-01/iotvideo/tc3_request, \
                SignedHeaders=content-type;host, \
                Signature=be69f901f7caba1d209fcae8ae6e962064f5d8d457db3d93d64f484a3f86888e";
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "bench TC3 signing disagrees with the documented vector: {got}"
        ))
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}
