# re: what pasted programs do with it — an access-log line, word lists,
# cleaning whitespace, validating, numbers, camelCase, long reprs.
import re
LOG = re.compile(r'(?P<ip>\d+\.\d+\.\d+\.\d+) - - \[(?P<date>[^\]]+)\] "(?P<req>[^"]*)" (?P<status>\d{3}) (?P<size>\d+|-)')
line = '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'
m = LOG.match(line)
if m:
    print(m.groupdict())
    print(m)
print(sorted(set(re.findall(r"[a-z']+", "It's a dog's life, isn't it? It is.".lower()))))
print(re.sub(r"\s+", " ", "  a \n\t b  ").strip(), re.match(r"^[\w.+-]+@[\w-]+\.[\w.]+$", "a.b+c@ex-ample.co.uk") is not None)
print(re.findall(r"\$?\d+(?:,\d{3})*(?:\.\d+)?", "costs $1,234.50 or 99 or 3.5"))
print(re.search(r"(\d+)-(\d+)", "range 10-20").groups(), [int(x) for x in re.findall(r"-?\d+", "1 -2 3")])
print(re.compile(r"(?P<a>x)").sub(lambda m: m.group("a") * 2, "axbx"))
print(re.sub(r"(?<!^)(?=[A-Z])", "_", "camelCaseString").lower())
print(re.split(r"[;,]\s*", "a; b,c ,d"), re.fullmatch(r"[0-9a-f]{8}", "deadbeef"))
print(re.compile(r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)").sub(r"\11-\10", "abcdefghijk"))
print(re.compile("x" * 300, re.I))
print(re.search("y+", "a" + "y" * 80))
