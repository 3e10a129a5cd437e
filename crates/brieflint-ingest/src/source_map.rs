//! Where each part of the rendered Markdown came from in the original file.

use serde::Serialize;
use std::ops::Range;

/// A place in the original file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Origin {
    /// A PDF text line: the page (1-based, as the viewer counts pages) and the line on
    /// that page (1-based, counting the page's text lines from the top after stamps,
    /// running headers and footers, page numbers and line numbers were stripped), with
    /// the nearest request or response label at or before it.
    Page {
        page: u32,
        line: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A .docx body paragraph (1-based, every `w:p` of the body counted in order, table
    /// cells included, empty paragraphs too), with the nearest request or response label
    /// at or before it ("RESPONSE TO REQUEST FOR PRODUCTION NO. 12").
    Paragraph {
        index: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A footnote or endnote of a .docx (its number as rendered), with the paragraph
    /// that refers to it.
    Note {
        note: String,
        number: u32,
        paragraph: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

impl Origin {
    /// How a person names the place: "page 4, line 12", "paragraph 31 (Response to
    /// Request for Production No. 12)", "footnote 2 (paragraph 31)".
    pub fn describe(&self) -> String {
        match self {
            Origin::Page { page, line, label } => match label {
                Some(label) => format!("page {page}, line {line} ({})", title_case(label)),
                None => format!("page {page}, line {line}"),
            },
            Origin::Paragraph { index, label } => match label {
                Some(label) => format!("{}, paragraph {index}", title_case(label)),
                None => format!("paragraph {index}"),
            },
            Origin::Note {
                note,
                number,
                paragraph,
                label,
            } => match label {
                Some(label) => format!(
                    "{note} {number} ({}, paragraph {paragraph})",
                    title_case(label)
                ),
                None => format!("{note} {number} (paragraph {paragraph})"),
            },
        }
    }

    /// The place alone, for a heading that already names the request: "page 4",
    /// "paragraph 31", a note as `describe` gives it.
    pub fn place(&self) -> String {
        match self {
            Origin::Page { page, .. } => format!("page {page}"),
            Origin::Paragraph { index, .. } => format!("paragraph {index}"),
            Origin::Note { .. } => self.describe(),
        }
    }
}

impl SourceMap {
    /// `place` of the origin of each rendered byte: what the deficiency letter's headings
    /// say (`brieflint_core::letter::Places`).
    pub fn places(self) -> impl Fn(usize) -> Option<String> + Send + Sync {
        move |offset| self.locate(offset).map(Origin::place)
    }
}

/// "RESPONSE TO REQUEST FOR PRODUCTION NO. 12" -> "Response to Request for Production
/// No. 12"; a label already in mixed case is kept.
fn title_case(label: &str) -> String {
    if label.chars().any(|c| c.is_lowercase()) {
        return label.to_string();
    }
    const SMALL: &[&str] = &["to", "for", "of", "and", "the", "or"];
    label
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                let mut chars = lower.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A range of the rendered Markdown (bytes) and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub rendered: Range<usize>,
    pub origin: Origin,
}

/// The spans of a rendering, in rendered order, not overlapping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    pub spans: Vec<Span>,
}

impl SourceMap {
    /// Where the rendered byte `offset` came from: the span holding it, else the nearest
    /// span before it (the blank line between two paragraphs belongs to the first), else
    /// the first span.
    pub fn locate(&self, offset: usize) -> Option<&Origin> {
        let after = self.spans.partition_point(|s| s.rendered.start <= offset);
        match after {
            0 => self.spans.first().map(|s| &s.origin),
            n => Some(&self.spans[n - 1].origin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_named_as_a_person_would() {
        let origin = Origin::Paragraph {
            index: 31,
            label: Some("RESPONSE TO REQUEST FOR PRODUCTION NO. 12".into()),
        };
        assert_eq!(
            origin.describe(),
            "Response to Request for Production No. 12, paragraph 31"
        );
        assert_eq!(
            Origin::Page {
                page: 4,
                line: 7,
                label: None
            }
            .describe(),
            "page 4, line 7"
        );
    }

    #[test]
    fn an_offset_between_spans_belongs_to_the_one_before() {
        let map = SourceMap {
            spans: vec![
                Span {
                    rendered: 0..10,
                    origin: Origin::Page {
                        page: 1,
                        line: 1,
                        label: None,
                    },
                },
                Span {
                    rendered: 12..20,
                    origin: Origin::Page {
                        page: 2,
                        line: 3,
                        label: None,
                    },
                },
            ],
        };
        assert_eq!(
            map.locate(11),
            Some(&Origin::Page {
                page: 1,
                line: 1,
                label: None
            })
        );
        assert_eq!(
            map.locate(12),
            Some(&Origin::Page {
                page: 2,
                line: 3,
                label: None
            })
        );
        assert_eq!(
            map.locate(500),
            Some(&Origin::Page {
                page: 2,
                line: 3,
                label: None
            })
        );
    }
}
