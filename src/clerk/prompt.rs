//! Asking for a missing value. The questions and the choices are written by
//! [`value`]; a [`Prompter`] only reads answers, so tests drive the same code with
//! a [`Scripted`] reader, and a run without a terminal refuses to ask.

use std::collections::VecDeque;
use std::io::{self, BufRead, IsTerminal, Write};

use crate::messages::Lang;
use crate::messages::clerk::{Field, Problem, Word, word};

/// One valid answer: what is written to the file, and what the clerk reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

pub trait Prompter {
    /// Whether anyone is there to answer.
    fn interactive(&self) -> bool;
    /// The next answer, `None` at the end of input.
    fn read_line(&mut self) -> Option<String>;
}

/// Standard input, when it is a terminal.
pub struct Terminal;

impl Prompter for Terminal {
    fn interactive(&self) -> bool {
        io::stdin().is_terminal()
    }

    fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_owned()),
        }
    }
}

/// Answers given in advance (tests).
pub struct Scripted {
    answers: VecDeque<String>,
}

impl Scripted {
    pub fn new<S: Into<String>>(answers: impl IntoIterator<Item = S>) -> Scripted {
        Scripted {
            answers: answers.into_iter().map(Into::into).collect(),
        }
    }
}

impl Prompter for Scripted {
    fn interactive(&self) -> bool {
        true
    }

    fn read_line(&mut self) -> Option<String> {
        self.answers.pop_front()
    }
}

/// Not interactive at all (pipes, CI).
pub struct NoTerminal;

impl Prompter for NoTerminal {
    fn interactive(&self) -> bool {
        false
    }
    fn read_line(&mut self) -> Option<String> {
        None
    }
}

/// A value given as an option, checked against the choices; when absent, asked
/// for (with the choices listed, numbered) if someone can answer.
pub fn value(
    given: Option<&str>,
    field: Field,
    choices: &[Choice],
    prompter: &mut dyn Prompter,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<String, Problem> {
    if let Some(g) = given {
        return resolve(g, choices, false).map_err(|candidates| Problem::NotAChoice {
            field,
            given: g.to_owned(),
            candidates,
        });
    }
    if !prompter.interactive() {
        return Err(Problem::Missing(field));
    }
    let io = |e: io::Error| Problem::Io(e.to_string());
    for (i, c) in choices.iter().enumerate() {
        // A checklist item's label is its whole text: one line each is enough.
        let mut label: String = c.label.chars().take(40).collect();
        if label.len() < c.label.len() {
            label.push('…');
        }
        writeln!(err, "  {:>3}  {:<16} {label}", i + 1, c.value).map_err(io)?;
    }
    for _ in 0..3 {
        let hint = if choices.is_empty() {
            String::new()
        } else {
            let w = word(Word::Choose, lang);
            lang.pick(format!("（{w}）"), format!(" ({w})"))
        };
        write!(err, "{}{hint}: ", field.question(lang)).map_err(io)?;
        err.flush().map_err(io)?;
        let Some(answer) = prompter.read_line() else {
            return Err(Problem::Missing(field));
        };
        let answer = answer.trim();
        if answer.is_empty() {
            continue;
        }
        match resolve(answer, choices, true) {
            Ok(v) => return Ok(v),
            Err(_) => writeln!(err, "{}", word(Word::TryAgain, lang)).map_err(io)?,
        }
    }
    Err(Problem::Missing(field))
}

/// A typed answer to a choice's value: the value itself (any case), its number
/// when `numbers`, its label, or a part of one label only (`会议` → `meeting`).
/// With no choices, any text is an answer. The candidates when ambiguous or unknown.
pub fn resolve(input: &str, choices: &[Choice], numbers: bool) -> Result<String, Vec<String>> {
    let input = input.trim();
    if choices.is_empty() {
        return Ok(input.to_owned());
    }
    if let Some(c) = choices.iter().find(|c| c.value == input) {
        return Ok(c.value.clone());
    }
    let same_case: Vec<&Choice> = choices
        .iter()
        .filter(|c| c.value.eq_ignore_ascii_case(input))
        .collect();
    if let [one] = same_case.as_slice() {
        return Ok(one.value.clone());
    }
    if numbers
        && let Ok(n) = input.parse::<usize>()
        && let Some(c) = n.checked_sub(1).and_then(|i| choices.get(i))
    {
        return Ok(c.value.clone());
    }
    let exact: Vec<&Choice> = choices.iter().filter(|c| c.label == input).collect();
    if let [one] = exact.as_slice() {
        return Ok(one.value.clone());
    }
    let partial: Vec<&Choice> = choices
        .iter()
        .filter(|c| !input.is_ascii() && c.label.contains(input))
        .collect();
    match partial.as_slice() {
        [one] => Ok(one.value.clone()),
        [] => {
            let near = crate::suggest::closest(input, choices.iter().map(|c| c.value.as_str()));
            Err(near.into_iter().collect())
        }
        many => Err(many.iter().take(8).map(|c| c.value.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<Choice> {
        vec![
            Choice::new("meeting", "会议"),
            Choice::new("report", "报告报送"),
            Choice::new("review", "述责述廉评议"),
        ]
    }

    #[test]
    fn chinese_labels_and_numbers_resolve() {
        assert_eq!(resolve("会议", &kinds(), false), Ok("meeting".into()));
        assert_eq!(resolve("报告", &kinds(), false), Ok("report".into()));
        assert_eq!(resolve("Meeting", &kinds(), false), Ok("meeting".into()));
        assert_eq!(resolve("2", &kinds(), true), Ok("report".into()));
        assert!(resolve("2", &kinds(), false).is_err());
        assert_eq!(
            resolve("meetin", &kinds(), false),
            Err(vec!["meeting".to_owned()])
        );
    }

    #[test]
    fn ambiguous_labels_list_candidates() {
        let refs = vec![
            Choice::new("WP01", "加强监督"),
            Choice::new("WP02", "加强巡察"),
        ];
        assert_eq!(
            resolve("加强", &refs, false),
            Err(vec!["WP01".into(), "WP02".into()])
        );
        assert_eq!(resolve("巡察", &refs, false), Ok("WP02".into()));
    }

    #[test]
    fn asks_until_a_valid_answer() {
        let mut p = Scripted::new(["", "nonsense", "会议"]);
        let mut err = Vec::new();
        let v = value(None, Field::Kind, &kinds(), &mut p, Lang::En, &mut err);
        assert_eq!(v, Ok("meeting".into()));
        let shown = String::from_utf8(err).unwrap();
        assert!(shown.contains("    1  meeting          会议\n"), "{shown}");
        assert!(
            shown.contains("Record kind (type an id or a number): "),
            "{shown}"
        );
        assert!(shown.contains("not a valid choice, try again"), "{shown}");
    }

    #[test]
    fn no_terminal_names_what_is_missing() {
        let mut err = Vec::new();
        let v = value(
            None,
            Field::Ref,
            &kinds(),
            &mut NoTerminal,
            Lang::En,
            &mut err,
        );
        assert_eq!(v, Err(Problem::Missing(Field::Ref)));
        assert!(err.is_empty());
    }
}
