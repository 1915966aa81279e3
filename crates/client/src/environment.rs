//! Where the API lives.

use std::fmt;

/// An ElevenLabs API environment, or any base URL (a proxy, a test server).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
    /// Any base URL, such as `http://127.0.0.1:8080`.
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

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base_url())
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
    }
}
