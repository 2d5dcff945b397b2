//! Benchmark: importing generated numbered texts of 10,000, 100,000 and 1,000,000 paragraphs as clean text
//! (1,000,000 is `MAX_PARAGRAPHS`, just under the 16 MB input limit too), and of 10,000 and 100,000 as
//! PDF-extracted text with a masthead, to show that an import takes time linear in its paragraphs.
//! Before issue 10 the structure stage scanned every paragraph so far for each new one (100,000 paragraphs:
//! 16 s; 200,000: 90 s).
//!
//! Run with `cargo bench -p plenary-import --bench import_scale`; `-- --test` runs each size once.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use plenary_import::{Format, import_as};

/// `count` numbered operative paragraphs, and nothing else in clean text (so that 1,000,000 is exactly
/// `MAX_PARAGRAPHS` blocks); with a masthead and a preambular paragraph as PDF text.
fn numbered_text(count: usize, masthead: bool) -> String {
    let mut text = String::with_capacity(count * 17 + 200);
    if masthead {
        text.push_str("United Nations\tA/RES/80/1\n\nGeneral Assembly\tDistr.: General\n1 December 2025\n\n");
        text.push_str("The General Assembly,\n\nRecalling its earlier resolutions,\n\n");
    }
    for number in 1..=count {
        text.push_str(&format!("{number}. Notes.\n\n"));
    }
    text
}

fn import_scale(criterion: &mut Criterion) {
    for (format, masthead) in [(Format::CleanText, false), (Format::PdfText, true)] {
        let mut group = criterion.benchmark_group(format!("import scale/{format}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(100));
        group.measurement_time(Duration::from_secs(1));
        let counts: &[usize] = if masthead { &[10_000, 100_000] } else { &[10_000, 100_000, 1_000_000] };
        for &count in counts {
            let text = numbered_text(count, masthead);
            let imported = import_as(text.as_bytes(), format).expect("under the limits");
            assert_eq!(imported.document.operative.len(), count, "every paragraph numbered");
            group.throughput(Throughput::Elements(count as u64));
            group.bench_with_input(BenchmarkId::from_parameter(count), &text, |bencher, text| {
                bencher.iter(|| import_as(text.as_bytes(), format).expect("under the limits"));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, import_scale);
criterion_main!(benches);
