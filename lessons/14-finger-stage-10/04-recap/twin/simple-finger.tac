# simple-finger.tac: a deployment written as a few choices, built by the library's makeService.
# eg:  PYTHONPATH=. twistd -ny simple-finger.tac
from finger import finger

from twisted.application import service

options = {
    "file": "/etc/users",
    "ircnick": "fingerbot",
    "ircserver": "irc.freenode.net",
    "pbport": 8889,
    "ssl": False,
}

ser = finger.makeService(options)
application = service.Application("finger", uid=1, gid=1)
ser.setServiceParent(service.IServiceCollection(application))
