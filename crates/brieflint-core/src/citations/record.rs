//! Record citations: docket entries, exhibits, declarations and transcripts.

use super::*;

pub(super) fn build_record(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let identity = if let Some(n) = c.name("dnum") {
        format!("Dkt. {}", n.as_str())
    } else if let Some(n) = c.name("enum") {
        format!("Ex. {}", n.as_str())
    } else if let Some(n) = c.name("rnum") {
        // "Fed. R. 5" is not a record cite.
        let start = c.get(0).unwrap().start();
        let before = cx.text[..start].trim_end();
        if before.ends_with("Fed.") || super::statutes::after_district_court(before) {
            return;
        }
        format!("R. {}", n.as_str())
    } else {
        let name = &c["declarant"];
        if matches!(
            name,
            "The" | "This" | "Such" | "Supplemental" | "Sworn" | "Each" | "Any" | "A" | "No"
        ) {
            return;
        }
        format!("{} {}", name, normalize_space(&c["decl"]))
    };
    out.push(citation(
        CitationKind::Record,
        identity,
        c.get(0).unwrap().range(),
    ));
}
