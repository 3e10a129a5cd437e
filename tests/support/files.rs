//! Where the tests' files are: the repository and its fixtures, fresh scratch folders,
//! and paths as `file:` URIs.

use std::path::{Path, PathBuf};

/// The repository's root (the binary's package is `crates/brieflint`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// The text of `fixtures/PATH`.
pub fn fixture(path: &str) -> String {
    let path = repo().join("fixtures").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh, empty folder for one test: `brieflint-NAME-PID` in the temporary folder,
/// emptied if a test run before left it behind. `NAME` must be unique within a test
/// binary (the process id keeps binaries apart).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brieflint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `path` as a `file:` URI, the way an editor names an open file.
pub fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}
