// A UDP echo server: every datagram goes back to where it came from.
import { protocol, reactor } from "twisted/internet";

class Echo extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) {
    // Print where it came from, then send it back there.
  }
}

reactor.listenUDP(9999, new Echo());
reactor.run();
