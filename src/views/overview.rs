//! The council member's overview of a consultation: per beslispunt what residents said,
//! with charts drawn on the server as SVG and the same figures in tables, so it reads on
//! a phone, with a screen reader and on paper.

use maud::{Markup, html};

use super::{Chrome, breadcrumbs, layout};
use crate::domain::export::{ConsultationExport, Level, PointSummary};
use crate::domain::id::ConsultationId;
use crate::domain::signature::DistrictCount;
use crate::domain::speaking::topic_label;
use crate::domain::words::plural;
use crate::paths;

/// One bar of a chart: label, value and its CSS class (colour with a text label beside it).
struct Bar<'a> {
    label: &'a str,
    value: i64,
    class: &'static str,
}

/// Horizontal bars with their numbers written beside them; the table after it carries
/// the same figures for those who cannot see the chart.
fn bar_chart(id: &str, title: &str, bars: &[Bar<'_>]) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let row = 36;
    let height = row * bars.len().max(1);
    html! {
        svg class="chart" viewBox={ "0 0 600 " (height) } width="100%" role="img" aria-labelledby=(id) preserveAspectRatio="xMinYMin meet" {
            title id=(id) { (title) }
            @for (index, bar) in bars.iter().enumerate() {
                @let y = index * row;
                @let width = (bar.value * 330 / max).max(if bar.value > 0 { 2 } else { 0 });
                text x="0" y=(y + 23) class="chart__label" { (bar.label) }
                // An SVG element in HTML needs its closing tag (it is not a void element).
                rect x="210" y=(y + 8) width=(width) height="20" class={ "chart__bar " (bar.class) } {}
                text x=(218 + width) y=(y + 23) class="chart__value" { (bar.value) }
            }
        }
    }
}

fn point_heading(export: &ConsultationExport, summary: &PointSummary) -> String {
    match summary.decision_point {
        Some(number) => export
            .decision_points
            .iter()
            .find(|p| p.number == number)
            .map_or_else(
                || format!("Beslispunt {number}"),
                |p| format!("Beslispunt {number}: {}", p.title),
            ),
        None => "De notitie als geheel".to_owned(),
    }
}

pub fn overview(
    chrome: &Chrome,
    export: &ConsultationExport,
    consultation_id: &ConsultationId,
) -> Markup {
    let back = paths::consultation(consultation_id);
    let summaries = export.point_summaries();
    let withdrawn = export.reactions.len() - export.active_reactions();
    layout(
        chrome,
        "Overzicht voor raadsleden",
        Some(&export.council),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&export.title, &back), ("Overzicht", "")]))
            h1 { "Overzicht: wat inwoners zeggen" }
            p class="lead" { (export.title) " · " (export.committee) }
            p {
                (plural(export.active_reactions(), "reactie", "reacties"))
                @if withdrawn > 0 { " (en " (withdrawn) " ingetrokken)" }
                ", " (plural(export.speaking_requests.len(), "aanmelding", "aanmeldingen")) " om in te spreken. "
                @if export.edition == crate::domain::export::Edition::Interim { "De inspraakronde loopt nog: dit is een tussenstand." }
            }
            p class="form-hint" { "Een steunbetuiging betekent dat iemand een e-mailadres heeft bevestigd. Het is geen bewijs van identiteit." }
            @for (index, summary) in summaries.iter().enumerate() {
                @let heading = point_heading(export, summary);
                @let total = summary.supports + summary.opposes + summary.amends;
                @if summary.decision_point.is_some() || total + summary.scenarios > 0 {
                    section class="overview-point" aria-labelledby={ "punt-" (index) } {
                        h2 id={ "punt-" (index) } { (heading) }
                        (bar_chart(&format!("grafiek-{index}"), &format!("Standpunten over {heading}"), &[
                            Bar { label: "Voor", value: summary.supports, class: "chart__bar--for" },
                            Bar { label: "Tegen", value: summary.opposes, class: "chart__bar--against" },
                            Bar { label: "Voor, met wijziging", value: summary.amends, class: "chart__bar--amend" },
                        ]))
                        div class="table-wrapper" tabindex="0" role="region" aria-label={ "Tabel: " (heading) } {
                            table class="data-table data-table--stack" {
                                caption { "Standpunten en steun bij " (heading) }
                                thead { tr { th scope="col" { "Voor" } th scope="col" { "Tegen" } th scope="col" { "Voor, met wijziging" } th scope="col" { "Scenario's" } th scope="col" { "Bevestigde steunbetuigingen" } } }
                                tbody { tr { td data-label="Voor" { (summary.supports) } td data-label="Tegen" { (summary.opposes) } td data-label="Voor, met wijziging" { (summary.amends) } td data-label="Scenario's" { (summary.scenarios) } td data-label="Bevestigde steunbetuigingen" { (summary.co_signatures) } } }
                            }
                        }
                        @let scenarios: Vec<_> = export.reactions.iter().filter(|r| r.withdrawn_at.is_none())
                            .flat_map(|r| r.scenarios.iter().filter(|s| s.decision_point == summary.decision_point).map(move |s| (r, s))).collect();
                        @if !scenarios.is_empty() {
                            h3 { "Voorgestelde scenario's" }
                            ul {
                                @for (reaction, scenario) in &scenarios {
                                    li {
                                        a href=(paths::reaction_part(&reaction.id, "scenario", scenario.number)) { (scenario.title) }
                                        " (" (reaction.sender.label()) ", " (plural(scenario.support.total, "steunbetuiging", "steunbetuigingen")) ")"
                                    }
                                }
                            }
                        }
                        @if export.answers.is_some() {
                            (answered(export, summary.decision_point, &heading, consultation_id))
                        }
                    }
                }
            }
            h2 { "Meest gesteunde standpunten" }
            @let top = export.most_supported(5);
            @if top.is_empty() {
                p { "Er zijn nog geen bevestigde steunbetuigingen." }
            } @else {
                ol {
                    @for (reaction, position) in &top {
                        li {
                            a href=(paths::reaction_part(&reaction.id, "standpunt", position.number)) { (position.stance.label()) ": " (position.body) }
                            " · " (reaction.sender.label()) " · " strong { (plural(position.support.total, "steunbetuiging", "steunbetuigingen")) }
                        }
                    }
                }
            }
            h2 { "Steun per wijk" }
            @if export.support_by_district.is_empty() {
                p { "Er zijn nog geen bevestigde steunbetuigingen." }
            } @else {
                @let exact: Vec<Bar<'_>> = export.support_by_district.iter().filter_map(|(district, count)| match count {
                    DistrictCount::Exact(n) => Some(Bar { label: district, value: *n, class: "chart__bar--for" }),
                    DistrictCount::FewerThanFive => None,
                }).collect();
                (bar_chart("grafiek-wijken", "Bevestigde steunbetuigingen per wijk", &exact))
                div class="table-wrapper" tabindex="0" role="region" aria-label="Tabel: steun per wijk" {
                    table class="data-table data-table--stack" {
                        caption { "Bevestigde steunbetuigingen per wijk (wijken met minder dan 5 staan er zonder getal)" }
                        thead { tr { th scope="col" { "Wijk" } th scope="col" { "Steunbetuigingen" } } }
                        tbody { @for (district, count) in &export.support_by_district { tr { td { (district) } td data-label="Steunbetuigingen" { (count.label()) } } } }
                    }
                }
            }
            h2 id="insprekers" { "Inspreekverzoeken" }
            @if export.speaking_requests.is_empty() {
                p { "Niemand heeft zich aangemeld om in te spreken." }
            } @else if export.level == Level::Full {
                (speakers(export))
            } @else {
                ul { @for request in &export.speaking_requests { li { (request.speaker) " (" (request.on_behalf) ") · " (request.state) } } }
            }
            h2 { "Alle reacties" }
            ol {
                @for reaction in &export.reactions {
                    li {
                        a href=(paths::reaction(&reaction.id)) { (reaction.title) }
                        " · " (reaction.sender.label()) " · " (reaction.number)
                        @if reaction.withdrawn_at.is_some() { " · ingetrokken" }
                    }
                }
            }
            p { a href=(paths::consultation_downloads(consultation_id)) { "Downloads: agendabundel, spreadsheet en meer" } }
        },
    )
}

/// For council members and clerks: who speaks, for whom, about which beslispunt and for
/// how long, and the written contributions they get beforehand.
fn speakers(export: &ConsultationExport) -> Markup {
    let topic = |point: Option<i32>| {
        topic_label(point.and_then(|n| {
            export
                .decision_points
                .iter()
                .find(|p| p.number == n)
                .map(|p| (n, p.title.as_str()))
        }))
    };
    let reaction_of = |number: &str| export.reactions.iter().find(|r| r.number == number);
    let written: Vec<_> = export
        .speaking_requests
        .iter()
        .filter_map(|r| Some((r, r.written_contribution.as_deref()?)))
        .collect();
    html! {
        p { "Alleen voor raadsleden en de griffie: de namen van de insprekers en hun schriftelijke bijdragen." }
        div class="table-wrapper" tabindex="0" role="region" aria-label="Tabel: insprekers" {
            table class="data-table data-table--stack" {
                caption { "Insprekers in de vergadering" }
                thead { tr { th scope="col" { "Spreker" } th scope="col" { "Namens" } th scope="col" { "Over" } th scope="col" { "Bij reactie" } th scope="col" { "Status" } th scope="col" { "Spreektijd" } } }
                tbody {
                    @for request in &export.speaking_requests {
                        tr {
                            td { (request.speaker) }
                            td data-label="Namens" { (request.on_behalf) }
                            td data-label="Over" { (topic(request.decision_point)) }
                            td data-label="Bij reactie" {
                                @match reaction_of(&request.reaction_number) {
                                    Some(reaction) => a href=(paths::reaction(&reaction.id)) { (request.reaction_number) },
                                    None => (request.reaction_number),
                                }
                            }
                            td data-label="Status" { (request.state) }
                            td data-label="Spreektijd" {
                                @match request.minutes {
                                    Some(minutes) => (plural(minutes, "minuut", "minuten")),
                                    None => "Nog niet bekend",
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 { "Schriftelijke inspreekbijdragen" }
        @if written.is_empty() {
            p { "Er zijn geen schriftelijke bijdragen meegestuurd." }
        }
        @for (request, text) in &written {
            section class="written-contribution" {
                h4 { (request.speaker) " (namens " (request.on_behalf) ", over " (topic(request.decision_point)) ")" }
                @for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                    p { (paragraph.trim()) }
                }
            }
        }
    }
}

/// Side by side for one beslispunt: the raad's decision, the change the nota makes, and
/// every position taken on it with the answer its reaction got.
fn answered(
    export: &ConsultationExport,
    point: Option<i32>,
    heading: &str,
    consultation_id: &ConsultationId,
) -> Markup {
    let outcome = point.and_then(|n| export.outcome_of(n));
    let change = point
        .and_then(|n| export.change_to(n))
        .filter(|c| !c.is_empty());
    let rows = export.answered_positions(point);
    html! {
        h3 { "Reacties, antwoorden en besluit" }
        @if let Some(o) = outcome {
            p {
                "Besluit van de raad: " strong { (o.outcome.label()) }
                @if !o.explanation.is_empty() { ". " (o.explanation) }
                @if let Some(url) = &o.decision_url { " " a href=(url) rel="noopener" { "Lees het besluit" } }
            }
        }
        @if let Some(change) = change {
            p { "Wijziging na de inspraak: " (change) }
        }
        @if !rows.is_empty() {
            div class="table-wrapper" tabindex="0" role="region" aria-label={ "Tabel: reacties en antwoorden bij " (heading) } {
                table class="data-table data-table--stack" {
                    caption { "Standpunten bij " (heading) " met het antwoord van de gemeente" }
                    thead { tr { th scope="col" { "Indiener" } th scope="col" { "Standpunt" } th scope="col" { "Antwoord" } } }
                    tbody {
                        @for (reaction, position, answer) in &rows {
                            tr {
                                td { a href=(paths::reaction(&reaction.id)) { (reaction.sender.label()) } }
                                td data-label="Standpunt" { (position.stance.label()) ": " (position.body) }
                                td data-label="Antwoord" {
                                    @match answer {
                                        Some(group) => a href=(paths::answer_in_note(consultation_id, group.number)) { "Antwoord " (group.number) ": " (group.conclusion.label()) },
                                        None => "Nog niet beantwoord",
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::sample;

    #[test]
    fn council_members_see_the_speakers_and_their_written_contribution_and_the_public_does_not() {
        let full =
            overview(&Chrome::default(), &sample(3, Level::Full), &"c1".into()).into_string();
        assert!(full.contains("<caption>Insprekers in de vergadering</caption>"));
        assert!(full.contains("Beslispunt 2: Beheer en exploitatie van wijkaccommodaties"));
        assert!(full.contains("5 minuten"));
        assert!(full.contains("het buurthuis is het hart van de wijk"));
        let public =
            overview(&Chrome::default(), &sample(3, Level::Public), &"c1".into()).into_string();
        assert!(!public.contains("Insprekers in de vergadering"));
        assert!(!public.contains("Schriftelijke inspreekbijdragen"));
    }

    #[test]
    fn charts_have_a_title_and_the_figures_are_in_a_table_too() {
        let export = sample(12, Level::Public);
        let html = overview(&Chrome::default(), &export, &"c1".into()).into_string();
        assert!(html.contains(r#"role="img""#));
        assert!(html.contains(
            "<title id=\"grafiek-0\">Standpunten over Beslispunt 1: Wijkprogrammering</title>"
        ));
        assert!(html.contains(
            "<caption>Standpunten en steun bij Beslispunt 1: Wijkprogrammering</caption>"
        ));
        assert!(
            html.contains("minder dan 5"),
            "small wijken keep the small-count rule"
        );
        assert!(html.contains("href=\"/reacties/reactie-1\""));
    }

    #[test]
    fn each_point_shows_positions_next_to_their_answer_and_the_decision() {
        let export = sample(6, Level::Public);
        let html = overview(&Chrome::default(), &export, &"c1".into()).into_string();
        assert!(html.contains("Besluit van de raad: <strong>Geamendeerd</strong>"));
        assert!(html.contains("href=\"/consultaties/c1/beantwoording#antwoord-1\""));
        assert!(
            html.contains("Wijziging na de inspraak: Bewonersbeheer wordt per gebouw mogelijk.")
        );
        let before = ConsultationExport {
            answers: None,
            ..export
        };
        let html = overview(&Chrome::default(), &before, &"c1".into()).into_string();
        assert!(!html.contains("Reacties, antwoorden en besluit"));
    }
}
