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

// Quotes from a fortune file (quotes separated by lines holding only "%"), each in turn.
class FileQuoter implements IQuoter {
  private next = 0;

  constructor(readonly filename: string) {}

  getQuote() {
    const text = new filepath.FilePath(this.filename).getContent();
    const quotes = text.split("\n%\n").map((quote) => quote.trim()).filter((quote) => quote !== "");
    const quote = quotes[this.next % quotes.length];
    this.next += 1;
    return quote;
  }
}
implementer(IQuoter)(FileQuoter);

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

const quoter = new FileQuoter("/etc/quotes");
console.log(`quoter provides IQuoter: ${IQuoter.providedBy(quoter) ? "yes" : "no"}`);
const endpoint = new endpoints.TCP4ServerEndpoint(reactor, 8007);
endpoint.listen(new QOTDFactory(quoter));
reactor.run();
