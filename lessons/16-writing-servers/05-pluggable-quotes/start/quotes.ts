// Quote of the Day with pluggable quoters, after Twisted's TwistedQuotes.
import { Interface, implementer, method } from "zope/interface";
import { endpoints, protocol, reactor } from "twisted/internet";
import { filepath } from "twisted/python";

interface IQuoter {
  /** Return a quote. */
  getQuote(): string;
}
const IQuoter = Interface<IQuoter>("IQuoter", { getQuote: method() });

class StaticQuoter implements IQuoter {
  constructor(readonly quote: string) {}

  getQuote() {
    return this.quote;
  }
}
implementer(IQuoter)(StaticQuoter);

// Write FileQuoter here: quotes from a fortune file (quotes separated by lines
// holding only "%"), each in turn, reading the file for every quote.

class QOTD extends protocol.Protocol<QOTDFactory> {
  connectionMade() {
    this.transport!.write(this.factory.quoter.getQuote() + "\r\n");
    this.transport!.loseConnection();
  }
}

class QOTDFactory extends protocol.Factory {
  protocol = QOTD;
  constructor(readonly quoter: IQuoter) {
    super();
  }
}

const quoter = new StaticQuoter("An apple a day keeps the doctor away");
console.log(`quoter provides IQuoter: ${IQuoter.providedBy(quoter) ? "yes" : "no"}`);
const endpoint = new endpoints.TCP4ServerEndpoint(reactor, 8007);
endpoint.listen(new QOTDFactory(quoter));
reactor.run();
