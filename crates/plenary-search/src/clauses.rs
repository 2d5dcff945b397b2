//! Where a clause was first agreed, and its history: the same clause found across texts verbatim or
//! near-verbatim, without comparing all pairs.
//!
//! Each paragraph's words (normalised as the index normalises them) are cut into overlapping three-word
//! shingles. Paragraphs with the same words share one *wording*; each wording gets a MinHash signature,
//! and locality-sensitive hashing (24 bands of 3 rows) puts wordings that share many shingles into the
//! same bucket, so only the wordings that meet in a bucket are compared. Two wordings are the same clause
//! when the Jaccard similarity of their shingles is at least [`SAME_CLAUSE`]; clauses are joined
//! transitively (union-find), so a clause reworded a little at every session stays one history.
//!
//! The history of a paragraph is every current text holding its clause, the best-matching paragraph of
//! each, oldest first; it was *first agreed* in the earliest adopted one (drafts are listed but are not
//! agreed language). A text of the same series (the same title) that follows one holding the clause and
//! does not hold it *dropped* it.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;
use time::Date;

/// Jaccard similarity of shingles at or above which two wordings are the same clause.
pub const SAME_CLAUSE: f64 = 0.5;
/// Words per shingle.
const SHINGLE: usize = 3;
/// LSH: bands × rows = the signature's length.
const BANDS: usize = 24;
const ROWS: usize = 3;
const SIGNATURE: usize = BANDS * ROWS;
/// Wordings with fewer shingles than this are matched only verbatim: "(a) Torture;" is not a clause.
const MIN_SHINGLES_FOR_NEAR: usize = 3;
/// A bucket holding more wordings than this is compared only against its first members: a formula repeated
/// in a thousand slight variants still joins, at bounded cost.
const MAX_BUCKET_COMPARISONS: usize = 400;

/// One text (a version of a document) as the clause index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseText {
    pub document: String,
    pub version: u64,
    pub symbol: String,
    pub title: String,
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub adopted: bool,
    /// Whether everyone may read it (not in negotiation).
    pub public: bool,
    /// Whether this is the document's current version; only those make up histories.
    pub current: bool,
    /// The key of its series (its title's words), set when the text is added.
    pub(crate) series: String,
}

/// A paragraph of a text, for the clause index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseParagraph {
    pub id: String,
    pub text: String,
    /// Its normalised words.
    pub words: Vec<String>,
}

#[derive(Debug)]
struct Placed {
    text: u32,
    id: String,
    body: String,
    wording: u32,
}

#[derive(Debug)]
struct Wording {
    shingles: Box<[u64]>,
    paragraphs: Vec<u32>,
}

/// The clause index: every paragraph of every text added, grouped by wording, the wordings joined into
/// clauses.
#[derive(Debug, Default)]
pub struct ClauseIndex {
    texts: Vec<ClauseText>,
    text_by_key: FxHashMap<(String, u64), u32>,
    paragraphs: Vec<Placed>,
    /// Paragraph positions of each text, in reading order.
    text_paragraphs: Vec<Vec<u32>>,
    wordings: Vec<Wording>,
    wording_by_hash: FxHashMap<u64, u32>,
    buckets: FxHashMap<u64, Vec<u32>>,
    /// Union-find over wordings: the parent of each, and the members of each root.
    parent: Vec<u32>,
    members: FxHashMap<u32, Vec<u32>>,
    series: FxHashMap<String, Vec<u32>>,
}

/// One version of a clause in its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClauseVersion {
    pub document: String,
    pub version: u64,
    pub symbol: String,
    pub title: String,
    pub paragraph: String,
    pub text: String,
    #[serde(with = "optional_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
    pub year: Option<i32>,
    /// `adopted` (agreed language) or `draft`.
    pub stage: &'static str,
    /// Jaccard similarity of its shingles to the paragraph asked about (1 for the same words).
    pub similarity: f64,
    /// The same words as the paragraph asked about (typography aside).
    pub verbatim: bool,
    /// The word redline from the version before it in this history (none for the first).
    pub redline: Vec<plenary_core::compare::DiffOp>,
}

/// A text of the clause's series that does not hold it, after one that did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dropped {
    pub document: String,
    pub symbol: String,
    pub year: Option<i32>,
    /// The text before it in the series that held the clause.
    pub after: String,
}

/// The history of a clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct History {
    /// The earliest adopted text holding the clause (up to the text asked about, when it is in the index),
    /// or none: the clause was never agreed.
    pub first_agreed: Option<ClauseVersion>,
    /// True when no adopted text before the one asked about holds the clause.
    pub new_in_this_text: bool,
    /// Every current text holding the clause, oldest first.
    pub versions: Vec<ClauseVersion>,
    pub dropped: Vec<Dropped>,
}

/// Where one paragraph was first agreed, for marking a whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreed {
    pub paragraph: String,
    /// The earliest adopted text before this one holding the clause; none when the clause is new here.
    pub first_agreed: Option<AgreedIn>,
}

/// A text a clause was agreed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreedIn {
    pub document: String,
    pub symbol: String,
    pub paragraph: String,
    pub year: Option<i32>,
    pub verbatim: bool,
}

impl ClauseIndex {
    /// Adds a text and its paragraphs; a text already held under the same document and version is
    /// replaced in place only in its facts (stage, currency), not its words, which a version never changes.
    pub fn add(&mut self, mut text: ClauseText, paragraphs: Vec<ClauseParagraph>) {
        text.series = series_key(&text.title);
        let key = (text.document.clone(), text.version);
        if let Some(&existing) = self.text_by_key.get(&key) {
            let held = &mut self.texts[existing as usize];
            held.adopted = text.adopted;
            held.public = text.public;
            held.current = text.current;
            return;
        }
        let text_index = self.texts.len() as u32;
        if text.current {
            // Only one version of a document is current.
            for other in &mut self.texts {
                if other.document == text.document {
                    other.current = false;
                }
            }
        }
        if !text.series.is_empty() {
            self.series.entry(text.series.clone()).or_default().push(text_index);
        }
        self.text_by_key.insert(key, text_index);
        self.texts.push(text);
        let mut placed = Vec::with_capacity(paragraphs.len());
        for paragraph in paragraphs {
            let wording = self.wording_of(&paragraph.words);
            let position = self.paragraphs.len() as u32;
            self.wordings[wording as usize].paragraphs.push(position);
            self.paragraphs.push(Placed {
                text: text_index,
                id: paragraph.id,
                body: paragraph.text,
                wording,
            });
            placed.push(position);
        }
        self.text_paragraphs.push(placed);
    }

    /// Records a document's status (it moved on).
    pub fn set_status(&mut self, document: &str, adopted: bool, public: bool) {
        for text in self.texts.iter_mut().filter(|text| text.document == document) {
            text.adopted = adopted;
            text.public = public;
        }
    }

    /// How many paragraphs and distinct wordings are held.
    pub fn len(&self) -> (usize, usize) {
        (self.paragraphs.len(), self.wordings.len())
    }

    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The history of a paragraph of a text in the index.
    pub fn history_of(
        &self,
        document: &str,
        version: u64,
        paragraph: &str,
        include_restricted: bool,
    ) -> Option<History> {
        let text = *self.text_by_key.get(&(document.to_owned(), version))?;
        let position = self.text_paragraphs[text as usize]
            .iter()
            .copied()
            .find(|&position| self.paragraphs[position as usize].id == paragraph)?;
        let placed = &self.paragraphs[position as usize];
        Some(self.history(
            &[placed.wording],
            &self.wordings[placed.wording as usize].shingles.clone(),
            Some(text),
            include_restricted,
        ))
    }

    /// The history of a paragraph from outside the index (a file being read), by its words.
    pub fn history_of_words(
        &self,
        words: &[String],
        date: Option<Date>,
        include_restricted: bool,
    ) -> History {
        let shingles = shingles(words);
        let mut start = Vec::new();
        if let Some(&wording) = self.wording_by_hash.get(&hash_words(words)) {
            start.push(wording);
        } else if shingles.len() >= MIN_SHINGLES_FOR_NEAR {
            let signature = signature(&shingles);
            let mut seen = rustc_hash::FxHashSet::default();
            for band in 0..BANDS {
                if let Some(bucket) = self.buckets.get(&band_key(band, &signature)) {
                    for &candidate in bucket {
                        if seen.insert(candidate)
                            && jaccard(&shingles, &self.wordings[candidate as usize].shingles) >= SAME_CLAUSE
                        {
                            start.push(candidate);
                        }
                    }
                }
            }
        }
        let mut history = self.history(&start, &shingles, None, include_restricted);
        if let Some(date) = date {
            // Outside the index the text has no place in the order; its date decides what came before.
            history.first_agreed = history
                .versions
                .iter()
                .find(|version| {
                    version.stage == crate::facets::ADOPTED && version.date.is_none_or(|at| at <= date)
                })
                .cloned();
            history.new_in_this_text = history.first_agreed.is_none();
        }
        history
    }

    /// Where each paragraph of a text was first agreed.
    pub fn agreed_in(&self, document: &str, version: u64) -> Vec<Agreed> {
        let Some(&text) = self.text_by_key.get(&(document.to_owned(), version)) else {
            return Vec::new();
        };
        let here = &self.texts[text as usize];
        self.text_paragraphs[text as usize]
            .iter()
            .map(|&position| {
                let placed = &self.paragraphs[position as usize];
                let first = self.first_adopted_before(placed.wording, here, text);
                Agreed { paragraph: placed.id.clone(), first_agreed: first }
            })
            .collect()
    }

    /// For every paragraph of every current text, where it was first agreed: the corpus-wide pass.
    /// Returns how many paragraphs were agreed earlier elsewhere.
    pub fn first_agreed_everywhere(&self) -> usize {
        let mut earliest: FxHashMap<u32, Vec<(Option<Date>, u32)>> = FxHashMap::default();
        for (index, text) in self.texts.iter().enumerate() {
            if !(text.current && text.adopted) {
                continue;
            }
            for &position in &self.text_paragraphs[index] {
                let root = self.find(self.paragraphs[position as usize].wording);
                earliest.entry(root).or_default().push((text.date, index as u32));
            }
        }
        for dates in earliest.values_mut() {
            dates.sort_unstable();
        }
        let mut agreed_before = 0;
        for (index, text) in self.texts.iter().enumerate() {
            if !text.current {
                continue;
            }
            for &position in &self.text_paragraphs[index] {
                let root = self.find(self.paragraphs[position as usize].wording);
                if earliest.get(&root).and_then(|dates| dates.first()).is_some_and(|&(date, first)| {
                    first as usize != index
                        && order(date, &self.texts[first as usize].symbol) < order(text.date, &text.symbol)
                }) {
                    agreed_before += 1;
                }
            }
        }
        agreed_before
    }

    fn first_adopted_before(&self, wording: u32, here: &ClauseText, text: u32) -> Option<AgreedIn> {
        let root = self.find(wording);
        let members = self.members.get(&root).map_or_else(|| vec![wording], Clone::clone);
        let mut best: Option<(u32, u32)> = None;
        for member in members {
            for &position in &self.wordings[member as usize].paragraphs {
                let candidate = self.paragraphs[position as usize].text;
                let other = &self.texts[candidate as usize];
                if candidate == text || !other.current || !other.adopted {
                    continue;
                }
                if order(other.date, &other.symbol) >= order(here.date, &here.symbol) {
                    continue;
                }
                if best.is_none_or(|(held, _)| {
                    let held = &self.texts[held as usize];
                    order(other.date, &other.symbol) < order(held.date, &held.symbol)
                }) {
                    best = Some((candidate, position));
                }
            }
        }
        best.map(|(candidate, position)| {
            let other = &self.texts[candidate as usize];
            let placed = &self.paragraphs[position as usize];
            AgreedIn {
                document: other.document.clone(),
                symbol: other.symbol.clone(),
                paragraph: placed.id.clone(),
                year: other.year,
                verbatim: placed.wording == wording,
            }
        })
    }

    fn history(
        &self,
        start: &[u32],
        shingles: &[u64],
        asked: Option<u32>,
        include_restricted: bool,
    ) -> History {
        let mut roots: Vec<u32> = start.iter().map(|&wording| self.find(wording)).collect();
        roots.sort_unstable();
        roots.dedup();
        let verbatim_wording = asked.and(start.first().copied());
        // The best paragraph of each current text, by similarity to the paragraph asked about.
        let mut best: FxHashMap<u32, (f64, u32)> = FxHashMap::default();
        for root in roots {
            let members = self.members.get(&root).map_or_else(|| vec![root], Clone::clone);
            for member in members {
                let wording = &self.wordings[member as usize];
                let similarity =
                    if Some(member) == verbatim_wording { 1.0 } else { jaccard(shingles, &wording.shingles) };
                for &position in &wording.paragraphs {
                    let text = self.paragraphs[position as usize].text;
                    let held = &self.texts[text as usize];
                    if !held.current || !(held.public || include_restricted || Some(text) == asked) {
                        continue;
                    }
                    let entry = best.entry(text).or_insert((f64::MIN, position));
                    if similarity > entry.0 {
                        *entry = (similarity, position);
                    }
                }
            }
        }
        let mut chosen: Vec<(u32, f64, u32)> =
            best.into_iter().map(|(text, (similarity, position))| (text, similarity, position)).collect();
        chosen.sort_by(|a, b| {
            let (first, second) = (&self.texts[a.0 as usize], &self.texts[b.0 as usize]);
            order(first.date, &first.symbol).cmp(&order(second.date, &second.symbol))
        });
        let mut versions: Vec<ClauseVersion> = Vec::with_capacity(chosen.len());
        for (text, similarity, position) in &chosen {
            let held = &self.texts[*text as usize];
            let placed = &self.paragraphs[*position as usize];
            let redline = versions
                .last()
                .map(|previous| plenary_core::compare::redline(&previous.text, &placed.body))
                .unwrap_or_default();
            versions.push(ClauseVersion {
                document: held.document.clone(),
                version: held.version,
                symbol: held.symbol.clone(),
                title: held.title.clone(),
                paragraph: placed.id.clone(),
                text: placed.body.clone(),
                date: held.date,
                year: held.year,
                stage: if held.adopted { crate::facets::ADOPTED } else { crate::facets::DRAFT },
                similarity: (similarity * 1000.0).round() / 1000.0,
                verbatim: *similarity >= 1.0 - f64::EPSILON,
                redline,
            });
        }
        let asked_order = asked.map(|text| {
            let held = &self.texts[text as usize];
            order(held.date, &held.symbol)
        });
        let first_agreed = versions
            .iter()
            .find(|version| {
                version.stage == crate::facets::ADOPTED
                    && asked_order.as_ref().is_none_or(|asked| &order(version.date, &version.symbol) <= asked)
            })
            .cloned();
        let new_in_this_text = match (&first_agreed, asked) {
            (None, _) => true,
            (Some(first), Some(text)) => {
                let held = &self.texts[text as usize];
                first.document == held.document && first.version == held.version
            }
            (Some(_), None) => false,
        };
        let holding: rustc_hash::FxHashSet<u32> = chosen.iter().map(|(text, _, _)| *text).collect();
        let dropped = self.dropped(&holding, include_restricted);
        History { first_agreed, new_in_this_text, versions, dropped }
    }

    /// The texts of the series of the texts in `holding` that follow one holding the clause without it.
    fn dropped(&self, holding: &rustc_hash::FxHashSet<u32>, include_restricted: bool) -> Vec<Dropped> {
        let mut series: Vec<&str> = holding
            .iter()
            .map(|&text| self.texts[text as usize].series.as_str())
            .filter(|key| !key.is_empty())
            .collect();
        series.sort_unstable();
        series.dedup();
        let mut dropped = Vec::new();
        for key in series {
            let mut members: Vec<u32> = self.series.get(key).map_or_else(Vec::new, |texts| {
                texts
                    .iter()
                    .copied()
                    .filter(|&text| {
                        let held = &self.texts[text as usize];
                        held.current && (held.public || include_restricted)
                    })
                    .collect()
            });
            members.sort_by(|&a, &b| {
                let (first, second) = (&self.texts[a as usize], &self.texts[b as usize]);
                order(first.date, &first.symbol).cmp(&order(second.date, &second.symbol))
            });
            for pair in members.windows(2) {
                if holding.contains(&pair[0]) && !holding.contains(&pair[1]) {
                    let (before, text) = (&self.texts[pair[0] as usize], &self.texts[pair[1] as usize]);
                    dropped.push(Dropped {
                        document: text.document.clone(),
                        symbol: text.symbol.clone(),
                        year: text.year,
                        after: before.symbol.clone(),
                    });
                }
            }
        }
        dropped
    }

    /// The wording of `words`: an existing one, or a new one joined to the clauses it is near.
    fn wording_of(&mut self, words: &[String]) -> u32 {
        let hash = hash_words(words);
        if let Some(&wording) = self.wording_by_hash.get(&hash) {
            return wording;
        }
        let index = self.wordings.len() as u32;
        let shingles = shingles(words);
        self.parent.push(index);
        if shingles.len() >= MIN_SHINGLES_FOR_NEAR {
            let signature = signature(&shingles);
            for band in 0..BANDS {
                let bucket = self.buckets.entry(band_key(band, &signature)).or_default();
                let candidates: Vec<u32> = bucket.iter().take(MAX_BUCKET_COMPARISONS).copied().collect();
                bucket.push(index);
                for candidate in candidates {
                    if self.find(candidate) == self.find(index) {
                        continue;
                    }
                    if jaccard(&shingles, &self.wordings[candidate as usize].shingles) >= SAME_CLAUSE {
                        self.union(candidate, index);
                    }
                }
            }
        }
        self.wordings.push(Wording { shingles, paragraphs: Vec::new() });
        self.wording_by_hash.insert(hash, index);
        index
    }

    fn find(&self, mut wording: u32) -> u32 {
        while self.parent[wording as usize] != wording {
            wording = self.parent[wording as usize];
        }
        wording
    }

    fn union(&mut self, first: u32, second: u32) {
        let (a, b) = (self.find(first), self.find(second));
        if a == b {
            return;
        }
        let size = |root: u32, members: &FxHashMap<u32, Vec<u32>>| members.get(&root).map_or(1, Vec::len);
        // The smaller joins the larger, so a wording moves O(log n) times and find stays short.
        let (root, joined) = if size(a, &self.members) >= size(b, &self.members) { (a, b) } else { (b, a) };
        self.parent[joined as usize] = root;
        let moved = self.members.remove(&joined).unwrap_or_else(|| vec![joined]);
        self.members.entry(root).or_insert_with(|| vec![root]).extend(moved);
    }

    /// The texts held, for rebuilding and tests.
    pub fn texts(&self) -> &[ClauseText] {
        &self.texts
    }

    /// The size of the largest clause (in wordings): boilerplate like "Decides to remain seized of the matter".
    pub fn largest_clause(&self) -> usize {
        self.members.values().map(Vec::len).max().unwrap_or(1)
    }
}

/// The order of texts in a history: by date (a text without one last), then by symbol.
fn order(date: Option<Date>, symbol: &str) -> (bool, Option<Date>, String) {
    (date.is_none(), date, symbol.to_owned())
}

/// A title as the key of its series: lower case, words only ("Torture and other cruel, inhuman …").
fn series_key(title: &str) -> String {
    title
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn hash_words(words: &[String]) -> u64 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    hasher.finish()
}

/// The sorted, distinct hashes of the three-word shingles of `words` (the whole run when shorter).
fn shingles(words: &[String]) -> Box<[u64]> {
    let mut hashes: Vec<u64> = if words.len() < SHINGLE {
        if words.is_empty() { Vec::new() } else { vec![hash_words(words)] }
    } else {
        words.windows(SHINGLE).map(|window| mix(hash_words_slice(window))).collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes.into_boxed_slice()
}

fn hash_words_slice(words: &[String]) -> u64 {
    let mut hasher = FxHasher::default();
    for word in words {
        word.hash(&mut hasher);
    }
    hasher.finish()
}

/// A 64-bit finaliser (splitmix64), so that the multiply-shift hashes below see well-spread input.
fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// The MinHash signature: for each of the hash functions `h_i(x) = mix(x ^ seed_i)`, the least value.
fn signature(shingles: &[u64]) -> [u64; SIGNATURE] {
    let mut minimum = [u64::MAX; SIGNATURE];
    for &shingle in shingles {
        for (index, slot) in minimum.iter_mut().enumerate() {
            let value = mix(shingle ^ SEEDS[index]);
            if value < *slot {
                *slot = value;
            }
        }
    }
    minimum
}

/// Fixed seeds: the signatures, hence the buckets, are the same on every run and every server.
const SEEDS: [u64; SIGNATURE] = {
    let mut seeds = [0u64; SIGNATURE];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut index = 0;
    while index < SIGNATURE {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut value = state;
        value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[index] = value ^ (value >> 31);
        index += 1;
    }
    seeds
};

fn band_key(band: usize, signature: &[u64; SIGNATURE]) -> u64 {
    let mut hasher = FxHasher::default();
    band.hash(&mut hasher);
    signature[band * ROWS..(band + 1) * ROWS].hash(&mut hasher);
    hasher.finish()
}

/// The Jaccard similarity of two sorted, distinct sets.
fn jaccard(first: &[u64], second: &[u64]) -> f64 {
    if first.is_empty() || second.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < first.len() && j < second.len() {
        match first[i].cmp(&second[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (first.len() + second.len() - shared) as f64
}

mod optional_date {
    use serde::Serializer;
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.collect_str(&format_args!(
                "{:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            )),
            None => serializer.serialize_none(),
        }
    }
}
