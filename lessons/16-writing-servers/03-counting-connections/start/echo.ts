// An echo server that greets each client with the number of open connections.
import { endpoints, protocol, reactor } from "twisted/internet";
import type { address } from "twisted/internet";
import type { failure } from "twisted/python";

class Echo extends protocol.Protocol {
  constructor(readonly counter: EchoFactory) {
    super();
  }

  // Count this connection and greet the client with the count.

  // Take this connection out of the count.

  dataReceived(data: string) {
    this.transport!.write(data);
  }
}

class EchoFactory extends protocol.Factory {
  numProtocols = 0;

  buildProtocol(addr: address.IPv4Address) {
    return new Echo(this);
  }
}

const endpoint = new endpoints.TCP4ServerEndpoint(reactor, 8000);
endpoint.listen(new EchoFactory());
reactor.run();
