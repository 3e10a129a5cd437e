//! The editor's settings (`initializationOptions` and `workspace/didChangeConfiguration`,
//! as they are or under `brieflint`), deserialized into one typed struct. The analysis
//! overrides go to the core (`Config::with_overrides`); the rest is the server's own.
//! All of them apply live.

use brieflint_core::config::{Config, Overrides};
use serde::Deserialize;
use std::time::Duration;

/// The longest debounce accepted, whatever is asked.
const MAX_DEBOUNCE_MS: u64 = 2000;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// `rules`, `court`, `boilerplate.extraPhrases`, `maxDocumentBytes`.
    #[serde(flatten)]
    pub overrides: Overrides,
    /// Wait this long after an edit before analyzing (0: none).
    pub debounce_ms: Option<u64>,
    pub matter: MatterSettings,
    /// The client runs `brieflint.showRuleDocumentation` from a `command:` link in a
    /// hover (the VS Code extension trusts that one command and says so); other clients
    /// get the CLI command to run instead.
    pub hover_command_links: bool,
}

/// Bounds on the workspace scan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MatterSettings {
    pub max_files: Option<usize>,
    pub max_file_bytes: Option<u64>,
}

/// Bounds on the workspace scan, with their defaults applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanLimits {
    pub max_files: usize,
    pub max_file_bytes: u64,
}

impl Default for ScanLimits {
    fn default() -> ScanLimits {
        ScanLimits {
            max_files: 2000,
            max_file_bytes: 2 * 1024 * 1024,
        }
    }
}

impl Settings {
    /// How a hover links to a rule's full documentation.
    pub fn rule_doc_link(&self) -> brieflint_core::editor::RuleDocLink {
        if self.hover_command_links {
            brieflint_core::editor::RuleDocLink::Command
        } else {
            brieflint_core::editor::RuleDocLink::Cli
        }
    }

    /// Reads the settings the editor sent: the `brieflint` section when there is one.
    /// Settings that do not fit (a number given as text, an unknown rule) are refused as
    /// a whole, with a message for the user; the defaults apply meanwhile.
    pub fn from_editor(value: &serde_json::Value) -> Result<Settings, String> {
        let section = value.get("brieflint").unwrap_or(value);
        if section.is_null() {
            return Ok(Settings::default());
        }
        let settings = Settings::deserialize(section).map_err(|e| format!("settings: {e}"))?;
        // The overrides are checked now, not at each analysis.
        Config::default()
            .with_overrides(&settings.overrides)
            .map_err(|e| e.message)?;
        Ok(settings)
    }

    pub fn debounce(&self) -> Duration {
        Duration::from_millis(self.debounce_ms.unwrap_or(0).min(MAX_DEBOUNCE_MS))
    }

    pub fn scan_limits(&self) -> ScanLimits {
        let defaults = ScanLimits::default();
        ScanLimits {
            max_files: self.matter.max_files.unwrap_or(defaults.max_files),
            max_file_bytes: self
                .matter
                .max_file_bytes
                .unwrap_or(defaults.max_file_bytes),
        }
    }

    /// `config` (from a `brieflint.toml`, or the defaults) with these settings applied.
    pub fn apply(&self, config: &Config) -> Config {
        // Checked in `from_editor`; a file's own phrases could still make the combined
        // pattern fail, and then the file's configuration stands.
        config
            .with_overrides(&self.overrides)
            .unwrap_or_else(|_| config.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_are_read_under_brieflint_or_as_they_are() {
        let under = Settings::from_editor(&json!({"brieflint": {"debounceMs": 50}})).unwrap();
        let bare = Settings::from_editor(&json!({"debounceMs": 50})).unwrap();
        assert_eq!(under, bare);
        assert_eq!(under.debounce(), Duration::from_millis(50));
        let slow = Settings::from_editor(&json!({"debounceMs": 100000})).unwrap();
        assert_eq!(slow.debounce(), Duration::from_millis(MAX_DEBOUNCE_MS));
        assert_eq!(
            Settings::from_editor(&json!(null)).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn every_setting_has_its_place() {
        let settings = Settings::from_editor(&json!({
            "rules": {"BL101": "off"},
            "court": "N.D. Ill.",
            "boilerplate": {"extraPhrases": ["unduly cumulative"]},
            "maxDocumentBytes": 1000,
            "matter": {"maxFiles": 10, "maxFileBytes": 2000},
        }))
        .unwrap();
        assert_eq!(
            settings.scan_limits(),
            ScanLimits {
                max_files: 10,
                max_file_bytes: 2000
            }
        );
        let config = settings.apply(&Config::default());
        assert_eq!(config.court.as_deref(), Some("N.D. Ill."));
        assert_eq!(config.max_document_bytes(), 1000);
        assert_eq!(
            config.level("BL101"),
            Some(brieflint_core::config::RuleLevel::Off)
        );
        assert!(config.extra_boilerplate_regex.is_some());
    }

    #[test]
    fn bad_settings_are_refused_with_a_reason() {
        let unknown = Settings::from_editor(&json!({"rules": {"BL999": "off"}})).unwrap_err();
        assert!(unknown.contains("unknown rule \"BL999\""), "{unknown}");
        let text = Settings::from_editor(&json!({"maxDocumentBytes": "big"})).unwrap_err();
        assert!(text.contains("settings"), "{text}");
        assert!(Settings::from_editor(&json!({"matter": {"maxFiles": -1}})).is_err());
    }
}
