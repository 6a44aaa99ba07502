//! The agenda bundle: cover, contents, overview per decision point, the reactions,
//! speaking requests, hidden posts and the attachments.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};

use krilla::configure::Configuration;
use krilla::error::KrillaError;
use krilla::tagging::Tag;

use super::attachments::{Appendix, Reason, Status, appended, culprits, plan};
use super::draw::{Bookmark, Chrome, write};
use super::fonts::Fonts;
use super::geometry::SMALL;
use super::layout::{Layout, Table};
use super::markdown::markdown;
use super::tags::ROOT;
use super::text::{Run, count, euros, file_size, filled, plain, strong, thousands};
use super::{AttachmentFile, Mode, PdfError, configuration, describe, metadata};
use crate::domain::export::{ConsultationExport, ReactionExport, SpeakingExport, SupportExport};
use crate::domain::reaction::Stance;
use crate::domain::time::long_date_time;
use crate::domain::words::plural;

pub(super) fn bundle(
    export: &ConsultationExport,
    files: &[AttachmentFile<'_>],
    mode: Mode,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let configuration = configuration(mode)?;
    let mut appendices = plan(export, files, mode);
    loop {
        // Uploaded PDFs are untrusted input to hayro; a panic while reading one must cost
        // that attachment, not the bundle.
        let attempt = panic::catch_unwind(AssertUnwindSafe(|| {
            render(export, &appendices, configuration, &fonts)
        }));
        let failed = match attempt {
            Ok(Ok(bytes)) => return Ok(bytes),
            Ok(Err(KrillaError::Pdf(_, _, location))) => culprits(&appendices, location),
            Ok(Err(error)) => return Err(PdfError::Write(describe(&error))),
            Err(_) if appended(&appendices).next().is_some() => appended(&appendices).collect(),
            Err(panic) => panic::resume_unwind(panic),
        };
        if failed.is_empty() {
            return Err(PdfError::Write("an embedded PDF failed".to_owned()));
        }
        for index in failed {
            appendices[index].status = Status::Left(Reason::Failed);
        }
    }
}

fn render(
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    configuration: Configuration,
    fonts: &Fonts,
) -> Result<Vec<u8>, KrillaError> {
    let (layout, bookmarks) = compose(export, appendices, fonts);
    let metadata = metadata(
        &format!("Agendabundel: {}", export.title),
        &format!(
            "Inspraakreacties voor de {}, vergadering van {}",
            export.committee.to_lowercase(),
            long_date_time(export.meeting_at)
        ),
        &export.council,
        export.generated_at,
    );
    let chrome = Chrome::new(
        fonts,
        &export.title,
        &format!("{} · {}", export.edition.label(), export.level.label()),
        &format!("{} · {}", export.council, export.committee),
    );
    write(
        configuration,
        metadata,
        &chrome,
        layout,
        &bookmarks,
        appendices,
    )
}

/// Anchors of everything the table of contents and the bookmarks point to.
struct Anchors {
    cover: usize,
    contents: usize,
    overview: usize,
    reactions: usize,
    reaction: Vec<usize>,
    speaking: usize,
    hidden: usize,
    appendices: usize,
    /// Per appendix, where its pages start if they are appended.
    appendix: Vec<Option<usize>>,
}

fn compose<'f>(
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    fonts: &'f Fonts,
) -> (Layout<'f>, Vec<Bookmark>) {
    let mut layout = Layout::new(fonts);
    let anchors = Anchors {
        cover: layout.anchor(),
        contents: layout.anchor(),
        overview: layout.anchor(),
        reactions: layout.anchor(),
        reaction: export.reactions.iter().map(|_| layout.anchor()).collect(),
        speaking: layout.anchor(),
        hidden: layout.anchor(),
        appendices: layout.anchor(),
        appendix: appendices
            .iter()
            .map(|appendix| matches!(appendix.status, Status::Appended(_)).then(|| layout.anchor()))
            .collect(),
    };
    let index: HashMap<&str, usize> = appendices
        .iter()
        .enumerate()
        .map(|(position, appendix)| (appendix.sha256, position))
        .collect();
    cover(&mut layout, export, &anchors);
    contents(&mut layout, export, appendices, &anchors);
    overview(&mut layout, export, &anchors);
    reactions(&mut layout, export, appendices, &index, &anchors);
    speaking(&mut layout, export, &anchors);
    hidden(&mut layout, export, &anchors);
    attachments(&mut layout, appendices, &anchors);
    let bookmarks = bookmarks(export, appendices, &anchors);
    (layout, bookmarks)
}

fn reaction_title(reaction: &ReactionExport) -> String {
    let withdrawn = if reaction.withdrawn_at.is_some() {
        " (ingetrokken)"
    } else {
        ""
    };
    format!("{}. {}{withdrawn}", reaction.sequence, reaction.title)
}

fn bookmarks(
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    anchors: &Anchors,
) -> Vec<Bookmark> {
    let mut reactions = Bookmark::leaf("Reacties", anchors.reactions);
    reactions.children = export
        .reactions
        .iter()
        .zip(&anchors.reaction)
        .map(|(reaction, &anchor)| Bookmark::leaf(&reaction_title(reaction), anchor))
        .collect();
    let mut files = Bookmark::leaf("Bijlagen", anchors.appendices);
    files.children = appendices
        .iter()
        .zip(&anchors.appendix)
        .filter_map(|(appendix, anchor)| Some(Bookmark::leaf(appendix.filename, (*anchor)?)))
        .collect();
    vec![
        Bookmark::leaf("Voorblad", anchors.cover),
        Bookmark::leaf("Inhoud", anchors.contents),
        Bookmark::leaf("Overzicht per beslispunt", anchors.overview),
        reactions,
        Bookmark::leaf("Inspreekverzoeken", anchors.speaking),
        Bookmark::leaf("Verborgen berichten", anchors.hidden),
        files,
    ]
}

fn point_label(export: &ConsultationExport, point: Option<i32>) -> String {
    match point {
        None => "De notitie als geheel".to_owned(),
        Some(number) => match export.decision_points.iter().find(|p| p.number == number) {
            Some(found) => format!("Beslispunt {number}: {}", found.title),
            None => format!("Beslispunt {number}"),
        },
    }
}

fn support_rows(support: &SupportExport) -> Vec<(&'static str, Vec<Run>)> {
    let mut rows = vec![(
        "Steunbetuigingen",
        plain(format!("{} bevestigd", thousands(support.total))),
    )];
    if !support.by_district.is_empty() {
        let districts: Vec<String> = support
            .by_district
            .iter()
            .map(|(district, count)| format!("{district}: {}", count.label()))
            .collect();
        rows.push(("Per wijk", plain(districts.join("; "))));
    }
    if !support.organisations.is_empty() {
        rows.push((
            "Organisaties die steunen",
            plain(support.organisations.join(", ")),
        ));
    }
    rows
}

fn cover(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    let section = layout.tags.open(ROOT, Tag::Section);
    layout.set_anchor(anchors.cover);
    layout.masthead(
        section,
        &export.council,
        &export.committee,
        "Agendabundel: de inspraakreacties voor de vergadering",
        &export.title,
    );
    if let Some(notice) = export.level.notice() {
        layout.notice(section, &[strong(notice)]);
    }
    layout.text(section, &export.summary);
    layout.cursor += 14.0;
    let active: Vec<&ReactionExport> = export
        .reactions
        .iter()
        .filter(|reaction| reaction.withdrawn_at.is_none())
        .collect();
    let support: i64 = active.iter().map(|reaction| reaction.co_signatures()).sum();
    let mut rows = vec![
        ("Vergadering", plain(long_date_time(export.meeting_at))),
        ("Sluitingsdatum", plain(long_date_time(export.deadline_at))),
    ];
    rows.extend(
        export
            .deadline_moves
            .iter()
            .map(|sentence| ("Sluitingsdatum gewijzigd", plain(sentence.as_str()))),
    );
    rows.extend([
        ("Versie beleidsstuk", filled(&export.policy_version)),
        ("Reacties ontvangen", plain(count(export.reactions.len()))),
        (
            "Ingetrokken",
            plain(count(export.reactions.len() - active.len())),
        ),
        (
            "Bevestigde steunbetuigingen",
            plain(format!(
                "{} (ingetrokken reacties tellen niet mee)",
                thousands(support)
            )),
        ),
        (
            "Inspreekverzoeken",
            plain(count(export.speaking_requests.len())),
        ),
        (
            "Uitgave",
            plain(format!(
                "{} · {}",
                export.edition.label(),
                export.level.label()
            )),
        ),
        ("Gemaakt op", plain(long_date_time(export.generated_at))),
        ("Webpagina", plain(&export.url)),
    ]);
    if let Some(url) = &export.document_url {
        rows.push(("Beleidsstuk", plain(url)));
    }
    layout.pairs(section, rows);
}

fn contents(
    layout: &mut Layout<'_>,
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    anchors: &Anchors,
) {
    layout.new_page();
    let section = layout.chapter("Inhoud", anchors.contents);
    let toc = layout.tags.open(section, Tag::TOC);
    layout.toc_entry(toc, "Overzicht per beslispunt", 0, anchors.overview);
    layout.toc_entry(toc, "Reacties", 0, anchors.reactions);
    for (reaction, &anchor) in export.reactions.iter().zip(&anchors.reaction) {
        layout.toc_entry(toc, &reaction_title(reaction), 1, anchor);
    }
    layout.toc_entry(toc, "Inspreekverzoeken", 0, anchors.speaking);
    layout.toc_entry(toc, "Verborgen berichten", 0, anchors.hidden);
    layout.toc_entry(toc, "Bijlagen", 0, anchors.appendices);
    for (appendix, anchor) in appendices.iter().zip(&anchors.appendix) {
        if let Some(anchor) = anchor {
            layout.toc_entry(toc, appendix.filename, 1, *anchor);
        }
    }
}

fn overview(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Overzicht per beslispunt", anchors.overview);
    layout.text(
        section,
        "Per beslispunt ziet u hoeveel standpunten voor of tegen zijn, of om een \
             wijziging vragen. En hoeveel scenario’s en bevestigde steunbetuigingen er zijn. \
             Ingetrokken reacties tellen niet mee.",
    );
    if !export.decision_points.is_empty() {
        layout.heading(section, 2, "De beslispunten", None);
        let rows = export
            .decision_points
            .iter()
            .map(|point| {
                let mut value = strong(&point.title);
                if !point.body.trim().is_empty() {
                    value.extend(plain(format!("\n{}", point.body.trim())));
                }
                (format!("Beslispunt {}", point.number), value)
            })
            .collect();
        layout.pairs(section, rows);
    }
    layout.heading(section, 2, "Telling", None);
    let supports = Stance::Supports.label();
    let opposes = Stance::Opposes.label();
    let amends = Stance::Amends.label();
    let spec = Table {
        widths: None,
        header: &[
            "Beslispunt",
            supports,
            opposes,
            amends,
            "Scenario’s",
            "Bevestigde steunbetuigingen",
        ],
        keyed: true,
        size: SMALL,
    };
    let rows = export
        .point_summaries()
        .into_iter()
        .map(|summary| {
            vec![
                plain(point_label(export, summary.decision_point)),
                plain(thousands(summary.supports)),
                plain(thousands(summary.opposes)),
                plain(thousands(summary.amends)),
                plain(thousands(summary.scenarios)),
                plain(thousands(summary.co_signatures)),
            ]
        })
        .collect();
    layout.table(section, &spec, rows);
}

fn reactions(
    layout: &mut Layout<'_>,
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    index: &HashMap<&str, usize>,
    anchors: &Anchors,
) {
    layout.new_page();
    let section = layout.chapter("Reacties", anchors.reactions);
    layout.text(
        section,
        "Alle reacties, in de volgorde waarin ze binnenkwamen. Een reactie die is \
             ingetrokken, staat er ook in. Dat staat er dan duidelijk bij.",
    );
    if export.reactions.is_empty() {
        layout.text(section, "Er zijn geen reacties.");
    }
    for (reaction, &anchor) in export.reactions.iter().zip(&anchors.reaction) {
        layout.separator();
        let group = layout.tags.open(section, Tag::Section);
        one_reaction(layout, group, export, reaction, anchor);
        if !reaction.attachments.is_empty() {
            layout.heading(group, 3, "Bijlagen", None);
            for attachment in &reaction.attachments {
                layout.pairs(
                    group,
                    vec![
                        ("Bestand", plain(&attachment.filename)),
                        ("Grootte", plain(file_size(attachment.size_bytes))),
                        ("SHA-256", plain(&attachment.sha256)),
                    ],
                );
                if let Some(&position) = index.get(attachment.sha256.as_str()) {
                    inclusion(
                        layout,
                        group,
                        &appendices[position],
                        anchors.appendix[position],
                    );
                }
            }
        }
    }
}

fn inclusion(
    layout: &mut Layout<'_>,
    parent: usize,
    appendix: &Appendix<'_>,
    anchor: Option<usize>,
) {
    match (&appendix.status, anchor) {
        (Status::Appended(_), Some(anchor)) => {
            layout.page_ref(parent, "Bijlage achteraan opgenomen op pagina ", anchor);
        }
        (Status::Left(reason), _) => layout.text(parent, reason.text()),
        (Status::Appended(_), None) => {}
    }
}

fn one_reaction(
    layout: &mut Layout<'_>,
    section: usize,
    export: &ConsultationExport,
    reaction: &ReactionExport,
    anchor: usize,
) {
    let title = format!("{}. {}", reaction.sequence, reaction.title);
    layout.heading(section, 2, &title, Some(anchor));
    if let Some(withdrawn) = reaction.withdrawn_at {
        layout.notice(
            section,
            &[
                strong(format!("INGETROKKEN op {}", long_date_time(withdrawn))),
                plain(
                    "De indiener heeft deze reactie ingetrokken. Ze telt niet mee in de \
                     overzichten.",
                ),
            ],
        );
    }
    let mut rows = vec![
        ("Ontvangstnummer", plain(&reaction.number)),
        ("Ingediend op", plain(long_date_time(reaction.submitted_at))),
        (
            "Afzender",
            plain(format!(
                "{} ({})",
                reaction.sender.label(),
                reaction.sender.kind_label()
            )),
        ),
        ("SHA-256", plain(&reaction.content_hash)),
    ];
    if let Some(by) = &reaction.submitted_by {
        rows.insert(3, ("Ingediend namens het bestuur door", plain(by)));
    }
    if let Some(item) = &reaction.agenda_item {
        rows.push(("Agendapunt", plain(item)));
    }
    if let Some(handling) = reaction.handling {
        rows.push(("Voorstel afhandeling", plain(handling.label())));
    }
    layout.pairs(section, rows);
    layout.text(section, &reaction.introduction);
    layout.blocks(section, markdown(&reaction.body_markdown));
    if !reaction.positions.is_empty() {
        layout.heading(section, 3, "Standpunten", None);
    }
    for position in &reaction.positions {
        let title = format!(
            "Standpunt {} · {} · {}",
            position.number,
            position.stance.label(),
            point_label(export, position.decision_point)
        );
        layout.heading(section, 4, &title, None);
        layout.text(section, &position.body);
        layout.pairs(section, support_rows(&position.support));
    }
    if !reaction.scenarios.is_empty() {
        layout.heading(section, 3, "Scenario’s", None);
    }
    for scenario in &reaction.scenarios {
        let title = format!("Scenario {}: {}", scenario.number, scenario.title);
        layout.heading(section, 4, &title, None);
        let cost = scenario
            .yearly_cost_euros
            .map_or_else(|| plain("Niet ingevuld"), |value| plain(euros(value)));
        let mut rows = vec![
            ("Over", plain(point_label(export, scenario.decision_point))),
            ("Beheer door", plain(scenario.operator.label())),
            ("Vraag", filled(&scenario.request)),
            ("Kosten per jaar", cost),
            ("Wie betaalt", filled(&scenario.cost_bearer)),
            ("Voorwaarden", filled(&scenario.conditions)),
            ("Toelichting", filled(&scenario.body)),
        ];
        rows.extend(support_rows(&scenario.support));
        layout.pairs(section, rows);
    }
}

fn speaking(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Inspreekverzoeken", anchors.speaking);
    layout.text(
        section,
        "Wie in de vergadering wil inspreken, en over welke reactie.",
    );
    if export.speaking_requests.is_empty() {
        layout.text(section, "Er zijn geen inspreekverzoeken.");
        return;
    }
    let spec = Table {
        widths: None,
        header: &[
            "Reactie",
            "Spreker",
            "Namens",
            "Beslispunt",
            "Status",
            "Spreektijd",
        ],
        keyed: false,
        size: SMALL,
    };
    let rows = export
        .speaking_requests
        .iter()
        .map(|request| {
            let point = request.decision_point.map_or_else(
                || "De notitie als geheel".to_owned(),
                |n| format!("Beslispunt {n}"),
            );
            let minutes = match request.minutes {
                Some(minutes) => plural(minutes, "minuut", "minuten"),
                None => "Nog niet bekend".to_owned(),
            };
            vec![
                plain(&request.reaction_number),
                plain(&request.speaker),
                filled(&request.on_behalf),
                plain(point),
                plain(&request.state),
                plain(minutes),
            ]
        })
        .collect();
    layout.table(section, &spec, rows);
    let written: Vec<&SpeakingExport> = export
        .speaking_requests
        .iter()
        .filter(|r| r.written_contribution.is_some())
        .collect();
    if written.is_empty() {
        return;
    }
    layout.heading(section, 2, "Schriftelijke inspreekbijdragen", None);
    layout.text(
        section,
        "De tekst die insprekers vooraf meestuurden, voor de raadsleden.",
    );
    for request in written {
        layout.heading(
            section,
            3,
            &format!(
                "{} (namens {}, bij reactie {})",
                request.speaker, request.on_behalf, request.reaction_number
            ),
            None,
        );
        layout.text(
            section,
            request.written_contribution.as_deref().unwrap_or_default(),
        );
    }
}

fn hidden(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Verborgen berichten", anchors.hidden);
    layout.text(
        section,
        "Berichten in de discussie die een moderator heeft verborgen. De tekst van die \
             berichten staat niet in deze bundel. Alleen wanneer en waarom ze zijn verborgen.",
    );
    if export.hidden_posts.is_empty() {
        layout.text(section, "Er zijn geen berichten verborgen.");
        return;
    }
    let spec = Table {
        widths: None,
        header: &["Verborgen op", "Huisregel", "Reden"],
        keyed: false,
        size: SMALL,
    };
    let rows = export
        .hidden_posts
        .iter()
        .map(|post| {
            let rule = post
                .rule
                .as_deref()
                .map_or_else(|| plain("Geen huisregel genoemd"), plain);
            vec![
                plain(long_date_time(post.hidden_at)),
                rule,
                filled(&post.reason),
            ]
        })
        .collect();
    layout.table(section, &spec, rows);
}

/// "1 (2026-ONT-0001), 5 (2026-ONT-0005)".
fn owners(appendix: &Appendix<'_>) -> String {
    let owners: Vec<String> = appendix
        .reactions
        .iter()
        .map(|(sequence, number)| format!("{sequence} ({number})"))
        .collect();
    owners.join(", ")
}

fn attachments(layout: &mut Layout<'_>, appendices: &[Appendix<'_>], anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Bijlagen", anchors.appendices);
    let appending = anchors.appendix.iter().any(Option::is_some);
    let introduction = if appending {
        "Hieronder staan alle bijlagen van de reacties. De bijlagen die als PDF zijn \
         meegeleverd, staan daarna in deze bundel. Met de SHA-256-code kunt u controleren \
         of een bestand hetzelfde is als het bestand bij de reactie."
    } else {
        "Hieronder staan alle bijlagen van de reacties, met hun naam en SHA-256-code. Met die \
         code kunt u controleren of een bestand hetzelfde is als het bestand bij de reactie."
    };
    layout.text(section, introduction);
    if appendices.is_empty() {
        layout.text(section, "Bij de reacties zitten geen bijlagen.");
    }
    for (appendix, &anchor) in appendices.iter().zip(&anchors.appendix) {
        layout.heading(section, 3, appendix.filename, None);
        layout.pairs(
            section,
            vec![
                ("Bij reactie", plain(owners(appendix))),
                ("Grootte", plain(file_size(appendix.size_bytes))),
                ("SHA-256", plain(appendix.sha256)),
            ],
        );
        inclusion(layout, section, appendix, anchor);
    }
    for (position, (appendix, anchor)) in appendices.iter().zip(&anchors.appendix).enumerate() {
        let (Status::Appended(source), Some(anchor)) = (&appendix.status, anchor) else {
            continue;
        };
        let group = layout.tags.open(section, Tag::Section);
        let pages = source.pages.len();
        for (page, &size) in source.pages.iter().enumerate() {
            layout.new_page();
            if page == 0 {
                let title = format!("Bijlage: {}", appendix.filename);
                layout.heading(group, 2, &title, Some(*anchor));
            }
            let caption = format!(
                "{} · bij reactie {} · pagina {} van {}",
                appendix.filename,
                owners(appendix),
                page + 1,
                pages
            );
            layout.paragraph(group, &plain(&caption), SMALL, 0.0);
            let alt = format!(
                "Pagina {} van {} van de bijlage {}",
                page + 1,
                pages,
                appendix.filename
            );
            let figure = layout.tags.open(group, Tag::Figure(Some(alt)));
            layout.attachment_page(figure, position, page, size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::{Level, PERSONAL_DATA_NOTICE};
    use crate::export::pdf::agenda_bundle;
    use crate::export::pdf::layout::Op;
    use crate::export::pdf::testing::{contains, page_count, page_texts};
    use crate::export::sample::sample;

    #[test]
    fn archive_bundle_is_pdfa_with_metadata_outline_and_plausible_pages() {
        let export = sample(12, Level::Public);
        let bytes = agenda_bundle(&export, &[]).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(contains(&bytes, "pdfaid:part>2<"));
        assert!(contains(&bytes, "pdfaid:conformance>A<"));
        assert!(contains(
            &bytes,
            "Agendabundel: Beleidsnotitie Ontmoetingsplekken"
        ));
        assert!(contains(&bytes, "nl-NL"));
        assert!(contains(&bytes, "/Outlines"));
        assert!(contains(&bytes, "/StructTreeRoot"));
        let pages = page_count(&bytes);
        assert!((10..=40).contains(&pages), "{pages} pages");
    }

    #[test]
    fn odd_text_long_fields_and_empty_sections_still_give_pdfa() {
        let mut export = sample(2, Level::Full);
        export.title = "Buurthuis 🎉 open\u{0}\u{200b} \u{e000}".to_owned();
        export.speaking_requests.clear();
        export.hidden_posts.clear();
        export.decision_points.clear();
        let long = "Een zin over het buurthuis die steeds terugkomt.\n".repeat(150);
        export.reactions[1].scenarios[0].body = long.clone();
        export.reactions[1].body_markdown = format!("> {long}\n\n```\n{long}```");
        let bytes = agenda_bundle(&export, &[]).unwrap();
        assert!(contains(&bytes, "pdfaid:part>2<"));
        assert!(contains(&bytes, "Agendabundel: Buurthuis 🎉 open"));
        assert!(!contains(&bytes, "open\u{0}"));
        assert!(page_count(&bytes) > 12);
        let mut empty = sample(0, Level::Public);
        empty.speaking_requests.clear();
        empty.hidden_posts.clear();
        let bytes = agenda_bundle(&empty, &[]).unwrap();
        assert_eq!(page_count(&bytes), 7);
    }

    #[test]
    fn the_full_bundle_warns_on_its_cover_and_text_keeps_what_was_typed() {
        let fonts = Fonts::load().unwrap();
        let full = sample(4, Level::Full);
        let (layout, _) = compose(&full, &[], &fonts);
        let pages = page_texts(&layout);
        assert!(pages[0].contains(PERSONAL_DATA_NOTICE), "{}", pages[0]);
        assert!(
            layout.pages[0]
                .iter()
                .any(|op| matches!(op, Op::Frame { width, .. } if *width > 1.0)),
            "framed"
        );
        let public = sample(4, Level::Public);
        let (layout, _) = compose(&public, &[], &fonts);
        let text = page_texts(&layout).join("\n");
        assert!(!text.contains("persoonsgegevens"));
        assert!(text.contains("=Geef bewonersbeheer een eerlijke kans"));
        assert!(!text.contains("'=Geef"));
    }
}
