//! The escapes and character classes of a Python pattern (the part of
//! [`super::translate`] that reads `\d`, `\x41`, `\012`, `\1` and `[…]`),
//! written out as `fancy-regex` reads them.

use super::translate::{err, Res, Tr};

impl Tr {
    /// An escape outside a class; returns whether a repeat may follow.
    pub(super) fn escape(&mut self) -> Res<bool> {
        let at = self.i;
        self.i += 1;
        let Some(c) = self.peek() else {
            return err("bad escape (end of pattern)", at);
        };
        self.i += 1;
        let text = match c {
            'A' => "\\A",
            'Z' => "\\z",
            'b' if self.ascii => "(?-u:\\b)",
            'B' if self.ascii => "(?-u:\\B)",
            'b' => "\\b",
            'B' => "\\B",
            _ => {
                if c.is_ascii_digit() && c != '0' {
                    if let Some(n) = self.backref(c, at)? {
                        self.out.push_str(&format!("(?:\\{n})"));
                        return Ok(true);
                    }
                }
                match self.class_escape(c, false) {
                    Some(s) => self.out.push_str(s),
                    None => {
                        let ch = self.char_escape(c, at)?;
                        self.literal(ch);
                    }
                }
                return Ok(true);
            }
        };
        self.out.push_str(text);
        Ok(false)
    }

    /// `\1`…`\99` (or, from three octal digits, a character: `None`).
    fn backref(&mut self, first: char, at: usize) -> Res<Option<usize>> {
        let d = |k: usize| self.src.get(self.i + k).copied();
        let octal = |c: Option<char>| c.is_some_and(|c| ('0'..='7').contains(&c));
        if octal(Some(first)) && octal(d(0)) && octal(d(1)) {
            return Ok(None);
        }
        let mut n = first.to_digit(10).unwrap_or(0) as usize;
        if let Some(c) = d(0).filter(|c| c.is_ascii_digit()) {
            n = n * 10 + c.to_digit(10).unwrap_or(0) as usize;
            self.i += 1;
        }
        if n > self.groups {
            return err(format!("invalid group reference {n}"), at + 1);
        }
        if self.open.contains(&n) {
            return err("cannot refer to an open group", at);
        }
        Ok(Some(n))
    }

    /// `\d`, `\w`, `\s` and their opposites, ASCII-only under `re.A`
    /// (inside a class the ranges go bare, an opposite as a nested class).
    fn class_escape(&self, c: char, in_class: bool) -> Option<&'static str> {
        if in_class {
            match (c, self.ascii) {
                ('d', true) => return Some("0-9"),
                ('w', true) => return Some("0-9A-Za-z_"),
                ('s', true) => return Some("\\t\\n\\x0B\\x0C\\r "),
                ('s', false) => return Some("\\s\\x1C-\\x1F"),
                ('w', false) => return Some("\\p{L}\\p{N}_"),
                _ => {}
            }
        }
        // Python's `\s` is `str.isspace`, which also takes \x1c-\x1f;
        // its `\w` is `str.isalnum` or `_`: letters and numbers, no marks.
        Some(match (c, self.ascii) {
            ('d', false) => "\\d",
            ('D', false) => "\\D",
            ('w', false) => "[\\p{L}\\p{N}_]",
            ('W', false) => "[^\\p{L}\\p{N}_]",
            ('s', false) => "[\\s\\x1C-\\x1F]",
            ('S', false) => "[^\\s\\x1C-\\x1F]",
            ('d', true) => "[0-9]",
            ('D', true) => "[^0-9]",
            ('w', true) => "[0-9A-Za-z_]",
            ('W', true) => "[^0-9A-Za-z_]",
            ('s', true) => "[\\t\\n\\x0B\\x0C\\r ]",
            ('S', true) => "[^\\t\\n\\x0B\\x0C\\r ]",
            _ => return None,
        })
    }

    /// The character an escape stands for (`\n`, `\x41`, `\012`, `\.`).
    /// The cursor is after the letter.
    fn char_escape(&mut self, c: char, at: usize) -> Res<char> {
        Ok(match c {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            'x' => self.hex(2, at)?,
            'u' => self.hex(4, at)?,
            'U' => self.hex(8, at)?,
            '0'..='7' => {
                let mut v = c.to_digit(8).unwrap_or(0);
                // Up to three octal digits in all.
                for _ in 0..2 {
                    match self.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            self.i += 1;
                        }
                        None => break,
                    }
                }
                if v > 0o377 {
                    let text: String = self.src[at..self.i].iter().collect();
                    return err(
                        format!("octal escape value {text} outside of range 0-0o377"),
                        at,
                    );
                }
                char::from_u32(v).unwrap_or('\0')
            }
            c if c.is_ascii_alphanumeric() => return err(format!("bad escape \\{c}"), at),
            c => c,
        })
    }

    fn hex(&mut self, digits: usize, at: usize) -> Res<char> {
        let end = self.i + digits;
        let text: String = self.src[self.i..end.min(self.src.len())].iter().collect();
        let letter = self.src[at + 1];
        if text.chars().count() < digits || !text.chars().all(|c| c.is_ascii_hexdigit()) {
            let shown: String = self.src[at..end.min(self.src.len())]
                .iter()
                .take_while(|c| **c == '\\' || **c == letter || c.is_ascii_hexdigit())
                .collect();
            return err(format!("incomplete escape {shown}"), at);
        }
        self.i = end;
        let v = u32::from_str_radix(&text, 16).unwrap_or(0);
        match char::from_u32(v) {
            Some(c) => Ok(c),
            None => err(format!("bad escape \\{letter}{text}"), at),
        }
    }

    /// `[…]`, written as an engine class of escaped characters.
    pub(super) fn class(&mut self) -> Res<()> {
        let open_at = self.i;
        self.i += 1;
        let mut body = String::new();
        if self.peek() == Some('^') {
            self.i += 1;
            body.push('^');
        }
        let first = self.i;
        loop {
            let Some(c) = self.peek() else {
                return err("unterminated character set", open_at);
            };
            if c == ']' && self.i > first {
                self.i += 1;
                break;
            }
            let item_at = self.i;
            let lo = self.class_item()?;
            let is_range = self.peek() == Some('-') && self.src.get(self.i + 1) != Some(&']');
            match (lo, is_range && self.src.get(self.i + 1).is_some()) {
                (Item::Char(lo), true) => {
                    self.i += 1;
                    let hi = match self.class_item()? {
                        Item::Char(hi) => hi,
                        Item::Class(_) => {
                            let text: String = self.src[item_at..self.i].iter().collect();
                            return err(format!("bad character range {text}"), item_at);
                        }
                    };
                    if hi < lo {
                        let text: String = self.src[item_at..self.i].iter().collect();
                        return err(format!("bad character range {text}"), item_at);
                    }
                    push_literal(&mut body, lo);
                    body.push('-');
                    push_literal(&mut body, hi);
                }
                (Item::Class(s), true) => {
                    let text: String = self.src[item_at..self.i + 2].iter().collect();
                    let _ = s;
                    return err(format!("bad character range {text}"), item_at);
                }
                (Item::Char(c), false) => push_literal(&mut body, c),
                (Item::Class(s), false) => body.push_str(s),
            }
        }
        self.out.push('[');
        self.out.push_str(&body);
        self.out.push(']');
        Ok(())
    }

    /// One character or class escape inside `[…]`.
    fn class_item(&mut self) -> Res<Item> {
        let c = self.src[self.i];
        self.i += 1;
        if c != '\\' {
            return Ok(Item::Char(c));
        }
        let at = self.i - 1;
        let Some(e) = self.peek() else {
            return err("unterminated character set", at);
        };
        self.i += 1;
        if let Some(s) = self.class_escape(e, true) {
            return Ok(Item::Class(s));
        }
        Ok(Item::Char(match e {
            'b' => '\x08',
            '1'..='9' if !(e <= '7' && self.peek().is_some_and(|d| ('0'..='7').contains(&d))) => {
                return err(format!("bad escape \\{e}"), at)
            }
            _ => self.char_escape(e, at)?,
        }))
    }
}

enum Item {
    Char(char),
    Class(&'static str),
}

/// `c` as the engine reads it literally.
pub(super) fn push_literal(out: &mut String, c: char) {
    if c.is_alphanumeric() || c == '_' {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}
