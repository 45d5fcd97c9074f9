import textwrap

text = ("Threads share one memory: a well-known source of race conditions, "
        "state-of-the-art deadlocks and other long-term headaches -- read on.")
for width in (10, 25, 40):
    print(textwrap.fill(text, width))
    print("-" * width)
print(textwrap.wrap(text, 30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.wrap("Supercalifragilisticexpialidocious words", 10))
print(textwrap.wrap("Supercalifragilisticexpialidocious words", 10, break_long_words=False))
print(textwrap.wrap(text, 20, break_on_hyphens=False))
print(textwrap.wrap(text, 20, max_lines=3))
print(textwrap.wrap("a\tb\nc  d", 8, drop_whitespace=False, expand_tabs=True))
print(textwrap.shorten(text, 40))
print(textwrap.shorten("Hello  world!", width=12))
print(textwrap.shorten("Hello world!", width=11, placeholder="..."))
code = """
    def worker():
        while True:
            pass
"""
print(textwrap.dedent(code))
print(repr(textwrap.dedent("  a\n  \n    b\n")))
print(textwrap.indent("one\n\ntwo\n", "> "))
print(textwrap.indent("one\n\ntwo\n", "+ ", lambda line: True))
w = textwrap.TextWrapper(width=15, initial_indent="- ")
print(w.wrap("a small wrapper made once and used twice"))
for bad in (lambda: textwrap.wrap("x", 0), lambda: textwrap.shorten("hello world", 3)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
