// A client that asks the status server, four times at once.
import { defer, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { failure } from "twisted/python";

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch", carol: "Writing a compiler" };
const delays: Record<string, number> = { alice: 1, bob: 2, carol: 3 };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// The server on port 1079 answers alice after 1 s, bob after 2 s and carol after 3 s.
class StatusProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    reactor.callLater(delays[user] ?? 0, () => {
      this.sendLine(statuses[user] ?? "No such user");
      this.transport!.loseConnection();
    });
  }
}
const serverFactory = protocol.ServerFactory.forProtocol(StatusProtocol);
serverFactory.noisy = false;
reactor.listenTCP(1079, serverFactory);

// A client that sends a name; `closed` fires with the answer once the connection is closed.
class AskingProtocol extends basic.LineReceiver {
  answer = "";
  readonly closed = new defer.Deferred<string>();
  constructor(readonly user: string) {
    super();
  }
  connectionMade() {
    this.sendLine(this.user);
  }
  lineReceived(line: string) {
    this.answer = line;
  }
  connectionLost() {
    this.closed.callback(this.answer);
  }
}

// Connects, asks, and fires with the answer when the connection has closed
// (or fails if the connection cannot be made).
function ask(user: string, port = 1079): defer.Deferred<string> {
  // Your code: connect to localhost on `port` with a new AskingProtocol(user),
  // and return a Deferred of the answer it gets.
  return defer.fail(new Error(`ask(${user}) is not written yet`));
}

// Nothing listens on port 1080, so dave's connection is refused.
const users = ["alice", "bob", "carol", "dave"];
const everyone = [ask("alice"), ask("bob"), ask("carol"), ask("dave", 1080)];
everyone.forEach((d, i) =>
  d.addCallbacks(
    (answer) => console.log(`${now()} ${users[i]}: ${answer}`),
    (reason: failure.Failure) => console.log(`${now()} ${users[i]}: failed (${reason.type.name})`),
  ),
);

reactor.callLater(10, () => reactor.stop());
reactor.run();
