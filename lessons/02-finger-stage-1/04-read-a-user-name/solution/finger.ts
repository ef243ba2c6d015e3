// Read a user name, then drop the connection.
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

class FingerProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    this.transport!.loseConnection();
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory());
reactor.run();
