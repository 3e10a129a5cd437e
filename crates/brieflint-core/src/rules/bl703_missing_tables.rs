use super::bl701_over_length_limit::document_anchor;
use super::{length, Context, Rule};
use crate::counting::{heading_part, Part};
use crate::finding::{Edit, Finding, Fix, RuleMeta};
use crate::markdown::BlockKind;
use crate::profiles::Applied;
use crate::toa;

declare_rule! {
    /// ## What it flags
    /// A brief without the table of contents or the table of authorities its court's rule
    /// requires: every principal, reply and amicus brief under the Federal Rules of
    /// Appellate Procedure, and an N.D. Ill. brief longer than 15 pages (certain only when
    /// its words could not fit in 15 pages at 350 words a page). A table is recognized by
    /// its heading ("Table of Contents", "Table of Authorities", "Table of Citations",
    /// "Table of Cases").
    ///
    /// ## Why courts care
    /// Fed. R. App. P. 28(a) requires "a table of contents, with page references" and "a
    /// table of authorities—cases (alphabetically arranged), statutes, and other
    /// authorities—with references to the pages of the brief where they are cited";
    /// Fed. R. App. P. 28(c) requires both in a reply brief and Fed. R. App. P. 29(a) in an
    /// amicus brief. N.D. Ill. LR 7.1: "Briefs that exceed the 15 page limit must have a
    /// table of contents with the pages noted and a table of cases."
    ///
    /// ## Example
    /// ```markdown
    /// # BRIEF OF PLAINTIFF-APPELLANT
    ///
    /// ## ARGUMENT
    /// ...
    /// ```
    ///
    /// ## Fix
    /// The quick fix inserts the table after the cover: the table of contents from the
    /// brief's headings, the table of authorities from the citations brieflint recognizes
    /// in it (grouped as cases, rules, statutes...), each line with a `[page numbers]`
    /// placeholder to fill once the brief is paginated.
    ///
    /// ## Authorities
    /// - Fed. R. App. P. 28(a)
    /// - Fed. R. App. P. 28(c)
    /// - Fed. R. App. P. 29(a)
    /// - N.D. Ill. LR 7.1
    pub struct MissingTables {
        code: "BL703",
        name: "missing-tables",
        severity: Warning,
        summary: "Table of contents or table of authorities required by the court's rule and missing",
        authorities: ["frap-28-a", "frap-28-c", "frap-29-a", "ndill-lr-7-1"],
    }
}

/// Where a table goes: after the cover and any disclosure statement, before the first
/// heading of the body; the table of authorities after the table of contents.
fn insertion_point(cx: &Context, applied: &Applied, table: Part) -> usize {
    if table == Part::TableOfAuthorities {
        if let Some(contents) = applied.counted.find(Part::TableOfContents) {
            return contents.range.end;
        }
    }
    let after_front = applied
        .counted
        .parts
        .iter()
        .filter(|p| matches!(p.part, Part::Cover | Part::DisclosureStatement))
        .map(|p| p.range.end)
        .max()
        .or_else(|| cx.structure.front_matter.as_ref().map(|f| f.end))
        .unwrap_or(0);
    cx.structure
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Heading(_)) && b.range.start >= after_front)
        .map_or(cx.text.len(), |b| b.range.start)
}

/// "## TABLE OF CONTENTS" and a line per heading of the body.
fn contents_text(cx: &Context, from: usize) -> String {
    let mut out = String::from("## TABLE OF CONTENTS\n\n");
    for block in &cx.structure.blocks {
        let BlockKind::Heading(level) = block.kind else {
            continue;
        };
        if block.range.start < from {
            continue;
        }
        let heading = cx.text[block.range.clone()].trim_start_matches('#').trim();
        if heading.is_empty() {
            continue;
        }
        let indent = "  ".repeat(usize::from(level.saturating_sub(2)).min(4));
        out.push_str(&format!("{indent}- {heading} — [page numbers]\n"));
    }
    out.push('\n');
    out
}

/// "## TABLE OF AUTHORITIES", then each group of the citations the brief makes.
fn authorities_text(cx: &Context, applied: &Applied) -> String {
    let mut out = String::from("## TABLE OF AUTHORITIES\n\n");
    // The authorities the brief cites, not those only its certificates or tables name.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(cx.text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let line_start = |line: usize| -> usize {
        line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(cx.text.len())
    };
    let entries: Vec<toa::Entry> = toa::entries(cx.text, cx.citations)
        .into_iter()
        .filter(|e| {
            e.lines
                .iter()
                .any(|&line| applied.counted.part_at(line_start(line)).is_none())
        })
        .collect();
    let mut group = "";
    for entry in entries.iter().filter(|e| e.group != "Record") {
        if entry.group != group {
            group = entry.group;
            out.push_str(&format!("**{group}**\n\n"));
        }
        out.push_str(&format!("- {} — [page numbers]\n", entry.authority));
        // A blank line closes the list before the next group's label.
        if entries
            .iter()
            .skip_while(|e| !std::ptr::eq(*e, entry))
            .nth(1)
            .is_none_or(|next| next.group != group)
        {
            out.push('\n');
        }
    }
    if entries.iter().all(|e| e.group == "Record") {
        out.push_str("[list the authorities cited, with page numbers]\n\n");
    }
    out
}

impl Rule for MissingTables {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(applied) = length(cx) else {
            return;
        };
        let Some(profile) = applied.profile else {
            return;
        };
        let Some(rule) = profile.tables_rule.as_deref() else {
            return;
        };
        match profile.tables_over_pages {
            Some(0) | None => {}
            Some(pages) => {
                if applied.pages_at_least() <= f64::from(pages) {
                    return;
                }
            }
        }
        let missing: Vec<Part> = profile
            .tables_required
            .iter()
            .copied()
            .filter(|&table| {
                // A table under any heading level that names it.
                applied.counted.find(table).is_none()
                    && !cx.structure.blocks.iter().any(|b| {
                        matches!(b.kind, BlockKind::Heading(_))
                            && heading_part(&cx.text[b.range.clone()]) == Some(table)
                    })
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        // One finding for what is missing, and one fix inserting all of it (the table of
        // contents first).
        let mut edits = Vec::new();
        let mut names = Vec::new();
        for &table in &missing {
            let at = insertion_point(cx, applied, table);
            let (text, what) = match table {
                Part::TableOfContents => (contents_text(cx, at), "table of contents"),
                _ => (authorities_text(cx, applied), "table of authorities"),
            };
            let text = if at == cx.text.len() && !cx.text.ends_with('\n') {
                format!("\n\n{text}")
            } else {
                text
            };
            names.push(what);
            edits.push(Edit {
                range: at..at,
                new_text: text.into(),
            });
        }
        let what = names.join(" and no ");
        let when = match profile.tables_over_pages {
            Some(pages) if pages > 0 => format!(
                " over {pages} pages (at least {:.1} pages: {} words at {} words a page)",
                applied.pages_at_least(),
                applied.tally.words,
                applied.words_per_page
            ),
            _ => String::new(),
        };
        out.push(
            Finding::new(
                &META,
                document_anchor(cx, applied),
                format!(
                    "No {what}: {rule} requires {} in a {}{when}",
                    if names.len() > 1 { "them" } else { "it" },
                    profile.paper_name
                ),
            )
            .with_fix(Fix {
                title: format!("Insert a {}", names.join(" and a ")).into(),
                edits,
            }),
        );
    }
}
