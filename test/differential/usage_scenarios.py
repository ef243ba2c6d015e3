# The usage.Options scenarios of test/differential/usage-scenarios.ts, on real Twisted.
#
# Reads [[class name, argv], ...] as JSON on stdin; prints, for each, what
# parseOptions left (the options as a dict, the sub-command and its options),
# or the UsageError's message, or what --help/--version printed.
# (Comments, not a docstring: usage.Options shows __main__'s docstring in --help.)
import io
import json
import sys
from contextlib import redirect_stdout

from twisted.python import usage

sys.argv[0] = "finger"


class FingerOptions(usage.Options):
    optParameters = [
        ["file", "f", "/etc/users"],
        ["templates", "t", "/usr/share/finger/templates"],
        ["ircnick", "n", "fingerbot"],
        ["ircserver", None, "irc.freenode.net"],
        ["pbport", "p", 8889],
    ]
    optFlags = [["ssl", "s"]]


class ServerOptions(usage.Options):
    synopsis = "Usage: fingerd [options] [HOST]"
    longdesc = "fingerd answers finger queries from a users file, a self-contained well-known service for the Evolution of Finger."
    optFlags = [
        ["nodaemon", "n", "don't daemonize, don't use default umask of 0077"],
        ["quiet", "q", None],
    ]
    optParameters = [
        ["port", "p", 79, "The port to listen on", usage.portCoerce],
        ["timeout", None, 30, "Seconds to wait for a query line", int],
        ["motd", "m", None, "A message of the day, shown before every answer, and a rather long description that wraps onto more lines"],
    ]

    def __init__(self):
        usage.Options.__init__(self)
        self["verbose"] = 0
        self["defines"] = []
        self.host = None

    def opt_verbose(self):
        """
        Log more
        (may be repeated).
        """
        self["verbose"] += 1

    opt_v = opt_verbose

    def opt_define(self, value):
        """Define NAME=VALUE for the templates."""
        self["defines"].append(value)

    opt_D = opt_define

    def parseArgs(self, host="localhost"):
        self.host = host

    def postOptions(self):
        if self["timeout"] < 0:
            raise usage.UsageError("timeout must not be negative")


class AddOptions(usage.Options):
    optParameters = [["name", None, None, "Who to add"]]

    def parseArgs(self, user, realname):
        self["user"] = user
        self["realname"] = realname


class ListOptions(usage.Options):
    optFlags = [["long", "l", "Long listing"]]


class ToolOptions(usage.Options):
    optFlags = [["debug", "d", "Debug"]]
    subCommands = [
        ["add", "a", AddOptions, "Add a user to the users file"],
        ["list", None, ListOptions, "List the users"],
    ]
    defaultSubCommand = "list"


def run(class_name, argv):
    config = globals()[class_name]()
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            config.parseOptions(argv)
    except usage.UsageError as e:
        return {"error": str(e), "usage": str(config)}
    except SystemExit as e:
        return {"exit": e.code, "printed": out.getvalue()}
    result = {"opts": dict(config)}
    if getattr(config, "host", None) is not None:
        result["host"] = config.host
    if config.subCommand is not None:
        result["subCommand"] = config.subCommand
        result["subOpts"] = dict(config.subOptions)
    return result


print(json.dumps([run(name, argv) for name, argv in json.load(sys.stdin)]))
