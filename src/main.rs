use std::io::{IsTerminal, Write};

fn main() {
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let env = ledger::cli::Env {
        cwd: std::env::current_dir().unwrap_or_else(|_| ".".into()),
        var: &|k| std::env::var(k).ok(),
        stdout_is_terminal,
        // comfy-table's own look-up (the terminal's size through crossterm);
        // read here, once, so that the renderers ask the terminal nothing.
        terminal_width: stdout_is_terminal
            .then(|| comfy_table::Table::new().width())
            .flatten(),
        system_locale: ledger::messages::Lang::system_locale(),
        today: chrono::Local::now().date_naive(),
        exits_after: true,
    };
    // Buffered: a large report is one write per line otherwise.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let code = ledger::cli::run(
        std::env::args_os().collect(),
        &env,
        &mut out,
        // Not locked for the run: the progress bar draws on stderr from the
        // worker threads.
        &mut std::io::stderr(),
    );
    // A closed pipe (`ledger check | head`) is not an error of ours.
    let _ = out.flush();
    drop(out);
    std::process::exit(code);
}
