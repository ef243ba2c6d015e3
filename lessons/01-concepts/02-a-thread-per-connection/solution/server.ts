// A status server whose lookups take two seconds.
import { protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { sleep } from "time";

const statuses: Record<string, string> = {
  alice: "Happy and well",
  bob: "Out to lunch",
  carol: "Writing a compiler",
};
const started = reactor.seconds();

function elapsed(): string {
  return (reactor.seconds() - started).toFixed(0);
}

class StatusProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    reactor.callInThread(() => this.lookUp(user));
  }

  // Runs in a thread from the reactor's pool, so it may block.
  lookUp(user: string) {
    sleep(2); // the slow lookup
    const status = statuses[user] ?? "No such user";
    reactor.callFromThread(() => this.answer(user, status));
  }

  // Runs in the reactor's thread again: only that thread may touch the transport.
  answer(user: string, status: string) {
    this.sendLine(status);
    this.transport!.loseConnection();
    console.log(`${elapsed()}s: answered ${user}`);
  }
}

class StatusFactory extends protocol.ServerFactory {
  protocol = StatusProtocol;
}

// Three clients, a tenth of a second apart. The program stops when all three have their answer.
class AskingProtocol extends basic.LineReceiver<AskingFactory> {
  connectionMade() {
    this.sendLine(this.factory.user);
  }
  lineReceived(status: string) {
    // The answer arrives here. This program only watches the server's side.
  }
}

class AskingFactory extends protocol.ClientFactory {
  protocol = AskingProtocol;
  noisy = false;
  constructor(readonly user: string) {
    super();
  }
  clientConnectionLost() {
    finished++;
    if (finished === users.length) reactor.stop();
  }
}

const users = ["alice", "bob", "carol"];
let finished = 0;
reactor.listenTCP(1079, new StatusFactory());
users.forEach((user, i) => {
  reactor.callLater(i * 0.1, () => reactor.connectTCP("localhost", 1079, new AskingFactory(user)));
});
reactor.run();
