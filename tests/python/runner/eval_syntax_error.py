# An uncaught SyntaxError from eval shows where in "<string>" it is.
def evaluate(expr):
    return eval(expr)

print(evaluate("6 * 7"))
evaluate("6 *")
