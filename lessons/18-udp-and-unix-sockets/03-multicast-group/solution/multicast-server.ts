// A member of multicast group 228.0.0.5 that answers pings.
import { protocol, reactor } from "twisted/internet";

class MulticastPingPong extends protocol.DatagramProtocol {
  startProtocol() {
    // Let datagrams cross up to 5 routers (the default TTL, 1, stays on the local network).
    this.transport!.setTTL(5);
    // Join the group: from now on datagrams sent to 228.0.0.5 reach this socket.
    this.transport!.joinGroup("228.0.0.5");
  }

  datagramReceived(datagram: string, address: [string, number]) {
    console.log(`Datagram ${datagram} received`);
    if (datagram === "Client: Ping") {
      // Answer the sender directly (unicast), not the whole group.
      this.transport!.write("Server: Pong", address);
    }
  }
}

// listenMultiple (the fifth argument): other programs on this host may share port 9999.
reactor.listenMulticast(9999, new MulticastPingPong(), "", 8192, true);
reactor.run();
