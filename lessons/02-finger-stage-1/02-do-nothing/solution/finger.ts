// Accept connections, then ignore them.
import { endpoints, protocol, reactor } from "twisted/internet";

class FingerProtocol extends protocol.Protocol {}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory());
reactor.run();
