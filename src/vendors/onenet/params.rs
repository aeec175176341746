//! OneNET's URL parameters and what they may hold. Nearly every video route takes its
//! parameters in the query; each error names the parameter: errno 7 when a required one is
//! missing or empty, 6 when it holds something it may not.

use super::errors::{OnenetError, errno};
use super::time::{Written, parse_time};
use crate::api::request::ApiRequest;
use std::borrow::Cow;

/// Most rows a page may hold (`per_page` of sections 1.5, 17 and 18.2).
pub const MAX_PER_PAGE: u64 = 100;
/// Highest page number sections 1.5, 17 and 18.2 accept.
pub const MAX_PAGE: u64 = 10_000;
/// Default page size of sections 1.5, 17 and 18.2.
pub const DEFAULT_PER_PAGE: u64 = 30;
/// Longest span sections 9 and 17 accept.
pub const MAX_SPAN_SECS: i64 = 31 * 86_400;

/// A query parameter, trimmed; empty counts as absent.
pub fn optional<'a>(req: &'a ApiRequest, name: &str) -> Option<Cow<'a, str>> {
    let value = req.query_param(name)?;
    if value.trim().is_empty() {
        return None;
    }
    Some(match value {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
    })
}

pub fn required<'a>(req: &'a ApiRequest, name: &str) -> Result<Cow<'a, str>, OnenetError> {
    optional(req, name).ok_or_else(|| OnenetError::because(errno::REQUIRED, name))
}

/// An unsigned integer parameter, if given.
pub fn optional_u64(req: &ApiRequest, name: &str) -> Result<Option<u64>, OnenetError> {
    optional(req, name)
        .map(|text| {
            text.parse::<u64>().map_err(|_| {
                OnenetError::because(
                    errno::INVALID,
                    format!(
                        "{name} must be a non-negative integer, not `{}`",
                        shown(&text)
                    ),
                )
            })
        })
        .transpose()
}

pub fn required_u64(req: &ApiRequest, name: &str) -> Result<u64, OnenetError> {
    optional_u64(req, name)?.ok_or_else(|| OnenetError::because(errno::REQUIRED, name))
}

/// A signed integer parameter, if given.
pub fn optional_i64(req: &ApiRequest, name: &str) -> Result<Option<i64>, OnenetError> {
    optional(req, name)
        .map(|text| {
            text.parse::<i64>().map_err(|_| {
                OnenetError::because(
                    errno::INVALID,
                    format!("{name} must be an integer, not `{}`", shown(&text)),
                )
            })
        })
        .transpose()
}

/// A channel number (`channel_id`, `channel`, ...): a positive 32-bit integer.
pub fn channel(req: &ApiRequest, name: &str) -> Result<Option<u32>, OnenetError> {
    optional_u64(req, name)?
        .map(|n| {
            u32::try_from(n).ok().filter(|n| *n > 0).ok_or_else(|| {
                OnenetError::because(
                    errno::INVALID,
                    format!("{name} must be from 1 to {}", u32::MAX),
                )
            })
        })
        .transpose()
}

/// `true`/`false` (also `1`/`0`), if given.
pub fn optional_bool(req: &ApiRequest, name: &str) -> Result<Option<bool>, OnenetError> {
    optional(req, name)
        .map(|text| match text.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(OnenetError::because(
                errno::INVALID,
                format!("{name} must be true or false, not `{}`", shown(&text)),
            )),
        })
        .transpose()
}

/// A page of a listing: `page` from 1 (at most `MAX_PAGE`), `per_page` from 1 to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: u64,
    pub per_page: u64,
}

impl Page {
    /// Reads `page_name` and `size_name`, with defaults, refusing values out of range (6).
    pub fn of(
        req: &ApiRequest,
        page_name: &str,
        size_name: &str,
        default_size: u64,
        max_size: u64,
    ) -> Result<Page, OnenetError> {
        let page = optional_u64(req, page_name)?.unwrap_or(1);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(OnenetError::because(
                errno::INVALID,
                format!("{page_name} must be from 1 to {MAX_PAGE}"),
            ));
        }
        let per_page = optional_u64(req, size_name)?.unwrap_or(default_size);
        if !(1..=max_size).contains(&per_page) {
            return Err(OnenetError::because(
                errno::INVALID,
                format!("{size_name} must be from 1 to {max_size}"),
            ));
        }
        Ok(Page { page, per_page })
    }

    /// The rows of this page out of `all`.
    pub fn slice<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        let start = usize::try_from(self.page.saturating_sub(1).saturating_mul(self.per_page))
            .unwrap_or(usize::MAX)
            .min(all.len());
        let len = usize::try_from(self.per_page).unwrap_or(usize::MAX);
        &all[start..start.saturating_add(len).min(all.len())]
    }

    /// How many pages `total` rows make.
    pub fn count(&self, total: usize) -> u64 {
        (total as u64).div_ceil(self.per_page.max(1))
    }
}

/// A time span `[start, end)` in Unix seconds from `start_name`/`end_name`, each either
/// `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (a day-only end means the start of the next day, as
/// section 17 says), at most `MAX_SPAN_SECS` long.
pub fn span(req: &ApiRequest, start_name: &str, end_name: &str) -> Result<(i64, i64), OnenetError> {
    let start = time(req, start_name)?.0;
    let (end, written) = time(req, end_name)?;
    let end = match written {
        Written::Day => end.saturating_add(86_400),
        Written::Second => end,
    };
    if end < start {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("{end_name} is before {start_name}"),
        ));
    }
    if end.saturating_sub(start) > MAX_SPAN_SECS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("{start_name} to {end_name} spans more than 31 days"),
        ));
    }
    Ok((start, end))
}

/// A required time parameter in either of OneNET's forms.
pub fn time(req: &ApiRequest, name: &str) -> Result<(i64, Written), OnenetError> {
    let text = required(req, name)?;
    parse_time(&text).ok_or_else(|| {
        OnenetError::because(
            errno::INVALID,
            format!(
                "{name} must be YYYY-MM-DD HH:MM:SS or YYYY-MM-DD, not `{}`",
                shown(&text)
            ),
        )
    })
}

/// An optional time parameter in either form (its day-only form is the start of that day).
pub fn optional_time(req: &ApiRequest, name: &str) -> Result<Option<i64>, OnenetError> {
    if optional(req, name).is_none() {
        return Ok(None);
    }
    time(req, name).map(|(t, _)| Some(t))
}

/// A client's value as quoted in an error: at most 64 characters.
pub fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(64).collect();
    if text.chars().nth(64).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, Method};

    fn req(query: &str) -> ApiRequest {
        ApiRequest::new(
            Method::GET,
            &format!("/x?{query}"),
            HeaderMap::new(),
            bytes::Bytes::new(),
        )
    }

    #[test]
    fn pages_are_checked_at_their_limits() {
        let ok = Page::of(&req("page=10000&per_page=100"), "page", "per_page", 30, 100);
        assert_eq!(
            ok,
            Ok(Page {
                page: 10_000,
                per_page: 100
            })
        );
        for bad in [
            "page=10001",
            "per_page=101",
            "page=0",
            "per_page=0",
            "page=-1",
            "page=x",
        ] {
            let e = Page::of(&req(bad), "page", "per_page", 30, 100).expect_err(bad);
            assert_eq!(e.errno, errno::INVALID, "{bad}");
        }
        let p = Page {
            page: 2,
            per_page: 2,
        };
        assert_eq!(p.slice(&[1, 2, 3]), &[3]);
        assert_eq!(
            Page {
                page: 9,
                per_page: 2
            }
            .slice(&[1, 2, 3]),
            &[] as &[i32]
        );
        assert_eq!(p.count(3), 2);
    }

    #[test]
    fn spans_take_both_forms_and_at_most_31_days() {
        let day = span(&req("s=2019-12-31&e=2019-12-31"), "s", "e").expect("day");
        assert_eq!(day.1 - day.0, 86_400);
        let exact = span(
            &req("s=2019-12-01 00:00:00&e=2020-01-01 00:00:00"),
            "s",
            "e",
        );
        assert_eq!(exact.map(|(a, b)| b - a), Ok(MAX_SPAN_SECS));
        let over = span(
            &req("s=2019-12-01 00:00:00&e=2020-01-01 00:00:01"),
            "s",
            "e",
        );
        assert_eq!(over.map_err(|e| e.errno), Err(errno::INVALID));
        assert_eq!(
            span(&req("e=2019-12-31"), "s", "e").map_err(|e| e.errno),
            Err(errno::REQUIRED)
        );
    }
}
