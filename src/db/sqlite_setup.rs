//! Process-wide SQLite settings that no PRAGMA reaches, made once before the first
//! connection opens. The only `unsafe` in the crate: two calls into SQLite's C API,
//! as its documentation prescribes them.

use std::os::raw::{c_char, c_int};
use std::sync::Once;

use libsqlite3_sys as ffi;

/// Applies the settings; later calls do nothing.
pub fn configure() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` is called before SQLite initialises (the auto
        // extension below is what initialises it); should another part of the process
        // have initialised it first, the call returns SQLITE_MISUSE and changes nothing.
        // `stable_plans` has the signature SQLite calls an extension's entry point with.
        unsafe {
            // Memory statistics take one global mutex on every allocation of every
            // connection: the writer and the readers queued on it.
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int);
            ffi::sqlite3_auto_extension(Some(stable_plans));
        }
    });
}

/// Runs for every connection the process opens. With the query planner stability
/// guarantee a statement's plan does not depend on the values bound to it; without it
/// SQLite 3.50 marks every statement with `LIMIT ?` (each diesel `.first()`) as
/// depending on that value and prepares it again on every execution, which cost the
/// writer a seventh of its time in the signing bench.
unsafe extern "C" fn stable_plans(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: `db` is the connection SQLite is opening; the option takes an int and
    // an optional pointer for the old value.
    unsafe {
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        )
    };
    ffi::SQLITE_OK
}
