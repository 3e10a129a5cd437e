//! Court rule profiles through the real binary: every shipped limit, one word under and
//! one word over, with excluded parts that must not be counted and footnotes and
//! quotations that must; a court set in brieflint.toml, in front matter, and not at all;
//! a judge's limit in brieflint.toml with its source; the count `check` prints.

mod support;

use serde_json::Value;
use std::process::Command;
use support::cli::check_json;
use support::files::{repo, scratch};

fn findings_of<'v>(findings: &'v [Value], file: &str, code: &str) -> Vec<&'v Value> {
    findings
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with(file) && f["code"] == code)
        .collect()
}

const SENTENCES: &[&str] = &[
    "The district court granted summary judgment without addressing the parties' course of dealing.",
    "Acme accepted the replacement pumps in March 2021 and used them for eleven months.",
    "Notice of a defect was due within thirty days of its discovery, not of delivery.",
    "A reasonable jury could find the notice timely, and that finding requires reversal.",
    "The warranty does not limit the remedy to repair or replacement under 42 U.S.C. § 1983.",
];

/// Exactly `n` words of prose.
fn prose(n: usize) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut i = 0;
    while words.len() < n {
        words.extend(SENTENCES[i % SENTENCES.len()].split_whitespace());
        i += 1;
    }
    words.truncate(n);
    // One paragraph: a paragraph opening "1983. ..." would be a numbered list, whose
    // number is not text.
    words.join(" ")
}

/// A filing whose countable text holds exactly `words` words: the heading "ARGUMENT" (1),
/// a block quotation (12), a footnote (10) and prose; around them a caption, the title,
/// tables, a certificate stating `certified` words, a signature block and a proof of
/// service, none of which a rule counts.
fn filing(front_matter: &str, title: &str, words: usize, certified: usize) -> String {
    let quote = "> The buyer must notify the seller of breach within a reasonable time.";
    let footnote = "[^1]: The notice letter is in the record at page 212.";
    let body = prose(words - 1 - 12 - 10);
    format!(
        "---\n{front_matter}---\nUNITED STATES COURT\n\nNo. 26-1234\n\nACME CORP. v. NORTHWIND MEDICAL, INC.\n\n# {title}\n\n## TABLE OF CONTENTS\n\n- Argument — 1\n- Certificate of Compliance — 30\n\n## TABLE OF AUTHORITIES\n\n**Statutes**\n\n- 42 U.S.C. § 1983 — 3\n\n## ARGUMENT\n\n{body}[^1]\n\n{quote}\n\nRespectfully submitted,\n\n/s/ Dana Whitfield\nDana Whitfield\nCounsel for Acme Corp.\n\n## CERTIFICATE OF COMPLIANCE\n\nThis brief complies with the type-volume limitation because, excluding the parts of the document exempted by the rules, it contains {certified} words.\n\n/s/ Dana Whitfield\n\n## CERTIFICATE OF SERVICE\n\nI certify that on May 3, 2027, I served this document on all counsel through the court's electronic filing system.\n\n/s/ Dana Whitfield\n\n{footnote}\n"
    )
}

fn court_of(family: &str) -> &'static str {
    match family {
        "frap" => "7th Cir.",
        "sdny-edny" => "S.D.N.Y.",
        "ndill" => "N.D. Ill.",
        other => panic!("no court for {other}"),
    }
}

#[test]
fn every_shipped_limit_one_word_under_and_one_over() {
    let data: toml::Value = toml::from_str(
        &std::fs::read_to_string(repo().join("crates/brieflint-core/data/court-profiles.toml"))
            .unwrap(),
    )
    .unwrap();
    let dir = scratch("profiles-limits");
    let mut cases = Vec::new();
    for profile in data["profile"].as_array().unwrap() {
        let id = profile["id"].as_str().unwrap();
        let limit = profile["limit"].as_integer().unwrap() as usize;
        let pages = profile["unit"].as_str() == Some("pages");
        // A page limit is over only past 350 words a page.
        let at_limit = if pages { limit * 350 } else { limit };
        let front = format!(
            "court: {}\npaper: {}\n",
            court_of(profile["court"].as_str().unwrap()),
            profile["paper"].as_str().unwrap()
        );
        for (name, words) in [("under", at_limit), ("over", at_limit + 1)] {
            let file = format!("{id}-{name}.md");
            std::fs::write(dir.join(&file), filing(&front, "BRIEF", words, words)).unwrap();
            cases.push((file, words, name == "over", pages, limit));
        }
    }
    let findings = check_json(&dir);
    for (file, words, over, pages, limit) in &cases {
        let bl701 = findings_of(&findings, file, "BL701");
        assert_eq!(bl701.len(), usize::from(*over), "{file}: {bl701:?}");
        if let Some(finding) = bl701.first() {
            let message = finding["message"].as_str().unwrap();
            let count = format!("{} words counted", thousands(*words));
            assert!(message.contains(&count), "{file}: {message}");
            // Footnotes and quotations counted, the tables and certificates not.
            assert!(message.contains("footnotes (10)"), "{file}: {message}");
            assert!(message.contains("quotations (12)"), "{file}: {message}");
            assert!(
                message.contains("table of authorities ("),
                "{file}: {message}"
            );
            assert!(message.contains("certificates ("), "{file}: {message}");
            if *pages {
                assert!(
                    message.contains("an estimate from words per page"),
                    "{file}: {message}"
                );
                assert!(
                    message.contains(&format!("the limit is {limit} pages")),
                    "{file}: {message}"
                );
            } else {
                assert!(
                    message.contains(&format!("{}-word limit", thousands(*limit))),
                    "{file}: {message}"
                );
            }
        }
        // The certificate states the count: no BL702; the tables are there: no BL703.
        assert!(findings_of(&findings, file, "BL702").is_empty(), "{file}");
        assert!(findings_of(&findings, file, "BL703").is_empty(), "{file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn thousands(n: usize) -> String {
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

#[test]
fn the_court_from_brieflint_toml_front_matter_or_nowhere() {
    // A memorandum of 9,000 words: over the S.D.N.Y. limit of 8,750.
    let memo = |front: &str| {
        filing(
            front,
            "MEMORANDUM OF LAW IN SUPPORT OF MOTION TO DISMISS",
            9000,
            9000,
        )
    };
    let appellant = |front: &str| filing(front, "BRIEF OF PLAINTIFF-APPELLANT", 13001, 13001);

    // The court in brieflint.toml.
    let configured = scratch("profiles-configured");
    std::fs::write(configured.join("brieflint.toml"), "court = \"S.D.N.Y.\"\n").unwrap();
    std::fs::write(configured.join("memo.md"), memo("")).unwrap();
    let findings = check_json(&configured);
    let bl701 = findings_of(&findings, "memo.md", "BL701");
    assert_eq!(bl701.len(), 1, "{findings:?}");
    assert!(bl701[0]["message"]
        .as_str()
        .unwrap()
        .contains("Local Civ. R. 7.1(c)"));

    // The court in front matter; a judge's limit with its source in brieflint.toml wins
    // over the local rule's.
    let judge = scratch("profiles-judge");
    std::fs::write(
        judge.join("brieflint.toml"),
        "[length]\nlimit = 25\nunit = \"pages\"\nreply-limit = 10\nsource = \"Judge Doe, Individual Practices ¶ 3.B\"\n",
    )
    .unwrap();
    std::fs::write(judge.join("memo.md"), memo("court: E.D.N.Y.\n")).unwrap();
    std::fs::write(
        judge.join("reply.md"),
        filing(
            "court: E.D.N.Y.\n",
            "REPLY MEMORANDUM OF LAW IN FURTHER SUPPORT OF MOTION TO DISMISS",
            3600,
            3600,
        ),
    )
    .unwrap();
    let findings = check_json(&judge);
    // 9,000 words fit in 25 pages at 350 a page (8,750)? No: flagged, as an estimate.
    let memo_findings = findings_of(&findings, "memo.md", "BL701");
    assert_eq!(memo_findings.len(), 1, "{findings:?}");
    let message = memo_findings[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Judge Doe, Individual Practices ¶ 3.B, set in brieflint.toml"),
        "{message}"
    );
    assert!(message.contains("the limit is 25 pages"), "{message}");
    // 3,600 words are over the reply limit of 10 pages (3,500 words at most).
    let reply = findings_of(&findings, "reply.md", "BL701");
    assert_eq!(reply.len(), 1, "{findings:?}");
    assert!(reply[0]["message"]
        .as_str()
        .unwrap()
        .contains("the limit is 10 pages"));

    // No court anywhere: nothing for a memorandum, the appellate rules for a brief that
    // says it is an appellant's.
    let nowhere = scratch("profiles-nowhere");
    std::fs::write(nowhere.join("memo.md"), memo("")).unwrap();
    std::fs::write(nowhere.join("appeal.md"), appellant("")).unwrap();
    let findings = check_json(&nowhere);
    assert!(
        findings
            .iter()
            .all(|f| !f["code"].as_str().unwrap().starts_with("BL7")
                || f["path"].as_str().unwrap().ends_with("appeal.md")),
        "{findings:?}"
    );
    let appeal = findings_of(&findings, "appeal.md", "BL701");
    assert_eq!(appeal.len(), 1, "{findings:?}");
    assert!(appeal[0]["message"]
        .as_str()
        .unwrap()
        .contains("Fed. R. App. P. 32(a)(7)(B)(i)"));

    // `check` prints each file's count and what is left.
    let output = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .args(["check", "--exit-zero"])
        .arg(&nowhere)
        .output()
        .unwrap();
    let human = String::from_utf8(output.stdout).unwrap();
    assert!(
        human.contains("appeal.md: 13,001 words counted; limit 13,000 words (Fed. R. App. P. 32(a)(7)(B)(i)): 1 over"),
        "{human}"
    );
    assert!(!human.contains("memo.md: "), "{human}");
    for dir in [configured, judge, nowhere] {
        let _ = std::fs::remove_dir_all(dir);
    }
}
