//! Gwell custCloud over real HTTP (seed 001).

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn dev_info_returns_the_device_when_the_owner_asks_by_sn() {
    let sim = TestSim::gwell().await;
    let client = sim.gwell_client();

    let (status, body) = client
        .call(
            "devInfo",
            json!({"appId": APP_ID, "appToken": APP_TOKEN, "sn": "876A2C0D1347", "accessId": USER_1}),
        )
        .await;

    assert_eq!(status, 200);
    assert_eq!(body["code"], 0, "{body}");
    assert_eq!(body["data"]["deviceInfo"]["deviceId"], "5188001415988");
    sim.shutdown().await;
}
