// A chat room: every line a user sends goes to everyone else in the room.
import { endpoints, protocol, reactor } from "twisted/internet";
import type { address } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";

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
    // Free the name when the user leaves.
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
    // Send "<name> message" to every other user in the room.
  }
}

class ChatFactory extends protocol.Factory {
  // User names to the Chat protocol of each user in the room.
  users = new Map<string, Chat>();

  buildProtocol(addr: address.IPv4Address) {
    return new Chat(this.users);
  }
}

const endpoint = new endpoints.TCP4ServerEndpoint(reactor, 8123);
endpoint.listen(new ChatFactory());
reactor.run();
