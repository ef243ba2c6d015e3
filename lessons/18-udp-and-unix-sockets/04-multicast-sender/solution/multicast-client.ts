// A sender that reaches every member of group 228.0.0.5, on every host.
import { protocol, reactor } from "twisted/internet";

const GROUP = "228.0.0.5";

class MulticastPingClient extends protocol.DatagramProtocol {
  startProtocol() {
    // Join the group, so we hear the group's datagrams (our own included).
    this.transport!.joinGroup(GROUP);
    // Members on this host (this socket too) hear what we send to the group.
    this.transport!.setLoopbackMode(1);
    // Ping the group in a second, once everyone is listening.
    reactor.callLater(1, () => this.transport!.write("Client: Ping", [GROUP, 9999]));
  }

  datagramReceived(datagram: string, address: [string, number]) {
    console.log(`Datagram ${datagram} received`);
  }
}

reactor.listenMulticast(9999, new MulticastPingClient(), "", 8192, true);
reactor.run();
