/**
 * A scripted UDP socket that is not learner code: the checks' `udpSend:`
 * senders and `joinGroup:` multicast listeners. It records every datagram it
 * receives, whole and in order.
 */
import { DatagramProtocol } from "../twisted/internet/datagram-protocol";
import type { UDPAddress } from "../twisted/internet/interfaces";
import type { SimulatedHost } from "../simulation/simulated-host";
import type { SimulatedMulticastPort } from "../simulation/multicast-simulated";

export class UdpPeer {
  /** Every datagram received so far, in order. */
  readonly received: string[] = [];
  private readonly socket: SimulatedMulticastPort;

  /** Binds `port` (0: any) on `host`, joining multicast `group` if given. */
  constructor(host: SimulatedHost, port: number, group?: string) {
    const peer = this;
    class Recorder extends DatagramProtocol {
      override noisy = false;
      override datagramReceived(datagram: string, addr: UDPAddress): void {
        void addr;
        peer.received.push(datagram);
      }
    }
    this.socket = host.openPeerSocket(port, new Recorder());
    if (group !== undefined) this.socket.joinGroup(group);
  }

  /** Sends one datagram to `host:port`. */
  send(host: string, port: number, data: string): void {
    this.socket.write(data, [host, port]);
  }
}
