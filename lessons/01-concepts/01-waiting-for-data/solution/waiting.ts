// Three clients ask a slow server, one right after another.
// When does the server answer each of them?
import { protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { sleep } from "time";

// Your prediction: the second at which the server answers alice, bob and carol.
const predicted: number[] = [2, 4, 6];

const statuses: Record<string, string> = {
  alice: "Happy and well",
  bob: "Out to lunch",
  carol: "Writing a compiler",
};
const users = ["alice", "bob", "carol"];
const started = reactor.seconds();
const answeredAt: number[] = [];

function elapsed(): string {
  return (reactor.seconds() - started).toFixed(0);
}

// The server. Looking a user up takes two seconds, like a slow database.
class StatusProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    sleep(2); // the lookup: the whole program waits here
    this.sendLine(statuses[user] ?? "No such user");
    this.transport!.loseConnection();
    console.log(`${elapsed()}s: answered ${user}`);
    answeredAt.push(Number(elapsed()));
    if (answeredAt.length === users.length) compare();
  }
}

class StatusFactory extends protocol.ServerFactory {
  protocol = StatusProtocol;
}

function compare() {
  const show = (times: number[]) => users.map((user, i) => `${user} ${times[i]}s`).join(", ");
  console.log(`Predicted: ${predicted.length ? show(predicted) : "(nothing yet)"}`);
  console.log(`Measured:  ${show(answeredAt)}`);
  if (predicted.join() === answeredAt.join()) {
    console.log("Your prediction is right: each client waited for everyone before it.");
  } else {
    console.log("Not yet: compare the two lines above, then change predicted.");
  }
}

// The clients: each sends its name as soon as it is connected.
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

let finished = 0;
reactor.listenTCP(1079, new StatusFactory());
users.forEach((user, i) => {
  // alice connects at once, bob 0.1 s later, carol 0.2 s later
  reactor.callLater(i * 0.1, () => reactor.connectTCP("localhost", 1079, new AskingFactory(user)));
});
console.log("0s: alice, bob and carol connect, a tenth of a second apart");
reactor.run();
