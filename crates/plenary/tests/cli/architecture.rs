//! The architecture invariant that dependencies point one way: core ← import ← store/search ← web ← cli.
//! The test reads every crate manifest of the workspace, so a new crate or a new dependency that breaks the
//! direction fails here.

use std::path::PathBuf;

/// The layer of each crate of the workspace; a crate may depend only on crates of lower layers.
fn layer(crate_name: &str) -> Option<u8> {
    match crate_name {
        "plenary-core" => Some(0),
        "plenary-import" => Some(1),
        "plenary-store" | "plenary-search" => Some(2),
        "plenary-web" => Some(3),
        "plenary" => Some(4),
        _ => None,
    }
}

#[test]
fn dependencies_point_one_way() {
    let crates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut checked = 0;
    for entry in std::fs::read_dir(&crates).expect("the crates directory") {
        let manifest_path = entry.expect("an entry").path().join("Cargo.toml");
        let Ok(manifest) = std::fs::read_to_string(&manifest_path) else { continue };
        let manifest: toml::Table = manifest.parse().expect("a valid manifest");
        let name = manifest["package"]["name"].as_str().expect("a package name").to_string();
        let own_layer = layer(&name)
            .unwrap_or_else(|| panic!("{name} has no layer: add it to architecture.rs and ARCHITECTURE.md"));
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            let Some(dependencies) = manifest.get(section).and_then(toml::Value::as_table) else { continue };
            for dependency in dependencies.keys().filter(|dependency| dependency.starts_with("plenary")) {
                let their_layer = layer(dependency).unwrap_or_else(|| panic!("{dependency} has no layer"));
                assert!(
                    their_layer < own_layer,
                    "{name} (layer {own_layer}) depends on {dependency} (layer {their_layer}): dependencies must point down"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 3, "found only {checked} crates");
}
