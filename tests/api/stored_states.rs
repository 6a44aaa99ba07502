//! A state or kind in the database that the code does not know (written by a newer
//! version, or by hand) is an error: the page answers 500, never a guess.

use diesel::connection::SimpleConnection;
use inspraak::db::{DbConn, DbError, organisations, reactions};
use inspraak::domain::id::{ConsultationId, OrganisationId, ReactionId};

use crate::both_backends;
use crate::fixtures::{start_draft, world};
use crate::helpers::TestApp;

/// Sets `table.column` of every row to 'bogus', past the column's CHECK constraint (the
/// code never writes such a value, so only this test can).
async fn store_bogus(app: &TestApp, table: &'static str, column: &'static str) {
    let url = app.database_url.clone();
    tokio::task::spawn_blocking(move || {
        let update = format!("UPDATE {table} SET {column} = 'bogus'");
        match url.connect().expect("a connection of its own") {
            DbConn::Sqlite(mut conn) => conn
                .batch_execute(&format!("PRAGMA ignore_check_constraints = ON; {update}"))
                .unwrap(),
            DbConn::Postgres(mut conn) => conn
                .batch_execute(&format!(
                    "ALTER TABLE {table} DROP CONSTRAINT {table}_{column}_check; {update}"
                ))
                .unwrap(),
        }
    })
    .await
    .unwrap();
}

both_backends!(
    an_unknown_reaction_state_is_an_error_not_a_draft,
    an_unknown_consultation_state_fails_the_public_list,
    a_typed_id_is_stored_and_read_back_as_itself
);

async fn an_unknown_reaction_state_is_an_error_not_a_draft(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(
        &w.secretary,
        &w.consultation,
        Some(&w.organisation),
        "De Schakel",
    )
    .await;
    let page = format!("/reacties/{id}");
    assert_eq!(w.secretary.get(&page).await.status().as_u16(), 200);

    store_bogus(&app, "reactions", "state").await;

    let (status, body) = w.secretary.get_text(&page).await;
    assert_eq!(status, 500);
    assert!(!body.contains("De Schakel"), "no page drawn from the row");
    let read = app
        .db
        .read(move |conn| reactions::find_reaction(conn, &id.into()).map_err(DbError::from))
        .await;
    let error = read.expect_err("an unknown state is not read as some state");
    assert!(
        error
            .to_string()
            .contains(r#"unknown ReactionState "bogus""#),
        "the log names the value: {error}"
    );
}

async fn an_unknown_consultation_state_fails_the_public_list(app: TestApp) {
    let w = world(&app).await;
    let (status, list) = app.get_text("/consultaties").await;
    assert_eq!(status, 200);
    assert!(list.contains(&w.consultation), "the open round is listed");

    store_bogus(&app, "consultations", "state").await;

    let (status, _) = app.get_text("/consultaties").await;
    assert_eq!(status, 500);
}

/// Ids are TEXT on both backends: a typed id bound in a query finds its row, and the row's
/// ids (a nullable one too) read back as the same typed ids.
async fn a_typed_id_is_stored_and_read_back_as_itself(app: TestApp) {
    let w = world(&app).await;
    let id = ReactionId::from(
        start_draft(
            &w.secretary,
            &w.consultation,
            Some(&w.organisation),
            "De Schakel",
        )
        .await,
    );
    let organisation = OrganisationId::from(w.organisation.clone());
    let (reaction, listed) = {
        let (id, organisation) = (id.clone(), organisation.clone());
        app.db
            .read(move |conn| {
                let reaction = reactions::find_reaction(conn, &id)?.expect("stored");
                let found = organisations::find_organisation(
                    conn,
                    reaction.organisation_id.as_ref().expect("written for it"),
                )?;
                assert_eq!(found.map(|o| o.id), Some(organisation.clone()));
                let listed = reactions::reactions_for_member(
                    conn,
                    &reaction.author_id,
                    std::slice::from_ref(&organisation),
                )?;
                Ok::<_, DbError>((reaction, listed))
            })
            .await
            .unwrap()
    };
    assert_eq!(reaction.id, id);
    assert_eq!(reaction.organisation_id, Some(organisation));
    assert_eq!(
        reaction.consultation_id,
        ConsultationId::from(w.consultation)
    );
    assert_eq!(reaction.submitted_by, None);
    assert!(listed.iter().any(|l| l.reaction.id == id));
}
