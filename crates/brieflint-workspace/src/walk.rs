//! Finding the filings under a folder, for `brieflint check` and the editor's workspace
//! scan alike: Markdown files by `filings::is_filing_name` (and, for `check`, the other
//! side's .docx and .pdf responses by `filings::is_responses_name`), hidden, `target` and
//! `node_modules` folders skipped, regular files only, no symbolic link followed
//! (`file_type` does not follow one), at most a given number of files.

use brieflint_core::filings;
use std::path::{Path, PathBuf};

/// The filings found under a folder.
#[derive(Debug, Default)]
pub struct Found {
    /// Sorted.
    pub filings: Vec<PathBuf>,
    /// The walk stopped at the file limit.
    pub truncated: bool,
    /// Folders that could not be listed, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Which files a walk collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collect {
    /// Markdown filings: a matter's record (the editor's index).
    Filings,
    /// Markdown filings and .docx/.docm/.pdf responses: what `brieflint check` checks.
    FilingsAndResponses,
}

impl Collect {
    /// Whether a file of this name is collected.
    pub fn takes(self, name: &str) -> bool {
        filings::is_filing_name(name)
            || (self == Collect::FilingsAndResponses && filings::is_responses_name(name))
    }
}

/// Whether `path` names a filing (by its file name).
pub fn is_filing(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| filings::is_filing_name(&name.to_string_lossy()))
}

/// The filings under `root`, at most `max_files` of them.
pub fn filings_under(root: &Path, max_files: usize) -> Found {
    files_under(root, max_files, Collect::Filings)
}

/// The files of kind `collect` under `root`, at most `max_files` of them.
pub fn files_under(root: &Path, max_files: usize, collect: Collect) -> Found {
    let mut found = Found::default();
    let mut filings = Vec::new();
    found.unreadable = visit_files(root, collect, &mut |path| {
        if filings.len() >= max_files {
            found.truncated = true;
            return false;
        }
        filings.push(path);
        true
    });
    filings.sort();
    found.filings = filings;
    found
}

/// Calls `visit` with each filing under `root`, in no particular order, until it returns
/// false. Returns the folders that could not be listed, with why.
pub fn visit_filings(
    root: &Path,
    visit: &mut dyn FnMut(PathBuf) -> bool,
) -> Vec<(PathBuf, String)> {
    visit_files(root, Collect::Filings, visit)
}

/// `visit_filings` for the files of kind `collect`.
pub fn visit_files(
    root: &Path,
    collect: Collect,
    visit: &mut dyn FnMut(PathBuf) -> bool,
) -> Vec<(PathBuf, String)> {
    let mut unreadable = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                unreadable.push((dir, e.to_string()));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    unreadable.push((dir.clone(), e.to_string()));
                    continue;
                }
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if !filings::is_skipped_folder(&entry.file_name().to_string_lossy()) {
                    stack.push(path);
                }
            } else if kind.is_file()
                && collect.takes(&entry.file_name().to_string_lossy())
                && !visit(path)
            {
                return unreadable;
            }
        }
    }
    unreadable
}

/// The filings directly in `folder` (not below it), and the entries under a filing's or
/// responses' name that are not regular files (a link or a FIFO named `x.md` or `x.pdf`),
/// for a notice.
pub fn filings_in(folder: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let listing = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let mut regular = Vec::new();
    let mut other = Vec::new();
    if let Ok(entries) = std::fs::read_dir(listing) {
        for entry in entries.flatten() {
            let path = folder.join(entry.file_name());
            let name = entry.file_name().to_string_lossy().into_owned();
            if !Collect::FilingsAndResponses.takes(&name) {
                continue;
            }
            if !entry.file_type().is_ok_and(|k| k.is_file()) {
                other.push(path);
            } else if filings::is_filing_name(&name) {
                regular.push(path);
            }
        }
    }
    regular.sort();
    other.sort();
    (regular, other)
}

/// A path relative to `root`, as brieflint names it (`/`-separated): the key of the
/// editor's record index. A path outside `root` keeps its full name.
pub fn relative_name(path: &Path, root: &Path) -> String {
    filings::normalize(&path.strip_prefix(root).unwrap_or(path).to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_filings_in_any_case_skipping_hidden_and_build_folders() {
        let dir = std::env::temp_dir().join(format!("brieflint-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for folder in ["a/b", ".git", "target", "node_modules"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        for file in [
            "one.md",
            "TWO.MD",
            "a/three.markdown",
            "a/b/four.Md",
            "a/notes.txt",
            "a/responses.docx",
            "RESPONSES.PDF",
            ".git/x.md",
            "target/x.md",
            "node_modules/x.md",
        ] {
            std::fs::write(dir.join(file), "x").unwrap();
        }
        let found = filings_under(&dir, 100);
        let names: Vec<String> = found
            .filings
            .iter()
            .map(|p| relative_name(p, &dir))
            .collect();
        assert_eq!(
            names,
            ["TWO.MD", "a/b/four.Md", "a/three.markdown", "one.md"]
        );
        assert!(!found.truncated);
        let cut = filings_under(&dir, 2);
        assert!(cut.truncated);
        assert_eq!(cut.filings.len(), 2);
        let (here, _) = filings_in(&dir);
        assert_eq!(here, [dir.join("TWO.MD"), dir.join("one.md")]);
        let checked: Vec<String> = files_under(&dir, 100, Collect::FilingsAndResponses)
            .filings
            .iter()
            .map(|p| relative_name(p, &dir))
            .collect();
        assert_eq!(
            checked,
            [
                "RESPONSES.PDF",
                "TWO.MD",
                "a/b/four.Md",
                "a/responses.docx",
                "a/three.markdown",
                "one.md"
            ]
        );
        #[cfg(unix)]
        {
            // A link under a responses name is a notice, never followed.
            std::os::unix::fs::symlink("/etc/passwd", dir.join("linked.pdf")).unwrap();
            let (_, other) = filings_in(&dir);
            assert_eq!(other, [dir.join("linked.pdf")]);
            let again = files_under(&dir, 100, Collect::FilingsAndResponses);
            assert_eq!(again.filings.len(), checked.len());
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
