//! The treaty pages' pictures: the register's answers mapped into the plain inputs of
//! `plenary_render::charts` (the step chart of parties over time with the resolutions marked, the tile map
//! of the 193 members, a bar per regional group). The SVG itself is the rendering crate's.

use plenary_core::dates::format_date;
use plenary_core::treaties::{Gap, Standing, Status, Treaty, TreatyRegister};
use plenary_render::charts;
use time::Date;

use crate::api::treaties::SeriesEntry;

/// Parties over time, from the adoption to `today`, with the adoptions of the texts that call for the
/// treaty marked.
pub fn parties_chart(
    register: &TreatyRegister,
    treaty: &Treaty,
    series: &[SeriesEntry],
    today: Date,
) -> String {
    let points: Vec<(Date, u32)> = register
        .parties_over_time(&treaty.id)
        .iter()
        .map(|step| (step.date, u32::try_from(step.parties).unwrap_or(u32::MAX)))
        .collect();
    let marks = series
        .iter()
        .map(|entry| charts::Mark {
            date: entry.adopted,
            label: short_symbol(&entry.symbol),
            title: format!(
                "{} adopted {}: {} parties",
                entry.symbol,
                format_date(entry.adopted),
                entry.parties
            ),
            href: Some(format!("/documents/{}", entry.document)),
        })
        .collect();
    let now = points.last().map_or(0, |(_, count)| *count);
    charts::step_chart(&charts::StepChart {
        title: format!("Parties to the {} over time", treaty.abbreviation),
        description: format!(
            "The number of parties to the {} from its adoption on {} to {}: {now} today.",
            treaty.title,
            format_date(treaty.adopted),
            format_date(today)
        ),
        points,
        marks,
        reference: Some((193, "193 member states".to_owned())),
        from: treaty.adopted,
        to: today,
    })
}

/// "A/RES/72/163" → "72/163"; a Council resolution keeps its number.
fn short_symbol(symbol: &str) -> String {
    symbol.strip_prefix("A/RES/").unwrap_or(symbol).to_owned()
}

/// The status classes of the map and the bars: a colour, a letter and a legend each.
fn class(status: Status) -> charts::StatusClass {
    match status {
        Status::Party => charts::StatusClass::Party,
        Status::Signatory => charts::StatusClass::Signatory,
        Status::Denounced => charts::StatusClass::Denounced,
        Status::None => charts::StatusClass::None,
    }
}

/// The 193 members as tiles, each linking to its page.
pub fn tile_map(treaty: &Treaty, members: &[&Standing], as_of: Date) -> String {
    let tiles = members
        .iter()
        .map(|standing| charts::Tile {
            code: standing.code.to_owned(),
            class: class(standing.status),
            title: tile_title(standing),
            href: Some(format!("/states/{}/treaties", standing.code)),
        })
        .collect();
    charts::tile_map(&charts::TileMap {
        title: format!(
            "The {} across the 193 member states as of {}",
            treaty.abbreviation,
            format_date(as_of)
        ),
        description: format!(
            "Each square is a member state, placed roughly where it lies, with its code and a letter for its status \
             under the {}: P party, S signatory, D denounced, – none.",
            treaty.title
        ),
        tiles,
    })
}

/// "Denmark: party since 27 May 1987".
fn tile_title(standing: &Standing) -> String {
    match (standing.status, standing.consent, standing.signature, standing.denounced) {
        (Status::Party, Some(consent), _, _) => {
            format!("{}: party since {}", standing.name, format_date(consent))
        }
        (Status::Signatory, _, Some(signed), _) => {
            format!("{}: signed on {}", standing.name, format_date(signed))
        }
        (Status::Denounced, _, _, Some(day)) => {
            format!("{}: denounced with effect from {}", standing.name, format_date(day))
        }
        _ => format!("{}: no action", standing.name),
    }
}

/// A bar per regional group: parties, signatories, the others.
pub fn group_bars(treaty: &Treaty, gap: &Gap) -> String {
    let groups = gap
        .groups
        .iter()
        .map(|group| charts::GroupBar {
            name: group.group.name().to_owned(),
            segments: vec![
                (charts::StatusClass::Party, u32::try_from(group.parties).unwrap_or(0)),
                (charts::StatusClass::Signatory, u32::try_from(group.signatories).unwrap_or(0)),
                (charts::StatusClass::None, u32::try_from(group.others).unwrap_or(0)),
            ],
        })
        .collect();
    charts::group_bars(&charts::GroupBars {
        title: format!("The {} by regional group as of {}", treaty.abbreviation, format_date(gap.as_of)),
        description: format!(
            "For each regional group, its members that are parties, signatories, and neither, under the {}.",
            treaty.title
        ),
        groups,
    })
}
