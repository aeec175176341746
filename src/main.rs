//! The `camsim` command line: `serve`, `check`, `routes`, `sign`. Starting, waiting for a stop
//! signal and stopping gracefully happen here; everything else lives in the library.

use camsim::config::{self, Config};
use camsim::scenario::check as scenario_check;
use camsim::vendors::{Catalog, all_routes, gwell, onenet, sodalife, tencent};
use camsim::{Simulator, VendorId};
use clap::{Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "camsim",
    version,
    about = "Camera-cloud vendor APIs, simulated locally"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve every vendor API and the control API.
    Serve(ServeArgs),
    /// Validate scenario files or folders; prints `file:line:column: message` per problem.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List every endpoint served: vendor, id, method, path.
    Routes {
        #[arg(long)]
        json: bool,
    },
    /// Print the headers a client must send (ready for curl).
    Sign {
        #[command(subcommand)]
        vendor: SignVendor,
    },
    /// Call a vendor endpoint on a running camsim: credentials and the world's time come from
    /// its control API; prints the vendor's answer (and why authentication refused it, if so).
    Call {
        #[command(subcommand)]
        vendor: CallVendor,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address or host name every listener binds (`127.0.0.1`, `::`, `localhost`).
    #[arg(long, default_value = "127.0.0.1", env = "CAMSIM_BIND", value_parser = bind_address)]
    bind: IpAddr,
    /// Control port; vendors follow: gwell +2, sodalife +3, onenet +4, tencent +5. 0 = free ports.
    /// At most 65530, so tencent's +5 still is a port.
    #[arg(
        long,
        default_value_t = config::DEFAULT_PORT_BASE,
        env = "CAMSIM_PORT_BASE",
        value_parser = clap::value_parser!(u16).range(..=65530)
    )]
    port_base: u16,
    /// Scenario file or folder (repeatable); the first world is the default. Default: embedded.
    #[arg(long = "scenario")]
    scenarios: Vec<PathBuf>,
    /// Write the ready line (listener URLs as JSON) to this file too.
    #[arg(long)]
    ready_file: Option<PathBuf>,
    /// Seed for every world, overriding the scenarios' own.
    #[arg(long)]
    seed: Option<u64>,
    /// Allowed CORS origin (repeatable); default: every origin.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
    #[arg(long, value_enum, default_value_t = LogLevel::Info, env = "CAMSIM_LOG")]
    log_level: LogLevel,
    /// Leave out the one log line per vendor request (for benchmarks); control changes and
    /// warnings are still logged.
    #[arg(long, env = "CAMSIM_NO_REQUEST_LOG")]
    no_request_log: bool,
    /// Seconds a request's head may take to arrive (decimals allowed). Default 10.
    #[arg(long, value_name = "SECS", value_parser = seconds, env = "CAMSIM_HEADER_READ_TIMEOUT")]
    header_read_timeout: Option<Duration>,
    /// Seconds a request's body may take to arrive once its head has. Default 30.
    #[arg(long, value_name = "SECS", value_parser = seconds, env = "CAMSIM_BODY_READ_TIMEOUT")]
    body_read_timeout: Option<Duration>,
    /// Seconds a kept-alive connection may wait for its next request. Default 60.
    #[arg(long, value_name = "SECS", value_parser = seconds, env = "CAMSIM_IDLE_TIMEOUT")]
    idle_timeout: Option<Duration>,
    /// Open connections per listener; a full listener waits for one to close. Default 1024.
    #[arg(
        long,
        value_name = "N",
        env = "CAMSIM_MAX_CONNECTIONS",
        value_parser = clap::value_parser!(u32).range(1..=1_048_576)
    )]
    max_connections: Option<u32>,
    /// Megabytes of rendered media (pictures, video segments) kept for reuse. Default 256.
    #[arg(
        long,
        value_name = "MB",
        env = "CAMSIM_MEDIA_CACHE_MB",
        value_parser = clap::value_parser!(u64).range(1..=1_048_576)
    )]
    media_cache_mb: Option<u64>,
}

/// An IP address, or a host name resolved to its first address, IPv4 first (`localhost`
/// resolves to both `::1` and `127.0.0.1` on most systems; clients try IPv4 first too).
fn bind_address(text: &str) -> Result<IpAddr, String> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(ip);
    }
    let addrs: Vec<IpAddr> = std::net::ToSocketAddrs::to_socket_addrs(&(text, 0))
        .map_err(|e| {
            format!("`{text}` is not an IP address or a host name this machine knows: {e}")
        })?
        .map(|a| a.ip())
        .collect();
    addrs
        .iter()
        .find(|ip| ip.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| format!("`{text}` resolves to no address"))
}

/// A positive number of seconds, decimals allowed (`0.5`).
fn seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if secs.is_nan() || secs <= 0.0 {
        return Err(format!("`{text}`: must be more than 0 seconds"));
    }
    Duration::try_from_secs_f64(secs).map_err(|e| format!("`{text}`: {e}"))
}

#[derive(Clone, Copy, ValueEnum)]
enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    fn directive(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

/// Which running camsim, and which of its worlds, a command reads.
#[derive(clap::Args)]
struct Running {
    /// The running camsim's control URL.
    #[arg(long, default_value = "http://127.0.0.1:12040", env = "CAMSIM_CONTROL")]
    control: String,
    #[arg(long, default_value = "default")]
    world: String,
}

#[derive(Subcommand)]
enum SignVendor {
    /// Gwell custCloud: X-IotVideo-* headers over Host, body and AccessID. With `--control`,
    /// the app's credentials, the Host and the world's time come from a running camsim.
    Gwell {
        /// A running camsim's control URL (e.g. http://127.0.0.1:12040).
        #[arg(long, env = "CAMSIM_CONTROL")]
        control: Option<String>,
        /// The world to read with `--control`.
        #[arg(long, default_value = "default")]
        world: String,
        /// Required without `--control`; with it, picks the app (default: the first).
        #[arg(long)]
        app_id: Option<String>,
        /// Required without `--control`.
        #[arg(long)]
        app_key: Option<String>,
        /// Host header exactly as sent, port included (e.g. 127.0.0.1:12042). Required
        /// without `--control`.
        #[arg(long)]
        host: Option<String>,
        /// File holding the exact body bytes (`-` for standard input).
        #[arg(long)]
        body: PathBuf,
        #[arg(long)]
        nonce: Option<String>,
        /// Unix seconds; default: the world's time with `--control`, else the system's.
        #[arg(long)]
        timestamp: Option<i64>,
    },
    /// Sodalife: asks a running camsim's token endpoint for an app's access token (client
    /// credentials) and prints it, e.g. `curl "$URL/iot/cameras/liveurl?access_token=$(camsim
    /// sign sodalife)" -d '{"device_serial":"C80214452"}'`. Sodalife signs nothing else.
    Sodalife {
        #[command(flatten)]
        running: Running,
        /// The app (default: the world's first Sodalife app).
        #[arg(long)]
        client_id: Option<String>,
        /// Comma-separated scopes to ask for (default: all of the app's).
        #[arg(long)]
        scope: Option<String>,
    },
    /// OneNET: prints the api-key to send (a product's master key, or with `--device` that
    /// device's key), read from a running camsim, e.g. `curl -H "api-key: $(camsim sign
    /// onenet)" "$URL/devices/25045682"`. OneNET signs nothing: the key is sent as it is.
    Onenet {
        #[command(flatten)]
        running: Running,
        /// The product (default: the world's first OneNET product).
        #[arg(long)]
        product: Option<String>,
        /// A device whose own key to print instead of the master key.
        #[arg(long)]
        device: Option<String>,
    },
    /// Tencent: `camsim sign tencent DescribeDevice ProductId=AQTV2839QJ DeviceName=p2p_1`
    /// prints the request signed with TC3-HMAC-SHA256 (the Authorization and X-TC-* headers, the
    /// body and a ready curl command), with an API key and the world's time of a running camsim.
    Tencent {
        #[command(flatten)]
        request: TencentRequest,
        /// Unix seconds to sign; default: the world's time.
        #[arg(long)]
        timestamp: Option<i64>,
    },
}

/// A Tencent action and how to send it (`camsim sign tencent`, `camsim call tencent`).
#[derive(clap::Args)]
struct TencentRequest {
    /// The action (X-TC-Action), e.g. DescribeCloudStorageDate.
    action: String,
    /// Parameters: `key=value` sends a string, `key:=json` any JSON value (`Size:=10`,
    /// `ThumbnailList:='["a","b"]'`).
    params: Vec<String>,
    #[command(flatten)]
    running: Running,
    /// The API key to sign with (default: the world's first Tencent SecretId).
    #[arg(long)]
    secret_id: Option<String>,
    /// The GET form: parameters in the query (lists as Name.0) instead of a JSON body.
    #[arg(long)]
    get: bool,
    /// X-TC-Region; `--region ''` sends none.
    #[arg(long, default_value = tencent::call::DEFAULT_REGION)]
    region: String,
    /// X-TC-Language: zh-CN or en-US (default: none sent, answered in zh-CN).
    #[arg(long)]
    language: Option<String>,
}

#[derive(Subcommand)]
enum CallVendor {
    /// Gwell custCloud: `camsim call gwell devInfo sn=876A2C0D1347`. The body gets the app's
    /// appId and appToken and its first user as accessId; `key=value` adds or overrides.
    Gwell {
        /// The endpoint: devInfo or devList.
        endpoint: String,
        /// Body parameters as key=value (accessId=..., sn=..., devId=...).
        params: Vec<String>,
        #[command(flatten)]
        running: Running,
        /// The app to call as (default: the world's first Gwell app).
        #[arg(long)]
        app_id: Option<String>,
    },
    /// Sodalife: `camsim call sodalife capture device_serial=C80214452`; gets a token first.
    /// `key=value` sends text, `key:=json` a JSON value (`action:=0`), `voice_file=@a.wav` a
    /// file (sendvoice is sent as multipart/form-data).
    Sodalife {
        /// capture, controlling, sendvoice or liveurl.
        endpoint: String,
        params: Vec<String>,
        #[command(flatten)]
        running: Running,
        /// The app to call as (default: the world's first Sodalife app).
        #[arg(long)]
        client_id: Option<String>,
    },
    /// OneNET: `camsim call onenet devices.get device_id=25045682`, `camsim call onenet cmds
    /// device_id=25045682 qos=1 --body '{"cmdId":30}'`. The endpoint is an id of `camsim routes`
    /// (with or without `onenet.`) or a path's last part; `key=value` fills the path's
    /// `{key}` or goes in the query; the product's master key is sent unless `--device`.
    Onenet {
        endpoint: String,
        params: Vec<String>,
        #[command(flatten)]
        running: Running,
        /// The product (default: the world's first OneNET product).
        #[arg(long)]
        product: Option<String>,
        /// Call with this device's own key instead of the master key.
        #[arg(long)]
        device: Option<String>,
        /// The body: JSON text, or @file for a file's bytes.
        #[arg(long)]
        body: Option<String>,
    },
    /// Tencent: `camsim call tencent DescribeCloudStorageEvents ProductId=AQTV2839QJ
    /// DeviceName=p2p_1 Size:=5`, signed with TC3-HMAC-SHA256 at the world's time; prints the
    /// answer, and the error code (and why authentication refused it) if it is one.
    Tencent {
        #[command(flatten)]
        request: TencentRequest,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Check { paths } => check(&paths),
        Command::Routes { json } => routes(json),
        Command::Sign { vendor } => sign(vendor),
        Command::Call { vendor } => call(vendor),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        let mut directives = args.log_level.directive().to_string();
        if args.no_request_log {
            directives.push_str(&format!(",{}=off", camsim::server::pipeline::REQUEST_LOG));
        }
        tracing_subscriber::EnvFilter::new(directives)
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let worlds = if args.scenarios.is_empty() {
        vec![config::default_world()]
    } else {
        match scenario_check::load_paths(&args.scenarios, &Catalog) {
            Ok(loaded) => loaded,
            Err(problems) => {
                for p in problems {
                    eprintln!("{p}");
                }
                return ExitCode::FAILURE;
            }
        }
    };
    let mut config = Config::with_scenarios(worlds);
    config.bind = args.bind;
    config.port_base = args.port_base;
    config.seed = args.seed;
    config.cors_origins = args.cors_origins;
    if let Some(timeout) = args.header_read_timeout {
        config.header_read_timeout = timeout;
    }
    if let Some(timeout) = args.body_read_timeout {
        config.body_read_timeout = timeout;
    }
    if let Some(timeout) = args.idle_timeout {
        config.idle_timeout = timeout;
    }
    if let Some(mb) = args.media_cache_mb {
        config.media_cache_bytes = mb.saturating_mul(1 << 20);
    }
    if let Some(cap) = args.max_connections {
        config.max_connections = usize::try_from(cap).unwrap_or(usize::MAX);
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Worlds are built and freed on the blocking pool (the control API). The allocator
        // hands a thread's freed memory back to the system when the thread ends, so an idle
        // blocking thread should end soon: a deleted world's memory then goes within seconds.
        .thread_keep_alive(std::time::Duration::from_secs(1))
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("camsim: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        // Listen for the stop signals before anything can read the ready line: a supervisor
        // (or test) that signals right after reading it must stop camsim gracefully, not kill it.
        let stop_signal = match stop_signal() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("camsim: cannot listen for stop signals: {e}");
                return ExitCode::FAILURE;
            }
        };
        let running = match Simulator::start(config).await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("camsim: {e}");
                return ExitCode::FAILURE;
            }
        };
        let line = running.ready_line();
        if let Some(path) = &args.ready_file
            && let Err(e) = write_atomically(path, &format!("{line}\n"))
        {
            eprintln!(
                "camsim: cannot write the ready file {}: {e}",
                path.display()
            );
            running.shutdown().await;
            return ExitCode::FAILURE;
        }
        println!("{line}");
        tracing::info!(worlds = running.worlds().list().len(), "camsim ready");
        stop_signal.await;
        tracing::info!("stopping: letting in-flight requests finish");
        running.shutdown().await;
        ExitCode::SUCCESS
    })
}

/// SIGINT or SIGTERM, listened for from the moment this is called.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

/// Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Writes through a temporary file and a rename, so a script polling for the file never
/// reads half a line.
fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

fn check(paths: &[PathBuf]) -> ExitCode {
    match scenario_check::load_paths(paths, &Catalog) {
        Ok(loaded) => {
            for l in loaded {
                println!("{}: ok (world `{}`)", l.file, l.name);
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in problems {
                println!("{p}");
            }
            ExitCode::FAILURE
        }
    }
}

fn routes(json: bool) -> ExitCode {
    let routes = all_routes();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&routes).unwrap_or_default()
        );
    } else {
        let id_width = routes.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in &routes {
            // `VendorId`'s Display ignores width, so pad its text.
            println!(
                "{:<9} {:<id_width$} {:<6} {}",
                r.vendor.as_str(),
                r.id,
                r.method,
                r.path
            );
        }
        let pending: Vec<&str> = VendorId::ALL
            .into_iter()
            .filter(|v| routes.iter().all(|r| r.vendor != *v))
            .map(VendorId::as_str)
            .collect();
        if !pending.is_empty() {
            println!("# listening, no endpoints yet: {}", pending.join(", "));
        }
    }
    ExitCode::SUCCESS
}

fn sign(vendor: SignVendor) -> ExitCode {
    match vendor {
        SignVendor::Tencent { request, timestamp } => {
            match block_on(tencent_signed(&request, timestamp)) {
                Ok(signed) => {
                    print!("{}", tencent::call::print(&signed));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        SignVendor::Onenet {
            running: Running { control, world },
            product,
            device,
        } => {
            let target = block_on(onenet::call::target(
                &control,
                &world,
                product.as_deref(),
                device.as_deref(),
            ));
            match target {
                Ok(t) => {
                    println!("{}", t.key);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        SignVendor::Sodalife {
            running: Running { control, world },
            client_id,
            scope,
        } => {
            let token = block_on(async {
                let target = sodalife::call::target(&control, &world, client_id.as_deref()).await?;
                sodalife::call::token(&target, scope.as_deref()).await
            });
            match token {
                Ok(token) => {
                    println!("{token}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        SignVendor::Gwell {
            control,
            world,
            app_id,
            app_key,
            host,
            body,
            nonce,
            timestamp,
        } => {
            let bytes = match read_body(&body) {
                Ok(b) => b,
                Err(e) => return fail(&e),
            };
            let target = match control {
                Some(control) => {
                    match block_on(gwell::call::target(&control, &world, app_id.as_deref())) {
                        Ok(t) => t,
                        Err(e) => return fail(&e),
                    }
                }
                None => match (app_id, app_key, host) {
                    (Some(app_id), Some(app_key), Some(host)) => gwell::call::Target {
                        app_id,
                        app_key,
                        host,
                        app_token: String::new(),
                        access_id: String::new(),
                        base_url: String::new(),
                        now_secs: chrono::Utc::now().timestamp(),
                    },
                    _ => {
                        return fail(
                            "give --app-id, --app-key and --host, or --control URL to read them from a running camsim",
                        );
                    }
                },
            };
            let target = gwell::call::Target {
                now_secs: timestamp.unwrap_or(target.now_secs),
                ..target
            };
            let nonce = nonce.unwrap_or_else(|| (rand::random::<u32>() | 1).to_string());
            // Host is signed: sending it explicitly keeps curl from signing one and sending another.
            let lines = gwell::call::signed_headers(&target, &bytes, &nonce);
            let last = lines.len() - 1;
            for (i, (name, value)) in lines.iter().enumerate() {
                let end = if i == last { "" } else { " \\" };
                println!("-H '{name}: {value}'{end}");
            }
            ExitCode::SUCCESS
        }
    }
}

/// The exact body bytes from a file, or standard input for `-`.
fn read_body(path: &std::path::Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn call(vendor: CallVendor) -> ExitCode {
    match vendor {
        CallVendor::Tencent { request } => {
            let answer = block_on(async {
                let signed = tencent_signed(&request, None).await?;
                tencent::call::send(&signed).await
            });
            let answer = match answer {
                Ok(a) => a,
                Err(e) => return fail(&e),
            };
            print_answer(&answer);
            print_refusal(&answer);
            match tencent::call::error(&answer) {
                None if answer.status == 200 => ExitCode::SUCCESS,
                None => {
                    eprintln!("camsim: HTTP {}", answer.status);
                    ExitCode::FAILURE
                }
                Some((code, message)) => {
                    eprintln!("camsim: {code}: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        CallVendor::Onenet {
            endpoint,
            params,
            running: Running { control, world },
            product,
            device,
            body,
        } => {
            let endpoint = match onenet::call::endpoint(&endpoint) {
                Ok(e) => e,
                Err(e) => return fail(&e),
            };
            let mut pairs = Vec::new();
            for param in &params {
                let Some((key, value)) = param.split_once('=') else {
                    return fail(&format!(
                        "`{param}` is not key=value (e.g. device_id=25045682)"
                    ));
                };
                pairs.push((key.to_string(), value.to_string()));
            }
            let body = match body.as_deref().map(|b| match b.strip_prefix('@') {
                Some(file) => read_body(std::path::Path::new(file)),
                None => Ok(b.as_bytes().to_vec()),
            }) {
                None => None,
                Some(Ok(bytes)) => Some(bytes),
                Some(Err(e)) => return fail(&e),
            };
            let answer = block_on(async {
                let target =
                    onenet::call::target(&control, &world, product.as_deref(), device.as_deref())
                        .await?;
                onenet::call::call(&target, endpoint, &pairs, body).await
            });
            let answer = match answer {
                Ok(a) => a,
                Err(e) => return fail(&e),
            };
            print_answer(&answer);
            print_refusal(&answer);
            let errno = answer.json().ok().and_then(|v| v["errno"].as_i64());
            match errno {
                Some(0 | 200) | None if answer.status == 200 => ExitCode::SUCCESS,
                Some(errno) => {
                    eprintln!("camsim: errno {errno} (HTTP {})", answer.status);
                    ExitCode::FAILURE
                }
                None => {
                    eprintln!("camsim: HTTP {}", answer.status);
                    ExitCode::FAILURE
                }
            }
        }
        CallVendor::Sodalife {
            endpoint,
            params,
            running: Running { control, world },
            client_id,
        } => {
            let params: Result<Vec<_>, String> = params
                .iter()
                .map(|p| sodalife::call::parse_param(p))
                .collect();
            let params = match params {
                Ok(p) => p,
                Err(e) => return fail(&e),
            };
            let answer = block_on(async {
                let target = sodalife::call::target(&control, &world, client_id.as_deref()).await?;
                let token = sodalife::call::token(&target, None).await?;
                sodalife::call::call(&target, &token, &endpoint, &params).await
            });
            let answer = match answer {
                Ok(a) => a,
                Err(e) => return fail(&e),
            };
            print_answer(&answer);
            print_refusal(&answer);
            if answer.status == 200 {
                ExitCode::SUCCESS
            } else {
                eprintln!("camsim: HTTP {}", answer.status);
                ExitCode::FAILURE
            }
        }
        CallVendor::Gwell {
            endpoint,
            params,
            running: Running { control, world },
            app_id,
        } => {
            let mut pairs = Vec::new();
            for param in &params {
                let Some((key, value)) = param.split_once('=') else {
                    return fail(&format!(
                        "`{param}` is not key=value (e.g. sn=876A2C0D1347)"
                    ));
                };
                pairs.push((key.to_string(), value.to_string()));
            }
            let outcome = block_on(async {
                let target = gwell::call::target(&control, &world, app_id.as_deref()).await?;
                let answer = gwell::call::call(&target, &endpoint, &pairs).await?;
                let code = answer.json().ok().and_then(|v| v["code"].as_i64());
                let reason = match code {
                    Some(0) => None,
                    _ => gwell::call::last_reason(&control, &world, &target.app_id).await,
                };
                Ok::<_, String>((answer, code, reason))
            });
            let (answer, code, reason) = match outcome {
                Ok(o) => o,
                Err(e) => return fail(&e),
            };
            print_answer(&answer);
            let ok = answer.status == 200 && code == Some(0);
            match (reason, code) {
                (Some(reason), _) => eprintln!("camsim: refused: {reason}"),
                (None, Some(code)) if !ok => eprintln!("camsim: the answer's code is {code}"),
                (None, None) => eprintln!("camsim: HTTP {} without a Gwell code", answer.status),
                _ => {}
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// A Tencent request signed with a key and the time of the running camsim.
async fn tencent_signed(
    r: &TencentRequest,
    timestamp: Option<i64>,
) -> Result<tencent::call::Signed, String> {
    let action = tencent::call::action(&r.action)?;
    let params = r
        .params
        .iter()
        .map(|p| tencent::call::parse_param(p))
        .collect::<Result<Vec<_>, String>>()?;
    let target =
        tencent::call::target(&r.running.control, &r.running.world, r.secret_id.as_deref()).await?;
    let options = tencent::call::Options {
        get: r.get,
        region: Some(r.region.clone()),
        language: r.language.clone(),
        timestamp,
    };
    tencent::call::signed(&target, action, &params, &options)
}

/// The answer's body: pretty JSON when it is JSON, else as text.
fn print_answer(answer: &camsim::client::Answer) {
    match answer.json() {
        Ok(value) => println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ),
        Err(_) => println!("{}", String::from_utf8_lossy(&answer.body)),
    }
}

/// Why camsim refused a call, when it says so (`X-Camsim-Reason`).
fn print_refusal(answer: &camsim::client::Answer) {
    if let Some(reason) = answer
        .headers
        .get("x-camsim-reason")
        .and_then(|v| v.to_str().ok())
    {
        eprintln!("camsim: refused: {reason}");
    }
}

/// Runs `future` on a small runtime of its own (the one-shot commands need no more).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime starts")
        .block_on(future)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("camsim: {message}");
    ExitCode::FAILURE
}

/// mimalloc instead of the system allocator: a request allocates dozens of small buffers across
/// two worker threads, and glibc's arenas cost about 6 µs of CPU per request more under the
/// load bench (68 -> 62 % of CPU time in camsim itself; see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
