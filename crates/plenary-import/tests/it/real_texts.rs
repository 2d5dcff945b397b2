//! Hand-checked readings of real texts: every figure and sentence below was read off the source file in
//! `tests/fixtures` (and the PDF-extracted layout it has), not taken from the importer's output.

use plenary_core::{Body, Committee, Distribution, DocumentKind, Session};
use plenary_import::Format;
use time::macros::date;

use crate::support::{import_fixture, marks, paragraph, with_marks};

/// A/RES/72/163 (2017), the resolution of the story: paragraph numbers stand alone on their lines ("4."
/// then the text), paragraphs cross pages, and marks 2 and 3 are cited twice.
#[test]
fn torture_resolution_of_2017() {
    let imported = import_fixture("A_RES_72_163.txt");
    assert_eq!(imported.format, Format::PdfText);
    let document = &imported.document;
    assert_eq!(document.symbol.as_ref().map(|s| s.as_str()), Some("A/RES/72/163"));
    assert_eq!(document.title, "Torture and other cruel, inhuman or degrading treatment or punishment");
    assert_eq!(document.body, Some(Body::GeneralAssembly));
    assert_eq!(document.kind, DocumentKind::Resolution);
    assert_eq!(document.session, Some(Session::Regular(72)));
    assert_eq!(document.committee, Some(Committee::Main(3)));
    assert_eq!(document.agenda_items[0].item, "72 (a)");
    let adoption = document.adoption.as_ref().expect("an adoption line");
    assert_eq!(adoption.date, Some(date!(2017 - 12 - 19)));
    assert_eq!(adoption.route.as_deref(), Some("on the report of the Third Committee (A/72/439/Add.1)"));
    assert_eq!(document.enacting_formula.as_deref(), Some("The General Assembly,"));

    assert_eq!(document.preamble.len(), 11);
    assert_eq!(document.operative.len(), 50);
    assert_eq!(
        paragraph(document, "pp1").text,
        "Reaffirming its previous resolutions on torture and other cruel, inhuman or degrading treatment or punishment,"
    );
    // Preambular paragraph 5 crosses from page 1 to page 2 over the footnote and the running header.
    let pp5 = with_marks(paragraph(document, "pp5"));
    assert!(
        pp5.contains("Inhuman or Degrading Treatment or Punishment[1] and the obligation of States"),
        "{pp5}"
    );
    assert!(pp5.contains("any international instrument or national legislation which contains"), "{pp5}");
    // Preambular paragraph 7, put to a separate recorded vote in the plenary for its reference to the ICC.
    let pp7 = with_marks(paragraph(document, "pp7"));
    assert!(
        pp7.starts_with(
            "Noting that, under the Geneva Conventions of 1949,[2] torture and inhuman treatment"
        )
    );
    assert!(pp7.contains("the Rome Statute of the International Criminal Court,[3] acts of torture"));

    // "1." stands alone on its line; the text follows on the next.
    let op1 = paragraph(document, "op1");
    assert_eq!(op1.number, Some(1));
    assert!(
        op1.text.starts_with("Condemns all forms of torture and other cruel, inhuman or degrading treatment")
    );
    assert!(op1.text.ends_with("absolute and non-derogable prohibition of torture and other cruel, inhuman or degrading treatment or punishment;"));
    // Operative paragraph 3 crosses a page.
    assert_eq!(
        paragraph(document, "op3").text,
        "Stresses that States must neither punish personnel for not obeying orders to commit or conceal acts \
         amounting to torture or other cruel, inhuman or degrading treatment or punishment nor allow pleas of \
         respondeat superior as a criminal defence in cases in which such orders were obeyed;"
    );
    // Operative paragraph 4 cites footnotes 2 and 3 a second time.
    let op4 = paragraph(document, "op4");
    assert_eq!(marks(op4), vec!["2", "3"]);
    assert!(
        with_marks(op4).contains("grave breaches of the Geneva Conventions of 1949,[2] that acts of torture")
    );
    assert!(with_marks(op4).contains("in accordance with the Rome Statute,[3] bearing in mind"));
    assert!(
        paragraph(document, "op7")
            .text
            .starts_with("Urges States not to expel, return (“refouler”), extradite")
    );
    assert_eq!(
        paragraph(document, "op50").text,
        "Also decides to give its full consideration to the subject matter at its seventy-fourth session."
    );

    assert_eq!(document.footnotes.len(), 12);
    assert_eq!(document.footnotes[0].text, "United Nations, Treaty Series, vol. 1465, No. 24841.");
    assert_eq!(document.footnotes[1].text, "Ibid., vol. 75, Nos. 970–973.");
    assert_eq!(
        document.citations_of("2").iter().map(|id| id.as_str()).collect::<Vec<_>>(),
        vec!["pp7", "op4"]
    );
    let meeting = document.meeting.as_ref().expect("a meeting line");
    assert_eq!(meeting.meeting, "73rd plenary meeting");
    assert_eq!(meeting.date, Some(date!(2017 - 12 - 19)));
}

/// A/RES/80/198 (2025): non-breaking hyphens, marks set apart by spaces, a four-mark paragraph and a
/// hyphen broken at the end of the last line.
#[test]
fn torture_resolution_of_2025() {
    let document = import_fixture("A_RES_80_198.txt").document;
    assert_eq!(document.symbol.as_ref().map(|s| s.as_str()), Some("A/RES/80/198"));
    assert_eq!(document.issued, Some(date!(2025 - 12 - 22)));
    assert_eq!(document.job_number.as_deref(), Some("25-20949 (E)"));
    assert_eq!(document.distribution, Some(Distribution::General));
    assert_eq!(document.preamble.len(), 16);
    assert_eq!(document.operative.len(), 55);
    assert_eq!(document.footnotes.len(), 16);

    // U+2011 in the PDF becomes an ordinary hyphen.
    assert!(paragraph(&document, "pp3").text.contains("is a non-derogable right under international law"));
    assert!(paragraph(&document, "pp3").text.contains("international and non-international armed conflict"));
    // "1949, 2  torture": a mark set apart by spaces.
    assert!(
        with_marks(paragraph(&document, "pp9")).starts_with(
            "Noting that, under the Geneva Conventions of 1949,[2] torture or inhuman treatment"
        )
    );
    assert!(with_marks(paragraph(&document, "pp10")).contains("from Enforced Disappearance,[4] which makes"));
    assert_eq!(
        with_marks(paragraph(&document, "op18")),
        "Encourages all States to take appropriate effective legislative, administrative, judicial and other \
         measures to apply the United Nations Standard Minimum Rules for the Treatment of Prisoners (the Nelson \
         Mandela Rules),[8] the United Nations Rules for the Treatment of Women Prisoners and Non-custodial \
         Measures for Women Offenders (the Bangkok Rules),[9] the United Nations Standard Minimum Rules for the \
         Administration of Juvenile Justice (the Beijing Rules)[10] and the United Nations Rules for the \
         Protection of Juveniles Deprived of their Liberty (the Havana Rules);[11]"
    );
    // "eighty-" at the end of a line, "third session." on the next.
    assert_eq!(
        paragraph(&document, "op55").text,
        "Also decides to give its full consideration to the subject matter at its eighty-third session."
    );
    let footnote_7 = document.footnotes.iter().find(|footnote| footnote.mark == "7").expect("footnote 7");
    assert_eq!(
        footnote_7.text,
        "See Official Records of the General Assembly, Seventy-sixth Session, Supplement No. 53 (A/76/53), chap. V., sect. A."
    );
    assert_eq!(document.meeting.as_ref().map(|m| m.meeting.as_str()), Some("63rd plenary meeting"));
}

/// A/C.3/80/L.49, the Third Committee draft of 80/198: sponsors instead of an adoption line.
#[test]
fn torture_draft_in_the_third_committee() {
    let document = import_fixture("A_C.3_80_L.49.txt").document;
    assert_eq!(document.symbol.as_ref().map(|s| s.as_str()), Some("A/C.3/80/L.49"));
    assert_eq!(document.kind, DocumentKind::DraftResolution);
    assert_eq!(document.distribution, Some(Distribution::Limited));
    assert_eq!(document.committee, Some(Committee::Main(3)));
    assert_eq!(document.title, "Torture and other cruel, inhuman or degrading treatment or punishment");
    assert_eq!(document.sponsor_note.as_deref(), Some("draft resolution"));
    assert_eq!(document.sponsors.len(), 47);
    assert_eq!(document.sponsors.first().map(String::as_str), Some("Andorra"));
    assert!(document.sponsors.contains(&"Bosnia and Herzegovina".to_string()));
    assert!(document.sponsors.contains(&"Netherlands (Kingdom of the)".to_string()));
    assert_eq!(
        document.sponsors.last().map(String::as_str),
        Some("United Kingdom of Great Britain and Northern Ireland")
    );
    assert!(document.adoption.is_none());
    assert!(document.meeting.is_none());
    assert_eq!(document.preamble.len(), 16);
    assert_eq!(document.operative.len(), 55);
    // In the draft, "Punishment1" opens page 2: the mark is on the page of its footnote.
    assert_eq!(marks(paragraph(&document, "pp5")), vec!["1"]);
}

/// A Security Council text from the compilations: one unnumbered operative paragraph with lettered
/// sub-paragraphs.
#[test]
fn security_council_resolution_830() {
    let imported = import_fixture("S_RES_0830_1993.txt");
    assert_eq!(imported.format, Format::Compilation);
    let document = &imported.document;
    assert_eq!(document.symbol.as_ref().map(|s| s.as_str()), Some("S/RES/830 (1993)"));
    assert_eq!(document.body, Some(Body::SecurityCouncil));
    let adoption = document.adoption.as_ref().expect("an adoption heading");
    assert_eq!(adoption.meeting.as_deref(), Some("3220th meeting"));
    assert_eq!(adoption.date, Some(date!(1993 - 05 - 26)));
    assert_eq!(document.enacting_formula.as_deref(), Some("The Security Council,"));
    assert_eq!(document.preamble.len(), 1);
    assert_eq!(
        paragraph(document, "pp1").text,
        "Having considered the report of the Secretary-General on the United Nations Disengagement Observer Force (S/25809),"
    );
    let decides = paragraph(document, "op1");
    assert_eq!((decides.number, decides.text.as_str()), (None, "Decides:"));
    let labels: Vec<_> = decides.subparagraphs.iter().map(|sub| sub.id.as_str()).collect();
    assert_eq!(labels, vec!["op1.a", "op1.b", "op1.c"]);
    assert_eq!(
        paragraph(document, "op1.b").text,
        "To renew the mandate of the United Nations Disengagement Observer Force for another period of six months, that is, until 30 November 1993;"
    );
}

/// S/RES/541 (1983): marks glued to a year ("15 November 198359") and a recorded vote as the record.
#[test]
fn security_council_resolution_541_with_volume_footnotes() {
    let document = import_fixture("S_RES_0541_1983.txt").document;
    assert_eq!(document.symbol.as_ref().map(|s| s.as_str()), Some("S/RES/541 (1983)"));
    assert_eq!(
        with_marks(paragraph(&document, "pp2")).split("[59]").next(),
        Some("Concerned at the declaration by the Turkish Cypriot authorities issued on 15 November 1983")
    );
    assert_eq!(document.operative.len(), 9);
    let record = document.adoption.as_ref().and_then(|adoption| adoption.record.as_deref());
    assert_eq!(
        record,
        Some(
            "Adopted at the 2500th meeting by 13 votes to 1 against (Pakistan), with 1 abstention (Jordan)."
        )
    );
    let marks: Vec<&str> = document.footnotes.iter().map(|footnote| footnote.mark.as_str()).collect();
    assert_eq!(marks, vec!["58", "59", "60", "61"]);
}

/// A/RES/80/220 has roman sub-sub-paragraphs under (a) of paragraph 2, and a list under paragraph 20
/// that runs from (a) to (r), where "(i)" is the ninth letter.
#[test]
fn sub_paragraphs_and_the_i_ambiguity() {
    let document = import_fixture("A_RES_80_220.txt").document;
    assert_eq!(paragraph(&document, "op2").text, "Expresses its very serious concern about:");
    let op2a = paragraph(&document, "op2.a");
    assert_eq!(op2a.label.as_deref(), Some("a"));
    let romans: Vec<&str> = op2a.subparagraphs.iter().map(|sub| sub.label.as_deref().unwrap_or("")).collect();
    assert_eq!(romans, vec!["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]);
    assert!(
        paragraph(&document, "op2.a.i")
            .text
            .starts_with("Torture and other cruel, inhuman or degrading treatment or punishment")
    );
    assert!(
        paragraph(&document, "op2.a.ii")
            .text
            .starts_with("The existence of an extensive penal system including political prison")
    );
    let op20: Vec<&str> =
        paragraph(&document, "op20").subparagraphs.iter().map(|sub| sub.id.as_str()).collect();
    assert_eq!(op20.len(), 18);
    assert_eq!(op20[8], "op20.i");
    assert_eq!(op20[9], "op20.j");
}

/// A/RES/78/253, an omnibus Fifth Committee resolution in 26 parts, each with its own preamble and
/// operative paragraphs numbered from 1.
#[test]
fn sections_of_an_omnibus_resolution() {
    let document = import_fixture("A_RES_78_253.txt").document;
    assert!(document.preamble.is_empty() && document.operative.is_empty());
    assert_eq!(document.sections.len(), 26);
    let first = &document.sections[0];
    assert_eq!(
        (first.label.as_str(), first.heading.as_str()),
        ("I", "Enterprise resource planning project, Umoja")
    );
    assert_eq!((first.preamble.len(), first.operative.len()), (2, 2));
    assert_eq!(first.operative[0].id.as_str(), "sec1.op1");
    assert_eq!(first.operative[0].text, "Takes note of the report of the Secretary-General;");
    let second = &document.sections[1];
    assert_eq!(second.heading, "Financial performance report on the programme budget for 2022");
    assert_eq!(document.meeting.as_ref().map(|m| m.meeting.as_str()), Some("50th (resumed) plenary meeting"));
}

/// A/RES/73/7 was extracted by pypdf: paragraphs open with an indented line instead of a blank line, and
/// the job number and page counter share a line.
#[test]
fn text_from_another_extractor() {
    let document = import_fixture("A_RES_73_7.txt").document;
    assert_eq!(document.symbol.as_ref().map(|s| s.as_str()), Some("A/RES/73/7"));
    assert_eq!(document.title, "Report of the International Criminal Court");
    assert_eq!(document.preamble.len(), 13);
    assert_eq!(document.operative.len(), 28);
    assert_eq!(
        paragraph(&document, "pp1").text,
        "Recalling its resolution 72/3 of 30 October 2017 and all its previous relevant resolutions,"
    );
    assert_eq!(
        paragraph(&document, "op1").text,
        "Welcomes the report of the International Criminal Court for 2017/18;"
    );
    assert_eq!(document.meeting.as_ref().map(|m| m.meeting.as_str()), Some("28th plenary meeting"));

    // A/RES/73/6, from the same extractor, with footnotes whose lines are indented too.
    let document = import_fixture("A_RES_73_6.txt").document;
    assert_eq!(document.preamble.len(), 25);
    assert_eq!(document.operative.len(), 14);
    assert!(
        paragraph(&document, "pp2")
            .text
            .starts_with("Recognizing that the fiftieth anniversary of the first United Nations Conference")
    );
}
