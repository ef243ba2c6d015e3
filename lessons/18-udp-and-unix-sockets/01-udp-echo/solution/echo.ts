// A UDP echo server: every datagram goes back to where it came from.
import { protocol, reactor } from "twisted/internet";

class Echo extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) {
    console.log(`received ${data} from ${addr[0]}`);
    this.transport!.write(data, addr);
  }
}

reactor.listenUDP(9999, new Echo());
reactor.run();
