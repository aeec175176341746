//! One accept loop per listener (control and the four vendors alike): at most `max_connections`
//! open at once, back-off when accepting fails, and graceful shutdown: on the stop signal the
//! loop stops accepting, connections without a request in flight close at once, and requests
//! in flight get the grace period to finish. Each connection is served by `connection`.

use super::connection::{self, Timeouts};
use super::{App, Role};
use crate::config::Config;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

/// The highest connection cap: a semaphore's permits fit it, on every target.
const MAX_CAP: usize = 1 << 20;
/// The first pause after an accept error; each further error in a row doubles it.
const FIRST_BACKOFF: Duration = Duration::from_millis(5);
/// The longest pause: a client that connects once descriptors are free waits at most this long.
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// What every connection of every listener is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeouts: Timeouts,
    pub max_connections: usize,
    pub grace: Duration,
}

impl Limits {
    pub fn of(config: &Config) -> Limits {
        Limits {
            timeouts: Timeouts {
                header_read: config.header_read_timeout,
                idle: config.idle_timeout,
            },
            max_connections: config.max_connections.clamp(1, MAX_CAP),
            grace: config.grace,
        }
    }
}

/// Serves `listener` until camsim stops, then waits (up to the grace period) for its
/// connections to close.
pub async fn accept_loop(listener: TcpListener, app: Arc<App>, role: Role, limits: Limits) {
    let mut acceptor = Acceptor::new(listener, role, limits.max_connections);
    let mut stop = app.shutdown.clone();
    loop {
        let (stream, slot) = tokio::select! {
            next = acceptor.next() => next,
            _ = stop.wait_for(|stopping| *stopping) => break,
        };
        // Small JSON answers: send them now, not after Nagle's delay.
        let _ = stream.set_nodelay(true);
        // Subscribed here, not in the task: a report of a full listener sent before the task
        // first runs must still reach it.
        let crowded = acceptor.crowded.subscribe();
        let app = app.clone();
        tokio::spawn(async move {
            connection::serve(stream, app, role, limits.timeouts, crowded).await;
            drop(slot);
        });
    }
    let slots = acceptor.slots.clone();
    drop(acceptor);
    drain(&slots, role, limits).await;
}

/// Returns once every slot is back (every connection closed), or the grace period is over.
async fn drain(slots: &Semaphore, role: Role, limits: Limits) {
    let every_slot = u32::try_from(limits.max_connections).expect("the cap is at most 2^20");
    if tokio::time::timeout(limits.grace, slots.acquire_many(every_slot))
        .await
        .is_err()
    {
        tracing::warn!(
            listener = role.name(),
            "grace period over; closing open connections"
        );
    }
}

/// The listening socket with its connection slots and its accept-error state.
struct Acceptor {
    listener: TcpListener,
    role: Role,
    /// One permit per connection that may be open; a connection returns it when it closes.
    slots: Arc<Semaphore>,
    /// Sent when the listener is full: connections accepted before stop keeping alive.
    crowded: watch::Sender<()>,
    /// Accept errors in a row.
    failures: u32,
    warned_full: bool,
}

impl Acceptor {
    fn new(listener: TcpListener, role: Role, max_connections: usize) -> Acceptor {
        Acceptor {
            listener,
            role,
            slots: Arc::new(Semaphore::new(max_connections)),
            crowded: watch::Sender::new(()),
            failures: 0,
            warned_full: false,
        }
    }

    /// The next client and its slot. Cancel-safe: a client accepted before the stop is closed.
    async fn next(&mut self) -> (TcpStream, OwnedSemaphorePermit) {
        let stream = self.accept().await;
        (stream, self.free_slot().await)
    }

    async fn accept(&mut self) -> TcpStream {
        loop {
            match self.listener.accept().await {
                Ok((stream, _)) => {
                    self.accepted();
                    return stream;
                }
                // That client gave up before its turn: nothing to wait for.
                Err(error) if gone_before_accept(&error) => {}
                Err(error) => tokio::time::sleep(self.failed(&error)).await,
            }
        }
    }

    /// A slot for a client already accepted. When there is none, every open connection is
    /// asked to close after its current request (idle ones close at once), so the client gets
    /// in soon; it waits unserved meanwhile, and later clients wait in the listen backlog.
    async fn free_slot(&mut self) -> OwnedSemaphorePermit {
        if let Ok(slot) = self.slots.clone().try_acquire_owned() {
            return slot;
        }
        if !self.warned_full {
            self.warned_full = true;
            tracing::warn!(
                listener = self.role.name(),
                "connection cap reached; new clients wait until a connection closes (logged once)"
            );
        }
        self.crowded.send_replace(());
        self.slots
            .clone()
            .acquire_owned()
            .await
            .expect("the slots semaphore is never closed")
    }

    /// Logs the first error of a burst only, and says how long to pause before the next try.
    fn failed(&mut self, error: &io::Error) -> Duration {
        if self.failures == 0 {
            tracing::warn!(
                listener = self.role.name(),
                %error,
                "cannot accept connections; retrying with back-off (out of file descriptors? raise `ulimit -n`)"
            );
        }
        self.failures = self.failures.saturating_add(1);
        accept_backoff(self.failures)
    }

    fn accepted(&mut self) {
        if self.failures > 0 {
            tracing::info!(
                listener = self.role.name(),
                failures = self.failures,
                "accepting connections again"
            );
            self.failures = 0;
        }
    }
}

/// Errors about one client that reset or aborted before `accept`, not about the listener.
fn gone_before_accept(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// The pause after the `failures`-th accept error in a row: 5 ms doubling up to 1 s (as Go's
/// net/http does), so running out of descriptors costs no CPU and recovery is quick.
pub fn accept_backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_backoff_doubles_from_5_ms_and_stops_at_1_s() {
        let pauses: Vec<u128> = (1..=10).map(|n| accept_backoff(n).as_millis()).collect();

        assert_eq!(pauses, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
        assert_eq!(accept_backoff(u32::MAX), MAX_BACKOFF);
        assert_eq!(accept_backoff(0), FIRST_BACKOFF);
    }
}
