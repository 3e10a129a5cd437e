//! Which `brieflint.toml` applies to a file, for the command line and the language server
//! alike: the one in the file's folder, else the nearest one above it, searching no
//! higher than the workspace root (the editor's: the folder it opened; the command
//! line's: the repository holding the file, else the current directory; see
//! `ConfigFiles::for_command_line`). Each file is read once (through `files`, bounded)
//! and parsed once, until `forget`.

use crate::files;
use brieflint_core::config::{self, Config, ConfigError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A `brieflint.toml` that could not be used: its path, its text (to place the error)
/// and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigFileError {
    pub path: PathBuf,
    pub text: String,
    pub error: ConfigError,
}

impl ConfigFileError {
    /// `path:line: message`, as the command line reports it.
    pub fn located_message(&self) -> String {
        let location = self
            .error
            .range
            .as_ref()
            .map(|r| {
                let start = r.start.min(self.text.len());
                let line = self.text.as_bytes()[..start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                format!(":{line}")
            })
            .unwrap_or_default();
        format!("{}{location}: {}", self.path.display(), self.error.message)
    }
}

/// What applies to one file: the configuration, and the file it came from (none: the
/// defaults).
#[derive(Clone, Debug)]
pub struct Applied {
    pub config: Arc<Config>,
    pub source: Option<PathBuf>,
}

/// How high the search for a `brieflint.toml` may go.
#[derive(Default)]
enum Boundary {
    /// Up to the file system's root.
    #[default]
    None,
    /// No higher than this folder, for the files inside it (the editor's workspace root).
    Root(PathBuf),
    /// No higher than each file's workspace root as the command line finds it (see
    /// `ConfigFiles::for_command_line`).
    CommandLine { current_dir: PathBuf },
}

/// The configuration files found so far, by folder.
#[derive(Default)]
pub struct ConfigFiles {
    boundary: Boundary,
    /// For each folder looked at, the configuration file that governs it, if any.
    governing: HashMap<PathBuf, Option<PathBuf>>,
    /// Each configuration file read, parsed.
    parsed: HashMap<PathBuf, Result<Arc<Config>, ConfigFileError>>,
}

/// A path with symbolic links and `..` resolved when it exists, as it is otherwise.
fn resolved(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl ConfigFiles {
    /// Searches up to the file system's root.
    pub fn unbounded() -> ConfigFiles {
        ConfigFiles::default()
    }

    /// Searches no higher than `root` (its own `brieflint.toml` included). A file outside
    /// `root` gets the one in its own folder or the nearest above it, up to the file
    /// system's root.
    pub fn within(root: &Path) -> ConfigFiles {
        ConfigFiles {
            boundary: Boundary::Root(resolved(root)),
            ..ConfigFiles::default()
        }
    }

    /// Searches no higher than each file's workspace root, as `brieflint check` sees it:
    /// the root of the repository holding the file (the nearest folder with a `.git`),
    /// else `current_dir` when the file lies inside it. So a `brieflint.toml` above a
    /// repository, or above the folder the command is run in, does not apply, as it does
    /// not in an editor opened there. A file in neither gets the nearest one up to the
    /// file system's root, as a file outside the editor's workspace does.
    pub fn for_command_line(current_dir: &Path) -> ConfigFiles {
        ConfigFiles {
            boundary: Boundary::CommandLine {
                current_dir: resolved(current_dir),
            },
            ..ConfigFiles::default()
        }
    }

    /// The highest folder the search from `folder` (resolved) may reach, if any.
    fn stop_for(&self, folder: &Path) -> Option<PathBuf> {
        match &self.boundary {
            Boundary::None => None,
            Boundary::Root(root) => folder.starts_with(root).then(|| root.clone()),
            Boundary::CommandLine { current_dir } => folder
                .ancestors()
                .find(|a| std::fs::symlink_metadata(a.join(".git")).is_ok())
                .map(Path::to_path_buf)
                .or_else(|| folder.starts_with(current_dir).then(|| current_dir.clone())),
        }
    }

    /// Forgets every file read: one was created, changed or deleted.
    pub fn forget(&mut self) {
        self.governing.clear();
        self.parsed.clear();
    }

    /// The path of the `brieflint.toml` that governs `file`, if any.
    pub fn governing(&mut self, file: &Path) -> Option<PathBuf> {
        let folder = file.parent()?;
        self.governing_folder(folder)
    }

    /// The path of the `brieflint.toml` that governs the files in `folder`, if any.
    pub fn governing_folder(&mut self, folder: &Path) -> Option<PathBuf> {
        let folder = resolved(folder);
        if let Some(found) = self.governing.get(&folder) {
            return found.clone();
        }
        let stop = self.stop_for(&folder);
        let mut found = None;
        for ancestor in folder.ancestors() {
            if let Some(known) = self.governing.get(ancestor) {
                found = known.clone();
                break;
            }
            let candidate = ancestor.join(config::FILE_NAME);
            if std::fs::symlink_metadata(&candidate).is_ok() {
                found = Some(candidate);
                break;
            }
            if stop.as_deref() == Some(ancestor) {
                break;
            }
        }
        self.governing.insert(folder, found.clone());
        found
    }

    /// The configuration that applies to `file`: its governing `brieflint.toml`, parsed,
    /// or the defaults when there is none. An unusable one is an error for the caller to
    /// report (the command line stops; the editor shows it and uses the defaults).
    pub fn for_file(&mut self, file: &Path) -> Result<Applied, ConfigFileError> {
        match file.parent() {
            Some(folder) => self.for_folder(folder),
            None => Ok(Applied {
                config: Arc::new(Config::default()),
                source: None,
            }),
        }
    }

    /// The configuration that applies to the files in `folder` (see `for_file`).
    pub fn for_folder(&mut self, folder: &Path) -> Result<Applied, ConfigFileError> {
        let Some(path) = self.governing_folder(folder) else {
            return Ok(Applied {
                config: Arc::new(Config::default()),
                source: None,
            });
        };
        self.load(&path).map(|config| Applied {
            config,
            source: Some(path),
        })
    }

    /// The configuration in the file at `path`, read and parsed once.
    pub fn load(&mut self, path: &Path) -> Result<Arc<Config>, ConfigFileError> {
        if let Some(parsed) = self.parsed.get(path) {
            return parsed.clone();
        }
        let parsed = match files::read_text(path, config::MAX_FILE_BYTES) {
            Ok(text) => Config::from_toml(&text)
                .map(Arc::new)
                .map_err(|error| ConfigFileError {
                    path: path.to_path_buf(),
                    text,
                    error,
                }),
            Err(skipped) => Err(ConfigFileError {
                path: path.to_path_buf(),
                text: String::new(),
                error: ConfigError {
                    message: format!("{}: {skipped}", config::FILE_NAME),
                    range: None,
                },
            }),
        };
        self.parsed.insert(path.to_path_buf(), parsed.clone());
        parsed
    }

    /// Every configuration file read since the last `forget`, with what came of it.
    pub fn read(&self) -> impl Iterator<Item = (&Path, &Result<Arc<Config>, ConfigFileError>)> {
        self.parsed
            .iter()
            .map(|(path, parsed)| (path.as_path(), parsed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("brieflint-configs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("matter/orders")).unwrap();
        dir
    }

    #[test]
    fn the_nearest_file_applies_and_the_boundary_holds() {
        let dir = folder("nearest");
        std::fs::write(dir.join("brieflint.toml"), "court = \"S.D.N.Y.\"\n").unwrap();
        std::fs::write(dir.join("matter/brieflint.toml"), "court = \"N.D. Ill.\"\n").unwrap();
        let mut unbounded = ConfigFiles::unbounded();
        let court = |c: &mut ConfigFiles, file: &str| {
            c.for_file(&dir.join(file)).unwrap().config.court.clone()
        };
        assert_eq!(court(&mut unbounded, "a.md").as_deref(), Some("S.D.N.Y."));
        assert_eq!(
            court(&mut unbounded, "matter/a.md").as_deref(),
            Some("N.D. Ill.")
        );
        assert_eq!(
            court(&mut unbounded, "matter/orders/a.md").as_deref(),
            Some("N.D. Ill.")
        );
        // A workspace opened at `matter/orders` does not reach above it.
        let mut bounded = ConfigFiles::within(&dir.join("matter/orders"));
        assert_eq!(court(&mut bounded, "matter/orders/a.md"), None);
        let mut bounded = ConfigFiles::within(&dir.join("matter"));
        assert_eq!(
            court(&mut bounded, "matter/orders/a.md").as_deref(),
            Some("N.D. Ill.")
        );
        // A change is seen once forgotten.
        std::fs::remove_file(dir.join("matter/brieflint.toml")).unwrap();
        assert_eq!(
            court(&mut unbounded, "matter/a.md").as_deref(),
            Some("N.D. Ill.")
        );
        unbounded.forget();
        assert_eq!(
            court(&mut unbounded, "matter/a.md").as_deref(),
            Some("S.D.N.Y.")
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_command_line_stops_at_the_repository_or_the_current_directory() {
        let dir = folder("command-line");
        std::fs::write(dir.join("brieflint.toml"), "court = \"S.D.N.Y.\"\n").unwrap();
        let court = |c: &mut ConfigFiles, file: &str| {
            c.for_file(&dir.join(file)).unwrap().config.court.clone()
        };
        // No repository: the current directory is the root.
        let mut from_matter = ConfigFiles::for_command_line(&dir.join("matter"));
        assert_eq!(court(&mut from_matter, "matter/orders/a.md"), None);
        let mut from_top = ConfigFiles::for_command_line(&dir);
        assert_eq!(
            court(&mut from_top, "matter/orders/a.md").as_deref(),
            Some("S.D.N.Y.")
        );
        // A file outside the current directory (and any repository) is searched for up
        // to the file system's root, as the editor searches for one outside its workspace.
        let mut from_orders = ConfigFiles::for_command_line(&dir.join("matter/orders"));
        assert_eq!(
            court(&mut from_orders, "matter/a.md").as_deref(),
            Some("S.D.N.Y.")
        );
        // A repository's root is the boundary wherever the command is run from.
        std::fs::create_dir(dir.join("matter/.git")).unwrap();
        let mut from_top = ConfigFiles::for_command_line(&dir);
        assert_eq!(court(&mut from_top, "matter/orders/a.md"), None);
        std::fs::write(dir.join("matter/brieflint.toml"), "court = \"N.D. Ill.\"\n").unwrap();
        let mut from_orders = ConfigFiles::for_command_line(&dir.join("matter/orders"));
        assert_eq!(
            court(&mut from_orders, "matter/orders/a.md").as_deref(),
            Some("N.D. Ill.")
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_broken_file_is_an_error_naming_its_line() {
        let dir = folder("broken");
        std::fs::write(
            dir.join("matter/brieflint.toml"),
            "\n[rules]\nBL101 = \"loud\"\n",
        )
        .unwrap();
        let error = ConfigFiles::unbounded()
            .for_file(&dir.join("matter/a.md"))
            .unwrap_err();
        let message = error.located_message();
        assert!(
            message.contains(
                "brieflint.toml:3: invalid brieflint.toml: rule BL101: unknown level \"loud\""
            ),
            "{message}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
