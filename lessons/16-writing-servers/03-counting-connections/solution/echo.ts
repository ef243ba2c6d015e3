// An echo server that greets each client with the number of open connections.
import { endpoints, protocol, reactor } from "twisted/internet";
import type { address } from "twisted/internet";
import type { failure } from "twisted/python";

class Echo extends protocol.Protocol {
  constructor(readonly counter: EchoFactory) {
    super();
  }

  connectionMade() {
    this.counter.numProtocols += 1;
    this.transport!.write(`Welcome! There are currently ${this.counter.numProtocols} open connections.\n`);
  }

  connectionLost(reason: failure.Failure) {
    this.counter.numProtocols -= 1;
  }

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
