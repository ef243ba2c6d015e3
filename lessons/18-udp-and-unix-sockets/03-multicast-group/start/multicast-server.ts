// A member of multicast group 228.0.0.5 that answers pings.
import { protocol, reactor } from "twisted/internet";

class MulticastPingPong extends protocol.DatagramProtocol {
  startProtocol() {
    // Set the TTL to 5, then join the group 228.0.0.5.
  }

  datagramReceived(datagram: string, address: [string, number]) {
    console.log(`Datagram ${datagram} received`);
    // Answer "Client: Ping" with "Server: Pong", sent to the address it came from.
  }
}

// listenMultiple (the fifth argument): other programs on this host may share port 9999.
reactor.listenMulticast(9999, new MulticastPingPong(), "", 8192, true);
reactor.run();
