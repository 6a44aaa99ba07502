//! The spreadsheet contents of an export as plain tables, free of any file format. XLSX,
//! ODS and CSV only serialise these, so their sheets, columns and values cannot drift
//! apart. Text is kept exactly as typed: XLSX and ODS write it as text cells, which never
//! run as formulas; the CSV writer neutralises formulas itself.

use chrono::{NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::domain::export::{ConsultationExport, Level, ReactionExport, Sender, SupportExport};
use crate::domain::signature::DistrictCount;

/// Why a spreadsheet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// One cell value with its type, so dates stay dates and numbers stay numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Exactly as typed, never empty: build it with [`Cell::text`].
    Text(String),
    Number(i64),
    /// Amsterdam wall-clock time, as the reader expects to see it: spreadsheets have no
    /// time zones. Build it from UTC with [`Cell::date`].
    Date(NaiveDateTime),
    Empty,
}

impl Cell {
    /// Text as typed; empty text is an empty cell.
    pub fn text(value: &str) -> Self {
        if value.is_empty() {
            Self::Empty
        } else {
            Self::Text(value.to_owned())
        }
    }

    /// A UTC moment of the model, shown in Amsterdam time.
    pub fn date(utc: NaiveDateTime) -> Self {
        Self::Date(amsterdam(utc))
    }

    fn optional_text(value: Option<&str>) -> Self {
        value.map_or(Self::Empty, Self::text)
    }

    fn count(value: usize) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// Amsterdam wall-clock time of a UTC moment.
pub fn amsterdam(utc: NaiveDateTime) -> NaiveDateTime {
    Utc.from_utc_datetime(&utc)
        .with_timezone(&Amsterdam)
        .naive_local()
}

/// How dates read in CSV and wherever a date has to be text: `dd-mm-jjjj uu:mm`.
pub fn date_text(local: NaiveDateTime) -> String {
    local.format("%d-%m-%Y %H:%M").to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// In characters; formats convert to their own unit.
    pub width: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Label-value pairs for people to read: no header row, no filter.
    Notes,
    /// Data with a header row that stays in view and carries a filter.
    Table,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: &'static str,
    /// A warning the sheet shows in its own first row, above everything else: the
    /// personal-data notice of the full version.
    pub notice: Option<&'static str>,
    pub layout: Layout,
    pub columns: Vec<Column>,
    /// Every row has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn new(
        export: &ConsultationExport,
        name: &'static str,
        layout: Layout,
        columns: &[(&'static str, u8)],
    ) -> Self {
        Self {
            name,
            notice: export.level.notice(),
            layout,
            columns: columns
                .iter()
                .map(|&(title, width)| Column { title, width })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Rows above the header (or, on a notes sheet, above the first row): the notice.
    pub fn notice_rows(&self) -> usize {
        usize::from(self.notice.is_some())
    }

    fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.name);
        self.rows.push(row);
    }
}

/// Shown in every export, because a co-signature count is easily read as a head count.
pub const SIGNATURE_NOTE: &str = "Een steunbetuiging betekent dat iemand een e-mailadres heeft bevestigd. Het is geen bewijs van identiteit.";

const SMALL_COUNT_NOTE: &str = "Steun per wijk onder de 5 staat als \u{2018}minder dan 5\u{2019}, zodat niemand herkenbaar is.";

/// The workbook of XLSX and ODS, in sheet order.
pub fn sheets(export: &ConsultationExport) -> Vec<Sheet> {
    vec![
        about(export),
        reactions(export),
        positions(export),
        scenarios(export),
        district_support(export),
        speaking_requests(export),
    ]
}

fn about(export: &ConsultationExport) -> Sheet {
    let mut sheet = Sheet::new(
        export,
        "Over dit bestand",
        Layout::Notes,
        &[("", 28), ("", 90)],
    );
    let withdrawn = export.reactions.len() - export.active_reactions();
    let rows = [
        ("Gemeente", Cell::text(&export.council)),
        ("Consultatie", Cell::text(&export.title)),
        ("Commissie", Cell::text(&export.committee)),
        ("Vergadering", Cell::date(export.meeting_at)),
        ("Sluitingsdatum", Cell::date(export.deadline_at)),
        ("Versie beleidsstuk", Cell::text(&export.policy_version)),
        (
            "Beleidsstuk",
            Cell::optional_text(export.document_url.as_deref()),
        ),
        ("Consultatiepagina", Cell::text(&export.url)),
        ("Stand", Cell::text(export.edition.label())),
        ("Openbaarheid", Cell::text(export.level.label())),
        ("Gemaakt op", Cell::date(export.generated_at)),
        ("Reacties", Cell::count(export.active_reactions())),
        ("Ingetrokken reacties", Cell::count(withdrawn)),
        ("Tijden", Cell::text("Nederlandse tijd (Amsterdam)")),
        ("Steunbetuigingen", Cell::text(SIGNATURE_NOTE)),
        ("Steun per wijk", Cell::text(SMALL_COUNT_NOTE)),
    ];
    for (label, value) in rows {
        sheet.push(vec![Cell::text(label), value]);
    }
    sheet
}

fn status(reaction: &ReactionExport) -> Cell {
    Cell::text(if reaction.withdrawn_at.is_some() {
        "ingetrokken"
    } else {
        "ingediend"
    })
}

/// A beslispunt by number; positions about the note as a whole have none.
fn decision_point(point: Option<i32>) -> Cell {
    point.map_or_else(|| Cell::text("hele notitie"), |n| Cell::Number(n.into()))
}

fn supporting_organisations(support: &SupportExport) -> Cell {
    Cell::text(&support.organisations.join("; "))
}

/// Sheet "Reacties", also the reactions CSV.
pub fn reactions(export: &ConsultationExport) -> Sheet {
    let full = export.level == Level::Full;
    let mut columns = vec![
        ("volgnummer", 12),
        ("ontvangstnummer", 16),
        ("ontvangen op", 17),
        ("afzender", 32),
        ("soort afzender", 14),
    ];
    if full {
        columns.push(("ingediend namens het bestuur door", 28));
    }
    columns.extend([
        ("titel", 40),
        ("inleiding", 60),
        ("status", 12),
        ("ingetrokken op", 17),
        ("SHA-256", 66),
        ("aantal bijlagen", 10),
        ("medeondertekenaars", 12),
    ]);
    let mut sheet = Sheet::new(export, "Reacties", Layout::Table, &columns);
    for reaction in &export.reactions {
        let mut row = vec![
            Cell::Number(reaction.sequence.into()),
            Cell::text(&reaction.number),
            Cell::date(reaction.submitted_at),
            Cell::text(&reaction.sender.label()),
            Cell::text(reaction.sender.kind_label()),
        ];
        if full {
            row.push(Cell::optional_text(reaction.submitted_by.as_deref()));
        }
        row.extend([
            Cell::text(&reaction.title),
            Cell::text(&reaction.introduction),
            status(reaction),
            reaction.withdrawn_at.map_or(Cell::Empty, Cell::date),
            Cell::text(&reaction.content_hash),
            Cell::count(reaction.attachments.len()),
            Cell::Number(reaction.co_signatures()),
        ]);
        sheet.push(row);
    }
    sheet
}

/// Sheet "Standpunten", also the positions CSV.
pub fn positions(export: &ConsultationExport) -> Sheet {
    let mut sheet = Sheet::new(
        export,
        "Standpunten",
        Layout::Table,
        &[
            ("ontvangstnummer", 16),
            ("standpunt nr", 10),
            ("beslispunt", 12),
            ("standpunt", 22),
            ("tekst", 80),
            ("steunbetuigingen", 12),
            ("organisaties die steunen", 40),
            ("status reactie", 12),
        ],
    );
    for reaction in &export.reactions {
        for position in &reaction.positions {
            sheet.push(vec![
                Cell::text(&reaction.number),
                Cell::Number(position.number.into()),
                decision_point(position.decision_point),
                Cell::text(position.stance.label()),
                Cell::text(&position.body),
                Cell::Number(position.support.total),
                supporting_organisations(&position.support),
                status(reaction),
            ]);
        }
    }
    sheet
}

fn scenarios(export: &ConsultationExport) -> Sheet {
    let mut sheet = Sheet::new(
        export,
        "Scenario's",
        Layout::Table,
        &[
            ("ontvangstnummer", 16),
            ("scenario nr", 10),
            ("beslispunt", 12),
            ("titel", 32),
            ("beheerder", 24),
            ("verzoek", 50),
            ("kosten per jaar (euro)", 14),
            ("kosten gedragen door", 30),
            ("voorwaarden", 40),
            ("toelichting", 60),
            ("steunbetuigingen", 12),
            ("organisaties die steunen", 40),
            ("status reactie", 12),
        ],
    );
    for reaction in &export.reactions {
        for scenario in &reaction.scenarios {
            sheet.push(vec![
                Cell::text(&reaction.number),
                Cell::Number(scenario.number.into()),
                decision_point(scenario.decision_point),
                Cell::text(&scenario.title),
                Cell::text(scenario.operator.label()),
                Cell::text(&scenario.request),
                scenario.yearly_cost_euros.map_or(Cell::Empty, Cell::Number),
                Cell::text(&scenario.cost_bearer),
                Cell::text(&scenario.conditions),
                Cell::text(&scenario.body),
                Cell::Number(scenario.support.total),
                supporting_organisations(&scenario.support),
                status(reaction),
            ]);
        }
    }
    sheet
}

/// Small counts stay text, so nobody sums "minder dan 5" as a number.
fn district_count(count: &DistrictCount) -> Cell {
    match count {
        DistrictCount::Exact(n) => Cell::Number(*n),
        DistrictCount::FewerThanFive => Cell::text(&count.label()),
    }
}

fn district_support(export: &ConsultationExport) -> Sheet {
    let mut sheet = Sheet::new(
        export,
        "Steun per wijk",
        Layout::Table,
        &[
            ("ontvangstnummer", 16),
            ("standpunt of scenario", 20),
            ("beslispunt", 12),
            ("wijk", 30),
            ("steun", 12),
            ("status reactie", 12),
        ],
    );
    for reaction in &export.reactions {
        let positions = reaction.positions.iter().map(|p| {
            (
                format!("standpunt {}", p.number),
                p.decision_point,
                &p.support,
            )
        });
        let scenarios = reaction.scenarios.iter().map(|s| {
            (
                format!("scenario {}", s.number),
                s.decision_point,
                &s.support,
            )
        });
        for (subject, point, support) in positions.chain(scenarios) {
            for (district, count) in &support.by_district {
                sheet.push(vec![
                    Cell::text(&reaction.number),
                    Cell::text(&subject),
                    decision_point(point),
                    Cell::text(district),
                    district_count(count),
                    status(reaction),
                ]);
            }
        }
    }
    sheet
}

fn speaking_requests(export: &ConsultationExport) -> Sheet {
    let full = export.level == Level::Full;
    let mut columns = vec![
        ("ontvangstnummer", 16),
        ("inspreker", 30),
        ("namens", 30),
        ("beslispunt", 12),
        ("status", 12),
        ("minuten", 10),
    ];
    if full {
        columns.push(("schriftelijke bijdrage", 80));
    }
    let mut sheet = Sheet::new(export, "Inspreekverzoeken", Layout::Table, &columns);
    for request in &export.speaking_requests {
        let mut row = vec![
            Cell::text(&request.reaction_number),
            Cell::text(&request.speaker),
            Cell::text(&request.on_behalf),
            decision_point(request.decision_point),
            Cell::text(&request.state),
            request
                .minutes
                .map_or(Cell::Empty, |m| Cell::Number(m.into())),
        ];
        if full {
            row.push(Cell::optional_text(request.written_contribution.as_deref()));
        }
        sheet.push(row);
    }
    sheet
}

/// The griffie's list of incoming documents names organisations but never private
/// individuals, whatever the level.
fn incoming_sender(sender: &Sender) -> Cell {
    match sender {
        Sender::Organisation { name } => Cell::text(name),
        Sender::Resident { .. } => Cell::text("inwoner"),
    }
}

/// "Lijst ingekomen stukken", shaped as the griffie keeps it.
pub fn incoming_list(export: &ConsultationExport) -> Sheet {
    let mut sheet = Sheet::new(
        export,
        "Lijst ingekomen stukken",
        Layout::Table,
        &[
            ("volgnummer", 12),
            ("datum ontvangst", 17),
            ("afzender", 32),
            ("onderwerp", 50),
            ("agendapunt", 16),
            ("aantal medeondertekenaars", 14),
            ("voorgestelde afhandeling", 32),
            ("status", 12),
        ],
    );
    for reaction in &export.reactions {
        sheet.push(vec![
            Cell::Number(reaction.sequence.into()),
            Cell::date(reaction.submitted_at),
            incoming_sender(&reaction.sender),
            Cell::text(&reaction.title),
            Cell::optional_text(reaction.agenda_item.as_deref()),
            Cell::Number(reaction.co_signatures()),
            Cell::optional_text(reaction.handling.map(|h| h.label())),
            status(reaction),
        ]);
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::PERSONAL_DATA_NOTICE;
    use crate::export::sample::sample;

    fn column(sheet: &Sheet, title: &str) -> usize {
        sheet
            .columns
            .iter()
            .position(|c| c.title == title)
            .unwrap_or_else(|| panic!("{title} in {}", sheet.name))
    }

    #[test]
    fn every_row_has_a_cell_per_column_and_text_is_kept_as_typed() {
        for sheet in sheets(&sample(20, Level::Full))
            .into_iter()
            .chain([incoming_list(&sample(20, Level::Full))])
        {
            for row in &sheet.rows {
                assert_eq!(row.len(), sheet.columns.len(), "{}", sheet.name);
            }
        }
        let positions = positions(&sample(1, Level::Public));
        assert_eq!(
            positions.rows[1][column(&positions, "tekst")],
            Cell::Text("=Geef bewonersbeheer een eerlijke kans met een vast budget.".into())
        );
    }

    #[test]
    fn only_the_full_version_has_a_notice_on_every_sheet() {
        let full = sample(3, Level::Full);
        for sheet in sheets(&full).into_iter().chain([incoming_list(&full)]) {
            assert_eq!(sheet.notice, Some(PERSONAL_DATA_NOTICE), "{}", sheet.name);
            assert_eq!(sheet.notice_rows(), 1);
        }
        let public = sample(3, Level::Public);
        for sheet in sheets(&public).into_iter().chain([incoming_list(&public)]) {
            assert_eq!(sheet.notice, None, "{}", sheet.name);
            assert_eq!(sheet.notice_rows(), 0);
        }
    }

    #[test]
    fn times_are_amsterdam_wall_clock_time() {
        let export = sample(1, Level::Public);
        let sheet = reactions(&export);
        // 10 November 2026 09:07 UTC is 10:07 in Amsterdam (winter time).
        assert_eq!(
            sheet.rows[0][column(&sheet, "ontvangen op")],
            Cell::Date(
                NaiveDateTime::parse_from_str("2026-11-10 10:07", "%Y-%m-%d %H:%M").unwrap()
            )
        );
        assert_eq!(
            date_text(amsterdam(export.reactions[0].submitted_at)),
            "10-11-2026 10:07"
        );
        let summer = NaiveDateTime::parse_from_str("2026-06-10 10:00", "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(date_text(amsterdam(summer)), "10-06-2026 12:00");
    }

    #[test]
    fn small_district_counts_stay_text() {
        let sheet = district_support(&sample(3, Level::Public));
        let steun = column(&sheet, "steun");
        let cells: Vec<&Cell> = sheet.rows.iter().map(|r| &r[steun]).collect();
        assert!(cells.contains(&&Cell::Text("minder dan 5".into())));
        assert!(
            cells
                .iter()
                .any(|c| matches!(c, Cell::Number(n) if *n >= 5))
        );
        assert!(
            cells
                .iter()
                .all(|c| matches!(c, Cell::Text(_)) || matches!(c, Cell::Number(n) if *n >= 5))
        );
    }

    #[test]
    fn withdrawn_reactions_are_marked_everywhere() {
        let export = sample(10, Level::Public);
        let sheet = reactions(&export);
        let last = &sheet.rows[9];
        assert_eq!(last[column(&sheet, "status")], Cell::text("ingetrokken"));
        assert!(matches!(
            last[column(&sheet, "ingetrokken op")],
            Cell::Date(_)
        ));
        assert_eq!(sheet.rows[0][column(&sheet, "ingetrokken op")], Cell::Empty);
        for sheet in [positions(&export), incoming_list(&export)] {
            let marked = sheet
                .rows
                .iter()
                .filter(|r| r.last() == Some(&Cell::text("ingetrokken")))
                .count();
            assert!(marked > 0, "{}", sheet.name);
        }
    }

    #[test]
    fn the_incoming_list_never_names_private_individuals() {
        let sheet = incoming_list(&sample(6, Level::Full));
        let sender = column(&sheet, "afzender");
        assert_eq!(sheet.rows[2][sender], Cell::text("inwoner"));
        assert_eq!(sheet.rows[0][sender], Cell::text("Bewonersplatform Wijk 1"));
    }
}
