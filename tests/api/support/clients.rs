//! Signing clients per vendor, written from vendors/*.md independently of `src/vendors/*/auth.rs`
//! (so a shared misunderstanding cannot make both sides agree). Checked against the documented
//! test vectors in `gwell_signature_matches_the_documented_vectors`.

pub use super::hostile::gwell_sign::{
    DOCUMENTED_POST_SIGNATURE, gwell_sign_lines, gwell_signature, sign_documented_post_vector,
};
use std::sync::atomic::{AtomicU64, Ordering};

static NONCE: AtomicU64 = AtomicU64::new(1000);

/// A request as a Gwell client sends it; every part can be bent for negative tests.
pub struct GwellRequest {
    pub path: String,
    pub body: String,
    pub host: String,
    pub access_id: String,
    pub nonce: String,
    pub timestamp: i64,
    pub key: String,
    /// Sent instead of `body` after signing (tampering).
    pub sent_body: Option<String>,
    pub extra_headers: Vec<(String, String)>,
    /// Leave the signature header out.
    pub unsigned: bool,
}

pub struct GwellClient {
    pub base: String,
    pub app_id: String,
    pub app_key: String,
    /// The timestamp requests carry (the world's frozen clock).
    pub now: i64,
    http: reqwest::Client,
}

impl GwellClient {
    pub fn new(base: &str, app_id: &str, app_key: &str, now: i64) -> GwellClient {
        GwellClient {
            base: base.to_string(),
            app_id: app_id.to_string(),
            app_key: app_key.to_string(),
            now,
            http: reqwest::Client::new(),
        }
    }

    /// A correctly signed request for `endpoint` (`devInfo`, `devList`) with `body`.
    pub fn request(&self, endpoint: &str, body: &serde_json::Value) -> GwellRequest {
        GwellRequest {
            path: format!("/openapi/custCloud/oss/{endpoint}"),
            body: body.to_string(),
            host: self.base.trim_start_matches("http://").to_string(),
            access_id: self.app_id.clone(),
            nonce: NONCE.fetch_add(1, Ordering::Relaxed).to_string(),
            timestamp: self.now,
            key: self.app_key.clone(),
            sent_body: None,
            extra_headers: Vec::new(),
            unsigned: false,
        }
    }

    pub async fn send(&self, r: &GwellRequest) -> reqwest::Response {
        let timestamp = r.timestamp.to_string();
        let signature = gwell_signature(
            &r.key,
            &r.host,
            &r.access_id,
            &r.nonce,
            &timestamp,
            r.body.as_bytes(),
        );
        let mut builder = self
            .http
            .post(format!("{}{}", self.base, r.path))
            .header("Host", &r.host)
            .header("Content-Type", "application/json")
            .header("X-IotVideo-AccessID", &r.access_id)
            .header("X-IotVideo-Nonce", &r.nonce)
            .header("X-IotVideo-Timestamp", &timestamp);
        if !r.unsigned {
            builder = builder.header("X-IotVideo-Signature", signature);
        }
        for (name, value) in &r.extra_headers {
            builder = builder.header(name, value);
        }
        builder
            .body(r.sent_body.clone().unwrap_or_else(|| r.body.clone()))
            .send()
            .await
            .expect("gwell request")
    }

    /// Signs and sends `body` to `endpoint`: status and JSON body.
    pub async fn call(
        &self,
        endpoint: &str,
        body: serde_json::Value,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        super::read_json(self.send(&self.request(endpoint, &body)).await).await
    }
}
