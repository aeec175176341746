//! The layers of README's Layout hold: each module imports only from the layers below it
//! (`sim` never from a vendor), a vendor never from another vendor or from `admin`, and
//! nothing imports `server`. Read from the source, so a new arrow the wrong way fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules each one may use (`crate::<name>`), besides itself.
const ALLOWED: [(&str, &[&str]); 12] = [
    ("sim", &[]),
    ("api", &["media"]),
    ("media", &["sim"]),
    ("client", &[]),
    ("cors", &[]),
    ("vendors", &["sim", "api", "client", "media"]),
    ("scenario", &["sim", "vendors"]),
    ("app", &["sim", "cors", "media"]),
    ("config", &["sim", "vendors", "scenario", "media"]),
    ("admin", &["sim", "api", "vendors", "scenario", "app"]),
    (
        "server",
        &[
            "sim", "api", "media", "vendors", "app", "admin", "config", "cors",
        ],
    ),
    ("main", &[]),
];
const VENDORS: [&str; 4] = ["gwell", "sodalife", "onenet", "tencent"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::a::b` path a file names, as (a, b).
fn crate_paths(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let mut parts = rest.split("::").map(|p| {
            p.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        });
        let first = parts.next().unwrap_or_default();
        let second = parts.next().unwrap_or_default();
        out.insert((first, second));
    }
    out
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let mut components = relative.iter().map(|c| c.to_string_lossy().into_owned());
        let top = components.next().unwrap_or_default();
        let module = top.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| *name == module) else {
            wrong.push(format!(
                "{}: a module README's Layout does not place",
                relative.display()
            ));
            continue;
        };
        let vendor = (module == "vendors")
            .then(|| components.next())
            .flatten()
            .filter(|v| VENDORS.contains(&v.as_str()));
        let text = std::fs::read_to_string(file).expect("readable file");
        for (first, second) in crate_paths(&text) {
            let ok = first == module || allowed.contains(&first.as_str());
            let other_vendor = first == "vendors"
                && vendor
                    .as_ref()
                    .is_some_and(|own| VENDORS.contains(&second.as_str()) && second != *own);
            if !ok || other_vendor {
                wrong.push(format!(
                    "{} uses crate::{first}::{second}",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}
