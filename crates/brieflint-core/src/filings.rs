//! Which files are filings, which folders are never searched, and how a filing is named:
//! the rules the command line and the language server share, so that both see the same
//! matter. Paths here are strings, already relative to something the caller chose; this
//! module touches no file system.

/// Whether a file of this name is a Markdown filing: `.md` or `.markdown`, in any case
/// (`MOTION.MD` is one, as Windows and macOS users name them).
pub fn is_filing_name(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && (extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown"))
}

/// Whether a file of this name is the other side's responses in a format brieflint
/// converts before analyzing it: `.docx`, `.docm` or `.pdf`, in any case (the formats
/// `brieflint-ingest` reads). Such a file is checked, never part of a matter's record.
pub fn is_responses_name(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && ["docx", "docm", "pdf"]
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
}

/// Whether a folder of this name is never searched for filings: hidden folders (`.git`),
/// build output (`target`) and `node_modules`.
pub fn is_skipped_folder(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// A path as brieflint names it: `/` between its parts whatever the platform wrote
/// (`orders\po.md` is `orders/po.md`), without a leading `./`.
pub fn normalize(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

/// The folder part of a normalized path (`""` for a path with none): the matter it
/// belongs to.
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// The file name of a normalized path: how a filing is named within its matter.
pub fn file_name_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filings_are_markdown_in_any_case() {
        for name in ["motion.md", "MOTION.MD", "brief.Markdown", "a.b.md"] {
            assert!(is_filing_name(name), "{name}");
        }
        for name in ["motion.txt", "md", ".md", "motion.md.bak", "motion.mdx"] {
            assert!(!is_filing_name(name), "{name}");
        }
    }

    #[test]
    fn responses_are_word_and_pdf_files_in_any_case() {
        for name in [
            "responses.docx",
            "R.DOCX",
            "macro.docm",
            "served.PDF",
            "a.b.pdf",
        ] {
            assert!(is_responses_name(name), "{name}");
            assert!(!is_filing_name(name), "{name}");
        }
        for name in [
            "responses.doc",
            ".pdf",
            "pdf",
            "responses.pdf.md",
            "x.docx.bak",
        ] {
            assert!(!is_responses_name(name), "{name}");
        }
    }

    #[test]
    fn paths_are_named_with_forward_slashes() {
        assert_eq!(normalize(r"orders\po.md"), "orders/po.md");
        assert_eq!(normalize(r".\orders\po.md"), "orders/po.md");
        assert_eq!(normalize("./a/b.md"), "a/b.md");
        assert_eq!(folder_of("a/b/c.md"), "a/b");
        assert_eq!(folder_of("c.md"), "");
        assert_eq!(file_name_of("a/b/c.md"), "c.md");
        assert_eq!(file_name_of("c.md"), "c.md");
    }

    #[test]
    fn hidden_and_build_folders_are_skipped() {
        assert!(is_skipped_folder(".git"));
        assert!(is_skipped_folder("target"));
        assert!(is_skipped_folder("node_modules"));
        assert!(!is_skipped_folder("orders"));
    }
}
