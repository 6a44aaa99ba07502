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
        code -> Text,
        two_factor_for_all_staff -> Bool,
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
        email_verified_at -> Nullable<Timestamp>,
        email_key -> Text,
        deleted_at -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_nonce -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
        sign_in_subject -> Nullable<Text>,
    }
}

diesel::table! {
    council_sign_ins (council_id) {
        council_id -> Text,
        issuer_url -> Text,
        client_id -> Text,
        client_secret -> Text,
        secret_nonce -> Text,
        role_rules -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    account_districts (user_id, council_id) {
        user_id -> Text,
        council_id -> Text,
        district -> Text,
    }
}

diesel::table! {
    council_roles (user_id, council_id, role) {
        user_id -> Text,
        council_id -> Text,
        role -> Text,
        created_at -> Timestamp,
        from_sign_in -> Bool,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        device -> Text,
        last_seen_at -> Nullable<Timestamp>,
        signed_in_with -> Text,
    }
}

diesel::table! {
    email_changes (user_id) {
        user_id -> Text,
        new_email -> Text,
        requested_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (user_id, code_hash) {
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_reverts (user_id, changed_at) {
        user_id -> Text,
        old_email -> Text,
        changed_at -> Timestamp,
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
        allow_anonymous_support -> Bool,
        pre_moderation -> Bool,
        allow_guest_posts -> Bool,
        receipt_prefix -> Nullable<Text>,
    }
}

diesel::table! {
    deadline_changes (id) {
        id -> Text,
        consultation_id -> Text,
        previous_deadline_at -> Timestamp,
        new_deadline_at -> Timestamp,
        changed_by -> Text,
        changed_at -> Timestamp,
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
        template -> Nullable<Text>,
    }
}

diesel::table! {
    consultation_events (id) {
        id -> Text,
        consultation_id -> Text,
        kind -> Text,
        occurred_at -> Timestamp,
        subject_id -> Nullable<Text>,
    }
}

diesel::table! {
    digest_marks (member_id, consultation_id) {
        member_id -> Text,
        consultation_id -> Text,
        mailed_until -> Timestamp,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        district -> Text,
        website -> Nullable<Text>,
        description -> Text,
        verified_at -> Nullable<Timestamp>,
        verified_by -> Nullable<Text>,
        created_at -> Timestamp,
        verified_council_id -> Nullable<Text>,
    }
}

diesel::table! {
    organisation_members (organisation_id, user_id) {
        organisation_id -> Text,
        user_id -> Text,
        role -> Text,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    organisation_invitations (id) {
        id -> Text,
        organisation_id -> Text,
        email -> Text,
        role -> Text,
        invited_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reactions (id) {
        id -> Text,
        consultation_id -> Text,
        organisation_id -> Nullable<Text>,
        author_id -> Text,
        title -> Text,
        introduction -> Text,
        body_markdown -> Text,
        publish_name -> Bool,
        state -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<Text>,
        submitted_by_name -> Nullable<Text>,
        consent_at -> Nullable<Timestamp>,
        submission_number -> Nullable<Text>,
        sequence -> Nullable<Integer>,
        content_hash -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawal_reason -> Nullable<Text>,
    }
}

diesel::table! {
    positions (id) {
        id -> Text,
        reaction_id -> Text,
        number -> Integer,
        decision_point_id -> Nullable<Text>,
        stance -> Text,
        body -> Text,
    }
}

diesel::table! {
    scenarios (id) {
        id -> Text,
        reaction_id -> Text,
        number -> Integer,
        decision_point_id -> Nullable<Text>,
        title -> Text,
        operator -> Text,
        request -> Text,
        yearly_cost_euros -> Nullable<BigInt>,
        cost_bearer -> Text,
        conditions -> Text,
        body -> Text,
    }
}

diesel::table! {
    reaction_revisions (id) {
        id -> Text,
        reaction_id -> Text,
        version -> Integer,
        saved_by -> Text,
        saved_at -> Timestamp,
        changed -> Text,
        snapshot -> Text,
    }
}

diesel::table! {
    submission_log (id) {
        id -> Text,
        consultation_id -> Text,
        sequence -> Integer,
        reaction_id -> Text,
        event -> Text,
        content_hash -> Text,
        previous_hash -> Text,
        entry_hash -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        reaction_id -> Text,
        filename -> Text,
        size -> BigInt,
        sha256 -> Text,
        content -> Binary,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    speaking_requests (id) {
        id -> Text,
        consultation_id -> Text,
        reaction_id -> Text,
        requested_by -> Text,
        speaker_name -> Text,
        on_behalf -> Text,
        contact_email -> Text,
        decision_point_id -> Nullable<Text>,
        written_text -> Text,
        state -> Text,
        decision_reason -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        announced_minutes -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    signatures (id) {
        id -> Text,
        consultation_id -> Text,
        target_kind -> Text,
        target_id -> Text,
        display_name -> Nullable<Text>,
        email_normalized -> Nullable<Text>,
        email_domain -> Text,
        district -> Text,
        state -> Text,
        code_hash -> Nullable<Text>,
        source_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_mail_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        wants_updates -> Bool,
        email -> Nullable<Text>,
    }
}

diesel::table! {
    support_counts (target_id, district, shard) {
        target_id -> Text,
        district -> Text,
        shard -> Integer,
        confirmed -> Integer,
    }
}

diesel::table! {
    organisation_signatures (organisation_id, target_id) {
        organisation_id -> Text,
        target_kind -> Text,
        target_id -> Text,
        consultation_id -> Text,
        signed_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    district_postcodes (council_id, postcode) {
        council_id -> Text,
        postcode -> Text,
        district -> Text,
    }
}

diesel::table! {
    signature_reviews (id) {
        id -> Text,
        consultation_id -> Text,
        source_hash -> Text,
        email_domain -> Text,
        decision -> Text,
        signatures -> Integer,
        reason -> Text,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    house_rules (number) {
        number -> Integer,
        title -> Text,
        body -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    posts (id) {
        id -> Text,
        consultation_id -> Text,
        subject_kind -> Text,
        subject_id -> Text,
        parent_id -> Nullable<Text>,
        author_id -> Nullable<Text>,
        author_name -> Text,
        guest_email -> Nullable<Text>,
        confirm_token_hash -> Nullable<Text>,
        confirm_expires_at -> Nullable<Timestamp>,
        body -> Text,
        state -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        moderated_at -> Nullable<Timestamp>,
        moderation_rule -> Nullable<Text>,
        moderation_reason -> Nullable<Text>,
    }
}

diesel::table! {
    post_flags (post_id, user_id) {
        post_id -> Text,
        user_id -> Text,
        reason -> Text,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    moderation_decisions (id) {
        id -> Text,
        consultation_id -> Text,
        post_id -> Text,
        moderator_id -> Nullable<Text>,
        action -> Text,
        rule -> Nullable<Text>,
        reason -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    reaction_handling (reaction_id) {
        reaction_id -> Text,
        handling -> Nullable<Text>,
        agenda_item -> Nullable<Text>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stored_exports (consultation_id, format, level) {
        consultation_id -> Text,
        format -> Text,
        level -> Text,
        content -> Binary,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    answer_notes (id) {
        id -> Text,
        consultation_id -> Text,
        version -> Integer,
        state -> Text,
        revision -> Integer,
        procedure_text -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        published_by -> Nullable<Text>,
    }
}

diesel::table! {
    answer_groups (id) {
        id -> Text,
        note_id -> Text,
        number -> Integer,
        summary -> Text,
        reply -> Text,
        conclusion -> Text,
    }
}

diesel::table! {
    answered_reactions (note_id, reaction_id) {
        note_id -> Text,
        reaction_id -> Text,
        group_id -> Text,
    }
}

diesel::table! {
    policy_changes (note_id, decision_point_id) {
        note_id -> Text,
        decision_point_id -> Text,
        body -> Text,
    }
}

diesel::table! {
    answer_note_revisions (id) {
        id -> Text,
        note_id -> Text,
        revision -> Integer,
        saved_by -> Text,
        saved_at -> Timestamp,
        changed -> Text,
        snapshot -> Text,
    }
}

diesel::table! {
    answer_writers (consultation_id, user_id) {
        consultation_id -> Text,
        user_id -> Text,
        granted_by -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    decision_outcomes (decision_point_id) {
        decision_point_id -> Text,
        consultation_id -> Text,
        outcome -> Text,
        decision_url -> Nullable<Text>,
        explanation -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    alert_marks (key) {
        key -> Text,
        marked_at -> Timestamp,
    }
}

diesel::table! {
    worker_heartbeats (worker_id) {
        worker_id -> Text,
        beat_at -> Timestamp,
    }
}

diesel::joinable!(council_roles -> councils (council_id));
diesel::joinable!(council_sign_ins -> councils (council_id));
diesel::joinable!(council_roles -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(email_changes -> users (user_id));
diesel::joinable!(email_reverts -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(committees -> councils (council_id));
diesel::joinable!(committee_members -> committees (committee_id));
diesel::joinable!(consultations -> councils (council_id));
diesel::joinable!(consultations -> committees (committee_id));
diesel::joinable!(decision_points -> consultations (consultation_id));
diesel::joinable!(deadline_changes -> consultations (consultation_id));
diesel::joinable!(consultation_events -> consultations (consultation_id));
diesel::joinable!(digest_marks -> committee_members (member_id));
diesel::joinable!(digest_marks -> consultations (consultation_id));
diesel::joinable!(organisation_members -> organisations (organisation_id));
diesel::joinable!(organisation_members -> users (user_id));
diesel::joinable!(organisation_invitations -> organisations (organisation_id));
diesel::joinable!(reactions -> consultations (consultation_id));
diesel::joinable!(reactions -> organisations (organisation_id));
diesel::joinable!(positions -> reactions (reaction_id));
diesel::joinable!(positions -> decision_points (decision_point_id));
diesel::joinable!(scenarios -> reactions (reaction_id));
diesel::joinable!(reaction_revisions -> reactions (reaction_id));
diesel::joinable!(submission_log -> reactions (reaction_id));
diesel::joinable!(attachments -> reactions (reaction_id));
diesel::joinable!(speaking_requests -> reactions (reaction_id));
diesel::joinable!(organisation_signatures -> organisations (organisation_id));
diesel::joinable!(post_flags -> posts (post_id));
diesel::joinable!(posts -> consultations (consultation_id));
diesel::joinable!(reaction_handling -> reactions (reaction_id));
diesel::joinable!(moderation_decisions -> posts (post_id));
diesel::joinable!(answer_groups -> answer_notes (note_id));
diesel::joinable!(answered_reactions -> answer_groups (group_id));
diesel::joinable!(answered_reactions -> reactions (reaction_id));
diesel::joinable!(policy_changes -> decision_points (decision_point_id));
diesel::joinable!(answer_note_revisions -> answer_notes (note_id));
diesel::joinable!(decision_outcomes -> decision_points (decision_point_id));

diesel::allow_tables_to_appear_in_same_query!(
    councils,
    users,
    council_sign_ins,
    council_roles,
    email_changes,
    email_reverts,
    recovery_codes,
    sessions,
    throttle_events,
    committees,
    committee_members,
    consultations,
    deadline_changes,
    decision_points,
    outbox,
    consultation_events,
    digest_marks,
    organisations,
    organisation_members,
    organisation_invitations,
    reactions,
    positions,
    scenarios,
    reaction_revisions,
    submission_log,
    attachments,
    speaking_requests,
    signatures,
    support_counts,
    organisation_signatures,
    district_postcodes,
    signature_reviews,
    house_rules,
    posts,
    post_flags,
    moderation_decisions,
    reaction_handling,
    stored_exports,
    answer_notes,
    answer_groups,
    answered_reactions,
    policy_changes,
    answer_note_revisions,
    answer_writers,
    decision_outcomes,
    account_districts,
    worker_heartbeats,
);
