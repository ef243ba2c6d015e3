// The chapter in one program: one thread, one event loop, many clients, no waiting.
import { protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

const users = ["alice", "bob", "carol", "dave", "erin"];
const started = reactor.seconds();
const answered: string[] = [];

function elapsed(): string {
  return (reactor.seconds() - started).toFixed(0);
}

class StatusProtocol extends basic.LineReceiver {
  // An event: the reactor read a complete line from this client's socket.
  lineReceived(user: string) {
    // No waiting: ask the reactor to call us back in two seconds, and return.
    reactor.callLater(2, () => {
      this.sendLine(`${user} is fine`);
      this.transport!.loseConnection();
      answered.push(`${user} at ${elapsed()}s`);
    });
  }
}

class AskingProtocol extends basic.LineReceiver<AskingFactory> {
  connectionMade() {
    this.sendLine(this.factory.user);
  }
  lineReceived(answer: string) {
    // The answer arrives here; the server's side is what this program reports.
  }
}

class AskingFactory extends protocol.ClientFactory {
  protocol = AskingProtocol;
  noisy = false;
  constructor(readonly user: string) {
    super();
  }
  clientConnectionLost() {
    if (++finished < users.length) return;
    console.log(`answered: ${answered.sort().join(", ")}`);
    console.log(`${users.length} clients, 1 thread, ${elapsed()} seconds in all`);
    reactor.stop();
  }
}

const serverFactory = protocol.ServerFactory.forProtocol(StatusProtocol);
serverFactory.noisy = false;
reactor.listenTCP(1079, serverFactory);
let finished = 0;
for (const user of users) reactor.connectTCP("localhost", 1079, new AskingFactory(user));
console.log(`${users.length} clients connect at 0s`);
reactor.run();
