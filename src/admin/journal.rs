//! `GET /_camsim/worlds/{w}/requests`: the journal listed through query-string filters, a page
//! at a time.

use super::{Answer, bad_request, ok, serde_field};
use crate::api::request::ApiRequest;
use crate::sim::Sim;
use crate::sim::journal::{EntryFilter, MAX_PAGE};

const DEFAULT_LIST_LIMIT: usize = 100;

/// `GET requests?vendor=&endpoint=&device=&credential=&auth=&code=&status=&method=&path=&fault=&since=&bodyContains=&limit=`
/// With `since`, the first `limit` matches after it (paging forward); without, the most recent.
pub(super) fn list(sim: &Sim, req: &ApiRequest) -> Answer {
    let mut filter = serde_json::Map::new();
    let mut limit = DEFAULT_LIST_LIMIT;
    for (key, value) in req.query_pairs() {
        let parsed = match key.as_ref() {
            "limit" => {
                limit = value.parse().map_err(|_| {
                    bad_request(format!("limit: `{value}` is not a count"), Some("limit"))
                })?;
                // A page's memory is bounded by its size; a longer walk pages with `since`.
                if limit > MAX_PAGE {
                    return Err(bad_request(
                        format!(
                            "limit: {limit} is over the maximum of {MAX_PAGE} entries a page; \
                             page on with `since` (see README: Journal)"
                        ),
                        Some("limit"),
                    ));
                }
                continue;
            }
            "status" | "since" => serde_json::Value::from(value.parse::<u64>().map_err(|_| {
                bad_request(format!("{key}: `{value}` is not a number"), Some(&key))
            })?),
            _ => serde_json::Value::from(value.as_ref()),
        };
        filter.insert(key.into_owned(), parsed);
    }
    let filter: EntryFilter =
        serde_json::from_value(serde_json::Value::Object(filter)).map_err(|e| {
            let message = e.to_string();
            bad_request(
                format!("invalid filter: {message}"),
                serde_field(&message).as_deref(),
            )
        })?;
    ok(&sim.journal.list(&filter, limit))
}
