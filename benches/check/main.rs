//! Benchmark of `ledger check` on a generated repository (see benches/README.md).
//!
//! `cargo bench --bench check` generates 500 units × 2,000 records into a temporary
//! folder and times, as the median of several runs, each stage of the pipeline
//! against the cost of only reading and parsing the same files. Without `--bench`
//! (as under `cargo test --benches`) it runs a tiny smoke version instead.
//!
//! Options (after `--`): `--units N` `--records N` `--items N` `--runs N`
//! `--seed N` `--dir DIR` (generate there and keep it) `--reuse` (do not regenerate
//! an existing `--dir`) `--gen-only`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod generate;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ledger::dates::{Date, parse_iso_date};
use ledger::diag::Severity;
use ledger::eval::{self, Category, Settings};
use ledger::load::{self, Content};
use ledger::source::Source;
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
            // cargo's own flags (`--bench`, filters) are not ours.
            _ => {}
        }
    }
    o
}

/// Peak resident set size of this process since the last [`reset_peak`], in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Linux: writing 5 to clear_refs resets VmHWM to the current RSS.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[derive(Clone, Copy, Default)]
struct Sample {
    secs: f64,
    /// Time to drop what the stage built (not included in `secs`).
    drop_secs: f64,
    peak_kib: Option<u64>,
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

/// Time `f`, then (separately) dropping its result; peak RSS over both.
fn timed<T>(f: impl FnOnce() -> T) -> Sample {
    reset_peak();
    let t = Instant::now();
    let out = f();
    let secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    drop(out);
    let drop_secs = t.elapsed().as_secs_f64();
    Sample {
        secs,
        drop_secs,
        peak_kib: peak_rss_kib(),
    }
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

fn analyze(root: &Path, as_of: Date) -> load::Analysis {
    load::analyze(load::read_repo(root), Some(as_of), as_of)
}

fn evaluate(a: &load::Analysis) -> Vec<eval::Finding> {
    eval::evaluate(
        &a.repo,
        Settings {
            as_of: a.as_of,
            due_soon_days: a.repo.due_soon_days(),
        },
    )
}

/// (e): the binary, as a user runs it. Peak RSS from `/usr/bin/time -v` when present.
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
    // Exit 1 (overdue findings) is expected; 2 would mean errors in the generated data.
    let code = if use_time {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Exit status: "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    } else {
        out.status.code().unwrap_or(-1)
    };
    assert!(
        code == 0 || code == 1,
        "ledger check exited {code}: {stderr}"
    );
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.trim().parse().ok());
    Sample {
        secs,
        drop_secs: 0.0,
        peak_kib,
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
        .map_or_else(String::new, |k| format!(", {:.0} GiB RAM", k as f64 / 1048576.0));
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {threads} hardware threads{mem}")
}

fn main() {
    let o = options();
    let p = o.params;
    let tmp;
    let root: PathBuf = match &o.dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir().expect("a temporary folder");
            tmp.path().to_path_buf()
        }
    };
    let as_of = parse_iso_date(AS_OF).expect("AS_OF is a date");

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
    let a = analyze(&root, as_of);
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
    let items: usize = a.repo.ledgers.values().map(|l| l.items.len()).sum();
    let findings = evaluate(&a);
    let by = eval::count(&findings);
    let n = |c| by.get(&c).copied().unwrap_or(0);
    println!(
        "{} files, {records} records, {items} items: 0 errors, {warnings} warnings; \
         findings: {} overdue, {} due-soon, {} late, {} gaps",
        a.sources.iter().count(),
        n(Category::Overdue),
        n(Category::DueSoon),
        n(Category::Late),
        n(Category::Gap),
    );
    drop(findings);
    drop(a);

    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ledger"));
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a 1-thread pool");
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a 2-thread pool");

    type Stage<'a> = (&'a str, Box<dyn Fn() -> Sample + 'a>);
    let root = root.as_path();
    let stages: Vec<Stage<'_>> = vec![
        (
            "a. read only (load::read_repo)",
            Box::new(|| timed(|| load::read_repo(root))),
        ),
        (
            "b. read + decode + YAML parse (baseline)",
            Box::new(|| timed(|| read_and_parse(root))),
        ),
        (
            "b1. same, 1 thread",
            Box::new(|| one.install(|| timed(|| read_and_parse(root)))),
        ),
        (
            "c. read + load::analyze (parse, decode, validate)",
            Box::new(|| timed(|| analyze(root, as_of))),
        ),
        (
            "c1. same, 1 thread",
            Box::new(|| one.install(|| timed(|| analyze(root, as_of)))),
        ),
        (
            "c2. same, 2 threads",
            Box::new(|| two.install(|| timed(|| analyze(root, as_of)))),
        ),
        (
            "d. read + analyze + eval::evaluate",
            Box::new(|| {
                timed(|| {
                    let a = analyze(root, as_of);
                    let f = evaluate(&a);
                    (a, f)
                })
            }),
        ),
        (
            "e. `ledger check --format json` (process)",
            Box::new(|| run_binary(&bin, root, None)),
        ),
        (
            "e1. same, RAYON_NUM_THREADS=1",
            Box::new(|| run_binary(&bin, root, Some(1))),
        ),
    ];

    // Warm the page cache, then run the stages round-robin so that a noisy
    // neighbour slows every stage alike rather than one stage entirely.
    let _ = load::read_repo(root);
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); stages.len()];
    for run in 0..o.runs {
        for (i, (_, f)) in stages.iter().enumerate() {
            samples[i].push(f());
        }
        eprintln!("run {}/{} done", run + 1, o.runs);
    }

    let base = median(samples[1].iter().map(|s| s.secs).collect());
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
    println!("| stage | seconds (min–max) | MB/s | × (b) | drop s | peak RSS MiB |");
    println!("|---|---|---|---|---|---|");
    for ((name, _), ss) in stages.iter().zip(&samples) {
        let secs: Vec<f64> = ss.iter().map(|s| s.secs).collect();
        let (lo, hi) = secs
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        let m = median(secs);
        let drop_s = median(ss.iter().map(|s| s.drop_secs).collect());
        let peak = ss
            .iter()
            .filter_map(|s| s.peak_kib)
            .max()
            .map_or("–".to_owned(), |k| format!("{:.0}", mib(k)));
        println!(
            "| {name} | {m:.3} ({lo:.3}–{hi:.3}) | {:.0} | {:.2} | {} | {peak} |",
            mb / m,
            m / base,
            if drop_s > 0.0 {
                format!("{drop_s:.3}")
            } else {
                "–".to_owned()
            },
        );
    }
    if o.smoke {
        println!("\n(smoke run: pass --bench, as `cargo bench` does, for the full size)");
    }
}
