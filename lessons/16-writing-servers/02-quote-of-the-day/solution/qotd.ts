// Quote of the Day (RFC 865): write a quote, then hang up.
import { endpoints, protocol, reactor } from "twisted/internet";

class QOTD extends protocol.Protocol<QOTDFactory> {
  connectionMade() {
    this.transport!.write(this.factory.quote + "\r\n");
    this.transport!.loseConnection();
  }
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
