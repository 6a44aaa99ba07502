//! A real OpenID Provider for the single sign-on tests: panva/oidc-provider (OpenID
//! Certified) run with Node from `tests/oidc`, on a free loopback port, one per test,
//! stopped when the test drops it. Its packages come from `tests/oidc/package-lock.json`
//! (installed once with `npm ci` when missing).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

pub struct OidcProvider {
    child: Child,
    pub issuer: String,
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc")
}

/// `npm ci` in `tests/oidc` once per test run, when its packages are missing.
fn install_packages() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let dir = provider_dir();
        if dir.join("node_modules/oidc-provider").is_dir() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect(
                "npm runs (the single sign-on tests need Node and npm: apt install nodejs npm)",
            );
        assert!(status.success(), "npm ci in tests/oidc failed");
    });
}

impl OidcProvider {
    /// Starts the provider with one client for the app: `client_id` and `secret`, sending
    /// browsers back to `redirect_uri`.
    pub fn start(client_id: &str, secret: &str, redirect_uri: &str) -> Self {
        install_packages();
        let mut child = Command::new("node")
            .arg("provider.js")
            .current_dir(provider_dir())
            .env("CLIENT_ID", client_id)
            .env("CLIENT_SECRET", secret)
            .env("REDIRECT_URI", redirect_uri)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs (the single sign-on tests need Node: apt install nodejs)");
        let mut output = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        output
            .read_line(&mut line)
            .expect("the provider says where it listens");
        // Keep reading what it writes, so that it never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut output, &mut std::io::sink()));
        let issuer = line
            .trim()
            .strip_prefix("listening ")
            .unwrap_or_else(|| panic!("the provider did not start: {line:?}"))
            .to_owned();
        Self { child, issuer }
    }
}
