//! Several guests at once, pasted or typed: one guest per line, a name and
//! then an e-mail address or a mobile number (separated by a tab, a comma,
//! a semicolon, or only a space before the contact); or CSV whose header
//! row names guest fields by their wire names (`ParticipantFullName`,
//! `ParticipantEmailAddress`, ...). This module only splits the text into
//! rows of field text and refuses what is not a guest's text at all (a
//! line too long, binary, a spreadsheet formula); every field is then
//! checked by the same rules as a single guest (`rules::participant`,
//! `rules::session`), where the caller knows the session.

use crate::common::errors::{Violation, field};

/// The longest line read as a guest; anything longer is refused whole.
pub const MAX_LINE_CHARS: usize = 1_000;

/// The most rows one paste may hold.
pub const MAX_ROWS: usize = 1_000;

/// One pasted line, as field text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastedRow {
    /// The line in the pasted text, from 1.
    pub line: usize,
    pub name: String,
    pub email: String,
    pub sms: String,
    pub time_zone: String,
    pub external_id: String,
    /// "E", "S" or "N" when a CSV column gave it.
    pub delivery: String,
    /// Why the line cannot be a guest at all; its fields are then empty.
    pub refused: Option<Violation>,
}

/// The rows of `text`: blank lines are skipped; a first line that names
/// guest fields makes the rest CSV in those columns.
pub fn parse(text: &str) -> Vec<PastedRow> {
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((first_no, first)) = lines.next() else {
        return Vec::new();
    };
    // CSV: the header's separator for every line. Otherwise each line
    // has its own (pastes mix them).
    let csv = separator_of(first)
        .and_then(|sep| header_columns(&split(first, sep)).map(|columns| (sep, columns)));
    let mut rows = Vec::new();
    if csv.is_none() {
        rows.push(row(first_no, first, separator_of(first), None));
    }
    for (no, line) in lines {
        if rows.len() == MAX_ROWS {
            break;
        }
        rows.push(match &csv {
            Some((sep, columns)) => row(no, line, Some(*sep), Some(columns)),
            None => row(no, line, separator_of(line), None),
        });
    }
    rows
}

/// A CSV header's columns, as wire names, when at least one names a guest
/// field (unknown columns are kept as `None` and ignored).
fn header_columns(cells: &[String]) -> Option<Vec<Option<&'static str>>> {
    let columns: Vec<Option<&'static str>> = cells
        .iter()
        .map(|c| {
            field::GUEST_FIELDS
                .iter()
                .copied()
                .find(|f| f.eq_ignore_ascii_case(c.trim()))
        })
        .collect();
    columns.iter().any(Option::is_some).then_some(columns)
}

fn row(
    line: usize,
    text: &str,
    separator: Option<char>,
    header: Option<&[Option<&'static str>]>,
) -> PastedRow {
    let mut row = PastedRow {
        line,
        ..PastedRow::default()
    };
    if let Some(problem) = refusal(text) {
        row.refused = Some(problem);
        return row;
    }
    let cells = match separator {
        Some(sep) => split(text, sep),
        None => split_on_last_space(text),
    };
    if let Some(cell) = cells.iter().find(|c| is_formula(c)) {
        let cell = clip(cell);
        row.refused = Some(
            Violation::new(
                "bulk.formula",
                format!("“{cell}” is a spreadsheet formula, not a name or a contact."),
            )
            .with("cell", cell),
        );
        return row;
    }
    match header {
        Some(columns) => {
            for (column, cell) in columns.iter().zip(cells) {
                let slot = match *column {
                    Some(field::FULL_NAME) => &mut row.name,
                    Some(field::EMAIL) => &mut row.email,
                    Some(field::SMS) => &mut row.sms,
                    Some(field::TIME_ZONE) => &mut row.time_zone,
                    Some(field::EXTERNAL_ID) => &mut row.external_id,
                    Some(field::DELIVERY) => &mut row.delivery,
                    _ => continue,
                };
                *slot = cell;
            }
        }
        None => {
            let mut cells = cells.into_iter();
            row.name = cells.next().unwrap_or_default();
            for contact in cells.filter(|c| !c.is_empty()) {
                let slot = if contact.contains('@') {
                    &mut row.email
                } else {
                    &mut row.sms
                };
                if slot.is_empty() {
                    *slot = contact;
                }
            }
        }
    }
    row
}

/// Why a line is not text a guest could be made of.
fn refusal(text: &str) -> Option<Violation> {
    let length = text.chars().count();
    if length > MAX_LINE_CHARS {
        return Some(
            Violation::new(
                "bulk.too_long",
                format!(
                    "This line is {length} characters long; a guest's line is at most {MAX_LINE_CHARS}."
                ),
            )
            .with("length", length)
            .with("max", MAX_LINE_CHARS),
        );
    }
    if text
        .chars()
        .any(|c| (c.is_control() && c != '\t') || c == '\u{FFFD}')
    {
        return Some(Violation::new(
            "bulk.not_text",
            "This line holds characters that are not text.",
        ));
    }
    None
}

/// A cell a spreadsheet would run (`=HYPERLINK(...)`, `@SUM(...)`,
/// `+CMD(...)`). A mobile number may start with "+" and a digit.
fn is_formula(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '@') => true,
        Some('+' | '-') => chars
            .next()
            .is_some_and(|c| !(c.is_ascii_digit() || c == ' ' || c == '(')),
        _ => false,
    }
}

fn clip(cell: &str) -> String {
    let mut clipped: String = cell.chars().take(40).collect();
    if clipped.len() < cell.len() {
        clipped.push('…');
    }
    clipped
}

/// The separator the first line uses: a tab, else a semicolon, else a
/// comma (outside quotes); none when the line has none of them.
fn separator_of(line: &str) -> Option<char> {
    ['\t', ';', ','].into_iter().find(|sep| line.contains(*sep))
}

/// One line's cells, CSV-style: a cell in double quotes may hold the
/// separator, and `""` inside it is one quote. Cells are trimmed.
fn split(line: &str, separator: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == separator && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// "Jamie Rivera jamie@example.com", "Ana López +1 (333) 444-0199": a
/// trailing number (seven digits or more, written with phone characters
/// only) or a last word with an "@" is the contact.
fn split_on_last_space(line: &str) -> Vec<String> {
    let line = line.trim();
    let phone = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    if let Some(at) = line.find(|c: char| c == '+' || c.is_ascii_digit()) {
        let (name, number) = line.split_at(at);
        if !name.trim().is_empty()
            && number.chars().all(phone)
            && number.chars().filter(char::is_ascii_digit).count() >= 7
        {
            return vec![name.trim().to_owned(), number.trim().to_owned()];
        }
    }
    if let Some((name, last)) = line.rsplit_once(' ')
        && last.contains('@')
    {
        return vec![name.trim().to_owned(), last.to_owned()];
    }
    vec![line.to_owned()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_contacts(text: &str) -> Vec<(String, String, String)> {
        parse(text)
            .into_iter()
            .map(|r| (r.name, r.email, r.sms))
            .collect()
    }

    fn s(v: &str) -> String {
        v.to_owned()
    }

    #[test]
    fn a_name_then_an_address_or_a_number_per_line_in_any_separator() {
        let text = "Jamie Rivera\tjamie@example.com\r\n\
                    Casey Rivera, 1 333 444 0123\n\
                    \n\
                    Pat Lee; pat@example.com\n\
                    Sam Green sam@example.com\n\
                    Ana María López +1 (333) 444-0199\n";
        let rows = parse(text);
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [1, 2, 4, 5, 6]
        );
        assert_eq!(
            names_and_contacts(text),
            [
                (s("Jamie Rivera"), s("jamie@example.com"), s("")),
                (s("Casey Rivera"), s(""), s("1 333 444 0123")),
                (s("Pat Lee"), s("pat@example.com"), s("")),
                (s("Sam Green"), s("sam@example.com"), s("")),
                (s("Ana María López"), s(""), s("+1 (333) 444-0199")),
            ]
        );
        let one_each = |line: &str| names_and_contacts(line).remove(0);
        assert_eq!(one_each("Robin Quiet"), (s("Robin Quiet"), s(""), s("")));
    }

    #[test]
    fn csv_with_a_header_of_wire_names_fills_those_fields() {
        let rows = parse(
            "ParticipantFullName,ParticipantSmsNumber,ParticipantExternalId,Notes,ShouldAutoDeliverCode\n\
             \"Rivera, Jamie\",13334440123,EMR-1,ignored,S\n\
             \"Lee \"\"PJ\"\" Pat\",,EMR-2,,N\n",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Rivera, Jamie");
        assert_eq!(rows[0].sms, "13334440123");
        assert_eq!(rows[0].external_id, "EMR-1");
        assert_eq!(rows[0].delivery, "S");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].name, "Lee \"PJ\" Pat");
        assert_eq!(rows[1].delivery, "N");
    }

    #[test]
    fn lines_that_are_not_a_guests_text_are_refused_with_the_reason() {
        let long = "x".repeat(10_000);
        let text = format!(
            "Jamie Rivera,jamie@example.com\n{long}\nBad\u{0}Bytes,a@b.c\n=HYPERLINK(\"http://evil\",\"x\"),a@b.c\nPat Lee,@SUM(A1)\nSam,+1 333 444 0123\n"
        );
        let rows = parse(&text);
        let refused: Vec<_> = rows.iter().map(|r| r.refused.clone()).collect();
        assert_eq!(refused[0], None);
        assert!(
            refused[1]
                .as_ref()
                .unwrap()
                .text
                .contains("10000 characters"),
            "{refused:?}"
        );
        assert!(refused[2].as_ref().unwrap().text.contains("not text"));
        assert!(refused[3].as_ref().unwrap().text.contains("formula"));
        assert!(refused[4].as_ref().unwrap().text.contains("formula"));
        assert_eq!(refused[5], None, "a number may start with +");
        assert_eq!(rows[5].sms, "+1 333 444 0123");
        // A refused line carries no field to send.
        assert!(rows[1].name.is_empty() && rows[3].email.is_empty());
    }

    #[test]
    fn a_paste_is_at_most_max_rows_and_blank_text_is_none() {
        assert!(parse("  \n\n\t\n").is_empty());
        let many: String = (0..MAX_ROWS + 50)
            .map(|i| format!("Guest {i},g{i}@example.com\n"))
            .collect();
        assert_eq!(parse(&many).len(), MAX_ROWS);
    }
}
