//! The architecture invariants that the manifests and the sources can show: dependencies point one way
//! (core ← import ← store/search/render ← web ← cli); the pure crates (core, import, render) do no I/O and
//! have no dependency that does; only the web crate (and the CLI, as the client `plenary witness`) knows
//! HTTP. The tests read every crate manifest of the workspace, so a new crate or a new dependency that
//! breaks the direction fails here.

use std::path::{Path, PathBuf};

/// The layer of each crate of the workspace; a crate may depend only on crates of lower layers.
fn layer(crate_name: &str) -> Option<u8> {
    match crate_name {
        "plenary-core" => Some(0),
        "plenary-import" => Some(1),
        "plenary-store" | "plenary-search" | "plenary-render" => Some(2),
        "plenary-web" => Some(3),
        "plenary" => Some(4),
        _ => None,
    }
}

/// The crates that take values and return values: no file, network, process, environment or clock.
const PURE: [&str; 3] = ["plenary-core", "plenary-import", "plenary-render"];

/// Crates that speak HTTP or run an async runtime or a database: none of them may be a dependency of a pure
/// crate, and the HTTP ones only of the web crate and the CLI.
const HTTP: [&str; 8] =
    ["axum", "hyper", "hyper-util", "http-body-util", "tower", "tower-http", "ureq", "reqwest"];
const RUNTIME: [&str; 3] = ["tokio", "sqlx", "tokio-stream"];

/// What a pure crate's sources must not name: file, network, process and environment access, the clock.
const IO: [&str; 9] = [
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "SystemTime",
    "now_utc",
    "Instant::now",
];

fn crates_directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every crate of the workspace: its directory, name and manifest.
fn manifests() -> Vec<(PathBuf, String, toml::Table)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(crates_directory()).expect("the crates directory") {
        let directory = entry.expect("an entry").path();
        let Ok(manifest) = std::fs::read_to_string(directory.join("Cargo.toml")) else { continue };
        let manifest: toml::Table = manifest.parse().expect("a valid manifest");
        let name = manifest["package"]["name"].as_str().expect("a package name").to_string();
        found.push((directory, name, manifest));
    }
    assert!(found.len() >= 6, "found only {} crates", found.len());
    found
}

/// The names of a manifest's dependencies in one section.
fn dependencies<'m>(manifest: &'m toml::Table, section: &str) -> Vec<&'m str> {
    manifest
        .get(section)
        .and_then(toml::Value::as_table)
        .map(|table| table.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn dependencies_point_one_way() {
    for (_, name, manifest) in manifests() {
        let own_layer = layer(&name)
            .unwrap_or_else(|| panic!("{name} has no layer: add it to architecture.rs and ARCHITECTURE.md"));
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            for dependency in
                dependencies(&manifest, section).into_iter().filter(|name| name.starts_with("plenary"))
            {
                let their_layer = layer(dependency).unwrap_or_else(|| panic!("{dependency} has no layer"));
                assert!(
                    their_layer < own_layer,
                    "{name} (layer {own_layer}) depends on {dependency} (layer {their_layer}): dependencies must point down"
                );
            }
        }
    }
}

#[test]
fn the_pure_crates_do_no_io_and_depend_on_nothing_that_does() {
    for (directory, name, manifest) in
        manifests().into_iter().filter(|(_, name, _)| PURE.contains(&name.as_str()))
    {
        for dependency in dependencies(&manifest, "dependencies") {
            assert!(
                !HTTP.contains(&dependency) && !RUNTIME.contains(&dependency),
                "{name} is pure but depends on {dependency}"
            );
        }
        for file in rust_files(&directory.join("src")) {
            // The unit tests' helpers read the fixtures; they are not part of the library.
            if file.file_name().is_some_and(|file_name| file_name == "test_support.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&file).expect("a source file");
            for forbidden in IO {
                assert!(
                    !source.contains(forbidden),
                    "{} is in a pure crate and names {forbidden}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn only_the_web_crate_knows_http() {
    for (_, name, manifest) in manifests() {
        // The CLI's `plenary witness` is a small HTTP client of the service.
        if name == "plenary-web" || name == "plenary" {
            continue;
        }
        for dependency in dependencies(&manifest, "dependencies") {
            assert!(
                !HTTP.contains(&dependency),
                "{name} depends on {dependency}: only plenary-web knows HTTP"
            );
        }
    }
}

/// Every `.rs` file under a directory.
fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("a source directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files
}
