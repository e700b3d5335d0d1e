//! A thin wrapper around the `git` command.
//!
//! We read history the way git itself reports it (`git log`, `git ls-tree`,
//! `git cat-file`) instead of keeping a store of our own: the repository is
//! the record, and whatever git can read, `ledger` can audit. Every call runs
//! in the work tree's top folder with pathspecs taken literally, and output is
//! NUL-separated (`-z`) so no file name is ever quoted or mangled.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::dates::Date;

/// A problem the user can act on; the CLI words it in their language.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("`git` could not be run: {0}")]
    NoGit(String),
    #[error("{dir} is not inside a git work tree ({detail})")]
    NotAWorkTree { dir: String, detail: String },
    #[error("unknown revision `{rev}`")]
    UnknownRev { rev: String },
    #[error("HEAD has no commits yet")]
    NoCommits,
}

/// The git work tree holding a ledger repository.
#[derive(Debug, Clone)]
pub(crate) struct Git {
    /// The work tree's top folder.
    pub top: PathBuf,
    /// Where the ledger repository sits inside it: `""` at the top, else `sub/dir/`.
    pub prefix: String,
}

/// One commit of the first-parent chain, with the ledger files it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoggedCommit {
    pub sha: String,
    /// The first parent; `None` for a root commit.
    pub parent: Option<String>,
    /// `Name <email>` of the author.
    pub author: String,
    /// The committer date, as a UTC calendar day.
    pub committed: Date,
    pub changes: Vec<Change>,
}

/// One changed file, as `git log --raw` reports it against the first parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// Blob before the commit; `None` when the file did not exist.
    pub old: Option<String>,
    /// Blob after the commit; `None` when the commit deleted it.
    pub new: Option<String>,
    /// Relative to the work tree's top folder.
    pub path: String,
}

const LOG_FORMAT: &str = "--format=%x1e%H%x1f%P%x1f%an <%ae>%x1f%ct";

impl Git {
    /// The work tree holding `dir`, and where `dir` sits in it.
    pub(crate) fn open(dir: &Path) -> Result<Git> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--show-toplevel", "--show-prefix"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| GitError::NoGit(e.to_string()))?;
        if !out.status.success() {
            return Err(GitError::NotAWorkTree {
                dir: dir.display().to_string(),
                detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            }
            .into());
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let top = lines.next().unwrap_or_default().trim_end();
        if top.is_empty() {
            return Err(GitError::NotAWorkTree {
                dir: dir.display().to_string(),
                detail: "git rev-parse --show-toplevel printed nothing".to_owned(),
            }
            .into());
        }
        let prefix = lines.next().unwrap_or_default().trim_end().to_owned();
        Ok(Git {
            top: PathBuf::from(top),
            prefix,
        })
    }

    fn command(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("-C")
            .arg(&self.top)
            .arg("--literal-pathspecs")
            // Whatever the user's configuration, the output we parse stays the same.
            .args([
                "-c",
                "core.quotePath=false",
                "-c",
                "log.showRoot=true",
                "-c",
                "log.showSignature=false",
                "-c",
                "log.follow=false",
                "-c",
                "color.ui=never",
            ])
            .stdin(Stdio::null())
            .env("GIT_PAGER", "cat");
        c
    }

    /// Run git and return its standard output, or an error carrying its standard error.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>> {
        let out = self
            .command()
            .args(args)
            .output()
            .map_err(|e| GitError::NoGit(e.to_string()))?;
        if !out.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(out.stdout)
    }

    /// A path of the ledger repository (`units/zzb.yaml`) as a path of the work tree.
    pub(crate) fn full_path(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    /// A path of the work tree as a path of the ledger repository, if it lies inside it.
    pub(crate) fn ledger_path<'p>(&self, full: &'p str) -> Option<&'p str> {
        full.strip_prefix(self.prefix.as_str())
    }

    /// The commit `rev` names, as a full hash.
    pub(crate) fn commit_of(&self, rev: &str) -> Result<String> {
        let spec = format!("{rev}^{{commit}}");
        let out = self
            .command()
            .args([
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .output()
            .map_err(|e| GitError::NoGit(e.to_string()))?;
        let sha = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.status.success() || sha.is_empty() {
            if rev == "HEAD" {
                return Err(GitError::NoCommits.into());
            }
            return Err(GitError::UnknownRev {
                rev: rev.to_owned(),
            }
            .into());
        }
        Ok(sha)
    }

    /// How many commits the first-parent chain of `range` holds.
    pub(crate) fn count(&self, range: &str) -> Result<usize> {
        let out = self.run(&["rev-list", "--first-parent", "--count", range, "--"])?;
        let text = String::from_utf8_lossy(&out);
        text.trim()
            .parse()
            .with_context(|| format!("git rev-list --count printed `{}`", text.trim()))
    }

    /// The first-parent commits of `range` that change something under `paths`,
    /// oldest first, each with its changes against its first parent.
    pub(crate) fn log(&self, range: &str, paths: &[String]) -> Result<Vec<LoggedCommit>> {
        let mut args = vec![
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--root",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "-z",
            LOG_FORMAT,
            range,
            "--",
        ];
        args.extend(paths.iter().map(String::as_str));
        let out = self.run(&args)?;
        let mut commits = parse_log(&out)?;
        commits.reverse();
        Ok(commits)
    }

    /// The changes of one path along the first-parent chain ending at `rev`, newest first.
    pub(crate) fn path_log(&self, rev: &str, path: &str) -> Result<Vec<LoggedCommit>> {
        let out = self.run(&[
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--root",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "-z",
            LOG_FORMAT,
            rev,
            "--",
            path,
        ])?;
        parse_log(&out)
    }

    /// The blobs of the files under `paths` at `rev`: (path in the work tree, blob).
    pub(crate) fn ls_tree(&self, rev: &str, paths: &[String]) -> Result<Vec<(String, String)>> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", rev, "--"];
        args.extend(paths.iter().map(String::as_str));
        let out = self.run(&args)?;
        let mut files = Vec::new();
        for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                bail!("unexpected git ls-tree line `{entry}`");
            };
            let mut meta = meta.split(' ');
            let (_mode, kind, object) = (meta.next(), meta.next(), meta.next());
            if let (Some("blob"), Some(object)) = (kind, object) {
                files.push((path.to_owned(), object.to_owned()));
            }
        }
        Ok(files)
    }

    /// A reader of objects by hash, kept open for the whole run.
    pub(crate) fn blobs(&self) -> Result<Blobs> {
        let mut child = self
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| GitError::NoGit(e.to_string()))?;
        let stdin = child.stdin.take().context("git cat-file: no stdin")?;
        let stdout = child.stdout.take().context("git cat-file: no stdout")?;
        Ok(Blobs {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }
}

/// `git cat-file --batch`: one process answering object requests in turn.
pub(crate) struct Blobs {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Blobs {
    /// The bytes of an object.
    pub(crate) fn read(&mut self, object: &str) -> Result<Vec<u8>> {
        let stdin = self.stdin.as_mut().context("git cat-file: closed")?;
        writeln!(stdin, "{object}").context("git cat-file: write")?;
        stdin.flush().context("git cat-file: write")?;
        let mut header = String::new();
        self.stdout
            .read_line(&mut header)
            .context("git cat-file: read")?;
        let header = header.trim_end();
        let mut fields = header.split(' ');
        let (Some(_), Some(_kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            bail!("git cat-file: object {object}: {header}");
        };
        let size: usize = size
            .parse()
            .with_context(|| format!("git cat-file: bad header `{header}`"))?;
        let mut bytes = vec![0; size];
        self.stdout
            .read_exact(&mut bytes)
            .context("git cat-file: read")?;
        let mut newline = [0u8; 1];
        self.stdout
            .read_exact(&mut newline)
            .context("git cat-file: read")?;
        Ok(bytes)
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// The all-zero hash `git log --raw` writes for a file that is absent on one side.
fn blob(hash: &str) -> Option<String> {
    (!hash.bytes().all(|b| b == b'0')).then(|| hash.to_owned())
}

/// Parse `git log --raw -z` output written with [`LOG_FORMAT`].
fn parse_log(out: &[u8]) -> Result<Vec<LoggedCommit>> {
    let mut commits = Vec::new();
    for record in out.split(|&b| b == 0x1e).filter(|r| !r.is_empty()) {
        let mut tokens = record.split(|&b| b == 0);
        let header = String::from_utf8_lossy(tokens.next().unwrap_or_default()).into_owned();
        let mut fields = header.split('\x1f');
        let (Some(sha), Some(parents), Some(author), Some(time)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            bail!("unexpected git log header `{header}`");
        };
        let secs: i64 = time
            .trim()
            .parse()
            .with_context(|| format!("unexpected git log date `{time}`"))?;
        let committed = chrono::DateTime::from_timestamp(secs, 0)
            .with_context(|| format!("git log date out of range: {secs}"))?
            .date_naive();
        let mut changes = Vec::new();
        while let Some(meta) = tokens.next() {
            let meta = String::from_utf8_lossy(meta);
            let meta = meta.trim_start_matches('\n');
            if meta.is_empty() {
                continue;
            }
            let Some(path) = tokens.next() else {
                bail!("git log: no path after `{meta}`");
            };
            // `:100644 100644 <old> <new> M`
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            let [_, _, old, new, _status] = parts[..] else {
                bail!("unexpected git log --raw line `{meta}`");
            };
            changes.push(Change {
                old: blob(old),
                new: blob(new),
                path: String::from_utf8_lossy(path).into_owned(),
            });
        }
        commits.push(LoggedCommit {
            sha: sha.to_owned(),
            parent: parents
                .split(' ')
                .find(|p| !p.is_empty())
                .map(str::to_owned),
            author: author.to_owned(),
            committed,
            changes,
        });
    }
    Ok(commits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_raw_log() {
        let out = b"\x1eaaaa\x1fpppp qqqq\x1fWang <w@x>\x1f1550620800\0\n:000000 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A\0ledgers/units/zzb.yaml\0:100644 000000 2222222222222222222222222222222222222222 0000000000000000000000000000000000000000 D\0units/x.yaml\0\x1ebbbb\x1f\x1f\xe7\x8e\x8b <w@x>\x1f0\0";
        let commits = parse_log(out).unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].parent.as_deref(), Some("pppp"));
        assert_eq!(commits[0].committed.to_string(), "2019-02-20");
        assert_eq!(commits[0].changes.len(), 2);
        assert_eq!(commits[0].changes[0].old, None);
        assert_eq!(commits[0].changes[0].path, "ledgers/units/zzb.yaml");
        assert_eq!(commits[0].changes[1].new, None);
        assert_eq!(commits[1].parent, None);
        assert_eq!(commits[1].author, "王 <w@x>");
        assert!(commits[1].changes.is_empty());
    }
}
