# Classes: __init__, super(), properties, class attributes, dunders.
class Account:
    bank = "threadlab"
    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        Account.count += 1

    @property
    def balance(self):
        return self._balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        self._balance += amount
        return self

    @classmethod
    def empty(cls, owner):
        return cls(owner)

    @staticmethod
    def fee(amount):
        return round(amount * 0.01, 2)

    def __repr__(self):
        return f"Account({self.owner!r}, {self._balance})"

    def __str__(self):
        return f"{self.owner}: {self._balance:.2f}"

    def __eq__(self, other):
        return isinstance(other, Account) and self.owner == other.owner

    def __lt__(self, other):
        return self._balance < other._balance


class Savings(Account):
    def __init__(self, owner, balance=0, rate=0.02):
        super().__init__(owner, balance)
        self.rate = rate

    def deposit(self, amount):
        super().deposit(amount)
        self._balance += amount * self.rate
        return self

    def __repr__(self):
        return f"Savings({self.owner!r}, {self._balance}, rate={self.rate})"


a = Account("ann", 10).deposit(5)
s = Savings("sam").deposit(100)
e = Account.empty("eve")
print(a, s, e, sep=" | ")
print(repr(a), [a, s], sorted([s, a, e]), a == Account("ann"), a != e)
print(Account.count, Savings.bank, Account.fee(250), s.balance, isinstance(s, Account), issubclass(Savings, Account))
print(type(s).__name__, Savings.__mro__[1].__name__, hasattr(s, "rate"), getattr(s, "nope", "default"))
try:
    a.deposit(-1)
except ValueError as err:
    print("ValueError:", err)
try:
    a.balance = 5
except AttributeError as err:
    print("AttributeError")


class Stack:
    def __init__(self):
        self.items = []

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)

    def __iter__(self):
        return iter(reversed(self.items))

    def __getitem__(self, i):
        return self.items[i]

    def __contains__(self, x):
        return x in self.items

    def push(self, x):
        self.items.append(x)


st = Stack()
print(bool(st), len(st))
for v in "abc":
    st.push(v)
print(bool(st), len(st), list(st), st[0], "b" in st, "z" in st)


class Temperature:
    def __init__(self):
        self._c = 0

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        self._c = value


t = Temperature()
t.celsius = 25
print(t.celsius, vars(t))
