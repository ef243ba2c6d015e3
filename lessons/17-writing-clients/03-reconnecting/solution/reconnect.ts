// A client that keeps trying: it reconnects after a refusal and after a hang-up, backing off between attempts.
import { protocol, reactor } from "twisted/internet";
import type { address, interfaces } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";

// The other side: a server on port 1234 that starts listening only 1.5 seconds
// after the program starts, answers one line in capitals, and hangs up.
class Shouter extends basic.LineReceiver {
  lineReceived(line: string) {
    this.sendLine(line.toUpperCase());
    this.transport!.loseConnection();
  }
}
class ShouterFactory extends protocol.Factory {
  protocol = Shouter;
}
reactor.callLater(1.5, () => reactor.listenTCP(1234, new ShouterFactory()));

// The client.
class Echo extends protocol.Protocol<EchoClientFactory> {
  connectionMade() {
    this.transport!.write("hello\r\n");
  }

  dataReceived(data: string) {
    console.log(`Received: ${data.trim()}`);
    this.factory.answers += 1;
  }
}

class EchoClientFactory extends protocol.ReconnectingClientFactory {
  protocol = Echo;
  answers = 0;

  startedConnecting(connector: interfaces.IConnector) {
    console.log("Started to connect.");
  }

  buildProtocol(addr: address.IPv4Address) {
    console.log("Connected.");
    this.resetDelay();
    return super.buildProtocol(addr);
  }

  clientConnectionFailed(connector: interfaces.IConnector, reason: failure.Failure) {
    console.log(`Connection failed: ${reason.getErrorMessage()}`);
    super.clientConnectionFailed(connector, reason);
  }

  clientConnectionLost(connector: interfaces.IConnector, reason: failure.Failure) {
    console.log(`Lost connection: ${reason.getErrorMessage()}`);
    if (this.answers === 2) {
      console.log("Done after 2 answers.");
      this.stopTrying();
      reactor.stop();
    } else {
      super.clientConnectionLost(connector, reason);
    }
  }
}

reactor.connectTCP("localhost", 1234, new EchoClientFactory());
reactor.run();
