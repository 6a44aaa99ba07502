//! `inspraak copy-to`: moves every row of a SQLite database into a fresh PostgreSQL
//! database with the same (migrated) schema. SQLite writes each batch of rows as one JSON
//! array, bytes as hex; PostgreSQL reads it back with `json_populate_recordset`, which
//! turns every value into its column's type. So no table needs code of its own, and a
//! table added by a later migration is copied too.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::{DatabaseUrl, DbConn, DbError, run_migrations};

/// Rows per batch: one JSON document per batch keeps memory flat for large tables.
const BATCH: i64 = 500;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    r#type: String,
}

#[derive(QueryableByName)]
struct Batch {
    #[diesel(sql_type = Nullable<Text>)]
    rows: Option<String>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Copies everything from the SQLite database `source` into the PostgreSQL database
/// `target`, in one transaction on the target; returns the rows copied per table, in
/// the order the tables were created (parents before the rows that refer to them).
/// Refuses a target that already holds accounts or councils.
pub fn copy_to_postgres(
    source: &DatabaseUrl,
    target: &DatabaseUrl,
) -> Result<Vec<(String, i64)>, DbError> {
    if !source.is_sqlite() || target.is_sqlite() {
        return Err(DbError::Unsupported(
            "copy-to copies a SQLite database (DATABASE_URL) into PostgreSQL (postgres://...)",
        ));
    }
    let mut from = source.connect()?;
    run_migrations(&mut from)?;
    let mut to = target.connect()?;
    run_migrations(&mut to)?;
    for table in ["users", "councils"] {
        if count(&mut to, table)? > 0 {
            return Err(DbError::Unsupported(
                "the PostgreSQL database is not empty; copy into a new database",
            ));
        }
    }
    let tables: Vec<String> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '__diesel_schema_migrations' ORDER BY rowid",
    )
    .load::<Name>(&mut from)?
    .into_iter()
    .map(|t| t.name)
    .collect();
    // One read transaction on the source: a consistent copy even while it is in use.
    let copied = from.transaction(|from| {
        to.transaction(|to| {
            // Migrations seed some tables (the house rules); the source's rows replace them.
            for table in tables.iter().rev() {
                diesel::sql_query(format!("DELETE FROM {table}")).execute(to)?;
            }
            let mut copied = Vec::with_capacity(tables.len());
            for table in &tables {
                copied.push((table.clone(), copy_table(from, to, table)?));
            }
            Ok::<_, diesel::result::Error>(copied)
        })
    })?;
    Ok(copied)
}

fn count(conn: &mut DbConn, table: &str) -> QueryResult<i64> {
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<Count>(conn)
        .map(|c| c.n)
}

/// Copies one table in batches, in insertion order, so that a reply comes after the
/// post it answers.
fn copy_table(from: &mut DbConn, to: &mut DbConn, table: &str) -> QueryResult<i64> {
    let columns = diesel::sql_query(format!("PRAGMA table_info({table})")).load::<Column>(from)?;
    let fields: Vec<String> = columns
        .iter()
        .map(|c| {
            // PostgreSQL reads bytea from text as \x followed by hex.
            let value = if c.r#type.eq_ignore_ascii_case("BLOB") {
                format!(
                    "CASE WHEN {0} IS NULL THEN NULL ELSE '\\x' || hex({0}) END",
                    c.name
                )
            } else {
                c.name.clone()
            };
            format!("'{}', {value}", c.name)
        })
        .collect();
    let select = format!(
        "SELECT json_group_array(json_object({})) AS rows FROM \
         (SELECT * FROM {table} ORDER BY rowid LIMIT {BATCH} OFFSET $1)",
        fields.join(", ")
    );
    let insert = format!(
        "INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, $1::json)"
    );
    let mut offset = 0;
    loop {
        let batch = diesel::sql_query(&select)
            .bind::<BigInt, _>(offset)
            .get_result::<Batch>(from)?
            .rows
            .unwrap_or_default();
        let inserted = diesel::sql_query(&insert)
            .bind::<Text, _>(&batch)
            .execute(to)?;
        offset += i64::try_from(inserted).unwrap_or(BATCH);
        if inserted < BATCH as usize {
            return Ok(offset);
        }
    }
}
