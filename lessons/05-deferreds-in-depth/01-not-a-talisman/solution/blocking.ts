// A status server whose blocking lookup runs in a thread.
import { defer, protocol, reactor, threads } from "twisted/internet";
import { basic } from "twisted/protocols";
import { sleep } from "time";

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch", carol: "Writing a compiler" };
const started = reactor.seconds();

function elapsed(): string {
  return (reactor.seconds() - started).toFixed(0);
}

// A library call that blocks: it only returns after two seconds.
function slowLookUp(user: string): string {
  sleep(2);
  return statuses[user] ?? "No such user";
}

// Runs the blocking call in a thread from the reactor's pool; the Deferred fires
// back in the reactor's thread when the call has returned.
function getStatus(user: string): defer.Deferred<string> {
  return threads.deferToThread(slowLookUp, user);
}

class StatusProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    getStatus(user).addCallback((status) => {
      this.sendLine(status);
      this.transport!.loseConnection();
      console.log(`${elapsed()}s: answered ${user}`);
    });
  }
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
const serverFactory = protocol.ServerFactory.forProtocol(StatusProtocol);
serverFactory.noisy = false;
reactor.listenTCP(1079, serverFactory);
users.forEach((user, i) => {
  reactor.callLater(i * 0.1, () => reactor.connectTCP("localhost", 1079, new AskingFactory(user)));
});
reactor.run();
