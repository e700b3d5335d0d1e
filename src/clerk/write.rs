//! Writing a ledger file safely: one writer at a time (a lock file at the
//! repository root), never through a symbolic link, and atomically — a
//! temporary file beside the target, synced, renamed over it, the folder
//! synced — so a crash or a full disk leaves the old file or the new one,
//! never half of either.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The lock file, at the repository root. It holds nothing; git should ignore it.
pub const LOCK_FILE: &str = ".ledger.lock";

/// Held while a command reads, checks and writes; released on drop.
pub struct Lock {
    _file: File,
}

/// Wait for, and take, the repository's write lock.
pub fn lock(root: &Path) -> io::Result<Lock> {
    let path = root.join(LOCK_FILE);
    // Opening follows links: a planted link would make us create a file elsewhere.
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::other("is a symbolic link"));
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    file.lock()?;
    Ok(Lock { _file: file })
}

/// The path to write `rel` at, refusing a symbolic link and anything that
/// resolves outside the repository (`units` itself a link elsewhere).
pub fn target(root: &Path, rel: &str) -> Option<PathBuf> {
    let path = root.join(rel);
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink() || !m.is_file()) {
        return None;
    }
    let real_root = root.canonicalize().ok()?;
    let real_parent = path.parent()?.canonicalize().ok()?;
    real_parent.starts_with(&real_root).then_some(path)
}

/// Replace (or create) `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Ok(meta) = fs::metadata(path) {
            // Keep the file's permissions (a read-only-for-group ledger stays so).
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // The rename is durable only once the folder is synced (not possible on
        // every platform; a failure there is not the write's failure).
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("units")).unwrap();
        let p = dir.path().join("units/a.yaml");
        fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path().join("units")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("units")).unwrap();
        fs::write(outside.path().join("x.yaml"), "unit: x\n").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.yaml"),
            dir.path().join("units/x.yaml"),
        )
        .unwrap();
        assert!(target(dir.path(), "units/x.yaml").is_none());
        std::os::unix::fs::symlink(outside.path(), dir.path().join("plan")).unwrap();
        assert!(target(dir.path(), "plan/y.yaml").is_none());
        assert!(target(dir.path(), "units/new.yaml").is_some());
        std::os::unix::fs::symlink(outside.path().join("lock"), dir.path().join(LOCK_FILE))
            .unwrap();
        assert!(lock(dir.path()).is_err());
        assert!(!outside.path().join("lock").exists());
    }
}
