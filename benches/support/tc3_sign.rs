//! TC3-HMAC-SHA256 for the load client, written from Tencent's documentation (the vendor
//! card's steps), not with camsim's code, so the client's work is the same against camsim and
//! the bare server. `self_check` reproduces the documented test vector.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

fn hmac(key: &[u8], msg: &str) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(msg.as_bytes());
    mac.finalize().into_bytes().into()
}

/// `Authorization` for a JSON POST of `body` to `host`, signed at `timestamp`.
pub fn authorization(
    secret_id: &str,
    secret_key: &str,
    host: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    let payload = hex::encode(Sha256::digest(body));
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/json\nhost:{host}\n\ncontent-type;host\n{payload}"
    );
    let date = chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let scope = format!("{date}/iotvideo/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), &date);
    let k_service = hmac(&k_date, "iotvideo");
    let k_signing = hmac(&k_service, "tc3_request");
    let signature = hex::encode(hmac(&k_signing, &to_sign));
    format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    )
}

/// The signing must reproduce the documented vector (SecretKey `mockSecretKey`, 1714560000).
pub fn self_check() -> Result<(), String> {
    let got = authorization(
        "AKIDEXAMPLE",
        "mockSecretKey",
        "127.0.0.1:12045",
        1_714_560_000,
        br#"{"ProductId": "AQTV2839QJ", "DeviceName": "p2p_32731213_1"}"#,
    );
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
