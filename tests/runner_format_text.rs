//! `%`-formatting and `str.format` cases whose expected results were
//! printed by python3 3.11 (`template % args`, `template.format(...)`).

// 3.14159 and friends are values to format, not approximations of π.
#![allow(clippy::approx_constant)]

#[path = "runner_format/support.rs"]
mod support;

use support::{check, i, map, s, tup, Call, Expected, Percent, V};
use threadlab::interleave::runner::format::{
    format_with, parse_format_string, percent_format, ArgName, ErrorKind::*, FormatPiece,
};

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
