use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, positions, reactions, stored_exports};

use inspraak::domain::export::PERSONAL_DATA_NOTICE;

use crate::fixtures::{
    World, close, individual_reaction_by, individual_reaction_saying, sign, signable, start_draft,
    world,
};
use crate::helpers::{TestApp, confirmation_for, link, location};
use crate::{assert_status, both_backends};

/// A submitted reaction by a private individual who did not publish their name, with
/// `=HYPERLINK(...)` as a position: returns its id.
async fn individual_reaction(app: &TestApp, w: &World) -> String {
    individual_reaction_by(
        app,
        w,
        "mevrouw.jansen@example.nl",
        "Koffieochtend op dinsdag",
    )
    .await
}

async fn download(browser: &TestApp, path: &str) -> (u16, String, Vec<u8>) {
    let response = browser.get(path).await;
    let status = response.status().as_u16();
    let disposition = response
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        disposition,
        response.bytes().await.unwrap().to_vec(),
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a file says, as text to search: spreadsheets are unzipped; a PDF's text is
/// compressed and subset-encoded, so it is only checked for being a PDF.
fn readable(name: &str, bytes: &[u8]) -> Option<String> {
    if name.ends_with(".pdf") {
        assert!(bytes.starts_with(b"%PDF-"), "{name} is a PDF");
        return None;
    }
    if name.ends_with(".xlsx") || name.ends_with(".ods") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut all = String::new();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            std::io::Read::read_to_string(&mut entry, &mut all).ok();
        }
        assert!(
            all.contains("Houd De Schakel open"),
            "{name} holds the reactions"
        );
        return Some(all);
    }
    Some(text(bytes))
}

/// Every file of an export, by its name in the address.
const FILES: [&str; 9] = [
    "agendabundel.pdf",
    "agendabundel-met-bijlagen.pdf",
    "inspraak.xlsx",
    "inspraak.ods",
    "reacties.csv",
    "standpunten.csv",
    "ingekomen-stukken.xlsx",
    "ingekomen-stukken.csv",
    "inspraak.json",
];

/// How a file of the test world's open round (titled "Beleidsnotitie Ontmoetingsplekken")
/// must be offered: `version` is `openbaar` or `volledig`.
fn expected_disposition(file: &str, version: &str) -> String {
    let (base, extension) = file.rsplit_once('.').unwrap();
    format!(
        "attachment; filename=\"beleidsnotitie-ontmoetingsplekken-tussenstand-{base}-{version}.{extension}\""
    )
}

fn xml(bytes: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name(part).unwrap_or_else(|_| panic!("{part}")),
        &mut text,
    )
    .unwrap();
    text
}

/// An XLSX cell: reference, type attribute and value.
type XlsxCell = (String, String, String);

/// A workbook's shared strings by index, and per worksheet its cells.
fn xlsx_cells(bytes: &[u8]) -> (Vec<String>, Vec<Vec<XlsxCell>>) {
    let strings = xml(bytes, "xl/sharedStrings.xml");
    let strings = roxmltree::Document::parse(&strings).unwrap();
    let strings: Vec<String> = strings
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let mut sheets = Vec::new();
    for number in 1.. {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        if archive
            .by_name(&format!("xl/worksheets/sheet{number}.xml"))
            .is_err()
        {
            break;
        }
        let sheet = xml(bytes, &format!("xl/worksheets/sheet{number}.xml"));
        assert!(!sheet.contains("<f>"), "no formula in sheet {number}");
        let doc = roxmltree::Document::parse(&sheet).unwrap();
        sheets.push(
            doc.descendants()
                .filter(|n| n.has_tag_name("c"))
                .map(|c| {
                    let value = c
                        .children()
                        .find(|n| n.has_tag_name("v"))
                        .and_then(|v| v.text())
                        .unwrap_or_default();
                    (
                        c.attribute("r").unwrap_or_default().to_owned(),
                        c.attribute("t").unwrap_or("n").to_owned(),
                        value.to_owned(),
                    )
                })
                .collect(),
        );
    }
    (strings, sheets)
}

/// An ODS cell: value type and text.
type OdsCell = (String, String);

/// A spreadsheet's tables: per table its name and rows of cells.
fn ods_tables(bytes: &[u8]) -> Vec<(String, Vec<Vec<OdsCell>>)> {
    const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    let content = xml(bytes, "content.xml");
    assert!(!content.contains("table:formula"));
    let doc = roxmltree::Document::parse(&content).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((TABLE, "table")))
        .map(|table| {
            let rows = table
                .children()
                .filter(|n| n.has_tag_name((TABLE, "table-row")))
                .map(|row| {
                    row.children()
                        .filter(|n| n.has_tag_name((TABLE, "table-cell")))
                        .map(|cell| {
                            let text: Vec<String> = cell
                                .children()
                                .filter(|n| n.tag_name().name() == "p")
                                .map(|p| {
                                    p.descendants()
                                        .filter(|t| t.is_text())
                                        .filter_map(|t| t.text())
                                        .collect()
                                })
                                .collect();
                            (
                                cell.attribute((OFFICE, "value-type"))
                                    .unwrap_or_default()
                                    .to_owned(),
                                text.join("\n"),
                            )
                        })
                        .collect()
                })
                .collect();
            (table.attribute((TABLE, "name")).unwrap().to_owned(), rows)
        })
        .collect()
}

/// Says whether a downloaded file starts with the personal-data notice (`None` for a PDF,
/// whose text cannot be read back: its cover is checked on the layout in `export::pdf`),
/// and checks that a file without it does not mention personal data at all.
fn starts_with_notice(file: &str, bytes: &[u8]) -> Option<bool> {
    if file.ends_with(".pdf") {
        assert!(bytes.starts_with(b"%PDF-"), "{file}");
        return None;
    }
    let with = if file.ends_with(".xlsx") {
        let (strings, sheets) = xlsx_cells(bytes);
        let firsts: Vec<bool> = sheets
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .find(|c| c.0 == "A1")
                    .is_some_and(|(_, kind, value)| {
                        kind == "s"
                            && strings[value.parse::<usize>().unwrap()] == PERSONAL_DATA_NOTICE
                    })
            })
            .collect();
        assert!(
            firsts.iter().all(|f| *f == firsts[0]),
            "{file}: on every sheet or none"
        );
        if !firsts[0] {
            assert!(
                !strings.iter().any(|s| s.contains("persoonsgegevens")),
                "{file}"
            );
        }
        firsts[0]
    } else if file.ends_with(".ods") {
        let tables = ods_tables(bytes);
        let firsts: Vec<bool> = tables
            .iter()
            .map(|(_, rows)| rows[0][0] == ("string".to_owned(), PERSONAL_DATA_NOTICE.to_owned()))
            .collect();
        assert!(
            firsts.iter().all(|f| *f == firsts[0]),
            "{file}: on every sheet or none"
        );
        if !firsts[0] {
            assert!(
                !xml(bytes, "content.xml").contains("persoonsgegevens"),
                "{file}"
            );
        }
        firsts[0]
    } else if file.ends_with(".csv") {
        let text = text(bytes);
        // Not flexible: every line must have as many fields as the header.
        let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        let with = &records[0][0] == PERSONAL_DATA_NOTICE;
        let header = if with {
            assert!(records[0].iter().skip(1).all(str::is_empty), "{file}");
            assert!(
                text.trim_start_matches('\u{feff}')
                    .starts_with(PERSONAL_DATA_NOTICE),
                "{file}: plain, without quotes"
            );
            &records[1]
        } else {
            &records[0]
        };
        assert!(
            header
                .iter()
                .any(|h| h == "ontvangstnummer" || h == "volgnummer"),
            "{file}: {header:?}"
        );
        assert!(with || !text.contains("persoonsgegevens"), "{file}");
        with
    } else {
        let document: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert!(
            document
                .get("notice")
                .is_none_or(|notice| notice == PERSONAL_DATA_NOTICE)
        );
        let with = document.get("notice").is_some();
        assert!(with || !text(bytes).contains("persoonsgegevens"), "{file}");
        with
    };
    Some(with)
}

both_backends!(
    every_file_downloads_with_only_what_the_public_may_see,
    public_and_full_files_are_named_and_marked_apart_and_keep_typed_text,
    a_concept_has_no_downloads_or_overview_for_the_public,
    after_closing_an_export_is_made_once_and_served_as_it_is,
    a_final_file_stored_by_an_older_release_is_made_again,
    a_handling_entered_after_closing_reaches_the_stored_list,
    the_clerk_sets_handling_for_the_list_of_incoming_documents
);

async fn every_file_downloads_with_only_what_the_public_may_see(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let individual = individual_reaction(&app, &w).await;
    start_draft(
        &w.secretary,
        &w.consultation,
        Some(&w.organisation),
        "Geheim concept",
    )
    .await;
    // A confirmed co-signature: its address and postcode must never show.
    let signer = app.second_browser();
    sign(
        &signer,
        &position,
        "Buurman Bakker",
        "buurman.bakker@example.nl",
        "1234 AB",
    )
    .await;
    let mails = app.deliver_mail().await;
    let confirm = link(
        confirmation_for(&mails, "buurman.bakker@example.nl")[0],
        &format!("{}/steun/bevestigen/", app.address),
    );
    let path = confirm.trim_start_matches(&app.address).to_owned();
    assert_status!(signer.post_form(&path, &path, &[]).await, 200);

    let anonymous = app.second_browser();
    let page = assert_status!(
        anonymous
            .get(&format!("/consultaties/{}/downloads", w.consultation))
            .await,
        200
    );
    assert!(page.contains("tussenstand"));
    assert!(
        !page.contains("/export/volledig/"),
        "the full version is not offered to the public"
    );
    let base = format!("/consultaties/{}/export/", w.consultation);
    for (name, content_type) in [
        ("agendabundel.pdf", "application/pdf"),
        ("agendabundel-met-bijlagen.pdf", "application/pdf"),
        (
            "inspraak.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "inspraak.ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("reacties.csv", "text/csv; charset=utf-8"),
        ("standpunten.csv", "text/csv; charset=utf-8"),
        (
            "ingekomen-stukken.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("ingekomen-stukken.csv", "text/csv; charset=utf-8"),
        ("inspraak.json", "application/json"),
    ] {
        let response = anonymous.get(&format!("{base}{name}")).await;
        assert_eq!(response.status().as_u16(), 200, "{name}");
        assert_eq!(response.headers()["content-type"], content_type, "{name}");
        let disposition = response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            disposition,
            expected_disposition(name, "openbaar"),
            "{name}"
        );
        let body = response.bytes().await.unwrap();
        assert!(!body.is_empty());
        let Some(plain) = readable(name, &body) else {
            continue;
        };
        for secret in [
            "buurman.bakker@example.nl",
            "mevrouw.jansen@example.nl",
            "1234 AB",
            "1234AB",
            "Geheim concept",
        ] {
            assert!(!plain.contains(secret), "{name} shows {secret}");
        }
    }
    assert_status!(anonymous.get(&format!("{base}geheim.txt")).await, 404);

    // The JSON: the private individual is a number, the hashes are the receipts', the
    // co-signature counts, and the document follows the schema the app serves.
    let (_, _, json) = download(&anonymous, &format!("{base}inspraak.json")).await;
    let document: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let (_, schema) = anonymous.get_text("/export/schema/v1.json").await;
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert!(
        jsonschema::is_valid(&schema, &document),
        "the export follows its schema"
    );
    let plain = text(&json);
    assert!(plain.contains("indiener 2"), "{plain}");
    assert!(
        !plain.contains("Test Persoon"),
        "no private name in the public version"
    );
    let id = individual.clone();
    let hash: String = app
        .db
        .read(move |conn| {
            reactions::table
                .find(&id)
                .select(reactions::content_hash.assume_not_null())
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert!(plain.contains(&hash));
    let (_, receipt) = anonymous
        .get_text(&format!("/reacties/{individual}/controle"))
        .await;
    assert!(
        receipt.contains(&hash),
        "the same hash as the public check page"
    );

    // Formulas stay text in CSV, with ; for Dutch Excel on request.
    let (_, _, csv) = download(
        &anonymous,
        &format!("{base}standpunten.csv?scheiding=puntkomma"),
    )
    .await;
    let csv = text(&csv);
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("'=HYPERLINK"));
    assert!(!csv.contains(";=HYPERLINK") && !csv.contains("\"=HYPERLINK"));
    assert!(csv.lines().next().unwrap().contains(';'));

    // The council member's overview: per beslispunt, charts with tables, no private names.
    let overview = assert_status!(
        anonymous
            .get(&format!("/consultaties/{}/overzicht", w.consultation))
            .await,
        200
    );
    assert!(overview.contains("<caption>Standpunten en steun bij Beslispunt 1"));
    assert!(overview.contains(r#"<table class="data-table data-table--stack"><caption>Standpunten en steun bij Beslispunt 1"#), "stacks as cards on narrow screens");
    assert!(
        overview.contains(r#"<td data-label="Tegen">"#),
        "each cell says what it is when stacked"
    );
    assert!(overview.contains(r#"role="img""#));
    assert!(overview.contains("indiener 2"));
    assert!(!overview.contains("Test Persoon"));
    assert!(overview.contains(&format!("/reacties/{individual}")));

    // The full version: for the griffie, with the name; not for residents.
    let full = format!(
        "/consultaties/{}/export/volledig/inspraak.json",
        w.consultation
    );
    assert!(location(&anonymous.get(&full).await).starts_with("/account/inloggen"));
    assert_status!(w.secretary.get(&full).await, 403);
    let (status, _, clerk_json) = download(&app, &full).await;
    assert_eq!(status, 200);
    assert!(text(&clerk_json).contains("Test Persoon"));
    assert!(
        app.get_text(&format!("/consultaties/{}/downloads", w.consultation))
            .await
            .1
            .contains("/export/volledig/")
    );
}

async fn public_and_full_files_are_named_and_marked_apart_and_keep_typed_text(app: TestApp) {
    let w = world(&app).await;
    signable(&app, &w).await;
    individual_reaction_saying(
        &app,
        &w,
        "mevrouw.jansen@example.nl",
        "Koffieochtend op dinsdag",
        "=1+1",
    )
    .await;
    let base = format!("/consultaties/{}/export", w.consultation);
    for (path, version, full) in [("", "openbaar", false), ("/volledig", "volledig", true)] {
        for file in FILES {
            let (status, disposition, bytes) =
                download(&app, &format!("{base}{path}/{file}")).await;
            assert_eq!(status, 200, "{version} {file}");
            assert_eq!(disposition, expected_disposition(file, version));
            if let Some(with) = starts_with_notice(file, &bytes) {
                assert_eq!(
                    with, full,
                    "{version} {file}: the notice only in the full version"
                );
            }
        }
    }
    assert!(
        PERSONAL_DATA_NOTICE.contains("persoonsgegevens")
            && PERSONAL_DATA_NOTICE.contains("Niet publiceren")
    );

    // "=1+1" as typed: a string cell in XLSX and ODS, neutralised in CSV, as is in JSON.
    for path in ["", "/volledig"] {
        let (_, _, workbook) = download(&app, &format!("{base}{path}/inspraak.xlsx")).await;
        let (strings, sheets) = xlsx_cells(&workbook);
        let typed = strings
            .iter()
            .position(|s| s == "=1+1")
            .expect("the text as typed");
        assert!(
            !strings.iter().any(|s| s.starts_with('\'')),
            "no apostrophe added"
        );
        // Sheet 3 is "Standpunten".
        assert!(
            sheets[2]
                .iter()
                .any(|(_, kind, value)| kind == "s" && *value == typed.to_string()),
            "a text cell"
        );

        let (_, _, spreadsheet) = download(&app, &format!("{base}{path}/inspraak.ods")).await;
        let tables = ods_tables(&spreadsheet);
        let (_, positions) = tables
            .iter()
            .find(|(name, _)| name == "Standpunten")
            .unwrap();
        assert!(
            positions
                .iter()
                .flatten()
                .any(|cell| *cell == ("string".to_owned(), "=1+1".to_owned()))
        );
        assert!(
            !tables
                .iter()
                .flat_map(|(_, rows)| rows.iter().flatten())
                .any(|(_, text)| text.starts_with('\''))
        );

        let (_, _, csv) = download(&app, &format!("{base}{path}/standpunten.csv")).await;
        let csv = text(&csv);
        assert!(csv.contains(",'=1+1,"), "{csv}");
        assert!(!csv.contains(",=1+1"));

        let (_, _, json) = download(&app, &format!("{base}{path}/inspraak.json")).await;
        assert!(text(&json).contains("\"body\": \"=1+1\""));
    }

    // The command line saves the full workbook under the name the web gives it.
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_inspraak"))
        .args([
            "export",
            &w.consultation,
            "inspraak.xlsx",
            "--level",
            "full",
        ])
        .current_dir(dir.path())
        .env_remove("INSPRAAK_SECRET_KEY")
        .env_remove("INSPRAAK_BASE_URL")
        .env("DATABASE_URL", app.database_url.connection_string())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let saved = dir
        .path()
        .join("beleidsnotitie-ontmoetingsplekken-tussenstand-inspraak-volledig.xlsx");
    assert!(
        saved.exists(),
        "{:?}",
        std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
    );
    assert_eq!(
        starts_with_notice("inspraak.xlsx", &std::fs::read(saved).unwrap()),
        Some(true)
    );

    // The download page says which file is which.
    let (_, page) = app
        .get_text(&format!("/consultaties/{}/downloads", w.consultation))
        .await;
    assert!(page.contains("beleidsnotitie-ontmoetingsplekken-tussenstand-inspraak-openbaar.xlsx"));
    assert!(page.contains("beleidsnotitie-ontmoetingsplekken-tussenstand-inspraak-volledig.xlsx"));
    assert!(page.contains("eerste regel"));
}

async fn a_concept_has_no_downloads_or_overview_for_the_public(app: TestApp) {
    let w = world(&app).await;
    let (_, committee): (String, String) = {
        let id = w.consultation.clone();
        app.db
            .read(move |conn| {
                consultations::table
                    .find(&id)
                    .select((consultations::council_id, consultations::committee_id))
                    .first(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    let concept = crate::fixtures::create_consultation(&app, "lindeveld", &committee).await;
    let public = app.second_browser();
    for path in [
        format!("/consultaties/{concept}/downloads"),
        format!("/consultaties/{concept}/overzicht"),
        format!("/consultaties/{concept}/export/inspraak.json"),
    ] {
        assert_status!(public.get(&path).await, 404, "{path}");
    }
    assert_status!(
        app.get(&format!("/consultaties/{concept}/downloads")).await,
        200,
        "the griffie sees its concept"
    );
}

async fn after_closing_an_export_is_made_once_and_served_as_it_is(app: TestApp) {
    let w = world(&app).await;
    signable(&app, &w).await;
    close(&app, &w.consultation).await;
    let path = format!("/consultaties/{}/export/agendabundel.pdf", w.consultation);
    let (status, disposition, first) = download(&app, &path).await;
    assert_eq!(status, 200);
    assert!(!disposition.contains("tussenstand"));
    assert!(first.starts_with(b"%PDF-"));
    assert_eq!(app.count("stored_exports").await, 1);
    // Even if a stored row changed behind its back, the final file stays as it was.
    let consultation = w.consultation.clone();
    app.db
        .write(move |conn| {
            let ids: Vec<String> = reactions::table
                .filter(reactions::consultation_id.eq(&consultation))
                .select(reactions::id)
                .load(conn)?;
            diesel::update(positions::table.filter(positions::reaction_id.eq_any(&ids)))
                .set(positions::body.eq("Gewijzigd"))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let (_, _, second) = download(&app, &path).await;
    assert_eq!(first, second);
    assert_eq!(app.count("stored_exports").await, 1);
}

async fn a_final_file_stored_by_an_older_release_is_made_again(app: TestApp) {
    let w = world(&app).await;
    signable(&app, &w).await;
    close(&app, &w.consultation).await;
    let path = format!(
        "/consultaties/{}/export/volledig/reacties.csv",
        w.consultation
    );
    let (_, _, made) = download(&app, &path).await;
    // What an older release stored: its key had no layout, its file no notice.
    app.db
        .write(|conn| {
            let (format,): (String,) = stored_exports::table
                .select((stored_exports::format,))
                .first(conn)?;
            let old = format.replacen("#opmaak2-", "#", 1);
            assert_ne!(old, format);
            diesel::update(stored_exports::table)
                .set((
                    stored_exports::format.eq(old),
                    stored_exports::content.eq(b"volgnummer\r\n".to_vec()),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let (_, _, again) = download(&app, &path).await;
    assert!(
        text(&again).contains(PERSONAL_DATA_NOTICE),
        "made again, with the notice"
    );
    assert_eq!(text(&again).lines().nth(1), text(&made).lines().nth(1));
    assert_eq!(
        app.count("stored_exports").await,
        1,
        "the old file is replaced"
    );
}

async fn a_handling_entered_after_closing_reaches_the_stored_list(app: TestApp) {
    let w = world(&app).await;
    signable(&app, &w).await;
    close(&app, &w.consultation).await;
    let list = format!(
        "/consultaties/{}/export/ingekomen-stukken.csv",
        w.consultation
    );
    let (status, disposition, before) = download(&app, &list).await;
    assert_eq!(status, 200);
    assert!(!disposition.contains("tussenstand"), "a final file");
    assert!(!text(&before).contains("RIS-2026-0412"));
    let (_, _, unchanged) = download(&app, &list).await;
    assert_eq!(before, unchanged, "served as stored while nothing changed");

    let page = format!("/griffie/consultaties/{}/ingekomen-stukken", w.consultation);
    let (_, form) = app.get_text(&page).await;
    assert!(
        form.contains(r#"class="data-table data-table--stack""#)
            && form.contains(r#"<td data-label="Afhandeling">"#),
        "the list stacks as cards on narrow screens"
    );
    let reaction = form
        .split("name=\"reaction\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let saved = app
        .post_form(
            &page,
            &page,
            &[
                ("reaction", &reaction),
                ("handling", "agenda"),
                ("agenda_item", "RIS-2026-0412"),
            ],
        )
        .await;
    assert_status!(saved, 303);
    for file in ["ingekomen-stukken.csv", "ingekomen-stukken.xlsx"] {
        let (status, _, after) = download(
            &app,
            &format!("/consultaties/{}/export/{file}", w.consultation),
        )
        .await;
        assert_eq!(status, 200);
        let plain = readable(file, &after).unwrap();
        assert!(
            plain.contains("RIS-2026-0412") && plain.contains("Agenderen"),
            "{file} shows the handling"
        );
    }
    assert_eq!(
        app.count("stored_exports").await,
        2,
        "the old list is replaced, not kept beside the new one"
    );
}

async fn the_clerk_sets_handling_for_the_list_of_incoming_documents(app: TestApp) {
    let w = world(&app).await;
    signable(&app, &w).await;
    let page = format!("/griffie/consultaties/{}/ingekomen-stukken", w.consultation);
    let form = assert_status!(app.get(&page).await, 200);
    let reaction = form
        .split("name=\"reaction\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_status!(w.secretary.get(&page).await, 403);
    let token = w.secretary.csrf_token("/account").await;
    let refused = w
        .secretary
        .post_raw(
            &page,
            &[
                ("csrf_token", &token),
                ("reaction", &reaction),
                ("handling", "agenda"),
                ("agenda_item", "X"),
            ],
        )
        .await;
    assert_status!(refused, 403);

    let wrong = app
        .post_form(
            &page,
            &page,
            &[
                ("reaction", &reaction),
                ("handling", "weggooien"),
                ("agenda_item", "RIS-2026-0412"),
            ],
        )
        .await;
    let wrong = assert_status!(wrong, 422);
    assert!(wrong.contains("Kies een afhandeling uit de lijst."));
    assert!(wrong.contains("RIS-2026-0412"), "what was typed is kept");

    let saved = app
        .post_form(
            &page,
            &page,
            &[
                ("reaction", &reaction),
                ("handling", "agenda"),
                ("agenda_item", "RIS-2026-0412"),
            ],
        )
        .await;
    assert_status!(saved, 303);
    let (_, _, list) = download(
        &app,
        &format!(
            "/consultaties/{}/export/ingekomen-stukken.csv",
            w.consultation
        ),
    )
    .await;
    let list = text(&list);
    assert!(list.contains("Agenderen"));
    assert!(list.contains("RIS-2026-0412"));
    assert!(list.contains("Bewonersplatform De Horst"));
}
