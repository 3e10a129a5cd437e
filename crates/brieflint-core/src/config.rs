//! Configuration: `brieflint.toml` and editor settings, parsed without touching disk.

use super::finding::Severity;
use super::rules;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Per-rule overrides, keyed by rule code.
    pub rules: BTreeMap<&'static str, RuleLevel>,
    /// Further objection grounds to treat as boilerplate (BL101).
    pub extra_boilerplate: Vec<String>,
    /// The default court, e.g. "N.D. Ill.".
    pub court: Option<String>,
    /// Compiled `extra_boilerplate`.
    pub extra_boilerplate_regex: Option<Regex>,
    /// Files larger than this are not analyzed (BL002); `None` means the default, 5 MB.
    pub max_document_bytes: Option<usize>,
}

/// A configuration error, with the byte range of the offending text when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub range: Option<Range<usize>>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBoilerplate {
    #[serde(default)]
    extra_phrases: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    max_document_bytes: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    boilerplate: RawBoilerplate,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    court: Option<String>,
}

pub const FILE_NAME: &str = "brieflint.toml";

/// A configuration file larger than this is not read (a real one is a few hundred bytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

impl Config {
    pub fn max_document_bytes(&self) -> usize {
        self.max_document_bytes
            .unwrap_or(rules::bl002_not_analyzed::DEFAULT_MAX_DOCUMENT_BYTES)
    }

    pub fn level(&self, code: &str) -> Option<RuleLevel> {
        self.rules.get(code).copied()
    }

    /// Parses a `brieflint.toml`.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            message: format!("invalid {FILE_NAME}: {}", e.message()),
            range: e.span(),
        })?;
        let locate = |needle: &str| text.find(needle).map(|start| start..start + needle.len());
        let mut config = Config {
            court: raw.court,
            ..Config::default()
        };
        for (key, value) in &raw.rules {
            let level = parse_level(value).ok_or_else(|| ConfigError {
                message: format!(
                    "invalid {FILE_NAME}: rule {key}: unknown level {value:?} (use off, error, warning, information or hint)"
                ),
                range: locate(value),
            })?;
            let rule = rules::lookup(key).ok_or_else(|| ConfigError {
                message: format!(
                    "invalid {FILE_NAME}: unknown rule {key:?} (see `brieflint rules`)"
                ),
                range: locate(key),
            })?;
            config.rules.insert(rule.code, level);
        }
        config.set_extra_boilerplate(raw.boilerplate.extra_phrases)?;
        if let Some(bytes) = raw.limits.max_document_bytes {
            config.max_document_bytes = Some(bytes);
        }
        Ok(config)
    }

    /// Applies editor settings (`{"rules": {"BL101": "off"}, "court": "...",
    /// "boilerplate": {"extraPhrases": [...]}}`) on top of this configuration.
    pub fn merge_settings(&self, settings: &serde_json::Value) -> Result<Config, ConfigError> {
        let mut config = self.clone();
        let error = |message: String| ConfigError {
            message,
            range: None,
        };
        if let Some(rules) = settings.get("rules").and_then(|r| r.as_object()) {
            for (key, value) in rules {
                let value = value.as_str().ok_or_else(|| {
                    error(format!("setting brieflint.rules.{key} must be a string"))
                })?;
                let level = parse_level(value).ok_or_else(|| {
                    error(format!(
                        "setting brieflint.rules.{key}: unknown level {value:?}"
                    ))
                })?;
                let rule = rules::lookup(key).ok_or_else(|| {
                    error(format!("setting brieflint.rules: unknown rule {key:?}"))
                })?;
                config.rules.insert(rule.code, level);
            }
        }
        if let Some(bytes) = settings.get("maxDocumentBytes").filter(|b| !b.is_null()) {
            let bytes = bytes.as_u64().ok_or_else(|| {
                error(
                    "setting brieflint.maxDocumentBytes must be a whole number of bytes"
                        .to_string(),
                )
            })?;
            config.max_document_bytes = Some(usize::try_from(bytes).unwrap_or(usize::MAX));
        }
        if let Some(court) = settings.get("court").and_then(|c| c.as_str()) {
            if !court.trim().is_empty() {
                config.court = Some(court.to_string());
            }
        }
        if let Some(extra) = settings
            .get("boilerplate")
            .and_then(|b| b.get("extraPhrases"))
            .and_then(|e| e.as_array())
        {
            let mut phrases = config.extra_boilerplate.clone();
            phrases.extend(extra.iter().filter_map(|v| v.as_str().map(str::to_string)));
            config.set_extra_boilerplate(phrases)?;
        }
        Ok(config)
    }

    fn set_extra_boilerplate(&mut self, phrases: Vec<String>) -> Result<(), ConfigError> {
        let phrases: Vec<String> = phrases
            .into_iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        self.extra_boilerplate_regex = if phrases.is_empty() {
            None
        } else {
            let alternatives: Vec<String> = phrases
                .iter()
                .map(|p| regex::escape(p).replace(' ', r"\s+"))
                .collect();
            Some(
                Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).map_err(|e| {
                    ConfigError {
                        message: format!("invalid boilerplate phrase: {e}"),
                        range: None,
                    }
                })?,
            )
        };
        self.extra_boilerplate = phrases;
        Ok(())
    }
}

fn parse_level(value: &str) -> Option<RuleLevel> {
    match value.to_ascii_lowercase().as_str() {
        "off" | "none" | "false" => Some(RuleLevel::Off),
        other => Severity::parse(other).map(RuleLevel::On),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_by_code_and_name() {
        let config = Config::from_toml(
            "court = \"N.D. Ill.\"\n[rules]\nBL101 = \"off\"\nobsolete-discovery-standard = \"warning\"\n[boilerplate]\nextra-phrases = [\"beyond the scope\"]\n",
        )
        .unwrap();
        assert_eq!(config.level("BL101"), Some(RuleLevel::Off));
        assert_eq!(
            config.level("BL105"),
            Some(RuleLevel::On(Severity::Warning))
        );
        assert!(config
            .extra_boilerplate_regex
            .unwrap()
            .is_match("is Beyond  the scope"));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let text = "[rules]\nBL999 = \"off\"\n";
        let err = Config::from_toml(text).unwrap_err();
        assert!(
            err.message.contains("unknown rule \"BL999\""),
            "{}",
            err.message
        );
        assert_eq!(&text[err.range.unwrap()], "BL999");
        let err = Config::from_toml("[rules\n").unwrap_err();
        assert!(err.message.starts_with("invalid brieflint.toml"));
        assert!(err.range.is_some());
        let err = Config::from_toml("[rules]\nBL101 = \"loud\"\n").unwrap_err();
        assert!(err.message.contains("unknown level"));
    }

    #[test]
    fn settings_override_file() {
        let base = Config::from_toml("[rules]\nBL101 = \"off\"\n").unwrap();
        let merged = base
            .merge_settings(&serde_json::json!({"rules": {"BL101": "error", "BL104": "off"}}))
            .unwrap();
        assert_eq!(merged.level("BL101"), Some(RuleLevel::On(Severity::Error)));
        assert_eq!(merged.level("BL104"), Some(RuleLevel::Off));
        assert!(base
            .merge_settings(&serde_json::json!({"rules": {"BL1": "off"}}))
            .is_err());
    }

    #[test]
    fn the_size_limit_comes_from_the_file_or_the_settings() {
        assert_eq!(Config::default().max_document_bytes(), 5 * 1024 * 1024);
        let file = Config::from_toml("[limits]\nmax-document-bytes = 1000\n").unwrap();
        assert_eq!(file.max_document_bytes(), 1000);
        // An unset editor setting (null) leaves the file's limit alone.
        let unset = file
            .merge_settings(&serde_json::json!({"maxDocumentBytes": null}))
            .unwrap();
        assert_eq!(unset.max_document_bytes(), 1000);
        let set = file
            .merge_settings(&serde_json::json!({"maxDocumentBytes": 20}))
            .unwrap();
        assert_eq!(set.max_document_bytes(), 20);
        assert!(file
            .merge_settings(&serde_json::json!({"maxDocumentBytes": "big"}))
            .is_err());
        assert!(Config::from_toml("[limits]\nmax-pages = 3\n").is_err());
    }
}
