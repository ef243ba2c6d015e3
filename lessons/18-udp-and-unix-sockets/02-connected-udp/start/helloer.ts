// Connected UDP: a socket that talks to one address only.
import { protocol, reactor } from "twisted/internet";

// The echo server from the last step, without the printing.
class Echo extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) {
    this.transport!.write(data, addr);
  }
}

class Helloer extends protocol.DatagramProtocol {
  constructor(readonly port: number) {
    super();
  }

  startProtocol() {
    // Connect the socket to 127.0.0.1 at this.port, print
    // `now we can only send to port ${this.port}`, then write "hello" (no address).
  }

  datagramReceived(data: string, addr: [string, number]) {
    console.log(`received ${data} from port ${addr[1]}`);
  }

  // Possibly called when nothing listens where we send: print "No one listening".
}

reactor.listenUDP(9999, new Echo());
// 0: any free port, we don't care which.
reactor.listenUDP(0, new Helloer(9999));
// A second helloer, a second later, to a port where nobody listens.
reactor.callLater(1, () => reactor.listenUDP(0, new Helloer(9998)));
reactor.run();
