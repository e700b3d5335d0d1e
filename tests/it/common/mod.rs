//! A tiny builder for integration tests: write a ledger repository into a temp
//! folder, run the built binary on it, read back the exit status and output.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

pub struct Repo {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// (code, file, line, column) of each diagnostic, in output order.
    pub fn diagnostics(&self) -> Vec<(String, String, u64, u64)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_owned(),
                    d["file"].as_str().unwrap_or_default().to_owned(),
                    d["line"].as_u64().unwrap_or(0),
                    d["column"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    }

    pub fn findings(&self) -> Vec<Value> {
        self.json()["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// A valid plan header and units registry most tests start from.
pub const UNITS: &str = "units:
  - {id: jw, name: 区纪委, tags: [discipline]}
  - {id: zzb, name: 区委组织部, tags: [department]}
  - {id: jd-a, name: 北京街, tags: [street]}
  - {id: jd-b, name: 大东街, tags: [street]}
";

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let r = Repo { dir };
        r.file("ledger.toml", "[check]\ndue_soon_days = 30\n")
    }

    /// An empty folder, without ledger.toml.
    pub fn bare() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn file(self, rel: &str, text: &str) -> Repo {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Repo {
        self.write(rel, bytes);
        self
    }

    /// [`Repo::bytes`] for a repository that is already borrowed.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Repo {
        let p = self.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Repo {
        std::fs::remove_file(self.join(rel)).expect("remove");
        self
    }

    /// A path inside the repository.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn check(&self, as_of: &str, extra: &[&str]) -> Run {
        let mut args: Vec<String> = vec![
            "check".into(),
            "--repo".into(),
            self.path().display().to_string(),
            "--as-of".into(),
            as_of.into(),
            "--format".into(),
            "json".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        run_in(self.path(), &args)
    }
}

pub fn run_in(cwd: &Path, args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_env(cwd, &args, &[])
}

/// Run the binary in `cwd`; `env` sets the variables a test wants on top of
/// the clean environment of [`ledger`].
pub fn run_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = ledger(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.args(args).output().expect("run ledger"))
}

/// The built binary in `cwd`, with none of the variables of the machine
/// running the tests that change its output (CI detection, language,
/// colour), and a timeout so a hang fails instead of stalling the suite.
pub fn ledger(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ledger").expect("binary");
    cmd.current_dir(cwd);
    for var in [
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "GITHUB_STEP_SUMMARY",
        "LEDGER_LANG",
        "LEDGER_UNIT",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C").timeout(Duration::from_secs(60));
    cmd
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The project root (for fixtures shipped in the repository).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
pub mod git;
pub mod xsd;
