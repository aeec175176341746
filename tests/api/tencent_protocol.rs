//! Tencent Cloud API 3.0 over real HTTP: the envelope, TC3-HMAC-SHA256 as the gateway checks
//! it, the timestamp window on the world clock, the SecretId picking the world, the languages.

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::tencent_client::{SECRET_ID_2, SECRET_KEY_2, VIDEO_PRODUCT};
use serde_json::json;

#[tokio::test]
async fn a_signed_call_answers_in_tencents_envelope() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call(
            "DescribeDevice",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full"}),
        )
        .await;
    assert_eq!(answer.content_type, "application/json");
    let r = answer.ok();
    assert_eq!(r["DeviceName"], "p2p_full");
    assert_eq!(r["Online"], 1);
    assert_wire!("tencent", "describe_device", answer.wire());
    // The account's second key works as well.
    let other = sim.tencent_client().with_key(SECRET_ID_2, SECRET_KEY_2);
    let answer = other
        .call(
            "DescribeDevice",
            json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_inactive"}),
        )
        .await;
    assert_eq!(answer.ok()["Online"], 3);
    sim.shutdown().await;
}
