//! The treaties an operative paragraph calls upon States to become parties to ("Calls upon all States that
//! have not yet done so to become parties to the Convention against Torture … and the Optional Protocol
//! thereto"), recognised by the treaties' titles and the short names resolutions use.
//!
//! A paragraph is read in three passes over its words, each linear in its length:
//!
//! 1. **Mentions** of the 18 instruments: their full titles ("Convention against Torture and Other Cruel,
//!    Inhuman or Degrading Treatment or Punishment"), the short names resolutions use ("Convention against
//!    Torture", "Migrant Workers Convention", "Second Optional Protocol … aiming at the abolition of the
//!    death penalty"), the collective names ("the International Covenants on Human Rights", "the Optional
//!    Protocols to the Convention on the Rights of the Child") and the back-references to an instrument the
//!    paragraph has already named ("the Convention", "the Covenant", "the Optional Protocol thereto", "the
//!    Optional Protocols thereto", "its Optional Protocol", "the Optional Protocol to the Convention",
//!    "those conventions"). After a list of conventions ("the Convention on the Rights of the Child, the
//!    Convention on the Rights of Persons with Disabilities and the Optional Protocols thereto") the plural
//!    means the protocols to every one of them; the singular "Optional Protocol" of the children's convention,
//!    which has three, means none of them. A title that contains another (OPCAT's contains CAT's) is one
//!    mention of the longer. Any other named
//!    instrument ("the Rome Statute", "the Protocol to Prevent, Suppress and Punish Trafficking …") ends what
//!    a back-reference can point to, so "the Convention" after another convention is nothing here.
//! 2. **Calls to join**: "become parties to", "ratify" / "ratifying" / "ratification of", "accede to" /
//!    "acceding to" / "accession to", "sign and ratify" / "signing and ratifying" / "consider signing",
//!    "adhere to" / "adherence to", "universal ratification of", "(States that) have not yet ratified or
//!    acceded to … to consider doing so" — whatever verbs stand between ("consider signing, ratifying or
//!    acceding to", "ratify, accept, approve or accede to", "signing and ratifying, and States parties to
//!    implement,"). A pronoun right after the call ("acceding to it") or right before a noun call
//!    ("calling for their universal ratification", "encouraging its ratification") means the instruments
//!    of the last mention before it.
//! 3. **Government**: a call governs the mentions that follow it up to the end of its clause (a semicolon,
//!    a colon, a full stop, "and to" + verb, "as well as to", ", and calls upon / urges / requests …",
//!    "which", "in accordance with", "with a view to" …). A call counts when the nearest paragraph verb
//!    before it calls (calls upon / for, urges, encourages, invites, appeals to, requests, recommends,
//!    reiterates its call; or none, as in a sub-paragraph "To ratify …") and not when it welcomes, notes,
//!    recognises, recalls, reaffirms, acknowledges, commends or decides ("Welcomes the accession of …") —
//!    except "the importance of / need for universal ratification / adherence". A noun call after
//!    "status of", "number of", "upon", "after" … ("the status of ratification of the Convention",
//!    "declarations made upon ratification") is not one.
//!
//! So "Recalling the Convention", "calls upon States parties to fully implement the Convention" and
//! "requests the Secretary-General to report on the status of the Convention" give nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::TreatyId;

/// The treaties `text` (a paragraph's words) calls upon States to become parties to, in the order the text
/// names them, each once.
pub fn treaties_called_for(text: &str) -> Vec<TreatyId> {
    // The stems first, before any copy or pattern.
    if !may_call(text) {
        return Vec::new();
    }
    let text = normalised(text);
    // "Sign language" is no signature.
    let calls: Vec<_> = CALL
        .find_iter(&text)
        .filter(|call| {
            !(call.as_str().ends_with("sign") && text[call.end()..].trim_start().starts_with("language"))
        })
        .collect();
    if calls.is_empty() {
        return Vec::new();
    }
    let mentions = mentions(&text);
    if mentions.iter().all(|mention| mention.ids.is_empty()) {
        return Vec::new();
    }
    let stops = stops(&text);
    let heads = heads(&text);
    let mut called: Vec<&'static str> = Vec::new();
    for call in calls {
        if !governs(&text, call.start(), &heads) {
            continue;
        }
        let end = stops.iter().copied().find(|&stop| stop >= call.end()).unwrap_or(text.len());
        // "Acceding to it", "calling for their universal ratification": the instruments named last.
        if PRONOUN_AFTER.is_match(&text[call.end()..]) || PRONOUN_BEFORE.is_match(before(&text, call.start()))
        {
            if let Some(last) = mentions.iter().rev().find(|mention| mention.end <= call.start()) {
                for mention in mentions.iter().filter(|mention| mention.list == last.list) {
                    push_new(&mut called, mention.ids.iter().copied());
                }
            }
        }
        for mention in mentions.iter().filter(|mention| mention.start >= call.end() && mention.start < end) {
            push_new(&mut called, mention.ids.iter().copied());
        }
    }
    ids(called)
}

static PRONOUN_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s+(?:it|them)(?-u:\b)").expect("the pronoun pattern is valid"));
static PRONOUN_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:their|its)\s+$").expect("the pronoun pattern is valid"));

/// Every treaty `text` names, by title, short name or back-reference, in order, each once — whether or not
/// it calls for it.
pub fn treaties_named(text: &str) -> Vec<TreatyId> {
    let text = normalised(text);
    let mut named: Vec<&'static str> = Vec::new();
    for mention in mentions(&text) {
        for id in mention.ids {
            if !named.contains(&id) {
                named.push(id);
            }
        }
    }
    ids(named)
}

fn ids(ids: Vec<&'static str>) -> Vec<TreatyId> {
    ids.into_iter().filter_map(|id| TreatyId::parse(id).ok()).collect()
}

/// The cheap test before the regular expressions: a call needs one of these stems.
fn may_call(text: &str) -> bool {
    const STEMS: [&[u8]; 5] = [b"part", b"ratif", b"acce", b"sign", b"adher"];
    let bytes = text.as_bytes();
    STEMS.iter().any(|stem| bytes.windows(stem.len()).any(|window| window.eq_ignore_ascii_case(stem)))
}

/// Typographic variants made plain: curly quotes, non-breaking and thin spaces, soft hyphens, line breaks
/// and runs of spaces.
fn normalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars() {
        let ch = match ch {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' => '-',
            '\u{00AD}' | '\u{200B}' => continue,
            ch if ch.is_whitespace() => ' ',
            ch => ch,
        };
        if ch == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(ch);
    }
    out
}

/// What a matched phrase is.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// One or more of the 18 by name, and the instruments a following "thereto" points to.
    Named { ids: &'static [&'static str], roots: &'static [&'static str] },
    /// Not a treaty, but what "the Convention" points to after it ("the Convention against Torture
    /// Initiative").
    ContextOnly { roots: &'static [&'static str] },
    /// "The Optional Protocol(s) thereto", "its Optional Protocol", "the Optional Protocol to the Convention".
    Protocols { plural: bool },
    /// "Those conventions", "these instruments": every one named before.
    Those,
    /// "The Convention".
    Convention,
    /// "The Covenant".
    Covenant,
    /// Another named instrument (a capitalised Convention, Protocol, Agreement, Statute or Treaty).
    Other,
}

/// A title as a pattern: words apart by any space, commas optional, an optional leading "the". The words are
/// lower case (the whole pattern ignores case) and may hold non-capturing groups.
fn title(words: &str) -> String {
    format!(r"(?:the\s+)?{}", words.replace(", ", ",? ").replace(' ', r"\s+"))
}

const ICCPR: &str = "(?:international )?covenant on civil and political rights";
const ICESCR: &str = "(?:international )?covenant on economic, social and cultural rights";
const CAT: &str =
    "convention against torture(?: and other cruel, inhuman or degrading treatment or punishment)?";
const CRC: &str = "convention on the rights of the child";
const CEDAW: &str = "convention on the elimination of all forms of discrimination against women";
const CRPD: &str = "convention on the rights of persons with disabilities";

/// The phrases, longest first where one begins another (the regex takes the first alternative that matches
/// at the leftmost position).
static PHRASES: LazyLock<Vec<(String, Kind)>> = LazyLock::new(|| {
    use Kind::*;
    let named = |ids, roots| Named { ids, roots };
    let t = title;
    let ccpr: &[&str] = &["iccpr"];
    let crc: &[&str] = &["crc"];
    vec![
        // The Second Optional Protocol before the first (whose title it contains), and before the Covenant.
        (t(&format!("second optional protocol to the {ICCPR}(?:, aiming at the abolition of the death penalty)?")), named(&["iccpr_op2"], ccpr)),
        (t("second optional protocol(?:, aiming at the abolition of the death penalty)?"), named(&["iccpr_op2"], ccpr)),
        (t(&format!("optional protocols to the {ICCPR}")), named(&["iccpr_op1", "iccpr_op2"], ccpr)),
        (t(&format!("(?:first )?optional protocol to the {ICCPR}")), named(&["iccpr_op1"], ccpr)),
        (t(&format!("optional protocol to the {ICESCR}")), named(&["icescr_op"], &["icescr"])),
        (t("(?:optional protocol to the convention on the elimination of all forms of discrimination against women|optional protocol to the convention on discrimination against women)"), named(&["cedaw_op"], &["cedaw"])),
        (t(&format!("optional protocol to the {CAT}")), named(&["cat_op"], &["cat"])),
        (t(&format!("optional protocol (?:to the {CRC} )?on the involvement of children in armed conflict")), named(&["crc_op_ac"], crc)),
        (t(&format!("optional protocol (?:to the {CRC} )?on the sale of children, child prostitution and child pornography")), named(&["crc_op_sc"], crc)),
        (t(&format!("optional protocol (?:to the {CRC} )?on a communications procedure")), named(&["crc_op_ic"], crc)),
        (t(&format!("optional protocols to the {CRC}")), named(&["crc_op_ac", "crc_op_sc", "crc_op_ic"], crc)),
        // "The Optional Protocol to the Convention on the Rights of the Child" without saying which.
        (t(&format!("optional protocol to the {CRC}")), named(&[], crc)),
        (t(&format!("optional protocol to the {CRPD}")), named(&["crpd_op"], &["crpd"])),
        (t("(?:international )?convention on the elimination of all forms of racial discrimination"), named(&["cerd"], &["cerd"])),
        (t("convention on racial discrimination"), named(&["cerd"], &["cerd"])),
        (t("international covenants(?: on human rights)?"), named(&["icescr", "iccpr"], &["icescr", "iccpr"])),
        (r"(?:both|the\s+two)\s+(?:international\s+)?covenants".to_owned(), named(&["icescr", "iccpr"], &["icescr", "iccpr"])),
        (t(ICESCR), named(&["icescr"], &["icescr"])),
        (t(ICCPR), named(&["iccpr"], ccpr)),
        (t(CEDAW), named(&["cedaw"], &["cedaw"])),
        (t("convention on discrimination against women"), named(&["cedaw"], &["cedaw"])),
        (t(&format!("{CAT} initiative")), ContextOnly { roots: &["cat"] }),
        (t(CAT), named(&["cat"], &["cat"])),
        (t(CRC), named(&["crc"], crc)),
        (t("(?:international )?convention on the protection of the rights of all migrant workers and members of their families"), named(&["cmw"], &["cmw"])),
        (t("migrant workers convention"), named(&["cmw"], &["cmw"])),
        (t(CRPD), named(&["crpd"], &["crpd"])),
        (t("(?:international )?convention for the protection of all persons from enforced disappearance"), named(&["ced"], &["ced"])),
        (t("convention on enforced disappearances?"), named(&["ced"], &["ced"])),
        // Back-references, capitalised as resolutions write them.
        (r"(?:the|its)\s+(?:two\s+|three\s+)?optional\s+protocols\s+thereto".to_owned(), Protocols { plural: true }),
        (r"(?-i:(?:the|its)\s+(?:two\s+|three\s+)?Optional\s+Protocols(?:\s+to\s+the\s+(?:Convention|Covenant))?)".to_owned(), Protocols { plural: true }),
        (r"(?-i:(?:the|its)\s+(?:first\s+)?Optional\s+Protocol(?:\s+thereto|\s+to\s+the\s+(?:Convention|Covenant))?)".to_owned(), Protocols { plural: false }),
        (r"(?:those|these)\s+(?:two\s+)?(?:conventions|covenants|instruments|treaties)".to_owned(), Those),
        (r"(?-i:(?:the|that)\s+Convention(?:\s+(?:on|against|for|relating|concerning|of|between)\s+\S+)?)".to_owned(), Convention),
        (r"(?-i:(?:the|that)\s+Covenant(?:\s+(?:on|of)\s+\S+)?)".to_owned(), Covenant),
        (r"(?-i:(?-u:\b)(?:Conventions?|Covenants?|Protocols?|Agreements?|Statute|Treaty|Treaties))".to_owned(), Other),
    ]
});

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives =
        PHRASES.iter().map(|(pattern, _)| format!("({pattern})")).collect::<Vec<_>>().join("|");
    Regex::new(&format!(r"(?i)(?-u:\b)(?:{alternatives})")).expect("the treaty phrases are valid patterns")
});

/// The words that call upon States to join.
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?:
            becom(?:e|es|ing)\s+(?:a\s+)?part(?:y|ies)\s+to(?-u:\b)
          | ratif(?:y|ies|ying)(?-u:\b)
          | (?:universal\s+)?ratifications?(?-u:\b)
          | acced(?:e|es|ing)\s+to(?-u:\b)
          | accession\s+to(?-u:\b)
          | to\s+sign(?-u:\b)
          | sign(?:ing)?\s*,
          | sign(?:ing)?\s+(?:and|or)(?-u:\b)
          | consider(?:ing)?\s+signing(?-u:\b)
          | not\s+(?:yet\s+)?(?:signed|ratified|acceded\s+to|become\s+(?:a\s+)?part(?:y|ies)\s+to)(?-u:\b)
          | adhere\s+to(?-u:\b)
          | (?:universal\s+)?adherence\s+to(?-u:\b)
        )",
    )
    .expect("the call pattern is valid")
});

/// Where a call's clause ends (before the end of the text).
fn stops(text: &str) -> Vec<usize> {
    static STOP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
              [;:]
            | \.\s+(?-i:[A-Z])
            | (?-u:\b)(?:and|or)\s+to\s+(\w+)
            | (?-u:\b)as\s+well\s+as\s+to(?-u:\b)
            | ,\s*(?:and\s+)?(?:calls?|urges?|encourages?|requests?|invites?|welcomes?|notes?|recogni[sz]es|
                stresses|emphasi[sz]es|underlines|underscores|reiterates|reaffirms|recalls|decides|expresses|
                commends|acknowledges|also|further|in\s+this\s+regard|while|taking|bearing|noting)(?-u:\b)
            | (?-u:\b)(?:which|whereby|in\s+accordance\s+with|in\s+line\s+with|consistent\s+with|with\s+a\s+view\s+to|
                in\s+order\s+to|pursuant\s+to|taking\s+into\s+account|bearing\s+in\s+mind|so\s+as\s+to|thus|
                thereby|under\s+articles?|by\s+which)(?-u:\b)",
        )
        .expect("the stop pattern is valid")
    });
    STOP.captures_iter(text)
        .filter(|caps| match caps.get(1) {
            // "and to the Protocol …" continues the list; "and to implement" ends the call.
            Some(word) => !matches!(
                word.as_str().to_ascii_lowercase().as_str(),
                "the" | "its" | "both" | "all" | "that"
            ),
            None => true,
        })
        .filter_map(|caps| caps.get(0).map(|whole| whole.start()))
        .collect()
}

/// The paragraph's verbs: where each stands and whether it calls.
fn heads(text: &str) -> Vec<(usize, bool)> {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
              (?-u:\b)(?P<call>
                (?:calls?|calling)\s+(?:upon|on|for)
              | urges?|urging|encourages?|encouraging|invites?|inviting|exhorts?|exhorting
              | recommends?|recommending|requests?|requesting
              | (?:appeals?|appealing)\s+to
              | (?:reiterates?|reiterating|renews?|renewing)\s+its\s+(?:call|appeal|invitation)
              )(?-u:\b)
            | (?-u:\b)(?:welcomes?|welcoming|notes?|noting|recogni[sz]es|recogni[sz]ing|recalls?|recalling
              | reaffirms?|reaffirming|acknowledges?|acknowledging|commends?|commending
              | takes?\s+note|taking\s+note|expresses|expressing|decides?|deciding)(?-u:\b)",
        )
        .expect("the head pattern is valid")
    });
    HEAD.captures_iter(text)
        .filter_map(|caps| caps.get(0).map(|whole| (whole.start(), caps.name("call").is_some())))
        .collect()
}

/// The few words before `start` (64 bytes at most), so that a pattern anchored at their end stays cheap.
fn before(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(64);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    &text[from..start]
}

/// Whether the call at `start` is one: its verb calls, and a noun is not a status.
fn governs(text: &str, start: usize, heads: &[(usize, bool)]) -> bool {
    static IMPORTANCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:importance|need)\s+(?:of|for)\s+(?:the\s+)?(?:universal\s+)?$")
            .expect("the importance pattern is valid")
    });
    static STATUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?-u:\b)(?:status|number|level|date|instruments?|upon|after|following|since)\s+(?:of\s+)?(?:the\s+)?$",
        )
        .expect("the status pattern is valid")
    });
    let before = before(text, start);
    if STATUS.is_match(before) {
        return false;
    }
    match heads.iter().rev().find(|&&(at, _)| at < start) {
        None | Some((_, true)) => true,
        Some((_, false)) => IMPORTANCE.is_match(before),
    }
}

/// One mention of one or more of the 18.
#[derive(Debug)]
struct Mention {
    start: usize,
    end: usize,
    ids: Vec<&'static str>,
    /// The list the mention belongs to ("the Convention on the Rights of the Child, the Convention on the
    /// Rights of Persons with Disabilities and the Optional Protocols thereto" is one): its first mention.
    list: usize,
}

/// The treaties' protocols: every one, and the one "the Optional Protocol" means.
fn protocols(root: &str, plural: bool) -> &'static [&'static str] {
    match (root, plural) {
        ("cat", _) => &["cat_op"],
        ("cedaw", _) => &["cedaw_op"],
        ("crpd", _) => &["crpd_op"],
        ("icescr", _) => &["icescr_op"],
        ("iccpr", true) => &["iccpr_op1", "iccpr_op2"],
        ("iccpr", false) => &["iccpr_op1"],
        ("crc", true) => &["crc_op_ac", "crc_op_sc", "crc_op_ic"],
        _ => &[],
    }
}

fn push_new(ids: &mut Vec<&'static str>, more: impl IntoIterator<Item = &'static str>) {
    for id in more {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

/// Every mention in `text`, back-references resolved against the instruments named last: one, or a list of
/// them ("the Convention on the Rights of the Child, the Convention on the Rights of Persons with
/// Disabilities and the Optional Protocols thereto" means the protocols to both).
fn mentions(text: &str) -> Vec<Mention> {
    static ANOTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+(?:on|against|for|relating|concerning|of|between)(?-u:\b)")
            .expect("the pattern is valid")
    });
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[\s,\d]*(?:(?:and|or|as\s+well\s+as)[\s,\d]*)?$")
            .expect("the list pattern is valid")
    });
    let mut found: Vec<Mention> = Vec::new();
    // The roots a back-reference points to, and where the last named one ended.
    let mut context: Vec<&'static str> = Vec::new();
    let mut last_end: Option<usize> = None;
    let mut named_so_far: Vec<&'static str> = Vec::new();
    for caps in MENTION.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        // "Punishment1" is a footnote mark; "Conventions" or "Protocolo" is another word.
        if text[whole.end()..].chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let Some(kind) =
            (1..caps.len()).find(|&group| caps.get(group).is_some()).map(|group| PHRASES[group - 1].1)
        else {
            continue;
        };
        // "The Optional Protocol to the Convention on the Safety of United Nations and Associated Personnel":
        // another instrument's protocol.
        let kind = match kind {
            Kind::Protocols { .. }
                if (whole.as_str().ends_with("Convention") || whole.as_str().ends_with("Covenant"))
                    && ANOTHER.is_match(&text[whole.end()..]) =>
            {
                Kind::Other
            }
            kind => kind,
        };
        let in_list =
            last_end.is_some_and(|end| end <= whole.start() && LIST.is_match(&text[end..whole.start()]));
        let ids: Vec<&'static str> = match kind {
            Kind::Named { ids, roots } => {
                if !in_list {
                    context.clear();
                }
                push_new(&mut context, roots.iter().copied());
                last_end = Some(whole.end());
                ids.to_vec()
            }
            Kind::ContextOnly { roots } => {
                context = roots.to_vec();
                last_end = None;
                Vec::new()
            }
            Kind::Protocols { plural } => {
                let mut ids = Vec::new();
                if plural {
                    push_new(&mut ids, context.iter().flat_map(|root| protocols(root, true).iter().copied()));
                } else if let Some(root) = context.last() {
                    push_new(&mut ids, protocols(root, false).iter().copied());
                }
                if in_list {
                    last_end = Some(whole.end());
                }
                ids
            }
            Kind::Those => {
                let ids = named_so_far.clone();
                context.clear();
                push_new(&mut context, ids.iter().copied().filter(|id| !id.contains("_op")));
                last_end = Some(whole.end());
                ids
            }
            Kind::Convention | Kind::Covenant => {
                let covenant_word = matches!(kind, Kind::Covenant);
                if whole.as_str().split_whitespace().nth(2).is_some() {
                    // "The Convention on Cluster Munitions": another instrument.
                    context.clear();
                    last_end = None;
                    Vec::new()
                } else {
                    let covenant = |id: &&'static str| matches!(*id, "icescr" | "iccpr");
                    let meant: Vec<&'static str> =
                        context.iter().copied().filter(|id| covenant(id) == covenant_word).collect();
                    if meant.len() == 1 {
                        context = meant.clone();
                        last_end = Some(whole.end());
                        meant
                    } else {
                        Vec::new()
                    }
                }
            }
            Kind::Other => {
                context.clear();
                last_end = None;
                Vec::new()
            }
        };
        push_new(&mut named_so_far, ids.iter().copied());
        let list = match found.last() {
            Some(previous) if in_list => previous.list,
            _ => found.len(),
        };
        found.push(Mention { start: whole.start(), end: whole.end(), ids, list });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn called(text: &str) -> Vec<String> {
        treaties_called_for(text).into_iter().map(String::from).collect()
    }

    #[test]
    fn the_patterns_compile() {
        assert!(MENTION.captures_len() > PHRASES.len());
        assert!(CALL.is_match("to become parties to"));
        assert!(!stops("a; b").is_empty());
        assert!(!heads("Calls upon").is_empty());
    }

    #[test]
    fn the_longer_title_wins() {
        assert_eq!(
            called(
                "Calls upon States to ratify the Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment;"
            ),
            ["cat_op"]
        );
    }

    #[test]
    fn typographic_variants() {
        assert_eq!(
            called(
                "Urges all States to become\u{a0}parties to the Convention\nagainst Torture and Other Cruel, Inhuman or Degrading\r\nTreatment or Punishment2 and the Optional Protocol thereto;"
            ),
            ["cat", "cat_op"]
        );
    }

    #[test]
    fn the_covenants_and_their_protocols() {
        assert_eq!(
            called("Calls upon States to become parties to the International Covenants on Human Rights;"),
            ["icescr", "iccpr"]
        );
        assert_eq!(
            called(
                "to ratify the International Covenant on Civil and Political Rights and the Optional Protocols thereto;"
            ),
            ["iccpr", "iccpr_op1", "iccpr_op2"]
        );
    }

    #[test]
    fn the_phrasings_of_a_call() {
        let cases: [(&str, &[&str]); 12] = [
            (
                "Urges States to become parties to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment and the Optional Protocol thereto;",
                &["cat", "cat_op"],
            ),
            (
                "Calls upon States to ratify the Convention against Torture and to consider ratifying or acceding to the Optional Protocol to the Convention;",
                &["cat", "cat_op"],
            ),
            (
                "Calls upon States to ratify or accede to the Convention on the Rights of the Child and the Optional Protocols thereto;",
                &["crc", "crc_op_ac", "crc_op_sc", "crc_op_ic"],
            ),
            (
                "Calls for the universal ratification of the International Covenants on Human Rights;",
                &["icescr", "iccpr"],
            ),
            (
                "Invites States to consider signing and ratifying the Second Optional Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of the death penalty;",
                &["iccpr_op2"],
            ),
            (
                "Urges States to sign and ratify the International Convention for the Protection of All Persons from Enforced Disappearance and the Migrant Workers Convention;",
                &["ced", "cmw"],
            ),
            (
                "(b) To become parties to the Optional Protocol to the Convention on the Elimination of All Forms of Discrimination against Women;",
                &["cedaw_op"],
            ),
            (
                "Encourages States that have not yet done so to ratify the Convention on the Rights of Persons with Disabilities and its Optional Protocol;",
                &["crpd", "crpd_op"],
            ),
            (
                "Encourages States to consider ratifying the Domestic Workers Convention, 2011 (No. 189), and the Convention on the Rights of the Child. Recalls the Convention against Torture;",
                &["crc"],
            ),
            (
                "Recalling the Convention on the Rights of the Child and the Convention on the Rights of Persons with Disabilities, calls upon States that have not yet done so to ratify them;",
                &["crc", "crpd"],
            ),
            ("Calls upon States to become parties to both Covenants;", &["icescr", "iccpr"]),
            (
                "Urges States to ratify the Convention on Cluster Munitions and to implement the Convention against Torture;",
                &[],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(called(text), expected, "{text}");
        }
    }

    #[test]
    fn mentions_without_a_call() {
        for text in [
            "Recalling the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment,",
            "Welcomes the work of the Committee against Torture;",
            "Recalling the Convention on the Rights of the Child, calls upon States parties to fully implement the Convention;",
            "Requests the Secretary-General to report on the status of the Convention on the Rights of the Child;",
            "Requests the Secretary-General to report on the status of ratification of the Convention on the Rights of the Child;",
            "Welcomes the accession of three States to the Convention on the Rights of Persons with Disabilities;",
            "Calls upon States to ensure access to sign language and the Convention on the Rights of Persons with Disabilities;",
            "Recalling the Convention against Torture, calls upon all States to consider becoming parties to the Optional Protocol to the Convention on the Safety of United Nations and Associated Personnel;",
        ] {
            assert!(called(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn no_stem_no_work() {
        assert!(!may_call("Recalling the Convention against Torture"));
        assert!(called("Recalling the Convention against Torture").is_empty());
    }

    #[test]
    fn named_without_a_call() {
        let named: Vec<String> = treaties_named(
            "Welcomes the work of the Committee on the Rights of the Child and recalls the Convention on the Rights of the Child and the Optional Protocols thereto",
        )
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(named, ["crc", "crc_op_ac", "crc_op_sc", "crc_op_ic"]);
    }
}
