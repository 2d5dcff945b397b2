//! Benchmark: importing the whole General Assembly corpus (1,149 PDF-extracted texts) and the Security
//! Council compilation texts, read from `../shared/corpus` (or `PLENARY_CORPUS`), reported as throughput.
//!
//! Run with `cargo bench -p plenary-import --bench import_corpus`. Without the corpus beside the project
//! the benchmark says so and measures nothing.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpus_dir(name: &str) -> Option<PathBuf> {
    let root = std::env::var_os("PLENARY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let dir = root.join(name);
    dir.is_dir().then_some(dir)
}

fn read_texts(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect())
        .unwrap_or_default();
    paths.retain(|path| path.extension().is_some_and(|extension| extension == "txt"));
    paths.sort();
    paths.iter().filter_map(|path| std::fs::read(path).ok()).collect()
}

#[allow(clippy::print_stderr)]
fn import_corpus(criterion: &mut Criterion) {
    for name in ["ga", "sc"] {
        let Some(dir) = corpus_dir(name) else {
            eprintln!("no corpus at ../shared/corpus/{name} (set PLENARY_CORPUS); nothing measured");
            continue;
        };
        let texts = read_texts(&dir);
        let bytes: usize = texts.iter().map(Vec::len).sum();
        let mut group = criterion.benchmark_group(format!("import corpus/{name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_function(format!("{} texts", texts.len()), |bencher| {
            bencher.iter(|| {
                let mut paragraphs = 0usize;
                for text in &texts {
                    if let Ok(imported) = plenary_import::import(text) {
                        paragraphs += imported.document.paragraphs().len();
                    }
                }
                paragraphs
            });
        });
        group.finish();
    }
}

criterion_group!(benches, import_corpus);
criterion_main!(benches);
