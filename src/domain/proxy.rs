//! Which address a request comes from when reverse proxies stand in front: every
//! per-address limit depends on it, so a client must not be able to choose it.

use std::net::IpAddr;

use ipnet::IpNet;

/// The reverse proxies whose forwarding headers are believed (`INSPRAAK_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and CIDR ranges, such as
    /// `127.0.0.1, 10.0.0.0/8, ::1`. The error names the part that is not one.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| part.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client: the connection's peer, unless that is a trusted proxy; then the
    /// forwarded chain (`X-Forwarded-For` entries, left to right, as proxies append
    /// them) is walked from the right and the first address that is not a trusted proxy
    /// is the client. Entries a client may have made up (on the left) are never reached
    /// while a trusted proxy added a real one after them.
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        for entry in forwarded.iter().rev() {
            match parse_forwarded_address(entry) {
                Some(address) => {
                    client = address;
                    if !self.trusts(address) {
                        return address;
                    }
                }
                // Garbage where an address should be: stop at the last one we believe.
                None => return client,
            }
        }
        client
    }
}

/// One entry of `X-Forwarded-For` or a `for=` of `Forwarded`: `192.0.2.1`, `"[2001:db8::1]:4711"`,
/// `192.0.2.1:4711`.
fn parse_forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim().trim_matches('"');
    if let Ok(address) = entry.parse::<IpAddr>() {
        return Some(address.to_canonical());
    }
    if let Some(rest) = entry.strip_prefix('[') {
        return rest.split(']').next()?.parse::<IpAddr>().ok();
    }
    let (host, port) = entry.rsplit_once(':')?;
    port.chars().all(|c| c.is_ascii_digit()).then_some(())?;
    host.parse::<IpAddr>().ok().map(|a| a.to_canonical())
}

/// The chain of a request's forwarding headers, in order: `X-Forwarded-For` values, or
/// else the `for=` parameters of `Forwarded` (RFC 7239).
pub fn forwarded_chain<'a>(x_forwarded_for: &[&'a str], forwarded: &[&'a str]) -> Vec<&'a str> {
    if !x_forwarded_for.is_empty() {
        return x_forwarded_for
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
    }
    forwarded
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.eq_ignore_ascii_case("for").then_some(value.trim())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn lists_of_addresses_and_ranges_parse_and_garbage_is_named() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8 ::1").unwrap();
        assert!(proxies.trusts(ip("10.1.2.3")) && proxies.trusts(ip("::1")));
        assert!(
            proxies.trusts(ip("::ffff:127.0.0.1")),
            "IPv4 mapped into IPv6"
        );
        assert!(!proxies.trusts(ip("192.0.2.1")));
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/8, yes"),
            Err("yes".to_owned())
        );
        assert_eq!(TrustedProxies::parse("1"), Err("1".to_owned()));
    }

    #[test]
    fn the_client_is_the_first_untrusted_address_from_the_right() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        // A client behind our proxy: the proxy appended the real address.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["203.0.113.9"]),
            ip("203.0.113.9")
        );
        // A client that sends its own X-Forwarded-For cannot choose: the left part is theirs.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["198.51.100.1", "203.0.113.9"]),
            ip("203.0.113.9")
        );
        // Two proxies of ours in a row.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["203.0.113.9", "10.0.0.5"]),
            ip("203.0.113.9")
        );
        // Not through a proxy: the headers are ignored.
        assert_eq!(
            proxies.client(ip("203.0.113.50"), &["198.51.100.1"]),
            ip("203.0.113.50")
        );
        // No proxies configured: headers are never believed.
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &["198.51.100.1"]),
            ip("127.0.0.1")
        );
        // Garbage stops the walk at the last believed address.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["203.0.113.9", "unknown"]),
            ip("127.0.0.1")
        );
        // Ports and brackets.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["\"[2001:db8::1]:4711\""]),
            ip("2001:db8::1")
        );
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["203.0.113.9:4711"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn forwarded_headers_give_their_chain_in_order() {
        assert_eq!(
            forwarded_chain(&["1.1.1.1, 2.2.2.2", "3.3.3.3"], &[]),
            ["1.1.1.1", "2.2.2.2", "3.3.3.3"]
        );
        assert_eq!(
            forwarded_chain(
                &[],
                &["for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8::1]\""]
            ),
            ["192.0.2.60", "\"[2001:db8::1]\""]
        );
    }
}
