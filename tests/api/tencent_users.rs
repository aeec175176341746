//! Tencent cloud-storage users over real HTTP: listed in binding order and paged, bound (the
//! user bound now owns what is recorded from now on), inherited (another user takes over a
//! user's storage space, its recordings included).

use crate::assert_wire;
use crate::support::TestSim;
use crate::support::tencent_client::{Answer, TencentClient, VIDEO_PRODUCT};
use serde_json::{Value, json};

fn on(device: &str, extra: Value) -> Value {
    let mut body = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": device});
    if let (Some(b), Value::Object(more)) = (body.as_object_mut(), extra) {
        b.extend(more);
    }
    body
}

async fn users(client: &TencentClient, device: &str, limit: i64, offset: i64) -> Answer {
    client
        .call(
            "DescribeCloudStorageUsers",
            on(device, json!({"Limit": limit, "Offset": offset})),
        )
        .await
}

/// The UserIds of a page, and the TotalCount.
fn listed(answer: &Answer) -> (Vec<String>, i64) {
    let r = answer.ok();
    let ids = r["Users"]
        .as_array()
        .unwrap_or_else(|| panic!("Users in {r}"))
        .iter()
        .map(|u| u["UserId"].as_str().expect("a UserId").to_string())
        .collect();
    (ids, r["TotalCount"].as_i64().expect("TotalCount"))
}

/// The device's bindings as the control API shows them: (userId, since).
async fn bindings(sim: &TestSim, device: &str) -> Vec<(String, i64)> {
    let (status, body) = sim
        .get(&format!(
            "worlds/tencent-test/devices/tencent/{VIDEO_PRODUCT}:{device}"
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    body["users"]
        .as_array()
        .unwrap_or_else(|| panic!("users in {body}"))
        .iter()
        .map(|u| {
            (
                u["userId"].as_str().expect("userId").to_string(),
                u["since"].as_i64().expect("since"),
            )
        })
        .collect()
}

#[tokio::test]
async fn describe_cloud_storage_users_lists_the_bound_users_when_the_device_has_some() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = users(&client, "p2p_users", 10, 0).await;
    assert_eq!(listed(&answer), (vec!["user_a".to_string()], 1));
    assert_wire!("tencent", "users_describe", answer.wire());
    let answer = users(&client, "p2p_none", 10, 0).await;
    assert_eq!(listed(&answer), (vec![], 0));
    assert_wire!("tencent", "users_describe_none", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_users_is_refused_when_the_page_is_out_of_range() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = users(&client, "p2p_users", 0, 0).await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "users_describe_bad_limit", answer.wire());
    let answer = users(&client, "p2p_users", 101, 0).await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "users_describe_bad_limit", answer.wire());
    let answer = users(&client, "p2p_users", 100, -1).await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "users_describe_bad_offset", answer.wire());
    let answer = client
        .call(
            "DescribeCloudStorageUsers",
            on("p2p_users", json!({"Offset": 0})),
        )
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    assert_wire!("tencent", "users_describe_no_limit", answer.wire());
    let answer = users(&client, "p2p_nobody", 10, 0).await;
    assert_eq!(answer.code(), Some("InvalidParameter"));
    assert_wire!("tencent", "users_describe_no_device", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn bind_cloud_storage_user_binds_the_user_from_now_when_another_is_bound() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let now = client.now;
    let answer = client
        .call(
            "BindCloudStorageUser",
            on("p2p_none", json!({"UserId": "user_b"})),
        )
        .await;
    answer.ok();
    assert_wire!("tencent", "users_bind", answer.wire());
    assert_eq!(
        listed(&users(&client, "p2p_none", 10, 0).await),
        (vec!["user_b".into()], 1)
    );
    assert_eq!(
        bindings(&sim, "p2p_none").await,
        vec![("user_b".into(), now)]
    );
    // DescribeCloudStorage names the user bound now, unless one is asked for.
    let r = client
        .call("DescribeCloudStorage", on("p2p_none", json!({})))
        .await;
    assert_eq!(r.ok()["UserId"], "user_b");
    let r = client
        .call(
            "DescribeCloudStorage",
            on("p2p_none", json!({"UserId": "other"})),
        )
        .await;
    assert_eq!(r.ok()["UserId"], "other");

    // Binding the same user again changes nothing.
    let (status, body) = sim
        .post("worlds/tencent-test/clock", json!({"advance": "1h"}))
        .await;
    assert_eq!(status, 200, "{body}");
    client.now = now + 3600;
    client
        .call(
            "BindCloudStorageUser",
            on("p2p_none", json!({"UserId": "user_b"})),
        )
        .await
        .ok();
    assert_eq!(
        bindings(&sim, "p2p_none").await,
        vec![("user_b".into(), now)]
    );

    // Another user, then the first again: listed once each, in the order first bound.
    for user in ["user_c", "user_b"] {
        client
            .call(
                "BindCloudStorageUser",
                on("p2p_none", json!({"UserId": user})),
            )
            .await
            .ok();
    }
    assert_eq!(
        bindings(&sim, "p2p_none").await,
        vec![
            ("user_b".into(), now),
            ("user_c".into(), now + 3600),
            ("user_b".into(), now + 3600),
        ]
    );
    assert_eq!(
        listed(&users(&client, "p2p_none", 10, 0).await),
        (vec!["user_b".into(), "user_c".into()], 2)
    );
    assert_eq!(
        listed(&users(&client, "p2p_none", 1, 1).await),
        (vec!["user_c".into()], 2)
    );
    assert_eq!(listed(&users(&client, "p2p_none", 1, 5).await), (vec![], 2));
    sim.shutdown().await;
}

#[tokio::test]
async fn bind_cloud_storage_user_is_refused_when_the_user_id_is_longer_than_64_characters() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call(
            "BindCloudStorageUser",
            on("p2p_none", json!({"UserId": "u".repeat(65)})),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "users_bind_too_long", answer.wire());
    let answer = client
        .call(
            "BindCloudStorageUser",
            on("p2p_none", json!({"UserId": ""})),
        )
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    assert_wire!("tencent", "users_bind_no_user", answer.wire());
    // 64 characters, however many bytes.
    let wide = "用".repeat(64);
    client
        .call(
            "BindCloudStorageUser",
            on("p2p_none", json!({"UserId": wide})),
        )
        .await
        .ok();
    assert_eq!(
        listed(&users(&client, "p2p_none", 10, 0).await),
        (vec![wide], 1)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn inherit_cloud_storage_user_hands_the_space_over_when_the_user_is_the_devices() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let dates = |user: &str| {
        client.call(
            "DescribeCloudStorageDate",
            on("p2p_users", json!({"UserId": user})),
        )
    };
    let before = dates("user_a").await.ok()["Data"].clone();
    assert!(
        before.as_array().is_some_and(|d| !d.is_empty()),
        "user_a has recordings: {before}"
    );
    assert_eq!(dates("user_z").await.ok()["Data"], json!([]));

    let answer = client
        .call(
            "InheritCloudStorageUser",
            on(
                "p2p_users",
                json!({"UserId": "user_a", "ToUserId": "user_z"}),
            ),
        )
        .await;
    answer.ok();
    assert_wire!("tencent", "users_inherit", answer.wire());
    assert_eq!(
        listed(&users(&client, "p2p_users", 10, 0).await),
        (vec!["user_z".into()], 1)
    );
    let r = client
        .call("DescribeCloudStorage", on("p2p_users", json!({})))
        .await;
    assert_eq!(r.ok()["UserId"], "user_z");
    // The recordings read under the new user; the old one has none left.
    assert_eq!(dates("user_z").await.ok()["Data"], before);
    assert_eq!(dates("user_a").await.ok()["Data"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn inherit_cloud_storage_user_is_refused_when_the_users_do_not_fit() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let inherit = |from: &str, to: &str| {
        client.call(
            "InheritCloudStorageUser",
            on("p2p_users", json!({"UserId": from, "ToUserId": to})),
        )
    };
    let answer = inherit("user_x", "user_z").await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "users_inherit_unknown_user", answer.wire());
    let answer = inherit("user_a", "user_a").await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert_wire!("tencent", "users_inherit_same_user", answer.wire());
    let answer = inherit("user_a", &"z".repeat(65)).await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert!(
        answer.message().contains("ToUserId"),
        "{}",
        answer.message()
    );
    let answer = client
        .call(
            "InheritCloudStorageUser",
            on("p2p_users", json!({"UserId": "user_a"})),
        )
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    // Nothing changed.
    assert_eq!(
        listed(&users(&client, "p2p_users", 10, 0).await),
        (vec!["user_a".into()], 1)
    );
    sim.shutdown().await;
}
