//! Whom an operative paragraph addresses: the subject of its call ("Calls upon all States that have not yet
//! done so to …" addresses States; "Requests the Secretary-General to submit …" the Secretary-General;
//! "Urges Member States and the Office of the United Nations High Commissioner for Human Rights to …"
//! both). Read from the words after the opening phrase, up to the infinitive ("to …") or the end of the
//! subject; only verbs that direct someone have an addressee ("Welcomes the report of the
//! Secretary-General" addresses nobody).

use plenary_core::vocabulary::{ParagraphPart, opening_phrase};

/// The verbs whose object is the addressee of the paragraph.
const DIRECTING_VERBS: &[&str] = &[
    "calls",
    "urges",
    "requests",
    "invites",
    "encourages",
    "recommends",
    "appeals",
    "demands",
    "exhorts",
    "authorizes",
    "asks",
    "reminds",
    "directs",
    "instructs",
    "entrusts",
    "implores",
    "beseeches",
];

/// Words that end the subject: an infinitive, a relative clause, a purpose.
const SUBJECT_ENDS: &[&str] =
    &["to", "that", "who", "which", "whose", "in", "as", "with", "through", "by", "when", "where", "while"];

/// Groups named in lower case that are addressees, with the name shown for them.
const GROUPS: &[(&str, &str)] = &[
    ("states", "States"),
    ("member states", "Member States"),
    ("states parties", "States parties"),
    ("states members", "Member States"),
    ("governments", "Governments"),
    ("the international community", "the international community"),
    ("international community", "the international community"),
    ("the parties", "the parties"),
    ("parties", "the parties"),
    ("relevant stakeholders", "relevant stakeholders"),
    ("stakeholders", "relevant stakeholders"),
    ("civil society", "civil society"),
    ("non-governmental organizations", "non-governmental organizations"),
    ("donors", "donors"),
    ("donor countries", "donors"),
    ("development partners", "development partners"),
    ("the private sector", "the private sector"),
    ("regional organizations", "regional organizations"),
    ("countries", "countries"),
    ("the secretariat", "the Secretariat"),
];

/// Words that make a capitalised name the name of a body.
const BODY_WORDS: &[&str] = &[
    "Office",
    "Committee",
    "Council",
    "Commission",
    "Programme",
    "Fund",
    "Organization",
    "Agency",
    "Rapporteur",
    "Rapporteurs",
    "Group",
    "Bank",
    "Union",
    "Secretariat",
    "Court",
    "Conference",
    "Forum",
    "Entity",
    "Mechanism",
    "Board",
    "Institute",
    "University",
    "Panel",
    "Envoy",
    "Representative",
    "Expert",
    "Experts",
    "Assembly",
    "Government",
    "Governments",
    "Commissioner",
    "Department",
    "Centre",
    "Center",
    "Authority",
    "Tribunal",
    "Secretary-General",
    "President",
    "Chair",
    "Bureau",
    "Mission",
    "Force",
    "Operation",
    "System",
    "Team",
    "Facility",
    "Platform",
    "Network",
    "Alliance",
    "Partnership",
    "League",
    "Community",
    "Parties",
    "Mechanisms",
];

/// Words that may stand between the capitalised words of a name: "Office *on* Drugs *and* Crime".
const CONNECTORS: &[&str] = &["of", "for", "on", "and", "the", "in", "against", "to", "de"];

/// The addressees of an operative paragraph, in the order named, without repeats.
pub fn addressees(text: &str) -> Vec<String> {
    let Some(opening) = opening_phrase(text, ParagraphPart::Operative) else {
        return Vec::new();
    };
    let directs = opening
        .split_whitespace()
        .map(str::to_lowercase)
        .any(|word| DIRECTING_VERBS.contains(&word.as_str()));
    if !directs {
        return Vec::new();
    }
    let rest = text.trim_start()[opening.len()..].trim_start();
    let subject = subject(rest);
    let mut found: Vec<String> = Vec::new();
    for item in items(&subject) {
        if let Some(name) = classify(&item) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

/// The words of the subject: from after the verb to the first word that ends it.
fn subject(rest: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    for (position, raw) in rest.split_whitespace().enumerate() {
        let word = raw.trim_end_matches([',', ';', ':', '.']);
        let lower = word.to_lowercase();
        // "Calls upon", "Appeals to", "Recommends that": the particle after the verb is not the subject.
        if position == 0 && matches!(lower.as_str(), "upon" | "on" | "to" | "that" | "also" | "further") {
            continue;
        }
        if SUBJECT_ENDS.contains(&lower.as_str()) && !words.is_empty() {
            break;
        }
        if word.starts_with('(') || words.len() >= 24 {
            break;
        }
        words.push(raw);
        if raw.ends_with(';') || raw.ends_with(':') {
            break;
        }
    }
    words
}

/// The subject cut into the things it names: at commas, and at "and"/"or" unless the next word continues
/// a name in capitals ("Office on Drugs and Crime").
fn items(subject: &[&str]) -> Vec<String> {
    let mut items: Vec<Vec<&str>> = vec![Vec::new()];
    for (index, raw) in subject.iter().enumerate() {
        let word = raw.trim_end_matches([',', ';', ':']);
        let lower = word.to_lowercase();
        let next_is_name = subject
            .get(index + 1)
            .is_some_and(|next| next.starts_with(char::is_uppercase) && !next.starts_with("States"));
        let current_is_name =
            items.last().is_some_and(|item| item.iter().any(|w| w.starts_with(char::is_uppercase)));
        if (lower == "and" || lower == "or") && !(next_is_name && current_is_name) {
            items.push(Vec::new());
            continue;
        }
        if let Some(item) = items.last_mut() {
            if !word.is_empty() {
                item.push(word);
            }
        }
        if raw.ends_with(',') && !(next_is_name && current_is_name_after(&items)) {
            items.push(Vec::new());
        }
    }
    items.into_iter().filter(|item| !item.is_empty()).map(|item| item.join(" ")).collect()
}

fn current_is_name_after(items: &[Vec<&str>]) -> bool {
    items.last().is_some_and(|item| item.iter().any(|word| word.starts_with(char::is_uppercase)))
}

/// The name shown for one thing the subject names, or `None` when it is not an addressee.
fn classify(item: &str) -> Option<String> {
    let mut words: Vec<&str> = item.split_whitespace().collect();
    while let Some(first) = words.first() {
        if matches!(
            first.to_lowercase().as_str(),
            "all" | "also" | "further" | "again" | "both" | "each" | "any"
        ) {
            words.remove(0);
        } else {
            break;
        }
    }
    let lower = words.join(" ").to_lowercase();
    let without_article = lower.strip_prefix("the ").unwrap_or(&lower);
    let without_relevant = without_article.strip_prefix("relevant ").unwrap_or(without_article);
    // The longest group first: "states parties" before "states".
    let mut groups: Vec<&(&str, &str)> = GROUPS.iter().collect();
    groups.sort_by_key(|(group, _)| std::cmp::Reverse(group.len()));
    for (group, name) in groups {
        let group = group.strip_prefix("the ").unwrap_or(group);
        let names_it = |words: &str| {
            words == group || words.strip_prefix(group).is_some_and(|rest| rest.starts_with(' '))
        };
        if names_it(without_article) || names_it(without_relevant) {
            return Some((*name).to_owned());
        }
    }
    if without_article == "secretary-general" {
        return Some("the Secretary-General".into());
    }
    named_body(&words)
}

/// A named body: capitalised words, with the connectors between them ("the Office of the United Nations High
/// Commissioner for Human Rights"), cut before the first word that is neither.
fn named_body(words: &[&str]) -> Option<String> {
    let (article, words) = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("the") => (true, rest),
        _ => (false, words),
    };
    let mut name: Vec<&str> = Vec::new();
    for word in words {
        let capitalised = word.starts_with(char::is_uppercase);
        if capitalised || (!name.is_empty() && CONNECTORS.contains(&word.to_lowercase().as_str())) {
            name.push(word);
        } else {
            break;
        }
    }
    while name.last().is_some_and(|word| !word.starts_with(char::is_uppercase)) {
        name.pop();
    }
    if name.is_empty() || name.len() > 14 {
        return None;
    }
    // A name is an addressee when it names a body, an office or a government, or is an acronym
    // ("UNICEF"); a capitalised fragment ("Inhuman") is not.
    let names_a_body = name.iter().any(|word| BODY_WORDS.contains(&word.trim_end_matches(['’', '\''])))
        || (name.len() == 1 && name[0].len() >= 2 && name[0].chars().all(|c| c.is_uppercase() || c == '-'));
    if !names_a_body {
        return None;
    }
    let name = name.join(" ");
    Some(if article { format!("the {name}") } else { name })
}

#[cfg(test)]
mod tests {
    use super::addressees;

    #[test]
    fn the_subject_of_a_call_is_its_addressee() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Calls upon all States that have not yet done so to become parties to the Convention",
                &["States"],
            ),
            (
                "Requests the Secretary-General to submit to the General Assembly at its eighty-second session a report",
                &["the Secretary-General"],
            ),
            (
                "Urges Member States and the Office of the United Nations High Commissioner for Human Rights to continue",
                &["Member States", "the Office of the United Nations High Commissioner for Human Rights"],
            ),
            (
                "Invites the United Nations Office on Drugs and Crime to provide",
                &["the United Nations Office on Drugs and Crime"],
            ),
            ("Also calls upon States parties to the Convention to fulfil", &["States parties"]),
            (
                "Strongly encourages Governments, civil society and the private sector to",
                &["Governments", "civil society", "the private sector"],
            ),
            ("Demands that all parties immediately cease hostilities", &["the parties"]),
            ("Welcomes the report of the Secretary-General", &[]),
            ("Decides to remain seized of the matter", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(addressees(text), *expected, "{text}");
        }
    }
}
