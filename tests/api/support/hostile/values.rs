//! Hostile values: JSON texts that are the wrong type, out of range or oddly encoded for a
//! parameter of a given [`Kind`], hostile header values and hostile bodies. Pure functions of
//! the random generator, bounded in size (the longest is ~300 KB).

use super::table::Kind;
use rand::RngExt;
use rand::rngs::StdRng;

/// Values wrong for any parameter (JSON text).
const ANY: &[&str] = &[
    "null",
    "[]",
    "{}",
    "[1,\"a\",null]",
    r#"{"a":{"b":[{}]}}"#,
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "-0.0",
    "1e308",
    "1e400",
    "-1e400",
    "18446744073709551616",
    "-9223372036854775809",
    "9223372036854775807",
    "-9223372036854775808",
    "340282366920938463463374607431768211456",
    "\"\"",
    "\" \"",
    "\"now€\"",
    "\"€€€\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udfff\\ud800\"",
    "\"😀\"",
    "\"NaN\"",
    "\"Infinity\"",
    "\"-\"",
    "\"+\"",
    "\"1e9\"",
    "\"0x10\"",
    "\"99999999999999999999\"",
    "\"-9223372036854775809\"",
    "\"\\n\\r\\t\"",
    "\"<script>\"",
    "\"../../etc/passwd\"",
    "\"%zz%00\"",
    "\"ｆｕｌｌ１２３\"",
];

/// Values aimed at time and span parsers (JSON text).
const TIME: &[&str] = &[
    "\"now€\"",
    "\"now+1€\"",
    "\"€now\"",
    "\"now-\"",
    "\"now+\"",
    "\"now+9223372036854775807s\"",
    "\"now-9223372036854775808d\"",
    "\"now+99999999999999999d\"",
    "\"now-1ü\"",
    "\"now+1é\"",
    "\"1d€\"",
    "\"€1d\"",
    "\"-9223372036854775808\"",
    "\"9223372036854775807\"",
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775.807",
    "1e19",
    "-1e19",
    "\"2026-13-45T99:99:99Z\"",
    "\"9999-12-31T23:59:59Z\"",
    "\"0000-01-01T00:00:00Z\"",
    "\"-262144-01-01T00:00:00Z\"",
    "\"2026-11-22T08:00:00+99:99\"",
    "\"2026-11-22T08:00:00€\"",
    "\"-10m\"",
    "\"90s\"",
    "\"-\"",
    "\"\"",
    "\"nowow\"",
    "\"now+1d+1d\"",
    "\"NOW\"",
    "\"now+1y\"",
    "\"1.5h\"",
    "\"-0s\"",
    "\"+-1s\"",
    "\"--1s\"",
];

/// Values aimed at integer and count parsers (JSON text).
const NUMBER: &[&str] = &[
    "4294967296",
    "4294967295",
    "1000000000",
    "1000000000000",
    "65536",
    "256",
    "-256",
    "101",
    "600",
    "99",
    "100",
    "150",
    "199",
    "1.0000000000000002",
    "1e-400",
    "0.1",
    "-0",
    "\"5\"",
    "\"5 \"",
    "\" 5\"",
    "\"5€\"",
];

/// A hostile JSON text for a parameter of kind `kind`.
pub fn json_value(rng: &mut StdRng, kind: Kind) -> String {
    let special: &[&str] = match kind {
        Kind::Time | Kind::Span => TIME,
        Kind::Int | Kind::Float | Kind::NumericText => NUMBER,
        _ => &[],
    };
    match rng.random_range(0..10u32) {
        0 => long_string(rng),
        1..=4 if !special.is_empty() => pick(rng, special).to_string(),
        _ => pick(rng, ANY).to_string(),
    }
}

/// A very long JSON string (ASCII, multi-byte or mixed), up to ~100 KB.
pub fn long_string(rng: &mut StdRng) -> String {
    let n = rng.random_range(1_000..25_000usize);
    let unit = pick(rng, &["a", "€", "😀", "\\u0000", "é"]);
    format!("\"{}\"", unit.repeat(n))
}

/// Bodies that are not JSON, or JSON of a shape nothing expects.
pub fn broken_body(rng: &mut StdRng) -> Vec<u8> {
    match rng.random_range(0..12u32) {
        0 => random_bytes(rng, 1..4096),
        1 => nested(rng, "[", "]"),
        2 => nested(rng, "{\"a\":", "}"),
        3 => b"[".repeat(100_000),
        4 => pick(
            rng,
            &[
                "{",
                "}",
                "{\"a\":",
                "[1,2",
                "nul",
                "{\"appId\":\"x\",}",
                "{'a':1}",
                "{\"a\":1}}",
                "{\"a\" 1}",
                "\"string\"",
                "12",
                "null",
                "true",
                "[]",
                "{}{}",
                "{\"a\":1}\n{\"b\":2}",
            ],
        )
        .as_bytes()
        .to_vec(),
        5 => b"\xef\xbb\xbf{\"a\":1}".to_vec(),
        6 => b"{\"a\":\"\xff\xfe\"}".to_vec(),
        7 => b"{\"a\":1,\"a\":2,\"a\":3}".to_vec(),
        8 => format!("{{\"k\":{}}}", long_string(rng)).into_bytes(),
        9 => {
            let keys = rng.random_range(1_000..20_000usize);
            let mut out = String::from("{");
            for i in 0..keys {
                out.push_str(&format!("\"k{i}\":{i},"));
            }
            out.push_str("\"end\":0}");
            out.into_bytes()
        }
        10 => b"\0\0\0\0".to_vec(),
        _ => b"   \r\n\t  ".to_vec(),
    }
}

/// `open` repeated 100-100,000 times, closed (or not) by `close`.
fn nested(rng: &mut StdRng, open: &str, close: &str) -> Vec<u8> {
    let depth = pick(rng, &[129usize, 1_000, 10_000, 100_000]);
    let mut out = open.repeat(depth);
    if rng.random_bool(0.5) {
        out.push_str(&close.repeat(depth));
    }
    out.into_bytes()
}

pub fn random_bytes(rng: &mut StdRng, len: std::ops::Range<usize>) -> Vec<u8> {
    let n = rng.random_range(len);
    (0..n).map(|_| rng.random::<u8>()).collect()
}

pub fn pick<T: Copy>(rng: &mut StdRng, from: &[T]) -> T {
    from[rng.random_range(0..from.len())]
}

/// Hostile header values (bytes: some are not valid header text at all).
pub fn header_value(rng: &mut StdRng) -> Vec<u8> {
    match rng.random_range(0..8u32) {
        0 => vec![b'x'; rng.random_range(1_000..100_000usize)],
        1 => "€😀é".repeat(rng.random_range(1..200usize)).into_bytes(),
        2 => b"\x80\xff\xfe".to_vec(),
        3 => Vec::new(),
        4 => b"a\x00b".to_vec(),
        5 => b"   ".to_vec(),
        6 => pick(
            rng,
            &[
                "-1",
                "0",
                "99999999999999999999",
                "1e3",
                "abc",
                "10015 ",
                "0x10",
            ],
        )
        .as_bytes()
        .to_vec(),
        _ => random_bytes(rng, 1..64)
            .into_iter()
            .map(|b| if b == b'\r' || b == b'\n' { b'.' } else { b })
            .collect(),
    }
}
