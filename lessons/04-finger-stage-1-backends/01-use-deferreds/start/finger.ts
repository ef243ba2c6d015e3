// Answer from a dictionary of users.
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    this.transport!.write(this.factory.getUser(user) + "\r\n");
    this.transport!.loseConnection();
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private users: Record<string, string>) {
    super();
  }

  getUser(user: string): string {
    return this.users[user] ?? "No such user";
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory({ moshez: "Happy and well" }));
reactor.run();
