// Three servers, one reactor: counting echo on 8000, quotes on 8007, chat on 8123.
import { Interface, implementer, method } from "zope/interface";
import { endpoints, protocol, reactor } from "twisted/internet";
import type { address } from "twisted/internet";
import { basic } from "twisted/protocols";
import { filepath } from "twisted/python";
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

class Chat extends basic.LineReceiver {
  name: string | null = null;
  state: "GETNAME" | "CHAT" = "GETNAME";

  constructor(readonly users: Map<string, Chat>) {
    super();
  }

  connectionMade() {
    this.sendLine("What's your name?");
  }

  connectionLost(reason: failure.Failure) {
    if (this.name !== null && this.users.get(this.name) === this) this.users.delete(this.name);
  }

  lineReceived(line: string) {
    if (this.state === "GETNAME") this.handle_GETNAME(line);
    else this.handle_CHAT(line);
  }

  handle_GETNAME(name: string) {
    if (this.users.has(name)) {
      this.sendLine("Name taken, please choose another.");
      return;
    }
    this.sendLine(`Welcome, ${name}!`);
    this.name = name;
    this.users.set(name, this);
    this.state = "CHAT";
  }

  handle_CHAT(message: string) {
    const line = `<${this.name}> ${message}`;
    for (const other of this.users.values()) {
      if (other !== this) other.sendLine(line);
    }
  }
}

class ChatFactory extends protocol.Factory {
  // User names to the Chat protocol of each user in the room.
  users = new Map<string, Chat>();

  buildProtocol(addr: address.IPv4Address) {
    return new Chat(this.users);
  }
}

interface IQuoter {
  /** Return a quote. */
  getQuote(): string;
}
const IQuoter = Interface<IQuoter>("IQuoter", { getQuote: method() });

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

new endpoints.TCP4ServerEndpoint(reactor, 8000).listen(new EchoFactory());
new endpoints.TCP4ServerEndpoint(reactor, 8007).listen(new QOTDFactory(new FileQuoter("/etc/quotes")));
new endpoints.TCP4ServerEndpoint(reactor, 8123).listen(new ChatFactory());
reactor.run();
