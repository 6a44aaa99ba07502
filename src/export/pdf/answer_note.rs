//! The nota van beantwoording: the council's answers to the reactions, what changes in
//! the policy note, and what the council decided.

use krilla::tagging::Tag;

use super::draw::{Bookmark, Chrome, write};
use super::fonts::Fonts;
use super::geometry::BODY;
use super::layout::{Layout, Table};
use super::markdown::Block;
use super::tags::ROOT;
use super::text::{count, filled, plain, strong};
use super::{Mode, PdfError, configuration, describe, metadata};
use crate::domain::answer::{
    AnswerDocument, AnswerGroup, AnswerNote, AnsweredReaction, PointChange, PointOutcome,
};
use crate::domain::time::long_date_time;

/// The nota as PDF/A-2a.
pub(super) fn note(document: &AnswerDocument) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let configuration = configuration(Mode::Archive)?;
    let note = &document.note;
    let (layout, bookmarks) = compose_note(document, &fonts);
    let metadata = metadata(
        &format!("Nota van beantwoording – {}", document.consultation_title),
        &format!(
            "De antwoorden van {} op de inspraakreacties, versie {}",
            document.council, note.version
        ),
        &document.council,
        note.published_at.unwrap_or(note.updated_at),
    );
    let chrome = Chrome::new(
        &fonts,
        &document.consultation_title,
        &format!("Nota van beantwoording · versie {}", note.version),
        &format!("{} · {}", document.council, document.committee),
    );
    write(configuration, metadata, &chrome, layout, &bookmarks, &[])
        .map_err(|error| PdfError::Write(describe(&error)))
}

/// Unlike the bundle, nothing refers to a page ahead, so bookmarks are made on the way.
fn compose_note<'f>(document: &AnswerDocument, fonts: &'f Fonts) -> (Layout<'f>, Vec<Bookmark>) {
    let note = &document.note;
    let mut layout = Layout::new(fonts);
    let mut bookmarks = vec![note_cover(&mut layout, document)];
    layout.new_page();
    bookmarks.push(procedure(&mut layout, note));
    bookmarks.push(conclusions(&mut layout, note));
    layout.new_page();
    bookmarks.push(answers(&mut layout, &note.groups));
    layout.new_page();
    bookmarks.push(changes(&mut layout, &note.changes));
    if !document.outcomes.is_empty() {
        layout.new_page();
        bookmarks.push(decisions(&mut layout, &document.outcomes));
    }
    (layout, bookmarks)
}

/// A top-level section of the nota with a fresh anchor for its bookmark.
fn note_chapter(layout: &mut Layout<'_>, title: &str) -> (usize, Bookmark) {
    let anchor = layout.anchor();
    (layout.chapter(title, anchor), Bookmark::leaf(title, anchor))
}

fn note_cover(layout: &mut Layout<'_>, document: &AnswerDocument) -> Bookmark {
    let section = layout.tags.open(ROOT, Tag::Section);
    let anchor = layout.anchor();
    layout.set_anchor(anchor);
    layout.masthead(
        section,
        &document.council,
        &document.committee,
        "Nota van beantwoording",
        &document.consultation_title,
    );
    layout.text(section, &edition(&document.note));
    layout.cursor += 14.0;
    layout.pairs(
        section,
        vec![
            ("Versie beleidsstuk", filled(&document.policy_version)),
            ("Webpagina", plain(&document.url)),
        ],
    );
    Bookmark::leaf("Voorblad", anchor)
}

/// A draft says so, rather than claiming a publication date it does not have.
fn edition(note: &AnswerNote) -> String {
    match note.published_at {
        Some(at) => format!(
            "Versie {}, gepubliceerd op {}",
            note.version,
            long_date_time(at)
        ),
        None => format!(
            "Versie {}, concept van {}",
            note.version,
            long_date_time(note.updated_at)
        ),
    }
}

fn procedure(layout: &mut Layout<'_>, note: &AnswerNote) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Procedure");
    layout.text(section, &note.procedure);
    bookmark
}

fn conclusions(layout: &mut Layout<'_>, note: &AnswerNote) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Overzicht");
    layout.text(
        section,
        "Hieronder ziet u hoeveel reacties tot welke conclusie leiden.",
    );
    let spec = Table {
        widths: None,
        header: &["Conclusie", "Aantal reacties"],
        keyed: true,
        size: BODY,
    };
    let rows = note
        .conclusion_counts()
        .into_iter()
        .map(|(conclusion, reactions)| vec![plain(conclusion.label()), plain(count(reactions))])
        .collect();
    layout.table(section, &spec, rows);
    bookmark
}

fn answers(layout: &mut Layout<'_>, groups: &[AnswerGroup]) -> Bookmark {
    let (section, mut bookmark) = note_chapter(layout, "Reacties en antwoorden");
    layout.text(
        section,
        "Reacties die over hetzelfde gaan, beantwoorden we samen. Bij elk antwoord staat \
         over welke reacties het gaat.",
    );
    for group in groups {
        layout.separator();
        bookmark.children.push(answer(layout, section, group));
    }
    bookmark
}

fn answer(layout: &mut Layout<'_>, chapter: usize, group: &AnswerGroup) -> Bookmark {
    let section = layout.tags.open(chapter, Tag::Section);
    let anchor = layout.anchor();
    let title = format!("Antwoord {}: {}", group.number, group.heading());
    layout.heading(section, 2, &title, Some(anchor));
    layout.blocks(section, group.reactions.iter().map(answered).collect());
    layout.heading(section, 3, "Samenvatting van de reacties", None);
    layout.text(section, &group.summary);
    layout.heading(section, 3, "Antwoord", None);
    layout.text(section, &group.reply);
    let mut conclusion = strong("Conclusie: ");
    conclusion.extend(plain(group.conclusion.label()));
    layout.paragraph(section, &conclusion, BODY, 0.0);
    Bookmark::leaf(&title, anchor)
}

/// Only [`AnsweredReaction::label`] names the indiener: residents stay a number.
fn answered(reaction: &AnsweredReaction) -> Block {
    let withdrawn = if reaction.withdrawn {
        " (ingetrokken)"
    } else {
        ""
    };
    Block::Item {
        list: 1,
        depth: 0,
        label: "•".to_owned(),
        runs: plain(format!(
            "{}, reactie {}: {}{withdrawn}",
            reaction.label(),
            reaction.number,
            reaction.title
        )),
    }
}

fn changes(layout: &mut Layout<'_>, changes: &[PointChange]) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Wijzigingen in de beleidsnotitie");
    layout.text(
        section,
        "Per beslispunt staat hier wat we door de reacties veranderen in de beleidsnotitie.",
    );
    for change in changes {
        let title = format!("Beslispunt {}. {}", change.number, change.title);
        layout.heading(section, 2, &title, None);
        if change.change.trim().is_empty() {
            layout.text(section, "Geen wijziging.");
        } else {
            layout.text(section, &change.change);
        }
    }
    bookmark
}

fn decisions(layout: &mut Layout<'_>, outcomes: &[PointOutcome]) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Besluit van de raad");
    layout.text(section, "Wat de raad over elk beslispunt heeft besloten.");
    for outcome in outcomes {
        let title = format!(
            "Beslispunt {}. {}: {}",
            outcome.number,
            outcome.title,
            outcome.outcome.label()
        );
        layout.heading(section, 2, &title, None);
        layout.text(section, &outcome.explanation);
        if let Some(url) = &outcome.decision_url {
            layout.text(section, &format!("Het besluit staat op {url}"));
        }
    }
    bookmark
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;
    use crate::domain::answer::{Conclusion, NoteState, Outcome};
    use crate::export::pdf::answer_note;
    use crate::export::pdf::testing::{contains, page_count, page_texts};

    /// In ids only, where a careless export would leak it: no field of the nota holds a
    /// resident's name, so it must not show up anywhere.
    const RESIDENT: &str = "Jansen";

    fn november(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|date| date.and_hms_opt(9, 30, 0))
            .unwrap()
    }

    fn answered_reaction(
        sequence: i32,
        organisation: Option<&str>,
        withdrawn: bool,
    ) -> AnsweredReaction {
        AnsweredReaction {
            reaction_id: format!("reactie-{RESIDENT}-{sequence}").into(),
            sequence,
            number: format!("2026-SPE-{sequence:04}"),
            title: format!("Buurthuis open houden ({sequence})"),
            organisation: organisation.map(str::to_owned),
            withdrawn,
        }
    }

    fn answer_group(
        number: i32,
        reactions: Vec<AnsweredReaction>,
        reply: String,
        conclusion: Conclusion,
    ) -> AnswerGroup {
        AnswerGroup {
            id: format!("groep-{RESIDENT}-{number}").into(),
            number,
            reactions,
            summary: "De indieners willen dat het buurthuis ook in het weekend open is.".into(),
            reply,
            conclusion,
        }
    }

    /// Three answers, the first to three reactions (one of an organisation) with a
    /// reply of nearly the maximum length, the second to a withdrawn reaction.
    fn answer_document() -> AnswerDocument {
        let long_reply = "We hebben goed gekeken naar de openingstijden van het buurthuis. \
                          Vrijwilligers kunnen op zaterdag de sleutel ophalen.\n\n"
            .repeat(70);
        AnswerDocument {
            council: "Gemeente Lindeveld".into(),
            committee: "Commissie Samenleving".into(),
            consultation_title: "Beleidsnotitie Ontmoetingsplekken".into(),
            policy_version: "2.1".into(),
            url: "https://inspraak.lindeveld.example/c/ontmoetingsplekken".into(),
            opened_at: november(1),
            deadline_at: november(20),
            note: AnswerNote {
                id: format!("nota-{RESIDENT}").into(),
                consultation_id: format!("consultatie-{RESIDENT}").into(),
                version: 2,
                state: NoteState::Published,
                revision: 7,
                procedure: "De beleidsnotitie lag vier weken ter inzage.\n\n\
                            Er zijn vijf reacties binnengekomen."
                    .into(),
                groups: vec![
                    answer_group(
                        1,
                        vec![
                            answered_reaction(1, None, false),
                            answered_reaction(2, Some("Wijkraad Horst"), false),
                            answered_reaction(4, None, false),
                        ],
                        long_reply,
                        Conclusion::LeadsToChange,
                    ),
                    answer_group(
                        2,
                        vec![answered_reaction(3, None, true)],
                        "Deze reactie is ingetrokken.".into(),
                        Conclusion::OutOfScope,
                    ),
                    answer_group(
                        3,
                        vec![answered_reaction(5, None, false)],
                        "We houden het voorstel zoals het is.".into(),
                        Conclusion::NoChange,
                    ),
                ],
                changes: vec![
                    PointChange {
                        decision_point_id: format!("punt-{RESIDENT}-1").into(),
                        number: 1,
                        title: "Openingstijden".into(),
                        change: "Het buurthuis gaat ook op zaterdag open.".into(),
                    },
                    PointChange {
                        decision_point_id: format!("punt-{RESIDENT}-2").into(),
                        number: 2,
                        title: "Beheer".into(),
                        change: " \n".into(),
                    },
                ],
                updated_at: november(24),
                published_at: Some(november(25)),
            },
            outcomes: vec![PointOutcome {
                decision_point_id: format!("punt-{RESIDENT}-1").into(),
                number: 1,
                title: "Openingstijden".into(),
                outcome: Outcome::Amended,
                decision_url: Some("https://lindeveld.example/besluit/12".into()),
                explanation: "Amendement A1 is aangenomen.".into(),
                recorded_at: november(26),
            }],
        }
    }

    fn bookmark_titles(bookmarks: &[Bookmark]) -> Vec<&str> {
        bookmarks
            .iter()
            .flat_map(|bookmark| {
                std::iter::once(bookmark.title.as_str()).chain(bookmark_titles(&bookmark.children))
            })
            .collect()
    }

    #[test]
    fn answer_note_is_pdfa_and_names_organisations_but_never_residents() {
        let document = answer_document();
        let bytes = answer_note(&document).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(contains(&bytes, "pdfaid:part>2<"));
        assert!(contains(&bytes, "pdfaid:conformance>A<"));
        assert!(contains(
            &bytes,
            "Nota van beantwoording – Beleidsnotitie Ontmoetingsplekken"
        ));
        assert!(contains(&bytes, "nl-NL"));
        assert!(contains(&bytes, "/Outlines"));
        assert!(!contains(&bytes, RESIDENT));
        assert!(page_count(&bytes) > 1);

        let fonts = Fonts::load().unwrap();
        let (layout, bookmarks) = compose_note(&document, &fonts);
        let pages = page_texts(&layout);
        let text = pages.join("\n");
        for expected in [
            "Gemeente Lindeveld\nCommissie Samenleving\nNota van beantwoording\n\
             Beleidsnotitie Ontmoetingsplekken",
            "Versie 2, gepubliceerd op woensdag 25 november 2026 om 10:30 uur",
            "Versie beleidsstuk\n2.1",
            "https://inspraak.lindeveld.example/c/ontmoetingsplekken",
            "Procedure\nDe beleidsnotitie lag vier weken ter inzage.\nEr zijn vijf",
            "Leidt tot aanpassing\n3",
            "Leidt niet tot aanpassing\n1",
            "Valt buiten dit besluit\n1",
            "Antwoord 1: Indieners 1, 2 en 4",
            "Indiener 1, reactie 2026-SPE-0001: Buurthuis open houden (1)",
            "Indiener 2 (Wijkraad Horst), reactie 2026-SPE-0002",
            "reactie 2026-SPE-0003: Buurthuis open houden (3) (ingetrokken)",
            "Samenvatting van de reacties\nDe indieners willen",
            "Antwoord\nWe hebben goed gekeken",
            "Conclusie: Leidt tot aanpassing",
            "Conclusie: Valt buiten dit besluit",
            "Beslispunt 1. Openingstijden\nHet buurthuis gaat ook op zaterdag open.",
            "Beslispunt 2. Beheer\nGeen wijziging.",
            "Besluit van de raad",
            "Beslispunt 1. Openingstijden: Geamendeerd\nAmendement A1 is aangenomen.",
            "Het besluit staat op https://lindeveld.example/besluit/12",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(!text.contains(RESIDENT));
        let reply_pages = pages
            .iter()
            .filter(|page| page.contains("sleutel ophalen"))
            .count();
        assert!(
            reply_pages > 1,
            "the long reply is on {reply_pages} page(s)"
        );
        assert_eq!(
            bookmark_titles(&bookmarks),
            [
                "Voorblad",
                "Procedure",
                "Overzicht",
                "Reacties en antwoorden",
                "Antwoord 1: Indieners 1, 2 en 4",
                "Antwoord 2: Indiener 3",
                "Antwoord 3: Indiener 5",
                "Wijzigingen in de beleidsnotitie",
                "Besluit van de raad",
            ]
        );
    }

    #[test]
    fn a_note_without_outcomes_has_no_decision_section() {
        let mut document = answer_document();
        document.outcomes.clear();
        document.note.published_at = None;
        assert!(contains(&answer_note(&document).unwrap(), "pdfaid:part>2<"));
        let fonts = Fonts::load().unwrap();
        let (layout, bookmarks) = compose_note(&document, &fonts);
        let text = page_texts(&layout).join("\n");
        assert!(!text.contains("Besluit van de raad"));
        assert!(text.contains("Versie 2, concept van dinsdag 24 november 2026 om 10:30 uur"));
        assert!(!bookmark_titles(&bookmarks).contains(&"Besluit van de raad"));
    }
}
