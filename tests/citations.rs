//! The citation recognizer against hand-made expectations for the two seed orders:
//! every citation found with the right kind, none invented.

use brieflint_core::citations::{recognize, CitationKind};
use brieflint_core::markdown;
use serde_json::Value;
use std::path::Path;

fn kind_of(name: &str) -> CitationKind {
    match name {
        "rule" => CitationKind::Rule,
        "local-rule" => CitationKind::LocalRule,
        "statute" => CitationKind::Statute,
        "regulation" => CitationKind::Regulation,
        "restatement" => CitationKind::Restatement,
        "case" => CitationKind::Case,
        "case-short" => CitationKind::CaseShort,
        "id" => CitationKind::Id,
        "supra" => CitationKind::Supra,
        "foreign-law" => CitationKind::ForeignLaw,
        "record" => CitationKind::Record,
        other => panic!("unknown kind {other}"),
    }
}

fn check(fixture: &str, expected: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap();
    let text = std::fs::read_to_string(root.join(fixture)).unwrap();
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join(expected)).unwrap()).unwrap();
    let structure = markdown::parse(&text);
    let citations = recognize(&text, &structure.opaque);
    let mut spans = Vec::new();
    let mut from = 0;
    let mut missed = Vec::new();
    for item in &expected {
        let needle = item["text"].as_str().unwrap();
        let start = from
            + text[from..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in {fixture}"));
        let span = start..start + needle.len();
        from = span.end;
        let kind = kind_of(item["kind"].as_str().unwrap());
        let hit = citations
            .iter()
            .any(|c| c.kind == kind && c.range.start < span.end && span.start < c.range.end);
        if !hit {
            missed.push(format!("{kind:?} {needle:?}"));
        }
        spans.push(span);
    }
    let invented: Vec<String> = citations
        .iter()
        .filter(|c| {
            !spans
                .iter()
                .any(|s| c.range.start < s.end && s.start < c.range.end)
        })
        .map(|c| format!("{:?} {:?}", c.kind, &text[c.range.clone()]))
        .collect();
    assert!(
        missed.is_empty() && invented.is_empty(),
        "{fixture}\nmissed ({}):\n  {}\ninvented ({}):\n  {}",
        missed.len(),
        missed.join("\n  "),
        invented.len(),
        invented.join("\n  ")
    );
}

#[test]
fn seed_order_000() {
    check(
        "fixtures/prose/seed-000-order.md",
        "fixtures/citations/seed-000-expected.json",
    );
}

#[test]
fn seed_order_001_philips() {
    check(
        "fixtures/prose/seed-001-philips-order.md",
        "fixtures/citations/seed-001-expected.json",
    );
}

/// (kind, text, identity, pin) of every citation in `text`.
fn all(text: &str) -> Vec<(CitationKind, String, String, Option<String>)> {
    recognize(text, &[])
        .into_iter()
        .map(|c| {
            let pin = c.pin.as_deref().map(str::to_string);
            (c.kind, text[c.range.clone()].to_string(), c.identity, pin)
        })
        .collect()
}

fn expect(text: &str, expected: &[(CitationKind, &str, &str)]) {
    let got = all(text);
    let got_short: Vec<(CitationKind, &str, &str)> = got
        .iter()
        .map(|(k, t, i, _)| (*k, t.as_str(), i.as_str()))
        .collect();
    assert_eq!(got_short, expected, "{text:?}\n{got:?}");
}

use CitationKind::{Case, CaseShort, Id, Record, Rule, Statute};

#[test]
fn supreme_court_style_short_forms() {
    expect(
        "Grutter v. Bollinger, 539 U. S. 306, 326 (2003). See 539 U. S., at 328; Smith v. Jones, 631 F. 3d 230 (CA7 2011); 631 F. 3d, at 236.",
        &[
            (Case, "539 U. S. 306, 326", "539 U.S. 306"),
            (CaseShort, "539 U. S., at 328", "539 U.S. 306"),
            (Case, "631 F. 3d 230", "631 F.3d 230"),
            (CaseShort, "631 F. 3d, at 236", "631 F.3d 230"),
        ],
    );
}

#[test]
fn slip_opinion_blanks() {
    expect(
        "Shelby County v. Holder, 570 U. S. ___, ___ (2013); Glossip v. Gross, 576 U. S., ___, ___–___ (2015); 577 U. S., at ___.",
        &[
            (Case, "570 U. S. ___, ___", "570 U.S. ___"),
            (Case, "576 U. S., ___, ___–___", "576 U.S. ___"),
            (CaseShort, "577 U. S., at ___", "577 U.S."),
        ],
    );
}

#[test]
fn ibid_and_paragraph_pins() {
    let text = "Smith v. Jones, 482 U.S. 522 (1987). Ibid. The complaint says so. Compl. (Dkt. No. 1). Id. ¶ 12; see also id. ¶ 1.";
    let got = all(text);
    let kinds: Vec<CitationKind> = got.iter().map(|c| c.0).collect();
    assert_eq!(kinds, [Case, Id, Record, Id, Id], "{got:?}");
    assert_eq!(got[1].2, "482 U.S. 522");
    assert_eq!(got[3].2, "Dkt. 1");
    assert_eq!(got[3].3.as_deref(), Some("¶ 12"));
    assert_eq!(got[4].3.as_deref(), Some("¶ 1"));
    assert_eq!(got[4].1, "id. ¶ 1");
}

#[test]
fn id_at_after_a_record_cite() {
    let text = "The witness said so. R. 367. Id. at 5.";
    let got = all(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[1].0, got[1].2.as_str()), (Id, "R. 367"));
    assert_eq!(got[1].3.as_deref(), Some("5"));
}

#[test]
fn state_and_administrative_reporters() {
    expect(
        "State v. Hardy, 329 N.C. 581, 593 (1991); Bandstra v. Covenant Reformed Church, 913 N.W.2d 19 (Iowa 2018); 223 Iowa 1010; 150 Fla. 1; 254 Ala. 300; Matter of A-B-, 28 I&N Dec. 40 (A.G. 2021). Later: 329 N.C. at 593; 28 I&N Dec. at 45.",
        &[
            (Case, "329 N.C. 581, 593", "329 N.C. 581"),
            (Case, "913 N.W.2d 19", "913 N.W.2d 19"),
            (Case, "223 Iowa 1010", "223 Iowa 1010"),
            (Case, "150 Fla. 1", "150 Fla. 1"),
            (Case, "254 Ala. 300", "254 Ala. 300"),
            (Case, "28 I&N Dec. 40", "28 I. & N. Dec. 40"),
            (CaseShort, "329 N.C. at 593", "329 N.C. 581"),
            (CaseShort, "28 I&N Dec. at 45", "28 I. & N. Dec. 40"),
        ],
    );
}

#[test]
fn parallel_cites_pin_ranges_stars_footnotes_and_line_breaks() {
    let text = "Aerospatiale, 482 U.S. 522, 544, 107 S. Ct. 2542, 96 L. Ed. 2d 461 (1987); Laydon, 183 F.\nSupp. 3d 409, 419–20 (S.D.N.Y. 2016); Fischer v. Forrest, 2017 WL 773694, at *3 (S.D.N.Y. Feb. 28, 2017); Kiobel, 569 U.S. 108, 115 n.2 (2013); Doe, 539\n  U. S. 306.";
    let got = all(text);
    let spans: Vec<&str> = got.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(
        spans,
        [
            "482 U.S. 522, 544",
            "107 S. Ct. 2542",
            "96 L. Ed. 2d 461",
            "183 F.\nSupp. 3d 409, 419–20",
            "2017 WL 773694, at *3",
            "569 U.S. 108, 115 n.2",
            "539\n  U. S. 306",
        ],
        "{got:?}"
    );
    assert_eq!(got[0].3.as_deref(), Some("544"));
    assert_eq!(got[3].2, "183 F. Supp. 3d 409");
    assert_eq!(got[4].3.as_deref(), Some("*3"));
    assert_eq!(got[5].3.as_deref(), Some("115 n.2"));
    assert_eq!(got[6].2, "539 U.S. 306");
}

#[test]
fn rules_and_statutes_written_out() {
    expect(
        "Rules 26 and 34 of the Federal Rules of Civil Procedure; Federal Rules of Civil Procedure 26 and 34; Rules 401 and 403 of the Federal Rules of Evidence.",
        &[
            (Rule, "Rules 26", "Fed. R. Civ. P. 26"),
            (Rule, "34", "Fed. R. Civ. P. 34"),
            (Rule, "Federal Rules of Civil Procedure 26", "Fed. R. Civ. P. 26"),
            (Rule, "34", "Fed. R. Civ. P. 34"),
            (Rule, "Rules 401", "Fed. R. Evid. 401"),
            (Rule, "403", "Fed. R. Evid. 403"),
        ],
    );
    expect(
        "under 50 U.S.C. 1701, Cal. Civ. Proc. Code § 2031.240, and N.Y. U.C.C. § 2-306(1).",
        &[
            (Statute, "50 U.S.C. 1701", "50 U.S.C. § 1701"),
            (
                Statute,
                "Cal. Civ. Proc. Code § 2031.240",
                "Cal. Civ. Proc. Code § 2031.240",
            ),
            (Statute, "N.Y. U.C.C. § 2-306(1)", "N.Y. U.C.C. § 2-306(1)"),
        ],
    );
    expect(
        "See Tex. Gov't Code Ann. § 552.101; Fla. Stat. § 768.28(5); U.C.C. § 2-207; “Ω Code § 5”.",
        &[
            (
                Statute,
                "Tex. Gov't Code Ann. § 552.101",
                "Tex. Gov't Code Ann. § 552.101",
            ),
            (Statute, "Fla. Stat. § 768.28(5)", "Fla. Stat. § 768.28(5)"),
            (Statute, "U.C.C. § 2-207", "U.C.C. § 2-207"),
        ],
    );
}

#[test]
fn not_citations() {
    for text in [
        "In 2019, Acme paid $5 million for 300 pages.",
        "Request No. 12 asks for 5 Allen wrenches and 3 Johnson 12 boxes.",
        "Between 10 and 12 U.S. companies filed 3 claims.",
        "As a rule, 5 of 12 Rules of thumb apply.",
        "The 2d Circuit heard 12 cases; paragraph 4 of 12 says so.",
    ] {
        assert!(all(text).is_empty(), "{text:?}: {:?}", all(text));
    }
}

#[test]
fn supra_names_stop_at_signals_and_sentences() {
    let text = "Brown v. Board of Education, 347 U.S. 483 (1954). It applies the Fourteenth Amendment. See Brown, supra, at 495. See supra, Part II. J. A. Croson, supra.";
    let got = all(text);
    let supras: Vec<&str> = got
        .iter()
        .filter(|c| c.0 == CitationKind::Supra)
        .map(|c| c.1.as_str())
        .collect();
    assert_eq!(supras, ["Brown, supra", "J. A. Croson, supra"], "{got:?}");
    assert_eq!(got[1].2, "347 U.S. 483");
}

#[test]
fn case_names_lead_to_their_citations() {
    use brieflint_core::citations::citation_at;
    let text = "See Fischer v. Forrest, 2017 WL 773694, at *1 (S.D.N.Y. Feb. 28, 2017). Later, Fischer, 2017 WL 773694, at *3, and Aerospatiale v. Dist. Ct., 482 U.S. 522 (1987); Aerospatiale, 482 U.S. at 544.";
    let citations = recognize(text, &[]);
    let at = |needle: &str| text.find(needle).unwrap() + 1;
    // The full name, the short name before a repeated full cite, the short name before a
    // short form: each leads to its citation, with the name as the hovered range.
    for (needle, name, identity) in [
        ("Fischer v. Forrest", "Fischer v. Forrest", "2017 WL 773694"),
        ("Fischer, 2017", "Fischer", "2017 WL 773694"),
        ("Aerospatiale, 482", "Aerospatiale", "482 U.S. 522"),
    ] {
        let (c, range) = citation_at(&citations, at(needle)).unwrap();
        assert_eq!(&text[range.clone()], name, "{needle}");
        assert_eq!(c.identity, identity, "{needle}");
    }
    let (later, _) = citation_at(&citations, at("Fischer, 2017")).unwrap();
    assert_eq!(
        later.case.as_ref().and_then(|c| c.name.as_deref()),
        Some("Fischer v. Forrest")
    );
    // Words that are not a name lead nowhere.
    assert!(citation_at(&citations, at("Later")).is_none());
    assert!(citation_at(&citations, at("See ")).is_none());
}

#[test]
fn wide_spaces_and_odd_text_do_not_break_names() {
    // No-break and em spaces before names and codes: byte offsets stay on characters.
    for text in [
        "Doe v.\u{a0}Roe, 1 F.3d 2; Roe,\u{2003}1 F.3d at 3.",
        "Smith\u{a0}v. Jones, 5 U.S. 6. Jones,\u{a0}5 U.S. at 7.",
        "Cal.\u{a0}Civ.\u{2003}Code § 1; (\u{a0}Code § 2",
        "Ω, 5 U.S. 6; Ω,\u{a0}5 U.S. at 7; é v. ü, 1 F.3d 2",
        "Doe v. Roe, 1 F.3d 2. See\u{a0}Roe, 1 F.3d at 3.",
        "X\u{a0}Cal. Civ. Code § 1",
    ] {
        for c in recognize(text, &[]) {
            let _ = &text[c.range.clone()];
            if let Some(r) = c.name_range() {
                let _ = &text[r];
            }
        }
    }
}
