/**
 * twisted.internet.protocol's UDP side: a DatagramProtocol gets whole
 * datagrams, each with the address it came from. No connection, no stream:
 * a datagram arrives whole or not at all.
 */
import * as log from "../python/log";
import type { IMulticastTransport, IUDPTransport, UDPAddress } from "./interfaces";

/** A UDP protocol: override datagramReceived. */
export class DatagramProtocol {
  /**
   * The UDP port, set when listenUDP or listenMulticast starts this protocol.
   * Typed as a multicast port so a multicast protocol can call joinGroup; on a
   * listenUDP port those methods are missing, as in Python.
   */
  transport: IMulticastTransport | null = null;
  /** How many ports use this protocol. */
  numPorts = 0;
  /** Log "Starting protocol" and "Stopping protocol" lines. */
  noisy = true;
  /** Engine extension: true to receive Uint8Array instead of UTF-8 text. */
  receivesBytes = false;

  /** Called by the port: stores the transport and starts the protocol. */
  makeConnection(transport: IUDPTransport): void {
    this.transport = transport as IMulticastTransport;
    this.doStart();
  }

  /** Called when a port starts using this protocol. */
  doStart(): void {
    if (!this.numPorts) {
      if (this.noisy) log.msg(`Starting protocol <${this.constructor.name} object>`);
      this.startProtocol();
    }
    this.numPorts++;
  }

  /** Called when a port stops using this protocol. */
  doStop(): void {
    if (this.numPorts === 0) return;
    this.numPorts--;
    this.transport = null;
    if (!this.numPorts) {
      if (this.noisy) log.msg(`Stopping protocol <${this.constructor.name} object>`);
      this.stopProtocol();
    }
  }

  /** Hook: the protocol is listening. */
  startProtocol(): void {}

  /** Hook: the protocol stopped listening. */
  stopProtocol(): void {}

  /** Hook: one datagram arrived from `addr` ([host, port]). */
  datagramReceived(datagram: string, addr: UDPAddress): void {
    void datagram;
    void addr;
  }

  /**
   * Hook (connected UDP): a datagram we sent was refused (nothing listens
   * there). Delivery of the refusal is not guaranteed, as with real ICMP.
   */
  connectionRefused(): void {}

  /** The name log lines use. */
  logPrefix(): string {
    return this.constructor.name;
  }
}

/** Kept for older code: a DatagramProtocol meant for connected UDP. */
export class ConnectedDatagramProtocol extends DatagramProtocol {}
