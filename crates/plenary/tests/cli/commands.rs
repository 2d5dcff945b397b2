//! The real binary on the shipped resolutions: what a user types, what they see, and the exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn plenary(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs")
}

fn shipped(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions").join(name).display().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn convert_to_json_gives_the_public_shape() {
    let output = plenary(&["convert", &shipped("A_RES_80_198.txt"), "--to", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["symbol"], "A/RES/80/198");
    assert_eq!(json["body"], "General Assembly");
    assert_eq!(json["title"], "Torture and other cruel, inhuman or degrading treatment or punishment");
    assert_eq!(json["preamble"][0]["id"], "pp1");
    assert_eq!(json["operative"][0]["id"], "op1");
    assert_eq!(json["operative"][0]["number"], 1);
    assert_eq!(json["footnotes"][0]["mark"], "1");
    assert_eq!(json["footnotes"][0]["text"], "United Nations, Treaty Series, vol. 1465, No. 24841.");
    assert!(json["diagnostics"].is_array());
}

#[test]
fn convert_reads_standard_input() {
    let bytes = std::fs::read(shipped("S_RES_0830_1993.txt")).expect("shipped text");
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["convert", "-", "--to", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().expect("stdin").write_all(&bytes).expect("writing stdin");
    let output = child.wait_with_output().expect("the binary finishes");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("\"symbol\": \"S/RES/830 (1993)\""));
}

#[test]
fn bad_input_exits_with_code_2_and_says_what_and_where() {
    let directory = std::env::temp_dir().join(format!("plenary-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temporary directory");
    let empty = directory.join("empty.txt");
    std::fs::write(&empty, b"").expect("writing");
    let output = plenary(&["convert", &empty.display().to_string(), "--to", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("empty.txt: the file is empty"), "{}", stderr(&output));

    let binary = directory.join("scan.pdf");
    std::fs::write(&binary, b"%PDF-1.7\n\x00\x01\x02binary").expect("writing");
    let output = plenary(&["convert", &binary.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("binary"), "{}", stderr(&output));
    std::fs::remove_dir_all(&directory).ok();
}

#[test]
fn a_missing_file_is_an_error_that_names_it() {
    let output = plenary(&["convert", "no-such-file.txt"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("no-such-file.txt"), "{}", stderr(&output));
}

#[test]
fn check_reads_every_shipped_text_and_reports_totals() {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions");
    let output = plenary(&["check", &directory.display().to_string(), "--round-trip", "json"]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("10 files: 10 read cleanly, 0 with errors"), "{report}");
    assert!(report.contains(" 0 lost, 0 invented"), "{report}");
    assert!(report.contains("round trip through JSON: 10 of 10 files give identical JSON"), "{report}");
}

#[test]
fn check_claims_word_conservation_only_for_the_texts_it_accounted_for() {
    let directory = std::env::temp_dir().join(format!("plenary-check-formats-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a directory");
    std::fs::copy(shipped("A_RES_80_198.txt"), directory.join("A_RES_80_198.txt")).expect("the text");
    let akn = directory.join("A_RES_80_198.akn");
    let output =
        plenary(&["convert", &shipped("A_RES_80_198.txt"), "--to", "akn", "-o", &akn.display().to_string()]);
    assert!(output.status.success(), "{}", stderr(&output));

    let output = plenary(&["check", &directory.display().to_string()]);
    let report = stdout(&output);
    assert!(output.status.success(), "{report}{}", stderr(&output));
    assert!(report.contains("2 files: 2 read cleanly"), "{report}");
    assert!(
        report.contains(
            "0 lost, 0 invented; 1 files not checked for word conservation (Akoma Ntoso, JSON or Word"
        ),
        "the Akoma Ntoso file is not claimed as conserved: {report}"
    );
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn lineage_finds_the_previous_session_and_the_draft() {
    let corpus =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions").display().to_string();
    // A/RES/80/6 names its draft, A/80/L.9, in its adoption line: that is its source, and the previous
    // version is last session's resolution.
    let output = plenary(&["lineage", &shipped("A_RES_80_6.txt"), "--corpus", &corpus]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("adopted on the draft A/80/L.9"), "{report}");
    let first = report.lines().find(|line| line.trim_start().starts_with("1.")).unwrap_or_default();
    assert!(first.contains("A/RES/79/6") && first.contains("earlier session"), "{report}");
    // A/RES/80/198 was adopted on the report of the Third Committee; its draft A/C.3/80/L.49 comes first,
    // then the 2019 and 2017 resolutions.
    let output = plenary(&["lineage", &shipped("A_RES_80_198.txt"), "--corpus", &corpus, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let symbols: Vec<&str> = json["predecessors"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["symbol"].as_str())
        .collect();
    assert_eq!(symbols, vec!["A/C.3/80/L.49", "A/RES/74/143", "A/RES/72/163"]);
}

#[test]
fn bench_times_the_import_of_every_shipped_text_and_a_comparison() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions");
    let output = plenary(&["bench", "import", &folder.display().to_string(), "--rounds", "2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let timing: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(timing["texts"], 10);
    assert_eq!(timing["refused"], 0);
    assert_eq!(timing["rounds"], 2);
    assert!(timing["paragraphs"].as_u64().is_some_and(|paragraphs| paragraphs > 300), "{timing}");
    assert!(timing["seconds_per_round"].as_f64().is_some_and(|seconds| seconds > 0.0), "{timing}");

    let output = plenary(&[
        "bench",
        "compare",
        &shipped("A_C.3_80_L.49.txt"),
        &shipped("A_RES_80_198.txt"),
        "--rounds",
        "1",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let timing: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert!(timing["units"].as_u64().is_some_and(|units| units > 50), "{timing}");
}

#[test]
fn bench_refuses_zero_rounds() {
    let output = plenary(&["bench", "import", ".", "--rounds", "0"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--rounds"), "{}", stderr(&output));
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../plenary-import/tests/fixtures").join(name)
}

/// `plenary import` on a first-started data directory: three real texts the store does not hold (one in a
/// sub-folder), one it holds already (shipped), a binary file and an empty one. The readable new texts
/// are recorded, the held one skipped and named, each bad file named with the reason, and a second run
/// records nothing.
#[test]
fn import_loads_a_directory_names_each_problem_file_and_skips_what_is_held() {
    let data = super::service::seeded_copy("import");
    let data_path = data.path().to_str().expect("a UTF-8 path").to_owned();
    let texts = super::service::TempDir::new("import-texts");
    std::fs::create_dir_all(texts.path().join("sc")).expect("a sub-folder");
    for (name, to) in [
        ("A_RES_73_6.txt", "A_RES_73_6.txt"),
        ("A_80_L.41.txt", "A_80_L.41.txt"),
        ("S_RES_0541_1983.txt", "sc/S_RES_0541_1983.txt"),
    ] {
        std::fs::copy(fixture(name), texts.path().join(to)).expect("copying a fixture");
    }
    std::fs::copy(shipped("A_RES_80_198.txt"), texts.path().join("A_RES_80_198.txt")).expect("copying");
    std::fs::write(texts.path().join("broken.txt"), [0x00, 0x9f, 0x92, 0x96, 0x00, 0x01, 0xff, 0xfe])
        .expect("writing");
    std::fs::write(texts.path().join("empty.txt"), b"").expect("writing");
    let before = super::service::verify_intact(data.path());
    let dir = texts.path().to_str().expect("a UTF-8 path");

    let output = plenary(&["import", dir, "--data", &data_path]);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(2), "a problem file makes the exit code 2: {out}{err}");
    assert!(out.starts_with("imported 3, skipped 1, problems 2, in "), "the summary: {out}");
    let line = |name: &str| err.lines().find(|line| line.contains(name)).map(str::to_owned);
    let broken = line("broken.txt").unwrap_or_else(|| panic!("a line names broken.txt: {err}"));
    assert!(broken.contains("binary"), "the line says why: {broken}");
    let empty = line("empty.txt").unwrap_or_else(|| panic!("a line names empty.txt: {err}"));
    assert!(empty.contains("empty"), "the line says why: {empty}");
    let held = line("A_RES_80_198.txt").unwrap_or_else(|| panic!("a line names the held text: {err}"));
    assert!(held.contains("skipped, a-res-80-198 is in the store already"), "{held}");
    assert_eq!(err.lines().count(), 3, "one line per problem or skipped file, nothing else: {err}");
    // One event per new document, and the log still verifies (chain, tree, signed checkpoints).
    assert_eq!(super::service::verify_intact(data.path()), before + 3);

    let again = plenary(&["import", dir, "--data", &data_path]);
    assert!(stdout(&again).starts_with("imported 0, skipped 4, problems 2, in "), "{}", stdout(&again));
    assert_eq!(super::service::verify_intact(data.path()), before + 3, "a second run records nothing");
}

#[test]
fn import_refuses_a_data_directory_that_never_started() {
    let data = super::service::TempDir::new("import-empty");
    let output = plenary(&["import", &shipped(""), "--data", data.path().to_str().expect("a UTF-8 path")]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("start `plenary serve --data"), "{}", stderr(&output));
}
