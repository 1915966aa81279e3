//! Where the API lives.

use std::borrow::Cow;
use std::fmt;

use crate::error::REDACTED;

/// An ElevenLabs API environment, or any base URL (a proxy, a test server).
///
/// Printed (`Debug`, `Display`), a custom URL's password is `[redacted]`: a proxy's
/// credentials are as secret as the key.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://api.elevenlabs.io`
    #[default]
    Production,
    /// `https://api.us.elevenlabs.io`
    ProductionUs,
    /// `https://api.eu.residency.elevenlabs.io`
    EuResidency,
    /// `https://api.in.residency.elevenlabs.io`
    IndiaResidency,
    /// `https://api.sg.residency.elevenlabs.io`
    SingaporeResidency,
    /// Any `http` or `https` base URL, such as `http://127.0.0.1:8080` or
    /// `https://proxy.example/elevenlabs`; a query or fragment cannot take the API's paths
    /// after it, so building the client refuses one.
    Custom(String),
}

impl Environment {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Self::Production => "https://api.elevenlabs.io",
            Self::ProductionUs => "https://api.us.elevenlabs.io",
            Self::EuResidency => "https://api.eu.residency.elevenlabs.io",
            Self::IndiaResidency => "https://api.in.residency.elevenlabs.io",
            Self::SingaporeResidency => "https://api.sg.residency.elevenlabs.io",
            Self::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

impl Environment {
    /// A short name for logs and traces; a custom URL is `custom`, never the URL.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Production => "production",
            Self::ProductionUs => "production-us",
            Self::EuResidency => "eu-residency",
            Self::IndiaResidency => "india-residency",
            Self::SingaporeResidency => "singapore-residency",
            Self::Custom(_) => "custom",
        }
    }
}

impl Environment {
    /// The base URL, parsed, when requests can be sent below it: `http` or `https`, with
    /// no query or fragment (the API's paths are appended to it as text). The error says
    /// what is wrong, without the URL's password.
    pub(crate) fn checked_url(&self) -> Result<reqwest::Url, String> {
        let printed = self.printable();
        let url = reqwest::Url::parse(self.base_url()).map_err(|e| format!("invalid base URL {printed:?}: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "the base URL {printed:?} is not http or https (its scheme reads as {:?}); write it as http://host:port",
                url.scheme()
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "the base URL {printed:?} has a query or fragment, which would come before the API's paths"
            ));
        }
        Ok(url)
    }

    /// The base URL as it may be printed: a password in it is `[redacted]`.
    fn printable(&self) -> Cow<'_, str> {
        let base = self.base_url();
        let url = match reqwest::Url::parse(base) {
            Ok(url) if url.password().is_some() => url,
            _ => return Cow::Borrowed(base),
        };
        let mut printed = format!("{}://{}:{REDACTED}@{}", url.scheme(), url.username(), url.host_str().unwrap_or(""));
        if let Some(port) = url.port() {
            printed.push_str(&format!(":{port}"));
        }
        printed.push_str(url.path().trim_end_matches('/'));
        for (mark, part) in [('?', url.query()), ('#', url.fragment())] {
            if let Some(part) = part {
                printed.push(mark);
                printed.push_str(part);
            }
        }
        Cow::Owned(printed)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.printable())
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Custom(_) => return f.debug_tuple("Custom").field(&self.printable()).finish(),
            Self::Production => "Production",
            Self::ProductionUs => "ProductionUs",
            Self::EuResidency => "EuResidency",
            Self::IndiaResidency => "IndiaResidency",
            Self::SingaporeResidency => "SingaporeResidency",
        };
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(Environment::default().base_url(), "https://api.elevenlabs.io");
        assert_eq!(Environment::EuResidency.to_string(), "https://api.eu.residency.elevenlabs.io");
        assert_eq!(Environment::Custom("http://127.0.0.1:9/".into()).base_url(), "http://127.0.0.1:9");
        assert_eq!(format!("{:?}", Environment::ProductionUs), "ProductionUs");
    }

    #[test]
    fn a_password_in_a_custom_url_is_never_printed() {
        let proxy = Environment::Custom("https://me:s3cret@proxy.example:8443/elevenlabs/".into());
        for printed in [proxy.to_string(), format!("{proxy:?}"), proxy.checked_url().map(|_| String::new()).unwrap()] {
            assert!(!printed.contains("s3cret"), "{printed}");
        }
        assert_eq!(proxy.to_string(), "https://me:[redacted]@proxy.example:8443/elevenlabs");
        assert_eq!(format!("{proxy:?}"), r#"Custom("https://me:[redacted]@proxy.example:8443/elevenlabs")"#);
        let bad = Environment::Custom("ftp://me:s3cret@proxy.example".into()).checked_url().unwrap_err();
        assert!(bad.contains("not http or https") && !bad.contains("s3cret"), "{bad}");
    }

    #[test]
    fn a_base_url_takes_paths_after_it_or_is_refused() {
        let checked = |url: &str| Environment::Custom(url.into()).checked_url().map(|u| u.to_string());
        assert_eq!(checked("http://127.0.0.1:9/proxy/").unwrap(), "http://127.0.0.1:9/proxy");
        for (url, why) in [
            ("localhost:8080", "not http or https (its scheme reads as \"localhost\")"),
            ("ftp://127.0.0.1:9", "not http or https"),
            ("http://127.0.0.1:9/?token=a", "has a query or fragment"),
            ("http://127.0.0.1:9/#top", "has a query or fragment"),
            ("not a url", "invalid base URL"),
        ] {
            let error = checked(url).unwrap_err();
            assert!(error.contains(why), "{url}: {error}");
        }
    }
}
