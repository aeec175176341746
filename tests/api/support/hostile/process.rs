//! The real `camsim serve` under test: spawned on free ports (`--port-base 0 --ready-file`),
//! its stderr drained in the background (only the last 256 KiB are kept, but every
//! `panicked at` line is counted and the first ones kept), its memory read from
//! `/proc/<pid>/status`, and killed when dropped so no failing run leaves it behind.

use super::Listener;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KEEP_STDERR: usize = 256 * 1024;
const KEEP_PANICS: usize = 20;

#[derive(Default)]
struct Stderr {
    tail: String,
    panics: usize,
    first_panics: Vec<String>,
    /// The latest panic line (with its message), kept past the first few.
    last_panic: String,
}

pub struct Server {
    child: Child,
    pub addrs: BTreeMap<Listener, String>,
    stderr: Arc<Mutex<Stderr>>,
    ready_file: PathBuf,
}

impl Server {
    /// Starts `binary serve --port-base 0 --ready-file <tmp> <extra>` and waits for its ready line.
    pub fn start(binary: &Path, extra: &[&str]) -> Result<Server, String> {
        let ready_file = std::env::temp_dir().join(format!(
            "camsim-hostile-{}-{}.json",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let mut child = Command::new(binary)
            .args([
                "serve",
                "--port-base",
                "0",
                "--log-level",
                "warn",
                "--ready-file",
            ])
            .arg(&ready_file)
            .args(extra)
            .env_remove("CAMSIM_PORT_BASE")
            .env_remove("CAMSIM_BIND")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot spawn {}: {e}", binary.display()))?;
        let stderr = Arc::new(Mutex::new(Stderr::default()));
        drain(
            child.stderr.take().ok_or("stderr not piped")?,
            stderr.clone(),
        );
        let stdout = child.stdout.take().ok_or("stdout not piped")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = reader.read_to_end(&mut Vec::new());
        });
        let mut server = Server {
            child,
            addrs: BTreeMap::new(),
            stderr,
            ready_file,
        };
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .map_err(|_| format!("no ready line in 60 s; stderr: {}", server.stderr_tail()))?;
        let urls: serde_json::Value = serde_json::from_str(line.trim())
            .map_err(|e| format!("ready line `{line}`: {e}; stderr: {}", server.stderr_tail()))?;
        for listener in Listener::ALL {
            let url = urls[listener.name()]
                .as_str()
                .ok_or_else(|| format!("ready line names no {}", listener.name()))?;
            server
                .addrs
                .insert(listener, url.trim_start_matches("http://").to_string());
        }
        Ok(server)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Current resident set (VmRSS), KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        proc_status(self.pid(), "VmRSS:")
    }

    /// Peak resident set (VmHWM), KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        proc_status(self.pid(), "VmHWM:")
    }

    /// How many `panicked at` lines stderr has shown, and the first few.
    pub fn panics(&self) -> (usize, Vec<String>) {
        let s = self.stderr.lock().expect("stderr buffer");
        (s.panics, s.first_panics.clone())
    }

    /// The latest panic (`panicked at` line and message), empty if none.
    pub fn last_panic(&self) -> String {
        self.stderr
            .lock()
            .expect("stderr buffer")
            .last_panic
            .clone()
    }

    pub fn stderr_tail(&self) -> String {
        self.stderr.lock().expect("stderr buffer").tail.clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.ready_file);
    }
}

fn proc_status(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads stderr line by line on a thread (so the pipe never fills), counting panics.
fn drain(from: impl Read + Send + 'static, into: Arc<Mutex<Stderr>>) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut line = Vec::new();
        // The panic's message is on the line after `panicked at`.
        let mut after_panic = false;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&line);
            let mut s = into.lock().expect("stderr buffer");
            if after_panic {
                let message = format!(" | {}", text.trim_end());
                s.last_panic.push_str(&message);
                // The panic just counted is among the first ones kept.
                if s.panics <= KEEP_PANICS
                    && let Some(last) = s.first_panics.last_mut()
                {
                    last.push_str(&message);
                }
                after_panic = false;
            }
            if text.contains("panicked at") {
                after_panic = true;
                s.last_panic = text.trim_end().to_string();
                s.panics = s.panics.saturating_add(1);
                if s.first_panics.len() < KEEP_PANICS {
                    s.first_panics.push(text.trim_end().to_string());
                }
            }
            s.tail.push_str(&text);
            if s.tail.len() > KEEP_STDERR {
                let cut = s.tail.len() - KEEP_STDERR / 2;
                let cut = (cut..s.tail.len())
                    .find(|i| s.tail.is_char_boundary(*i))
                    .unwrap_or(0);
                s.tail.drain(..cut);
            }
        }
    });
}
