//! The corpus Plenary ships: the General Assembly's resolutions, drafts and decisions and the Security
//! Council's resolutions of `data/corpus/corpus.tar.zst` (written by `scripts/pack-corpus`), compiled into
//! the binary and loaded at the first start, so that a new service has real agreed language to work with.
//!
//! The archive is ours, but it is still read under named bounds, as every input is: a damaged or
//! substituted archive is refused with the bound it crossed, never read without end.

use std::io::Read;

/// The archive: a tar of `ga/*.txt`, `ga-decisions/*.txt` and `sc/*.txt`, compressed with zstd.
pub const ARCHIVE: &[u8] = include_bytes!("../../../data/corpus/corpus.tar.zst");

/// The folder of the archive that holds the General Assembly's decisions (`ga-decisions/A_DEC_71_401.txt`):
/// adopted texts that carry no symbol and are often a few lines, recorded under their file's name.
pub const DECISIONS: &str = "ga-decisions/";

/// The catalogue of the decisions (one JSON object per line: `symbol` "decision 71/401", `file`, `title`,
/// `meeting_dates`): what their texts do not print — symbol, title, day of adoption.
pub const CATALOGUE: &str = "ga-decisions/index.jsonl";

/// What the catalogue says of one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogued {
    /// `A/DEC/71/401`.
    pub symbol: String,
    pub title: String,
    /// The day of the meeting that adopted it.
    pub adopted: Option<time::Date>,
}

/// The catalogue of the decisions among `texts`, by the archive path of each decision's text
/// (`ga-decisions/A_DEC_71_401.txt`). A line that cannot be read is passed over: the text is still kept.
pub fn decision_catalogue(texts: &[Text]) -> std::collections::BTreeMap<String, Catalogued> {
    #[derive(serde::Deserialize)]
    struct Line {
        symbol: String,
        file: String,
        #[serde(default)]
        title: String,
        #[serde(default)]
        meeting_dates: Vec<String>,
    }
    let mut catalogue = std::collections::BTreeMap::new();
    let Some(index) = texts.iter().find(|text| text.name == CATALOGUE) else {
        return catalogue;
    };
    for line in String::from_utf8_lossy(&index.bytes).lines() {
        let Ok(line) = serde_json::from_str::<Line>(line) else { continue };
        // "decision 71/401" is cited as A/DEC/71/401.
        let Some(number) = line.symbol.strip_prefix("decision ") else { continue };
        let adopted = line.meeting_dates.first().and_then(|date| {
            time::Date::parse(date, time::macros::format_description!("[year]-[month]-[day]")).ok()
        });
        catalogue.insert(
            format!("{DECISIONS}{}", line.file),
            Catalogued { symbol: format!("A/DEC/{}", number.trim()), title: line.title, adopted },
        );
    }
    catalogue
}

/// The most entries the archive may hold (the shipped one has 2,989 texts).
pub const MAX_ENTRIES: usize = 10_000;
/// The largest text in it (the longest shipped, A/RES/79/144, is about 0.2 MB).
pub const MAX_ENTRY_BYTES: u64 = 4 * 1024 * 1024;
/// All its texts together, unpacked (the shipped ones are 28.6 MB).
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// One text of the archive: its path inside it (`sc/S_RES_0830_1993.txt`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why the archive could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("the corpus archive is not zstd: {0}")]
    Compression(String),
    #[error("the corpus archive is not a readable tar: {0}")]
    Archive(#[from] std::io::Error),
    #[error("the corpus archive crosses {limit} ({value} > {bound}) at {at}")]
    Limit { limit: &'static str, value: u64, bound: u64, at: String },
}

/// The texts of the shipped archive, in the archive's (sorted) order.
pub fn shipped() -> Result<Vec<Text>, CorpusError> {
    texts(ARCHIVE)
}

/// The `.txt` files of a zstd-compressed tar archive, and the decisions' [`CATALOGUE`], in its order; other
/// entries (directories, other files) are passed over but counted against [`MAX_ENTRIES`].
pub fn texts(archive: &[u8]) -> Result<Vec<Text>, CorpusError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(archive)
        .map_err(|error| CorpusError::Compression(error.to_string()))?;
    let mut archive = tar::Archive::new(decoder);
    let mut texts = Vec::new();
    let mut total: u64 = 0;
    for (index, entry) in archive.entries()?.enumerate() {
        let entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if index >= MAX_ENTRIES {
            return Err(limit("MAX_ENTRIES", index as u64 + 1, MAX_ENTRIES as u64, name));
        }
        if !entry.header().entry_type().is_file() || !(name.ends_with(".txt") || name == CATALOGUE) {
            continue;
        }
        let size = entry.header().size()?;
        if size > MAX_ENTRY_BYTES {
            return Err(limit("MAX_ENTRY_BYTES", size, MAX_ENTRY_BYTES, name));
        }
        total += size;
        if total > MAX_TOTAL_BYTES {
            return Err(limit("MAX_TOTAL_BYTES", total, MAX_TOTAL_BYTES, name));
        }
        // The header's size is what tar reads; `take` holds it to the bound whatever the header says.
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        entry.take(MAX_ENTRY_BYTES).read_to_end(&mut bytes)?;
        texts.push(Text { name, bytes });
    }
    Ok(texts)
}

fn limit(limit: &'static str, value: u64, bound: u64, at: String) -> CorpusError {
    CorpusError::Limit { limit, value, bound, at }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_archive_holds_the_three_folders_of_texts() {
        let texts = shipped().expect("the shipped archive reads");
        let count = |folder: &str| texts.iter().filter(|text| text.name.starts_with(folder)).count();
        assert_eq!(count("ga/"), 1_149);
        assert_eq!(count("ga-decisions/"), 942, "941 decisions and their catalogue");
        assert_eq!(count("sc/"), 899);
        assert_eq!(texts.len(), 2_990);
        let council = texts.iter().find(|text| text.name == "sc/S_RES_0830_1993.txt").expect("S/RES/830");
        assert!(String::from_utf8_lossy(&council.bytes).contains("830 (1993)"));
        assert!(texts.iter().all(|text| !text.bytes.is_empty()));
    }

    #[test]
    fn the_catalogue_gives_each_decision_the_symbol_title_and_day_its_text_does_not_print() {
        let texts = shipped().expect("the shipped archive reads");
        let catalogue = decision_catalogue(&texts);
        assert_eq!(catalogue.len(), 941);
        assert_eq!(
            catalogue["ga-decisions/A_DEC_71_401.txt"],
            Catalogued {
                symbol: "A/DEC/71/401".into(),
                title: "Appointment of the members of the Credentials Committee".into(),
                adopted: Some(time::macros::date!(2016 - 09 - 13)),
            }
        );
    }

    /// A zstd-wrapped tar of `entries` (path, bytes).
    fn archive(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, bytes) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, bytes.as_slice()).expect("an entry");
        }
        let tar = builder.into_inner().expect("a tar");
        ruzstd::encoding::compress_to_vec(tar.as_slice(), ruzstd::encoding::CompressionLevel::Uncompressed)
    }

    #[test]
    fn only_text_files_are_read_and_each_bound_is_named() {
        let small = archive(&[("ga/A.txt", b"text".to_vec()), ("ga/index.csv", b"symbol".to_vec())]);
        assert_eq!(
            texts(&small).expect("reads"),
            vec![Text { name: "ga/A.txt".into(), bytes: b"text".to_vec() }]
        );

        let long = usize::try_from(MAX_ENTRY_BYTES).expect("fits") + 1;
        let too_long = archive(&[("ga/A.txt", vec![b'a'; long])]);
        assert!(matches!(
            texts(&too_long),
            Err(CorpusError::Limit { limit: "MAX_ENTRY_BYTES", at, .. }) if at == "ga/A.txt"
        ));

        let many: Vec<(String, Vec<u8>)> =
            (0..=MAX_ENTRIES).map(|index| (format!("sc/{index}.csv"), Vec::new())).collect();
        let many: Vec<(&str, Vec<u8>)> =
            many.iter().map(|(path, bytes)| (path.as_str(), bytes.clone())).collect();
        assert!(matches!(texts(&archive(&many)), Err(CorpusError::Limit { limit: "MAX_ENTRIES", .. })));
    }

    #[test]
    fn what_is_not_zstd_is_refused() {
        assert!(matches!(texts(b"plain text, not an archive"), Err(CorpusError::Compression(_))));
    }
}
