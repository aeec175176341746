//! One accepted connection, from its first byte to its close. hyper parses requests and writes
//! answers; this module owns when a connection closes without one: a head that takes too long,
//! an idle keep-alive connection, a full listener, or a stop signal.
//!
//! hyper 1.x's own `header_read_timeout` starts as soon as a connection is ready for its next
//! request, so it cannot give a stalled head a short limit and an idle keep-alive connection a
//! long one. One [`Clock`] here, moved on by the socket and by the service, gives each its own.

use super::{App, Role, dispatch};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use parking_lot::Mutex;
use std::future::{Future, poll_fn};
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::{Instant, Sleep};

/// The limits on a connection that has no request in flight.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From a head's first byte (or the connection's opening) to its end.
    pub header_read: Duration,
    /// From an answer to the first byte of the next request.
    pub idle: Duration,
}

/// Serves `stream` until the client or hyper closes it, it times out, its listener is full
/// (`crowded` changes), or camsim stops.
pub async fn serve(
    stream: TcpStream,
    app: Arc<App>,
    role: Role,
    timeouts: Timeouts,
    crowded: watch::Receiver<()>,
) {
    let clock = Arc::new(Clock::new(timeouts));
    let stop = app.shutdown.clone();
    let service = {
        let clock = clock.clone();
        service_fn(move |req| {
            let answering = clock.serving();
            let answer = dispatch(app.clone(), role, req);
            async move {
                let answer = answer.await;
                drop(answering);
                answer
            }
        })
    };
    let socket = TokioIo::new(Listened {
        stream,
        clock: clock.clone(),
    });
    let connection = builder().serve_connection(socket, service);
    drive(connection, |c| c.graceful_shutdown(), &clock, stop, crowded).await;
}

/// HTTP/1.1, as every vendor SDK speaks it. `half_close`: a client may shut its sending side
/// once its request is out and still read the answer. hyper's header timer is off because
/// [`Clock`] does that job (see the module doc).
fn builder() -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder.half_close(true).header_read_timeout(None);
    builder
}

/// Polls `connection` until it ends, or drops it (closing the socket) at the clock's deadline
/// or on a stop signal when no request is in flight. A stop during a request, or a full
/// listener, calls `retire`: hyper finishes the current request, then closes.
async fn drive<C: Future>(
    connection: C,
    retire: impl Fn(Pin<&mut C>),
    clock: &Clock,
    stop: watch::Receiver<bool>,
    crowded: watch::Receiver<()>,
) {
    let mut connection = pin!(connection);
    let mut stopped = pin!(stopped(stop));
    let mut crowded = pin!(full(crowded));
    let mut timer = pin!(tokio::time::sleep(Duration::ZERO));
    let (mut stopping, mut retiring) = (false, false);
    poll_fn(|cx| {
        if connection.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        if !stopping && stopped.as_mut().poll(cx).is_ready() {
            stopping = true;
            if !clock.serving_now() {
                return Poll::Ready(());
            }
            return retired(&retire, connection.as_mut(), cx);
        }
        if !retiring && crowded.as_mut().poll(cx).is_ready() {
            retiring = true;
            return retired(&retire, connection.as_mut(), cx);
        }
        expired(timer.as_mut(), clock.deadline(), cx)
    })
    .await;
}

/// Retires the connection and has it polled again, so hyper acts on it (an idle one closes).
fn retired<C>(retire: impl Fn(Pin<&mut C>), connection: Pin<&mut C>, cx: &Context) -> Poll<()> {
    retire(connection);
    cx.waker().wake_by_ref();
    Poll::Pending
}

/// Ready once `deadline` has passed; re-arms the timer when the clock has moved.
fn expired(mut timer: Pin<&mut Sleep>, deadline: Option<Instant>, cx: &mut Context) -> Poll<()> {
    let Some(deadline) = deadline else {
        return Poll::Pending;
    };
    if timer.deadline() != deadline {
        timer.as_mut().reset(deadline);
    }
    timer.poll(cx)
}

/// Resolves once camsim stops (or the sender is gone, which only happens when it stopped).
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

/// Resolves when the listener reports itself full after this connection was accepted; never
/// once the listener is gone (camsim is stopping, which `stopped` handles).
async fn full(mut crowded: watch::Receiver<()>) {
    if crowded.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// What a connection is doing, and until when it may.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Kept alive after an answer; no byte of a next request yet.
    Idle { until: Instant },
    /// A head is arriving (or the connection is new).
    Head { until: Instant },
    /// The service has a request: no limit until it answers.
    Serving,
}

/// A connection's deadline, moved on by its socket (bytes arrive) and its service (a request
/// starts, an answer is ready). Locked only for an assignment, never across an await.
struct Clock {
    timeouts: Timeouts,
    phase: Mutex<Phase>,
}

impl Clock {
    fn new(timeouts: Timeouts) -> Clock {
        Clock {
            timeouts,
            phase: Mutex::new(Phase::Head {
                until: Instant::now() + timeouts.header_read,
            }),
        }
    }

    /// Bytes arrived: on an idle connection, the next request's head has begun.
    fn heard(&self) {
        let mut phase = self.phase.lock();
        if let Phase::Idle { .. } = *phase {
            *phase = Phase::Head {
                until: Instant::now() + self.timeouts.header_read,
            };
        }
    }

    /// hyper handed a request to the service; dropping the guard marks it answered.
    fn serving(self: &Arc<Self>) -> Answering {
        *self.phase.lock() = Phase::Serving;
        Answering(self.clone())
    }

    fn answered(&self) {
        *self.phase.lock() = Phase::Idle {
            until: Instant::now() + self.timeouts.idle,
        };
    }

    fn serving_now(&self) -> bool {
        matches!(*self.phase.lock(), Phase::Serving)
    }

    fn deadline(&self) -> Option<Instant> {
        match *self.phase.lock() {
            Phase::Idle { until } | Phase::Head { until } => Some(until),
            Phase::Serving => None,
        }
    }
}

/// Held while the service works on a request; dropped with its answer (or with the request,
/// when hyper gives up on it), which starts the idle clock.
struct Answering(Arc<Clock>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answered();
    }
}

/// The client's socket, telling the clock when bytes arrive.
struct Listened {
    stream: TcpStream,
    clock: Arc<Clock>,
}

impl AsyncRead for Listened {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.clock.heard();
        }
        polled
    }
}

impl AsyncWrite for Listened {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
