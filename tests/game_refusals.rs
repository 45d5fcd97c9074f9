//! What the game refuses, and where: its messages and positions were
//! recorded from the parser of the game's own subset before the parser
//! learned the whole language, and must not change now that the game's
//! compiler refuses them instead.

use threadlab::interleave::Program;

const CASES: &[&str] = &[
    "class A:\n    pass\n",
    "x = 1.5\n",
    "x = 1e-3\n",
    "x = .5\n",
    "x = 0x10\n",
    "x = 1_000\n",
    "x = 99999999999999999999\n",
    "x = r\"a\"\n",
    "x = u\"a\"\n",
    "x = b\"a\"\n",
    "y = 1\nx = f\"{y!r}\"\n",
    "y = 1\nx = f\"{y:>5}\"\n",
    "d = {}\nx = f\"{d[\"k\"]}\"\n",
    "x = [1, 2][1:]\n",
    "x = [1, 2][:1]\n",
    "x = [1, 2][::2]\n",
    "x = [i for i in range(3)]\n",
    "x = {1, 2}\n",
    "x = {i for i in range(3)}\n",
    "x = {i: i for i in range(3)}\n",
    "x = (i for i in range(3))\n",
    "x = sum(i for i in range(3))\n",
    "x = {**{}}\n",
    "def f(*args):\n    pass\n",
    "def f(a=1):\n    pass\n",
    "def f(a, b = 1):\n    pass\n",
    "def f(a: int):\n    pass\n",
    "def f() -> int:\n    pass\n",
    "def f(**kw):\n    pass\n",
    "def f(a, *, b):\n    pass\n",
    "print(*[1, 2])\n",
    "print(**{})\n",
    "def f(g):\n    return g\n@f\ndef g():\n    pass\n",
    "nonlocal x\n",
    "x = 1\ndel x\n",
    "def f():\n    yield 1\n",
    "def f():\n    x = yield\n",
    "async def f():\n    pass\n",
    "def f():\n    await f()\n",
    "def f():\n    x = await f()\n",
    "while True:\n    break\nelse:\n    pass\n",
    "for i in range(3):\n    pass\nelse:\n    pass\n",
    "raise ValueError(\"x\") from None\n",
    "x: int = 5\n",
    "from threading import *\n",
    "x = lambda a=1: a\n",
    "x = lambda *a: a\n",
    "x = 1 / 2\n",
    "x = 1\nx /= 2\n",
    "if 1 < 2 < 3:\n    pass\n",
    "x = 1\nif 0 < x is not None:\n    pass\n",
    "import threading\nwith threading.Lock() as a, threading.Lock() as b:\n    pass\n",
    "import threading\nl = threading.Lock()\nwith l, l:\n    pass\n",
    "class E(Exception):\n    pass\n",
    "if True:\n    x = 1.0\n",
];

/// (line, col, message) for each case, as the old parser gave them.
const WANT: &[(u32, u32, &str)] = &[
    (1, 1, "'class' is not supported by this Python subset"),
    (1, 5, "'1.5': this model has whole numbers only (no floats)"),
    (1, 5, "'1e': this model has whole numbers only (no floats)"),
    (1, 5, "invalid syntax: unexpected '.'"),
    (1, 5, "'0x10' is not a whole number this model can hold"),
    (0, 0, "accepted"),
    (1, 5, "'99999999999999999999' is not a whole number this model can hold"),
    (1, 5, "string prefix 'r' is not supported here"),
    (1, 5, "string prefix 'u' is not supported here"),
    (1, 5, "string prefix 'b' is not supported here"),
    (2, 9, "f-string: format specs and conversions ('!') are not supported here"),
    (2, 9, "f-string: format specs and conversions (':') are not supported here"),
    (2, 10, "f-string: this model does not allow the string's own quote inside {}"),
    (1, 13, "invalid syntax: expected ']' (slices are not supported), found ':'"),
    (1, 12, "invalid syntax: expected an index (slices are not supported), found ':'"),
    (1, 12, "invalid syntax: expected an index (slices are not supported), found ':'"),
    (1, 8, "invalid syntax: expected ']' (comprehensions are not supported), found 'for'"),
    (1, 7, "invalid syntax: expected ':' (only dicts use braces here, not sets), found ','"),
    (1, 8, "invalid syntax: expected ':' (only dicts use braces here, not sets), found 'for'"),
    (1, 11, "invalid syntax: expected '}', found 'for'"),
    (1, 8, "invalid syntax: expected ')', found 'for'"),
    (1, 11, "invalid syntax: expected ')', found 'for'"),
    (1, 6, "invalid syntax: unexpected '**'"),
    (1, 7, "invalid syntax: expected a name, found '*'"),
    (1, 8, "invalid syntax: expected ',' or ')' (default values and annotations are not supported), found '='"),
    (1, 12, "invalid syntax: expected ',' or ')' (default values and annotations are not supported), found '='"),
    (1, 8, "invalid syntax: expected ',' or ')' (default values and annotations are not supported), found ':'"),
    (1, 9, "invalid syntax: expected ':' (return annotations are not supported), found '->'"),
    (1, 7, "invalid syntax: expected a name, found '**'"),
    (1, 10, "invalid syntax: expected a name, found '*'"),
    (1, 7, "invalid syntax: expected an argument (*args/**kwargs are not supported), found '*'"),
    (1, 7, "invalid syntax: expected an argument (*args/**kwargs are not supported), found '**'"),
    (3, 1, "invalid syntax: unexpected '@'"),
    (1, 1, "'nonlocal' is not supported by this Python subset"),
    (2, 1, "'del' is not supported by this Python subset"),
    (2, 5, "'yield' is not supported by this Python subset"),
    (2, 9, "invalid syntax: unexpected keyword 'yield'"),
    (1, 1, "'async' is not supported by this Python subset"),
    (2, 5, "'await' is not supported by this Python subset"),
    (2, 9, "invalid syntax: unexpected keyword 'await'"),
    (3, 1, "invalid syntax: expected a statement ('while ... else' is not supported), found 'else'"),
    (3, 1, "invalid syntax: expected a statement ('for ... else' is not supported), found 'else'"),
    (1, 23, "invalid syntax: expected end of line ('raise ... from' is not supported), found 'from'"),
    (1, 2, "invalid syntax: expected end of line (annotations are not supported), found ':'"),
    (1, 23, "invalid syntax: expected a name ('import *' is not supported), found '*'"),
    (1, 13, "invalid syntax: expected ':', found '='"),
    (1, 12, "invalid syntax: expected a name, found '*'"),
    (1, 7, "'/' makes a float, and this model has whole numbers only: use '//'"),
    (2, 3, "'/' makes a float, and this model has whole numbers only: use '//'"),
    (1, 10, "chained comparisons (a < b < c) are not supported: write 'a < b and b < c'"),
    (2, 10, "chained comparisons (a < b < c) are not supported: write 'a < b and b < c'"),
    (2, 27, "invalid syntax: expected ':' (one context manager per 'with' here), found ','"),
    (3, 7, "invalid syntax: expected ':' (one context manager per 'with' here), found ','"),
    (1, 1, "'class' is not supported by this Python subset"),
    (2, 9, "'1.0': this model has whole numbers only (no floats)"),
];

#[test]
fn the_game_refuses_what_it_refused_before() {
    let got: Vec<(u32, u32, String)> = CASES
        .iter()
        .map(|src| match Program::parse(src) {
            Ok(_) => (0, 0, "accepted".to_string()),
            Err(e) => (e.line, e.col, e.message),
        })
        .collect();
    if std::env::var("PRINT_REFUSALS").is_ok() {
        for (l, c, m) in &got {
            println!("    ({l}, {c}, {m:?}),");
        }
    }
    assert_eq!(got.len(), WANT.len());
    for ((src, (l, c, m)), (wl, wc, wm)) in CASES.iter().zip(&got).zip(WANT) {
        assert_eq!((*l, *c, m.as_str()), (*wl, *wc, *wm), "{src:?}");
    }
}

/// Operators the game's parser did not know gave messages that depended on
/// where they stood ("expected ':', found '&'"); now one message, at the
/// same column.
#[test]
fn operators_the_model_lacks_are_refused_at_their_token() {
    let cases: &[(&str, u32, u32, &str)] = &[
        (
            "x = 2 ** 3\n",
            1,
            7,
            "'**' is not supported by this Python subset",
        ),
        (
            "x = 1\nx **= 2\n",
            2,
            3,
            "'**=' is not supported by this Python subset",
        ),
        (
            "x = 1 << 2\n",
            1,
            7,
            "'<<' is not supported by this Python subset",
        ),
        (
            "if 1 & 2:\n    pass\n",
            1,
            6,
            "'&' is not supported by this Python subset",
        ),
        (
            "x = (1) | 2\n",
            1,
            9,
            "'|' is not supported by this Python subset",
        ),
        ("x = ~1\n", 1, 5, "invalid syntax: unexpected '~'"),
        (
            "import threading\nt = threading.Thread()\nt.daemon = 1\n",
            3,
            1,
            "assigning to attributes is not supported here",
        ),
        ("a, *b = [1, 2]\n", 1, 4, "invalid syntax: unexpected '*'"),
        (
            "x = 1\ny = [x][0:1]\n",
            2,
            10,
            "invalid syntax: expected ']' (slices are not supported), found ':'",
        ),
    ];
    for (src, line, col, msg) in cases {
        let e = Program::parse(src).expect_err(src);
        assert_eq!(
            (e.line, e.col, e.message.as_str()),
            (*line, *col, *msg),
            "{src:?}"
        );
    }
}
