//! Runs with thousands of files: the progress bar (stderr, terminals only)
//! never reaches a pipe but does reach a terminal, and `--jobs` changes
//! nothing in the output.

use crate::common::{self, Repo};

/// 2,100 unit ledgers: above the progress bar's threshold.
fn many_files() -> Repo {
    let mut units = String::from("plan: {id: p, issued: 2018-01-01}\nunits:\n");
    let r = Repo::new();
    for i in 0..2100 {
        units.push_str(&format!("  - {{id: u{i}, name: 单位{i}}}\n"));
        r.write(&format!("units/u{i}.yaml"), format!("unit: u{i}\n"));
    }
    units.push_str("points:\n  - {id: WP01, title: t, lead: [u0, u1]}\n");
    r.write("plan/plan.yaml", units);
    r
}

#[test]
fn progress_bar_never_reaches_a_pipe_and_jobs_change_nothing() {
    let r = many_files();
    let one = r.check("2019-01-15", &["--jobs", "1"]);
    let all = r.check("2019-01-15", &[]);
    assert_eq!(one.status, 0, "{}", one.stderr);
    assert_eq!(one.stderr, "");
    assert_eq!(all.stderr, "");
    assert_eq!(one.stdout, all.stdout);
    assert_eq!(one.findings().len(), 2, "{}", one.stdout);
    let human = common::run_in(
        r.path(),
        &["check".into(), "--as-of".into(), "2019-01-15".into()],
    );
    assert!(!human.stderr.contains('\r'), "{:?}", human.stderr);
    assert!(!human.stdout.contains('\r'), "{:?}", human.stdout);
}

/// What `ledger check` (JSON to nowhere) writes on stderr when stderr is a
/// terminal `cols` columns wide: the progress bar's frames.
#[cfg(unix)]
fn stderr_on_a_terminal(r: &Repo, lang: &str, cols: u16) -> String {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::process::{Command, Stdio};

    let (mut leader, mut follower) = (-1, -1);
    let size = libc::winsize {
        ws_row: 24,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors into the integers we own; the
    // name and termios arguments may be null, the size is read only.
    let made = unsafe {
        libc::openpty(
            &mut leader,
            &mut follower,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned here only.
    let (leader, follower) =
        unsafe { (OwnedFd::from_raw_fd(leader), OwnedFd::from_raw_fd(follower)) };
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("ledger"))
        .current_dir(r.path())
        .args([
            "check",
            "--as-of",
            "2019-01-15",
            "--format",
            "json",
            "--lang",
            lang,
        ])
        .env_remove("CI")
        .env("LANG", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::from(follower))
        .spawn()
        .expect("run ledger");
    // Read until the child closes the terminal (EIO on Linux once no process
    // holds the follower side), on a thread, so that a run that hangs (as it
    // did, its workers waiting for the lock) fails the test instead.
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let _ = std::fs::File::from(leader).read_to_end(&mut seen);
        seen
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("ledger check on a terminal did not finish in 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let seen = reader.join().expect("reader");
    String::from_utf8_lossy(&seen).into_owned()
}

/// The bar is drawn on the worker threads; while the binary held stderr's lock
/// for the whole run, they could not write and no bar ever appeared.
#[cfg(unix)]
#[test]
fn progress_bar_reaches_a_terminal() {
    let seen = stderr_on_a_terminal(&many_files(), "en", 100);
    // 2,100 ledgers, the plan and ledger.toml; the bar is cleared at the end.
    assert!(seen.starts_with("checking files "), "{seen:?}");
    assert!(seen.contains(" 1/2102\r"), "{seen:?}");
    assert!(seen.ends_with("\r\u{1b}[2K"), "{seen:?}");
}

/// Each frame fits the terminal: a Chinese label is two columns a character,
/// and a frame one column too wide wraps, leaving a line behind at each redraw.
#[cfg(unix)]
#[test]
fn progress_bar_in_chinese_fits_a_narrow_terminal() {
    let seen = stderr_on_a_terminal(&many_files(), "zh", 60);
    let frames: Vec<&str> = seen
        .split('\r')
        .map(|f| f.trim_start_matches("\u{1b}[2K"))
        .filter(|f| !f.is_empty())
        .collect();
    assert!(frames.len() > 1, "{seen:?}");
    for f in &frames {
        assert!(f.starts_with("正在检查文件 "), "{f:?}");
        assert!(unicode_width::UnicodeWidthStr::width(*f) <= 60, "{f:?}");
    }
}
