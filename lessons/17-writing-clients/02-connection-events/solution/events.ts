// A ClientFactory that reports every event in a connection's life.
import { protocol, reactor } from "twisted/internet";
import type { address, interfaces } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";

// The other side: port 1234 answers one line in capitals, then hangs up.
// Nothing listens on port 1235.
class Shouter extends basic.LineReceiver {
  lineReceived(line: string) {
    this.sendLine(line.toUpperCase());
    this.transport!.loseConnection();
  }
}
class ShouterFactory extends protocol.Factory {
  protocol = Shouter;
}
reactor.listenTCP(1234, new ShouterFactory());

// The client.
class Echo extends protocol.Protocol {
  connectionMade() {
    this.transport!.write("hello\r\n");
  }

  dataReceived(data: string) {
    console.log(`Received: ${data.trim()}`);
  }
}

// One attempt after the other: port 1234, then 1235, then stop.
const ports = [1234, 1235];
function connectNext() {
  const port = ports.shift();
  if (port === undefined) reactor.stop();
  else reactor.connectTCP("localhost", port, new EchoClientFactory());
}

class EchoClientFactory extends protocol.ClientFactory {
  startedConnecting(connector: interfaces.IConnector) {
    console.log(`Started to connect to port ${connector.getDestination().port}.`);
  }

  buildProtocol(addr: address.IPv4Address) {
    console.log(`Connected to port ${addr.port}.`);
    return new Echo();
  }

  clientConnectionLost(connector: interfaces.IConnector, reason: failure.Failure) {
    console.log(`Lost connection to port ${connector.getDestination().port}: ${reason.getErrorMessage()}`);
    connectNext();
  }

  clientConnectionFailed(connector: interfaces.IConnector, reason: failure.Failure) {
    console.log(`Connection to port ${connector.getDestination().port} failed: ${reason.getErrorMessage()}`);
    connectNext();
  }
}

connectNext();
reactor.run();
