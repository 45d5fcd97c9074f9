//! Number literals: ints (decimal, `0x`, `0o`, `0b`, with `_`), ints beyond
//! 64 bits (kept as decimal digits), floats (`1.5`, `.5`, `1e-3`, `1_000.0`).

use super::{err, Lexer, Tok};
use crate::interleave::ParseError;

impl Lexer {
    /// Digits of `radix` with single `_` between them; the text without `_`.
    fn digits(&mut self, radix: u32, line: u32, col: u32) -> Result<String, ParseError> {
        let mut s = String::new();
        loop {
            match self.peek(0) {
                Some(d) if d.is_digit(radix) => {
                    s.push(d);
                    self.bump();
                }
                Some('_')
                    if matches!(self.peek(1), Some(d) if d.is_digit(radix)) && !s.is_empty() =>
                {
                    self.bump();
                }
                Some('_') => return Err(err(line, col, "invalid decimal literal")),
                _ => return Ok(s),
            }
        }
    }

    pub(super) fn number(&mut self) -> Result<Tok, ParseError> {
        let (line, col) = (self.line, self.col);
        let radix = match (self.peek(0), self.peek(1).map(|c| c.to_ascii_lowercase())) {
            (Some('0'), Some('x')) => 16,
            (Some('0'), Some('o')) => 8,
            (Some('0'), Some('b')) => 2,
            _ => 10,
        };
        if radix != 10 {
            self.bump();
            self.bump();
            if self.peek(0) == Some('_') {
                self.bump();
            }
            let name = match radix {
                16 => "hexadecimal",
                8 => "octal",
                _ => "binary",
            };
            let digits = self.digits(radix, line, col)?;
            if digits.is_empty() || self.peek(0).is_some_and(|c| c.is_alphanumeric()) {
                return Err(err(line, col, format!("invalid {name} literal")));
            }
            return Ok(int_token(&to_decimal(&digits, radix)));
        }
        let int = self.digits(10, line, col)?;
        let mut float = false;
        let mut text = int.clone();
        if self.peek(0) == Some('.') {
            float = true;
            self.bump();
            text.push('.');
            if matches!(self.peek(0), Some('0'..='9')) {
                text.push_str(&self.digits(10, line, col)?);
            }
        }
        if matches!(self.peek(0), Some('e' | 'E'))
            && (matches!(self.peek(1), Some('0'..='9'))
                || (matches!(self.peek(1), Some('+' | '-'))
                    && matches!(self.peek(2), Some('0'..='9'))))
        {
            float = true;
            self.bump();
            text.push('e');
            if let Some(sign @ ('+' | '-')) = self.peek(0) {
                self.bump();
                text.push(sign);
            }
            text.push_str(&self.digits(10, line, col)?);
        }
        if matches!(self.peek(0), Some('j' | 'J')) {
            return Err(err(line, col, "complex numbers are not supported")
                .as_kind(crate::interleave::SyntaxKind::Unsupported));
        }
        if self
            .peek(0)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            return Err(err(line, col, "invalid decimal literal"));
        }
        if float {
            let v: f64 = text
                .parse()
                .map_err(|_| err(line, col, "invalid decimal literal"))?;
            return Ok(Tok::Float(v));
        }
        if int.len() > 1 && int.starts_with('0') && int.chars().any(|c| c != '0') {
            return Err(err(
                line,
                col,
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            ));
        }
        let trimmed = int.trim_start_matches('0');
        Ok(int_token(if trimmed.is_empty() { "0" } else { trimmed }))
    }
}

fn int_token(decimal: &str) -> Tok {
    match decimal.parse::<i64>() {
        Ok(v) => Tok::Int(v),
        Err(_) => Tok::BigInt(decimal.to_string()),
    }
}

/// `digits` in `radix` as decimal digits, for any length (a hex literal may
/// be wider than 64 bits).
fn to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u64> = vec![0];
    for d in digits.chars() {
        let mut carry = d.to_digit(radix).unwrap_or(0) as u64;
        for limb in limbs.iter_mut() {
            let v = *limb * radix as u64 + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut s = limbs.last().unwrap().to_string();
    for limb in limbs.iter().rev().skip(1) {
        s.push_str(&format!("{limb:09}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::to_decimal;

    #[test]
    fn converts_any_radix_to_decimal() {
        assert_eq!(to_decimal("ff", 16), "255");
        assert_eq!(to_decimal("0", 16), "0");
        assert_eq!(to_decimal("10000000000000000", 16), "18446744073709551616");
        assert_eq!(to_decimal("777", 8), "511");
        assert_eq!(to_decimal("1010", 2), "10");
    }
}
