//! Tencent Cloud API 3.0 over real HTTP: the envelope, TC3-HMAC-SHA256 as the gateway checks
//! it, the timestamp window on the world clock, the SecretId picking the world, the languages.

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::tencent_client::{
    APP_ID, IMAGE_PRODUCT, SECRET_ID_2, SECRET_KEY_2, VIDEO_PRODUCT,
};
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

#[tokio::test]
async fn a_wrong_key_is_a_signature_failure_in_the_language_asked_for() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut call = client.post(
        "DescribeDevice",
        &json!({"ProductId": IMAGE_PRODUCT, "DeviceName": "sp01_event"}),
    );
    let wrong = client.authorization_with(&call, "not the key", &client.host(), "iotvideo");
    let answer = client.send_with(&call, Some(&wrong)).await;
    assert_eq!(answer.code(), Some("AuthFailure.SignatureFailure"));
    assert!(
        answer.message().starts_with("请求签名验证失败"),
        "{}",
        answer.message()
    );
    assert!(answer.headers.contains_key("x-camsim-reason"));
    call.language = Some("en-US".into());
    let wrong = client.authorization_with(&call, "not the key", &client.host(), "iotvideo");
    let answer = client.send_with(&call, Some(&wrong)).await;
    assert_eq!(
        answer.message(),
        "The provided credentials could not be validated. Please check your signature is correct."
    );
    assert_eq!(APP_ID.len(), 12);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_get_form_signs_its_query_as_sent() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let call = client.get(
        "DescribeDevice",
        &format!("ProductId={VIDEO_PRODUCT}&DeviceName=p2p_full"),
    );
    let answer = client.send(&call).await;
    assert_eq!(answer.ok()["DeviceName"], "p2p_full");
    // No media link of this world at this path: the media host's 404.
    let missing = client
        .fetch(&format!(
            "{}/timeshift/live/nokey/timeshift.m3u8",
            client.base
        ))
        .await;
    assert_eq!(missing.status(), 404);
    sim.shutdown().await;
}
