//! The subcommands, one module each, and what they share: reading an input file or stdin, and exit codes.

pub mod bench;
pub mod check;
pub mod compare;
pub mod convert;
pub mod history;
pub mod import;
pub mod index;
pub mod lineage;
pub mod replay;
pub mod rotate;
pub mod search;
pub mod search_bench;
pub mod serve;
pub mod tally;
pub mod treaty;
pub mod verify_record;
pub mod votes;
pub mod witness;

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

/// The largest key file read (a verifier key is about 80 bytes).
const MAX_KEY_FILE_BYTES: u64 = 4 * 1024;

/// A log's verifier key given on the command line: the key's text (`name+id+base64`), or a file holding it
/// (read up to 4 KB).
pub fn read_verifier_key(key: &str) -> anyhow::Result<plenary_store::LogVerifier> {
    let text = if Path::new(key).is_file() {
        let mut text = String::new();
        std::fs::File::open(key)
            .and_then(|file| file.take(MAX_KEY_FILE_BYTES + 1).read_to_string(&mut text))
            .with_context(|| format!("reading {key}"))?;
        anyhow::ensure!(
            text.len() as u64 <= MAX_KEY_FILE_BYTES,
            "{key}: more than {MAX_KEY_FILE_BYTES} bytes, not a verifier key"
        );
        text
    } else {
        key.to_owned()
    };
    plenary_store::LogVerifier::parse(&text).with_context(|| format!("--key {}", text.trim()))
}

/// Exit code 2: the input was bad (unreadable, not a document, or read with errors).
pub fn exit_bad_input() -> ExitCode {
    ExitCode::from(2)
}

/// Reads a file, or standard input when the path is `-`.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

/// Reads and imports a document, reporting the importer's warnings and errors on standard error. Returns
/// `None` when the input was bad (the report says what and where).
pub fn import_file(path: &Path) -> anyhow::Result<Option<plenary_import::Imported>> {
    let bytes = read_input(path)?;
    let name = path.display();
    let imported = match plenary_import::import(&bytes) {
        Ok(imported) => imported,
        Err(error) => {
            report(&format!("{name}: {error}"));
            return Ok(None);
        }
    };
    for diagnostic in &imported.diagnostics {
        if diagnostic.severity >= plenary_core::Severity::Warning {
            report(&format!("{name}: {diagnostic}"));
        }
    }
    if imported.has_errors() {
        report(&format!("{name}: not read because of the errors above"));
        return Ok(None);
    }
    Ok(Some(imported))
}

#[allow(clippy::print_stderr)]
pub fn report(line: &str) {
    eprintln!("{line}");
}

/// Collects the document files under `dir`, recursively; indexes and READMEs are not documents.
pub fn collect_documents(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_documents(&path, files)?;
            continue;
        }
        let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or_default();
        let stem = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_lowercase();
        let is_document = matches!(extension, "txt" | "md" | "xml" | "akn" | "json" | "docx");
        if is_document && !matches!(stem.as_str(), "readme" | "index" | "license") {
            files.push(path);
        }
    }
    Ok(())
}

/// Writes to standard output.
#[allow(clippy::print_stdout)]
pub fn print(text: &str) {
    print!("{text}");
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;
    use plenary_render::{ComparisonFormat, DocumentFormat};

    /// The names a `--to` enum shows, and the names of the outputs its values map to.
    fn names<T: ValueEnum>(output_name: impl Fn(&T) -> &'static str) -> (Vec<String>, Vec<&'static str>) {
        let shown = T::value_variants().iter().filter_map(ValueEnum::to_possible_value);
        (
            shown.map(|value| value.get_name().to_string()).collect(),
            T::value_variants().iter().map(output_name).collect(),
        )
    }

    /// Each `--to` value is the name of the output it maps to, and the values cover every output, so that
    /// the command line names its formats as the API does.
    #[test]
    fn every_output_is_the_target_of_its_name() {
        let (shown, outputs) = names(|target: &super::convert::Target| target.format().name());
        assert_eq!(shown, outputs);
        assert_eq!(outputs, DocumentFormat::ALL.map(DocumentFormat::name));
        let (shown, outputs) = names(|target: &super::compare::CompareTarget| target.format().name());
        assert_eq!(shown, outputs);
        assert_eq!(outputs, ComparisonFormat::ALL.map(ComparisonFormat::name));
    }
}
