//! A thin wrapper around the `git` command.
//!
//! We read history the way git itself reports it (`git rev-list`, `git log`,
//! `git ls-tree`, `git cat-file`) instead of keeping a store of our own: the
//! repository is the record, and whatever git can read, `ledger` can audit.
//! Every call runs in the work tree's top folder with pathspecs taken
//! literally.
//!
//! Nothing a commit's author controls may be taken for structure. So the log
//! we parse carries only hashes and `--raw -z` entries, whose layout is fixed
//! (a hash, then `:meta` and exactly one NUL-terminated path per change, with
//! renames off), and every other fact of a commit (parents, author, committer
//! date) comes from its own object read through `git cat-file --batch`, which
//! announces each object's length before its bytes. A crafted file name or
//! author name can at worst garble its own field, never another commit's.

use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, Result, bail};

/// A problem the user can act on; the CLI words it in their language.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("`git` could not be run: {0}")]
    NoGit(String),
    #[error("{dir} is not inside a git work tree ({detail})")]
    NotAWorkTree { dir: String, detail: String },
    #[error("unknown revision `{rev}`")]
    UnknownRev { rev: String },
    /// A revision git would read as an option (`-…`) or a negation (`^…`).
    #[error("`{rev}` is not a revision")]
    BadRev { rev: String },
    #[error("HEAD has no commits yet")]
    NoCommits,
    /// A shallow clone: the history before its cut-off is missing.
    #[error("the repository is a shallow clone")]
    Shallow,
}

/// The git work tree holding a ledger repository.
#[derive(Debug, Clone)]
pub(crate) struct Git {
    /// The work tree's top folder.
    pub top: PathBuf,
    /// Where the ledger repository sits inside it: `""` at the top, else `sub/dir/`.
    pub prefix: String,
}

/// One commit of the first-parent chain, with the files it changed under the
/// paths asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoggedCommit {
    pub sha: String,
    pub changes: Vec<Change>,
}

/// What a tree entry is, from its mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Not present on that side.
    None,
    File,
    Symlink,
    /// A submodule: the "object" is a commit of another repository.
    Gitlink,
    Other,
}

impl Mode {
    fn parse(octal: &str) -> Mode {
        match octal {
            "000000" => Mode::None,
            "100644" | "100755" | "100664" => Mode::File,
            "120000" => Mode::Symlink,
            "160000" => Mode::Gitlink,
            _ => Mode::Other,
        }
    }
}

/// One changed path, as `git log --raw` reports it against the first parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// Object before the commit; `None` when the path did not exist.
    pub old: Option<String>,
    pub old_mode: Mode,
    /// Object after the commit; `None` when the commit deleted it.
    pub new: Option<String>,
    pub new_mode: Mode,
    /// Relative to the work tree's top folder; lossily decoded when not UTF-8.
    pub path: String,
    /// Whether the name git stores is valid UTF-8 (else `path` is not its real name).
    pub path_utf8: bool,
}

/// A commit object, read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommitInfo {
    pub sha: String,
    pub parents: Vec<String>,
    /// Author name; lossily decoded when not UTF-8.
    pub author_name: String,
    pub author_email: String,
    /// Whether the author line is valid UTF-8.
    pub author_utf8: bool,
    /// Committer time, seconds since the epoch, as written; `Err` holds the
    /// text when it is no number.
    pub committer_time: Result<i64, String>,
    /// Whether the object carries a signature (`gpgsig` header).
    pub signed: bool,
}

impl CommitInfo {
    /// `Name <email>`, as reports show an author.
    pub(crate) fn author(&self) -> String {
        format!("{} <{}>", self.author_name, self.author_email)
    }
}

/// An object read with a size limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Object {
    Bytes(Vec<u8>),
    /// Larger than the limit: its size, and nothing of it was kept.
    TooLarge(u64),
    /// Not in the repository (or not of the kind asked for).
    Missing,
}

const LOG_FORMAT: &str = "--format=%H";

/// Reject what git would not take as a plain revision: an option (`-…`), a
/// negation or range (`^…`), an empty name, or control characters.
pub(crate) fn check_rev(rev: &str) -> Result<(), GitError> {
    let bad = rev.is_empty()
        || rev.starts_with('-')
        || rev.starts_with('^')
        || rev.chars().any(char::is_control);
    if bad {
        return Err(GitError::BadRev {
            rev: rev.to_owned(),
        });
    }
    Ok(())
}

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

    /// Run git for its exit status alone: `Ok(true)` on 0, `Ok(false)` on 1.
    fn test(&self, args: &[&str]) -> Result<bool> {
        let out = self
            .command()
            .args(args)
            .output()
            .map_err(|e| GitError::NoGit(e.to_string()))?;
        match out.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        }
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
        check_rev(rev)?;
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

    /// Whether the repository is a shallow clone (its oldest commits lack their parents).
    pub(crate) fn is_shallow(&self) -> Result<bool> {
        let out = self.run(&["rev-parse", "--is-shallow-repository"])?;
        Ok(String::from_utf8_lossy(&out).trim() == "true")
    }

    /// Whether commit `a` is an ancestor of (or equal to) commit `b`.
    pub(crate) fn is_ancestor(&self, a: &str, b: &str) -> Result<bool> {
        self.test(&["merge-base", "--is-ancestor", a, b])
    }

    /// The newest common ancestor of two commits, if any.
    pub(crate) fn merge_base(&self, a: &str, b: &str) -> Result<Option<String>> {
        let out = self
            .command()
            .args(["merge-base", a, b])
            .output()
            .map_err(|e| GitError::NoGit(e.to_string()))?;
        let sha = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        Ok((out.status.success() && !sha.is_empty()).then_some(sha))
    }

    /// Whether `git verify-commit` accepts the commit's signature (a good
    /// signature by a key the configured trust level accepts).
    pub(crate) fn verify_commit(&self, sha: &str) -> Result<bool> {
        self.test(&["verify-commit", sha]).or_else(|_| Ok(false))
    }

    /// The first-parent chain of `range`, oldest first.
    pub(crate) fn first_parents(&self, range: &str) -> Result<Vec<String>> {
        let out = self.run(&["rev-list", "--first-parent", "--reverse", range, "--"])?;
        Ok(hashes(&out))
    }

    /// Every commit reachable from `rev` (itself included).
    pub(crate) fn ancestors(&self, rev: &str) -> Result<HashSet<String>> {
        let out = self.run(&["rev-list", rev, "--"])?;
        Ok(hashes(&out).into_iter().collect())
    }

    /// The first-parent commits of `range` that change something under `paths`,
    /// oldest first, each with its changes against its first parent.
    pub(crate) fn log(&self, range: &str, paths: &[String]) -> Result<Vec<LoggedCommit>> {
        let mut commits = self.raw_log(range, paths)?;
        commits.reverse();
        Ok(commits)
    }

    /// The changes of one path along the first-parent chain ending at `rev`, newest first.
    pub(crate) fn path_log(&self, rev: &str, path: &str) -> Result<Vec<LoggedCommit>> {
        self.raw_log(rev, &[path.to_owned()])
    }

    fn raw_log(&self, range: &str, paths: &[String]) -> Result<Vec<LoggedCommit>> {
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
        parse_log(&out)
    }

    /// The blobs of the regular files under `paths` at `rev`: (path in the work tree, blob).
    pub(crate) fn ls_tree(&self, rev: &str, paths: &[String]) -> Result<Vec<(String, String)>> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", rev, "--"];
        args.extend(paths.iter().map(String::as_str));
        let out = self.run(&args)?;
        let mut files = Vec::new();
        for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <object> TAB <path>`: the path is last, so
            // split at the first tab only.
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                bail!("unexpected git ls-tree entry");
            };
            let (meta, path) = (&entry[..tab], &entry[tab + 1..]);
            let meta = String::from_utf8_lossy(meta);
            let mut meta = meta.split(' ');
            let (mode, kind, object) = (meta.next(), meta.next(), meta.next());
            let Ok(path) = std::str::from_utf8(path) else {
                continue;
            };
            if let (Some(mode), Some("blob"), Some(object)) = (mode, kind, object)
                && Mode::parse(mode) == Mode::File
            {
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

/// Lines of hashes, as `git rev-list` prints them.
fn hashes(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .map(str::trim)
        .filter(|l| is_hash(l))
        .map(str::to_owned)
        .collect()
}

fn is_hash(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `git cat-file --batch`: one process answering object requests in turn.
pub(crate) struct Blobs {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Blobs {
    /// An object's bytes, unless it is larger than `limit`: then its content
    /// is passed over without being kept.
    pub(crate) fn read_limited(&mut self, object: &str, limit: u64) -> Result<Object> {
        if !is_hash(object) {
            return Ok(Object::Missing);
        }
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
            // `<object> missing`
            return Ok(Object::Missing);
        };
        let size: u64 = size
            .parse()
            .with_context(|| format!("git cat-file: bad header `{header}`"))?;
        let object = if size > limit {
            let skipped = io::copy(&mut (&mut self.stdout).take(size), &mut io::sink())
                .context("git cat-file: read")?;
            if skipped != size {
                bail!("git cat-file: object {object} ended early");
            }
            Object::TooLarge(size)
        } else {
            let mut bytes = vec![0; usize::try_from(size).context("object size")?];
            self.stdout
                .read_exact(&mut bytes)
                .context("git cat-file: read")?;
            Object::Bytes(bytes)
        };
        let mut newline = [0u8; 1];
        self.stdout
            .read_exact(&mut newline)
            .context("git cat-file: read")?;
        Ok(object)
    }

    /// A commit object, parsed; `None` when it is not in the repository.
    pub(crate) fn commit(&mut self, sha: &str) -> Result<Option<CommitInfo>> {
        // Commit objects are small; a huge one is forged, and reading its
        // header is all we need, so the same limit as for files applies.
        match self.read_limited(sha, crate::yaml::MAX_FILE_BYTES as u64)? {
            Object::Bytes(b) => Ok(Some(parse_commit(sha, &b))),
            Object::TooLarge(_) | Object::Missing => Ok(None),
        }
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// The all-zero hash `git log --raw` writes for a path that is absent on one side.
fn object(hash: &str) -> Option<String> {
    (!hash.bytes().all(|b| b == b'0')).then(|| hash.to_owned())
}

/// Parse `git log --raw -z --format=%H --no-renames` output.
///
/// Its tokens, separated by NUL: a commit hash (after the first, preceded by
/// nothing); then for each change a `:meta` token (after the first change,
/// preceded by a newline) followed by exactly one path token. Paths are only
/// ever read in the position after a `:meta` token, so no name, whatever
/// bytes it holds, can start a commit or a change.
fn parse_log(out: &[u8]) -> Result<Vec<LoggedCommit>> {
    let mut commits: Vec<LoggedCommit> = Vec::new();
    let mut tokens = out.split(|&b| b == 0);
    while let Some(token) = tokens.next() {
        let text = String::from_utf8_lossy(token);
        let text = text.trim_start_matches('\n');
        if text.is_empty() {
            continue;
        }
        if let Some(meta) = text.strip_prefix(':') {
            let Some(current) = commits.last_mut() else {
                bail!("git log: a change before any commit");
            };
            let Some(path) = tokens.next() else {
                bail!("git log: no path after `:{meta}`");
            };
            // `100644 100644 <old> <new> M`
            let parts: Vec<&str> = meta.split(' ').collect();
            let [old_mode, new_mode, old, new, _status] = parts[..] else {
                bail!("unexpected git log --raw entry `:{meta}`");
            };
            let (path, path_utf8) = match std::str::from_utf8(path) {
                Ok(p) => (p.to_owned(), true),
                Err(_) => (String::from_utf8_lossy(path).into_owned(), false),
            };
            current.changes.push(Change {
                old: object(old),
                old_mode: Mode::parse(old_mode),
                new: object(new),
                new_mode: Mode::parse(new_mode),
                path,
                path_utf8,
            });
        } else if is_hash(text) {
            commits.push(LoggedCommit {
                sha: text.to_owned(),
                changes: Vec::new(),
            });
        } else {
            bail!("unexpected git log output `{}`", text.escape_debug());
        }
    }
    Ok(commits)
}

/// Parse a commit object: headers up to the first empty line, each `key value`,
/// continued on lines starting with a space.
pub(crate) fn parse_commit(sha: &str, bytes: &[u8]) -> CommitInfo {
    let mut info = CommitInfo {
        sha: sha.to_owned(),
        parents: Vec::new(),
        author_name: String::new(),
        author_email: String::new(),
        author_utf8: true,
        committer_time: Err(String::new()),
        signed: false,
    };
    let mut author = None;
    let mut encoding = None;
    for line in bytes.split(|&b| b == b'\n') {
        if line.is_empty() {
            break;
        }
        if line.starts_with(b" ") {
            continue;
        }
        let (key, value) = match line.iter().position(|&b| b == b' ') {
            Some(i) => (&line[..i], &line[i + 1..]),
            None => (line, &[][..]),
        };
        match key {
            b"parent" => {
                let p = String::from_utf8_lossy(value).into_owned();
                if is_hash(&p) {
                    info.parents.push(p);
                }
            }
            b"author" => author = Some(value),
            b"encoding" => encoding = encoding_rs::Encoding::for_label(value),
            b"committer" => {
                let (_, _, time) = ident(&String::from_utf8_lossy(value));
                info.committer_time = time.parse::<i64>().map_err(|_| time.clone());
            }
            b"gpgsig" | b"gpgsig-sha256" => info.signed = true,
            _ => {}
        }
    }
    if let Some(value) = author {
        // Old histories made on Windows may declare `encoding GBK`; an author
        // line that is neither UTF-8 nor valid in the declared encoding is
        // shown with replacement characters and reported.
        let text = match (std::str::from_utf8(value), encoding) {
            (Ok(t), _) => t.to_owned(),
            (Err(_), Some(enc)) => {
                let (t, had_errors) = enc.decode_without_bom_handling(value);
                info.author_utf8 = !had_errors;
                t.into_owned()
            }
            (Err(_), None) => {
                info.author_utf8 = false;
                String::from_utf8_lossy(value).into_owned()
            }
        };
        let (name, email, _) = ident(&text);
        info.author_name = name;
        info.author_email = email;
    }
    info
}

/// `Name <email> 1550620800 +0800` → (name, email, time). The e-mail is
/// between the last `<` and the last `>`; the time is the first word after it.
fn ident(line: &str) -> (String, String, String) {
    let Some(close) = line.rfind('>') else {
        return (line.trim().to_owned(), String::new(), String::new());
    };
    let open = line[..close].rfind('<').unwrap_or(close);
    let name = line[..open].trim().to_owned();
    let email = line.get(open + 1..close).unwrap_or_default().to_owned();
    let time = line[close + 1..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    (name, email, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_raw_log() {
        let out = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0\n:000000 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A\0ledgers/units/zzb.yaml\0:100644 000000 2222222222222222222222222222222222222222 0000000000000000000000000000000000000000 D\0units/x\x1ey.yaml\0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\0\n:000000 160000 0000000000000000000000000000000000000000 3333333333333333333333333333333333333333 A\0units/\xff.yaml\0";
        let commits = parse_log(out).unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].changes.len(), 2);
        assert_eq!(commits[0].changes[0].old, None);
        assert_eq!(commits[0].changes[0].new_mode, Mode::File);
        assert_eq!(commits[0].changes[0].path, "ledgers/units/zzb.yaml");
        assert_eq!(commits[0].changes[1].new, None);
        assert_eq!(commits[0].changes[1].path, "units/x\x1ey.yaml");
        assert_eq!(commits[1].changes[0].new_mode, Mode::Gitlink);
        assert!(!commits[1].changes[0].path_utf8);
    }

    #[test]
    fn a_path_that_looks_like_a_commit_stays_a_path() {
        let out = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0\n:000000 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A\0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\0:000000 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A\0:x y\0";
        let commits = parse_log(out).unwrap();
        assert_eq!(commits.len(), 1);
        assert_eq!(commits[0].changes[0].path, "b".repeat(40));
        assert_eq!(commits[0].changes[1].path, ":x y");
    }

    #[test]
    fn parses_commit_objects() {
        let c = parse_commit(
            "s",
            b"tree t\nparent 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nauthor \xe7\x8e\x8b\x1e\x1f <w@x> 1550620800 +0800\ncommitter C <c@x> -5 +0000\ngpgsig -----BEGIN\n -----END\n\nmessage\nauthor fake <f@x> 1 +0000\n",
        );
        assert_eq!(c.parents.len(), 2);
        assert_eq!(c.author_name, "王\x1e\x1f");
        assert_eq!(c.author_email, "w@x");
        assert!(c.author_utf8);
        assert_eq!(c.committer_time, Ok(-5));
        assert!(c.signed);
        let gbk = parse_commit("s", b"author \xcd\xf5 <w@x> 1 +0800\nencoding GBK\n");
        assert_eq!(gbk.author_name, "\u{738b}");
        assert!(gbk.author_utf8);
        let c = parse_commit(
            "s",
            b"author \xff <a@b> 1 +0000\ncommitter x <y> nope +0000\n",
        );
        assert!(!c.author_utf8);
        assert_eq!(c.committer_time, Err("nope".to_owned()));
    }

    #[test]
    fn options_and_negations_are_not_revisions() {
        for bad in ["-h", "--all", "^HEAD", "", "a\nb"] {
            assert!(check_rev(bad).is_err(), "{bad:?}");
        }
        assert!(check_rev("HEAD~2").is_ok());
        assert!(check_rev("origin/main").is_ok());
    }
}
