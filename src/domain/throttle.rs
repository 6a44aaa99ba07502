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

/// Failed log-ins for one account from one address. Each further failure past the
/// first few waits longer ([`login_delay`]), so guessing is slow, while the owner on
/// another address is not affected at all (ASVS 2.2.1).
pub const LOGIN_PER_PAIR: Limit = Limit {
    bucket: "login-pair",
    max: 5,
    window_minutes: 60,
};
/// Failed log-ins for one account from anywhere: past this, a guesser spread over many
/// addresses is stopped, and the owner gets a mail with a link that lets their own
/// browser in again.
pub const LOGIN_PER_ACCOUNT: Limit = Limit {
    bucket: "login-account",
    max: 20,
    window_minutes: 60,
};
/// Failed log-ins from one address: slows trying many accounts.
pub const LOGIN_PER_IP: Limit = Limit {
    bucket: "login-ip",
    max: 30,
    window_minutes: 15,
};
/// Sign-ins started through a council's provider per network: each makes the server call
/// the provider, so a script cannot make it hammer one.
pub const SIGN_IN_STARTS_PER_IP: Limit = Limit {
    bucket: "sign-in-start-ip",
    max: 30,
    window_minutes: 15,
};
/// "Was this you?" mails per account.
pub const LOGIN_UNLOCK_MAILS: Limit = Limit {
    bucket: "login-unlock-mail",
    max: 1,
    window_minutes: 60,
};

/// How long to wait after the last failed log-in, given the failures of one account from
/// one address in [`LOGIN_PER_PAIR`]'s window: nothing for the first few, then longer
/// and longer.
pub fn login_delay(pair_failures: i64) -> Duration {
    let max = LOGIN_PER_PAIR.max;
    Duration::minutes(match pair_failures {
        n if n < max => 0,
        n if n < 2 * max => 1,
        n if n < 3 * max => 5,
        _ => 15,
    })
}

/// Earlier failed log-ins that bear on one more try.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoginFailures {
    /// For this account from this address, and when the last one was.
    pub pair: i64,
    pub pair_last: Option<chrono::NaiveDateTime>,
    /// For this account from anywhere.
    pub account: i64,
    /// From this address, for any account.
    pub address: i64,
}

/// Whether a log-in may be tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginVerdict {
    Try,
    /// Too many failures from this address (for this account, or for many).
    Wait,
    /// Too many failures for this account from many addresses: only a browser that
    /// followed the mailed link may try.
    AccountGuarded,
}

/// Decides a log-in attempt. `unlocked` is true for a browser that followed the
/// account's mailed "was this you?" link: it passes the per-account limits, not the
/// per-address one.
pub fn login_verdict(
    failures: LoginFailures,
    now: chrono::NaiveDateTime,
    unlocked: bool,
) -> LoginVerdict {
    if LOGIN_PER_IP.is_reached(failures.address) {
        return LoginVerdict::Wait;
    }
    if unlocked {
        return LoginVerdict::Try;
    }
    if LOGIN_PER_ACCOUNT.is_reached(failures.account) {
        return LoginVerdict::AccountGuarded;
    }
    let delay = login_delay(failures.pair);
    match failures.pair_last {
        Some(last) if last + delay > now => LoginVerdict::Wait,
        _ => LoginVerdict::Try,
    }
}
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

/// "Wachtwoord vergeten" mails to one address (counted for addresses without an
/// account too, so that the limit says nothing about which have one).
pub const PASSWORD_RESETS_PER_ADDRESS: Limit = Limit {
    bucket: "password-reset-address",
    max: 3,
    window_minutes: 60,
};

/// "Wachtwoord vergeten" requests from one network.
pub const PASSWORD_RESETS_PER_IP: Limit = Limit {
    bucket: "password-reset-ip",
    max: 20,
    window_minutes: 60,
};

/// Checks of the current password on the account page (changing the password or the
/// address), per account: someone at an unattended, logged-in screen cannot try many.
pub const PASSWORD_CHECKS_PER_ACCOUNT: Limit = Limit {
    bucket: "password-check-account",
    max: 10,
    window_minutes: 60,
};

/// Links to a new e-mail address an account asks for.
pub const EMAIL_CHANGES_PER_ACCOUNT: Limit = Limit {
    bucket: "email-change-account",
    max: 3,
    window_minutes: 60,
};

/// Wrong two-factor codes (and recovery codes) per account, at log-in and when turning
/// it on: six digits are guessed in a million tries, so a handful per quarter hour.
pub const TOTP_CODES_PER_ACCOUNT: Limit = Limit {
    bucket: "totp-account",
    max: 5,
    window_minutes: 15,
};

/// No limit looks back further than this; older events may be deleted.
pub const LONGEST_WINDOW_MINUTES: i64 = 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_reached_at_its_maximum() {
        assert!(!LOGIN_PER_PAIR.is_reached(4));
        assert!(LOGIN_PER_PAIR.is_reached(5));
        for limit in [
            LOGIN_PER_PAIR,
            LOGIN_PER_ACCOUNT,
            LOGIN_UNLOCK_MAILS,
            LOGIN_PER_IP,
            SIGN_IN_STARTS_PER_IP,
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

    fn at(minute: i64) -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
            + Duration::minutes(minute)
    }

    #[test]
    fn failed_log_ins_from_one_address_wait_longer_and_longer() {
        assert_eq!(login_delay(0), Duration::zero());
        assert_eq!(login_delay(4), Duration::zero());
        assert_eq!(login_delay(5), Duration::minutes(1));
        assert_eq!(login_delay(10), Duration::minutes(5));
        assert_eq!(login_delay(40), Duration::minutes(15));
        let failures = |pair, last| LoginFailures {
            pair,
            pair_last: Some(at(last)),
            ..LoginFailures::default()
        };
        assert_eq!(
            login_verdict(failures(4, 0), at(0), false),
            LoginVerdict::Try
        );
        assert_eq!(
            login_verdict(failures(5, 0), at(0), false),
            LoginVerdict::Wait
        );
        assert_eq!(
            login_verdict(failures(5, 0), at(1), false),
            LoginVerdict::Try
        );
        assert_eq!(
            login_verdict(failures(10, 0), at(4), false),
            LoginVerdict::Wait
        );
        assert_eq!(
            login_verdict(failures(10, 0), at(5), false),
            LoginVerdict::Try
        );
    }

    #[test]
    fn the_owner_is_not_shut_out_by_guesses_from_elsewhere() {
        // Guesses from other addresses do not touch this address's pair count.
        let elsewhere = LoginFailures {
            account: LOGIN_PER_ACCOUNT.max - 1,
            ..LoginFailures::default()
        };
        assert_eq!(login_verdict(elsewhere, at(0), false), LoginVerdict::Try);
        let many = LoginFailures {
            account: LOGIN_PER_ACCOUNT.max,
            ..LoginFailures::default()
        };
        assert_eq!(
            login_verdict(many, at(0), false),
            LoginVerdict::AccountGuarded
        );
        // The mailed link lets the owner's browser past the per-account limits…
        let busy_pair = LoginFailures {
            pair: 50,
            pair_last: Some(at(0)),
            account: 50,
            address: 0,
        };
        assert_eq!(login_verdict(busy_pair, at(0), true), LoginVerdict::Try);
        // …but not past the address's own limit.
        let busy_address = LoginFailures {
            address: LOGIN_PER_IP.max,
            ..LoginFailures::default()
        };
        assert_eq!(login_verdict(busy_address, at(0), true), LoginVerdict::Wait);
    }
}
