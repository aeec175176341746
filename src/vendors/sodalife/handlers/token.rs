//! `POST /oauth2/access_token`: client credentials and authorization codes in, a token out
//! (registered as a run-time credential of the world), the pair's previous token revoked.

use super::{Answer, claim_unique, sodalife, success};
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::Ctx;
use crate::vendors::sodalife::errors::{SodalifeError, code};
use crate::vendors::sodalife::params::TokenParams;
use crate::vendors::sodalife::state::{Grant, SodalifeApp, TOKEN_SECS};
use serde_json::json;

pub fn token(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let p = TokenParams::of(req).map_err(|e| SodalifeError::because(code::INVALID_REQUEST, e))?;
    let grant_type = p.required("grant_type")?;
    let client_id = ctx.credential.to_string();
    let now = ctx.now_secs();
    let state = sodalife(ctx)?;
    let app = state
        .app(&client_id)
        .ok_or_else(|| SodalifeError::of(code::INVALID_CLIENT))?
        .clone();
    let (user, scopes) = match grant_type {
        "client_credentials" => (None, requested_scopes(&app, p.optional_text("scope")?)?),
        "authorization_code" => {
            let code_text = p.required("code")?;
            let pending = state.codes.get(code_text).cloned().ok_or_else(|| {
                SodalifeError::because(code::INVALID_GRANT, "the code is unknown or already used")
            })?;
            if pending.client_id != client_id {
                return Err(SodalifeError::because(
                    code::INVALID_GRANT,
                    "the code was issued to another client",
                ));
            }
            state.codes.remove(code_text);
            if pending.expires_at <= now {
                return Err(SodalifeError::because(
                    code::INVALID_GRANT,
                    "the code expired (codes are valid 5 minutes)",
                ));
            }
            (Some(pending.user_id), pending.scopes)
        }
        other => {
            return Err(SodalifeError::because(
                code::UNSUPPORTED_GRANT_TYPE,
                format!("grant_type `{other}`: use client_credentials or authorization_code"),
            ));
        }
    };
    let expires_at = now.saturating_add(TOKEN_SECS);
    let token = claim_unique(
        ctx,
        &client_id,
        Some(expires_at.saturating_mul(1000)),
        &scopes,
    )?;
    let state = sodalife(ctx)?;
    let pair = (client_id.clone(), user.clone());
    let revoked = state.current.insert(pair, token.clone());
    state.tokens.insert(
        token.clone(),
        Grant {
            client_id,
            user_id: user.clone(),
            expires_at,
        },
    );
    if let Some(old) = revoked {
        state.tokens.remove(&old);
        ctx.credentials.release(VendorId::Sodalife, &old);
    }
    let mut answer = json!({ "access_token": token, "expires_in": TOKEN_SECS });
    if let Some(user) = user {
        answer["user_id"] = json!(user);
    }
    Ok(success(&answer))
}

/// The scopes a client-credentials token gets: all the app's, or the comma-separated subset
/// asked for.
fn requested_scopes(
    app: &SodalifeApp,
    asked: Option<&str>,
) -> Result<Vec<&'static str>, SodalifeError> {
    let Some(asked) = asked else {
        return Ok(app.scopes.clone());
    };
    let mut scopes = Vec::new();
    for part in asked.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match app.scopes.iter().find(|s| **s == part) {
            Some(s) if !scopes.contains(s) => scopes.push(*s),
            Some(_) => {}
            None => {
                return Err(SodalifeError::because(
                    code::INVALID_SCOPE,
                    format!(
                        "scope `{part}` is not one of the app's ({})",
                        app.scopes.join(",")
                    ),
                ));
            }
        }
    }
    if scopes.is_empty() {
        return Err(SodalifeError::because(
            code::INVALID_SCOPE,
            "scope names no scope (commas only)",
        ));
    }
    Ok(scopes)
}
