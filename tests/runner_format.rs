//! Formatting cases whose expected results were printed by python3 3.11
//! (`format(v, spec)`, `repr()`, `template % args`, `template.format()`), to
//! document the corner cases; `runner_format_oracle.rs` compares many more
//! random cases with a live python3.

#[path = "runner_format/support.rs"]
mod support;

use num_bigint::BigInt;
use support::{i, map, s, show, tup, Call, Percent, V};
use threadlab::interleave::runner::format::{
    float_repr, format_float, format_int, format_str, format_with, parse_format_string,
    percent_format, str_repr, ArgName, ErrorKind, ErrorKind::*, FormatError, FormatPiece,
};

type Expected = Result<&'static str, (ErrorKind, &'static str)>;

fn expected(e: &Expected) -> String {
    let r = e
        .map(str::to_string)
        .map_err(|(k, m)| FormatError::new(k, m));
    show(&r)
}

/// Runs every case and reports all mismatches at once.
fn check<T: std::fmt::Debug>(cases: &[(T, Result<String, FormatError>, Expected)]) {
    let bad: Vec<String> = cases
        .iter()
        .filter(|(_, got, want)| show(got) != expected(want))
        .map(|(what, got, want)| format!("{what:?}: got {}, want {}", show(got), expected(want)))
        .collect();
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

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
fn percent_format_matches_python() {
    let table: Vec<(&str, V, Expected)> = vec![
        ("%s %s", tup(vec![i("1"), s("a")]), Ok("1 a")),
        (
            "%(asctime)s %(threadName)s %(levelname)s %(message)s",
            map(vec![
                ("asctime", s("2024-01-01 12:00:00,000")),
                ("threadName", s("Thread-1 (worker)")),
                ("levelname", s("INFO")),
                ("message", s("done")),
                ("lineno", i("42")),
            ]),
            Ok("2024-01-01 12:00:00,000 Thread-1 (worker) INFO done"),
        ),
        (
            "%(levelname)-8s|%(lineno)4d|",
            map(vec![
                ("asctime", s("2024-01-01 12:00:00,000")),
                ("threadName", s("Thread-1 (worker)")),
                ("levelname", s("INFO")),
                ("message", s("done")),
                ("lineno", i("42")),
            ]),
            Ok("INFO    |  42|"),
        ),
        (
            "%5d|%-5d|%05d|%+d|% d",
            tup(vec![i("42"), i("42"), i("42"), i("42"), i("42")]),
            Ok("   42|42   |00042|+42| 42"),
        ),
        (
            "%x %X %#x %#X %o %#o",
            tup(vec![
                i("255"),
                i("255"),
                i("255"),
                i("255"),
                i("255"),
                i("255"),
            ]),
            Ok("ff FF 0xff 0XFF 377 0o377"),
        ),
        (
            "%.2f %e %g %G %10.3f",
            tup(vec![
                V::F(3.14159),
                V::F(12345.678),
                V::F(0.0001),
                V::F(1e-10),
                V::F(2.675),
            ]),
            Ok("3.14 1.234568e+04 0.0001 1E-10      2.675"),
        ),
        ("%r %a", tup(vec![s("é\n"), s("é")]), Ok("'é\\n' '\\xe9'")),
        ("%c%c", tup(vec![i("65"), s("b")]), Ok("Ab")),
        ("%5.1s|", tup(vec![s("abc")]), Ok("    a|")),
        (
            "%*d|%-*d|%.*f",
            tup(vec![i("5"), i("1"), i("5"), i("2"), i("3"), V::F(3.14159)]),
            Ok("    1|2    |3.142"),
        ),
        ("%*s|", tup(vec![i("-5"), s("a")]), Ok("a    |")),
        ("100%%", tup(vec![]), Ok("100%")),
        ("%d", V::F(3.9), Ok("3")),
        ("%i %u", tup(vec![V::F(-3.9), i("7")]), Ok("-3 7")),
        (
            "%s",
            tup(vec![i("1"), i("2")]),
            Err((
                TypeError,
                "not all arguments converted during string formatting",
            )),
        ),
        (
            "%d",
            s("a"),
            Err((TypeError, "%d format: a real number is required, not str")),
        ),
        (
            "%y",
            i("1"),
            Err((
                ValueError,
                "unsupported format character 'y' (0x79) at index 1",
            )),
        ),
        (
            "%y",
            tup(vec![]),
            Err((TypeError, "not enough arguments for format string")),
        ),
        ("%", i("1"), Err((ValueError, "incomplete format"))),
        (
            "%(a",
            map(vec![("a", i("1"))]),
            Err((ValueError, "incomplete format key")),
        ),
        (
            "%(a)",
            map(vec![("a", i("1"))]),
            Err((ValueError, "incomplete format")),
        ),
        (
            "abc",
            i("5"),
            Err((
                TypeError,
                "not all arguments converted during string formatting",
            )),
        ),
        ("abc", tup(vec![]), Ok("abc")),
        (
            "%s %s",
            tup(vec![i("1")]),
            Err((TypeError, "not enough arguments for format string")),
        ),
        (
            "%(a)s",
            tup(vec![i("1")]),
            Err((TypeError, "format requires a mapping")),
        ),
        ("%(b)s", map(vec![("a", i("1"))]), Err((KeyError, "'b'"))),
        (
            "%c",
            i("-1"),
            Err((OverflowError, "%c arg not in range(0x110000)")),
        ),
        ("%c", s("ab"), Err((TypeError, "%c requires int or char"))),
        ("%c", V::F(1.5), Err((TypeError, "%c requires int or char"))),
        (
            "%x",
            V::F(1.5),
            Err((TypeError, "%x format: an integer is required, not float")),
        ),
        (
            "%f",
            s("a"),
            Err((TypeError, "must be real number, not str")),
        ),
        (
            "%d",
            V::F(f64::NAN),
            Err((ValueError, "cannot convert float NaN to integer")),
        ),
        (
            "%d",
            V::F(f64::INFINITY),
            Err((OverflowError, "cannot convert float infinity to integer")),
        ),
        (
            "%#08o|%#08x|%-#8x|%+05d",
            tup(vec![i("8"), i("8"), i("8"), i("-3")]),
            Ok("0o000010|0x000008|0x8     |-0003"),
        ),
        (
            "%s|%r|%5s",
            tup(vec![V::None, V::None, V::None]),
            Ok("None|None| None"),
        ),
        (
            "%d",
            V::None,
            Err((
                TypeError,
                "%d format: a real number is required, not NoneType",
            )),
        ),
        (
            "%.3d|%+.3x|%#.3X",
            tup(vec![i("5"), i("255"), i("-255")]),
            Ok("005|+0ff|-0X0FF"),
        ),
        (
            "%5%",
            tup(vec![]),
            Err((TypeError, "not enough arguments for format string")),
        ),
        (
            "%5%",
            i("1"),
            Err((
                ValueError,
                "unsupported format character '%' (0x25) at index 2",
            )),
        ),
        (
            "%*d",
            tup(vec![s("a"), i("1")]),
            Err((TypeError, "* wants int")),
        ),
        (
            "%010.3f|%-+9.2e|% g",
            tup(vec![V::F(-3.14159), V::F(2.5), V::F(1e+20)]),
            Ok("-00003.142|+2.50e+00| 1e+20"),
        ),
        (
            "%f|%F|%e",
            tup(vec![
                V::F(f64::INFINITY),
                V::F(f64::NAN),
                V::F(f64::NEG_INFINITY),
            ]),
            Ok("inf|NAN|-inf"),
        ),
        ("%010f", tup(vec![V::F(f64::INFINITY)]), Ok("0000000inf")),
        (
            "%s %s",
            map(vec![("a", i("1"))]),
            Err((TypeError, "not enough arguments for format string")),
        ),
        (
            "%.0f %.0f %.0f",
            tup(vec![V::F(0.5), V::F(1.5), V::F(2.5)]),
            Ok("0 2 2"),
        ),
        (
            "%hd %ld %Lf",
            tup(vec![i("1"), i("2"), V::F(3.0)]),
            Ok("1 2 3.000000"),
        ),
        ("%(a)s %(a)r", map(vec![("a", s("x"))]), Ok("x 'x'")),
        ("%(x(y))s", map(vec![("x(y)", i("1"))]), Ok("1")),
        (
            "%d",
            i("1000000000000000000000000000000"),
            Ok("1000000000000000000000000000000"),
        ),
        (
            "%x",
            i("-1000000000000000000000000000000"),
            Ok("-c9f2c9cd04674edea40000000"),
        ),
        ("%s", s("é"), Ok("é")),
        ("%3c|%-3c|", tup(vec![i("9731"), s("é")]), Ok("  ☃|é  |")),
    ];
    let cases: Vec<_> = table
        .into_iter()
        .map(|(t, args, want)| (t, percent_format(t, &mut Percent(args)), want))
        .collect();
    check(&cases);
}

#[test]
fn str_format_matches_python() {
    let table: Vec<(&str, V, V, Expected)> = vec![
        ("{} {}", tup(vec![i("1"), s("a")]), map(vec![]), Ok("1 a")),
        (
            "{0} {1} {0}",
            tup(vec![s("x"), s("y")]),
            map(vec![]),
            Ok("x y x"),
        ),
        (
            "{:>8}|{:<8}|{:^8}",
            tup(vec![s("a"), s("b"), s("c")]),
            map(vec![]),
            Ok("       a|b       |   c    "),
        ),
        (
            "{name}!",
            tup(vec![]),
            map(vec![("name", s("Bob"))]),
            Ok("Bob!"),
        ),
        (
            "{:{}}",
            tup(vec![V::F(3.14159), i("10")]),
            map(vec![]),
            Ok("   3.14159"),
        ),
        (
            "{:{}.{}f}",
            tup(vec![V::F(3.14159), i("10"), i("2")]),
            map(vec![]),
            Ok("      3.14"),
        ),
        ("{0!r:>8}", tup(vec![s("ab")]), map(vec![]), Ok("    'ab'")),
        ("{{}} {{{0}}}", tup(vec![i("1")]), map(vec![]), Ok("{} {1}")),
        (
            "{n:,}",
            tup(vec![]),
            map(vec![("n", i("123456789012345678901234567890"))]),
            Ok("123,456,789,012,345,678,901,234,567,890"),
        ),
        (
            "{}{0}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((
                ValueError,
                "cannot switch from automatic field numbering to manual field specification",
            )),
        ),
        (
            "{0}{}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((
                ValueError,
                "cannot switch from manual field specification to automatic field numbering",
            )),
        ),
        (
            "{",
            tup(vec![]),
            map(vec![]),
            Err((ValueError, "Single '{' encountered in format string")),
        ),
        (
            "}",
            tup(vec![]),
            map(vec![]),
            Err((ValueError, "Single '}' encountered in format string")),
        ),
        ("x}}y{{", tup(vec![]), map(vec![]), Ok("x}y{")),
        (
            "{0!x}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "Unknown conversion specifier x")),
        ),
        (
            "{0!rr}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "expected ':' after conversion specifier")),
        ),
        (
            "{0!}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "unmatched '{' in format spec")),
        ),
        (
            "{!r",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "unmatched '{' in format spec")),
        ),
        (
            "{0[}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "expected '}' before end of string")),
        ),
        (
            "{0.}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "Empty attribute in format string")),
        ),
        (
            "{0[]}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((ValueError, "Empty attribute in format string")),
        ),
        ("{a} {", tup(vec![]), map(vec![]), Err((KeyError, "'a'"))),
        (
            "{:{:{}}}",
            tup(vec![i("1"), i("2"), i("3")]),
            map(vec![]),
            Err((ValueError, "Max string recursion exceeded")),
        ),
        (
            "{5}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((
                IndexError,
                "Replacement index 5 out of range for positional args tuple",
            )),
        ),
        ("{!a}", tup(vec![s("é")]), map(vec![]), Ok("'\\xe9'")),
        (
            "{:d}",
            tup(vec![V::None]),
            map(vec![]),
            Err((
                TypeError,
                "unsupported format string passed to NoneType.__format__",
            )),
        ),
        ("{}", tup(vec![V::None]), map(vec![]), Ok("None")),
        (
            "{0:{1}}{2}",
            tup(vec![i("1"), i("5"), s("z")]),
            map(vec![]),
            Ok("    1z"),
        ),
        (
            "{:x<{}}",
            tup(vec![s("a"), i("4")]),
            map(vec![]),
            Ok("axxx"),
        ),
        ("{:.3}", tup(vec![s("abcdef")]), map(vec![]), Ok("abc")),
        ("{:+.2%}", tup(vec![V::F(0.25)]), map(vec![]), Ok("+25.00%")),
        (
            "{0:{a}}",
            tup(vec![i("7")]),
            map(vec![("a", s(">4"))]),
            Ok("   7"),
        ),
        (
            "{0:{}}",
            tup(vec![i("7"), i("4")]),
            map(vec![]),
            Err((
                ValueError,
                "cannot switch from manual field specification to automatic field numbering",
            )),
        ),
        (
            "{:{0}}",
            tup(vec![i("7"), i("4")]),
            map(vec![]),
            Err((
                ValueError,
                "cannot switch from automatic field numbering to manual field specification",
            )),
        ),
        (
            "{a{}",
            tup(vec![]),
            map(vec![]),
            Err((ValueError, "unexpected '{' in field name")),
        ),
        ("{0:}", tup(vec![i("1")]), map(vec![]), Ok("1")),
        (
            "{:s}",
            tup(vec![i("1")]),
            map(vec![]),
            Err((
                ValueError,
                "Unknown format code 's' for object of type 'int'",
            )),
        ),
        ("{!s:>4}", tup(vec![i("1")]), map(vec![]), Ok("   1")),
    ];
    let cases: Vec<_> = table
        .into_iter()
        .map(|(t, args, kwargs, want)| (t, format_with(t, &mut Call::new(args, kwargs)), want))
        .collect();
    check(&cases);
}

#[test]
fn parse_format_string_numbers_fields_and_nested_specs() {
    let pieces = parse_format_string("a{}b{:>{}}{x.y[0][k]!r}").unwrap();
    let fields: Vec<_> = pieces
        .iter()
        .filter_map(|p| match p {
            FormatPiece::Field(f) => Some(f),
            FormatPiece::Literal(_) => None,
        })
        .collect();
    assert_eq!(fields.len(), 3);
    assert_eq!(fields[0].arg, ArgName::Index(0));
    assert_eq!(fields[1].arg, ArgName::Index(1));
    // The nested field is numbered after its own field, as CPython does.
    let FormatPiece::Field(nested) = &fields[1].spec[1] else {
        panic!("nested field expected: {:?}", fields[1].spec)
    };
    assert_eq!(nested.arg, ArgName::Index(2));
    assert_eq!(fields[2].arg, ArgName::Name("x".into()));
    assert_eq!(fields[2].accessors.len(), 3);
    assert_eq!(fields[2].conversion, Some('r'));
    let err = parse_format_string("{}{0}").unwrap_err();
    assert_eq!(
        err.message,
        "cannot switch from automatic field numbering to manual field specification"
    );
}
