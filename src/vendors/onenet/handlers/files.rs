//! Section 16: the product's object store. Its codes are HTTP statuses too (`errors.rs`):
//! upload and delete answer `{"errno":200,"error":"succ"}`, the list `errno` 0 as the seed's
//! example shows, a download the file's bytes. Every error of these routes is worded in the
//! store's codes (`handlers::handle` maps the generic ones: a missing parameter is 400).
//!
//! Proposals (the seed is silent):
//! - only the product's master key reaches the store (device keys reach only their device:
//!   403); a `product_id` that is not the key's product is 403;
//! - a name is 1 to 256 characters (1002 beyond), letters (any script), digits, `-`, `_` and
//!   `.` (1001 for anything else); `desc` at most 1024 characters (1003);
//! - uploading a name again replaces the file (an object store's PUT); an empty body is an
//!   empty file;
//! - a product keeps at most `MAX_PRODUCT_FILES` files (403 for one more) and
//!   `MAX_PRODUCT_BYTES` bytes (413);
//! - the list is by name; `name` filters by prefix; `page_start` (from 1) and `page_size`
//!   (1 to 100, default 50) page it.

use super::answer;
use super::pictures::PageInfo;
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::onenet::access;
use crate::vendors::onenet::errors::OnenetError;
use crate::vendors::onenet::params::{self, Page};
use crate::vendors::onenet::state::files::{StoreFull, StoredFile};
use crate::vendors::{Ctx, Handled};
use http::StatusCode;
use serde::Serialize;
use serde_json::Value;

/// Section 16's name limit.
pub const MAX_NAME_CHARS: usize = 256;
/// Section 16's description limit.
pub const MAX_DESC_CHARS: usize = 1024;
/// The page size of the seed's example.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
pub const MAX_PAGE_SIZE: u64 = 100;

/// The store's success: code 200 in the body and the status line.
fn store_succ() -> Handled {
    #[derive(Serialize)]
    struct Succ {
        errno: i64,
        error: &'static str,
    }
    let body = Succ {
        errno: 200,
        error: "succ",
    };
    Handled::Now(ApiResponse::json(StatusCode::OK, &body).with_code("200"))
}

/// The caller's product, when it is the request's `product_id` and the key is its master key.
fn product(ctx: &Ctx<'_>, req: &ApiRequest) -> Result<String, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let given = params::required(req, "product_id")?;
    if grant.device.is_some() {
        return Err(OnenetError::store(
            403,
            "the object store takes the product's master key, not a device key",
        ));
    }
    if given != grant.product {
        return Err(OnenetError::store(
            403,
            format!(
                "product_id {} is not the product of this api-key",
                params::shown(&given)
            ),
        ));
    }
    Ok(grant.product)
}

/// `name`, checked against section 16's rules.
fn name(req: &ApiRequest) -> Result<String, OnenetError> {
    let name = params::required(req, "name")?;
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(OnenetError::store(1002, format!("name has {n} characters")));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(OnenetError::store(
            1001,
            format!(
                "`{}` in name (letters, digits, `-`, `_` and `.` only)",
                c.escape_default()
            ),
        ));
    }
    Ok(name.into_owned())
}

fn missing(product: &str, name: &str) -> OnenetError {
    OnenetError::store(
        404,
        format!("product {product} has no file {}", params::shown(name)),
    )
}

/// 16.1: keeps the body under `name`.
pub fn upload(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let product = product(ctx, req)?;
    let name = name(req)?;
    let desc = params::optional(req, "desc").unwrap_or_default();
    let n = desc.chars().count();
    if n > MAX_DESC_CHARS {
        return Err(OnenetError::store(1003, format!("desc has {n} characters")));
    }
    let file = StoredFile {
        desc: desc.into_owned(),
        date: ctx.now_secs(),
        bytes: req.body.clone(),
    };
    access::state_mut(ctx)?
        .files
        .put(&product, &name, file)
        .map_err(|full| match full {
            StoreFull::Count => OnenetError::store(403, full),
            StoreFull::Bytes => OnenetError::store(413, full),
        })?;
    Ok(store_succ())
}

/// 16.2: the file's bytes.
pub fn download(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let product = product(ctx, req)?;
    let name = name(req)?;
    let state = access::state(ctx)?;
    let file = state
        .files
        .of(&product)
        .and_then(|p| p.get(&name))
        .ok_or_else(|| missing(&product, &name))?;
    Ok(Handled::Now(
        ApiResponse::text(
            StatusCode::OK,
            "application/octet-stream",
            file.bytes.clone(),
        )
        .with_code("200"),
    ))
}

/// 16.3: removes the file.
pub fn delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let product = product(ctx, req)?;
    let name = name(req)?;
    access::state_mut(ctx)?
        .files
        .remove(&product, &name)
        .ok_or_else(|| missing(&product, &name))?;
    Ok(store_succ())
}

/// One file as 16.4 lists it.
#[derive(Serialize)]
struct FileRow {
    /// A number, as the seed shows it (text for a product id that is not one).
    product_id: Value,
    name: String,
    size: u64,
    date: i64,
    desc: String,
}

#[derive(Serialize)]
struct FileList {
    data: Vec<FileRow>,
    page_info: PageInfo,
}

/// 16.4: the product's files by name.
pub fn list(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let product = product(ctx, req)?;
    let prefix = params::optional(req, "name").unwrap_or_default();
    let page = Page::of(
        req,
        "page_start",
        "page_size",
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
    )?;
    let state = access::state(ctx)?;
    let matching: Vec<_> = state
        .files
        .of(&product)
        .into_iter()
        .flat_map(|p| p.iter())
        .filter(|(name, _)| name.starts_with(prefix.as_ref()))
        .collect();
    let product_id = product
        .parse::<u64>()
        .map_or_else(|_| Value::String(product.clone()), Value::from);
    let data = page
        .slice(&matching)
        .iter()
        .map(|(name, file)| FileRow {
            product_id: product_id.clone(),
            name: name.to_string(),
            size: file.bytes.len() as u64,
            date: file.date,
            desc: file.desc.clone(),
        })
        .collect();
    Ok(answer(FileList {
        data,
        page_info: PageInfo::of(&page, matching.len()),
    }))
}
