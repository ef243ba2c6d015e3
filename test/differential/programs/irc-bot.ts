// The IRC bot of irc-wire.test.ts on the engine (npm run serve): the twin of
// irc_bot.py, line for line. The test changes PORT to its fake server's.
import { defer, protocol, reactor } from "twisted/internet";
import { irc } from "twisted/words/protocols";

const PORT = 6667;
const users: Record<string, string> = { moshez: "happy and well" };

class Bot extends irc.IRCClient {
  connectionMade() {
    this.nickname = this.factory.nickname;
    super.connectionMade();
  }

  signedOn() {
    this.join("chan");
    this.describe("#chan", "is here");
    this.say("chan", "hello, I answer finger queries");
  }

  privmsg(user: string, channel: string, msg: string) {
    const nick = user.split("!")[0];
    if (msg === "quit") {
      this.quit("bye");
      return;
    }
    if (this.nickname.toLowerCase() === channel.toLowerCase()) {
      defer.succeed(users[msg] ?? "No such user").addCallback((status: string) => this.msg(nick, msg + ": " + status));
    }
  }
}

class BotFactory extends protocol.ClientFactory {
  protocol = Bot;
  nickname = "fingerbot";

  clientConnectionLost() {
    reactor.stop();
  }

  clientConnectionFailed() {
    reactor.stop();
  }
}

reactor.connectTCP("127.0.0.1", PORT, new BotFactory());
reactor.run();
