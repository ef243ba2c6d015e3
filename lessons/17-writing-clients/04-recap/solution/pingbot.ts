// A bot that joins the chat room as a client and answers "ping" with "pong".
import { endpoints, protocol, reactor } from "twisted/internet";
import type { address, interfaces } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";

// The other side: the chat room from the "Writing servers" chapter, on port 8123.
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
new endpoints.TCP4ServerEndpoint(reactor, 8123).listen(new ChatFactory());

// The client: a bot that joins the room and answers pings.
class PingBot extends basic.LineReceiver {
  connectionMade() {
    this.sendLine("bot");
  }

  lineReceived(line: string) {
    const said = /^<([^>]+)> ping$/.exec(line);
    if (said) this.sendLine(`pong, ${said[1]}`);
    else console.log(`bot heard: ${line}`);
  }
}

class PingBotFactory extends protocol.ReconnectingClientFactory {
  protocol = PingBot;

  buildProtocol(addr: address.IPv4Address) {
    this.resetDelay();
    return super.buildProtocol(addr);
  }

  clientConnectionLost(connector: interfaces.IConnector, reason: failure.Failure) {
    console.log(`bot lost its connection: ${reason.getErrorMessage()}`);
    super.clientConnectionLost(connector, reason);
  }
}

reactor.connectTCP("localhost", 8123, new PingBotFactory());
reactor.run();
