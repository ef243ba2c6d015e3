// The protocol asks its factory about users.
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

  getUser(user: string): string {
    return "No such user";
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory());
reactor.run();
