"""
The Python half of the IRCClient differential test (irc-client.test.ts):
reads scenarios as JSON on stdin, runs each on real Twisted's
twisted.words.protocols.irc.IRCClient over a StringTransport, and prints one
transcript per scenario as JSON: after every step, the bytes the client
wrote, the hooks it called (with their arguments), errors it logged, and
the exception a step raised, if any.
"""
import json
import sys

from twisted.internet.testing import StringTransport
from twisted.python import log
from twisted.words.protocols import irc

HOOKS = [
    "signedOn", "joined", "left", "privmsg", "noticed", "action", "userJoined", "userLeft",
    "userQuit", "userRenamed", "userKicked", "kickedFrom", "topicUpdated", "modeChanged",
    "receivedMOTD", "created", "yourHost", "myInfo", "luserClient", "isupport", "luserChannels",
    "luserOp", "luserMe", "bounce", "pong",
]


def plain(value):
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class Recorder(irc.IRCClient):
    def __init__(self, events):
        self.events = events

    def irc_unknown(self, prefix, command, params):
        self.events.append(["irc_unknown", prefix, command, plain(params)])

    def nickChanged(self, nick):
        self.events.append(["nickChanged", nick])
        irc.IRCClient.nickChanged(self, nick)


def make_hook(name):
    def hook(self, *args):
        self.events.append([name] + [plain(a) for a in args])
    return hook


for _name in HOOKS:
    setattr(Recorder, _name, make_hook(_name))


def run(scenario):
    events = []
    errors = []

    def observer(event):
        if event.get("isError"):
            failure = event.get("failure")
            errors.append(failure.type.__name__ if failure is not None else "error")

    log.addObserver(observer)
    out = []
    client = Recorder(events)
    transport = StringTransport()
    try:
        for step in scenario["steps"]:
            raised = None
            try:
                if "connect" in step:
                    for key, value in step["connect"].items():
                        setattr(client, key, value)
                    client.makeConnection(transport)
                elif "feed" in step:
                    client.dataReceived(step["feed"].encode("utf-8"))
                elif "feedLatin1" in step:
                    client.dataReceived(step["feedLatin1"].encode("latin-1"))
                elif "call" in step:
                    name, *args = step["call"]
                    getattr(client, name)(*args)
                elif "set" in step:
                    for key, value in step["set"].items():
                        setattr(client, key, value)
            except Exception as e:
                raised = type(e).__name__
            written = transport.value().decode("utf-8")
            transport.clear()
            out.append({"wire": written, "events": list(events), "errors": list(errors), "raised": raised, "nickname": client.nickname})
            del events[:]
            del errors[:]
    finally:
        log.removeObserver(observer)
        client.stopHeartbeat()
    return out


def main():
    scenarios = json.load(sys.stdin)
    print(json.dumps({s["name"]: run(s) for s in scenarios}))


if __name__ == "__main__":
    main()
