//! Gwell under load: signed custCloud `devInfo` (one device per request, by devId and by sn in
//! turn) and `devList` (every device of the signer) against scenarios/bench.yaml. Requests are
//! signed from Gwell's documentation (tests/api/support/gwell_sign.rs), never with camsim's
//! auth code, so the client does the same work against camsim and the bare server.

use super::gwell_sign::{DOCUMENTED_POST_SIGNATURE, gwell_signature, sign_documented_post_vector};
use super::vendor::{Endpoint, Requests, Vendor};
use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub const VENDOR: Vendor = Vendor {
    name: "gwell",
    scenario: "scenarios/bench.yaml",
    self_check: signing_matches_gwell_md,
    login: None,
    endpoints: &[
        Endpoint {
            name: "devInfo",
            plan: |setup| plan(Kind::DevInfo, setup.devices),
        },
        Endpoint {
            name: "devList",
            plan: |setup| plan(Kind::DevList, setup.devices),
        },
    ],
};

/// The credentials of scenarios/bench.yaml; the signer is its first user.
const APP_ID: &str = "00001bench0000000000000000000001";
const APP_TOKEN: &str = "bench0token000000000000000000000000000000000000000000000000001";
const APP_KEY: &str = "BenchSigningKey00000000000000001";
const SIGNER: &str = "-9223371990000000001";

/// The shared signing must reproduce Gwell's documented POST test vector.
fn signing_matches_gwell_md() -> Result<(), String> {
    let signature = sign_documented_post_vector();
    if signature == DOCUMENTED_POST_SIGNATURE {
        Ok(())
    } else {
        Err(format!(
            "bench signing disagrees with Gwell's documentation: {signature}"
        ))
    }
}

#[derive(Clone, Copy)]
enum Kind {
    /// One device of the signer per request.
    DevInfo,
    /// Every device of the signer (2,500 in the bench world): the heaviest answer.
    DevList,
}

/// A device of the signer, asked for by devId or by sn (both forms are on the hot path).
enum Device {
    Id(String),
    Sn(String),
}

struct Signed {
    kind: Kind,
    devices: Vec<Device>,
}

/// The signer's devices; every other one asked for by sn.
fn plan(kind: Kind, views: &[serde_json::Value]) -> Result<Arc<dyn Requests>, String> {
    let text = |v: &serde_json::Value, field: &str| v[field].as_str().map(str::to_string);
    let devices: Vec<Device> = views
        .iter()
        .filter(|v| v["owner"].as_str() == Some(SIGNER))
        .enumerate()
        .filter_map(|(i, v)| match i % 2 {
            0 => text(v, "devId").map(Device::Id),
            _ => text(v, "sn").map(Device::Sn),
        })
        .collect();
    if devices.len() < 1000 {
        return Err(format!(
            "the bench world gives user {SIGNER} only {} devices",
            devices.len()
        ));
    }
    Ok(Arc::new(Signed { kind, devices }))
}

impl Signed {
    fn path(&self) -> &'static str {
        match self.kind {
            Kind::DevInfo => "/openapi/custCloud/oss/devInfo",
            Kind::DevList => "/openapi/custCloud/oss/devList",
        }
    }
}

impl Requests for Signed {
    /// A fresh nonce (`n`), the current time and its own HMAC-SHA1 signature.
    fn request(&self, host: &str, n: u64) -> http::Request<Full<Bytes>> {
        let which = match (
            self.kind,
            &self.devices[(n % self.devices.len() as u64) as usize],
        ) {
            (Kind::DevList, _) => String::new(),
            (Kind::DevInfo, Device::Id(id)) => format!(r#","devId":"{id}""#),
            (Kind::DevInfo, Device::Sn(sn)) => format!(r#","sn":"{sn}""#),
        };
        let body = format!(
            r#"{{"appId":"{APP_ID}","appToken":"{APP_TOKEN}","accessId":"{SIGNER}"{which}}}"#
        );
        let nonce = n.to_string();
        let timestamp = unix_now().to_string();
        let signature = gwell_signature(APP_KEY, host, APP_ID, &nonce, &timestamp, body.as_bytes());
        http::Request::post(self.path())
            .header("Host", host)
            .header("Content-Type", "application/json")
            .header("X-IotVideo-AccessID", APP_ID)
            .header("X-IotVideo-Nonce", nonce)
            .header("X-IotVideo-Timestamp", timestamp)
            .header("X-IotVideo-Signature", signature)
            .body(Full::new(Bytes::from(body)))
            .expect("a valid request")
    }

    /// HTTP 200 and Gwell `code` 0: the envelope puts `code` first, so `{"code":0,` is a
    /// success without parsing the JSON.
    fn success(&self, _n: u64, status: u16, body: &[u8]) -> bool {
        status == 200 && body.starts_with(br#"{"code":0,"#)
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
