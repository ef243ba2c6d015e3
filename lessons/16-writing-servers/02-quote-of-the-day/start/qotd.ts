// Quote of the Day (RFC 865): write a quote, then hang up.
import { endpoints, protocol, reactor } from "twisted/internet";

class QOTD extends protocol.Protocol<QOTDFactory> {
  // Write the factory's quote and a line ending, then close the connection.
}

class QOTDFactory extends protocol.Factory {
  protocol = QOTD;
  constructor(readonly quote: string) {
    super();
  }
}

const endpoint = new endpoints.TCP4ServerEndpoint(reactor, 8007);
endpoint.listen(new QOTDFactory("An apple a day keeps the doctor away"));
reactor.run();
