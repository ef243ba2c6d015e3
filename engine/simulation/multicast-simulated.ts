/**
 * IP multicast on the simulated network, as Twisted's MulticastPort offers it:
 * a UDP socket that joins groups (224.0.0.0/4). Every simulated host is on one
 * local network, so a datagram sent to a group reaches each host with a member
 * (see SimulatedNetwork.sendToGroup); the sender's own host hears it only with
 * loopback mode on, and a TTL of 0 keeps it on the sender's host.
 */
import { Deferred, fail, succeed } from "../twisted/internet/defer";
import { Failure } from "../twisted/python/failure";
import { DNSLookupError, MulticastJoinError } from "../twisted/internet/error";
import type { IMulticastTransport } from "../twisted/internet/interfaces";
import { isMulticastAddress, SimulatedUDPPort } from "./udp-simulated";

const DOTTED_QUAD = /^\d+\.\d+\.\d+\.\d+$/;

/** A UDP socket that can join multicast groups: what listenMulticast returns. */
export class SimulatedMulticastPort extends SimulatedUDPPort implements IMulticastTransport {
  private outgoingInterface = "0.0.0.0";

  /**
   * Joins multicast group `addr` on interface `iface` (any by default).
   * @returns a Deferred firing with null, or failing with MulticastJoinError
   *   (errno 22 for an address that is not a group, 98 when already a member),
   *   or DNSLookupError for a name that is not an address.
   */
  joinGroup(addr: string, iface = ""): Deferred<null> {
    return this.changeMembership(addr, iface, true);
  }

  /**
   * Leaves multicast group `addr`.
   * @returns a Deferred firing with null, or failing with MulticastJoinError (errno 99 when not a member).
   */
  leaveGroup(addr: string, iface = ""): Deferred<null> {
    return this.changeMembership(addr, iface, false);
  }

  /** 1 when this host's own members hear what this socket sends to a group, else 0 (as getsockopt answers). */
  getLoopbackMode(): number {
    return this.multicastLoopback ? 1 : 0;
  }

  /** Whether this host's own members hear what this socket sends to a group. */
  setLoopbackMode(mode: boolean | number): void {
    this.multicastLoopback = Boolean(mode);
  }

  /** How far a datagram to a group travels: 0 this host, 1 or more the local network. */
  getTTL(): number {
    return this.multicastTTL;
  }

  /**
   * Sets the multicast TTL.
   * @throws Error (struct.error) outside 0..255, as Python's struct.pack("B") does.
   */
  setTTL(ttl: number): void {
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 255) throw new Error("struct.error: ubyte format requires 0 <= number <= 255");
    this.multicastTTL = ttl;
  }

  /** The interface datagrams to a group leave by ("0.0.0.0": chosen by routing). */
  getOutgoingInterface(): string {
    return this.outgoingInterface;
  }

  /**
   * Sends datagrams to groups through interface `addr`.
   * @returns a Deferred firing with 1, as Twisted's does; DNSLookupError for a name that is not an address.
   */
  setOutgoingInterface(addr: string): Deferred<number> {
    if (!DOTTED_QUAD.test(addr)) return fail(new Failure(new DNSLookupError(addr)));
    this.outgoingInterface = addr;
    return succeed(1);
  }

  private changeMembership(addr: string, iface: string, join: boolean): Deferred<null> {
    if (!DOTTED_QUAD.test(addr)) return fail(new Failure(new DNSLookupError(addr)));
    if (iface !== "" && !DOTTED_QUAD.test(iface)) return fail(new Failure(new DNSLookupError(iface)));
    const error = (errno: number, reason: string) => fail<null>(new Failure(new MulticastJoinError(addr, iface, errno, reason)));
    if (!isMulticastAddress(addr)) return error(22, "Invalid argument");
    if (iface !== "" && iface !== "0.0.0.0" && !this.owner.addresses().includes(iface)) return error(19, "No such device");
    if (join) {
      if (this.groups.has(addr)) return error(98, "Address already in use");
      this.groups.add(addr);
    } else {
      if (!this.groups.has(addr)) return error(99, "Cannot assign requested address");
      this.groups.delete(addr);
    }
    return succeed(null);
  }
}
