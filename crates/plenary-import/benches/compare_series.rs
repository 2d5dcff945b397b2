//! Benchmarks of the comparison engine on real series (each pair of the hand-checked tests), and of
//! predecessor detection over the whole General Assembly corpus, read from `../shared/corpus` (or
//! `PLENARY_CORPUS`).
//!
//! Run with `cargo bench -p plenary-import --bench compare_series`.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use plenary_core::Document;
use plenary_core::compare::compare;
use plenary_core::lineage::{Library, Profile};

const SERIES: [(&str, &str); 7] = [
    ("ga/A_RES_72_163.txt", "ga/A_RES_74_143.txt"),
    ("ga/A_C.3_80_L.49.txt", "ga/A_RES_80_198.txt"),
    ("ga/A_RES_79_6.txt", "ga/A_RES_80_6.txt"),
    ("ga/A_RES_79_7.txt", "ga/A_RES_80_4.txt"),
    ("ga/A_RES_79_4.txt", "ga/A_RES_80_7.txt"),
    ("sc/S_RES_0790_1992.txt", "sc/S_RES_0830_1993.txt"),
    ("ga/A_RES_78_161.txt", "ga/A_RES_80_148.txt"),
];

fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("PLENARY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    root.is_dir().then_some(root)
}

fn read(path: &Path) -> Option<Document> {
    let bytes = std::fs::read(path).ok()?;
    plenary_import::import(&bytes).ok().map(|imported| imported.document)
}

#[allow(clippy::print_stderr)]
fn benchmarks(criterion: &mut Criterion) {
    let Some(root) = corpus_root() else {
        eprintln!("no corpus at ../shared/corpus (set PLENARY_CORPUS); nothing measured");
        return;
    };
    let mut group = criterion.benchmark_group("compare series");
    for (old, new) in SERIES {
        let (Some(old_document), Some(new_document)) = (read(&root.join(old)), read(&root.join(new))) else {
            continue;
        };
        let name = format!("{} -> {}", label(old), label(new));
        group.bench_function(name, |bencher| bencher.iter(|| compare(&old_document, &new_document)));
    }
    group.finish();

    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("ga"))
        .map(|entries| entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect())
        .unwrap_or_default();
    paths.retain(|path| path.extension().is_some_and(|extension| extension == "txt"));
    paths.sort();
    let documents: Vec<Document> = paths.iter().filter_map(|path| read(path)).collect();
    let mut group = criterion.benchmark_group("lineage over the GA corpus");
    group.sample_size(10);
    group.bench_function(format!("profile {} texts", documents.len()), |bencher| {
        bencher.iter(|| documents.iter().map(Profile::of).count())
    });
    let library = Library::new(documents.iter().map(Profile::of).collect());
    let profiles = library.profiles();
    group.bench_function(format!("predecessors of one text among {}", profiles.len()), |bencher| {
        let target = profiles
            .iter()
            .position(|profile| profile.symbol.as_ref().is_some_and(|symbol| symbol.as_str() == "A/RES/80/6"))
            .unwrap_or(0);
        bencher.iter(|| library.predecessors(&profiles[target]))
    });
    group.bench_function(format!("predecessors of every one of {} texts", profiles.len()), |bencher| {
        bencher.iter(|| {
            profiles.iter().map(|profile| library.predecessors(profile).predecessors.len()).sum::<usize>()
        })
    });
    group.finish();
}

fn label(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path).trim_end_matches(".txt")
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
