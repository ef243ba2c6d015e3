// A finger client: ask another host's finger server about moshez, print the answer, stop.
import { protocol, reactor } from "twisted/internet";

class FingerClient extends protocol.Protocol {
  buf: string[] = [];
  connectionMade() {
    this.transport!.write("moshez\r\n");
  }
  dataReceived(data: string) {
    this.buf.push(data);
  }
  connectionLost(reason: unknown) {
    // A finger server closes once it has answered: the reply is whole now.
    console.log("moshez: " + this.buf.join("").trim());
    reactor.stop();
  }
}

const f = new protocol.ClientFactory();
f.protocol = FingerClient;
reactor.connectTCP("finger.example.org", 79, f);
reactor.run();
