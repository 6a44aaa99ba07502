//! How often anonymous or risky actions may happen before we ask people to wait.

use chrono::Duration;

/// At most `max` events per subject within `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Name under which events are counted.
    pub bucket: &'static str,
    pub max: i64,
    pub window_minutes: i64,
}

impl Limit {
    pub fn window(self) -> Duration {
        Duration::minutes(self.window_minutes)
    }

    /// True when `recent` earlier events leave no room for one more.
    pub fn is_reached(self, recent: i64) -> bool {
        recent >= self.max
    }
}

/// Failed log-ins for one account: slows guessing one person's password.
pub const LOGIN_PER_ACCOUNT: Limit = Limit {
    bucket: "login-account",
    max: 5,
    window_minutes: 15,
};
/// Failed log-ins from one address: slows trying many accounts.
pub const LOGIN_PER_IP: Limit = Limit {
    bucket: "login-ip",
    max: 30,
    window_minutes: 15,
};
/// New accounts from one address.
pub const REGISTER_PER_IP: Limit = Limit {
    bucket: "register-ip",
    max: 10,
    window_minutes: 60,
};

/// Wrong confirmation codes from one address: 8 characters from 31 are too many to guess,
/// and this keeps it so.
pub const CODE_PER_IP: Limit = Limit {
    bucket: "code-ip",
    max: 20,
    window_minutes: 15,
};

/// Posts per account: enough for a lively discussion, too few for flooding a thread.
pub const POSTS_PER_ACCOUNT: Limit = Limit {
    bucket: "post-account",
    max: 10,
    window_minutes: 10,
};
/// Posts without an account from one address (a community centre's wifi is shared).
pub const GUEST_POSTS_PER_IP: Limit = Limit {
    bucket: "post-guest-ip",
    max: 30,
    window_minutes: 60,
};
/// Confirmation mails for guest posts to one e-mail address.
pub const GUEST_POSTS_PER_ADDRESS: Limit = Limit {
    bucket: "post-guest-address",
    max: 5,
    window_minutes: 60,
};

/// Address confirmation mails an account asks for again.
pub const VERIFICATION_MAILS: Limit = Limit {
    bucket: "verification-mail",
    max: 3,
    window_minutes: 60,
};

/// No limit looks back further than this; older events may be deleted.
pub const LONGEST_WINDOW_MINUTES: i64 = 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_reached_at_its_maximum() {
        assert!(!LOGIN_PER_ACCOUNT.is_reached(4));
        assert!(LOGIN_PER_ACCOUNT.is_reached(5));
        for limit in [
            LOGIN_PER_ACCOUNT,
            LOGIN_PER_IP,
            REGISTER_PER_IP,
            CODE_PER_IP,
            POSTS_PER_ACCOUNT,
            GUEST_POSTS_PER_IP,
            GUEST_POSTS_PER_ADDRESS,
            VERIFICATION_MAILS,
        ] {
            assert!(limit.window_minutes <= LONGEST_WINDOW_MINUTES);
        }
    }
}
