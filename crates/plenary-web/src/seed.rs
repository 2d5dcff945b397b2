//! What a new Plenary holds on its first start: the demo accounts (one per role, one delegation per member
//! state, each with a generated password), the shipped resolutions and (unless `Config::ship_corpus` is off)
//! the shipped corpus of about 3,000 texts (`corpus.rs`), the 2017 plenary meeting on A/RES/72/163 as it
//! happened, a Third Committee meeting ready to act on the 2025 torture draft, and the treaty register: the
//! 18 core human rights instruments with every participant's actions and declarations (`treaty_data.rs`).
//! A log recorded before the treaty register existed is given it on its next start.

use plenary_core::procedure::{Event, StateRef, parse_log};
use plenary_store::{DocumentStatus, EventLog, Fact, Role};

use crate::app::App;
use crate::auth::{generate_password, hash_password};
use crate::error::ApiError;

/// The shipped texts: the torture series (2017, 2019, the 2025 draft and resolution) and the International
/// Criminal Court series (2023, 2024, the 2025 draft and resolution), and two Security Council resolutions.
const SHIPPED: &[(&str, &[u8])] = &[
    ("A_RES_72_163.txt", include_bytes!("../../../data/resolutions/A_RES_72_163.txt")),
    ("A_RES_74_143.txt", include_bytes!("../../../data/resolutions/A_RES_74_143.txt")),
    ("A_C.3_80_L.49.txt", include_bytes!("../../../data/resolutions/A_C.3_80_L.49.txt")),
    ("A_RES_80_198.txt", include_bytes!("../../../data/resolutions/A_RES_80_198.txt")),
    ("A_RES_78_6.txt", include_bytes!("../../../data/resolutions/A_RES_78_6.txt")),
    ("A_RES_79_6.txt", include_bytes!("../../../data/resolutions/A_RES_79_6.txt")),
    ("A_80_L.9.txt", include_bytes!("../../../data/resolutions/A_80_L.9.txt")),
    ("A_RES_80_6.txt", include_bytes!("../../../data/resolutions/A_RES_80_6.txt")),
    ("S_RES_0790_1992.txt", include_bytes!("../../../data/resolutions/S_RES_0790_1992.txt")),
    ("S_RES_0830_1993.txt", include_bytes!("../../../data/resolutions/S_RES_0830_1993.txt")),
];

/// The 2017 plenary meeting, from the procedure engine's example log.
const THE_2017_PLENARY: &str = include_str!("../../../data/meetings/2017-plenary-torture.jsonl");

/// The id of the 2017 plenary meeting.
pub const PLENARY_2017: &str = "ga-72-73";
/// The id of the demo meeting.
pub const DEMO_MEETING: &str = "c3-80-torture";

/// Who the facts of the first start are recorded as caused by: the service itself, named where an act of a
/// person names its account (`secretariat`, `dnk`). No account has this id.
pub const SEED_ACTOR: &str = "seed";

/// A generated account's credentials: written to a file in the data directory, never to the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub role: Role,
    pub state: Option<String>,
    pub password: String,
}

/// Seeds an empty log; does nothing (and returns `None`) if anything is recorded already.
pub async fn seed_if_empty<L: EventLog>(app: &App<L>) -> Result<Option<Vec<Credentials>>, ApiError> {
    let state = app.journal.state().await;
    if state.head > 0 {
        if state.treaties.is_empty() {
            drop(state);
            add_treaties(app).await?;
        }
        return Ok(None);
    }
    drop(state);
    let (credentials, accounts) = accounts(app).await?;
    let mut facts = accounts;
    facts.extend(documents(app.config.ship_corpus).await?);
    facts.extend(meetings()?);
    facts.extend(treaties().await?);
    app.journal.record(SEED_ACTOR, facts, app.now()).await?;
    Ok(Some(credentials))
}

/// Gives a log recorded before the treaty register existed the shipped treaty data. Another server of the
/// deployment may do it first: its append wins, and this one's, refused (the treaties exist), is dropped.
async fn add_treaties<L: EventLog>(app: &App<L>) -> Result<(), ApiError> {
    let facts = treaties().await?;
    match app.journal.record(SEED_ACTOR, facts, app.now()).await {
        Ok(_) => Ok(()),
        Err(error) if !app.journal.state().await.treaties.is_empty() => {
            tracing::info!(%error, "another server recorded the treaty register first");
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

/// The shipped treaty data as facts, read off the async workers.
async fn treaties() -> Result<Vec<Fact>, ApiError> {
    tokio::task::spawn_blocking(|| {
        let shipped = crate::treaty_data::shipped().map_err(ApiError::internal)?;
        if let Some(problem) = shipped.problems.first() {
            return Err(ApiError::internal(format!("the shipped treaty data: {problem}")));
        }
        // The treaties, then every action, then every declaration: each refers only to what comes before.
        let treaties = shipped.treaties.into_iter().map(|treaty| Fact::TreatyAdded { treaty });
        let actions = shipped.actions.into_iter().map(|action| Fact::TreatyActionRecorded { action });
        let declarations = shipped
            .declarations
            .into_iter()
            .map(|declaration| Fact::TreatyDeclarationRecorded { declaration });
        Ok(treaties.chain(actions).chain(declarations).collect())
    })
    .await
    .map_err(|error| ApiError::internal(format!("reading the shipped treaty data stopped: {error}")))?
}

async fn accounts<L: EventLog>(app: &App<L>) -> Result<(Vec<Credentials>, Vec<Fact>), ApiError> {
    let mut people: Vec<(String, Role, Option<StateRef>, String)> = vec![
        ("secretariat".into(), Role::Secretariat, None, "Secretariat".into()),
        ("chair".into(), Role::Chair, None, "Chair".into()),
        ("observer".into(), Role::Observer, None, "Observer".into()),
    ];
    for state in plenary_core::states::members() {
        let reference: StateRef = state.iso3.parse().map_err(ApiError::internal)?;
        people.push((
            state.iso3.to_lowercase(),
            Role::Delegation,
            Some(reference),
            format!("Delegation of {}", state.name),
        ));
    }
    let passwords: Vec<String> = people.iter().map(|_| generate_password()).collect();
    // Argon2 is slow on purpose; hash on every core, off the async threads.
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let chunk = passwords.len().div_ceil(workers);
    let mut tasks = Vec::new();
    for part in passwords.chunks(chunk.max(1)) {
        let part = part.to_vec();
        let cost = app.config.password_cost.clone();
        tasks.push(tokio::task::spawn_blocking(move || {
            part.iter().map(|password| hash_password(password, &cost)).collect::<Result<Vec<_>, _>>()
        }));
    }
    let mut hashes = Vec::new();
    for task in tasks {
        hashes.extend(task.await.map_err(|error| ApiError::internal(error.to_string()))??);
    }
    let mut credentials = Vec::new();
    let mut facts = Vec::new();
    for ((username, role, state, name), (password, password_hash)) in
        people.into_iter().zip(passwords.into_iter().zip(hashes))
    {
        credentials.push(Credentials {
            username: username.clone(),
            role,
            state: state.as_ref().map(|state| state.code().to_owned()),
            password,
        });
        facts.push(Fact::AccountCreated { account: username, role, state, name, password_hash });
    }
    Ok((credentials, facts))
}

/// The shipped texts, and with `corpus` every text of the shipped corpus whose id they do not hold already
/// (a document id is never recorded twice): read on every core, off the async workers.
async fn documents(corpus: bool) -> Result<Vec<Fact>, ApiError> {
    tokio::task::spawn_blocking(move || {
        let mut texts: Vec<(String, Vec<u8>)> =
            SHIPPED.iter().map(|(file, bytes)| ((*file).to_owned(), bytes.to_vec())).collect();
        let started = std::time::Instant::now();
        let mut catalogue = std::collections::BTreeMap::new();
        if corpus {
            let archive = crate::corpus::shipped().map_err(|error| ApiError::internal(error.to_string()))?;
            tracing::info!(texts = archive.len(), elapsed = ?started.elapsed(), "the shipped corpus unpacked");
            catalogue = crate::corpus::decision_catalogue(&archive);
            texts.extend(
                archive
                    .into_iter()
                    .filter(|text| text.name != crate::corpus::CATALOGUE)
                    .map(|text| (text.name, text.bytes)),
            );
        }
        let read = crate::heavy::on_every_core(&texts, |(file, bytes)| {
            let (mut text, errors) = crate::acts::read_finished_text_with_errors(file, bytes, catalogue.get(file))
                .map_err(|error| format!("{file}: {error}"))?;
            // The corpus's decisions are adopted, and kept with what the importer said of them; any other
            // shipped text the importer reads with errors is a fault of the build, not a text to serve.
            if file.starts_with(crate::corpus::DECISIONS) {
                text.status = DocumentStatus::Adopted;
            } else if !errors.is_empty() {
                return Err(format!("{file}: {}", errors.join("; ")));
            }
            Ok(text)
        });
        // The first file to take an id keeps it: a shipped text before the corpus's copy of it. Two corpus
        // texts under one id are a misprint in a source (S/RES/542 (1983) prints "538 (1983)"), named here.
        let mut recorded: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
        let mut facts = Vec::new();
        for ((file, _), text) in texts.iter().zip(read) {
            let text = text.map_err(ApiError::internal)?;
            if let Some(first) = recorded.get(&text.id) {
                if !SHIPPED.iter().any(|(shipped, _)| shipped == first) {
                    tracing::warn!(id = %text.id, kept = %first, passed_over = %file, "two corpus texts carry one id");
                }
                continue;
            }
            recorded.insert(text.id.clone(), file);
            facts.push(Fact::DocumentAdded { document: text.id, status: text.status, version: text.version });
        }
        tracing::info!(documents = facts.len(), elapsed = ?started.elapsed(), "the shipped texts read");
        Ok(facts)
    })
    .await
    .map_err(|error| ApiError::internal(format!("reading the shipped texts stopped: {error}")))?
}

fn meetings() -> Result<Vec<Fact>, ApiError> {
    let mut facts: Vec<Fact> = parse_log(THE_2017_PLENARY)
        .map_err(|error| ApiError::internal(format!("the 2017 plenary log: {error}")))?
        .into_iter()
        .map(|logged| Fact::Meeting { meeting: PLENARY_2017.to_owned(), event: logged.event })
        .collect();

    let draft = plenary_import::import(include_bytes!("../../../data/resolutions/A_C.3_80_L.49.txt"))
        .map_err(|error| ApiError::internal(format!("A/C.3/80/L.49: {error}")))?
        .document;
    let sponsors: Vec<StateRef> = draft.sponsors.iter().filter_map(|name| name.parse().ok()).collect();
    let count = |length: usize| u16::try_from(length).unwrap_or(u16::MAX);
    let demo = [
        Event::MeetingOpened {
            forum: plenary_core::procedure::Forum::MainCommittee(3),
            meeting: "demo meeting".into(),
            date: time::macros::date!(2025 - 11 - 18),
            members: None,
            article19: Vec::new(),
            article19_exempt: Vec::new(),
            presiding: None,
            settings: Default::default(),
            note: Some("A demonstration meeting on the real 2025 draft; nothing here happened.".into()),
        },
        Event::ItemOpened {
            agenda_item: None,
            title: "Promotion and protection of human rights: implementation of human rights instruments"
                .into(),
            important_question: false,
        },
        Event::DraftTabled {
            symbol: "A/C.3/80/L.49".into(),
            title: draft.title.clone(),
            preambular_paragraphs: count(draft.preamble.len()),
            operative_paragraphs: count(draft.operative.len()),
            sponsors,
        },
    ];
    facts.extend(demo.into_iter().map(|event| Fact::Meeting { meeting: DEMO_MEETING.to_owned(), event }));
    Ok(facts)
}
