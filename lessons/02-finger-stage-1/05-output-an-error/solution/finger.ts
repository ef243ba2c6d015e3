// Answer every user name with an error.
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

class FingerProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    this.transport!.write("No such user\r\n");
    this.transport!.loseConnection();
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory());
reactor.run();
