# finger/tap.py: the finger service's command line (usage.Options), and makeService, which twistd calls with the parsed options.
from twisted.python import usage

from finger import finger


class Options(usage.Options):

    optParameters = [
        ["file", "f", "/etc/users"],
        ["templates", "t", "/usr/share/finger/templates"],
        ["ircnick", "n", "fingerbot"],
        ["ircserver", None, "irc.freenode.net"],
        ["pbport", "p", 8889],
    ]

    optFlags = [["ssl", "s"]]


def makeService(config):
    return finger.makeService(config)
