//! OneNET's key levels over real HTTP: the `api-key` header, master vs device keys, register
//! codes, and where each is refused (errno 2 missing, 3 wrong or not enough).

use crate::support::TestSim;
use crate::support::onenet_client::*;
use serde_json::json;

#[tokio::test]
async fn any_route_answers_errno_2_when_the_api_key_is_missing() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);
    let answer = client.get(&format!("/devices/{ONENET_DEVICE}")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"errno": 2, "error": "api-key required"})
    );
}

#[tokio::test]
async fn any_route_answers_errno_3_when_the_api_key_is_unknown() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(Some("not-a-key"));
    let answer = client
        .get("/ipc/video/device/QryChannel?device_id=25045682")
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.errno(), 3);
    assert!(answer.header("x-camsim-reason").is_some());
}

#[tokio::test]
async fn devices_create_answers_errno_3_when_the_key_is_a_device_key() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(Some(ONENET_DEVICE_KEY));
    let answer = client
        .post(
            "/devices",
            &json!({"title": "x", "protocol": "RTMP", "auth_info": "a1"}),
        )
        .await;
    assert_eq!(answer.errno(), 3, "{:?}", answer.json);
    let stat = client
        .get("/ipc/video/stat/getonlinelist?productid=375201")
        .await;
    assert_eq!(stat.errno(), 3, "{:?}", stat.json);
}

#[tokio::test]
async fn register_de_answers_errno_7_without_a_code_and_3_with_a_wrong_one() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(None);
    let missing = client.post("/register_de", &json!({"sn": "SN1"})).await;
    assert_eq!(
        missing.json,
        json!({"errno": 7, "error": "parameter required: register_code"})
    );
    let wrong = client
        .post("/register_de?register_code=NOPE", &json!({"sn": "SN1"}))
        .await;
    assert_eq!(wrong.errno(), 3);
    let master_as_code = client
        .post(
            &format!("/register_de?register_code={ONENET_MASTER_KEY}"),
            &json!({"sn": "SN1"}),
        )
        .await;
    assert_eq!(
        master_as_code.errno(),
        3,
        "a master key is no register code"
    );
}

#[tokio::test]
async fn a_device_key_of_another_product_reaches_neither_that_products_devices_nor_its_own_product_routes()
 {
    let sim = TestSim::onenet().await;
    let other = sim.onenet_client().with_key(Some(ONENET_OTHER_DEVICE_KEY));
    let foreign = other.get(&format!("/devices/{ONENET_DEVICE}")).await;
    assert_eq!(foreign.errno(), 3, "{:?}", foreign.json);
    let own = other.get(&format!("/devices/{ONENET_OTHER_DEVICE}")).await;
    assert_eq!(own.errno(), 0, "{:?}", own.json);
    let product = other
        .get(&format!(
            "/ipc/video/device/version?product_id={ONENET_PRODUCT}"
        ))
        .await;
    assert_eq!(product.errno(), 3, "{:?}", product.json);
}
