//! A Sodalife client written from the vendor documents (seed 002 and vendors/sodalife.md §1),
//! not from `src/vendors/sodalife`: OAuth 2.0 with a JSON token request
//! (`POST /oauth2/access_token`, `grant_type=client_credentials`, `client_id`, `client_secret`,
//! optional comma-separated `scope`) answering `{"access_token","expires_in":7200}`, and camera
//! calls carrying that token either in the JSON body (seed 002) or in the query string
//! `?access_token=` (the document's next revision).

use serde_json::{Value, json};

pub const TOKEN_PATH: &str = "/oauth2/access_token";

/// Where a camera call carries its access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenIn {
    /// `"access_token"` in the JSON body, as seed 002's examples send it.
    Body,
    /// `?access_token=` in the URL, as the later revision and every other Sodalife API do.
    Query,
}

pub struct SodalifeClient {
    pub base: String,
    pub client_id: String,
    pub client_secret: String,
    http: reqwest::Client,
}

impl SodalifeClient {
    pub fn new(base: &str, client_id: &str, client_secret: &str) -> SodalifeClient {
        SodalifeClient {
            base: base.trim_end_matches('/').to_string(),
            client_id: client_id.to_string(),
            client_secret: client_secret.to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// The client-credentials request body, with `scope` when given.
    pub fn credentials_body(&self, scope: Option<&str>) -> Value {
        let mut body = json!({
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        });
        if let Some(scope) = scope {
            body["scope"] = json!(scope);
        }
        body
    }

    /// Asks for an app token (client credentials) as the documentation shows.
    pub async fn request_token(&self, scope: Option<&str>) -> reqwest::Response {
        self.post_token_json(&self.credentials_body(scope)).await
    }

    /// Exchanges a one-time authorization code for a user token.
    pub async fn exchange_code(&self, code: &str) -> reqwest::Response {
        self.post_token_json(&json!({
            "grant_type": "authorization_code",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "code": code,
        }))
        .await
    }

    /// An app token, or a panic naming the refusal.
    pub async fn access_token(&self) -> String {
        let response = self.request_token(None).await;
        let status = response.status();
        let body: Value = response.json().await.expect("token answer is JSON");
        assert_eq!(status, 200, "token request refused: {body}");
        assert_eq!(body["expires_in"], 7200, "{body}");
        body["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access_token in {body}"))
            .to_string()
    }

    /// `body` as the token request's JSON.
    pub async fn post_token_json(&self, body: &Value) -> reqwest::Response {
        self.post_token_raw("application/json", body.to_string())
            .await
    }

    /// A token request with any content type and body (form encoding, broken JSON).
    pub async fn post_token_raw(&self, content_type: &str, body: String) -> reqwest::Response {
        self.http
            .post(format!("{}{TOKEN_PATH}", self.base))
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .expect("token request")
    }

    /// A camera call (`capture`, `controlling`, `liveurl`) with `params` as its JSON body and
    /// `token` where `token_in` says; headers may still be added before sending.
    pub fn camera(
        &self,
        endpoint: &str,
        token: &str,
        token_in: TokenIn,
        params: Value,
    ) -> reqwest::RequestBuilder {
        let mut body = params;
        let mut url = format!("{}/iot/cameras/{endpoint}", self.base);
        match token_in {
            TokenIn::Body => body["access_token"] = json!(token),
            TokenIn::Query => url = format!("{url}?access_token={token}"),
        }
        self.http
            .post(url)
            .header("Content-Type", "application/json")
            .body(body.to_string())
    }

    /// A link camsim handed out (`picUrl`, a live URL), fetched as a player would.
    pub async fn fetch(&self, url: &str) -> reqwest::Response {
        self.http.get(url).send().await.expect("media request")
    }
}
