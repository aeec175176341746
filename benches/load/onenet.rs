//! OneNET under load against scenarios/bench.yaml's product 375300 (300 online devices, each
//! with its own device key), the devices in turn:
//! - `devices.get`: `GET /devices/{id}` with that device's own key in `api-key` (the keys come
//!   from the control API's device views); a success is errno 0 with `data.id` = that id.
//! - `cmds`: `POST /ipc/video/cmds?device_id={id}&qos=0&type=0` with `{"cmdId":5,"channel_id":1}`
//!   (a key frame) and the product's master key; a success is errno 0 with `cmd_status` 2 (sent,
//!   no reply wanted).
//!
//! Answers are judged byte by byte by benches/support/onenet_wire.rs, shared with the
//! concurrency bench (benches/onenet_slow.rs).

#[path = "../support/onenet_wire.rs"]
mod wire;

use super::vendor::{Endpoint, Requests, Setup, Vendor};
use bytes::Bytes;
use http::HeaderValue;
use http_body_util::Full;
use std::sync::Arc;

pub const VENDOR: Vendor = Vendor {
    name: "onenet",
    scenario: "scenarios/bench.yaml",
    self_check: wire::self_check,
    login: None,
    endpoints: &[
        Endpoint {
            name: "devices.get",
            plan: |setup| plan(Kind::DeviceGet, setup),
        },
        Endpoint {
            name: "cmds",
            plan: |setup| plan(Kind::Command, setup),
        },
    ],
};

/// The OneNET product of scenarios/bench.yaml.
const PRODUCT_ID: &str = "375300";
const MASTER_KEY: &str = "BENCHMASTER375300000000000000001";
/// Fewer online devices than this in the product means the world is not the bench's.
const MIN_DEVICES: usize = 200;
/// Platform command 5 (make a key frame) on channel 1: the lightest command of seed 003 §3.2.
const KEY_FRAME: &[u8] = br#"{"cmdId":5,"channel_id":1}"#;

#[derive(Clone, Copy)]
enum Kind {
    DeviceGet,
    Command,
}

/// One device, its request parts built once: the client's work per request stays small.
struct Device {
    id: String,
    /// `/devices/{id}` or `/ipc/video/cmds?device_id={id}&qos=0&type=0`.
    path: String,
    /// The device's own key (devices.get) or the master key (cmds).
    key: HeaderValue,
}

struct Onenet {
    kind: Kind,
    devices: Vec<Device>,
}

/// The product's online devices, with their first device key from the control API's view
/// (`keys: [{title, key}]`).
fn plan(kind: Kind, setup: &Setup) -> Result<Arc<dyn Requests>, String> {
    let master = HeaderValue::from_static(MASTER_KEY);
    let mut devices = Vec::new();
    for view in setup
        .devices
        .iter()
        .filter(|v| v["productId"].as_str() == Some(PRODUCT_ID) && v["online"] == true)
    {
        let id = view["devId"]
            .as_str()
            .ok_or_else(|| format!("onenet: a device view without devId: {view}"))?;
        let (path, key) = match kind {
            Kind::DeviceGet => {
                let key = view["keys"][0]["key"]
                    .as_str()
                    .ok_or_else(|| format!("onenet: device {id} has no device key: {view}"))?;
                let key = HeaderValue::from_str(key)
                    .map_err(|e| format!("onenet: device {id}'s key {key:?}: {e}"))?;
                (format!("/devices/{id}"), key)
            }
            Kind::Command => (
                format!("/ipc/video/cmds?device_id={id}&qos=0&type=0"),
                master.clone(),
            ),
        };
        devices.push(Device {
            id: id.to_string(),
            path,
            key,
        });
    }
    if devices.len() < MIN_DEVICES {
        return Err(format!(
            "the bench world gives OneNET product {PRODUCT_ID} only {} online devices",
            devices.len()
        ));
    }
    Ok(Arc::new(Onenet { kind, devices }))
}

impl Onenet {
    fn device(&self, n: u64) -> &Device {
        &self.devices[(n % self.devices.len() as u64) as usize]
    }
}

impl Requests for Onenet {
    fn request(&self, host: &str, n: u64) -> http::Request<Full<Bytes>> {
        let device = self.device(n);
        let request = match self.kind {
            Kind::DeviceGet => http::Request::get(device.path.as_str()),
            Kind::Command => http::Request::post(device.path.as_str()),
        };
        let body = match self.kind {
            Kind::DeviceGet => Bytes::new(),
            Kind::Command => Bytes::from_static(KEY_FRAME),
        };
        request
            .header("Host", host)
            .header("api-key", device.key.clone())
            .header("Content-Type", "application/json")
            .body(Full::new(body))
            .expect("a valid request")
    }

    /// HTTP 200 and errno 0 with, for devices.get, `data.id` = the id asked for, and for cmds,
    /// `cmd_status` 2. Anything else (errno 1 "not served yet" included) is an error.
    fn success(&self, n: u64, status: u16, body: &[u8]) -> bool {
        status == 200
            && match self.kind {
                Kind::DeviceGet => wire::is_device(body, &self.device(n).id),
                Kind::Command => wire::cmd_status(body) == Some(2),
            }
    }
}
