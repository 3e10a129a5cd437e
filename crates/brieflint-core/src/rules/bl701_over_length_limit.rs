use super::{length, Context, Rule};
use crate::finding::{Finding, RuleMeta};
use crate::profiles::{Applied, Unit};
use std::ops::Range;

declare_rule! {
    /// ## What it flags
    /// A brief, memorandum, motion or letter longer than the limit that governs it, counted
    /// the way that rule counts: only the parts the rule counts (headings, footnotes and
    /// quotations included), leaving out what it excludes (the cover or caption, the tables
    /// of contents and authorities, certificates, the signature block, the proof of service
    /// and, under the appellate rules, the disclosure statement, the statement regarding
    /// oral argument and a statutory addendum), each recognized by its heading.
    ///
    /// The limit comes from the court's profile (the Federal Rules of Appellate Procedure
    /// for a court of appeals, or for a paper titled as an appellant's or appellee's brief;
    /// S.D.N.Y. and E.D.N.Y. Local Civil Rules 7.1(c) and 6.3; N.D. Ill. LR 7.1), or from
    /// `brieflint.toml` (`[length]`) or front matter (`length-limit: 25 pages`,
    /// `length-source: ...`) for a judge's own limit. With no court configured and no
    /// appellate title, nothing is checked; nor is a filing whose front matter `filed:` date
    /// is earlier than the limit (the appellate word limits date from December 1, 2016, the
    /// S.D.N.Y. and E.D.N.Y. joint rules from July 1, 2024).
    ///
    /// A word is a run of characters between spaces holding a letter, a digit or a sign
    /// such as § (hyphenated compounds are one word; a citation counts word by word); the
    /// count is made to be no higher than a word processor's, so a brief flagged is over
    /// by any count. A page limit is estimated: the brief is flagged only when its words
    /// could not fit on that many pages at 350 words a page (the most Local Civ. R. 6.3
    /// allows an added page; `[length] words-per-page` changes it), and the message says so.
    ///
    /// ## Why courts care
    /// Length limits are enforced mechanically: Fed. R. App. P. 32(a)(7) caps a principal
    /// brief at 13,000 words and a reply at 6,500, Fed. R. App. P. 27(d)(2) a motion at
    /// 5,200 words, and Fed. R. App. P. 32(f) says what is counted. A brief over its limit
    /// does not comply without the court's leave; N.D. Ill. LR 7.1 says a brief over 15
    /// pages "shall be filed subject to being stricken". In the S.D.N.Y. and E.D.N.Y.,
    /// Local Civ. R. 7.1(c) allows 8,750 words (3,500 in reply) and Local Civ. R. 6.3
    /// 3,500 on reconsideration (1,750 in reply). Other rules:
    /// Fed. R. App. P. 28.1(e) (cross-appeals), Fed. R. App. P. 29(a) (amicus briefs),
    /// Fed. R. App. P. 29(b)(4) (amicus briefs on rehearing), Fed. R. App. P. 28(j)
    /// (350-word letters).
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// court: 7th Cir.
    /// ---
    /// # BRIEF OF PLAINTIFF-APPELLANT
    /// ... 13,400 words of argument and footnotes ...
    /// ```
    ///
    /// ## Fix
    /// Cut the text to the limit, or obtain the court's leave and record the new limit in
    /// front matter with its source (`length-limit: 15,000 words`, `length-source: Order of
    /// May 1, 2027, Dkt. 40`). There is no quick fix: what to cut is the lawyer's call.
    ///
    /// ## Authorities
    /// - Fed. R. App. P. 32(a)(7)
    /// - Fed. R. App. P. 32(f)
    /// - Fed. R. App. P. 27(d)(2)
    /// - Fed. R. App. P. 28.1(e)
    /// - Fed. R. App. P. 29(a)
    /// - Fed. R. App. P. 29(b)(4)
    /// - Fed. R. App. P. 28(j)
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 7.1(c)
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 6.3
    /// - N.D. Ill. LR 7.1
    pub struct OverLengthLimit {
        code: "BL701",
        name: "over-length-limit",
        severity: Error,
        summary: "Brief or motion over the court's length limit, counted the way the rule counts",
        authorities: ["frap-32-a-7", "frap-32-f", "frap-27-d-2", "frap-28-1-e", "frap-29-a", "frap-29-b-4", "frap-28-j", "sdny-local-civil-rule-7-1-c", "sdny-local-civil-rule-6-3", "ndill-lr-7-1"],
    }
}

/// "13,412".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a finding about the whole filing stands: its title, else its first line of text.
pub(crate) fn document_anchor(cx: &Context, applied: &Applied) -> Range<usize> {
    let cover_title = applied.counted.parts.iter().find_map(|p| {
        p.heading
            .clone()
            .filter(|_| p.part == crate::counting::Part::Cover)
    });
    if let Some(title) = cover_title {
        return title;
    }
    match cx.structure.blocks.first() {
        Some(block) => {
            let line_end = cx.text[block.range.clone()]
                .find('\n')
                .map_or(block.range.end, |n| block.range.start + n);
            block.range.start..line_end
        }
        None => 0..cx.text.find('\n').unwrap_or(cx.text.len()),
    }
}

/// "the limit of Fed. R. App. P. 32(a)(7)(B)(i) for a principal brief".
pub(crate) fn limit_words(applied: &Applied) -> String {
    let paper = applied
        .profile
        .filter(|_| applied.origin == crate::profiles::Origin::Profile)
        .map(|p| format!(" for a {}", p.paper_name))
        .unwrap_or_default();
    format!("{}{paper}", applied.authority())
}

impl Rule for OverLengthLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(applied) = length(cx) else {
            return;
        };
        if !applied.over() {
            return;
        }
        let words = applied.tally.words;
        let message = match applied.unit {
            Unit::Words => format!(
                "{} words counted, {} over the {}-word limit ({}); {}",
                thousands(words),
                thousands(words - applied.limit as usize),
                thousands(applied.limit as usize),
                limit_words(applied),
                applied.method()
            ),
            Unit::Pages => format!(
                "At least {:.1} pages, an estimate from words per page: {} words counted fill more than {} pages at {} words a page, the most a page holds; the limit is {} pages ({}); {}",
                applied.pages_at_least(),
                thousands(words),
                applied.limit,
                applied.words_per_page,
                applied.limit,
                limit_words(applied),
                applied.method()
            ),
        };
        out.push(Finding::new(&META, document_anchor(cx, applied), message));
    }
}
