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

/// The analysis's configuration: what `brieflint.toml` and the editor's overrides say.
/// Two configurations are equal when every analysis under them gives the same result
/// (the incremental cache is emptied when it changes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Per-rule overrides, keyed by rule code.
    pub rules: BTreeMap<&'static str, RuleLevel>,
    /// Further objection grounds to treat as boilerplate (BL101).
    pub extra_boilerplate: Vec<String>,
    /// The default court, e.g. "N.D. Ill.".
    pub court: Option<String>,
    /// Compiled `extra_boilerplate`.
    pub extra_boilerplate_regex: Option<PhrasePattern>,
    /// Files larger than this are not analyzed (BL002); `None` means the default, 5 MB.
    pub max_document_bytes: Option<usize>,
    /// A length limit for the filings this configuration covers (`[length]`; see
    /// `profiles`).
    pub length: Option<super::profiles::LengthSetting>,
}

/// A pattern compiled from configured phrases; equal when compiled from the same source.
#[derive(Clone, Debug)]
pub struct PhrasePattern(Regex);

impl PartialEq for PhrasePattern {
    fn eq(&self, other: &PhrasePattern) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl std::ops::Deref for PhrasePattern {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        &self.0
    }
}

/// The editor's overrides of `brieflint.toml`, as the editor settings name them
/// (`{"rules": {"BL101": "off"}, "court": "...", "boilerplate": {"extraPhrases": [...]},
/// "maxDocumentBytes": 1000}`): deserialized by the language server, applied here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Overrides {
    /// Per-rule levels, by code or name: `off`, `error`, `warning`, `information`, `hint`.
    pub rules: BTreeMap<String, String>,
    /// The default court; blank means none given.
    pub court: Option<String>,
    pub boilerplate: BoilerplateOverrides,
    /// Files larger than this are not analyzed (BL002).
    pub max_document_bytes: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BoilerplateOverrides {
    /// Added to the file's `extra-phrases`.
    pub extra_phrases: Vec<String>,
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
    /// The deficiency letter's addressee, caption and signature: read and checked by
    /// `brieflint letter` (cli/letter.rs), not by the analysis.
    #[serde(default)]
    #[allow(dead_code)]
    letter: Option<toml::Table>,
    #[serde(default)]
    length: Option<RawLength>,
}

/// `[length]`: a judge's or the court's limit, with where it came from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLength {
    limit: u32,
    unit: String,
    #[serde(default)]
    reply_limit: Option<u32>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    words_per_page: Option<u32>,
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
        if let Some(length) = raw.length {
            let unit = super::profiles::Unit::parse(&length.unit).ok_or_else(|| ConfigError {
                message: format!(
                    "invalid {FILE_NAME}: [length] unit {:?} must be \"words\" or \"pages\"",
                    length.unit
                ),
                range: locate(&length.unit),
            })?;
            let positive = |n: Option<u32>, key: &str| match n {
                Some(0) => Err(ConfigError {
                    message: format!("invalid {FILE_NAME}: [length] {key} must be more than 0"),
                    range: locate(key),
                }),
                _ => Ok(()),
            };
            positive(Some(length.limit), "limit")?;
            positive(length.reply_limit, "reply-limit")?;
            positive(length.words_per_page, "words-per-page")?;
            config.length = Some(super::profiles::LengthSetting {
                limit: length.limit,
                unit,
                reply_limit: length.reply_limit,
                source: length.source.filter(|s| !s.trim().is_empty()),
                words_per_page: length.words_per_page,
            });
        }
        Ok(config)
    }

    /// Applies the editor's `overrides` on top of this configuration.
    pub fn with_overrides(&self, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut config = self.clone();
        let error = |message: String| ConfigError {
            message,
            range: None,
        };
        for (key, value) in &overrides.rules {
            let level = parse_level(value).ok_or_else(|| {
                error(format!(
                    "setting brieflint.rules.{key}: unknown level {value:?}"
                ))
            })?;
            let rule = rules::lookup(key)
                .ok_or_else(|| error(format!("setting brieflint.rules: unknown rule {key:?}")))?;
            config.rules.insert(rule.code, level);
        }
        if let Some(bytes) = overrides.max_document_bytes {
            config.max_document_bytes = Some(usize::try_from(bytes).unwrap_or(usize::MAX));
        }
        if let Some(court) = &overrides.court {
            if !court.trim().is_empty() {
                config.court = Some(court.clone());
            }
        }
        if !overrides.boilerplate.extra_phrases.is_empty() {
            let mut phrases = config.extra_boilerplate.clone();
            phrases.extend(overrides.boilerplate.extra_phrases.iter().cloned());
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
            Some(PhrasePattern(
                Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).map_err(|e| {
                    ConfigError {
                        message: format!("invalid boilerplate phrase: {e}"),
                        range: None,
                    }
                })?,
            ))
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

    fn overrides(json: &str) -> Overrides {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn settings_override_file() {
        let base = Config::from_toml("[rules]\nBL101 = \"off\"\n").unwrap();
        let merged = base
            .with_overrides(&overrides(
                r#"{"rules": {"BL101": "error", "BL104": "off"}}"#,
            ))
            .unwrap();
        assert_eq!(merged.level("BL101"), Some(RuleLevel::On(Severity::Error)));
        assert_eq!(merged.level("BL104"), Some(RuleLevel::Off));
        assert!(base
            .with_overrides(&overrides(r#"{"rules": {"BL1": "off"}}"#))
            .is_err());
        assert_ne!(base, merged);
        assert_eq!(merged, merged.clone());
    }

    #[test]
    fn configurations_are_equal_when_their_phrases_are() {
        let one = Config::from_toml("[boilerplate]\nextra-phrases = [\"a b\"]\n").unwrap();
        let same = Config::default()
            .with_overrides(&overrides(r#"{"boilerplate": {"extraPhrases": ["a b"]}}"#))
            .unwrap();
        let other = Config::from_toml("[boilerplate]\nextra-phrases = [\"a c\"]\n").unwrap();
        assert_eq!(one, same);
        assert_ne!(one, other);
    }

    #[test]
    fn the_size_limit_comes_from_the_file_or_the_settings() {
        assert_eq!(Config::default().max_document_bytes(), 5 * 1024 * 1024);
        let file = Config::from_toml("[limits]\nmax-document-bytes = 1000\n").unwrap();
        assert_eq!(file.max_document_bytes(), 1000);
        // An unset editor setting (null) leaves the file's limit alone.
        let unset = file
            .with_overrides(&overrides(r#"{"maxDocumentBytes": null}"#))
            .unwrap();
        assert_eq!(unset.max_document_bytes(), 1000);
        let set = file
            .with_overrides(&overrides(r#"{"maxDocumentBytes": 20}"#))
            .unwrap();
        assert_eq!(set.max_document_bytes(), 20);
        assert!(serde_json::from_str::<Overrides>(r#"{"maxDocumentBytes": "big"}"#).is_err());
        assert!(Config::from_toml("[limits]\nmax-pages = 3\n").is_err());
    }

    #[test]
    fn a_length_limit_comes_with_its_unit_and_source() {
        let config = Config::from_toml(
            "[length]\nlimit = 25\nunit = \"pages\"\nreply-limit = 10\nsource = \"Judge Doe, Individual Practices 3.B\"\n",
        )
        .unwrap();
        let length = config.length.unwrap();
        assert_eq!((length.limit, length.reply_limit), (25, Some(10)));
        assert_eq!(length.unit, crate::profiles::Unit::Pages);
        assert_eq!(
            length.source.as_deref(),
            Some("Judge Doe, Individual Practices 3.B")
        );
        let err = Config::from_toml("[length]\nlimit = 25\nunit = \"lines\"\n").unwrap_err();
        assert!(
            err.message.contains("must be \"words\" or \"pages\""),
            "{}",
            err.message
        );
        assert!(Config::from_toml("[length]\nlimit = 0\nunit = \"words\"\n").is_err());
        assert!(Config::from_toml("[length]\nunit = \"words\"\n").is_err());
    }
}
