//! The treaties a paragraph calls upon States to become parties to, on real sentences copied verbatim from
//! the shipped resolutions (`data/resolutions`, with their line breaks) and from the General Assembly corpus
//! (spaces joined), each with its symbol and paragraph.

use plenary_core::treaties::calls::{treaties_called_for, treaties_named};

fn called(text: &str) -> Vec<String> {
    treaties_called_for(text).into_iter().map(String::from).collect()
}

/// Real calls to join and the treaties each calls for.
const CALLS: &[(&str, &[&str])] = &[
    // A/RES/72/163, operative paragraph 35 (data/resolutions/A_RES_72_163.txt, lines 422-424)
    (
        "35. Urges all States that have not yet done so to become parties to the \nConvention against Torture and to give early consideration to signing and ratifying \nthe Optional Protocol thereto as a matter of priority; ",
        &["cat", "cat_op"],
    ),
    // A/RES/74/143, operative paragraph 36 (data/resolutions)
    (
        "36. Urges all States that have not yet done so to become parties to the \nConvention against Torture and the Optional Protocol thereto as a matter of priority;  ",
        &["cat", "cat_op"],
    ),
    // A/RES/80/198, operative paragraph 40 (data/resolutions)
    (
        "40. Urges all States that have not yet done so to become Parties to the \nConvention against Torture and the Optional Protocol thereto as a matter of priority, \nand calls upon States Parties to ensure their effective implementation; ",
        &["cat", "cat_op"],
    ),
    // A/RES/80/198, preambular paragraph on enforced disappearance (data/resolutions): "the Convention" points back
    (
        "Recognizing the importance of the implementation of the International \nConvention for the Protection of All Persons from Enforced Disappearance, 4 which \nmakes a significant contribution to the prevention and prohibition of torture, including \nby prohibiting secret places of detention and by ensuring legal and procedural \nsafeguards for persons deprived of their liberty, and encouraging all States that have \nnot done so to consider signing, ratifying or acceding to the Convention, ",
        &["ced"],
    ),
    // A/RES/79/179, operative paragraph 11
    (
        "11. Calls upon States that have not yet done so to consider acceding to or ratifying the Second Optional Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of the death penalty;",
        &["iccpr_op2"],
    ),
    // A/C.3/80/L.20, operative paragraph 3
    (
        "3. Urges States that have not yet done so to consider becoming Parties to the Convention on the Rights of the Child and the Optional Protocols thereto as a matter of priority and to implement them effectively, and encourages further efforts by the Secretary-General in this regard;",
        &["crc", "crc_op_ac", "crc_op_sc", "crc_op_ic"],
    ),
    // A/RES/79/123, operative paragraph 5
    (
        "5. Calls upon States to consider becoming parties to the Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict;",
        &["crc_op_ac"],
    ),
    // A/C.3/80/L.44, operative paragraph 1
    (
        "1. Calls upon those States that have not yet done so to consider signing and ratifying the Convention on the Rights of Persons with Disabilities and the Optional Protocol thereto as a matter of priority;",
        &["crpd", "crpd_op"],
    ),
    // A/C.3/80/L.52, operative paragraph 3 (e)
    (
        "(e) Calls upon States that have not done so to consider signing and ratifying or acceding to the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families as a matter of priority, and requests the Secretary-General to continue his efforts to promote and raise awareness of the Convention;",
        &["cmw"],
    ),
    // A/C.3/80/L.2, operative paragraph 6 (to the end of its first clause)
    (
        "6. Calls for the universal ratification and effective implementation of the International Convention on the Elimination of All Forms of Racial Discrimination, and urges those States Parties that have not yet done so to consider making the declaration under its article 14,",
        &["cerd"],
    ),
    // A/RES/79/8, operative paragraph 6
    (
        "6. Urges Member States that have not yet done so to consider signing, ratifying, acceding to and implementing the Convention on the Rights of the Child and the Optional Protocols thereto,16 the Convention on the Rights of Persons with Disabilities, the Convention on the Elimination of All Forms of Discrimination against Women17 and the International Convention against Doping in Sport;",
        &["crc", "crc_op_ac", "crc_op_sc", "crc_op_ic", "crpd", "cedaw"],
    ),
    // A/RES/78/188, operative paragraph 2: "the Optional Protocols thereto" after a list of three conventions
    (
        "2. Stresses the need for the full and urgent implementation of the rights of the child, including the girl child, as provided under international human rights instruments, and urges States to consider signing and ratifying or acceding to the Convention on the Rights of the Child, the Convention on the Elimination of All Forms of Discrimination against Women, the Convention on the Rights of Persons with Disabilities and the Optional Protocols thereto as a matter of priority;",
        &["crc", "cedaw", "crpd", "crc_op_ac", "crc_op_sc", "crc_op_ic", "cedaw_op", "crpd_op"],
    ),
    // A/RES/79/154, operative paragraph 5 (to the first labour convention): "and States parties to implement" between the call and the list
    (
        "5. Urges Member States to consider signing and ratifying, and States parties to implement, the Convention on the Elimination of All Forms of Discrimination against Women and the Optional Protocol thereto, the Convention on the Rights of the Child and the Optional Protocols thereto,22 the Convention on the Rights of Persons with Disabilities23 and its Optional Protocol,24 and the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families,25 as well as the Forced Labour Convention, 1930 (No. 29)",
        &["cedaw", "cedaw_op", "crc", "crc_op_ac", "crc_op_sc", "crc_op_ic", "crpd", "crpd_op", "cmw"],
    ),
    // A/RES/78/182, operative paragraph 8: "have not yet ratified or acceded to the Convention to consider doing so", then "the Optional Protocol"
    (
        "8. Calls upon States parties to comply fully with their obligations under the Convention on the Elimination of All Forms of Discrimination against Women and the Optional Protocol thereto15 and to take into consideration the concluding observations as well as the general recommendations of the Committee, urges States parties to consider limiting the extent of any reservations that they lodge to the Convention, to formulate any reservations as precisely and narrowly as possible and to regularly review such reservations with a view to withdrawing them so as to ensure that no reservation is incompatible with the object and purpose of the Convention, urges all Member States that have not yet ratified or acceded to the Convention to consider doing so, and calls upon those Member States that have not yet done so to consider signing and ratifying or acceding to the Optional Protocol;",
        &["cedaw", "cedaw_op"],
    ),
    // A/RES/79/173, preambular paragraph (to the page break): "acceding to it"
    (
        "Recalling the accession by 76 States to the International Convention for the Protection of All Persons from Enforced Disappearance, 9 and calling upon States that have not yet done so to consider signing, ratifying or acceding to it as a matter of",
        &["ced"],
    ),
    // A/RES/79/149, first preambular paragraph: "encouraging its ratification"
    (
        "Reaffirming the Convention on the Rights of Persons with Disabilities, 1 which it adopted on 13 December 2006 and which entered into force on 3 May 2008, a landmark convention affirming the human rights and fundamental freedoms of persons with disabilities, recognizing that it is both a human rights and a development instrument, encouraging its ratification by Member States and its implementation by States parties, and taking note of the Optional Protocol to the Convention on the Rights of Persons with Disabilities,2",
        &["crpd"],
    ),
    // A/RES/79/155, preambular paragraph: "those conventions and the optional protocols thereto"
    (
        "Reaffirming also the Universal Declaration of Human Rights,8 as well as the Convention on the Elimination of All Forms of Discrimination against Women 9 and the Convention on the Rights of the Child,10 recalling the International Covenant on Economic, Social and Cultural Rights11 and the International Covenant on Civil and Political Rights,12 and urging States that have not done so to consider, as a matter of priority, signing, ratifying or acceding to those conventions and the optional protocols thereto,",
        &[
            "cedaw",
            "crc",
            "icescr",
            "iccpr",
            "cedaw_op",
            "crc_op_ac",
            "crc_op_sc",
            "crc_op_ic",
            "icescr_op",
            "iccpr_op1",
            "iccpr_op2",
        ],
    ),
    // A/C.3/80/L.20, preambular paragraph: "calling for their universal ratification"
    (
        "Reaffirming further that States Parties to the Convention on the Rights of the Child shall undertake all appropriate measures for the implementation of the rights recognized therein, while bearing in mind the importance of the Optional Protocols to the Convention2 and calling for their universal ratification and effective implementation, as well as that of other human rights instruments,",
        &["crc_op_ac", "crc_op_sc", "crc_op_ic"],
    ),
    // A/C.3/80/L.18, operative paragraph 3 (to the Migrant Workers Convention): ILO conventions are not ours
    (
        "3. Invites Member States to consider ratifying relevant International Labour Organization conventions, including the Migration for Employment Convention (Revised), 1949 (No. 97), 25 the Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143),26 the Private Employment Agencies Convention, 1997 (No. 181)27 and the Domestic Workers Convention, 2011 (No. 189), and to consider signing and ratifying or acceding to the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families,",
        &["cmw"],
    ),
    // A/80/L.8, annex paragraph 5
    (
        "5. We also reaffirm the importance of universal ratification and implementation of other relevant international instruments that address trafficking in persons, including the Convention on the Rights of the Child 7 and its optional protocols relevant to trafficking in persons.",
        &["crc"],
    ),
];

/// Real paragraphs that name a treaty without calling for it.
const NON_CALLS: &[&str] = &[
    // A/RES/72/163, operative paragraph 22 (data/resolutions)
    "22. Calls upon States parties to the Convention against Torture and Other \nCruel, Inhuman or Degrading Treatment or Punishment1 to fulfil their obligation to \nsubmit for prosecution or extradite those alleged to have committed acts of torture, \nregardless of where such acts were committed, if the alleged offender is present in \nany territory under their jurisdiction, and encourages other States also to do so, \nbearing in mind the need to fight impunity; ",
    // A/RES/72/163, operative paragraph 18, after the page break (data/resolutions)
    "view to preventing acts of torture or other cruel, inhuman or degrading treatment or \npunishment, and calls upon States parties to the Optional Protocol to the Convention \nagainst Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment6 to \nfulfil their obligation to designate or establish national preventive mechanisms that \nare truly independent, properly resourced and effective; ",
    // A/RES/72/163, operative paragraph 36 (data/resolutions)
    "36. Urges all States parties to the Convention that have not yet done so to \nmake the declarations provided for in articles 21 and 22 of the Convention concerning \ninter-State and individual communications, to consider the possibility of withdrawing \ntheir reservations to article 20, to notify the Secretary-General of their acceptance of \nthe amendments to articles 17 and 18, with a view to enhancing the effectiveness of \nthe Committee against Torture as soon as possible, and to comply strictly with their \nobligations under the Convention, including, in view of the high number of reports \nnot submitted in time, their obligation to submit reports in accordance with article 19 \nof the Convention, and invites States parties to incorporate a gender perspective and \ninformation concerning persons who are marginalized and most vulnerable, including \nchildren and juveniles and persons with disabilities, when submitting reports to the \nCommittee; ",
    // A/RES/72/163, operative paragraph 38 (data/resolutions)
    "38. Calls upon the United Nations High Commissioner for Human Rights, in \nconformity with his mandate established by the General Assembly in its resolution \n48/141 of 20 December 1993, to continue to provide, at the request of States, advisory \nservices for the prevention of torture and other cruel, inhuman or degrading treatment \nor punishment, including for the preparation of national reports to the Committee and \nfor the establishment and operation of national preventive mechanisms, as well as \ntechnical assistance for the development, production and distribution of teaching \nmaterials for this purpose, and to provide the support necessary to enable the \nSubcommittee to provide advice and assistance to States parties to the Optional \nProtocol; ",
    // A/RES/72/163, operative paragraph 47: welcoming an initiative for universal ratification is no call (data/resolutions)
    "47. Welcomes and acknowledges the work of the Convention against Torture \nInitiative, launched in March 2014 on the thirtieth anniversary of the adoption of the \nConvention, to achieve the universal ratification and improved implementation of the \nConvention by 2024, as well as related regional initiatives on the prevention and \neradication of torture; ",
    // A/RES/72/163, preambular paragraph (data/resolutions)
    "Recalling further the definition of torture contained in article 1 of the \nConvention against Torture and Other Cruel, Inhuman or Degrading Treatment or \nPunishment1 and the obligation of States to abide strictly by the definition of torture \ncontained in article 1, without prejudice to any international instrument or national \nlegislation which contains or may contain provisions of wider application, and \nemphasizing the importance of properly interpreting and implementing the \n__________________ ",
    // A/RES/80/198, operative paragraph 52 (data/resolutions)
    "52. Welcomes the work of the Convention against Torture Initiative, and the \nextension of its mandate until 2030, to achieve the universal ratification and improved \nimplementation of the Convention by 2024, as well as related regional initiatives on \nthe prevention and eradication of torture; ",
    // A/C.3/80/L.27, operative paragraph 1
    "1. Recognizes the importance of the International Convention for the Protection of All Persons from Enforced Disappearance, 9 the ratification and the implementation of which is a significant contribution to ending impunity and to promoting and protecting all human rights for all;",
    // A/C.3/80/L.20, operative paragraph 1
    "1. Recognizes that the Convention on the Rights of the Child is the human rights treaty with the largest number of ratifications, and acknowledges that the Convention and the Optional Protocols thereto contain a comprehensive set of international legal standards for the protection and well-being of children;",
    // A/C.3/80/L.27, first preambular paragraph
    "Reaffirming its resolution 61/177 of 20 December 2006, by which it adopted and opened for signature, ratification and accession the International Convention for the Protection of All Persons from Enforced Disappearance,",
    // A/C.3/80/L.44, preambular paragraph
    "Welcoming the fact that, since the opening for signature of the Convention on the Rights of Persons with Disabilities and the Optional Protocol thereto on 30 March 2007, 164 States and 1 regional integration organization have signed and 193 States and 1 regional integration organization have ratified or acceded to the Convention and 94 States have signed and 108 States have ratified the Optional Protocol,",
    // A/RES/79/149, operative paragraph 2
    "2. Expresses appreciation to Member States and United Nations entities that have submitted information on progress made towards the realization of the internationally agreed development goals, including on specific priorities for action, and data and analysis on persons with disabilities, and urges Member States and relevant United Nations entities to submit information for inclusion in the report of the Secretary-General on the implementation of the present resolution; 3. Recalls Human Rights Council resolution 26/20 of 27 June 2014, 23 in which the Council established the mandate of the Special Rapporteur on the rights of persons with disabilities, which included making concrete recommendations on how to better promote and protect the rights of persons with disabilities, how to promote development that is inclusive of and accessible to persons with disabilities and how to promote their roles as both agents for and beneficiaries of development; 4. Welcomes the inclusion of persons with disabilities in the 2030 Agenda for Sustainable Development, and recognizes that their participation is integral to the full and inclusive implementation of the Sustainable Development Goals; __________________ 21 Such as the Guidelines and Principles for the Development of Disability Statistics (United Nations publication, Sales No. E.01.XVII.15) and the Principles and Recommendations for Population and Housing Censuses (United Nations publication, Sales No. E.07.XVII.8). 22 A/79/372. 23 See Official Records of the General Assembly, Sixty-ninth Session, Supplement No. 53 (A/69/53), chap. V, sect. A. Inclusive development for and with persons with disabilities A/RES/79/149 7/12 24-24136 5. Expresses appreciation to Member States and United Nations entities that have drafted strategies outlining their way forward in implementing and monitoring the implementation of the 2030 Agenda or are in the process of doing so, and encourages States, with the support of relevant stakeholders, to encourage the participation of persons with disabilities in the design and implementation of these strategies and ensure that the strategies are inclusive of persons with disabilities and respect, protect and promote their rights, bearing in mind the Convention on the Rights of Persons with Disabilities;",
    // A/RES/80/229, operative paragraph 65: the call is for another convention
    "65. Recalls the adoption of the United Nations Convention against Cybercrime, by resolution 79/243 of 24 December 2024, and its opening for signature, at a ceremony held in Hanoi on 25 and 26 October 2025, as relevant steps towards strengthening the global response to cybercrime and international cooperation for combating certain crimes committed by means of information and communications technology systems and in sharing evidence in electronic form of serious crimes, and invites all Member States to consider signing and ratifying the Convention with a view to ensuring its entry into force and to support its effective and efficient implementation, once in force, and emphasizes that the new convention must be implemented in a way that does not undermine the obligations of States contained in the Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography;",
    // A/C.2/80/L.34, preambular paragraph
    "Recalling, in this regard, the International Covenant on Civil and Political Rights2 and the International Covenant on Economic, Social and Cultural Rights, 3 and affirming that these human rights instruments must be respected in the Occupied Palestinian Territory",
];

#[test]
fn real_calls_give_their_treaties() {
    let mut wrong = Vec::new();
    for (text, expected) in CALLS {
        let got = called(text);
        if got != *expected {
            wrong.push(format!("{text}\n  expected {expected:?}\n  got      {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    assert!(CALLS.len() >= 11);
}

#[test]
fn real_mentions_give_nothing() {
    let mut wrong = Vec::new();
    for text in NON_CALLS {
        let got = called(text);
        if !got.is_empty() {
            wrong.push(format!("{text}\n  got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    // Every one names a treaty but A/RES/72/163 paragraphs 36 and 38 ("the Convention", "the Optional
    // Protocol" alone, pointing to nothing the paragraph names).
    assert_eq!(NON_CALLS.iter().filter(|text| treaties_named(text).is_empty()).count(), 2);
    assert!(NON_CALLS.len() >= 8);
}

/// A quick survey of a corpus (`PLENARY_CORPUS_DIRS`, directories of `.txt` texts separated by `:`): each
/// text's words joined and cut before every numbered paragraph or sub-paragraph and every preambular opening,
/// and every piece that names one of the treaties beside a word of joining, with what it calls for. Run with
/// `--ignored --nocapture` and read.
#[test]
#[ignore = "a survey to read, over a corpus named by PLENARY_CORPUS_DIRS"]
#[allow(clippy::print_stdout)]
fn survey() {
    let Ok(dirs) = std::env::var("PLENARY_CORPUS_DIRS") else { return };
    let cut = regex::Regex::new(
        r"[;:,.] (?:\d{1,3}\. |\([a-z]\) |(?:Recalling|Reaffirming|Recognizing|Noting|Welcoming|Encouraging|Expressing|Bearing|Guided|Emphasizing|Stressing|Acknowledging|Deeply|Concerned|Convinced|Considering|Mindful|Taking)\b)",
    )
    .expect("the cut pattern is valid");
    let (mut calls, mut named_only, mut pieces) = (0, 0, 0);
    let mut elapsed = std::time::Duration::ZERO;
    for dir in dirs.split(':').filter(|dir| !dir.is_empty()) {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("{dir}: {error}"))
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
            .collect();
        files.sort();
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            let name = file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut starts: Vec<usize> = cut.find_iter(&text).map(|found| found.start() + 2).collect();
            starts.insert(0, 0);
            starts.push(text.len());
            for piece in starts.windows(2).map(|pair| &text[pair[0]..pair[1]]) {
                let clock = std::time::Instant::now();
                let ids = called(piece);
                elapsed += clock.elapsed();
                pieces += 1;
                let named = treaties_named(piece);
                let lower = piece.to_lowercase();
                let stem = ["part", "ratif", "acce", "sign", "adher"].iter().any(|stem| lower.contains(stem));
                if !ids.is_empty() {
                    calls += 1;
                    println!("CALL {name} {ids:?}\n    {piece}\n");
                } else if !named.is_empty() && stem {
                    named_only += 1;
                    println!("NONE {name} named {named:?}\n    {piece}\n");
                }
            }
        }
    }
    println!("{calls} calls, {named_only} pieces naming a treaty beside a word of joining without a call");
    println!("{pieces} pieces read in {elapsed:?}");
}
