# Predict the order in which this program records the letters A to G.
from twisted.internet import defer

# Your prediction: the seven letters, in the order they will be recorded.
predicted = ["A", "D", "B", "C", "E", "F", "G"]  # shown as: predicted = []

happened = []
details = []


def record(letter, what):
    happened.append(letter)
    details.append(f"  {letter}: {what}")


d = defer.Deferred()
record("A", "created the Deferred")


def first(name):
    record("B", f'first callback got "{name}"')
    return name.upper()


def second(name, punctuation):
    record("C", f'second callback got "{name}" and "{punctuation}"')
    return f"{name} is happy{punctuation}"


d.addCallback(first)
d.addCallback(second, "!")
record("D", "added two callbacks")

d.callback("alice")
record("E", "d.callback() returned")


def late(text):
    record("F", f'a callback added after firing got "{text}"')
    return text


d.addCallback(late)
record("G", "reached the end of the program")

print(f"You predicted: {' '.join(predicted) if predicted else '(nothing yet)'}")
print(f"It happened:   {' '.join(happened)}")
if predicted == happened:
    print("Your prediction is right.")
else:
    print("Not yet. Read the details below, then try again.")
print("What each letter was:")
for line in details:
    print(line)
