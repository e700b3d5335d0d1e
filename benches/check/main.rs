//! Benchmark of `ledger check` on a generated repository (see benches/README.md).
//!
//! `cargo bench --bench check` generates 500 units × 2,000 records into a temporary
//! folder and times each stage of the pipeline (median of several runs) against the
//! cost of only reading and parsing the same files. Each in-process stage runs in a
//! fresh child process (this executable with `--stage`), so that its peak RSS is its
//! own and no allocator state carries over between stages; the last stage spawns
//! the `ledger` binary itself. Without `--bench` (as under `cargo test --benches`)
//! it runs a tiny smoke version instead.
//!
//! Options (after `--`): `--units N` `--records N` `--items N` `--runs N`
//! `--seed N` `--dir DIR` (generate there and keep it) `--reuse` (do not regenerate
//! an existing `--dir`) `--gen-only` `--stages floor,b,e` (only these stages; the
//! ratios are to the floor, a bare one-thread `saphyr-parser` event loop).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod generate;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ledger::dates::{Date, parse_iso_date};
use ledger::decode::{self, Cx};
use ledger::diag::{Diagnostic, Severity};
use ledger::eval::{self, Category};
use ledger::load::{self, Content};
use ledger::source::{FileId, Source};
use ledger::yaml;
use rayon::prelude::*;

use generate::{AS_OF, Params};

struct Options {
    params: Params,
    runs: usize,
    dir: Option<PathBuf>,
    reuse: bool,
    gen_only: bool,
    smoke: bool,
    /// Child mode: run this one stage on `dir` and print its sample.
    stage: Option<String>,
    /// Only the stages whose short names are listed (`--stages floor,e`); all by default.
    only: Option<Vec<String>>,
    threads: Option<usize>,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = !args.iter().any(|a| a == "--bench");
    let mut o = Options {
        params: Params {
            units: if smoke { 20 } else { 500 },
            records: if smoke { 100 } else { 2000 },
            items: if smoke { 10 } else { 50 },
            seed: 2018,
        },
        runs: if smoke { 1 } else { 5 },
        dir: None,
        reuse: false,
        gen_only: false,
        smoke,
        stage: None,
        only: None,
        threads: None,
    };
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut num = |what: &str| -> usize {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match a.as_str() {
            "--units" => o.params.units = num("--units"),
            "--records" => o.params.records = num("--records"),
            "--items" => o.params.items = num("--items"),
            "--runs" => o.runs = num("--runs").max(1),
            "--seed" => o.params.seed = num("--seed") as u64,
            "--dir" => o.dir = Some(it.next().expect("--dir needs a folder").into()),
            "--reuse" => o.reuse = true,
            "--gen-only" => o.gen_only = true,
            "--stage" => o.stage = Some(it.next().expect("--stage needs a name")),
            "--threads" => o.threads = Some(num("--threads")),
            "--stages" => {
                let list = it.next().expect("--stages needs a list");
                o.only = Some(list.split(',').map(str::to_owned).collect());
            }
            // cargo's own flags (`--bench`, filters) are not ours.
            _ => {}
        }
    }
    o
}

/// Peak resident set size of this process, in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Seconds this process's threads spent runnable but waiting for a CPU (taken by
/// other processes on a shared machine), summed over its live threads.
fn runqueue_wait_secs() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum::<u64>() as f64
        / 1e9
}

/// User + system CPU time of this process (all threads), in seconds.
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name: state is field 3, utime 14, stime 15 (USER_HZ = 100).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) as f64 / 100.0
}

#[derive(Clone, Copy, Default)]
struct Sample {
    /// Wall-clock seconds.
    secs: f64,
    /// CPU seconds, all threads.
    cpu: f64,
    /// Time to drop what the stage built (not included in `secs`).
    drop_secs: f64,
    peak_kib: Option<u64>,
    /// Seconds runnable threads waited for a CPU (in-process stages only).
    wait: f64,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Time `f`, then (separately) dropping its result.
fn timed<T>(f: impl FnOnce() -> T) -> Sample {
    let c = cpu_secs();
    let w = runqueue_wait_secs();
    let t = Instant::now();
    let out = f();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - c;
    let wait = runqueue_wait_secs() - w;
    let t = Instant::now();
    drop(out);
    let drop_secs = t.elapsed().as_secs_f64();
    Sample {
        secs,
        cpu,
        drop_secs,
        peak_kib: peak_rss_kib(),
        wait,
    }
}

/// The floor: one thread reads each file and runs the bare `saphyr-parser` event
/// loop over it, building nothing. No checker can read YAML for less; the
/// targets of issue 14 are ratios to this.
fn floor(root: &Path) -> usize {
    let mut events = 0;
    let mut paths: Vec<PathBuf> = ["plan", "units"]
        .iter()
        .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    for f in paths {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for ev in saphyr_parser::Parser::new_from_str(&text) {
            ev.expect("generated YAML parses");
            events += 1;
        }
    }
    events
}

/// (b): read, decode to text, parse each YAML file to its tree, in parallel; the
/// tree is dropped inside the worker as `load::analyze` does after decoding it.
fn read_and_parse(root: &Path) -> usize {
    load::read_repo(root)
        .into_par_iter()
        .map(|f| {
            let Content::Bytes(bytes) = f.content else {
                return 0;
            };
            let is_yaml = f.path.ends_with(".yaml");
            let (source, _) = Source::decode(f.path, &bytes);
            drop(bytes);
            if !is_yaml {
                return 0;
            }
            let parsed = yaml::parse(&source).expect("generated YAML parses");
            parsed.root.map_or(0, |r| {
                r.as_map().map_or(0, |m| {
                    m.iter()
                        .filter_map(|(_, v)| v.as_seq())
                        .map(<[_]>::len)
                        .sum()
                })
            })
        })
        .sum()
}

/// Held, not read: the stage keeps what it built, as `load::analyze` does.
#[allow(dead_code)]
enum Decoded {
    Plan(decode::DecodedPlan),
    Ledger(decode::DecodedLedger),
    Other,
}

/// (b2): (b) plus decoding each tree into the model, per file and in parallel, as
/// the first half of `load::analyze` does; no cross-file validation.
fn read_parse_decode(root: &Path) -> Vec<(Source, Decoded, Vec<Diagnostic>)> {
    load::read_repo(root)
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| {
            let Content::Bytes(bytes) = f.content else {
                panic!("unreadable {}", f.path);
            };
            let (source, _) = Source::decode(f.path, &bytes);
            drop(bytes);
            let mut diags = Vec::new();
            let mut cx = Cx {
                file: FileId(i as u32),
                diags: &mut diags,
                v11: false,
            };
            let decoded = if source.path.ends_with(".yaml") {
                let parsed = yaml::parse(&source).expect("generated YAML parses");
                if source.path.starts_with("plan/") {
                    Decoded::Plan(decode::plan_file(&mut cx, parsed.root.as_ref()))
                } else {
                    Decoded::Ledger(decode::ledger_file(&mut cx, parsed.root.as_ref()))
                }
            } else {
                Decoded::Other
            };
            (source, decoded, diags)
        })
        .collect()
}

fn analyze(root: &Path, as_of: Date) -> load::Analysis {
    load::analyze(load::read_repo(root), Some(as_of), as_of)
}

/// What `ledger check` runs before rendering: [`ledger::check::check`].
fn check(root: &Path, as_of: Date) -> ledger::check::CheckRun {
    let opts = ledger::check::CheckOptions {
        as_of: Some(as_of),
        today: as_of,
        units: Vec::new(),
        lang: ledger::messages::Lang::En,
    };
    ledger::check::check(root, &opts).expect("no --unit filter")
}

/// Child mode: one in-process stage in a fresh process, so that its peak RSS is its own.
fn run_stage(stage: &str, root: &Path, as_of: Date) -> Sample {
    match stage {
        "floor" => timed(|| floor(root)),
        "read" => timed(|| load::read_repo(root)),
        "parse" => timed(|| read_and_parse(root)),
        "decode" => timed(|| read_parse_decode(root)),
        "analyze" => timed(|| analyze(root, as_of)),
        "evaluate" => timed(|| check(root, as_of)),
        other => panic!("unknown stage {other}"),
    }
}

/// Run a stage in a child process (this executable with `--stage`).
fn spawn_stage(stage: &str, root: &Path, threads: Option<usize>) -> Sample {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.args(["--bench", "--stage", stage, "--dir"]).arg(root);
    if let Some(n) = threads {
        cmd.args(["--threads", &n.to_string()]);
    }
    let out = cmd.stderr(Stdio::inherit()).output().expect("run a stage");
    assert!(out.status.success(), "stage {stage} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("SAMPLE "))
        .expect("a SAMPLE line");
    let v: Vec<f64> = line
        .split_whitespace()
        .map(|x| x.parse().expect("a number"))
        .collect();
    Sample {
        secs: v[0],
        cpu: v[1],
        drop_secs: v[2],
        peak_kib: (v[3] > 0.0).then_some(v[3] as u64),
        wait: v[4],
    }
}

/// (e): the binary, as a user runs it. CPU time and peak RSS from `/usr/bin/time -v`
/// when present.
fn run_binary(bin: &Path, root: &Path, threads: Option<usize>) -> Sample {
    let time = Path::new("/usr/bin/time");
    let use_time = time.is_file();
    let mut cmd = if use_time {
        let mut c = Command::new(time);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["check", "--as-of", AS_OF, "--format", "json", "--repo"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    let t = Instant::now();
    let out = cmd.output().expect("run the ledger binary");
    let secs = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| -> Option<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    // Exit 1 (overdue findings) is expected; 2 would mean errors in the generated data.
    let code = if use_time {
        field("Exit status: ").map_or(0, |c| c as i32)
    } else {
        out.status.code().unwrap_or(-1)
    };
    assert!(
        code == 0 || code == 1,
        "ledger check exited {code}: {stderr}"
    );
    Sample {
        secs,
        cpu: field("User time (seconds): ").unwrap_or(0.0)
            + field("System time (seconds): ").unwrap_or(0.0),
        drop_secs: 0.0,
        wait: f64::NAN,
        peak_kib: field("Maximum resident set size (kbytes): ").map(|k| k as u64),
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map_or_else(String::new, |k| {
            format!(", {:.0} GiB RAM", k as f64 / 1048576.0)
        });
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {threads} hardware threads{mem}")
}

fn main() {
    let o = options();
    let p = o.params;
    let as_of = parse_iso_date(AS_OF).expect("AS_OF is a date");
    if let Some(stage) = &o.stage {
        if let Some(n) = o.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global()
                .expect("a global pool");
        }
        let root = o.dir.as_deref().expect("--stage needs --dir");
        let s = run_stage(stage, root, as_of);
        println!(
            "SAMPLE {} {} {} {} {}",
            s.secs,
            s.cpu,
            s.drop_secs,
            s.peak_kib.unwrap_or(0),
            s.wait
        );
        return;
    }
    let tmp;
    let root: PathBuf = match &o.dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir().expect("a temporary folder");
            tmp.path().to_path_buf()
        }
    };

    let existing = root.join(load::CONFIG_FILE).is_file();
    let bytes = if o.reuse && existing {
        println!("reusing {}", root.display());
        load::read_repo(&root)
            .iter()
            .map(|f| match &f.content {
                Content::Bytes(b) => b.len() as u64,
                _ => 0,
            })
            .sum()
    } else {
        std::fs::create_dir_all(&root).expect("create the repository folder");
        let t = Instant::now();
        let bytes = generate::generate(&root, &p).expect("write the repository");
        println!(
            "generated {} units × {} records (+{} items each) into {}: {:.1} MB in {:.2} s",
            p.units,
            p.records,
            p.items,
            root.display(),
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
        bytes
    };
    if o.gen_only {
        return;
    }
    let mb = bytes as f64 / 1e6;

    // The data must be valid: no error diagnostics. Count what `check` would report.
    let run = check(&root, as_of);
    let a = &run.analysis;
    let errors: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "generated data has {} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    let warnings = a.diagnostics.len();
    let records: usize = a.repo.ledgers.values().map(|l| l.records.len()).sum();
    let voided: usize = a
        .repo
        .ledgers
        .values()
        .map(|l| l.records.iter().filter(|r| r.is_void()).count())
        .sum();
    let items: usize = a.repo.ledgers.values().map(|l| l.items.len()).sum();
    let by = eval::count(&run.findings);
    let n = |c| by.get(&c).copied().unwrap_or(0);
    println!(
        "{} files, {records} records ({voided} void), {items} items: 0 errors, {warnings} warnings; \
         findings: {} overdue, {} due-soon, {} late, {} gaps",
        a.sources.iter().count(),
        n(Category::Overdue),
        n(Category::DueSoon),
        n(Category::Late),
        n(Category::Gap),
    );
    drop(run);

    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ledger"));
    let root = root.as_path();
    type Stage<'a> = (&'a str, &'a str, Box<dyn Fn() -> Sample + 'a>);
    let stage = |name: &'static str, threads: Option<usize>| -> Box<dyn Fn() -> Sample> {
        let root = root.to_path_buf();
        Box::new(move || spawn_stage(name, &root, threads))
    };
    let all: Vec<Stage<'_>> = vec![
        (
            "floor",
            "floor. bare `saphyr-parser` event loop, 1 thread",
            stage("floor", Some(1)),
        ),
        ("a", "a. read only (`load::read_repo`)", stage("read", None)),
        (
            "b",
            "b. read + decode text + YAML parse (baseline)",
            stage("parse", None),
        ),
        ("b1", "b1. same, 1 thread", stage("parse", Some(1))),
        (
            "b2",
            "b2. b + decode trees to model (no validation)",
            stage("decode", None),
        ),
        (
            "c",
            "c. read + `load::analyze` (parse, decode, validate)",
            stage("analyze", None),
        ),
        ("c1", "c1. same, 1 thread", stage("analyze", Some(1))),
        (
            "d",
            "d. c + `eval::evaluate` (`check` minus rendering)",
            stage("evaluate", None),
        ),
        (
            "e",
            "e. `ledger check --format json` (process)",
            Box::new(|| run_binary(&bin, root, None)),
        ),
        (
            "e1",
            "e1. same, RAYON_NUM_THREADS=1",
            Box::new(|| run_binary(&bin, root, Some(1))),
        ),
    ];
    let stages: Vec<Stage<'_>> = all
        .into_iter()
        .filter(|(short, _, _)| o.only.as_ref().is_none_or(|l| l.iter().any(|x| x == short)))
        .collect();

    // Warm the page cache, then run the stages round-robin so that a noisy
    // neighbour slows every stage alike rather than one stage entirely.
    let _ = load::read_repo(root);
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); stages.len()];
    for run in 0..o.runs {
        for (i, (_, _, f)) in stages.iter().enumerate() {
            samples[i].push(f());
        }
        eprintln!("run {}/{} done", run + 1, o.runs);
    }

    // Ratios are to the floor when it ran, else to the first stage measured.
    let base_at = stages
        .iter()
        .position(|(short, _, _)| *short == "floor")
        .unwrap_or(0);
    let base = median(samples[base_at].iter().map(|s| s.secs).collect());
    let base_cpu = median(samples[base_at].iter().map(|s| s.cpu).collect());
    let base_name = stages[base_at].0;
    println!();
    println!(
        "machine: {}; {} run(s) per stage, median (min–max)",
        machine(),
        o.runs
    );
    println!(
        "data: {mb:.1} MB, {} units × {} records + {} items, as of {AS_OF}",
        p.units, p.records, p.items
    );
    println!();
    println!(
        "| stage | wall s (min–max) | MB/s | wall × ({base_name}) | CPU s | CPU × ({base_name}) | CPU wait s | drop s | peak RSS MiB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for ((_, name, _), ss) in stages.iter().zip(&samples) {
        let secs: Vec<f64> = ss.iter().map(|s| s.secs).collect();
        let (lo, hi) = secs
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        let m = median(secs);
        let cpu = median(ss.iter().map(|s| s.cpu).collect());
        let drop_s = median(ss.iter().map(|s| s.drop_secs).collect());
        let wait = median(ss.iter().map(|s| s.wait).collect());
        let wait = if wait.is_nan() {
            "–".to_owned()
        } else {
            format!("{wait:.2}")
        };
        let peak = ss
            .iter()
            .filter_map(|s| s.peak_kib)
            .max()
            .map_or("–".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0));
        println!(
            "| {name} | {m:.2} ({lo:.2}–{hi:.2}) | {:.1} | {:.2} | {cpu:.2} | {:.2} | {wait} | {} | {peak} |",
            mb / m,
            m / base,
            if base_cpu > 0.0 {
                cpu / base_cpu
            } else {
                f64::NAN
            },
            if drop_s > 0.0 {
                format!("{drop_s:.2}")
            } else {
                "–".to_owned()
            },
        );
    }
    // The targets of issue 14, in one line each: `check` against the floor.
    if let Some(e) = stages.iter().position(|(short, _, _)| *short == "e") {
        let ss = &samples[e];
        let wall = median(ss.iter().map(|s| s.secs).collect());
        let cpu = median(ss.iter().map(|s| s.cpu).collect());
        let peak = ss.iter().filter_map(|s| s.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
        println!();
        println!(
            "check vs {base_name}: wall {wall:.2} s / {base:.2} s = {:.2}× (target ≤ 1.2×); \
             CPU {cpu:.2} s / {base_cpu:.2} s = {:.2}× (target ≤ 2×); \
             peak RSS {peak:.0} MiB = {:.2}× the {:.1} MiB input (target ≤ 2×)",
            wall / base,
            cpu / base_cpu,
            peak / (bytes as f64 / 1048576.0),
            bytes as f64 / 1048576.0,
        );
    }
    if o.smoke {
        println!("\n(smoke run: pass --bench, as `cargo bench` does, for the full size)");
    }
}
