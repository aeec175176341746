//! Test harness: `TestSim` starts camsim in-process on free ports (port 0) from a scenario
//! text, and offers a control-API client plus snapshot settings that write under
//! `snapshots/<vendor>/`. Every integration test starts its own `TestSim`.

pub mod clients;
pub mod hostile;
pub mod media;
pub mod onenet_client;
pub mod sodalife_client;
pub mod tencent_client;

use camsim::config::Config;
use camsim::scenario::check::{self as scenario_check, LoadedScenario};
use camsim::vendors::Catalog;
use camsim::{RunningSim, Simulator, Urls};
use reqwest::StatusCode;
use serde_json::Value;

/// The Gwell test world (frozen at 2026-11-22T08:00:00Z).
pub const GWELL_WORLD: &str = include_str!("../fixtures/gwell.yaml");
/// Its frozen clock, Unix seconds.
pub const FROZEN_AT: i64 = 1_795_334_400;

pub const APP_ID: &str = "0000175a370efbbe852dc1cd1b0b877e";
pub const APP_TOKEN: &str = "a844e8320c75a5c6b2f94e1d07c3a58e2d6b9f41ce9e347d8a0041a05a7053";
pub const APP_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
/// Owns 5188001415988 (shared with USER_2) and 5188001415989.
pub const USER_1: &str = "-9223371980000056044";
/// Owns 5188001415990 and 5188001415994; guest of 5188001415988.
pub const USER_2: &str = "-9223371980000061217";
/// Owns only the long-offline 5188001415991.
pub const USER_3: &str = "-9223371980000073390";

/// The Sodalife test world (frozen at 2026-11-22T08:00:00Z, like Gwell's).
pub const SODALIFE_WORLD: &str = include_str!("../fixtures/sodalife.yaml");
pub const SODA_CLIENT_ID: &str = "1db3265caf6368a60eb1719b5f34cf15";
pub const SODA_CLIENT_SECRET: &str = "5ebe2294ecd0e0f08eab7690d2a6ee69";
/// The second app (scope `iot:public` only) and the frozen one.
pub const SODA_OTHER_CLIENT_ID: &str = "9f1c0e55aa6b4c7d8e9f00112233aabb";
pub const SODA_OTHER_CLIENT_SECRET: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const SODA_FROZEN_CLIENT_ID: &str = "00000000000000000000000000000f0f";
pub const SODA_FROZEN_CLIENT_SECRET: &str = "frozensecretfrozensecretfrozense";

/// The Tencent test world (frozen at 2026-11-22T08:00:00Z, like Gwell's); its keys and
/// products are named in `tencent_client`.
pub const TENCENT_WORLD: &str = include_str!("../fixtures/tencent.yaml");

/// The OneNET test world (frozen at 2026-11-22T08:00:00Z, like Gwell's); its keys and
/// devices are named in `onenet_client`.
pub const ONENET_WORLD: &str = include_str!("../fixtures/onenet.yaml");

pub struct TestSim {
    running: Option<RunningSim>,
    pub urls: Urls,
    pub http: reqwest::Client,
}

impl TestSim {
    /// camsim on free ports with one world built from `scenario` (YAML), named as it says.
    pub async fn spawn(scenario: &str) -> TestSim {
        TestSim::spawn_worlds(&[scenario]).await
    }

    /// The Gwell test world.
    pub async fn gwell() -> TestSim {
        TestSim::spawn(GWELL_WORLD).await
    }

    /// Several worlds; the first is the default.
    pub async fn spawn_worlds(scenarios: &[&str]) -> TestSim {
        let worlds = scenarios
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let scenario = scenario_check::load_text(text, &Catalog)
                    .unwrap_or_else(|p| panic!("test scenario {i} is invalid: {p:?}"));
                LoadedScenario {
                    file: format!("test-{i}.yaml"),
                    name: scenario.name.clone().unwrap_or_else(|| format!("test-{i}")),
                    scenario,
                }
            })
            .collect();
        let mut config = Config::with_scenarios(worlds);
        config.port_base = 0;
        let running = Simulator::start(config).await.expect("camsim starts");
        TestSim {
            urls: running.urls.clone(),
            running: Some(running),
            http: reqwest::Client::new(),
        }
    }

    /// The Sodalife test world.
    pub async fn sodalife() -> TestSim {
        TestSim::spawn(SODALIFE_WORLD).await
    }

    /// The OneNET test world.
    pub async fn onenet() -> TestSim {
        TestSim::spawn(ONENET_WORLD).await
    }

    /// The Tencent test world.
    pub async fn tencent() -> TestSim {
        TestSim::spawn(TENCENT_WORLD).await
    }

    /// A Tencent client signing with the test account's first key at the frozen clock.
    pub fn tencent_client(&self) -> tencent_client::TencentClient {
        tencent_client::TencentClient::new(&self.urls.tencent, FROZEN_AT)
    }

    /// A OneNET client with the test product's master key.
    pub fn onenet_client(&self) -> onenet_client::OnenetClient {
        onenet_client::OnenetClient::new(&self.urls.onenet, Some(onenet_client::ONENET_MASTER_KEY))
    }

    /// A Gwell client signing with the test app's credentials.
    pub fn gwell_client(&self) -> clients::GwellClient {
        clients::GwellClient::new(&self.urls.gwell, APP_ID, APP_KEY, FROZEN_AT)
    }

    pub fn control_url(&self, path: &str) -> String {
        format!(
            "{}/_camsim/{}",
            self.urls.control,
            path.trim_start_matches('/')
        )
    }

    /// GET on the control API: status and JSON body.
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .get(self.control_url(path))
            .send()
            .await
            .expect("control request");
        read_json(response).await
    }

    /// A control call with a JSON body (`Value::Null` sends none).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.control_url(path));
        if !body.is_null() {
            request = request.json(&body);
        }
        read_json(request.send().await.expect("control request")).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::POST, path, body).await
    }

    /// POSTs a raw text body (a scenario, YAML or JSON) to the control API.
    pub async fn post_text(&self, path: &str, text: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.control_url(path))
            .header("Content-Type", "application/yaml")
            .body(text.to_string())
            .send()
            .await
            .expect("control request");
        read_json(response).await
    }

    /// Counts journal entries of the default world matching `filter`.
    pub async fn count(&self, world: &str, filter: Value) -> u64 {
        let (status, body) = self
            .post(&format!("worlds/{world}/requests/count"), filter)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["count"].as_u64().expect("count is a number")
    }

    /// Stops camsim gracefully.
    pub async fn shutdown(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
    }
}

pub async fn read_json(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

/// What a snapshot records of an answer: status, content type and the JSON body.
#[derive(serde::Serialize)]
pub struct Wire {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl Wire {
    pub async fn of(response: reqwest::Response) -> Wire {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Wire {
            status,
            content_type,
            body,
        }
    }
}

/// Snapshots go to `snapshots/<vendor>/<name>.snap`, without module prefixes.
pub fn snapshots(vendor: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("{}/snapshots/{vendor}", env!("CARGO_MANIFEST_DIR")));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Asserts a wire snapshot `snapshots/<vendor>/<name>.snap`.
#[macro_export]
macro_rules! assert_wire {
    ($vendor:expr, $name:expr, $wire:expr) => {
        $crate::support::snapshots($vendor).bind(|| {
            insta::assert_yaml_snapshot!($name, $wire);
        })
    };
}
