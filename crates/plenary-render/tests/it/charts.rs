//! The pictures on real data: the parties to the Convention against Torture over time (counted here from the
//! shipped UN Treaty Collection table), the 193 member states on the tile map, the regional groups' bars.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use plenary_render::charts::{
    self, BACKGROUND, GroupBar, GroupBars, LETTER_COLOUR, Mark, StatusClass, StepChart, Tile, TileMap,
    tile_grid,
};
use time::Date;
use time::macros::date;

fn repository(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// The 193 member states' codes, from the core's table.
fn members() -> Vec<String> {
    let mut reader =
        csv::Reader::from_path(repository("crates/plenary-core/data/member-states.csv")).expect("the table");
    reader
        .records()
        .map(|record| record.expect("a row"))
        .filter(|record| &record[5] == "member")
        .map(|record| record[0].to_owned())
        .collect()
}

/// CAT's consents from the shipped table: (UNTC name, day), and the signatories not bound.
fn cat_rows() -> (Vec<(String, Date)>, BTreeSet<String>) {
    let mut reader = csv::Reader::from_path(repository("data/treaties/participants.csv")).expect("the table");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).expect("a column");
    let (treaty, name, signed, consent) =
        (column("treaty_id"), column("participant"), column("signature_date"), column("consent_date"));
    let format = time::format_description::well_known::Iso8601::DATE;
    let (mut consents, mut signatories) = (Vec::new(), BTreeSet::new());
    for record in reader.records().map(|record| record.expect("a row")) {
        if &record[treaty] != "cat" {
            continue;
        }
        if record[consent].is_empty() {
            if !record[signed].is_empty() {
                signatories.insert(record[name].to_owned());
            }
        } else {
            consents.push((record[name].to_owned(), Date::parse(&record[consent], &format).expect("a date")));
        }
    }
    (consents, signatories)
}

fn cat_chart() -> StepChart {
    let (consents, _) = cat_rows();
    let mut by_day: BTreeMap<Date, u32> = BTreeMap::new();
    for (_, day) in &consents {
        *by_day.entry(*day).or_default() += 1;
    }
    let mut running = 0;
    let points = by_day
        .into_iter()
        .map(|(day, added)| {
            running += added;
            (day, running)
        })
        .collect();
    let mark = |day: Date, label: &str, symbol: &str| Mark {
        date: day,
        label: label.to_owned(),
        title: format!("{symbol} adopted"),
        href: Some(format!("/documents/{}", symbol.to_lowercase().replace('/', "-"))),
    };
    StepChart {
        title: "Parties to the CAT over time".to_owned(),
        description: "From its adoption to 3 February 2026.".to_owned(),
        points,
        marks: vec![
            mark(date!(2017 - 12 - 19), "72/163", "A/RES/72/163"),
            mark(date!(2019 - 12 - 18), "74/143", "A/RES/74/143"),
            mark(date!(2025 - 12 - 15), "80/198", "A/RES/80/198"),
        ],
        reference: Some((193, "193 member states".to_owned())),
        from: date!(1984 - 12 - 10),
        to: date!(2026 - 02 - 03),
    }
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("the SVG is not XML: {error}"))
}

#[test]
fn every_member_state_has_a_cell_of_its_own_on_the_tile_grid() {
    let grid = tile_grid();
    let missing: Vec<String> = members().into_iter().filter(|code| !grid.contains_key(code)).collect();
    assert_eq!(missing, Vec::<String>::new());
    let cells: BTreeSet<(u16, u16)> = grid.values().copied().collect();
    assert_eq!(cells.len(), grid.len(), "two states share a cell");
    assert_eq!(grid.len(), 195, "the 193 members and the two observer states");
}

#[test]
fn the_cat_chart_ends_at_175_with_the_three_resolutions_marked() {
    let svg = charts::step_chart(&cat_chart());
    let document = parse(&svg);
    let last = document
        .descendants()
        .find(|node| node.attribute("class") == Some("last-value"))
        .expect("the last value");
    assert_eq!(last.text(), Some("175"));
    let marks: Vec<&str> = document
        .descendants()
        .filter(|node| node.attribute("class") == Some("mark"))
        .filter_map(|node| node.attribute("href"))
        .collect();
    assert_eq!(marks, ["/documents/a-res-72-163", "/documents/a-res-74-143", "/documents/a-res-80-198"]);
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("group"), "its links stay reachable");
    assert!(
        document
            .descendants()
            .any(|node| node.has_tag_name("title") && node.text() == Some("Parties to the CAT over time"))
    );
}

#[test]
fn crowded_marks_never_overlap_their_labels_and_keep_their_titles() {
    let mut chart = cat_chart();
    chart.marks = (0..20)
        .map(|year| Mark {
            date: Date::from_calendar_date(2006 + year, time::Month::December, 18).expect("a date"),
            label: format!("{}/{}", 61 + year, 150 + year),
            title: format!("resolution {year}"),
            href: None,
        })
        .collect();
    let svg = charts::step_chart(&chart);
    let document = parse(&svg);
    let marks: Vec<roxmltree::Node<'_, '_>> =
        document.descendants().filter(|node| node.attribute("class") == Some("mark")).collect();
    assert_eq!(marks.len(), 20);
    assert!(marks.iter().all(|mark| mark.children().any(|child| child.has_tag_name("title"))));
    let mut labels: Vec<(f64, f64, f64)> = Vec::new();
    for text in marks.iter().flat_map(|mark| mark.children()).filter(|child| child.has_tag_name("text")) {
        let x: f64 = text.attribute("x").and_then(|x| x.parse().ok()).expect("x");
        let y: f64 = text.attribute("y").and_then(|y| y.parse().ok()).expect("y");
        let half = 3.5 * text.text().unwrap_or("").chars().count() as f64;
        for (other_x, other_y, other_half) in &labels {
            assert!(
                (y - other_y).abs() > 1.0 || (x - other_x).abs() >= half + other_half,
                "two labels overlap at {x}, {y}"
            );
        }
        labels.push((x, y, half));
    }
}

#[test]
fn the_map_has_a_tile_and_a_letter_for_each_of_the_193_members() {
    let (consents, signatories) = cat_rows();
    let parties: BTreeSet<String> = consents.into_iter().map(|(name, _)| name).collect();
    let names: BTreeMap<String, String> = {
        let mut reader = csv::Reader::from_path(repository("crates/plenary-core/data/member-states.csv"))
            .expect("the table");
        reader
            .records()
            .map(|record| record.expect("a row"))
            .map(|record| (record[0].to_owned(), record[3].to_owned()))
            .collect()
    };
    let tiles: Vec<Tile> = members()
        .into_iter()
        .map(|code| {
            let name = names[&code].clone();
            let class = if parties.contains(&name) {
                StatusClass::Party
            } else if signatories.contains(&name) {
                StatusClass::Signatory
            } else {
                StatusClass::None
            };
            Tile {
                title: format!("{name}: {}", class.legend()),
                href: Some(format!("/states/{code}/treaties")),
                code,
                class,
            }
        })
        .collect();
    let svg =
        charts::tile_map(&TileMap { title: "CAT".to_owned(), description: "The members.".to_owned(), tiles });
    let document = parse(&svg);
    let tiles: Vec<roxmltree::Node<'_, '_>> = document
        .descendants()
        .filter(|node| node.has_tag_name("a") && node.attribute("data-state").is_some())
        .collect();
    assert_eq!(tiles.len(), 193);
    for tile in &tiles {
        let letter = tile
            .children()
            .find(|child| child.attribute("class") == Some("letter"))
            .and_then(|text| text.text());
        assert!(
            matches!(letter, Some("P" | "S" | "D" | "–")),
            "{:?} has no letter",
            tile.attribute("data-state")
        );
        assert!(tile.children().any(|child| child.has_tag_name("title")));
    }
    // India signed and is not bound: its tile says so with S, not with colour alone.
    let india = tiles.iter().find(|tile| tile.attribute("data-state") == Some("IND")).expect("India");
    assert_eq!(india.attribute("class"), Some("tile status-signatory"));
    let legend: Vec<&str> = document
        .descendants()
        .filter(|node| node.attribute("class").is_some_and(|class| class.starts_with("legend ")))
        .filter_map(|node| node.attribute("class"))
        .collect();
    assert_eq!(legend.len(), StatusClass::ALL.len());
}

#[test]
fn the_bars_count_each_group_and_name_every_segment() {
    let bars = GroupBars {
        title: "CAT by regional group".to_owned(),
        description: "Parties, signatories and the others.".to_owned(),
        groups: vec![
            GroupBar {
                name: "African States".to_owned(),
                segments: vec![(StatusClass::Party, 52), (StatusClass::None, 2)],
            },
            GroupBar {
                name: "Asia-Pacific States".to_owned(),
                segments: vec![
                    (StatusClass::Party, 42),
                    (StatusClass::Signatory, 3),
                    (StatusClass::None, 10),
                ],
            },
        ],
    };
    let svg = charts::group_bars(&bars);
    let document = parse(&svg);
    let titles: Vec<&str> = document
        .descendants()
        .filter(|node| node.attribute("class").is_some_and(|class| class.starts_with("segment")))
        .filter_map(|segment| {
            segment.children().find(|child| child.has_tag_name("title")).and_then(|title| title.text())
        })
        .collect();
    assert_eq!(
        titles,
        [
            "African States: 52 parties",
            "African States: 2 with no action",
            "Asia-Pacific States: 42 parties",
            "Asia-Pacific States: 3 signatories, not bound",
            "Asia-Pacific States: 10 with no action"
        ]
    );
    assert!(svg.contains(">54 members<") && svg.contains(">55 members<"));
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(colour: &str) -> f64 {
    let channel = |index: usize| {
        let value =
            f64::from(u8::from_str_radix(&colour[1 + 2 * index..3 + 2 * index], 16).expect("hex")) / 255.0;
        if value <= 0.039_28 { value / 12.92 } else { ((value + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[test]
fn every_status_colour_stands_out_from_the_background_and_carries_its_letter_legibly() {
    for class in StatusClass::ALL {
        assert!(contrast(class.colour(), BACKGROUND) >= 3.0, "{class:?} against the background");
        assert!(contrast(class.colour(), LETTER_COLOUR) >= 4.5, "{class:?} under its letter");
    }
}

#[test]
fn the_same_values_give_the_same_bytes() {
    assert_eq!(charts::step_chart(&cat_chart()), charts::step_chart(&cat_chart()));
}
