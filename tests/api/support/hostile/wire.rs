//! The client side of one hostile exchange, over raw TCP: send bytes exactly as generated (no
//! HTTP library in between, so malformed requests reach camsim as they are), optionally
//! half-close, and read back one HTTP/1.x answer with a tiny reader (status line, headers,
//! Content-Length, chunked or read-to-close body; of a live FLV stream, what arrives first),
//! all within one deadline.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Answers bigger than this are cut (a world view of 10,000 devices is a few MiB).
const MAX_ANSWER: usize = 64 * 1024 * 1024;
/// Header blocks bigger than this are not an HTTP answer camsim would send.
const MAX_HEAD: usize = 1024 * 1024;

/// One parsed HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What came back on the connection.
#[derive(Debug, Clone)]
pub enum Reply {
    Answer(Answer),
    /// The server closed (or reset) the connection before a whole answer; `partial` is what
    /// arrived before (often nothing).
    Closed {
        partial: Vec<u8>,
    },
    /// Nothing final within the deadline: a hang.
    TimedOut {
        partial: Vec<u8>,
    },
    /// The answer is not HTTP/1.x as camsim should write it.
    Garbled {
        why: String,
        partial: Vec<u8>,
    },
    ConnectFailed(String),
}

impl Reply {
    /// A one-line summary for reports.
    pub fn summary(&self) -> String {
        match self {
            Reply::Answer(a) => format!(
                "HTTP {} ({} body bytes) {}",
                a.status,
                a.body.len(),
                preview(&a.body, 160)
            ),
            Reply::Closed { partial } => {
                format!("closed without an answer {}", preview(partial, 80))
            }
            Reply::TimedOut { partial } => format!("no answer in time {}", preview(partial, 80)),
            Reply::Garbled { why, partial } => {
                format!("garbled answer: {why} {}", preview(partial, 80))
            }
            Reply::ConnectFailed(e) => format!("cannot connect: {e}"),
        }
    }
}

/// How the request bytes go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Send {
    /// Write everything, keep the write side open.
    Whole,
    /// Write everything, then shut the write side (the server sees EOF after the request).
    HalfClose,
    /// Write the head at once, then the body in `pieces` slices `pause_ms` apart (a slow
    /// upload that still ends well within the deadline).
    Trickle { pieces: u32, pause_ms: u64 },
}

/// Connects to `addr` (`host:port`), sends `bytes`, reads one answer; everything within `limit`.
/// `head` says the request was a HEAD (the answer carries no body whatever its headers say).
pub async fn exchange(addr: &str, bytes: &[u8], send: Send, head: bool, limit: Duration) -> Reply {
    let deadline = Instant::now() + limit;
    let stream = match tokio::time::timeout(limit, TcpStream::connect(addr)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return Reply::ConnectFailed(e.to_string()),
        Err(_) => return Reply::ConnectFailed("connect timed out".into()),
    };
    let _ = stream.set_nodelay(true);
    let (mut reader, mut writer) = stream.into_split();
    // Write concurrently with reading: the server may answer (and close) before it has read
    // everything, and a refusal that arrives early must not be lost behind a blocked write.
    let owned = bytes.to_vec();
    let writing = tokio::spawn(async move {
        match send {
            Send::Trickle { pieces, pause_ms } => {
                let head = find(&owned, b"\r\n\r\n", 0).map_or(owned.len(), |p| p + 4);
                let _ = writer.write_all(&owned[..head]).await;
                let body = &owned[head..];
                let size = body.len().div_ceil(pieces.max(1) as usize).max(1);
                for piece in body.chunks(size) {
                    tokio::time::sleep(Duration::from_millis(pause_ms)).await;
                    if writer.write_all(piece).await.is_err() {
                        break;
                    }
                }
            }
            _ => {
                let _ = writer.write_all(&owned).await;
            }
        }
        if send == Send::HalfClose {
            let _ = writer.shutdown().await;
        }
        // Keep the write half alive until the reader is done (dropping it would half-close).
        writer
    });
    let mut buf = Vec::new();
    let reply = read_answer(&mut reader, &mut buf, head, deadline).await;
    writing.abort();
    reply
}

async fn fill(
    reader: &mut tokio::net::tcp::OwnedReadHalf,
    buf: &mut Vec<u8>,
    deadline: Instant,
) -> Result<usize, Reply> {
    let mut chunk = [0u8; 16 * 1024];
    let left = deadline.saturating_duration_since(Instant::now());
    match tokio::time::timeout(left, reader.read(&mut chunk)).await {
        Err(_) => Err(Reply::TimedOut {
            partial: buf.clone(),
        }),
        Ok(Ok(0)) | Ok(Err(_)) => Ok(0),
        Ok(Ok(n)) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(n)
        }
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Reads answers until a final (non-1xx except 101) one is complete.
async fn read_answer(
    reader: &mut tokio::net::tcp::OwnedReadHalf,
    buf: &mut Vec<u8>,
    head: bool,
    deadline: Instant,
) -> Reply {
    let mut start = 0usize;
    loop {
        // The header block.
        let end = loop {
            if let Some(p) = find(buf, b"\r\n\r\n", start) {
                break p + 4;
            }
            if buf.len() > start + MAX_HEAD {
                return garbled("header block over 1 MiB", buf);
            }
            match fill(reader, buf, deadline).await {
                Err(timeout) => return timeout,
                Ok(0) => {
                    return Reply::Closed {
                        partial: buf[start..].to_vec(),
                    };
                }
                Ok(_) => {}
            }
        };
        let text = String::from_utf8_lossy(&buf[start..end]).to_string();
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or_default();
        if !version.starts_with("HTTP/1.") {
            return garbled(&format!("status line `{status_line}`"), buf);
        }
        let Some(status) = parts.next().and_then(|s| s.parse::<u16>().ok()) else {
            return garbled(&format!("status line `{status_line}`"), buf);
        };
        let headers: Vec<(String, String)> = lines
            .filter(|l| !l.is_empty())
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        if (100..200).contains(&status) && status != 101 {
            // 100 Continue and friends: the real answer follows.
            start = end;
            continue;
        }
        let answer = Answer {
            status,
            headers,
            body: Vec::new(),
        };
        return read_body(reader, buf, end, answer, head, deadline).await;
    }
}

async fn read_body(
    reader: &mut tokio::net::tcp::OwnedReadHalf,
    buf: &mut Vec<u8>,
    start: usize,
    mut answer: Answer,
    head: bool,
    deadline: Instant,
) -> Reply {
    if head || answer.status == 204 || answer.status == 304 || answer.status == 101 {
        return Reply::Answer(answer);
    }
    let chunked = answer
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let length = answer
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok());
    // A live HTTP-FLV stream never ends: what arrives first is the answer.
    let live = answer
        .header("content-type")
        .is_some_and(|t| t.starts_with("video/x-flv"));
    if chunked {
        return read_chunked(reader, buf, start, answer, live, deadline).await;
    }
    match length {
        Some(n) if n > MAX_ANSWER => garbled(&format!("Content-Length {n} over 64 MiB"), buf),
        Some(n) => {
            while buf.len() < start.saturating_add(n) {
                match fill(reader, buf, deadline).await {
                    Err(timeout) => return timeout,
                    Ok(0) => {
                        return Reply::Closed {
                            partial: buf.clone(),
                        };
                    }
                    Ok(_) => {}
                }
            }
            answer.body = buf[start..start + n].to_vec();
            Reply::Answer(answer)
        }
        None => {
            // No length: the body runs to the close (HTTP/1.0), or is live.
            loop {
                if buf.len() > start + MAX_ANSWER {
                    return garbled("body over 64 MiB", buf);
                }
                if live && buf.len() > start {
                    break;
                }
                match fill(reader, buf, deadline).await {
                    Err(timeout) => return timeout,
                    Ok(0) => break,
                    Ok(_) => {}
                }
            }
            answer.body = buf[start..].to_vec();
            Reply::Answer(answer)
        }
    }
}

/// A chunked body, whole, or only up to its first chunk when `first_only` (a live stream).
async fn read_chunked(
    reader: &mut tokio::net::tcp::OwnedReadHalf,
    buf: &mut Vec<u8>,
    mut at: usize,
    mut answer: Answer,
    first_only: bool,
    deadline: Instant,
) -> Reply {
    loop {
        let line_end = loop {
            if let Some(p) = find(buf, b"\r\n", at) {
                break p;
            }
            match fill(reader, buf, deadline).await {
                Err(timeout) => return timeout,
                Ok(0) => {
                    return Reply::Closed {
                        partial: buf.clone(),
                    };
                }
                Ok(_) => {}
            }
        };
        let size_text = String::from_utf8_lossy(&buf[at..line_end]).to_string();
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return garbled(&format!("chunk size `{size_text}`"), buf);
        };
        if answer.body.len().saturating_add(size) > MAX_ANSWER {
            return garbled("chunked body over 64 MiB", buf);
        }
        let data = line_end + 2;
        // The chunk, its CRLF (and for the last chunk, the empty trailer line).
        let need = data.saturating_add(size).saturating_add(2);
        while buf.len() < need {
            match fill(reader, buf, deadline).await {
                Err(timeout) => return timeout,
                Ok(0) => {
                    return Reply::Closed {
                        partial: buf.clone(),
                    };
                }
                Ok(_) => {}
            }
        }
        if size == 0 {
            return Reply::Answer(answer);
        }
        answer.body.extend_from_slice(&buf[data..data + size]);
        if first_only {
            return Reply::Answer(answer);
        }
        at = need;
    }
}

fn garbled(why: &str, buf: &[u8]) -> Reply {
    Reply::Garbled {
        why: why.to_string(),
        partial: buf.iter().take(256).copied().collect(),
    }
}

/// Printable, cut text of some bytes (non-printables escaped) for reports.
pub fn preview(bytes: &[u8], max: usize) -> String {
    let mut out = String::new();
    for &b in bytes.iter().take(max) {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    if bytes.len() > max {
        out.push_str(&format!("…(+{} bytes)", bytes.len() - max));
    }
    out
}

/// A well-formed request (for set-up, clean-up and health checks): method, path, body.
pub fn request(
    method: &str,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}
