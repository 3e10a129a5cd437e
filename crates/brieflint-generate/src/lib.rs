//! Deterministic generators for benchmarks and load tests: discovery responses (every kind
//! of BL1xx finding appears) and, shaped differently, briefs (headed argument, dense
//! citations, footnotes, block quotes). A "page" is about 250 words.

/// A small linear congruential generator: deterministic across platforms.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const REQUESTS: &[&str] = &[
    "All documents and communications concerning the design, testing and marketing of the Product, including emails exchanged with suppliers in Shenzhen.",
    "All contracts, purchase orders and invoices between Acme and any distributor of the Product during the Relevant Period.",
    "Documents sufficient to show the organizational structure of Acme's quality-assurance department, including the names of its managers.",
    "All communications with any regulator concerning complaints about the Product, including reports submitted to the Consumer Product Safety Commission.",
];

const RESPONSES: &[&str] = &[
    "Acme objects to this Request as overly broad, unduly burdensome, and vague and ambiguous. Subject to and without waiving the foregoing objections, Acme will produce non-privileged responsive documents.",
    "Acme objects to this Request because it seeks documents from 42 custodians over fourteen years, which would require review of roughly 1.2 million emails at an estimated cost of $310,000. Acme is withholding documents dated before January 1, 2019 on the basis of this objection and will produce the remaining responsive documents by March 15, 2027.",
    "Acme incorporates its General Objections as if fully set forth herein. Acme further objects that this Request is not reasonably calculated to lead to the discovery of admissible evidence. Acme will produce responsive documents in due course.",
    "Acme objects to this Request to the extent it seeks documents protected by the attorney-client privilege or the work-product doctrine. Acme will produce responsive, non-privileged documents within 30 days of service of this response.",
    "Acme objects to the term \"Relevant Period\" as vague because the Definitions give two different start dates; Acme construes it to mean January 1, 2018 through the present. No responsive materials are being withheld on the basis of this objection. Acme has produced responsive documents at ACME-0001234 through ACME-0001502.",
];

const PROSE: &[&str] = &[
    "The parties met and conferred by videoconference on several occasions and narrowed the disputed requests considerably.",
    "Acme's search covered the shared drives of its quality-assurance and regulatory-affairs groups, including files maintained by 王伟 and 李娜 in the Shenzhen office.",
    "Nothing in these responses waives any party's right to seek a protective order under the governing rules.",
];

/// A discovery response of about `pages` pages, deterministic for a given `seed`.
pub fn discovery_response(pages: usize, seed: u64) -> String {
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let target_words = pages * 250;
    let mut out = String::with_capacity(target_words * 7);
    out.push_str("# DEFENDANT ACME CORP.'S RESPONSES AND OBJECTIONS TO PLAINTIFF'S FIRST SET OF REQUESTS FOR PRODUCTION\n\n");
    out.push_str("## GENERAL OBJECTIONS\n\n1. Acme objects to each Request to the extent it seeks information outside the scope of Rule 26(b)(1). These General Objections are incorporated into each response below.\n\n");
    out.push_str("## RESPONSES TO REQUESTS FOR PRODUCTION\n\n");
    let mut number = 1;
    while out.split_ascii_whitespace().count() < target_words {
        // Count words cheaply in batches of units.
        for _ in 0..8 {
            out.push_str(&format!(
                "**REQUEST FOR PRODUCTION NO. {number}:** {}\n\n**RESPONSE TO REQUEST FOR PRODUCTION NO. {number}:** {}\n\n",
                rng.pick(REQUESTS),
                rng.pick(RESPONSES)
            ));
            if rng.next() % 3 == 0 {
                out.push_str(rng.pick(PROSE));
                out.push_str("\n\n");
            }
            number += 1;
        }
    }
    out
}

/// Case names, reporters and courts for the brief generator: the shapes real briefs cite
/// (the cases are invented; only their form matters to a benchmark).
const PARTIES: &[&str] = &[
    "Harlow",
    "Brennan",
    "Okafor",
    "Lindqvist",
    "Marchetti",
    "Sato",
    "Delgado",
    "Whitcombe",
    "Abernathy",
    "Kowalski",
    "Nakamura",
    "Ferreira",
    "Castellanos",
    "Underhill",
    "Pryor",
];
const REPORTERS: &[(&str, &str)] = &[
    ("F.3d", "2d Cir."),
    ("F.4th", "9th Cir."),
    ("F. Supp. 3d", "S.D.N.Y."),
    ("F.R.D.", "N.D. Ill."),
    ("U.S.", ""),
    ("F. App'x", "3d Cir."),
];
const STATUTES: &[&str] = &[
    "28 U.S.C. § 1782(a)",
    "Fed. R. Civ. P. 26(b)(1)",
    "Fed. R. Civ. P. 34(b)(2)(C)",
    "Fed. R. Civ. P. 37(a)(1)",
    "Fed. R. Civ. P. 26(c)(1)",
    "15 U.S.C. § 78j(b)",
    "17 C.F.R. § 240.10b-5",
];
const ARGUMENT: &[&str] = &[
    "The Agreement required Defendants to preserve and produce the design files, and the record shows they did neither.",
    "Courts in this Circuit consistently hold that a party resisting discovery bears the burden of showing why it should not be had.",
    "Plaintiff does not ask the Court to revisit the scope of discovery; it asks only that Defendants comply with the order already entered.",
    "The declaration of the records custodian establishes that the documents exist, that they are within Defendants' control, and that no search was run.",
    "Defendants' remaining arguments fare no better, and none of them was raised before the Magistrate Judge.",
    "Nothing in the text of the rule supports the limitation Defendants propose, and the advisory committee's note points the other way.",
];
const QUOTES: &[&str] = &[
    "A party must produce documents as they are kept in the usual course of business or must organize and label them to correspond to the categories in the request.",
    "The court must limit the frequency or extent of discovery otherwise allowed if it determines that the discovery sought is unreasonably cumulative or duplicative.",
    "An evasive or incomplete disclosure, answer, or response must be treated as a failure to disclose, answer, or respond.",
];

/// A motion or brief of about `pages` pages, shaped unlike the discovery responses: a
/// caption, headed argument sections, dense case citations with pin cites, `Id.` and
/// `supra` short forms, statutes and rules, record cites, block quotes, footnotes and
/// defined terms. Deterministic for a given `seed`.
pub fn brief(pages: usize, seed: u64) -> String {
    let mut rng = Lcg(seed ^ 0x2545_f491_4f6c_dd1d);
    let target_words = pages * 250;
    let mut out = String::with_capacity(target_words * 7);
    out.push_str("---\ntitle: Plaintiff's Memorandum of Law in Support of Its Motion to Compel\nkind: motion\ncourt: S.D.N.Y.\n---\n\n");
    out.push_str("# PLAINTIFF'S MEMORANDUM OF LAW IN SUPPORT OF ITS MOTION TO COMPEL\n\n");
    out.push_str("Plaintiff Northwind Trading LLC (\"Northwind\") moves to compel Defendants Harbor Logistics Inc. and Harbor Logistics GmbH (together, \"Harbor\") to produce the documents described below under the Supply Agreement dated March 3, 2019 (the \"Agreement\").[^1]\n\n");
    out.push_str("[^1]: Capitalized terms not defined here have the meanings given in the Agreement. ECF No. 12-3.\n\n");
    let mut cited: Vec<String> = Vec::new();
    let mut section = 0;
    let mut footnote = 2;
    let mut words = 0;
    while words < target_words {
        section += 1;
        let heading = format!(
            "## {}. Harbor's objections to Request No. {} fail\n\n",
            roman(section),
            section + 3
        );
        words += heading.split_ascii_whitespace().count();
        out.push_str(&heading);
        for sub in 0..3 {
            let heading = format!("### {}. The record on this point\n\n", (b'A' + sub) as char);
            out.push_str(&heading);
            for _ in 0..3 {
                let mut paragraph = String::new();
                for _ in 0..3 {
                    paragraph.push_str(rng.pick(ARGUMENT));
                    paragraph.push(' ');
                    match rng.next() % 6 {
                        0 | 1 => {
                            let (reporter, court) = REPORTERS[rng.next() % REPORTERS.len()];
                            let volume = 100 + rng.next() % 800;
                            let page = 1 + rng.next() % 1400;
                            let year = 1990 + rng.next() % 35;
                            let name = format!("{} v. {}", rng.pick(PARTIES), rng.pick(PARTIES));
                            let paren = if court.is_empty() {
                                format!("({year})")
                            } else {
                                format!("({court} {year})")
                            };
                            paragraph.push_str(&format!(
                                "See *{name}*, {volume} {reporter} {page}, {} {paren}. ",
                                page + rng.next() % 30
                            ));
                            cited.push(name);
                        }
                        2 => paragraph.push_str(&format!("*Id.* at {}. ", 1 + rng.next() % 900)),
                        3 if !cited.is_empty() => {
                            let name = &cited[rng.next() % cited.len()];
                            let short = name.split(" v. ").next().unwrap_or(name);
                            paragraph.push_str(&format!(
                                "*{short}*, supra, at {}. ",
                                1 + rng.next() % 900
                            ));
                        }
                        4 => paragraph.push_str(&format!("See {}. ", rng.pick(STATUTES))),
                        _ => paragraph.push_str(&format!(
                            "Decl. of J. Alvarez ¶ {}; ECF No. {} at {}. ",
                            1 + rng.next() % 40,
                            20 + rng.next() % 200,
                            1 + rng.next() % 30
                        )),
                    }
                }
                if rng.next() % 4 == 0 {
                    out.push_str(paragraph.trim_end());
                    out.push_str(&format!("[^{footnote}]"));
                    out.push_str("\n\n");
                    out.push_str(&format!(
                        "[^{footnote}]: Harbor raised this point for the first time in its letter of June {}, 2024. See ECF No. {} at {}; {}.\n\n",
                        1 + rng.next() % 28,
                        20 + rng.next() % 200,
                        1 + rng.next() % 30,
                        rng.pick(STATUTES)
                    ));
                    footnote += 1;
                } else {
                    out.push_str(paragraph.trim_end());
                    out.push_str("\n\n");
                }
                words += paragraph.split_ascii_whitespace().count();
            }
            if rng.next() % 3 == 0 {
                let quote = format!("> {}\n\n", rng.pick(QUOTES));
                words += quote.split_ascii_whitespace().count();
                out.push_str(&quote);
            }
        }
    }
    out.push_str("## CONCLUSION\n\nFor these reasons, the Court should grant the motion and order Harbor to produce the documents within fourteen days.\n");
    out
}

fn roman(n: usize) -> String {
    const NUMERALS: &[(usize, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for &(value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_deterministic_and_sized() {
        let a = super::discovery_response(10, 7);
        assert_eq!(a, super::discovery_response(10, 7));
        let words = a.split_ascii_whitespace().count();
        assert!((2500..3500).contains(&words), "{words}");
    }

    #[test]
    fn briefs_are_deterministic_sized_and_citation_dense() {
        let a = super::brief(10, 7);
        assert_eq!(a, super::brief(10, 7));
        let words = a.split_ascii_whitespace().count();
        assert!((2500..4000).contains(&words), "{words}");
        assert!(a.matches(" v. ").count() > 20);
        assert!(a.contains("*Id.* at") && a.contains("supra") && a.contains("[^2]:"));
        assert!(a.contains("\n> "));
    }
}
