//! The redirect rule that keeps the API key home: redirects are followed only within the
//! configured origin; one anywhere else stops the request before the key is sent there.

use std::fmt;

/// Follows redirects (up to 10) only within `origin`; a redirect elsewhere stops with
/// [`CrossOriginRedirect`], found again among the error's causes.
pub(crate) fn same_origin_redirects(origin: Origin) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if Origin::of(attempt.url()) != origin {
            let location = attempt.url().clone();
            attempt.error(CrossOriginRedirect(location))
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Scheme, host and port (the scheme's default when none is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin(String, Option<String>, Option<u16>);

impl Origin {
    pub(crate) fn of(url: &reqwest::Url) -> Self {
        Self(
            url.scheme().to_ascii_lowercase(),
            url.host_str().map(str::to_ascii_lowercase),
            url.port_or_known_default(),
        )
    }
}

/// Why the redirect policy stopped, carried through reqwest's error.
#[derive(Debug)]
pub(crate) struct CrossOriginRedirect(pub(crate) reqwest::Url);

impl fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "redirect to another origin: {}", self.0)
    }
}

impl std::error::Error for CrossOriginRedirect {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port_with_defaults() {
        let origin = |url: &str| Origin::of(&reqwest::Url::parse(url).unwrap());
        assert_eq!(origin("https://API.elevenlabs.io/v1"), origin("https://api.elevenlabs.io:443/other"));
        assert_ne!(origin("https://api.elevenlabs.io"), origin("http://api.elevenlabs.io"));
        assert_ne!(origin("http://127.0.0.1:8080"), origin("http://127.0.0.1:8081"));
    }
}
