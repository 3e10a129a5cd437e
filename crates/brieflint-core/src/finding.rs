//! What the analysis reports: findings with byte ranges, fixes as byte edits.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Static facts about a rule: its identity, default severity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
    /// The rule's doc comment: What it flags, Why courts care, Example, Fix, Authorities.
    pub doc: &'static str,
    /// Authority ids (see `authorities`); the first is the rule's primary authority.
    pub authorities: &'static [&'static str],
}

impl RuleMeta {
    /// The rule's documentation, with rustdoc's leading space removed from each line.
    pub fn doc_markdown(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string()
    }

    /// The primary authority's URL: LSP `codeDescription.href`, SARIF `helpUri`.
    pub fn help_uri(&self) -> &'static str {
        self.authorities
            .first()
            .and_then(|id| super::authorities::get(id))
            .map_or("https://github.com/brieflint/brieflint", |a| a.url.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: Arc<str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: Arc<str>,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn insert(title: impl Into<Arc<str>>, at: usize, text: impl Into<Arc<str>>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range: at..at,
                new_text: text.into(),
            }],
        }
    }

    pub fn replace(
        title: impl Into<Arc<str>>,
        range: Range<usize>,
        text: impl Into<Arc<str>>,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                new_text: text.into(),
            }],
        }
    }
}

/// A finding's fixes. Copies of a finding share them: a finding reused from the
/// incremental cache is copied and moved on every keystroke, and its fixes move by an
/// offset instead of being copied edit by edit. `iter` gives them where they are now.
#[derive(Clone, Default)]
pub struct Fixes {
    list: Option<Arc<Vec<Fix>>>,
    /// Added to every edit's range (a finding moved from where its fixes were made).
    shift: isize,
}

impl Fixes {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        self.list.as_ref().map_or(0, |list| list.len())
    }

    /// The fixes, with their edits where the finding now is.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Fix> + '_ {
        let shift = self.shift;
        let moved = move |r: &Range<usize>| {
            (r.start as isize + shift) as usize..(r.end as isize + shift) as usize
        };
        let list: &[Fix] = self.list.as_deref().map_or(&[], Vec::as_slice);
        list.iter().map(move |fix| Fix {
            title: fix.title.clone(),
            edits: fix
                .edits
                .iter()
                .map(|edit| Edit {
                    range: moved(&edit.range),
                    new_text: edit.new_text.clone(),
                })
                .collect(),
        })
    }

    pub fn push(&mut self, fix: Fix) {
        let mut fixes: Vec<Fix> = self.iter().collect();
        fixes.push(fix);
        *self = Fixes::from(fixes);
    }

    fn moved(&self, by: isize) -> Fixes {
        Fixes {
            list: self.list.clone(),
            shift: self.shift + by,
        }
    }
}

impl From<Vec<Fix>> for Fixes {
    fn from(fixes: Vec<Fix>) -> Fixes {
        Fixes {
            list: (!fixes.is_empty()).then(|| Arc::new(fixes)),
            shift: 0,
        }
    }
}

impl PartialEq for Fixes {
    fn eq(&self, other: &Fixes) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Fixes {}

impl std::fmt::Debug for Fixes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
    /// Another file of the matter, when the related place is not in this document.
    pub path: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub range: Range<usize>,
    /// Shared: a finding reused from the incremental cache is copied on every keystroke.
    pub message: Arc<str>,
    pub related: Vec<Related>,
    pub fixes: Fixes,
    /// The unfilled placeholder where the statement this finding asks for is written:
    /// the finding gives way to BL003 on that placeholder (see `placeholders`).
    pub placeholder: Option<Range<usize>>,
}

impl Finding {
    pub fn new(
        rule: &'static RuleMeta,
        range: Range<usize>,
        message: impl Into<Arc<str>>,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity,
            range,
            message: message.into(),
            related: Vec::new(),
            fixes: Fixes::default(),
            placeholder: None,
        }
    }

    /// The same finding, giving way to BL003 on `placeholder` when there is one.
    pub fn waiting_for(mut self, placeholder: Option<Range<usize>>) -> Finding {
        self.placeholder = placeholder;
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.push(fix);
        self
    }

    /// The same finding with every range in this document moved from `from` to `to`
    /// (the start of the text it was found in, then and now).
    pub fn moved(&self, from: usize, to: usize) -> Finding {
        let shift = |r: &Range<usize>| r.start - from + to..r.end - from + to;
        let mut moved = self.clone();
        moved.range = shift(&self.range);
        for related in moved.related.iter_mut().filter(|r| r.path.is_none()) {
            related.range = shift(&related.range);
        }
        moved.fixes = self.fixes.moved(to as isize - from as isize);
        moved.placeholder = self.placeholder.as_ref().map(shift);
        moved
    }
}
