// A client that connects through an endpoint, says one line and prints the answer.
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";

// The other side: a server on port 1234 that answers every line in capitals.
class Shouter extends basic.LineReceiver {
  lineReceived(line: string) {
    this.sendLine(line.toUpperCase());
  }
}
class ShouterFactory extends protocol.Factory {
  protocol = Shouter;
}
new endpoints.TCP4ServerEndpoint(reactor, 1234).listen(new ShouterFactory());

// The client.
class Greeter extends basic.LineReceiver {
  sendMessage(message: string) {
    this.sendLine(message);
  }

  lineReceived(line: string) {
    console.log(`Server said: ${line}`);
    this.transport!.loseConnection();
  }

  connectionLost(reason: failure.Failure) {
    console.log("Connection closed.");
    reactor.stop();
  }
}

function gotProtocol(greeter: Greeter) {
  greeter.sendMessage("hello, twisted");
}

const endpoint = new endpoints.TCP4ClientEndpoint(reactor, "localhost", 1234);
const connected = endpoints.connectProtocol(endpoint, new Greeter());
connected.addCallback(gotProtocol);
reactor.run();
