//! Formatting cases whose expected results were printed by python3 3.11
//! (`format(v, spec)`, `repr()`); `runner_format_text.rs` has `%` and
//! `str.format`, and `runner_format_oracle.rs` compares many more random
//! cases with a live python3.

// 3.14159 and friends are values to format, not approximations of π.
#![allow(clippy::approx_constant)]

#[path = "runner_format/support.rs"]
mod support;

use num_bigint::BigInt;
use support::{check, Expected};
use threadlab::interleave::runner::format::{
    float_repr, format_float, format_int, format_str, str_repr, ErrorKind, ErrorKind::*,
    MAX_FIELD_SIZE,
};

#[test]
fn format_int_matches_python() {
    let table: &[(&str, &str, Expected)] = &[
    ("1234567", "012,", Ok("0,001,234,567")),
    ("1234567", ",", Ok("1,234,567")),
    ("1234", "08,", Ok("0,001,234")),
    ("-1234567", "_", Ok("-1_234_567")),
    ("123456789012345678901234567890", ",", Ok("123,456,789,012,345,678,901,234,567,890")),
    ("-123456789012345678901234567890", "^+45,", Ok("  -123,456,789,012,345,678,901,234,567,890   ")),
    ("255", "x", Ok("ff")),
    ("255", "#x", Ok("0xff")),
    ("255", "#X", Ok("0XFF")),
    ("-255", "#010x", Ok("-0x00000ff")),
    ("5", "b", Ok("101")),
    ("-37", "#b", Ok("-0b100101")),
    ("1000000", "_b", Ok("1111_0100_0010_0100_0000")),
    ("65535", "#_x", Ok("0xffff")),
    ("8", "#o", Ok("0o10")),
    ("97", "c", Ok("a")),
    ("9731", "*^5c", Ok("**☃**")),
    ("5", ".2f", Ok("5.00")),
    ("42", "+", Ok("+42")),
    ("42", " 5", Ok("   42")),
    ("42", "*<6", Ok("42****")),
    ("42", "=+6", Ok("+   42")),
    ("12", "%", Ok("1200.000000%")),
    ("100000000000000000000", "e", Ok("1.000000e+20")),
    ("1", "5.1d", Err((ValueError, "Precision not allowed in integer format specifier"))),
    ("1", "+c", Err((ValueError, "Sign not allowed with integer format specifier 'c'"))),
    ("1", "z", Err((ValueError, "Negative zero coercion (z) not allowed in integer format specifier"))),
    ("1", "s", Err((ValueError, "Unknown format code 's' for object of type 'int'"))),
    ("1", "abc", Err((ValueError, "Invalid format specifier 'abc' for object of type 'int'"))),
    ("-1", "c", Err((OverflowError, "%c arg not in range(0x110000)"))),
    ("1000000000000000000000000000000", "c", Err((OverflowError, "Python int too large to convert to C long"))),
    ("9007199254740993", ".1f", Ok("9007199254740992.0")),
    ("0", "", Ok("0")),
    ("-7", "", Ok("-7")),
    ("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "f", Err((OverflowError, "int too large to convert to float"))),
    ];
    let cases: Vec<_> = table
        .iter()
        .map(|&(v, spec, want)| {
            let v: BigInt = v.parse().unwrap();
            ((v.clone(), spec), format_int(&v, spec), want)
        })
        .collect();
    check(&cases);
}

#[test]
fn format_float_matches_python() {
    let table: &[(f64, &str, Expected)] = &[
    (2.675, ".2f", Ok("2.67")),
    (0.125, ".2f", Ok("0.12")),
    (0.375, ".2f", Ok("0.38")),
    (2.5, ".0f", Ok("2")),
    (-0.0, "", Ok("-0.0")),
    (-0.0, "z.1f", Ok("0.0")),
    (-0.0001, "z.2f", Ok("0.00")),
    (-0.0001, ".2f", Ok("-0.00")),
    (0.5, "%", Ok("50.000000%")),
    (0.12345, ".1%", Ok("12.3%")),
    (1234.5678, "g", Ok("1234.57")),
    (1234.5678, "#g", Ok("1234.57")),
    (100.0, "g", Ok("100")),
    (100.0, "#g", Ok("100.000")),
    (1e-5, "g", Ok("1e-05")),
    (1e16, "g", Ok("1e+16")),
    (123456789.0, ".3g", Ok("1.23e+08")),
    (0.0001, ".3", Ok("0.0001")),
    (1.0, ".3", Ok("1.0")),
    (f64::INFINITY, "", Ok("inf")),
    (1.5e300, "", Ok("1.5e+300")),
    (1.5e300, ",.2f", Ok("1,500,000,000,000,000,078,757,140,382,806,630,373,056,702,871,662,238,732,373,781,173,267,703,686,983,362,293,679,557,062,620,671,796,065,556,665,749,325,817,265,413,784,853,040,645,863,467,188,277,180,060,474,272,580,801,389,863,705,606,745,350,692,182,135,089,053,429,852,456,199,917,621,678,558,451,461,320,111,979,114,170,213,741,868,888,183,230,085,264,257,173,504,208,294,580,298,189,100,810,240.00")),
    (5e-324, "", Ok("5e-324")),
    (5e-324, ".3e", Ok("4.941e-324")),
    (1e-5, "", Ok("1e-05")),
    (1e16, "", Ok("1e+16")),
    (1e16 - 2.0, "", Ok("9999999999999998.0")),
    (0.1 + 0.2, "", Ok("0.30000000000000004")),
    (f64::NAN, "+010", Ok("+000000nan")),
    (f64::NEG_INFINITY, "F", Ok("-INF")),
    (f64::INFINITY, "010", Ok("0000000inf")),
    (1234567.891, "015,.2f", Ok("0,001,234,567.89")),
    (1234567.891, "_.3e", Ok("1.235e+06")),
    (3.14159, "*^12.3f", Ok("***3.142****")),
    (-3.14159, "=12.3f", Ok("-      3.142")),
    (1.0, "#", Ok("1.0")),
    (1e16, "#", Ok("1.e+16")),
    (12.0, "n", Ok("12")),
    (1.5, "d", Err((ValueError, "Unknown format code 'd' for object of type 'float'"))),
    (1.5, ".f", Err((ValueError, "Format specifier missing precision"))),
    (1.5, ",,", Err((ValueError, "Cannot specify ',' with ','."))),
    (1.5, ",_", Err((ValueError, "Cannot specify both ',' and '_'."))),
    (1.5, "_,", Err((ValueError, "Cannot specify both ',' and '_'."))),
    (1.5, "99999999999999999999", Err((ValueError, "Too many decimal digits in format string"))),
    (0.1, ".30f", Ok("0.100000000000000005551115123126")),
    (1e22, "", Ok("1e+22")),
    (1e-7, ".2", Ok("1e-07")),
    (123.456, "+.2e", Ok("+1.23e+02")),
    (-1e-300, "E", Ok("-1.000000E-300")),
    (1.0, "", Ok("1.0")),
    (100.0, "", Ok("100.0")),
    ];
    let cases: Vec<_> = table
        .iter()
        .map(|&(x, spec, want)| ((x, spec), format_float(x, spec), want))
        .collect();
    check(&cases);
}

#[test]
fn format_str_matches_python() {
    let table: &[(&str, &str, Expected)] = &[
        ("abc", "*^9", Ok("***abc***")),
        ("abc", "^8", Ok("  abc   ")),
        ("abc", ".2", Ok("ab")),
        ("abc", "->6.1", Ok("-----a")),
        ("héllo", "é>8", Ok("éééhéllo")),
        ("ab", "05", Ok("ab000")),
        (
            "abc",
            "+",
            Err((ValueError, "Sign not allowed in string format specifier")),
        ),
        (
            "abc",
            " ",
            Err((ValueError, "Space not allowed in string format specifier")),
        ),
        (
            "abc",
            "#",
            Err((
                ValueError,
                "Alternate form (#) not allowed in string format specifier",
            )),
        ),
        (
            "abc",
            "=",
            Err((
                ValueError,
                "'=' alignment not allowed in string format specifier",
            )),
        ),
        (
            "abc",
            ",",
            Err((ValueError, "Cannot specify ',' with 's'.")),
        ),
        (
            "abc",
            "d",
            Err((
                ValueError,
                "Unknown format code 'd' for object of type 'str'",
            )),
        ),
        ("abc", "", Ok("abc")),
        (
            "abc",
            "z",
            Err((
                ValueError,
                "Negative zero coercion (z) not allowed in string format specifier",
            )),
        ),
    ];
    let cases: Vec<_> = table
        .iter()
        .map(|&(v, spec, want)| ((v, spec), format_str(v, spec), want))
        .collect();
    check(&cases);
}

#[test]
fn str_repr_matches_python() {
    let table: &[(&str, &str)] = &[
        ("", "''"),
        ("abc", "'abc'"),
        ("it's", "\"it's\""),
        ("say \"hi\"", "'say \"hi\"'"),
        ("both ' and \"", "'both \\' and \"'"),
        ("tab\tnl\nret\u{d}bs\\", "'tab\\tnl\\nret\\rbs\\\\'"),
        ("\u{7}\u{0}\u{1f}\u{7f}", "'\\x07\\x00\\x1f\\x7f'"),
        ("héllo ☃ 𝄞", "'héllo ☃ 𝄞'"),
        (
            "\u{a0}\u{ad}\u{200b}\u{2028}\u{feff}",
            "'\\xa0\\xad\\u200b\\u2028\\ufeff'",
        ),
        (
            "\u{e0001}\u{10ffff}\u{d7ff}",
            "'\\U000e0001\\U0010ffff\\ud7ff'",
        ),
        ("é\u{85}", "'é\\x85'"),
    ];
    let cases: Vec<_> = table
        .iter()
        .map(|&(v, want)| (v, Ok(str_repr(v)), Ok(want)))
        .collect();
    check(&cases);
}

#[test]
fn float_repr_matches_python() {
    let table: &[(f64, &str)] = &[
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (-1.5, "-1.5"),
        (0.1, "0.1"),
        (1e+16, "1e+16"),
        (1000000000000000.0, "1000000000000000.0"),
        (9999999999999998.0, "9999999999999998.0"),
        (0.0001, "0.0001"),
        (1e-05, "1e-05"),
        (0.00012345, "0.00012345"),
        (1.5e+300, "1.5e+300"),
        (5e-324, "5e-324"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (1.7976931348623157e+308, "1.7976931348623157e+308"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (f64::NAN, "nan"),
        (123456789.12345679, "123456789.12345679"),
        (0.3333333333333333, "0.3333333333333333"),
        (0.6666666666666666, "0.6666666666666666"),
        (100.0, "100.0"),
        (1e+22, "1e+22"),
        (1e+23, "1e+23"),
    ];
    let cases: Vec<_> = table
        .iter()
        .map(|&(x, want)| (x, Ok(float_repr(x)), Ok(want)))
        .collect();
    check(&cases);
}

#[test]
fn sizes_past_the_limit_raise_memory_error_instead_of_allocating() {
    // Not CPython's behaviour (it would try to allocate): the runner's
    // guard, so that a huge width cannot abort the browser's worker.
    let huge = format!("{}", MAX_FIELD_SIZE + 1);
    let fine = format!("{}", 1000);
    for spec in [format!(">{huge}"), format!(".{huge}f"), huge.clone()] {
        let err = format_float(1.5, &spec).unwrap_err();
        assert_eq!(err.kind, ErrorKind::MemoryError, "{spec}");
    }
    assert_eq!(format_str("a", &huge).unwrap_err().kind, MemoryError);
    assert_eq!(
        format_int(&BigInt::from(1), &huge).unwrap_err().kind,
        MemoryError
    );
    assert_eq!(format_str("a", &fine).unwrap().len(), 1000);
}
