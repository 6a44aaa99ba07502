// One schema for SQLite and PostgreSQL: ids are UUIDs as text, timestamps are UTC.

diesel::table! {
    councils (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        logo_text -> Text,
        speaking_deadline_hours -> Integer,
        minutes_per_speaker -> Integer,
        total_speaking_minutes -> Integer,
        retention_days -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    council_roles (user_id, council_id, role) {
        user_id -> Text,
        council_id -> Text,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    throttle_events (id) {
        id -> Text,
        bucket -> Text,
        subject_hash -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    committees (id) {
        id -> Text,
        council_id -> Text,
        name -> Text,
        clerk_email -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    committee_members (id) {
        id -> Text,
        committee_id -> Text,
        name -> Text,
        email -> Text,
        created_at -> Timestamp,
        unsubscribed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consultations (id) {
        id -> Text,
        council_id -> Text,
        committee_id -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        document_url -> Nullable<Text>,
        policy_version -> Text,
        meeting_at -> Timestamp,
        deadline_at -> Timestamp,
        state -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decision_points (id) {
        id -> Text,
        consultation_id -> Text,
        number -> Integer,
        title -> Text,
        body -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        message_id -> Text,
        dedupe_key -> Nullable<Text>,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        list_unsubscribe -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consultation_events (id) {
        id -> Text,
        consultation_id -> Text,
        kind -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    digest_marks (member_id, consultation_id) {
        member_id -> Text,
        consultation_id -> Text,
        mailed_until -> Timestamp,
    }
}

diesel::joinable!(council_roles -> councils (council_id));
diesel::joinable!(council_roles -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(committees -> councils (council_id));
diesel::joinable!(committee_members -> committees (committee_id));
diesel::joinable!(consultations -> councils (council_id));
diesel::joinable!(consultations -> committees (committee_id));
diesel::joinable!(decision_points -> consultations (consultation_id));
diesel::joinable!(consultation_events -> consultations (consultation_id));
diesel::joinable!(digest_marks -> committee_members (member_id));
diesel::joinable!(digest_marks -> consultations (consultation_id));

diesel::allow_tables_to_appear_in_same_query!(
    councils,
    users,
    council_roles,
    sessions,
    throttle_events,
    committees,
    committee_members,
    consultations,
    decision_points,
    outbox,
    consultation_events,
    digest_marks,
);
