# string.Template: $name, ${name}, $$, substitute's errors, safe_substitute.
from string import Template
import string

t = Template("$who likes $what, ${who}'s price: $$${price}.")
print(t.substitute(who="Tim", what="kung pao", price=10))
print(t.substitute({"who": "Ann", "what": "tea"}, price=2.5))
print(t.substitute({"who": "Ann", "what": "tea", "price": 1}, who="Bob"))
print(t.safe_substitute(who="Tim"))
print(t.template, t.get_identifiers(), t.is_valid())
try:
    t.substitute(who="Tim")
except KeyError as e:
    print("KeyError", e)
for bad in ("Give $1 now", "${name", "cost: $", "line one\nand $ two", "${ x}", "${}"):
    try:
        Template(bad).substitute(name="n", x=1)
    except ValueError as e:
        print("ValueError", e)
    print(repr(Template(bad).safe_substitute(name="n")), Template(bad).is_valid())
print(Template("$a$b${a}c $_x9 $ab").substitute(a=1, b=[2], _x9=None, ab="AB"))
print(Template("${a}b $a.b $a_b").safe_substitute(a="A"))
print(Template("").substitute(), Template("$$$$").substitute())


class Percent(Template):
    delimiter = "%"


print(Percent("%name costs %%5 (%{name})").substitute(name="tea"))
try:
    Percent("100%").substitute()
except ValueError as e:
    print("ValueError", e)
print(string.capwords("hello  there"), "Template" in string.__all__)
for text in ("a\r\n$", "a\rb\x0c$!", "x$"):
    try:
        Template(text).substitute()
    except ValueError as e:
        print("ValueError", e)
