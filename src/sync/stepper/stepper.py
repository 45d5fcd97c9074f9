import dis

counter = 0

def increment():
    global counter
    counter += 1

dis.dis(increment)
# LOAD_GLOBAL   counter    <- read it onto this thread's stack (its "register")
# LOAD_CONST    1
# BINARY_OP     13 (+=)    <- add, still only on the stack
# STORE_GLOBAL  counter    <- write the sum back
# A thread switch between LOAD_GLOBAL and STORE_GLOBAL loses an update.
# `with lock:` around the += makes the other thread wait at acquire().
