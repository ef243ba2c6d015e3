// The chapter in one program: datagrams, a multicast group and a Unix socket, on one reactor.
import { endpoints, protocol, reactor } from "twisted/internet";

const GROUP = "228.0.0.5";

// UDP: one protocol for the whole socket; every answer names its address.
class DatagramEcho extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) {
    this.transport!.write(data, addr);
  }
}

// Multicast: a member of the group that answers pings by unicast.
class MulticastPingPong extends protocol.DatagramProtocol {
  startProtocol() {
    this.transport!.joinGroup(GROUP);
  }

  datagramReceived(datagram: string, address: [string, number]) {
    if (datagram === "Client: Ping") this.transport!.write("Server: Pong", address);
  }
}

// Streams: one factory, one protocol per connection, on TCP and on a Unix socket alike.
class StreamEcho extends protocol.Protocol {
  dataReceived(data: string) {
    this.transport!.write(data);
  }
}

reactor.listenUDP(9999, new DatagramEcho());
reactor.listenMulticast(9998, new MulticastPingPong(), "", 8192, true);
const streams = protocol.Factory.forProtocol(StreamEcho);
endpoints.serverFromString(reactor, "tcp:8000").listen(streams);
endpoints.serverFromString(reactor, "unix:/tmp/echo.sock").listen(streams);
reactor.run();
