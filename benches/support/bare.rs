//! The bare server the benchmarks compare camsim with: the bench binary re-executed (so it has
//! its own process and runtime, as camsim does) as a hyper 1 HTTP/1.1 server that answers every
//! request with the same bytes, nothing else: the ceiling of camsim's pipeline. It exits when
//! its standard input closes (the bench's end), so even a bench killed with SIGKILL leaves no
//! server behind. A bench's `main` first calls [`serve_if_asked`]. benches/load.rs and
//! benches/media.rs include this file with `#[path]` (beside support/procs.rs as `procs`).

use super::procs::{ChildGuard, READY_TIMEOUT, first_line, temp_path};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use tokio::net::TcpListener;

/// Set (to the path of the answer's bytes) when the binary runs as the bare server.
const BODY_ENV: &str = "CAMSIM_LOAD_BARE_BODY";
/// The answer's Content-Type (default `application/json`).
const TYPE_ENV: &str = "CAMSIM_LOAD_BARE_TYPE";

pub struct BareServer {
    pub child: ChildGuard,
    pub url: String,
}

impl BareServer {
    /// A bare server answering `answer` as `content_type`.
    pub fn start(answer: &Bytes, content_type: &str) -> Result<BareServer, String> {
        let body_file = temp_path("answer");
        std::fs::write(&body_file, answer)
            .map_err(|e| format!("cannot write {body_file:?}: {e}"))?;
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = ChildGuard {
            child: Command::new(exe)
                .env(BODY_ENV, &body_file)
                .env(TYPE_ENV, content_type)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .map_err(|e| format!("cannot spawn the bare server: {e}"))?,
        };
        let addr = first_line(&mut child.child, READY_TIMEOUT)
            .map_err(|e| format!("bare server never got ready: {e}"))?;
        let _ = std::fs::remove_file(&body_file);
        Ok(BareServer {
            child,
            url: format!("http://{}", addr.trim()),
        })
    }
}

/// When this process is a bare server (its environment says so): serves until its standard
/// input closes and returns the exit code; `None` for the bench itself.
pub fn serve_if_asked() -> Option<ExitCode> {
    let path = std::env::var(BODY_ENV).ok()?;
    let content_type = std::env::var(TYPE_ENV).unwrap_or_else(|_| "application/json".into());
    Some(serve(Path::new(&path), content_type))
}

/// Answers every request with the file's bytes. Prints its address as its first stdout line.
fn serve(body_file: &Path, content_type: String) -> ExitCode {
    let body = match std::fs::read(body_file) {
        Ok(b) => Bytes::from(b),
        Err(e) => {
            eprintln!("bare server: cannot read {body_file:?}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Ok(content_type) = hyper::header::HeaderValue::from_str(&content_type) else {
        eprintln!("bare server: {content_type:?} is no header value");
        return ExitCode::FAILURE;
    };
    exit_when_stdin_closes();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the bare server");
    runtime.block_on(accept_loop(body, content_type));
    ExitCode::SUCCESS
}

fn exit_when_stdin_closes() {
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
}

async fn accept_loop(body: Bytes, content_type: hyper::header::HeaderValue) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("a bound address");
    println!("{addr}");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (body, content_type) = (body.clone(), content_type.clone());
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(req, body.clone(), content_type.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Reads the request body (as camsim must) and sends the fixed answer, whatever the method
/// (a vendor's hot endpoint may be a GET).
async fn answer(
    req: Request<hyper::body::Incoming>,
    body: Bytes,
    content_type: hyper::header::HeaderValue,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let _ = req.into_body().collect().await;
    let mut response = Response::new(Full::new(body));
    response
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, content_type);
    Ok(response)
}
