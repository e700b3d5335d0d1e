use std::io::IsTerminal;

fn main() {
    let env = ledger::cli::Env {
        cwd: std::env::current_dir().unwrap_or_else(|_| ".".into()),
        var: &|k| std::env::var(k).ok(),
        stdout_is_terminal: std::io::stdout().is_terminal(),
        today: chrono::Local::now().date_naive(),
    };
    let code = ledger::cli::run(
        std::env::args_os().collect(),
        &env,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
