//! Python's regular-expression syntax, rewritten into `fancy-regex`'s.
//!
//! The two dialects mostly agree; where they do not, Python's meaning wins:
//! `$` also matches before a final newline, `\Z` is the very end, `\d`/`\w`
//! follow the ASCII flag, `{,n}` means `{0,n}`, a `{` that starts no repeat
//! is a literal, `[` inside a class is a literal, `\0`/`\012` are octal,
//! verbose mode drops whitespace and `# comments` here (so the output never
//! depends on the engine's own verbose rules), and `(?x)`, `(?a)` apply as
//! Python says. Every literal is written as `\x{..}` unless it is a letter
//! or digit, so no Python text can mean something else to the engine.
//! Patterns Python refuses get Python's `re.error` message and position.

use super::escapes::push_literal;
use super::flags::{ASCII, DOTALL, IGNORECASE, LOCALE, MULTILINE, UNICODE, VERBOSE};

/// A pattern ready for the engine.
#[derive(Debug, Clone)]
pub struct Translated {
    pub pattern: String,
    /// The flags in force: those passed plus the pattern's leading `(?…)`.
    pub flags: u32,
    pub groups: usize,
    pub names: Vec<(String, usize)>,
    /// Each group's enclosing group (0: none), for `Match.lastindex`.
    pub parents: Vec<usize>,
}

/// Python's `re.error`: message and the character position it names.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternError {
    pub msg: String,
    pub pos: usize,
}

pub(super) type Res<T> = Result<T, PatternError>;

pub(super) fn err<T>(msg: impl Into<String>, pos: usize) -> Res<T> {
    Err(PatternError {
        msg: msg.into(),
        pos,
    })
}

pub(super) struct Tr {
    pub(super) src: Vec<char>,
    pub(super) i: usize,
    pub(super) out: String,
    pub(super) groups: usize,
    pub(super) names: Vec<(String, usize)>,
    pub(super) parents: Vec<usize>,
    /// Groups still open (a backreference to one is refused).
    pub(super) open: Vec<usize>,
    pub(super) verbose: bool,
    pub(super) ascii: bool,
    pub(super) multiline: bool,
}

/// Rewrites `pattern` (compiled with `flags`) for the engine.
pub fn translate(pattern: &str, flags: u32) -> Res<Translated> {
    let mut t = Tr {
        src: pattern.chars().collect(),
        i: 0,
        out: String::with_capacity(pattern.len() * 2),
        groups: 0,
        names: Vec::new(),
        parents: Vec::new(),
        open: Vec::new(),
        verbose: false,
        ascii: false,
        multiline: false,
    };
    let mut flags = flags | t.leading_flags()?;
    if flags & LOCALE != 0 {
        return err("cannot use LOCALE flag with a str pattern", 0);
    }
    if flags & ASCII != 0 && flags & UNICODE != 0 {
        return err("ASCII and UNICODE flags are incompatible", 0);
    }
    if flags & ASCII == 0 {
        flags |= UNICODE;
    }
    t.verbose = flags & VERBOSE != 0;
    t.ascii = flags & ASCII != 0;
    t.multiline = flags & MULTILINE != 0;
    let mut prefix = String::new();
    for (bit, c) in [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')] {
        if flags & bit != 0 {
            prefix.push(c);
        }
    }
    if !prefix.is_empty() {
        t.out.push_str(&format!("(?{prefix})"));
    }
    t.sequence(0)?;
    if t.i < t.src.len() {
        // Only an unmatched `)` stops the top-level sequence early.
        return err("unbalanced parenthesis", t.i);
    }
    Ok(Translated {
        pattern: t.out,
        flags,
        groups: t.groups,
        names: t.names,
        parents: t.parents,
    })
}

fn flag_bit(c: char) -> Option<u32> {
    Some(match c {
        'i' => IGNORECASE,
        'L' => LOCALE,
        'm' => MULTILINE,
        's' => DOTALL,
        'u' => UNICODE,
        'x' => VERBOSE,
        'a' => ASCII,
        _ => return None,
    })
}

impl Tr {
    pub(super) fn peek(&self) -> Option<char> {
        self.src.get(self.i).copied()
    }

    fn at(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.src.get(self.i + k) == Some(&c))
    }

    /// The `(?imsx)` groups at the very start: flags for the whole pattern.
    fn leading_flags(&mut self) -> Res<u32> {
        let mut flags = 0;
        loop {
            if !self.at("(?") {
                return Ok(flags);
            }
            let mut j = self.i + 2;
            let mut f = 0;
            while let Some(b) = self.src.get(j).copied().and_then(flag_bit) {
                f |= b;
                j += 1;
            }
            if j == self.i + 2 || self.src.get(j) != Some(&')') {
                return Ok(flags);
            }
            flags |= f;
            self.i = j + 1;
        }
    }

    /// Skips what verbose mode ignores outside classes.
    fn skip_verbose(&mut self) {
        while self.verbose {
            match self.peek() {
                Some(c) if c.is_whitespace() => self.i += 1,
                Some('#') => {
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        if c == '\n' {
                            break;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// A sequence of alternatives, up to a `)` (not consumed) or the end.
    fn sequence(&mut self, depth: usize) -> Res<()> {
        // Where the last repeatable item starts in `out` (None: nothing to
        // repeat), and whether it is itself a repeat.
        let mut last: Option<usize> = None;
        let mut repeated = false;
        loop {
            self.skip_verbose();
            let Some(c) = self.peek() else {
                return Ok(());
            };
            let start = self.out.len();
            match c {
                ')' => {
                    if depth == 0 {
                        return err("unbalanced parenthesis", self.i);
                    }
                    return Ok(());
                }
                '|' => {
                    self.i += 1;
                    self.out.push('|');
                    last = None;
                    repeated = false;
                    continue;
                }
                '*' | '+' | '?' | '{' => {
                    if c != '{' || self.repeat_braces().is_some() {
                        let Some(from) = last else {
                            return err("nothing to repeat", self.i);
                        };
                        if repeated {
                            return err("multiple repeat", self.i);
                        }
                        self.repeat(from)?;
                        repeated = true;
                        continue;
                    }
                    self.i += 1;
                    self.literal('{');
                }
                '(' => {
                    let repeatable = self.group(depth)?;
                    last = repeatable.then_some(start);
                    repeated = false;
                    continue;
                }
                '[' => self.class()?,
                '.' => {
                    self.i += 1;
                    self.out.push('.');
                }
                '^' | '$' => {
                    self.i += 1;
                    self.anchor(c);
                    last = None;
                    repeated = false;
                    continue;
                }
                '\\' => {
                    if !self.escape()? {
                        last = None;
                        repeated = false;
                        continue;
                    }
                }
                _ => {
                    self.i += 1;
                    self.literal(c);
                }
            }
            last = Some(start);
            repeated = false;
        }
    }

    fn anchor(&mut self, c: char) {
        match (c, self.multiline) {
            ('^', false) => self.out.push_str("(?-m:^)"),
            ('^', true) => self.out.push_str("(?m:^)"),
            ('$', true) => self.out.push_str("(?m:$)"),
            // Python's `$`: the end, or just before a newline that ends it.
            _ => self.out.push_str("(?=\\n?\\z)"),
        }
    }

    pub(super) fn literal(&mut self, c: char) {
        push_literal(&mut self.out, c);
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` at the cursor: (min, max, length).
    fn repeat_braces(&self) -> Option<(u64, Option<u64>, usize)> {
        let mut j = self.i + 1;
        let num = |j: &mut usize| -> Option<u64> {
            let s = *j;
            while self.src.get(*j).is_some_and(|c| c.is_ascii_digit()) {
                *j += 1;
            }
            (*j > s).then(|| {
                let t: String = self.src[s..*j].iter().collect();
                t.parse().unwrap_or(u64::MAX)
            })
        };
        let lo = num(&mut j);
        let hi = if self.src.get(j) == Some(&',') {
            j += 1;
            num(&mut j)
        } else {
            Some(lo?)
        };
        (self.src.get(j) == Some(&'}')).then_some((lo.unwrap_or(0), hi, j + 1 - self.i))
    }

    /// A repeat of the item written from `from`: its bounds, then `?`
    /// (lazy) or `+` (possessive).
    fn repeat(&mut self, from: usize) -> Res<()> {
        let at = self.i;
        let (lo, hi) = match self.src[self.i] {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            _ => {
                let (lo, hi, len) = self.repeat_braces().expect("checked by the caller");
                self.i += len - 1;
                (lo, hi)
            }
        };
        self.i += 1;
        if hi.is_some_and(|h| h < lo) {
            return err("min repeat greater than max repeat", at + 1);
        }
        if lo > u32::MAX as u64 || hi.is_some_and(|h| h > u32::MAX as u64) {
            return err("the repetition number is too large", at + 1);
        }
        // The engine's repeat binds to one atom: group what was written.
        self.out.insert_str(from, "(?:");
        self.out.push(')');
        match (lo, hi) {
            (0, None) => self.out.push('*'),
            (1, None) => self.out.push('+'),
            (0, Some(1)) => self.out.push('?'),
            (lo, None) => self.out.push_str(&format!("{{{lo},}}")),
            (lo, Some(hi)) => self.out.push_str(&format!("{{{lo},{hi}}}")),
        }
        match self.peek() {
            Some('?') => {
                self.i += 1;
                self.out.push('?');
            }
            Some('+') => {
                self.i += 1;
                self.out.insert_str(from, "(?>");
                self.out.push(')');
            }
            _ => {}
        }
        Ok(())
    }

    /// A group of any kind; returns whether a repeat may follow it.
    fn group(&mut self, depth: usize) -> Res<bool> {
        let open_at = self.i;
        // The engine's parser stops at 64 levels (and this one recurses).
        if depth >= 60 {
            return err("too many nested parentheses for this engine", open_at);
        }
        self.i += 1;
        let saved = (self.verbose, self.ascii, self.multiline);
        let mut number = None;
        if self.peek() != Some('?') {
            self.groups += 1;
            number = Some(self.groups);
            self.out.push('(');
        } else {
            self.i += 1;
            match self.group_kind(open_at)? {
                Kind::Done(repeatable) => return Ok(repeatable),
                Kind::Open(n) => number = n,
                Kind::Plain => {}
            }
        }
        if let Some(n) = number {
            self.parents.push(self.open.last().copied().unwrap_or(0));
            self.open.push(n);
        }
        self.sequence(depth + 1)?;
        if self.peek() != Some(')') {
            return err("missing ), unterminated subpattern", open_at);
        }
        self.i += 1;
        self.out.push(')');
        if number.is_some() {
            self.open.pop();
        }
        (self.verbose, self.ascii, self.multiline) = saved;
        Ok(true)
    }

    /// What follows `(?`: written to `out` up to the group's body.
    fn group_kind(&mut self, open_at: usize) -> Res<Kind> {
        let c = self.peek();
        match c {
            Some(':') => self.open_with(1, "(?:"),
            Some('=') => self.open_with(1, "(?="),
            Some('!') => self.open_with(1, "(?!"),
            Some('>') => self.open_with(1, "(?>"),
            Some('<') if self.at("<=") => self.open_with(2, "(?<="),
            Some('<') if self.at("<!") => self.open_with(2, "(?<!"),
            Some('P') if self.at("P<") => {
                self.i += 2;
                let name = self.name('>', "missing >, unterminated name")?;
                self.define_name(&name, self.i - name.chars().count() - 1)?;
                self.groups += 1;
                // Plain: the names are kept here, not in the engine.
                self.out.push('(');
                Ok(Kind::Open(Some(self.groups)))
            }
            Some('P') if self.at("P=") => {
                self.i += 2;
                let at = self.i;
                let name = self.name(')', "missing ), unterminated name")?;
                let Some(n) = self.names.iter().find(|(m, _)| *m == name).map(|p| p.1) else {
                    return err(format!("unknown group name '{name}'"), at);
                };
                if self.open.contains(&n) {
                    return err("cannot refer to an open group", at - 4);
                }
                self.out.push_str(&format!("(?:\\{n})"));
                Ok(Kind::Done(true))
            }
            Some('#') => {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == ')' {
                        return Ok(Kind::Done(false));
                    }
                }
                err("missing ), unterminated comment", open_at)
            }
            Some('(') => self.conditional(),
            Some(c) if flag_bit(c).is_some() || c == '-' => self.local_flags(open_at),
            Some('P') | Some('<') => {
                let ext: String = self.src[self.i..(self.i + 2).min(self.src.len())]
                    .iter()
                    .collect();
                err(format!("unknown extension ?{ext}"), open_at + 1)
            }
            Some(c) => err(format!("unknown extension ?{c}"), open_at + 1),
            None => err("unexpected end of pattern", self.i),
        }
    }

    fn open_with(&mut self, skip: usize, text: &str) -> Res<Kind> {
        self.i += skip;
        self.out.push_str(text);
        Ok(Kind::Plain)
    }

    /// A group name up to `end`; it must be an identifier.
    fn name(&mut self, end: char, missing: &str) -> Res<String> {
        let at = self.i;
        let mut name = String::new();
        loop {
            match self.peek() {
                None => return err(missing, at),
                Some(c) if c == end => break,
                Some(c) => name.push(c),
            }
            self.i += 1;
        }
        self.i += 1;
        if name.is_empty() {
            return err("missing group name", at);
        }
        if !is_identifier(&name) {
            return err(format!("bad character in group name '{name}'"), at);
        }
        Ok(name)
    }

    fn define_name(&mut self, name: &str, at: usize) -> Res<()> {
        if let Some((_, was)) = self.names.iter().find(|(m, _)| m == name) {
            let msg = format!(
                "redefinition of group name '{name}' as group {}; was group {was}",
                self.groups + 1
            );
            return err(msg, at);
        }
        self.names.push((name.to_string(), self.groups + 1));
        Ok(())
    }

    /// `(?(1)yes|no)` or `(?(name)yes|no)`.
    fn conditional(&mut self) -> Res<Kind> {
        self.i += 1;
        let at = self.i;
        let mut name = String::new();
        loop {
            match self.peek() {
                None => return err("missing ), unterminated name", at),
                Some(')') => break,
                Some(c) => name.push(c),
            }
            self.i += 1;
        }
        self.i += 1;
        let n = if !name.is_empty() && name.chars().all(|c| c.is_ascii_digit()) {
            match name.parse::<usize>() {
                Ok(n) if n >= 1 && n <= self.groups => n,
                _ => return err(format!("invalid group reference {name}"), at),
            }
        } else if !is_identifier(&name) {
            return err(format!("bad character in group name '{name}'"), at);
        } else {
            match self.names.iter().find(|(m, _)| *m == name) {
                Some((_, n)) => *n,
                None => return err(format!("unknown group name '{name}'"), at),
            }
        };
        self.out.push_str(&format!("(?({n})"));
        Ok(Kind::Plain)
    }

    /// `(?i:…)`, `(?-i:…)`, or a misplaced `(?i)`.
    fn local_flags(&mut self, open_at: usize) -> Res<Kind> {
        let (mut on, mut off, mut neg) = (0, 0, false);
        loop {
            match self.peek() {
                Some('-') if !neg => neg = true,
                Some(c) if flag_bit(c).is_some() => {
                    let b = flag_bit(c).unwrap_or(0);
                    if neg {
                        off |= b;
                    } else {
                        on |= b;
                    }
                }
                Some(':') => break,
                Some(')') if !neg => {
                    return err("global flags not at the start of the expression", open_at)
                }
                Some(_) => return err("unknown flag", self.i),
                None => return err("missing -, : or )", self.i),
            }
            self.i += 1;
        }
        self.i += 1;
        if (on | off) & LOCALE != 0 {
            return err(
                "bad inline flags: cannot use 'L' flag with a str pattern",
                self.i - 1,
            );
        }
        let mut text = String::from("(?");
        for (bit, ch) in [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')] {
            if on & bit != 0 {
                text.push(ch);
            }
        }
        if off & (IGNORECASE | MULTILINE | DOTALL) != 0 {
            text.push('-');
            for (bit, ch) in [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')] {
                if off & bit != 0 {
                    text.push(ch);
                }
            }
        }
        text.push(':');
        self.out.push_str(&text);
        let set = |v: &mut bool, bit: u32| {
            if on & bit != 0 {
                *v = true;
            }
            if off & bit != 0 {
                *v = false;
            }
        };
        set(&mut self.verbose, VERBOSE);
        set(&mut self.ascii, ASCII);
        set(&mut self.multiline, MULTILINE);
        Ok(Kind::Plain)
    }
}

enum Kind {
    /// A group whose body follows (with its number, if it captures).
    Open(Option<usize>),
    Plain,
    /// Fully written (a comment or a backreference): may it be repeated?
    Done(bool),
}

/// Python's `str.isidentifier` for group names (letters, digits, `_`,
/// not starting with a digit).
pub(super) fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(p: &str) -> String {
        translate(p, 0).unwrap().pattern
    }

    fn bad(p: &str) -> (String, usize) {
        let e = translate(p, 0).unwrap_err();
        (e.msg, e.pos)
    }

    #[test]
    fn python_only_syntax_is_rewritten() {
        assert_eq!(tr("a{,3}"), "(?:a){0,3}");
        assert_eq!(tr("a{x"), "a\\x{7B}x");
        assert_eq!(tr("a$"), "a(?=\\n?\\z)");
        assert_eq!(tr("\\Z"), "\\z");
        assert_eq!(tr("[[]"), "[\\x{5B}]");
        assert_eq!(tr("\\0\\101"), "\\x{0}A");
        assert_eq!(tr("(a)\\1"), "(a)(?:\\1)");
        assert_eq!(tr("(?P<w>a)(?P=w)"), "(a)(?:\\1)");
        assert_eq!(tr("a*+"), "(?>(?:a)*)");
        assert_eq!(translate("a # c\n b", VERBOSE).unwrap().pattern, "ab");
        assert_eq!(translate("(?x) a b", 0).unwrap().pattern, "ab");
        assert_eq!(translate("\\d", ASCII).unwrap().pattern, "[0-9]");
        assert_eq!(translate("(?i)a", 0).unwrap().pattern, "(?i)a");
    }

    #[test]
    fn leading_flags_count_as_flags() {
        let t = translate("(?im)x", 0).unwrap();
        assert_eq!(t.flags, IGNORECASE | MULTILINE | UNICODE);
    }

    #[test]
    fn groups_and_names() {
        let t = translate("(a)(?P<x>b)(?:c)(d)", 0).unwrap();
        assert_eq!(t.groups, 3);
        assert_eq!(t.names, vec![("x".to_string(), 2)]);
    }

    #[test]
    fn python_errors() {
        assert_eq!(bad("("), ("missing ), unterminated subpattern".into(), 0));
        assert_eq!(bad("a)"), ("unbalanced parenthesis".into(), 1));
        assert_eq!(bad("*a"), ("nothing to repeat".into(), 0));
        assert_eq!(bad("a**"), ("multiple repeat".into(), 2));
        assert_eq!(bad("[a"), ("unterminated character set".into(), 0));
        assert_eq!(bad("[z-a]"), ("bad character range z-a".into(), 1));
        assert_eq!(bad("\\q"), ("bad escape \\q".into(), 0));
        assert_eq!(bad("(a)\\2"), ("invalid group reference 2".into(), 4));
        assert_eq!(
            bad("a{3,2}"),
            ("min repeat greater than max repeat".into(), 2)
        );
        assert_eq!(
            bad("a(?i)"),
            ("global flags not at the start of the expression".into(), 1)
        );
        assert_eq!(
            bad("(?P<1>a)"),
            ("bad character in group name '1'".into(), 4)
        );
        assert_eq!(bad("(?P=x)"), ("unknown group name 'x'".into(), 4));
    }
}
