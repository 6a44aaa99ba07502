use inspraak::db::{Db, redo_all_migrations};

use crate::both_backends;
use crate::helpers::TestApp;

both_backends!(migrations_run_twice_and_revert_cleanly);

async fn migrations_run_twice_and_revert_cleanly(app: TestApp) {
    let url = app.database_url.clone();
    tokio::task::spawn_blocking(move || {
        // The app already migrated; connecting again finds nothing to do.
        Db::connect(&url).expect("second migration run");
        redo_all_migrations(&url).expect("down then up again");
        Db::connect(&url).expect("third migration run");
    })
    .await
    .unwrap();
    app.create_council("lindeveld").await;
    assert_eq!(app.count("councils").await, 1);
}
