//! Pictures as SVG: a count over time as a step chart with dated marks (the parties to a treaty, with the
//! adoptions of the resolutions that call for it), a tile map of the 193 member states coloured by status
//! with a letter on every tile, and a stacked bar per regional group.
//!
//! Each takes plain values, so the caller maps its own data into them, and returns a standalone SVG (it can
//! be inlined in a page or served as a file). Every text is escaped; the output is deterministic (the same
//! input gives the same bytes: coordinates with one decimal). Colour is never the only sign: tiles and bar
//! segments carry a letter, and every mark, tile and segment a `<title>` in words. The colours keep 3:1
//! against the white background and their letters 4.5:1 against them (WCAG 1.4.11 and 1.4.3; the tests
//! compute it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use time::Date;

use crate::html::escape;

/// A dated mark on a step chart: a resolution adopted that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub date: Date,
    /// What the chart prints beside the mark: "72/163".
    pub label: String,
    /// What it says in full (its `<title>`): "A/RES/72/163 adopted 19 December 2017: 162 parties".
    pub title: String,
    pub href: Option<String>,
}

/// A count over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepChart {
    pub title: String,
    pub description: String,
    /// Every day the count changed, with the count after that day, oldest first.
    pub points: Vec<(Date, u32)>,
    pub marks: Vec<Mark>,
    /// A reference line (the 193 member states) and its label.
    pub reference: Option<(u32, String)>,
    /// The span of the x axis.
    pub from: Date,
    pub to: Date,
}

/// A participant's status, as the map and the bars colour and letter it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusClass {
    Party,
    Signatory,
    Denounced,
    None,
}

impl StatusClass {
    pub const ALL: [StatusClass; 4] =
        [StatusClass::Party, StatusClass::Signatory, StatusClass::Denounced, StatusClass::None];

    /// The fill: dark enough for 3:1 against white and 4.5:1 under white letters.
    pub fn colour(self) -> &'static str {
        match self {
            StatusClass::Party => "#17663a",
            StatusClass::Signatory => "#8a5300",
            StatusClass::Denounced => "#a11d2b",
            StatusClass::None => "#5b6470",
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            StatusClass::Party => "P",
            StatusClass::Signatory => "S",
            StatusClass::Denounced => "D",
            StatusClass::None => "–",
        }
    }

    /// The legend's words.
    pub fn legend(self) -> &'static str {
        match self {
            StatusClass::Party => "party",
            StatusClass::Signatory => "signatory, not bound",
            StatusClass::Denounced => "denounced",
            StatusClass::None => "no action",
        }
    }

    /// `count` of them in words: "52 parties", "1 signatory, not bound", "2 with no action".
    pub fn counted(self, count: u32) -> String {
        let words = match (self, count) {
            (StatusClass::Party, 1) => "party",
            (StatusClass::Party, _) => "parties",
            (StatusClass::Signatory, 1) => "signatory, not bound",
            (StatusClass::Signatory, _) => "signatories, not bound",
            (StatusClass::Denounced, _) => "denounced",
            (StatusClass::None, _) => "with no action",
        };
        format!("{count} {words}")
    }

    /// The class name in the SVG (`status-party`), for styles and tests.
    pub fn id(self) -> &'static str {
        match self {
            StatusClass::Party => "party",
            StatusClass::Signatory => "signatory",
            StatusClass::Denounced => "denounced",
            StatusClass::None => "none",
        }
    }
}

/// The letters' colour on every fill.
pub const LETTER_COLOUR: &str = "#ffffff";
/// The pictures' background.
pub const BACKGROUND: &str = "#ffffff";
const INK: &str = "#1d2530";
const MUTED: &str = "#545d69";
const LINE: &str = "#17457a";
const FONT: &str = "font-family=\"sans-serif\"";

/// A member state's tile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    /// ISO 3166-1 alpha-3: where the tile goes (`data/tile-grid.csv`) and what it prints.
    pub code: String,
    pub class: StatusClass,
    /// "Denmark: party since 27 May 1987".
    pub title: String,
    pub href: Option<String>,
}

/// The tile map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileMap {
    pub title: String,
    pub description: String,
    pub tiles: Vec<Tile>,
}

/// One regional group's bar: its segments, in order, with their counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBar {
    pub name: String,
    pub segments: Vec<(StatusClass, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBars {
    pub title: String,
    pub description: String,
    pub groups: Vec<GroupBar>,
}

/// The grid of the tile map: every member state's and observer state's cell, compiled in.
const TILE_GRID: &str = include_str!("../data/tile-grid.csv");

/// The cell of each state on the map, by ISO3 code.
pub fn tile_grid() -> &'static BTreeMap<String, (u16, u16)> {
    static GRID: LazyLock<BTreeMap<String, (u16, u16)>> = LazyLock::new(|| {
        TILE_GRID
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut fields = line.split(',');
                let code = fields.next()?.to_owned();
                let x = fields.next()?.parse().ok()?;
                let y = fields.next()?.parse().ok()?;
                Some((code, (x, y)))
            })
            .collect()
    });
    &GRID
}

/// Opens an SVG with its accessible name and description. A picture with links inside is a group (so the
/// links stay reachable); one without is an image.
fn open(svg: &mut String, id: &str, width: f64, height: f64, title: &str, description: &str, linked: bool) {
    let role = if linked { "group" } else { "img" };
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.1} {height:.1}\" width=\"{width:.1}\" \
         height=\"{height:.1}\" role=\"{role}\" aria-labelledby=\"{id}-title {id}-desc\" {FONT}>\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
         <rect width=\"100%\" height=\"100%\" fill=\"{BACKGROUND}\"/>",
        escape(title),
        escape(description)
    );
}

/// A day as a number of days, for the x axis.
fn day_number(date: Date) -> f64 {
    f64::from(date.to_julian_day())
}

/// A "nice" top for an axis holding `max`: 10, 20, 50, 100, 200 … times a power of ten.
fn nice_top(max: u32) -> (u32, u32) {
    let max = max.max(1);
    let mut step = 1;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step * factor;
            if max.div_ceil(candidate) <= 5 {
                return (max.div_ceil(candidate) * candidate, candidate);
            }
        }
        step *= 10;
    }
}

/// The step chart: the count as a line that steps up (or down) on each day it changed, from `from` to `to`.
pub fn step_chart(chart: &StepChart) -> String {
    let (width, height) = (800.0, 380.0);
    let (left, right, top, bottom) = (52.0, 70.0, 78.0, 40.0);
    let plot_width = width - left - right;
    let plot_height = height - top - bottom;
    let (start, end) = (day_number(chart.from), day_number(chart.to).max(day_number(chart.from) + 1.0));
    let x = |date: Date| left + (day_number(date).clamp(start, end) - start) / (end - start) * plot_width;
    let max = chart.points.iter().map(|(_, count)| *count).max().unwrap_or(0);
    let (y_top, y_step) = nice_top(max.max(chart.reference.as_ref().map_or(0, |(value, _)| *value)));
    let y = |count: u32| top + plot_height - f64::from(count) / f64::from(y_top) * plot_height;

    let mut svg = String::new();
    open(&mut svg, "step-chart", width, height, &chart.title, &chart.description, !chart.marks.is_empty());

    // The y axis: gridlines and counts.
    let mut tick = 0;
    while tick <= y_top {
        let at = y(tick);
        let _ = write!(
            svg,
            "<line x1=\"{left:.1}\" y1=\"{at:.1}\" x2=\"{:.1}\" y2=\"{at:.1}\" stroke=\"#d5d9de\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"{MUTED}\">{tick}</text>",
            left + plot_width,
            left - 6.0,
            at + 4.0
        );
        tick += y_step;
    }
    // The x axis: years, every five or ten.
    let years = chart.to.year() - chart.from.year();
    let every = if years > 40 {
        10
    } else if years > 12 {
        5
    } else {
        1
    };
    let first = (chart.from.year() + every - 1).div_euclid(every) * every;
    let mut year = first;
    while year <= chart.to.year() {
        if let Ok(day) = Date::from_calendar_date(year, time::Month::January, 1) {
            if day >= chart.from {
                let at = x(day);
                let _ = write!(
                    svg,
                    "<line x1=\"{at:.1}\" y1=\"{:.1}\" x2=\"{at:.1}\" y2=\"{:.1}\" stroke=\"{MUTED}\"/>\
                     <text x=\"{at:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{MUTED}\">{year}</text>",
                    top + plot_height,
                    top + plot_height + 5.0,
                    top + plot_height + 19.0
                );
            }
        }
        year += every;
    }
    let _ = write!(
        svg,
        "<line x1=\"{left:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{INK}\"/>",
        top + plot_height,
        left + plot_width,
        top + plot_height
    );

    // The reference line.
    if let Some((value, label)) = &chart.reference {
        let at = y(*value);
        let _ = write!(
            svg,
            "<line x1=\"{left:.1}\" y1=\"{at:.1}\" x2=\"{:.1}\" y2=\"{at:.1}\" stroke=\"{MUTED}\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            left + plot_width,
            left + 4.0,
            at - 4.0,
            escape(label)
        );
    }

    // The marks: a thin line each, labels staggered on three rows above the plot so that none overlaps.
    let mut row_ends = [f64::NEG_INFINITY; 3];
    for mark in &chart.marks {
        let at = x(mark.date);
        let label_width = 7.0 * mark.label.chars().count() as f64;
        let row = row_ends.iter().position(|end| at - label_width / 2.0 > *end + 4.0);
        let mut pieces = format!(
            "<title>{}</title><line x1=\"{at:.1}\" y1=\"{top:.1}\" x2=\"{at:.1}\" y2=\"{:.1}\" stroke=\"{LINE}\" \
             stroke-width=\"1\" stroke-dasharray=\"2 2\"/>",
            escape(&mark.title),
            top + plot_height
        );
        if let Some(row) = row {
            row_ends[row] = at + label_width / 2.0;
            let label_y = top - 8.0 - 16.0 * row as f64;
            let _ = write!(
                pieces,
                "<text x=\"{at:.1}\" y=\"{label_y:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{LINE}\">{}</text>",
                escape(&mark.label)
            );
        }
        match &mark.href {
            Some(href) => {
                let _ = write!(svg, "<a href=\"{}\" class=\"mark\">{pieces}</a>", escape(href));
            }
            None => {
                let _ = write!(svg, "<g class=\"mark\">{pieces}</g>");
            }
        }
    }

    // The line: from zero at the start, a step at each change, on to the end.
    let mut path = format!("M{:.1},{:.1}", x(chart.from), y(0));
    let mut current = 0;
    for (date, count) in &chart.points {
        let at = x(*date);
        let _ = write!(path, " H{at:.1} V{:.1}", y(*count));
        current = *count;
    }
    let _ = write!(path, " H{:.1}", x(chart.to));
    let _ = write!(svg, "<path d=\"{path}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2.5\"/>");
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"bold\" fill=\"{INK}\" class=\"last-value\">{current}</text>",
        left + plot_width + 6.0,
        y(current) + 5.0
    );
    svg.push_str("</svg>");
    svg
}

/// The tile map: a square per state at its cell of `data/tile-grid.csv`, with its code and its status
/// letter, and a legend.
pub fn tile_map(map: &TileMap) -> String {
    let grid = tile_grid();
    let (columns, rows) =
        grid.values().fold((0, 0), |(columns, rows), (x, y)| (columns.max(*x + 1), rows.max(*y + 1)));
    let (cell, gap) = (30.0, 2.0);
    let legend_height = 36.0;
    let width = f64::from(columns) * (cell + gap);
    let height = f64::from(rows) * (cell + gap) + legend_height;
    let mut svg = String::new();
    open(&mut svg, "tile-map", width, height, &map.title, &map.description, true);
    for tile in &map.tiles {
        let Some((column, row)) = grid.get(&tile.code) else { continue };
        let (left, top) = (f64::from(*column) * (cell + gap), f64::from(*row) * (cell + gap));
        let body = format!(
            "<title>{}</title><rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" rx=\"3\" \
             fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" \
             fill=\"{LETTER_COLOUR}\" class=\"letter\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8.5\" \
             text-anchor=\"middle\" fill=\"{LETTER_COLOUR}\" class=\"code\">{}</text>",
            escape(&tile.title),
            tile.class.colour(),
            left + cell / 2.0,
            top + 14.0,
            tile.class.letter(),
            left + cell / 2.0,
            top + 26.0,
            escape(&tile.code)
        );
        let class = format!("tile status-{}", tile.class.id());
        match &tile.href {
            Some(href) => {
                let _ = write!(
                    svg,
                    "<a href=\"{}\" class=\"{class}\" data-state=\"{}\">{body}</a>",
                    escape(href),
                    escape(&tile.code)
                );
            }
            None => {
                let _ = write!(svg, "<g class=\"{class}\" data-state=\"{}\">{body}</g>", escape(&tile.code));
            }
        }
    }
    legend(
        &mut svg,
        f64::from(rows) * (cell + gap) + 8.0,
        &counts(map.tiles.iter().map(|tile| tile.class)),
        false,
    );
    svg.push_str("</svg>");
    svg
}

fn counts(classes: impl Iterator<Item = StatusClass>) -> BTreeMap<StatusClass, u32> {
    let mut counts = BTreeMap::new();
    for class in classes {
        *counts.entry(class).or_insert(0) += 1;
    }
    counts
}

/// The legend: a swatch with its letter, the words and the count, for every class (with `only_present`,
/// for the classes counted).
fn legend(svg: &mut String, top: f64, counts: &BTreeMap<StatusClass, u32>, only_present: bool) {
    let mut left = 0.0;
    for class in StatusClass::ALL {
        if only_present && !counts.contains_key(&class) {
            continue;
        }
        let count = counts.get(&class).copied().unwrap_or(0);
        let words = format!("{} ({count})", class.legend());
        let _ = write!(
            svg,
            "<g class=\"legend status-{}\"><rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"20\" height=\"20\" rx=\"3\" \
             fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" \
             fill=\"{LETTER_COLOUR}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"{INK}\">{}</text></g>",
            class.id(),
            class.colour(),
            left + 10.0,
            top + 15.0,
            class.letter(),
            left + 26.0,
            top + 15.0,
            escape(&words)
        );
        left += 40.0 + 7.0 * words.chars().count() as f64;
    }
}

/// A stacked bar per regional group, its segments in the given order, each with its count and letter when
/// it is wide enough to hold them (and always in its `<title>`).
pub fn group_bars(bars: &GroupBars) -> String {
    let (label_width, bar_width, row_height) = (190.0, 520.0, 34.0);
    let most = bars
        .groups
        .iter()
        .map(|group| group.segments.iter().map(|(_, count)| *count).sum::<u32>())
        .max()
        .unwrap_or(1)
        .max(1);
    let width = label_width + bar_width + 90.0;
    let height = row_height * bars.groups.len() as f64 + 44.0;
    let mut svg = String::new();
    open(&mut svg, "group-bars", width, height, &bars.title, &bars.description, false);
    for (index, group) in bars.groups.iter().enumerate() {
        let top = 6.0 + row_height * index as f64;
        let total: u32 = group.segments.iter().map(|(_, count)| *count).sum();
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            label_width - 8.0,
            top + 17.0,
            escape(&group.name)
        );
        let mut left = label_width;
        for (class, count) in &group.segments {
            if *count == 0 {
                continue;
            }
            let segment = f64::from(*count) / f64::from(most) * bar_width;
            let said = format!("{}: {}", group.name, class.counted(*count));
            let _ = write!(
                svg,
                "<g class=\"segment status-{}\"><title>{}</title><rect x=\"{left:.1}\" y=\"{top:.1}\" \
                 width=\"{segment:.1}\" height=\"24\" fill=\"{}\"/>",
                class.id(),
                escape(&said),
                class.colour()
            );
            if segment >= 34.0 {
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" \
                     fill=\"{LETTER_COLOUR}\">{} {count}</text>",
                    left + segment / 2.0,
                    top + 16.5,
                    class.letter()
                );
            }
            svg.push_str("</g>");
            left += segment;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{MUTED}\">{total} members</text>",
            left + 6.0,
            top + 16.5
        );
    }
    let all = bars.groups.iter().flat_map(|group| group.segments.iter().copied());
    let mut totals = BTreeMap::new();
    for (class, count) in all {
        *totals.entry(class).or_insert(0) += count;
    }
    legend(&mut svg, 8.0 + row_height * bars.groups.len() as f64, &totals, true);
    svg.push_str("</svg>");
    svg
}
