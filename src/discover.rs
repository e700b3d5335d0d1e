//! Discover and read: from a working directory to the repository's files as bytes.
//!
//! Reading runs in parallel (a city's 2,000 ledgers are not read one by one); a
//! file too large or unreadable is kept with that fact, so that it is reported
//! rather than skipped.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::decode::FileKind;
use crate::messages::{FileType, NoRepoWhy};
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

/// Why [`discover`] found nothing, for the `no-repo` message.
pub(crate) fn no_repo_why(cwd: &Path, explicit: Option<&Path>) -> NoRepoWhy {
    let not_file = |dir: &Path| -> Option<NoRepoWhy> {
        let path = dir.join(CONFIG_FILE);
        let meta = std::fs::metadata(&path).ok()?;
        (!meta.is_file()).then(|| NoRepoWhy::ConfigNotFile {
            path: path.display().to_string(),
            kind: file_type(&meta),
        })
    };
    match explicit {
        Some(dir) if !dir.exists() => NoRepoWhy::GivenMissing,
        Some(dir) if !dir.is_dir() => NoRepoWhy::GivenNotFolder,
        Some(dir) => not_file(dir).unwrap_or_else(|| NoRepoWhy::NotInGiven {
            parent: dir
                .ancestors()
                .skip(1)
                .find(|d| d.join(CONFIG_FILE).is_file())
                .map(|d| d.display().to_string()),
        }),
        None => cwd
            .ancestors()
            .chain([cwd.join("ledgers").as_path()])
            .find_map(not_file)
            .unwrap_or(NoRepoWhy::Searched),
    }
}

fn file_type(meta: &std::fs::Metadata) -> FileType {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_fifo() {
            return FileType::Fifo;
        }
    }
    if meta.is_dir() {
        FileType::Directory
    } else {
        FileType::Other
    }
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
    /// A FIFO, a device, a socket: never read (a FIFO would block, `/dev/zero`
    /// would never end). What it is, in a word (`fifo`, `device`, `socket`).
    NotRegular(&'static str),
    /// `plan/` or `units/` exists but cannot be listed: its files are unknown,
    /// so no finding can be trusted. The path is the folder, with a `/`.
    UnreadableDir(String),
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        }
    }
}

/// `ledger.toml`, `plan/*.yaml`, `units/*.yaml` (`.yml` too, the extension in
/// any case), in name order. Files that look like ledgers but are not read
/// (`zxb.yaml.txt`, YAML in a subfolder) are listed too, with no content read,
/// so that they are warned about ([`look_alike`]). Anything else is ignored.
pub fn read_repo(root: &Path) -> Vec<InputFile> {
    let mut paths = Vec::new();
    let mut look_alikes = Vec::new();
    let mut dir_errors = Vec::new();
    if root.join(CONFIG_FILE).exists() {
        paths.push(CONFIG_FILE.to_owned());
    }
    for dir in ["plan", "units"] {
        let entries = match std::fs::read_dir(root.join(dir)) {
            Ok(entries) => entries,
            // No `units/` yet is a repository without ledgers, not an error.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                dir_errors.push(InputFile {
                    path: format!("{dir}/"),
                    content: Content::UnreadableDir(e.to_string()),
                });
                continue;
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for n in names {
            let full = root.join(dir).join(&n);
            // A folder named x.yaml is not a file; a dangling or looping link is
            // kept so that its read error is reported.
            let is_dir = full.is_dir();
            let rel = format!("{dir}/{n}");
            // The one definition of which files are ledgers, shared with the
            // history commands (which see paths, not folders).
            if !is_dir && matches!(FileKind::of(&rel), FileKind::Plan | FileKind::Ledger(_)) {
                paths.push(rel);
            } else if is_dir {
                look_alikes.extend(yaml_in_subfolder(&full).map(|f| format!("{dir}/{n}/{f}")));
            } else if look_alike(&rel).is_some() {
                look_alikes.push(rel);
            }
        }
    }
    let mut files: Vec<InputFile> = paths
        .into_par_iter()
        .map(|rel| {
            let content = read_file(&root.join(&rel), yaml::MAX_FILE_BYTES as u64);
            InputFile { path: rel, content }
        })
        .collect();
    // Not read: a look-alike may be anything (a FIFO too); its name is the finding.
    files.extend(
        look_alikes
            .into_iter()
            .map(|p| InputFile::new(p, Vec::new())),
    );
    files.extend(dir_errors);
    files
}

/// The stem of a ledger file name: `zzb.yaml`, `zzb.yml`, `zzb.YAML` → `zzb`.
/// A hidden name (`.zzb.yaml`: an editor's backup, our own temporary file
/// while a write is under way) is no ledger, so that `check`, `audit` and
/// `diff`, which all ask here through [`crate::decode::FileKind::of`], never
/// read one.
pub(crate) fn yaml_stem(name: &str) -> Option<&str> {
    if name.starts_with('.') {
        return None;
    }
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && (ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")))
        .then_some(stem)
}

/// A path under `plan/` or `units/` that looks like a ledger but is not read as
/// one, and the path it should have: `units/zxb.yaml.txt` (Notepad adds `.txt`)
/// or `units/2019/zxb.yaml` → `units/zxb.yaml`.
pub(crate) fn look_alike(path: &str) -> Option<String> {
    let (dir, rest) = path.split_once('/')?;
    if dir != "plan" && dir != "units" {
        return None;
    }
    let name = rest.rsplit('/').next().unwrap_or(rest);
    if rest.contains('/') {
        return yaml_stem(name).map(|stem| format!("{dir}/{stem}.yaml"));
    }
    let (inner, ext) = name.rsplit_once('.')?;
    let stem = yaml_stem(inner)?;
    ext.eq_ignore_ascii_case("txt")
        .then(|| format!("{dir}/{stem}.yaml"))
}

/// YAML files directly inside a subfolder of `plan/` or `units/`, by name.
fn yaml_in_subfolder(dir: &Path) -> impl Iterator<Item = String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.') && yaml_stem(n).is_some())
        .collect();
    names.sort();
    names.into_iter()
}

/// Open `path` for reading without blocking: a FIFO opened plainly waits for a
/// writer forever; with `O_NONBLOCK` the open returns at once and the
/// metadata of the opened file tells what it is.
pub(crate) fn open_nonblocking(
    opts: &mut std::fs::OpenOptions,
    path: &Path,
) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(O_NONBLOCK);
    }
    opts.open(path)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const O_NONBLOCK: i32 = 0x0004;

/// A regular file's bytes, at most `limit` of them. The length the system
/// reports is not trusted (it is 0 for `/dev/zero`, and a file may grow while
/// read): the reader itself stops one byte past the limit.
pub(crate) fn read_file(path: &Path, limit: u64) -> Content {
    let file = match open_nonblocking(std::fs::OpenOptions::new().read(true), path) {
        Ok(f) => f,
        Err(e) => return Content::Unreadable(e.to_string()),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return Content::Unreadable(e.to_string()),
    };
    if !meta.is_file() {
        return Content::NotRegular(kind_of(&meta.file_type()));
    }
    if meta.len() > limit {
        return Content::TooLarge(meta.len());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    match file.take(limit + 1).read_to_end(&mut bytes) {
        Ok(n) if n as u64 > limit => Content::TooLarge(n as u64),
        Ok(_) => Content::Bytes(bytes),
        Err(e) => Content::Unreadable(e.to_string()),
    }
}

fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "fifo";
        }
        if t.is_char_device() || t.is_block_device() {
            return "device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if t.is_dir() { "directory" } else { "other" }
}
