//! Reading filings from disk: the one place the CLI, the workspace scan and the file
//! watcher open a file. A workspace is not trusted to hold only files: a FIFO named
//! `x.md` blocks whoever opens it until a writer comes, a symbolic link can point outside
//! the matter (`passwd.md -> /etc/passwd`), and a sparse file can claim gigabytes. So a
//! path is looked at with `symlink_metadata` (which neither opens nor follows it) before
//! anything is read; only a regular file is opened, only if its size is within the
//! limit, and the read itself is bounded in case the file grows meanwhile.

use std::io::Read;
use std::path::Path;

/// Why a file was not read. `Display` is the notice shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A symbolic link: not followed (it may lead outside the matter).
    SymbolicLink,
    /// A FIFO, socket or device: opening or reading one can block forever.
    NotRegular(&'static str),
    /// Larger than the limit, by its size on disk: left unread.
    TooLarge { bytes: u64, limit: u64 },
    /// The operating system refused (permissions, vanished, ...).
    Unreadable(String),
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skipped::SymbolicLink => write!(f, "a symbolic link, not followed"),
            Skipped::NotRegular(kind) => write!(f, "a {kind}, not a regular file; not read"),
            Skipped::TooLarge { bytes, limit } => write!(
                f,
                "{} is over the {} limit; not read",
                megabytes(*bytes),
                megabytes(*limit)
            ),
            Skipped::Unreadable(reason) => write!(f, "cannot be read: {reason}"),
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    if kind.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

/// Whether `path` is a regular file, not following a symbolic link: what a folder walk
/// may collect.
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// The bytes of the regular file at `path`, if it is one of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Skipped> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| Skipped::Unreadable(reason(&e)))?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(Skipped::SymbolicLink);
    }
    if !kind.is_file() {
        return Err(Skipped::NotRegular(kind_name(&kind)));
    }
    if meta.len() > limit {
        return Err(Skipped::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| Skipped::Unreadable(reason(&e)))?;
    // Replaced between the look and the open: look again at what was opened.
    let opened = file
        .metadata()
        .map_err(|e| Skipped::Unreadable(reason(&e)))?;
    if !opened.file_type().is_file() {
        return Err(Skipped::NotRegular(kind_name(&opened.file_type())));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Skipped::Unreadable(reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(Skipped::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The text of the regular file at `path` (invalid UTF-8 replaced), within `limit`.
pub fn read_text(path: &Path, limit: u64) -> Result<String, Skipped> {
    read_regular(path, limit).map(|bytes| match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// An I/O error in a few words, without the path (the caller names the file).
fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "not found".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = std::env::temp_dir().join(format!("brieflint-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let plain = dir.join("plain.md");
        std::fs::write(&plain, "Motion.").unwrap();
        assert_eq!(read_text(&plain, 100).unwrap(), "Motion.");
        assert_eq!(
            read_text(&plain, 3),
            Err(Skipped::TooLarge { bytes: 7, limit: 3 })
        );
        let link = dir.join("link.md");
        std::os::unix::fs::symlink(&plain, &link).unwrap();
        assert_eq!(read_text(&link, 100), Err(Skipped::SymbolicLink));
        assert!(!is_regular_file(&link) && is_regular_file(&plain));
        let fifo = dir.join("fifo.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block forever if opened.
            assert_eq!(read_text(&fifo, 100), Err(Skipped::NotRegular("FIFO")));
        }
        assert!(matches!(
            read_text(&dir.join("missing.md"), 100),
            Err(Skipped::Unreadable(_))
        ));
        // A sparse file is refused by its size, without being read.
        let sparse = dir.join("sparse.md");
        let file = std::fs::File::create(&sparse).unwrap();
        file.set_len(3 << 30).unwrap();
        assert!(matches!(
            read_text(&sparse, 5 << 20),
            Err(Skipped::TooLarge { .. })
        ));
        std::fs::remove_dir_all(&dir).ok();
    }
}
