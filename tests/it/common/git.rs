//! Real git repositories in temp folders, for the history commands' tests.

use std::path::{Path, PathBuf};

use super::Run;

/// A real git repository in a temp folder, with the ledger repository at `sub`
/// (possibly a subfolder), commits dated as the test says.
pub struct GitRepo {
    dir: tempfile::TempDir,
    sub: String,
}

impl GitRepo {
    pub fn new(sub: &str) -> GitRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        let r = GitRepo {
            dir,
            sub: sub.to_owned(),
        };
        r.git(&["init", "-q", "-b", "main"]);
        r
    }

    pub fn top(&self) -> &Path {
        self.dir.path()
    }

    pub fn root(&self) -> PathBuf {
        self.top().join(&self.sub)
    }

    pub fn git_at(&self, date: &str, args: &[&str]) -> String {
        let stamp = format!("{date}T12:00:00+00:00");
        let out = std::process::Command::new("git")
            .current_dir(self.top())
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "王某")
            .env("GIT_AUTHOR_EMAIL", "w@example.org")
            .env("GIT_COMMITTER_NAME", "王某")
            .env("GIT_COMMITTER_EMAIL", "w@example.org")
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.git_at("2019-01-01", args)
    }

    /// Write a file of the ledger repository.
    pub fn write(&self, rel: &str, text: &str) -> &GitRepo {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &GitRepo {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    /// Commit everything, committed on `date` (UTC noon); the new commit's hash.
    pub fn commit(&self, date: &str) -> String {
        self.git_at(date, &["add", "-A"]);
        self.git_at(date, &["commit", "-q", "--allow-empty", "-m", date]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Run the built binary in the work tree's top folder.
    pub fn ledger(&self, args: &[&str]) -> Run {
        self.ledger_with_config(Path::new("/dev/null"), args)
    }

    /// Run the built binary with `config` as the user's git configuration.
    pub fn ledger_with_config(&self, config: &Path, args: &[&str]) -> Run {
        let out = super::ledger(self.top())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", config)
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .expect("run ledger");
        Run::from(out)
    }
}
