//! Sodalife token-endpoint cases: grant types in every case and shape, scope lists (`,,,`,
//! 100 KB, `IOT:PUBLIC`, not text), unknown, upper-case and run-time-credential client ids,
//! wrong secrets, used, expired and foreign authorization codes, form-urlencoded bodies. They
//! use app T's credentials (never app A's secret: a new token would revoke the suite's).

use super::Expect;
use super::generate::{Built, Gen, values_preview};
use super::soda::{TOKEN_PATH, maybe_probe, post, quoted, random_hex};
use super::soda_world;
use super::table;
use super::values::{self, pick};
use rand::RngExt;

/// A hostile token request: what it is, its `Content-Type`, body and the known answer.
fn token_body(g: &mut Gen<'_>) -> (String, &'static str, Vec<u8>, Expect) {
    let (client, secret) = soda_world::TOKEN_APP;
    let json = "application/json";
    let fields = |grant: &str, extra: &str| {
        format!(
            r#"{{"grant_type":{grant},"client_id":"{client}","client_secret":"{secret}"{extra}}}"#
        )
        .into_bytes()
    };
    match g.rng.random_range(0..7u32) {
        // grant_type oddities.
        0 => {
            let (grant, expect) = pick(
                &mut g.rng,
                &[
                    ("\"CLIENT_CREDENTIALS\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"client_credentials \"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\" client_credentials\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"client-credentials\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"refresh_token\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"password\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"implicit\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    (
                        "\"urn:ietf:params:oauth:grant-type:jwt-bearer\"",
                        Some("UNSUPPORTED_GRANT_TYPE"),
                    ),
                    (
                        "\"client_credentials\\u0000\"",
                        Some("UNSUPPORTED_GRANT_TYPE"),
                    ),
                    ("\"ｃｌｉｅｎｔ_credentials\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"client_credentials,authorization_code\"", Some("UNSUPPORTED_GRANT_TYPE")),
                    ("\"authorization_code\"", Some("INVALID_REQUEST")),
                    ("\"\"", Some("INVALID_REQUEST")),
                    ("null", Some("INVALID_REQUEST")),
                    ("1", Some("INVALID_REQUEST")),
                    ("true", Some("INVALID_REQUEST")),
                    ("[\"client_credentials\"]", Some("INVALID_REQUEST")),
                    ("{}", Some("INVALID_REQUEST")),
                    ("\"client_credentials\"", None),
                ],
            );
            let (grant, expect) = if g.rng.random_bool(0.1) {
                let long = format!("\"{}\"", "client_credentials".repeat(5_000));
                (long, Some("UNSUPPORTED_GRANT_TYPE"))
            } else {
                (grant.to_string(), expect)
            };
            (
                format!("grant_type {}", values_preview(grant.as_bytes())),
                json,
                fields(&grant, ""),
                expect.map_or(Expect::Parseable, Expect::SodaCode),
            )
        }
        // scope lists.
        1 => {
            let scopes = [
                    ("\",,,\"", Expect::Parseable),
                    ("\"iot:public,,iot:control\"", Expect::SodaOk),
                    ("\" iot:public , iot:premier \"", Expect::SodaOk),
                    ("\"iot:public,iot:public\"", Expect::SodaOk),
                    ("\"\"", Expect::SodaOk),
                    ("null", Expect::SodaOk),
                    ("\"iot:public iot:control\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"IOT:PUBLIC\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"user:public\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"iot:*\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"iot:public,evil\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"iot:public\\u0000\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"ｉｏｔ:public\"", Expect::SodaCode("INVALID_SCOPE")),
                    ("\"iot:public;iot:control\"", Expect::SodaCode("INVALID_SCOPE")),
                    // A scope that is not text must not get the app's every scope.
                    ("[\"iot:public\"]", Expect::SodaRefused),
                    ("1", Expect::SodaRefused),
                    ("true", Expect::SodaRefused),
                    ("{\"iot:public\":true}", Expect::SodaRefused),
            ];
            let (scope, expect) = scopes[g.rng.random_range(0..scopes.len())].clone();
            let (scope, expect) = match g.rng.random_range(0..8u32) {
                0 => (
                    quoted(&"iot:public,".repeat(g.rng.random_range(100..20_000usize))),
                    Expect::SodaOk,
                ),
                1 => (
                    quoted(&"x".repeat(g.rng.random_range(1_000..100_000usize))),
                    Expect::SodaCode("INVALID_SCOPE"),
                ),
                2 => (
                    quoted(&",".repeat(g.rng.random_range(1_000..100_000usize))),
                    Expect::Parseable,
                ),
                _ => (scope.to_string(), expect),
            };
            (
                format!("scope {}", values_preview(scope.as_bytes())),
                json,
                fields("\"client_credentials\"", &format!(",\"scope\":{scope}")),
                expect,
            )
        }
        // clients and secrets.
        2 => {
            let unknown = random_hex(g, 32);
            let token = g.target.soda.token.clone();
            let picture = g.target.soda.picture.clone();
            let long = "a".repeat(g.rng.random_range(1_000..100_000usize));
            let variants: Vec<(String, String, Expect)> = vec![
                (quoted(&unknown), quoted(secret), Expect::SodaCode("INVALID_CLIENT")),
                (
                    quoted(&client.to_uppercase()),
                    quoted(secret),
                    Expect::SodaCode("INVALID_CLIENT"),
                ),
                (quoted(client), quoted("wrong"), Expect::SodaCode("INVALID_CLIENT")),
                (
                    quoted(client),
                    quoted(&secret.to_uppercase()),
                    Expect::SodaCode("INVALID_CLIENT"),
                ),
                (
                    quoted(client),
                    quoted(&format!("{secret} ")),
                    Expect::SodaCode("INVALID_CLIENT"),
                ),
                (quoted(client), "null".into(), Expect::SodaCode("INVALID_REQUEST")),
                (quoted(client), "\"\"".into(), Expect::SodaCode("INVALID_REQUEST")),
                (quoted(client), "12345".into(), Expect::SodaRefused),
                ("null".into(), quoted(secret), Expect::SodaCode("INVALID_REQUEST")),
                ("42".into(), quoted(secret), Expect::SodaCode("INVALID_REQUEST")),
                (
                    format!("[{}]", quoted(client)),
                    quoted(secret),
                    Expect::SodaCode("INVALID_REQUEST"),
                ),
                // Run-time credentials of the world are not clients.
                (quoted(&token), quoted(secret), Expect::SodaCode("INVALID_CLIENT")),
                (quoted(&token), quoted(client), Expect::SodaCode("INVALID_CLIENT")),
                (quoted(&picture), quoted(""), Expect::SodaRefused),
                // Another app's id, never with its secret (a token would revoke the suite's).
                (
                    quoted(soda_world::CAMERA_APP.0),
                    quoted(secret),
                    Expect::SodaCode("INVALID_CLIENT"),
                ),
                (
                    quoted(soda_world::DEFAULT_APP.0),
                    quoted("nope"),
                    Expect::SodaCode("INVALID_CLIENT"),
                ),
                (quoted(&long), quoted(secret), Expect::SodaCode("INVALID_CLIENT")),
                (quoted(client), quoted(&long), Expect::SodaCode("INVALID_CLIENT")),
                (
                    quoted(&format!("{client}\u{0}")),
                    quoted(secret),
                    Expect::SodaCode("INVALID_CLIENT"),
                ),
            ];
            let (id, sec, expect) = variants[g.rng.random_range(0..variants.len())].clone();
            let body = format!(
                r#"{{"grant_type":"client_credentials","client_id":{id},"client_secret":{sec}}}"#
            );
            (
                format!(
                    "client_id {} secret {}",
                    values_preview(id.as_bytes()),
                    values_preview(sec.as_bytes())
                ),
                json,
                body.into_bytes(),
                expect,
            )
        }
        // authorization codes.
        3 => {
            let soda = &g.target.soda;
            let (used, expired, foreign) = (
                soda.used_code.clone(),
                soda.expired_code.clone(),
                soda.foreign_code.clone(),
            );
            let garbage = random_hex(g, 32);
            let variants: Vec<(String, Expect)> = vec![
                (quoted(&used), Expect::SodaCode("INVALID_GRANT")),
                (quoted(&expired), Expect::SodaCode("INVALID_GRANT")),
                (quoted(&foreign), Expect::SodaCode("INVALID_GRANT")),
                (quoted(&garbage), Expect::SodaCode("INVALID_GRANT")),
                (quoted(&used.to_uppercase()), Expect::SodaCode("INVALID_GRANT")),
                (quoted(&format!("{used} ")), Expect::SodaCode("INVALID_GRANT")),
                ("42".into(), Expect::SodaCode("INVALID_REQUEST")),
                ("null".into(), Expect::SodaCode("INVALID_REQUEST")),
                ("\"\"".into(), Expect::SodaCode("INVALID_REQUEST")),
                (format!("[{}]", quoted(&used)), Expect::SodaCode("INVALID_REQUEST")),
            ];
            let (code, expect) = variants[g.rng.random_range(0..variants.len())].clone();
            (
                format!("authorization_code with code {}", values_preview(code.as_bytes())),
                json,
                fields("\"authorization_code\"", &format!(",\"code\":{code}")),
                expect,
            )
        }
        // form-urlencoded bodies.
        4 => {
            let base = format!(
                "grant_type=client_credentials&client_id={client}&client_secret={secret}"
            );
            let (what, body, content_type, expect): (&str, String, &str, Expect) =
                match g.rng.random_range(0..12u32) {
                    0 => ("a form", base.clone(), "application/x-www-form-urlencoded", Expect::SodaOk),
                    1 => (
                        "a form with a charset",
                        format!("{base}&scope=iot%3Apublic%2Ciot%3Acontrol"),
                        "application/x-www-form-urlencoded; charset=UTF-8",
                        Expect::SodaOk,
                    ),
                    2 => (
                        "a form typed in capitals",
                        base.clone(),
                        "APPLICATION/X-WWW-FORM-URLENCODED",
                        Expect::Parseable,
                    ),
                    3 => (
                        "a form with client_id twice",
                        format!("client_id=junk&{base}"),
                        "application/x-www-form-urlencoded",
                        Expect::Parseable,
                    ),
                    4 => (
                        "a form with bad escapes",
                        format!("{base}&scope=%zz%FF%00%E2%82"),
                        "application/x-www-form-urlencoded",
                        Expect::SodaCode("INVALID_SCOPE"),
                    ),
                    5 => (
                        "a form with scope ,,,",
                        format!("{base}&scope=,,,"),
                        "application/x-www-form-urlencoded",
                        Expect::Parseable,
                    ),
                    6 => (
                        "a form with a wrong secret",
                        format!("grant_type=client_credentials&client_id={client}&client_secret=x"),
                        "application/x-www-form-urlencoded",
                        Expect::SodaCode("INVALID_CLIENT"),
                    ),
                    7 => (
                        "an empty form",
                        String::new(),
                        "application/x-www-form-urlencoded",
                        Expect::SodaCode("INVALID_REQUEST"),
                    ),
                    8 => (
                        "a form with a used code",
                        format!(
                            "grant_type=authorization_code&client_id={client}&client_secret={secret}&code={}",
                            g.target.soda.used_code
                        ),
                        "application/x-www-form-urlencoded",
                        Expect::SodaCode("INVALID_GRANT"),
                    ),
                    9 => (
                        "a form of 900 KB of pairs",
                        format!("{base}&{}", "a=b&".repeat(225_000)),
                        "application/x-www-form-urlencoded",
                        Expect::SodaOk,
                    ),
                    10 => (
                        "a form sent as JSON",
                        base.clone(),
                        "application/json",
                        Expect::SodaCode("INVALID_REQUEST"),
                    ),
                    _ => (
                        "a form with + and spaces",
                        format!("{base}&scope=iot:public+iot:control"),
                        "application/x-www-form-urlencoded",
                        Expect::SodaCode("INVALID_SCOPE"),
                    ),
                };
            (what.to_string(), content_type, body.into_bytes(), expect)
        }
        // JSON sent as a form, credentials in the query, an oversized body.
        5 => match g.rng.random_range(0..3u32) {
            0 => (
                "a JSON body typed as a form".into(),
                "application/x-www-form-urlencoded",
                fields("\"client_credentials\"", ""),
                Expect::SodaCode("INVALID_REQUEST"),
            ),
            1 => (
                "a body over 1 MiB".into(),
                json,
                fields(
                    "\"client_credentials\"",
                    &format!(",\"pad\":\"{}\"", "x".repeat(1024 * 1024)),
                ),
                Expect::SodaCode("INVALID_REQUEST"),
            ),
            _ => (
                "a JSON body with client_id twice".into(),
                json,
                format!(
                    r#"{{"client_id":"junk","grant_type":"client_credentials","client_id":"{client}","client_secret":"{secret}"}}"#
                )
                .into_bytes(),
                Expect::SodaOk,
            ),
        },
        // Every parameter a hostile value of its kind.
        _ => {
            let name = pick(&mut g.rng, &["grant_type", "client_id", "client_secret", "scope", "code"]);
            let value = values::json_value(&mut g.rng, table::Kind::Text);
            let grant = if name == "code" {
                "\"authorization_code\""
            } else {
                "\"client_credentials\""
            };
            let mut body = format!(
                r#"{{"grant_type":{grant},"client_id":"{client}","client_secret":"{secret}""#
            );
            body = body.replacen(&format!("\"{name}\":"), &format!("\"{name}_was\":"), 1);
            body.push_str(&format!(",\"{name}\":{value}}}"));
            (
                format!("{name} = {}", values_preview(value.as_bytes())),
                json,
                body.into_bytes(),
                Expect::Parseable,
            )
        }
    }
}

pub(super) fn token_request(g: &mut Gen<'_>) -> Built {
    let (what, content_type, body, expect) = token_body(g);
    let query = pick(
        &mut g.rng,
        &[
            "",
            "",
            "",
            "grant_type=client_credentials",
            "client_id=junk&client_id=junk",
            "access_token=x",
        ],
    );
    let req = post(g, TOKEN_PATH, query, content_type, body);
    let mut steps = g.one(&req, expect);
    maybe_probe(g, &mut steps);
    let q = if query.is_empty() {
        ""
    } else {
        " with a query"
    };
    (format!("token: {what}{q}"), steps, false)
}
