use chrono::Duration;
use inspraak::db::{accounts, throttle};
use inspraak::domain::account::SignInMethod;
use inspraak::domain::id::UserId;
use inspraak::domain::time::now_utc;

use crate::both_backends;
use crate::helpers::TestApp;

both_backends!(housekeeping_removes_expired_sessions_and_old_counters);

async fn housekeeping_removes_expired_sessions_and_old_counters(app: TestApp) {
    let user = UserId::from(app.create_user("oud@example.nl", false, None).await);
    app.db
        .write(move |conn| {
            let now = now_utc();
            accounts::insert_session(
                conn,
                "verlopen",
                &user,
                "Firefox op Linux",
                SignInMethod::Password,
                now - Duration::days(20),
                now - Duration::days(6),
            )?;
            accounts::insert_session(
                conn,
                "geldig",
                &user,
                "Firefox op Linux",
                SignInMethod::Password,
                now,
                now + Duration::days(14),
            )?;
            throttle::record(conn, "login-ip", "oud", now - Duration::hours(3))?;
            throttle::record(conn, "login-ip", "nieuw", now)?;
            Ok::<_, inspraak::db::DbError>(())
        })
        .await
        .unwrap();
    let removed = inspraak::housekeeping::run_once(&app.db, app.now())
        .await
        .unwrap();
    assert_eq!((removed.sessions, removed.throttle_events), (1, 1));
    assert_eq!(app.count("sessions").await, 1);
    assert_eq!(app.count("throttle_events").await, 1);
}
