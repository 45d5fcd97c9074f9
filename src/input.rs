//! Checking what people type before any thread starts.
//!
//! Sizes and worker counts arrive from a text field or a JavaScript caller, so
//! they may be anything: `0`, `-3`, `2.5`, `NaN`, `"ten"`, `1e30`. Each gets a
//! sentence that says what is wrong and what would be accepted, tied to the
//! field it came from, so the page can show it next to that field.
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A number as it arrives from JavaScript: a number, a string, or anything.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum RawNumber {
    /// A JS number, checked as is (it may still be `NaN`, negative or fractional).
    Number(f64),
    /// A string as typed, read by [`positive_whole_number`] (`1e6`, `1_000_000`).
    Text(String),
    /// Anything else (`null`, an object, a boolean): always refused.
    Other(serde::de::IgnoredAny),
}

impl From<f64> for RawNumber {
    fn from(value: f64) -> Self {
        RawNumber::Number(value)
    }
}

impl From<&str> for RawNumber {
    fn from(value: &str) -> Self {
        RawNumber::Text(value.to_owned())
    }
}

/// A problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InputError {
    /// The request field it is about (`"size"`, `"workers"`, `"source"`, …):
    /// `www/lib/form.js` shows the message next to the input with that `name`
    /// (or `data-error-for`), and in the form's status line when there is none.
    pub field: &'static str,
    /// The sentence shown: what is wrong and what would be accepted.
    pub message: String,
}

impl InputError {
    /// An error about `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        InputError {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Reads a whole number of at least 1. Text may use `_` or `,` between digit
/// groups (`10_000_000`, as in Python) or an exponent (`1e7`).
pub fn positive_whole_number(field: &'static str, raw: &RawNumber) -> Result<u64, InputError> {
    let value = match raw {
        RawNumber::Number(v) => *v,
        RawNumber::Text(text) => {
            let cleaned: String = text
                .trim()
                .chars()
                .filter(|c| *c != '_' && *c != ',')
                .collect();
            if cleaned.is_empty() {
                return Err(InputError::new(field, "Enter a whole number."));
            }
            match cleaned.parse::<f64>() {
                Ok(v) => v,
                Err(_) => {
                    return Err(InputError::new(
                        field,
                        format!(
                            "\"{}\" is not a number. Enter a whole number in digits (1e6 and 1_000_000 are read too).",
                            text.trim()
                        ),
                    ))
                }
            }
        }
        RawNumber::Other(_) => {
            return Err(InputError::new(field, "Enter a whole number."));
        }
    };
    if value.is_nan() {
        return Err(InputError::new(
            field,
            "NaN is not a number. Enter a whole number.",
        ));
    }
    if value < 1.0 {
        return Err(InputError::new(
            field,
            format!("Must be at least 1 (got {}).", format_number(value)),
        ));
    }
    if value.is_infinite() || value >= 2f64.powi(64) {
        return Err(InputError::new(field, "That number is far too large."));
    }
    if value.fract() != 0.0 {
        return Err(InputError::new(
            field,
            format!("Must be a whole number (got {}).", format_number(value)),
        ));
    }
    Ok(value as u64)
}

/// Reads a worker count between 1 and `available`.
pub fn worker_count(raw: &RawNumber, available: usize) -> Result<usize, InputError> {
    let n = positive_whole_number("workers", raw)?;
    if n > available as u64 {
        return Err(InputError::new(
            "workers",
            format!(
                "The pool has {available} worker thread{} (one per logical core this browser reports); choose 1 to {available}.",
                if available == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(n as usize)
}

/// `1234567` → `"1,234,567"`; non-integers keep their fraction.
pub fn format_number(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e21 {
        return format!("{value}");
    }
    group_digits(&format!("{}", value as i128))
}

/// Puts commas between groups of three digits: `"1234567"` → `"1,234,567"`.
pub fn group_digits(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}
