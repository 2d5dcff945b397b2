//! The index: one tantivy document per paragraph, with its words (positions kept, for phrases), its facets
//! and what a result shows, stored; and the clause index beside it, rebuilt from the stored paragraphs
//! whenever the index is opened.

use std::path::Path;
use std::sync::{Mutex, RwLock};

use plenary_core::Document;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query as TantivyQuery,
    TermQuery,
};
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};
use time::Date;

use crate::clauses::{Agreed, ClauseIndex, ClauseParagraph, ClauseText, History};
use crate::facets::{ADOPTED, DRAFT, FacetName, IndexedParagraph, TextFacets, paragraphs};
use crate::highlight;
use crate::query::{Query, QueryError};
use crate::results::{
    DocumentGroup, FacetCount, FacetCounts, Hit, MAX_DOCUMENTS_PER_PAGE, MAX_FACET_VALUES, MAX_FILTERS,
    MAX_HITS_PER_DOCUMENT, SearchRequest, SearchResults, Sort,
};
use crate::text::{ANALYZER, PAIRS, analyzer, normalised, pair_analyzer};

/// The writer's memory per indexing thread: tantivy flushes a segment when it is full.
const WRITER_HEAP_BYTES_PER_THREAD: usize = 48 * 1024 * 1024;
/// The writer's threads: one per core, at most four (tantivy indexes a batch on each).
fn writer_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).clamp(1, 4)
}

fn writer(index: &Index) -> Result<IndexWriter<TantivyDocument>, tantivy::TantivyError> {
    let threads = writer_threads();
    index.writer_with_num_threads(threads, threads * WRITER_HEAP_BYTES_PER_THREAD)
}
/// The most paragraphs read in ranked order to make up a page of documents.
const MAX_RANKED_PARAGRAPHS: usize = 5_000;
/// The most words a prefix expands to.
const MAX_PREFIX_EXPANSIONS: u32 = 2_000;

/// Why the index cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("the search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("the search index at {path}: {message}")]
    Open { path: String, message: String },
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("at most {MAX_FILTERS} facet filters may be given")]
    TooManyFilters,
    #[error("the search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("the search index was opened to read only")]
    ReadOnly,
    #[error("the search index is unavailable: a writer panicked")]
    Poisoned,
}

/// How long the two parts of an [`SearchIndex::add`] took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddTimings {
    /// The full-text index: paragraphs with their words and facets, written and committed (tantivy).
    pub words: std::time::Duration,
    /// The clause index: words normalised, wordings, shingles, signatures and clauses joined.
    pub clauses: std::time::Duration,
}

/// A version the index holds, and what it knows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedVersion {
    pub document: String,
    pub version: u64,
    pub current: bool,
    pub adopted: bool,
    pub public: bool,
}

/// A text to index: one version of a document, with what the store knows of it.
#[derive(Debug, Clone, Copy)]
pub struct IndexedText<'a> {
    /// The store's document id.
    pub document: &'a str,
    pub version: u64,
    /// Whether it is the document's current version (searches show current versions unless asked).
    pub current: bool,
    /// Whether the text is agreed language: an adopted resolution or decision.
    pub adopted: bool,
    /// Whether everyone may read it; a text still in negotiation is shown only to those who may read the
    /// negotiation (`SearchRequest::include_restricted`).
    pub public: bool,
    pub text: &'a Document,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    key: Field,
    document: Field,
    document_hash: Field,
    version: Field,
    current: Field,
    public: Field,
    symbol: Field,
    title: Field,
    paragraph: Field,
    position: Field,
    text: Field,
    pairs: Field,
    part: Field,
    date: Field,
    facets: Field,
}

/// The agreed-language index.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    /// None for an index opened to read only (the command line beside a running server).
    writer: Mutex<Option<IndexWriter<TantivyDocument>>>,
    clauses: RwLock<ClauseIndex>,
    analyzer: TextAnalyzer,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("SearchIndex").field("index", &self.index).finish_non_exhaustive()
    }
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    builder.add_text_field("key", STRING);
    builder.add_text_field("document", STRING | STORED);
    builder.add_u64_field("document_hash", FAST);
    builder.add_u64_field("version", INDEXED | STORED);
    builder.add_u64_field("current", INDEXED | STORED);
    builder.add_u64_field("public", INDEXED | STORED);
    builder.add_text_field("symbol", STORED);
    builder.add_text_field("title", STORED);
    builder.add_text_field("paragraph", STRING | STORED);
    builder.add_u64_field("position", STORED);
    builder.add_text_field("text", words);
    // Word pairs, for exact phrases (`text::pair_analyzer`); not stored: the text is.
    builder.add_text_field(
        "pairs",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(PAIRS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    builder.add_text_field("part", STRING | STORED);
    builder.add_i64_field("date", STORED | FAST);
    builder.add_facet_field("facets", FacetOptions::default().set_stored());
    builder.build()
}

fn fields(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
    let field = |name: &str| schema.get_field(name);
    Ok(Fields {
        key: field("key")?,
        document: field("document")?,
        document_hash: field("document_hash")?,
        version: field("version")?,
        current: field("current")?,
        public: field("public")?,
        symbol: field("symbol")?,
        title: field("title")?,
        paragraph: field("paragraph")?,
        position: field("position")?,
        text: field("text")?,
        pairs: field("pairs")?,
        part: field("part")?,
        date: field("date")?,
        facets: field("facets")?,
    })
}

impl SearchIndex {
    /// An index held in memory only.
    pub fn in_memory() -> Result<SearchIndex, IndexError> {
        SearchIndex::from_index(Index::create_in_ram(schema()))
    }

    /// Opens the index in `directory`, creating it when the directory is empty or missing. An index of
    /// another shape (an older schema) is an error: the caller removes it and builds again.
    pub fn open_or_create(directory: &Path) -> Result<SearchIndex, IndexError> {
        let failed = |message: String| IndexError::Open { path: directory.display().to_string(), message };
        std::fs::create_dir_all(directory).map_err(|error| failed(error.to_string()))?;
        let directory_handle =
            tantivy::directory::MmapDirectory::open(directory).map_err(|error| failed(error.to_string()))?;
        let index =
            Index::open_or_create(directory_handle, schema()).map_err(|error| failed(error.to_string()))?;
        SearchIndex::from_index(index)
    }

    /// Opens an existing index to search it only; it may be written by a server at the same time, and
    /// shows what was committed when it was opened.
    pub fn open_read_only(directory: &Path) -> Result<SearchIndex, IndexError> {
        let failed = |message: String| IndexError::Open { path: directory.display().to_string(), message };
        let index = Index::open_in_dir(directory).map_err(|error| failed(error.to_string()))?;
        if index.schema() != schema() {
            return Err(failed("it was built by another version of Plenary; build it again".into()));
        }
        SearchIndex::with_writer(index, false)
    }

    fn from_index(index: Index) -> Result<SearchIndex, IndexError> {
        SearchIndex::with_writer(index, true)
    }

    fn with_writer(index: Index, writable: bool) -> Result<SearchIndex, IndexError> {
        index.tokenizers().register(ANALYZER, analyzer());
        index.tokenizers().register(PAIRS, pair_analyzer());
        let fields = fields(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let writer = if writable { Some(writer(&index)?) } else { None };
        let search = SearchIndex {
            index,
            fields,
            reader,
            writer: Mutex::new(writer),
            clauses: RwLock::new(ClauseIndex::default()),
            analyzer: analyzer(),
        };
        search.rebuild_clauses()?;
        Ok(search)
    }

    /// The versions indexed, for a caller that keeps the index in step with its store.
    pub fn indexed_versions(&self) -> Vec<IndexedVersion> {
        let clauses = self.read_clauses();
        clauses
            .texts()
            .iter()
            .map(|text| IndexedVersion {
                document: text.document.clone(),
                version: text.version,
                current: text.current,
                adopted: text.adopted,
                public: text.public,
            })
            .collect()
    }

    /// The current version of a document in the index.
    pub fn current_version(&self, document: &str) -> Option<u64> {
        let clauses = self.read_clauses();
        clauses.texts().iter().find(|text| text.document == document && text.current).map(|text| text.version)
    }

    /// Indexes texts; a version already indexed is replaced. The versions a newly current one supersedes
    /// stop being current. Committed before it returns.
    pub fn add(&self, texts: &[IndexedText<'_>]) -> Result<(), IndexError> {
        self.add_timed(texts).map(|_| ())
    }

    /// [`SearchIndex::add`], saying how long each of its two parts took (for the benchmark).
    pub fn add_timed(&self, texts: &[IndexedText<'_>]) -> Result<AddTimings, IndexError> {
        let started = std::time::Instant::now();
        let mut clause_time = std::time::Duration::ZERO;
        let mut analyzer = self.analyzer.clone();
        let mut guard = self.writer.lock().map_err(|_| IndexError::Poisoned)?;
        let writer = guard.as_mut().ok_or(IndexError::ReadOnly)?;
        let mut clause_texts = Vec::with_capacity(texts.len());
        for text in texts {
            writer.delete_term(Term::from_field_text(self.fields.key, &key(text.document, text.version)));
            let facets = TextFacets::of(text.text, text.adopted);
            let symbol =
                text.text.symbol.as_ref().map_or_else(|| text.document.to_owned(), ToString::to_string);
            let held = paragraphs(text.text);
            for paragraph in &held {
                writer.add_document(self.paragraph_document(text, &symbol, &facets, paragraph))?;
            }
            let normalising = std::time::Instant::now();
            let clause_paragraphs = held
                .into_iter()
                .map(|paragraph| ClauseParagraph {
                    words: normalised(&mut analyzer, &paragraph.text),
                    id: paragraph.id,
                    text: paragraph.text,
                })
                .collect();
            clause_texts.push((
                ClauseText {
                    document: text.document.to_owned(),
                    version: text.version,
                    symbol,
                    title: text.text.title.clone(),
                    date: facets.date,
                    year: facets.year,
                    adopted: text.adopted,
                    public: text.public,
                    current: text.current,
                    series: String::new(),
                },
                clause_paragraphs,
            ));
            clause_time += normalising.elapsed();
        }
        for text in texts.iter().filter(|text| text.current) {
            self.rewrite_others(writer, text.document, text.version, |stored| stored.current = false)?;
        }
        writer.commit()?;
        drop(guard);
        self.reader.reload()?;
        let clauses_started = std::time::Instant::now();
        let mut clauses = self.clauses.write().map_err(|_| IndexError::Poisoned)?;
        for (text, paragraphs) in clause_texts {
            clauses.add(text, paragraphs);
        }
        clause_time += clauses_started.elapsed();
        let total = started.elapsed();
        Ok(AddTimings { words: total.saturating_sub(clause_time), clauses: clause_time })
    }

    /// Merges every segment into one, for an index built in bulk (a stand-alone index, the benchmark): a
    /// search then walks one segment's postings and facets instead of one per flush of the writer. The
    /// writer's background merges are waited for first (a segment being merged cannot be merged again),
    /// then the merge runs and the reader is reloaded. Costs about as much as indexing the words did.
    pub fn merge_segments(&self) -> Result<(), IndexError> {
        let mut guard = self.writer.lock().map_err(|_| IndexError::Poisoned)?;
        let finishing = guard.take().ok_or(IndexError::ReadOnly)?;
        finishing.wait_merging_threads()?;
        let mut writer = writer(&self.index)?;
        let segments = self.index.searchable_segment_ids()?;
        let merged = if segments.len() > 1 { writer.merge(&segments).wait().map(|_| ()) } else { Ok(()) };
        *guard = Some(writer);
        drop(guard);
        merged?;
        self.reader.reload()?;
        Ok(())
    }

    /// The segments a search walks.
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Waits for the writer's background merges and releases the index's lock, so that the directory can
    /// be moved (the command line builds an index beside its final place and renames it).
    pub fn close(self) -> Result<(), IndexError> {
        let writer = self.writer.into_inner().map_err(|_| IndexError::Poisoned)?;
        if let Some(writer) = writer {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Records a document's status: whether its texts are adopted (the stage facet, their place in
    /// histories) and public (issued, or adopted).
    pub fn set_status(&self, document: &str, adopted: bool, public: bool) -> Result<(), IndexError> {
        let mut guard = self.writer.lock().map_err(|_| IndexError::Poisoned)?;
        let writer = guard.as_mut().ok_or(IndexError::ReadOnly)?;
        self.rewrite_others(writer, document, u64::MAX, |stored| {
            stored.adopted = adopted;
            stored.public = public;
        })?;
        writer.commit()?;
        drop(guard);
        self.reader.reload()?;
        self.clauses.write().map_err(|_| IndexError::Poisoned)?.set_status(document, adopted, public);
        Ok(())
    }

    /// Rewrites the stored paragraphs of `document`'s versions other than `except` with `change`.
    fn rewrite_others(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        document: &str,
        except: u64,
        change: impl Fn(&mut Stored),
    ) -> Result<(), IndexError> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let query =
            TermQuery::new(Term::from_field_text(self.fields.document, document), IndexRecordOption::Basic);
        let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut rewritten: Vec<Stored> = Vec::new();
        for address in found {
            let stored = self.stored(&searcher.doc(address)?);
            if stored.version != except {
                rewritten.push(stored);
            }
        }
        let mut keys: Vec<String> =
            rewritten.iter().map(|stored| key(&stored.document, stored.version)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            writer.delete_term(Term::from_field_text(self.fields.key, &key));
        }
        for mut stored in rewritten {
            change(&mut stored);
            writer.add_document(self.to_document(&stored))?;
        }
        Ok(())
    }

    fn paragraph_document(
        &self,
        text: &IndexedText<'_>,
        symbol: &str,
        facets: &TextFacets,
        paragraph: &IndexedParagraph,
    ) -> TantivyDocument {
        let mut values: Vec<(FacetName, String)> = Vec::new();
        let mut push = |facet: FacetName, value: Option<String>| {
            if let Some(value) = value.filter(|value| !value.is_empty()) {
                values.push((facet, value));
            }
        };
        push(FacetName::Body, facets.body.clone());
        push(FacetName::Committee, facets.committee.clone());
        push(FacetName::Session, facets.session.clone());
        push(FacetName::Year, facets.year.map(|year| year.to_string()));
        push(FacetName::Part, Some(paragraph.part.to_owned()));
        push(FacetName::Opening, paragraph.opening.clone());
        for addressee in &paragraph.addressees {
            push(FacetName::Addressee, Some(addressee.clone()));
        }
        self.to_document(&Stored {
            document: text.document.to_owned(),
            version: text.version,
            current: text.current,
            adopted: text.adopted,
            public: text.public,
            symbol: symbol.to_owned(),
            title: text.text.title.clone(),
            paragraph: paragraph.id.clone(),
            position: paragraph.position,
            text: paragraph.text.clone(),
            part: paragraph.part.to_owned(),
            date: facets.date,
            year: facets.year,
            facets: values,
        })
    }

    fn to_document(&self, stored: &Stored) -> TantivyDocument {
        let fields = &self.fields;
        let mut document = TantivyDocument::default();
        document.add_text(fields.key, key(&stored.document, stored.version));
        document.add_text(fields.document, &stored.document);
        document.add_u64(fields.document_hash, document_hash(&stored.document));
        document.add_u64(fields.version, stored.version);
        document.add_u64(fields.current, u64::from(stored.current));
        document.add_u64(fields.public, u64::from(stored.public));
        document.add_text(fields.symbol, &stored.symbol);
        document.add_text(fields.title, &stored.title);
        document.add_text(fields.paragraph, &stored.paragraph);
        document.add_u64(fields.position, stored.position);
        document.add_text(fields.text, &stored.text);
        document.add_text(fields.pairs, &stored.text);
        document.add_text(fields.part, &stored.part);
        document.add_i64(fields.date, sort_date(stored.date, stored.year));
        for (facet, value) in &stored.facets {
            document
                .add_facet(fields.facets, tantivy::schema::Facet::from_path([facet.name(), value.as_str()]));
        }
        let stage = if stored.adopted { ADOPTED } else { DRAFT };
        document
            .add_facet(fields.facets, tantivy::schema::Facet::from_path([FacetName::Stage.name(), stage]));
        document.add_facet(
            fields.facets,
            tantivy::schema::Facet::from_path([DOCUMENT_FACET, stored.document.as_str()]),
        );
        document
    }

    fn stored(&self, document: &TantivyDocument) -> Stored {
        let fields = &self.fields;
        let text = |field: Field| {
            document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default().to_owned()
        };
        let number =
            |field: Field| document.get_first(field).and_then(|value| value.as_u64()).unwrap_or_default();
        let mut facets = Vec::new();
        let mut adopted = false;
        let mut year = None;
        for value in document.get_all(fields.facets) {
            let Some(encoded) = value.as_facet() else { continue };
            let Ok(facet) = tantivy::schema::Facet::from_encoded(encoded.as_bytes().to_vec()) else {
                continue;
            };
            let path = facet.to_path();
            let (Some(name), Some(value)) = (path.first(), path.get(1)) else { continue };
            if *name == FacetName::Stage.name() {
                adopted = *value == ADOPTED;
            } else if let Some(name) = FacetName::parse(name) {
                if name == FacetName::Year {
                    year = value.parse().ok();
                }
                facets.push((name, (*value).to_owned()));
            }
        }
        let date = document
            .get_first(fields.date)
            .and_then(|value| value.as_i64())
            .and_then(|day| i32::try_from(day).ok())
            .and_then(|day| Date::from_julian_day(day).ok());
        Stored {
            document: text(fields.document),
            version: number(fields.version),
            current: number(fields.current) == 1,
            public: number(fields.public) == 1,
            adopted,
            symbol: text(fields.symbol),
            title: text(fields.title),
            paragraph: text(fields.paragraph),
            position: number(fields.position),
            text: text(fields.text),
            part: text(fields.part),
            date,
            year,
            facets,
        }
    }

    /// Builds the clause index from the stored paragraphs.
    fn rebuild_clauses(&self) -> Result<(), IndexError> {
        let searcher = self.reader.searcher();
        let mut by_text: std::collections::BTreeMap<(String, u64), TextParagraphs> =
            std::collections::BTreeMap::new();
        let mut analyzer = self.analyzer.clone();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                let document: TantivyDocument = store.get(doc)?;
                let stored = self.stored(&document);
                let entry = by_text.entry((stored.document.clone(), stored.version)).or_insert_with(|| {
                    (
                        ClauseText {
                            document: stored.document.clone(),
                            version: stored.version,
                            symbol: stored.symbol.clone(),
                            title: stored.title.clone(),
                            date: stored.date,
                            year: stored.year,
                            adopted: stored.adopted,
                            public: stored.public,
                            current: stored.current,
                            series: String::new(),
                        },
                        Vec::new(),
                    )
                });
                entry.1.push((
                    stored.position,
                    ClauseParagraph {
                        words: normalised(&mut analyzer, &stored.text),
                        id: stored.paragraph,
                        text: stored.text,
                    },
                ));
            }
        }
        let mut clauses = ClauseIndex::default();
        for (_, (text, mut paragraphs)) in by_text {
            paragraphs.sort_by_key(|(position, _)| *position);
            clauses.add(text, paragraphs.into_iter().map(|(_, paragraph)| paragraph).collect());
        }
        *self.clauses.write().map_err(|_| IndexError::Poisoned)? = clauses;
        Ok(())
    }

    fn read_clauses(&self) -> std::sync::RwLockReadGuard<'_, ClauseIndex> {
        // A panic while the clause index was being written leaves it as it was before the write began
        // (`add` only appends after the index commit), so the data is still usable.
        self.clauses.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The history of a paragraph of an indexed text; `include_restricted` lists texts still in
    /// negotiation too.
    pub fn history(
        &self,
        document: &str,
        version: u64,
        paragraph: &str,
        include_restricted: bool,
    ) -> Option<History> {
        self.read_clauses().history_of(document, version, paragraph, include_restricted)
    }

    /// The history of a paragraph of a text that is not in the index, by its words, dated `date`.
    pub fn history_of_text(&self, text: &str, date: Option<Date>, include_restricted: bool) -> History {
        let words = normalised(&mut self.analyzer.clone(), text);
        self.read_clauses().history_of_words(&words, date, include_restricted)
    }

    /// Where each paragraph of an indexed text was first agreed (only adopted texts count, and they are
    /// public).
    pub fn agreed_in(&self, document: &str, version: u64) -> Vec<Agreed> {
        self.read_clauses().agreed_in(document, version)
    }

    /// The first-agreed-in pass over every paragraph: how many were agreed earlier elsewhere.
    pub fn first_agreed_everywhere(&self) -> usize {
        self.read_clauses().first_agreed_everywhere()
    }

    /// Paragraphs and distinct wordings held, and the largest clause.
    pub fn clause_statistics(&self) -> (usize, usize, usize) {
        let clauses = self.read_clauses();
        let (paragraphs, wordings) = clauses.len();
        (paragraphs, wordings, clauses.largest_clause())
    }

    /// Paragraphs indexed (every version).
    pub fn paragraph_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, IndexError> {
        if request.filters.len() > MAX_FILTERS {
            return Err(IndexError::TooManyFilters);
        }
        let mut analyzer = self.analyzer.clone();
        let parsed = Query::parse(&request.query, &mut analyzer)?;
        let query = self.filtered(self.tantivy_query(&parsed), request);
        let searcher = self.reader.searcher();
        let facet_collector = FacetValueCounts;
        let limit = request.limit.clamp(1, MAX_DOCUMENTS_PER_PAGE);
        let per_document = request.per_document.clamp(1, MAX_HITS_PER_DOCUMENT);
        let ranked_limit = ((request.offset + limit) * per_document * 4).clamp(200, MAX_RANKED_PARAGRAPHS);
        let (total, (facets, matches_per_document), ranked): (usize, _, Vec<DocAddress>) = match request.sort
        {
            Sort::Relevance => {
                let (total, (facets, per_document), top) = searcher.search(
                    &query,
                    &(Count, (facet_collector, DocumentCounts), TopDocs::with_limit(ranked_limit)),
                )?;
                (total, (facets, per_document), top.into_iter().map(|(_, address)| address).collect())
            }
            Sort::Oldest | Sort::Newest => {
                let order = if request.sort == Sort::Oldest { Order::Asc } else { Order::Desc };
                let by_date = TopDocs::with_limit(ranked_limit).order_by_fast_field::<i64>("date", order);
                let (total, (facets, per_document), top) =
                    searcher.search(&query, &(Count, (facet_collector, DocumentCounts), by_date))?;
                (total, (facets, per_document), top.into_iter().map(|(_, address)| address).collect())
            }
        };
        self.results(
            request,
            &parsed,
            &searcher,
            (total, &facets, &matches_per_document),
            ranked,
            (limit, per_document),
            &mut analyzer,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn results(
        &self,
        request: &SearchRequest,
        parsed: &Query,
        searcher: &tantivy::Searcher,
        (total, facets, matches_per_document): (usize, &FacetValues, &DocumentMatches),
        ranked: Vec<DocAddress>,
        (limit, per_document): (usize, usize),
        analyzer: &mut TextAnalyzer,
    ) -> Result<SearchResults, IndexError> {
        // Documents in the order of their best paragraph, the paragraphs of each in ranked order, told
        // apart by a fast field: only the paragraphs shown are read from the store.
        let mut columns: rustc_hash::FxHashMap<u32, tantivy::columnar::Column<u64>> =
            rustc_hash::FxHashMap::default();
        let mut order: Vec<u64> = Vec::new();
        let mut members: rustc_hash::FxHashMap<u64, Vec<DocAddress>> = rustc_hash::FxHashMap::default();
        let wanted = request.offset + limit;
        for address in ranked {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => entry
                    .insert(searcher.segment_reader(address.segment_ord).fast_fields().u64("document_hash")?),
            };
            let Some(hash) = column.first(address.doc_id) else { continue };
            let entry = members.entry(hash).or_default();
            if entry.is_empty() {
                if order.len() >= wanted {
                    continue;
                }
                order.push(hash);
            }
            if entry.len() < per_document {
                entry.push(address);
            }
        }
        let marks = parsed.marks();
        let mut groups = Vec::new();
        let mut hits = Vec::new();
        for document in order.into_iter().skip(request.offset) {
            let Some(addresses) = members.remove(&document) else { continue };
            let mut paragraphs = Vec::with_capacity(addresses.len());
            for address in addresses {
                paragraphs.push((address, self.stored(&searcher.doc::<TantivyDocument>(address)?)));
            }
            if request.sort == Sort::Relevance {
                // Within a document, reading order reads best.
                paragraphs.sort_by_key(|(_, stored)| stored.position);
            }
            let Some((_, first)) = paragraphs.first() else { continue };
            groups.push(DocumentGroup {
                document: first.document.clone(),
                version: first.version,
                symbol: first.symbol.clone(),
                title: first.title.clone(),
                year: first.year,
                stage: if first.adopted { ADOPTED } else { DRAFT }.to_owned(),
                body: first
                    .facets
                    .iter()
                    .find(|(facet, _)| *facet == FacetName::Body)
                    .map(|(_, value)| value.clone()),
                matches: matches_per_document
                    .get(&document_hash(&first.document))
                    .copied()
                    .unwrap_or(paragraphs.len() as u64),
                shown: paragraphs.len(),
            });
            for (_, stored) in paragraphs {
                let spans = highlight::spans(analyzer, &stored.text, &marks);
                let highlight = highlight::to_html(&stored.text, &spans);
                let spans = spans
                    .iter()
                    .map(|span| {
                        [stored.text[..span.start].chars().count(), stored.text[..span.end].chars().count()]
                    })
                    .collect();
                hits.push(Hit {
                    document: stored.document,
                    version: stored.version,
                    symbol: stored.symbol,
                    paragraph: stored.paragraph,
                    text: stored.text,
                    highlight,
                    spans,
                    part: stored.part,
                    year: stored.year,
                    stage: if stored.adopted { ADOPTED } else { DRAFT }.to_owned(),
                });
            }
        }
        Ok(SearchResults {
            query: request.query.clone(),
            total: total as u64,
            documents: matches_per_document.len() as u64,
            groups,
            hits,
            facets: facet_counts(facets, request),
            offset: request.offset,
            limit,
            sort: request.sort,
        })
    }

    /// The query with the request's facet filters and, unless all versions are asked for, current only.
    fn filtered(&self, query: Box<dyn TantivyQuery>, request: &SearchRequest) -> Box<dyn TantivyQuery> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(Occur::Must, query)];
        if !request.include_restricted {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(self.fields.public, 1),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if !request.all_versions {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(self.fields.current, 1),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for facet in FacetName::ALL {
            let alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = request
                .filters
                .iter()
                .filter(|filter| filter.facet == facet)
                .map(|filter| {
                    let term = Term::from_facet(
                        self.fields.facets,
                        &tantivy::schema::Facet::from_path([facet.name(), filter.value.as_str()]),
                    );
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn TantivyQuery>,
                    )
                })
                .collect();
            if !alternatives.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn tantivy_query(&self, query: &Query) -> Box<dyn TantivyQuery> {
        let field = self.fields.text;
        let term = |word: &str| Term::from_field_text(field, word);
        match query {
            Query::All => Box::new(AllQuery),
            Query::Word(word) => Box::new(TermQuery::new(term(word), IndexRecordOption::WithFreqs)),
            // An exact phrase is read from the pairs: "calls upon all" is "calls upon" then "upon all".
            Query::Phrase { words, slop: 0 } if words.len() >= 2 => {
                let pair_term = |pair: &[String]| Term::from_field_text(self.fields.pairs, &pair_of(pair));
                let pairs: Vec<Term> = words.windows(2).map(pair_term).collect();
                if pairs.len() == 1 {
                    Box::new(TermQuery::new(pairs[0].clone(), IndexRecordOption::WithFreqs))
                } else {
                    Box::new(PhraseQuery::new(pairs))
                }
            }
            Query::Phrase { words, slop } => {
                let mut phrase = PhraseQuery::new(words.iter().map(|word| term(word)).collect());
                phrase.set_slop(*slop);
                Box::new(phrase)
            }
            Query::Prefix { words, prefix } => {
                let mut terms: Vec<Term> = words.iter().map(|word| term(word)).collect();
                terms.push(term(prefix));
                let mut prefix_query = PhrasePrefixQuery::new(terms);
                prefix_query.set_max_expansions(MAX_PREFIX_EXPANSIONS);
                Box::new(prefix_query)
            }
            Query::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = parts
                    .iter()
                    .map(|part| match part {
                        Query::Not(inner) => (Occur::MustNot, self.tantivy_query(inner)),
                        other => (Occur::Must, self.tantivy_query(other)),
                    })
                    .collect();
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Or(parts) if parts.is_empty() => Box::new(EmptyQuery),
            Query::Or(parts) => Box::new(BooleanQuery::new(
                parts.iter().map(|part| (Occur::Should, self.tantivy_query(part))).collect(),
            )),
            Query::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn TantivyQuery>),
                (Occur::MustNot, self.tantivy_query(inner)),
            ])),
        }
    }
}

/// The facet counts shown: each facet's values by count (years and sessions latest first).
fn facet_counts(counts: &FacetValues, request: &SearchRequest) -> Vec<FacetCounts> {
    FacetName::ALL
        .into_iter()
        .map(|facet| {
            let mut values: Vec<FacetCount> = counts
                .get(facet.name())
                .into_iter()
                .flatten()
                .map(|(value, &count)| {
                    let selected =
                        request.filters.iter().any(|filter| filter.facet == facet && &filter.value == value);
                    FacetCount { value: value.clone(), count, selected }
                })
                .collect();
            match facet {
                FacetName::Year | FacetName::Session => values.sort_by(|a, b| {
                    let number = |value: &str| value.parse::<i64>().unwrap_or(i64::MIN);
                    number(&b.value).cmp(&number(&a.value))
                }),
                _ => values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))),
            }
            // Selected values are always listed, so a filter can be taken off.
            let mut shown: Vec<FacetCount> = Vec::new();
            for value in values {
                if shown.len() < MAX_FACET_VALUES || value.selected {
                    shown.push(value);
                }
            }
            FacetCounts { facet, label: facet.label().to_owned(), values: shown }
        })
        .collect()
}

/// The facet under which each paragraph names its document. Kept in the schema (an index built before
/// stays readable); documents are counted from the `document_hash` fast field ([`DocumentCounts`]), which
/// costs a column read per matched paragraph where the facet cost a dictionary lookup per matched document.
const DOCUMENT_FACET: &str = "document";

/// The matched paragraphs' facet values and their counts: facet name → value → paragraphs.
type FacetValues = rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, u64>>;

/// Counts the facet values of the matched paragraphs from the facet column's ordinals, decoding only the
/// ordinals that occur. Tantivy's `FacetCollector` walks the whole facet dictionary of every segment for
/// every search (its "collapse mapping"), which grew with every document's own facet; the profile of the
/// 20-fold synthetic corpus had it at a fifth of a search's time.
struct FacetValueCounts;

struct SegmentFacetValueCounts {
    reader: tantivy::fastfield::FacetReader,
    /// The ordinals of the `document/…` facets, skipped: documents are counted by [`DocumentCounts`].
    documents: std::ops::Range<u64>,
    counts: Vec<u32>,
}

impl tantivy::collector::Collector for FacetValueCounts {
    type Fruit = FacetValues;
    type Child = SegmentFacetValueCounts;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentFacetValueCounts> {
        let reader = reader.facet_reader("facets")?;
        let first_at_or_after = |key: &[u8]| -> tantivy::Result<u64> {
            let mut stream = reader.facet_dict().range().ge(key).into_stream()?;
            Ok(if stream.advance() { stream.term_ord() } else { reader.num_facets() as u64 })
        };
        let documents = first_at_or_after(b"document\x00")?..first_at_or_after(b"document\x01")?;
        let counts = vec![0; reader.num_facets()];
        Ok(SegmentFacetValueCounts { reader, documents, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetValues>) -> tantivy::Result<FacetValues> {
        let mut merged = FacetValues::default();
        for fruit in fruits {
            for (name, values) in fruit {
                let into = merged.entry(name).or_default();
                for (value, count) in values {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl tantivy::collector::SegmentCollector for SegmentFacetValueCounts {
    type Fruit = FacetValues;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        for ord in self.reader.facet_ords(doc) {
            if !self.documents.contains(&ord) {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetValues {
        let mut values = FacetValues::default();
        let mut facet = tantivy::schema::Facet::root();
        for (ord, &count) in self.counts.iter().enumerate() {
            if count == 0 || self.reader.facet_from_ord(ord as u64, &mut facet).is_err() {
                continue;
            }
            let path = facet.to_path();
            if let (Some(name), Some(value)) = (path.first(), path.get(1)) {
                *values.entry((*name).to_owned()).or_default().entry((*value).to_owned()).or_default() +=
                    u64::from(count);
            }
        }
        values
    }
}

/// Paragraphs matched per document, by the document's hash.
type DocumentMatches = rustc_hash::FxHashMap<u64, u64>;

/// Counts the paragraphs matched in each document, from the `document_hash` fast field.
struct DocumentCounts;

struct SegmentDocumentCounts {
    column: tantivy::columnar::Column<u64>,
    counts: DocumentMatches,
}

impl tantivy::collector::Collector for DocumentCounts {
    type Fruit = DocumentMatches;
    type Child = SegmentDocumentCounts;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentDocumentCounts> {
        Ok(SegmentDocumentCounts {
            column: reader.fast_fields().u64("document_hash")?,
            counts: DocumentMatches::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DocumentMatches>) -> tantivy::Result<DocumentMatches> {
        let mut merged = DocumentMatches::default();
        for fruit in fruits {
            for (document, count) in fruit {
                *merged.entry(document).or_default() += count;
            }
        }
        Ok(merged)
    }
}

impl tantivy::collector::SegmentCollector for SegmentDocumentCounts {
    type Fruit = DocumentMatches;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(hash) = self.column.first(doc) {
            *self.counts.entry(hash).or_default() += 1;
        }
    }

    fn harvest(self) -> DocumentMatches {
        self.counts
    }
}

fn pair_of(words: &[String]) -> String {
    crate::text::pair(&words[0], &words[1])
}

/// A document's id as a number, to group ranked paragraphs by document without reading them.
fn document_hash(document: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    document.hash(&mut hasher);
    hasher.finish()
}

fn key(document: &str, version: u64) -> String {
    format!("{document}\u{1f}{version}")
}

/// The day a paragraph sorts by: its text's date, else the first of January of its year, else the start.
fn sort_date(date: Option<Date>, year: Option<i32>) -> i64 {
    date.or_else(|| year.and_then(|year| Date::from_ordinal_date(year, 1).ok()))
        .map_or(0, |date| i64::from(date.to_julian_day()))
}

/// A text with its paragraphs and their positions, gathered from the stored paragraphs.
type TextParagraphs = (ClauseText, Vec<(u64, ClauseParagraph)>);

/// A paragraph as stored in the index.
#[derive(Debug, Clone)]
struct Stored {
    document: String,
    version: u64,
    current: bool,
    adopted: bool,
    public: bool,
    symbol: String,
    title: String,
    paragraph: String,
    position: u64,
    text: String,
    part: String,
    date: Option<Date>,
    year: Option<i32>,
    /// Every facet value but the stage and the document.
    facets: Vec<(FacetName, String)>,
}
