//! Media tokens the API hands out (live `accessToken`, VOD play tokens, picture links): what
//! each opens and until when. Each is also a credential of the world (so the link routes to
//! it); at most `MAX_TOKENS` are kept, the oldest revoked first, so a client asking for
//! addresses in a loop cannot grow a world without bound.

use crate::sim::Ids;
use crate::sim::VendorId;
use crate::sim::hashing::FastMap;
use crate::sim::world::Account;
use crate::sim::worlds::RegistryError;
use crate::sim::worlds::RuntimeCredentials;
use crate::vendors::Ctx;
use std::collections::VecDeque;

/// Media tokens kept per world.
pub const MAX_TOKENS: usize = 10_000;

/// What a media token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaGrant {
    pub device: String,
    pub channel: u32,
    /// The recording (VOD tokens), or `None`.
    pub video: Option<String>,
    /// How a live token's player plays (`RTMP` or `HLS`, section 14's `protocoltype`).
    pub protocol: Option<&'static str>,
    /// World-clock milliseconds; `None` never expires.
    pub expires_ms: Option<i64>,
}

impl MediaGrant {
    pub fn expired(&self, now_ms: i64) -> bool {
        self.expires_ms.is_some_and(|end| now_ms >= end)
    }
}

/// What issuing and revoking tokens needs of a request's context, copied out of it so the
/// world's OneNET state can be borrowed at the same time.
#[derive(Clone, Copy)]
pub struct Issuer<'a> {
    pub ids: &'a Ids,
    pub credentials: &'a dyn RuntimeCredentials,
    pub now_ms: i64,
}

impl<'a> Issuer<'a> {
    pub fn of(ctx: &Ctx<'a>) -> Issuer<'a> {
        Issuer {
            ids: ctx.ids,
            credentials: ctx.credentials,
            now_ms: ctx.now_ms,
        }
    }
}

#[derive(Debug, Default)]
pub struct Tokens {
    pub grants: FastMap<String, MediaGrant>,
    /// Tokens in the order they were issued.
    order: VecDeque<String>,
    /// The picture token of each device (one per device, never expiring).
    pub picture_tokens: FastMap<String, String>,
    /// When each token was issued, world-clock milliseconds (section 14's `onlinetime`).
    pub issued_ms: FastMap<String, i64>,
}

impl Tokens {
    /// Issues a token for `grant` with `scope` (one of the media scopes of `state`), claimed as
    /// a credential of the world; the oldest token is revoked when `MAX_TOKENS` are kept.
    pub fn issue(
        &mut self,
        ctx: Issuer<'_>,
        product: &str,
        scope: &'static str,
        grant: MediaGrant,
    ) -> Result<String, RegistryError> {
        let account = |id: String| Account {
            vendor: VendorId::Onenet,
            id,
            secret: product.to_string(),
            token: None,
            expires_ms: grant.expires_ms,
            scopes: vec![scope],
        };
        let token = ctx.credentials.claim_fresh(ctx.ids, 32, &account)?;
        if self.order.len() >= MAX_TOKENS
            && let Some(old) = self.order.pop_front()
        {
            self.grants.remove(&old);
            self.issued_ms.remove(&old);
            self.picture_tokens.retain(|_, t| *t != old);
            ctx.credentials.release(VendorId::Onenet, &old);
        }
        self.order.push_back(token.clone());
        self.grants.insert(token.clone(), grant);
        self.issued_ms.insert(token.clone(), ctx.now_ms);
        Ok(token)
    }

    /// Revokes every token of `device` (a deleted device's links stop working).
    pub fn revoke_device(&mut self, ctx: Issuer<'_>, device: &str) {
        let gone: Vec<String> = self
            .grants
            .iter()
            .filter(|(_, g)| g.device == device)
            .map(|(t, _)| t.clone())
            .collect();
        for token in gone {
            self.grants.remove(&token);
            self.issued_ms.remove(&token);
            self.order.retain(|t| *t != token);
            ctx.credentials.release(VendorId::Onenet, &token);
        }
        self.picture_tokens.remove(device);
    }
}
