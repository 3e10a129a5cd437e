//! `Id.` and `supra`: recognized here, resolved to their antecedent in `resolve`.

use super::*;

/// The name before "supra", matched backwards from it.
pub(super) static SUPRA_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<name>[A-Z][0-9A-Za-z_\u{C0}-\u{24F}'’.\-]+(?:\s+[A-Z][0-9A-Za-z_\u{C0}-\u{24F}'’.\-]+){0,3}),?\s+(?:\*|_)?\z").unwrap()
});

pub(super) fn build_supra(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    let text = cx.text;
    let window_start = text[..m.start()]
        .char_indices()
        .rev()
        .nth(100)
        .map_or(0, |(i, _)| i);
    let Some(name) = SUPRA_NAME
        .captures(&text[window_start..m.start()])
        .and_then(|c| c.name("name"))
    else {
        return;
    };
    // The name starts after a sentence's end ("Amendment. See Brown, supra": not after
    // an initial, "J. A. Croson") and after a signal ("See", "Cf.").
    let mut start = window_start + name.start();
    let mut words = text[start..name.end() + window_start].split_inclusive(char::is_whitespace);
    let mut offset = 0;
    let mut name_start = start;
    for word in words.by_ref() {
        let w = word.trim_end();
        offset += word.len();
        let sentence_end = w.ends_with('.')
            && w.trim_end_matches('.').chars().count() > 1
            && !matches!(
                w,
                "Co." | "Inc." | "Corp." | "Ltd." | "Bros." | "Mr." | "Mrs." | "Dr." | "St."
            );
        if sentence_end || matches!(w, "See" | "Cf." | "But" | "Compare" | "Accord" | "Also") {
            name_start = start + offset;
        }
    }
    start = name_start;
    if start >= window_start + name.end() {
        return;
    }
    out.push(citation(CitationKind::Supra, String::new(), start..m.end()));
}

pub(super) fn build_id(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    // "Id." starts a word: after a space, a bracket, a quotation mark or emphasis.
    let boundary = cx.text[..m.start()].chars().next_back().is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_' | '"' | '“' | '—' | ';')
    });
    if !boundary {
        return;
    }
    let mut id = citation(CitationKind::Id, String::new(), m.range());
    // The pin: what follows "Id." (and a comma), "at " dropped by `clean_pin`.
    let rest = m.as_str().split_once('.').map_or("", |(_, r)| r);
    let rest = rest.trim_start_matches(',').trim_start();
    let rest = rest
        .strip_prefix("at")
        .filter(|r| r.starts_with(char::is_whitespace))
        .unwrap_or(rest);
    if !rest.trim().is_empty() {
        id.pin = Some(clean_pin(rest).into());
    }
    out.push(id);
}
