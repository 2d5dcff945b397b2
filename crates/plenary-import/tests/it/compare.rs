//! Comparisons of real series, each change checked by hand against the two texts (the paragraph lists and
//! the sentences were read off the fixtures, not taken from the comparison's output).

use plenary_core::compare::{Change, ChangeKind, Comparison, DiffOpKind, compare};
use plenary_core::{Document, ParagraphId};

use crate::support::import_fixture;

fn compared(old: &str, new: &str) -> (Document, Document, Comparison) {
    let old = import_fixture(old).document;
    let new = import_fixture(new).document;
    let comparison = compare(&old, &new);
    assert_exact(&comparison);
    (old, new, comparison)
}

/// The redline gives back both texts exactly, for every unit.
fn assert_exact(comparison: &Comparison) {
    for change in &comparison.changes {
        if let Some(old) = &change.old {
            assert_eq!(Comparison::side_text(change, false), old.text, "old side of {}", old.id);
        }
        if let Some(new) = &change.new {
            assert_eq!(Comparison::side_text(change, true), new.text, "new side of {}", new.id);
        }
    }
}

/// The change that a unit of the new version is part of.
fn of_new<'a>(comparison: &'a Comparison, id: &str) -> &'a Change {
    let id = ParagraphId::parse(id).expect("an id");
    comparison
        .changes
        .iter()
        .find(|change| change.new.as_ref().is_some_and(|unit| unit.id == id))
        .expect("a change")
}

/// The change that a unit of the old version is part of.
fn of_old<'a>(comparison: &'a Comparison, id: &str) -> &'a Change {
    let id = ParagraphId::parse(id).expect("an id");
    comparison
        .changes
        .iter()
        .find(|change| change.old.as_ref().is_some_and(|unit| unit.id == id))
        .expect("a change")
}

/// The redline in wdiff notation: `[-deleted-]{+inserted+}`.
fn redline(change: &Change) -> String {
    change
        .diff
        .iter()
        .map(|piece| match piece.op {
            DiffOpKind::Equal => piece.text.clone(),
            DiffOpKind::Delete => format!("[-{}-]", piece.text),
            DiffOpKind::Insert => format!("{{+{}+}}", piece.text),
        })
        .collect()
}

fn ids_of(comparison: &Comparison, kind: ChangeKind) -> Vec<String> {
    comparison
        .changes
        .iter()
        .filter(|change| change.kind == kind)
        .map(|change| {
            change.new.as_ref().or(change.old.as_ref()).map(|unit| unit.id.to_string()).unwrap_or_default()
        })
        .collect()
}

/// A/RES/72/163 (2017) → 74/143 (2019): the re-tabling of the torture resolution.
#[test]
fn torture_resolution_retabled_in_2019() {
    let (_, _, comparison) = compared("A_RES_72_163.txt", "A_RES_74_143.txt");

    // Added: two preambular paragraphs on corruption and on the 2030 Agenda, and an operative one on
    // non-discrimination in the treaty bodies' work; deleted: the Alliance for Torture-Free Trade.
    assert_eq!(ids_of(&comparison, ChangeKind::Added), vec!["pp9", "pp10", "op39"]);
    assert!(of_new(&comparison, "pp9").new.as_ref().is_some_and(|unit| unit.text.starts_with(
        "Recognizing also that the prevalence of corruption, including in law enforcement and justice systems"
    )));
    assert!(of_new(&comparison, "op39").new.as_ref().is_some_and(|unit| unit
        .text
        .starts_with("Emphasizes the importance of the Committee and the Subcommittee having due regard to the principle of non-discrimination")));
    assert_eq!(ids_of(&comparison, ChangeKind::Deleted), vec!["pp9"]);
    assert_eq!(
        of_old(&comparison, "pp9").old.as_ref().map(|unit| unit.text.as_str()),
        Some("Taking note of the launching of the Alliance for Torture-Free Trade,")
    );

    // The paragraph on the collaboration of practitioners (the future Méndez Principles) moved from the end
    // to after paragraph 14, and was rewritten: "Takes note, in particular, of" became "Welcomes".
    let mendez = of_old(&comparison, "op41");
    assert_eq!(mendez.kind, ChangeKind::Modified);
    assert!(mendez.moved);
    assert_eq!(mendez.new.as_ref().map(|unit| unit.id.as_str()), Some("op15"));
    assert!(redline(mendez).starts_with(
        "[-Takes note, in particular, of-]{+Welcomes+} the collaboration between practitioners"
    ));
    assert_eq!(comparison.summary.moved, 1);

    // Rewrites in place.
    assert!(
        redline(of_old(&comparison, "pp3"))
            .contains("in times of international [-or internal-]{+and non-international+} armed conflict")
    );
    assert!(
        redline(of_old(&comparison, "pp7"))
            .contains("under the Geneva Conventions of 1949, torture [-and-]{+or+} inhuman treatment")
    );
    assert!(redline(of_old(&comparison, "op35")).contains("Convention against Torture and [-to give early consideration to signing and ratifying -]the Optional Protocol"));
    assert!(
        redline(of_old(&comparison, "op29"))
            .contains("adopt a [-gender-sensitive-]{+gender-responsive+} approach")
    );
    // Renumbering is not a change: old paragraph 15 is new paragraph 16, word for word.
    let renumbered = of_old(&comparison, "op15");
    assert_eq!((renumbered.kind, renumbered.moved), (ChangeKind::Unchanged, false));
    assert_eq!(renumbered.new.as_ref().map(|unit| unit.id.as_str()), Some("op16"));

    // The sessions at which the item returns are references, not substance.
    let returns = of_old(&comparison, "op50");
    assert!(returns.references_only);
    assert_eq!(
        redline(returns),
        "Also decides to give its full consideration to the subject matter at its [-seventy-fourth-]{+seventy-seventh+} session."
    );
    assert!(of_old(&comparison, "op49").references_only);
    assert!(!of_old(&comparison, "op46").references_only, "the Funds paragraph also gained a sentence");

    let report = comparison.what_is_new().report("A/RES/72/163", "A/RES/74/143");
    assert!(report.contains("3 added, 1 deleted; 1 moved"), "{report}");
    assert!(report.contains("- op50 (was op49): seventy-third and seventy-fourth → seventy-fifth, seventy-sixth and seventy-seventh"), "{report}");
}

/// A/C.3/80/L.49 → A/RES/80/198: the Third Committee draft as adopted, with one oral revision.
#[test]
fn torture_draft_as_adopted_in_2025() {
    let (_, _, comparison) = compared("A_C.3_80_L.49.txt", "A_RES_80_198.txt");
    assert_eq!(ids_of(&comparison, ChangeKind::Modified), vec!["op21"]);
    assert!(redline(of_new(&comparison, "op21")).contains(
        "or punishment, and [-encourages States to take into account-]{+notes in this regard+} the Model Protocol"
    ));
    assert_eq!(comparison.summary.unchanged, 70);
    assert_eq!((comparison.summary.added, comparison.summary.deleted, comparison.summary.moved), (0, 0, 0));
}

/// A/RES/79/6 → 80/6, the International Criminal Court: references brought up to date, and "States
/// parties" capitalised throughout.
#[test]
fn international_criminal_court_2024_to_2025() {
    let (_, _, comparison) = compared("A_RES_79_6.txt", "A_RES_80_6.txt");
    let pp1 = of_new(&comparison, "pp1");
    assert!(pp1.references_only);
    assert_eq!(
        redline(pp1),
        "Recalling its resolution [-78/6 of 1 November 2023-]{+79/6 of 29 October 2024+} and all its previous relevant resolutions,"
    );
    assert!(of_new(&comparison, "op1").references_only);
    assert!(redline(of_new(&comparison, "op1")).contains("[-2023/24-]{+2024/25+}"));
    let op30 = of_new(&comparison, "op30");
    assert!(op30.references_only);
    assert!(
        redline(op30).contains("scheduled to be held from [-1 to 6 December 2025-]{+7 to 17 December 2026+}")
    );
    let op2 = of_new(&comparison, "op2");
    assert!(!op2.references_only);
    assert!(redline(op2).contains("the States that have become [-parties-]{+Parties+} to the Rome Statute"));
    assert_eq!((comparison.summary.added, comparison.summary.deleted, comparison.summary.moved), (0, 0, 0));
}

/// A/RES/79/7 → 80/4, the Cuba embargo: the only changes are the new resolution added to the lists and
/// the next session.
#[test]
fn cuba_embargo_2024_to_2025() {
    let (_, _, comparison) = compared("A_RES_79_7.txt", "A_RES_80_4.txt");
    assert_eq!(ids_of(&comparison, ChangeKind::Modified), vec!["pp6", "pp8", "op1", "op4", "op5"]);
    assert!(
        comparison
            .changes
            .iter()
            .filter(|change| change.kind == ChangeKind::Modified)
            .all(|change| change.references_only)
    );
    assert!(
        redline(of_new(&comparison, "pp6"))
            .contains("78/7 of 2 November 2023 and {+79/7 of 30 October 2024 and +}its decision 76/563")
    );
    assert!(redline(of_new(&comparison, "op1")).ends_with("of resolution [-78/7-]{+79/7+};"));
    assert!(redline(of_new(&comparison, "op4")).contains("at its [-eightieth-]{+eighty-first+} session"));
    assert_eq!(comparison.summary.unchanged, 8);
}

/// A/RES/79/4 → 80/7, the IAEA: the years of the report, the session, and a new list of General
/// Conference resolutions.
#[test]
fn atomic_energy_agency_2024_to_2025() {
    let (_, _, comparison) = compared("A_RES_79_4.txt", "A_RES_80_7.txt");
    assert!(redline(of_new(&comparison, "pp1")).contains("[-2023-]{+2024+}"));
    assert!(redline(of_new(&comparison, "pp2")).contains("[-2024-]{+2025+}"));
    assert!(redline(of_new(&comparison, "op5")).contains("[-seventy-ninth-]{+eightieth+}"));
    for id in ["pp1", "pp2", "op5"] {
        assert!(of_new(&comparison, id).references_only, "{id}");
    }
    let op2 = of_new(&comparison, "op2");
    assert_eq!(op2.kind, ChangeKind::Modified);
    assert!(!op2.references_only, "the list names other resolutions and titles");
    assert!(redline(op2).starts_with(
        "Takes note of resolutions [-GC(68)/RES/8-]{+GC(69)/RES/7+}, entitled “Nuclear and radiation safety”"
    ));
    assert_eq!((comparison.summary.added, comparison.summary.deleted, comparison.summary.moved), (0, 0, 0));
}

/// S/RES/790 (1992) → 830 (1993): a renewal of UNDOF — the report and the new end of the mandate.
#[test]
fn undof_renewal_1992_to_1993() {
    let (_, _, comparison) = compared("S_RES_0790_1992.txt", "S_RES_0830_1993.txt");
    assert_eq!(
        redline(of_new(&comparison, "pp1")),
        "Having considered the report of the Secretary-General on the United Nations Disengagement Observer Force ([-S/24821-]{+S/25809+}),"
    );
    assert!(of_new(&comparison, "pp1").references_only);
    assert_eq!(of_new(&comparison, "op1").kind, ChangeKind::Unchanged);
    assert!(redline(of_new(&comparison, "op1.a")).starts_with("[-To-]{+TO+} call upon the parties"));
    assert!(!of_new(&comparison, "op1.a").references_only);
    assert!(
        redline(of_new(&comparison, "op1.b")).contains("that is, until [-31 May 1993-]{+30 November 1993+};")
    );
    assert!(of_new(&comparison, "op1.b").references_only);
    assert_eq!(of_new(&comparison, "op1.c").kind, ChangeKind::Unchanged);
}

/// A/RES/78/161 (2023) → 80/148 (2025), culture and sustainable development: heavy rewriting, paragraphs
/// moved in both directions, six new and five dropped paragraphs.
#[test]
fn culture_and_sustainable_development_rewritten_and_reordered() {
    let (_, _, comparison) = compared("A_RES_78_161.txt", "A_RES_80_148.txt");
    // Moved up: the 2030 Agenda paragraph (pp9 → pp4, with "all cultures") and the Kunming-Montreal
    // paragraph (pp24 → pp12); moved down: intercultural understanding (pp13 → pp33).
    for (old, new) in [("pp9", "pp4"), ("pp24", "pp12"), ("pp13", "pp33")] {
        let change = of_old(&comparison, old);
        assert!(change.moved, "{old}");
        assert_eq!(change.new.as_ref().map(|unit| unit.id.as_str()), Some(new));
    }
    assert!(
        redline(of_old(&comparison, "pp9"))
            .contains("it is recognized that {+all +}cultures and civilizations")
    );
    assert_eq!(of_old(&comparison, "pp13").kind, ChangeKind::Unchanged);
    // Rewritten, still paired: the museums paragraph and the education paragraph.
    let museums = of_old(&comparison, "pp27");
    assert_eq!(
        (museums.kind, museums.new.as_ref().map(|unit| unit.id.as_str())),
        (ChangeKind::Modified, Some("pp31"))
    );
    let education = of_old(&comparison, "op10");
    assert_eq!(
        (education.kind, education.new.as_ref().map(|unit| unit.id.as_str())),
        (ChangeKind::Modified, Some("op9"))
    );
    // Dropped: the digital transformation, the two COVID-19 paragraphs, "Also reaffirms the intrinsic value
    // of culture" and the 2023 high-level event.
    assert_eq!(ids_of(&comparison, ChangeKind::Deleted), vec!["pp12", "pp29", "pp30", "op3", "op15"]);
    assert!(
        of_old(&comparison, "pp29")
            .old
            .as_ref()
            .is_some_and(|unit| unit.text.contains("(COVID-19) pandemic"))
    );
    // New: the Sustainable Development Goals, the Summit of the Future, the Declaration on Future
    // Generations, the Sevilla conference, the Global Digital Compact and resolution 78/133.
    assert_eq!(ids_of(&comparison, ChangeKind::Added), vec!["pp6", "pp7", "pp8", "pp14", "pp17", "pp26"]);
    assert!(
        of_new(&comparison, "pp17")
            .new
            .as_ref()
            .is_some_and(|unit| unit.text.starts_with("Recalling also the Global Digital Compact"))
    );
    // The list of the invitation (op17 → op15) is renumbered, its sub-paragraphs kept.
    let invitation = of_old(&comparison, "op17.a");
    assert_eq!(
        (invitation.kind, invitation.new.as_ref().map(|unit| unit.id.as_str())),
        (ChangeKind::Unchanged, Some("op15.a"))
    );
}

/// Typographic variants — straight or curly quotes, hyphen kinds, spaces — are not changes, though the
/// redline keeps the exact characters.
#[test]
fn typographic_variants_are_not_changes() {
    let old = import_fixture("A_RES_80_198.txt").document;
    let mut new = old.clone();
    for paragraph in new.preamble.iter_mut().chain(new.operative.iter_mut()) {
        paragraph.text =
            paragraph.text.replace(['“', '”'], "\"").replace('-', "\u{2011}").replace(", ", ",  ");
    }
    let comparison = compare(&old, &new);
    assert_exact(&comparison);
    assert_eq!(comparison.summary.modified, 0);
    assert_eq!(comparison.summary.unchanged, 71);
    let refouler = of_new(&comparison, "op8");
    assert!(refouler.diff.iter().any(|piece| piece.op == DiffOpKind::Insert), "the exact characters differ");
}

/// For any two versions — here a real text and the same text with paragraphs dropped, repeated, swapped
/// and reworded at random — every unit of each version appears exactly once in the comparison, and the
/// redline gives back both texts exactly.
mod properties {
    use plenary_core::compare::{Comparison, compare};
    use proptest::prelude::*;

    use crate::support::import_fixture;

    #[derive(Debug, Clone)]
    enum Edit {
        Drop(usize),
        Repeat(usize),
        Swap(usize, usize),
        Reword(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            any::<usize>().prop_map(Edit::Drop),
            any::<usize>().prop_map(Edit::Repeat),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Reword(a, b)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        #[test]
        fn every_unit_once_and_the_redline_exact(edits in proptest::collection::vec(edit(), 1..8)) {
            let old = import_fixture("A_RES_72_163.txt").document;
            let mut new = old.clone();
            for edit in &edits {
                let count = new.operative.len().max(1);
                match *edit {
                    Edit::Drop(at) if new.operative.len() > 1 => { new.operative.remove(at % count); }
                    Edit::Repeat(at) if !new.operative.is_empty() => {
                        let paragraph = new.operative[at % count].clone();
                        new.operative.insert(at % count, paragraph);
                    }
                    Edit::Swap(a, b) if !new.operative.is_empty() => new.operative.swap(a % count, b % count),
                    Edit::Reword(at, word) if !new.operative.is_empty() => {
                        let text = &mut new.operative[at % count].text;
                        let words: Vec<&str> = text.split(' ').collect();
                        let position = word % words.len();
                        *text = words.iter().enumerate().map(|(index, w)| if index == position { "amended" } else { w }).collect::<Vec<_>>().join(" ");
                    }
                    _ => {}
                }
            }
            let comparison = compare(&old, &new);
            let old_units = comparison.changes.iter().filter(|change| change.old.is_some()).count();
            let new_units = comparison.changes.iter().filter(|change| change.new.is_some()).count();
            let count = |document: &plenary_core::Document| document.paragraphs().len();
            prop_assert_eq!(old_units, count(&old));
            prop_assert_eq!(new_units, count(&new));
            for change in &comparison.changes {
                if let Some(unit) = &change.old {
                    prop_assert_eq!(&Comparison::side_text(change, false), &unit.text);
                }
                if let Some(unit) = &change.new {
                    prop_assert_eq!(&Comparison::side_text(change, true), &unit.text);
                }
            }
        }
    }
}
