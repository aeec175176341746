//! The processes a benchmark starts and what /proc says of them: `camsim serve` on free ports
//! (its ready line, the URL of each listener), a guard that kills and reaps a child however the
//! bench ends (panic included), a live process's peak RSS and CPU time. benches/load.rs and
//! benches/media.rs include this file with `#[path]`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a child may take to print its ready line.
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// Linux's USER_HZ: the unit of utime/stime in /proc/<pid>/stat.
const CLOCK_TICKS_PER_SEC: f64 = 100.0;

/// Kills and reaps the child when dropped, so no server outlives the bench (panic included).
pub struct ChildGuard {
    pub child: Child,
}

impl ChildGuard {
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Camsim {
    pub child: ChildGuard,
    /// camsim's ready line: the URL of each listener by name.
    pub urls: serde_json::Value,
}

impl Camsim {
    pub fn url(&self, listener: &str) -> Result<String, String> {
        self.urls[listener]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("camsim's ready line has no `{listener}` URL"))
    }
}

/// Spawns the release `camsim serve` on free ports (`--port-base 0 --ready-file …`, then
/// `extra` arguments) and waits for its ready line; returns the time from spawn to that line,
/// which camsim prints right after writing the ready file.
pub fn start_camsim(scenario: Option<&Path>, extra: &[&str]) -> Result<(Camsim, Duration), String> {
    let ready_file = temp_path("ready");
    let _ = std::fs::remove_file(&ready_file);
    let mut command = Command::new(env!("CARGO_BIN_EXE_camsim"));
    command.args(["serve", "--port-base", "0", "--ready-file"]);
    command.arg(&ready_file);
    command.args(extra);
    if let Some(path) = scenario {
        command.arg("--scenario").arg(path);
    }
    command.stdout(Stdio::piped()).stderr(Stdio::inherit());

    let started = Instant::now();
    let mut child = ChildGuard {
        child: command
            .spawn()
            .map_err(|e| format!("cannot spawn camsim: {e}"))?,
    };
    let line = first_line(&mut child.child, READY_TIMEOUT)
        .map_err(|e| format!("camsim ({scenario:?}) never got ready: {e}"))?;
    let ready_after = started.elapsed();

    let from_file = std::fs::read_to_string(&ready_file)
        .map_err(|e| format!("camsim printed its ready line but wrote no ready file: {e}"))?;
    let _ = std::fs::remove_file(&ready_file);
    if from_file.trim() != line.trim() {
        return Err(format!(
            "ready file `{from_file}` differs from ready line `{line}`"
        ));
    }
    let urls = serde_json::from_str(&line)
        .map_err(|e| format!("ready line `{line}` is not the URLs JSON: {e}"))?;
    Ok((Camsim { child, urls }, ready_after))
}

/// Reads the child's first stdout line on a helper thread, so a silent child cannot hang us.
pub fn first_line(child: &mut Child, timeout: Duration) -> Result<String, String> {
    let stdout = child.stdout.take().ok_or("stdout not piped")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(read.map(|_| line));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(line)) if !line.is_empty() => Ok(line),
        Ok(Ok(_)) => Err(format!(
            "it exited first ({:?})",
            child.wait().map_err(|e| e.to_string())?
        )),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no ready line within {timeout:?}")),
    }
}

/// A file name in the temporary directory no other bench run or call uses.
pub fn temp_path(what: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("camsim-bench-{}-{n}.{what}", std::process::id()))
}

/// VmHWM (peak resident set) of a live process, in KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmHWM:")
}

/// A KiB field of a live process's /proc/<pid>/status (`VmHWM:`, `VmRSS:`).
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system) a live process has used so far. On a machine shared with other
/// work this is steadier than requests/s: it is what each request costs the server itself.
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_secs_f64(ticks as f64 / CLOCK_TICKS_PER_SEC))
}

/// `1234.5 MiB` from KiB, or `n/a`.
pub fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}
