//! Foreign laws cited by name and article (PIPL, the Data Security Law, the French
//! blocking statute, Swiss Criminal Code art. 271...): their spellings and the builder
//! that gives each citation its identity.

use super::*;

/// A foreign law: its identity prefix and the names and abbreviations briefs use.
pub(super) struct ForeignLaw {
    pub(super) identity: &'static str,
    /// Words every spelling of the law contains (the prefilter: see `Recognizer`).
    pub(super) needles: &'static [&'static str],
    pub(super) pattern: &'static str,
}

pub(super) const FOREIGN_LAWS: &[ForeignLaw] = &[
    ForeignLaw {
        identity: "PIPL",
        needles: &["Personal", "PIPL"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Personal\s+Information\s+Protection\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)PIPL(?-u:\b)",
    },
    ForeignLaw {
        identity: "DSL",
        needles: &["Data", "DSL"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Data\s+Security\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)DSL(?-u:\b)",
    },
    ForeignLaw {
        identity: "GSSL",
        needles: &["State", "GSSL"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?(?:Law\s+(?:of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC)\s+)?on\s+Guarding\s+State\s+Secrets|(?:Guarding\s+)?State\s+Secrets\s+Law)|(?-u:\b)GSSL(?-u:\b)",
    },
    ForeignLaw {
        identity: "ICJAL",
        needles: &["Criminal", "ICJAL"],
        pattern: r"International\s+Criminal\s+Judicial\s+Assistance\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)ICJAL(?-u:\b)",
    },
    ForeignLaw {
        identity: "French Law No. 68-678",
        needles: &["68-678", "locking"],
        pattern: r"(?:French\s+)?Law\s+No\.\s*68-678|(?:French\s+)?[Bb]locking\s+[Ss]tatute\s+\(France\)|French\s+[Bb]locking\s+[Ss]tatute|Loi\s+n[°o]\s*68-678",
    },
    ForeignLaw {
        identity: "Swiss Criminal Code",
        needles: &["Swiss", "StGB"],
        pattern: r"Swiss\s+(?:Criminal|Penal)\s+Code(?:\s+\(StGB\))?|(?-u:\b)StGB(?-u:\b)",
    },
    ForeignLaw {
        identity: "GDPR",
        needles: &["General", "2016/679", "GDPR"],
        pattern: r"General\s+Data\s+Protection\s+Regulation|Regulation\s+\(EU\)\s+2016/679(?:\s+\(GDPR\))?|(?-u:\b)GDPR(?-u:\b)",
    },
    ForeignLaw {
        identity: "UK Protection of Trading Interests Act",
        needles: &["Trading"],
        pattern: r"Protection\s+of\s+Trading\s+Interests\s+Act(?:\s+1980)?",
    },
    ForeignLaw {
        identity: "Ontario Business Records Protection Act",
        needles: &["Records"],
        pattern: r"Business\s+Records\s+Protection\s+Act",
    },
    ForeignLaw {
        identity: "Quebec Business Concerns Records Act",
        needles: &["Concerns"],
        pattern: r"Business\s+Concerns\s+Records\s+Act",
    },
    ForeignLaw {
        identity: "PRC Cybersecurity Law",
        needles: &["Cybersecurity"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Cybersecurity\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?",
    },
];

pub(super) const ARTICLE: &str = r"(?:Articles?|Arts?\.|arts?\.|articles?)\s*(?P<article>\d{1,3})(?P<artsub>(?:\s*\(\d{1,2}\)|\s*\([a-z]\))*)(?P<bis>\s+bis)?";

/// A foreign law's name for prose, from a citation identity ("DSL art. 36" -> "the Data
/// Security Law"), so that inserted text never uses an abbreviation the filing has not
/// defined.
pub fn foreign_law_name(identity: &str) -> String {
    let law = identity.split(" art.").next().unwrap_or(identity);
    let law = law
        .trim_end_matches(" (2010 rev.)")
        .trim_end_matches(" (2024 rev.)");
    match law {
        "PIPL" => "the Personal Information Protection Law".to_string(),
        "DSL" => "the Data Security Law".to_string(),
        "GSSL" => "the Law on Guarding State Secrets".to_string(),
        "ICJAL" => "the International Criminal Judicial Assistance Law".to_string(),
        "GDPR" => "the General Data Protection Regulation".to_string(),
        other if other.starts_with("French Law") => other.to_string(),
        other => format!("the {other}"),
    }
}

pub(super) fn build_foreign_law(
    cx: &Ctx,
    c: &Captures,
    law: &'static str,
    out: &mut Vec<Citation>,
) {
    let text = cx.text;
    let start = c.get(0).unwrap().start();
    let before = &text[text[..start]
        .char_indices()
        .rev()
        .nth(24)
        .map_or(0, |(i, _)| i)..start];
    // The abbreviation being defined ("the Data Security Law (“DSL”)") and the title of
    // a translation are not further citations of the law.
    if before.ends_with("(\"") || before.ends_with("(“") || before.contains("Translation:") {
        return;
    }
    let article = c.name("article").or(c.name("article2"));
    let bis = c.name("bis").or(c.name("bis2")).is_some();
    let sub = c
        .name("artsub")
        .or(c.name("artsub2"))
        .map(|s| {
            s.as_str()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        })
        .unwrap_or_default();
    let version = c
        .name("version")
        .or(c.name("version1"))
        .map(|v| format!(" ({} rev.)", v.as_str()))
        .unwrap_or_default();
    let identity = match article {
        Some(a) => format!(
            "{law} art. {}{}{}{version}",
            a.as_str(),
            if bis { " bis" } else { "" },
            sub
        ),
        None => format!("{law}{version}"),
    };
    out.push(citation(
        CitationKind::ForeignLaw,
        identity,
        c.get(0).unwrap().range(),
    ));
}
