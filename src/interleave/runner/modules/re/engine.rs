//! One compiled pattern and the searches Python's `re` makes with it:
//! `search`/`match`/`fullmatch` at a position, and the scan of successive
//! matches behind `findall`, `finditer`, `sub` and `split`, with Python
//! 3.7's rule for empty matches (an empty match may directly follow a
//! non-empty one, but never repeats at the spot of an empty one). All
//! offsets here are bytes of the UTF-8 text; `mod.rs` turns them into
//! Python's character indices.
//!
//! An `Engine` is immutable once built (its lazily built variants sit in
//! `OnceLock`s) and the engine's own caches are thread-safe: threads
//! share one compiled pattern without a lock.

use std::sync::OnceLock;

use fancy_regex::{Regex, RegexBuilder, RegexInput};

use super::translate::{translate, PatternError, Translated};

/// Where a match must be: anywhere from the start (`search`), at the start
/// (`match`), or at the start and up to the end (`fullmatch`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Search,
    Match,
    Full,
}

/// Each group's span in bytes (`None`: the group did not take part).
pub type Spans = Vec<Option<(usize, usize)>>;

/// How much backtracking one search may do before giving up (CPython has
/// no limit; this only stops a catastrophic pattern from hanging a run).
const BACKTRACK_LIMIT: usize = 50_000_000;

pub struct Engine {
    pub t: Translated,
    regex: Regex,
    /// `(?:pattern)\z`, for `fullmatch` (which backtracks to reach the end).
    full: OnceLock<Result<Regex, String>>,
    /// The pattern refusing empty matches, for the scan's next try at the
    /// spot of an empty match.
    nonempty: OnceLock<Result<Regex, String>>,
}

fn build(pattern: &str, nonempty: bool) -> Result<Regex, fancy_regex::Error> {
    RegexBuilder::new(pattern)
        .backtrack_limit(BACKTRACK_LIMIT)
        .find_not_empty(nonempty)
        .build()
}

/// The engine's refusal of a pattern the translator let through, in
/// Python's words where Python refuses it too.
fn compile_error(e: fancy_regex::Error) -> PatternError {
    use fancy_regex::{CompileError, Error};
    let msg = match &e {
        Error::CompileError(c)
            if matches!(
                **c,
                CompileError::LookBehindNotConst | CompileError::VariableLookBehindRequiresFeature
            ) =>
        {
            "look-behind requires fixed-width pattern".to_string()
        }
        _ => format!("pattern not supported here ({e})"),
    };
    // Python names no position for these.
    PatternError {
        msg,
        pos: usize::MAX,
    }
}

impl Engine {
    pub fn new(pattern: &str, flags: u32) -> Result<Engine, PatternError> {
        let t = translate(pattern, flags)?;
        let regex = build(&t.pattern, false).map_err(compile_error)?;
        Ok(Engine {
            t,
            regex,
            full: OnceLock::new(),
            nonempty: OnceLock::new(),
        })
    }

    fn variant(&self, nonempty: bool) -> Result<&Regex, String> {
        let (cell, text) = if nonempty {
            (&self.nonempty, self.t.pattern.clone())
        } else {
            (&self.full, format!("(?:{})\\z", self.t.pattern))
        };
        cell.get_or_init(|| build(&text, nonempty).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| e.clone())
    }

    /// The first match in `text[..end]` from byte `start`, as `mode` asks.
    pub fn find(
        &self,
        text: &str,
        start: usize,
        end: usize,
        mode: Mode,
    ) -> Result<Option<Spans>, String> {
        if start > end {
            return Ok(None);
        }
        let re = match mode {
            Mode::Full => self.variant(false)?,
            _ => &self.regex,
        };
        self.run(re, &text[..end], start, mode != Mode::Search)
    }

    fn run(
        &self,
        re: &Regex,
        hay: &str,
        start: usize,
        anchored: bool,
    ) -> Result<Option<Spans>, String> {
        let input = RegexInput::new(hay).from_pos(start).anchored(anchored);
        let caps = re.captures_input(input).map_err(|e| e.to_string())?;
        Ok(caps.map(|c| {
            (0..=self.t.groups)
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect()
        }))
    }

    /// Successive matches in `text[..end]` from byte `start`, at most
    /// `limit` of them (0: all), each given to `each`.
    pub fn scan(
        &self,
        text: &str,
        start: usize,
        end: usize,
        limit: usize,
        mut each: impl FnMut(&Spans),
    ) -> Result<(), String> {
        let hay = &text[..end];
        let mut pos = start;
        let mut count = 0;
        // After an empty match, the next one may not be empty at the same spot.
        let mut must_advance = false;
        while pos <= end && (limit == 0 || count < limit) {
            let Some(mut spans) = self.run(&self.regex, hay, pos, false)? else {
                break;
            };
            let (s, e) = spans[0].unwrap_or((pos, pos));
            if must_advance && s == pos && e == pos {
                // A non-empty match here, or else the first one further on.
                // (A pattern that only matches empty has no such variant.)
                let here = match self.variant(true) {
                    Ok(nonempty) => self.run(nonempty, hay, pos, true)?,
                    Err(_) => None,
                };
                match here {
                    Some(found) => spans = found,
                    None => {
                        let Some(next) = next_char(hay, pos) else {
                            break;
                        };
                        match self.run(&self.regex, hay, next, false)? {
                            Some(found) => spans = found,
                            None => break,
                        }
                    }
                }
            }
            let (s, e) = spans[0].unwrap_or((pos, pos));
            each(&spans);
            count += 1;
            must_advance = s == e;
            pos = e;
        }
        Ok(())
    }
}

/// The byte index of the character after the one at `i`.
fn next_char(s: &str, i: usize) -> Option<usize> {
    s[i..].chars().next().map(|c| i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(p: &str, text: &str) -> Vec<(usize, usize)> {
        let e = Engine::new(p, 0).unwrap();
        let mut v = Vec::new();
        e.scan(text, 0, text.len(), 0, |s| v.push(s[0].unwrap()))
            .unwrap();
        v
    }

    #[test]
    fn empty_matches_follow_python() {
        // re.sub('x*', '-', 'abxd') == '-a-b--d-'
        assert_eq!(
            all("x*", "abxd"),
            vec![(0, 0), (1, 1), (2, 3), (3, 3), (4, 4)]
        );
        // re.findall('x*|b', 'b') == ['', 'b', '']
        assert_eq!(all("x*|b", "b"), vec![(0, 0), (0, 1), (1, 1)]);
    }

    #[test]
    fn modes() {
        let e = Engine::new("a|ab", 0).unwrap();
        let m = e.find("ab", 0, 2, Mode::Full).unwrap().unwrap();
        assert_eq!(m[0], Some((0, 2)));
        assert!(e.find("cab", 0, 3, Mode::Match).unwrap().is_none());
        assert_eq!(
            e.find("cab", 0, 3, Mode::Search).unwrap().unwrap()[0],
            Some((1, 2))
        );
        let d = Engine::new("a$", 0).unwrap();
        assert!(d.find("a\n", 0, 2, Mode::Search).unwrap().is_some());
        assert!(d.find("ab", 0, 1, Mode::Search).unwrap().is_some());
    }

    #[test]
    fn variable_lookbehind_is_refused() {
        let e = Engine::new("(?<=a+)b", 0).err().unwrap();
        assert_eq!(e.msg, "look-behind requires fixed-width pattern");
    }
}
