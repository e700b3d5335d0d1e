//! Discover and read: from a working directory to the repository's files as bytes.
//!
//! Reading runs in parallel (a city's 2,000 ledgers are not read one by one); a
//! file too large or unreadable is kept with that fact, so that it is reported
//! rather than skipped.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::yaml;

pub const CONFIG_FILE: &str = "ledger.toml";

/// The repository root: `--repo` if given; else the nearest ancestor of `cwd`
/// holding `ledger.toml`; else `./ledgers` if it holds one.
pub fn discover(cwd: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return dir.join(CONFIG_FILE).is_file().then(|| dir.to_path_buf());
    }
    for dir in cwd.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Some(dir.to_path_buf());
        }
    }
    let fallback = cwd.join("ledgers");
    fallback.join(CONFIG_FILE).is_file().then_some(fallback)
}

/// A file as read from disk (or handed in by a test).
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub content: Content,
}

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    TooLarge(u64),
    Unreadable(String),
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        }
    }
}

/// `ledger.toml`, `plan/*.yaml`, `units/*.yaml`, in name order. Anything else is ignored.
pub fn read_repo(root: &Path) -> Vec<InputFile> {
    let mut paths = Vec::new();
    if root.join(CONFIG_FILE).exists() {
        paths.push(CONFIG_FILE.to_owned());
    }
    for dir in ["plan", "units"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
            .filter(|n| {
                // A folder named x.yaml is not a file; a dangling or looping link is
                // kept so that its read error is reported.
                std::fs::symlink_metadata(root.join(dir).join(n)).is_ok_and(|m| !m.is_dir())
                    && !root.join(dir).join(n).is_dir()
            })
            .collect();
        names.sort();
        paths.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    paths
        .into_par_iter()
        .map(|rel| {
            let full = root.join(&rel);
            let content = match std::fs::metadata(&full) {
                Ok(m) if m.len() > yaml::MAX_FILE_BYTES as u64 => Content::TooLarge(m.len()),
                Ok(_) => match std::fs::read(&full) {
                    Ok(b) => Content::Bytes(b),
                    Err(e) => Content::Unreadable(e.to_string()),
                },
                Err(e) => Content::Unreadable(e.to_string()),
            };
            InputFile { path: rel, content }
        })
        .collect()
}
