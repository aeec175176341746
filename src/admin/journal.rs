//! `GET /_camsim/worlds/{w}/requests`: the journal listed through query-string filters, a page
//! at a time; and `GET .../requests/stream`: the same filters as server-sent events, each new
//! matching entry pushed as it is recorded.

use super::{Answer, bad_request, ok, serde_field};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::app::App;
use crate::sim::Sim;
use crate::sim::journal::{EntryFilter, MAX_PAGE};
use bytes::Bytes;
use http::StatusCode;
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_LIST_LIMIT: usize = 100;

/// `GET requests?vendor=&endpoint=&device=&credential=&auth=&code=&status=&method=&path=&fault=&since=&bodyContains=&limit=`
/// With `since`, the first `limit` matches after it (paging forward); without, the most recent.
pub(super) fn list(sim: &Sim, req: &ApiRequest) -> Answer {
    let (filter, limit) = filter_of(req)?;
    ok(&sim.journal.list(&filter, limit))
}

/// The query's filter and page size.
fn filter_of(req: &ApiRequest) -> Result<(EntryFilter, usize), ApiResponse> {
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
    Ok((filter, limit))
}

/// A comment line sent when nothing else was, so proxies and browsers keep the stream open.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// Events in flight to a slow reader before the feed waits for it.
const STREAM_BUFFER: usize = 16;

/// `GET requests/stream?{the list's filters}`: `text/event-stream`, one `request` event (id =
/// the entry's `seq`, data = the entry as the list shows it) per new matching entry, from
/// `since` (or the `Last-Event-ID` a reconnecting browser sends) or else from now; it ends when
/// the client leaves, the world is deleted, or camsim stops.
pub(super) fn stream(app: &Arc<App>, sim: Sim, req: &ApiRequest) -> Answer {
    let (mut filter, _) = filter_of(req)?;
    let resumed = req
        .headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    filter.since = filter
        .since
        .or(resumed)
        .or_else(|| Some(*sim.journal.watch().borrow()));
    let (events, rx) = tokio::sync::mpsc::channel(STREAM_BUFFER);
    tokio::spawn(feed(Arc::clone(app), sim, filter, events));
    let answer = ApiResponse::text(StatusCode::OK, "text/event-stream", Bytes::new())
        .with_header(http::header::CACHE_CONTROL, "no-cache");
    Ok(answer.streaming(rx))
}

async fn feed(
    app: Arc<App>,
    sim: Sim,
    mut filter: EntryFilter,
    events: tokio::sync::mpsc::Sender<Bytes>,
) {
    let mut shutdown = app.shutdown.clone();
    let mut newest = sim.journal.watch();
    // Tells the browser how long to wait before it reconnects.
    if events
        .send(Bytes::from_static(b"retry: 2000\n\n"))
        .await
        .is_err()
    {
        return;
    }
    loop {
        // Everything up to here is looked at below: entries the filter skips are not looked
        // at again.
        let seen = *newest.borrow_and_update();
        let page = sim.journal.list(&filter, MAX_PAGE);
        let full = page.len() >= MAX_PAGE;
        for entry in page {
            filter.since = Some(entry.seq);
            let data = serde_json::to_string(&entry).unwrap_or_default();
            let event = format!("id: {}\nevent: request\ndata: {data}\n\n", entry.seq);
            if events.send(Bytes::from(event)).await.is_err() {
                return;
            }
        }
        if full {
            continue;
        }
        filter.since = filter.since.max(Some(seen));
        let quiet = tokio::select! {
            changed = newest.changed() => if changed.is_err() { return } else { false },
            () = tokio::time::sleep(HEARTBEAT) => true,
            () = events.closed() => return,
            _ = shutdown.wait_for(|stopping| *stopping) => return,
        };
        if quiet {
            let current = app.worlds.get(&sim.name);
            if !current.is_some_and(|w| w.same_as(&sim)) {
                return;
            }
            if events
                .send(Bytes::from_static(b": still here\n\n"))
                .await
                .is_err()
            {
                return;
            }
        }
    }
}
