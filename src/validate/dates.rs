//! Dates of a ledger: none after the evaluation date (a warning), each in order
//! with the one it follows (closed after opened, void after the entry, each
//! extension later than the due it extends), and every item with a due date.

use super::refs::is_unknown_ref;
use super::{Check, Names, Repository};
use crate::dates::{Date, iso};
use crate::decode::DecodedLedger;
use crate::messages::{DateWhat, Msg, Order};
use crate::model::*;
use crate::source::FileId;

/// The date checks of one ledger's records and items.
pub(super) fn ledger_dates(
    check: &mut Check<'_>,
    repo: &Repository,
    names: &Names,
    file: FileId,
    d: &DecodedLedger,
    as_of: Date,
) {
    // `check.as_of` in ledger.toml fixes the date: a clerk who sees a recent
    // record called "future" needs to know the date is pinned there.
    let pinned = repo
        .config
        .check
        .as_of
        .as_ref()
        .is_some_and(|d| d.value == as_of);
    let future = |check: &mut Check<'_>, what: DateWhat, dt: &Spanned<Date>| {
        if dt.value > as_of {
            check.push(
                file,
                dt.span,
                Msg::FutureDate {
                    what,
                    date: iso(dt.value),
                    as_of: iso(as_of),
                    pinned,
                },
            );
        }
    };
    for r in &d.records {
        future(check, DateWhat::RecordDate, &r.date);
        if let Some(v) = &r.void() {
            void_order(check, file, v, &r.date);
            future(check, DateWhat::VoidDate, &v.date);
        }
    }
    for it in &d.items {
        future(check, DateWhat::Opened, &it.opened);
        if let Some(c) = &it.closed {
            if c.value < it.opened.value {
                check.push(
                    file,
                    c.span,
                    Msg::DateOrder(Order::ClosedBeforeOpened {
                        closed: iso(c.value),
                        opened: iso(it.opened.value),
                    }),
                );
            }
            future(check, DateWhat::Closed, c);
        }
        if let Some(v) = &it.void {
            void_order(check, file, v, &it.opened);
            future(check, DateWhat::VoidDate, &v.date);
        }
        let default_due = crate::eval::default_due(repo, it);
        let mut current = it.due.as_ref().map(|d| d.value).or(default_due);
        // An unknown ref is reported already; its point's deadline is unknowable.
        if current.is_none() && !is_unknown_ref(names, &it.ref_) {
            check.push(
                file,
                it.id.span,
                Msg::NoDue {
                    item: it.id.value.0.as_str().to_owned(),
                },
            );
        }
        let mut prev_date: Option<Date> = None;
        for e in &it.extensions {
            if let Some(p) = prev_date
                && e.date.value < p
            {
                check.push(
                    file,
                    e.date.span,
                    Msg::DateOrder(Order::ExtensionsOutOfOrder {
                        date: iso(e.date.value),
                        previous: iso(p),
                    }),
                );
            }
            if let Some(c) = current
                && e.due.value <= c
            {
                check.push(
                    file,
                    e.due.span,
                    Msg::DateOrder(Order::ExtensionNotLater {
                        due: iso(e.due.value),
                        previous: iso(c),
                    }),
                );
            }
            future(check, DateWhat::ExtensionDate, &e.date);
            prev_date = Some(e.date.value);
            current = Some(e.due.value);
        }
        for p in &it.progress {
            future(check, DateWhat::ProgressDate, &p.date);
        }
    }
}

fn void_order(check: &mut Check<'_>, file: FileId, v: &Void, date: &Spanned<Date>) {
    if v.date.value < date.value {
        check.push(
            file,
            v.date.span,
            Msg::DateOrder(Order::VoidBeforeDate {
                void: iso(v.date.value),
                date: iso(date.value),
            }),
        );
    }
}
