//! One keep-alive HTTP/1.1 client connection for the benchmarks (hyper's `http1::handshake`
//! over a `TcpStream`, its driver on a task of its own), and one request on it read whole.
//! Both benchmarks include this file with `#[path]`.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// `host:port` of `http://host:port` (or of `host:port` as it is).
pub fn authority(url: &str) -> &str {
    url.trim_start_matches("http://").trim_end_matches('/')
}

/// One keep-alive connection to `url`, Nagle off (small requests go out at once).
pub async fn connect(url: &str) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = TcpStream::connect(authority(url))
        .await
        .map_err(|e| format!("connect {url}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake {url}: {e}"))?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Sends and reads the whole answer: status and body bytes.
pub async fn exchange(
    sender: &mut SendRequest<Full<Bytes>>,
    request: http::Request<Full<Bytes>>,
) -> Result<(u16, Bytes), String> {
    sender.ready().await.map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, body))
}
