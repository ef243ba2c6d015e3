/**
 * IP multicast for the real-network reactor, on node:dgram: Twisted's
 * MulticastPort (joinGroup, leaveGroup, loopback mode, TTL, outgoing
 * interface) over addMembership and the socket options. Node has setters but
 * no getters for these options, so the port remembers what it set, starting
 * from Linux's defaults (loopback on, TTL 1).
 */
import { Deferred, fail, succeed } from "../twisted/internet/defer";
import { Failure } from "../twisted/python/failure";
import { DNSLookupError, MulticastJoinError } from "../twisted/internet/error";
import type { IMulticastTransport } from "../twisted/internet/interfaces";
import { NodeUDPPort } from "./node-udp";

const DOTTED_QUAD = /^\d+\.\d+\.\d+\.\d+$/;
/** The errno Python reports for each error code setsockopt can give here. */
const ERRNO: Record<string, [number, string]> = {
  EINVAL: [22, "Invalid argument"],
  EADDRINUSE: [98, "Address already in use"],
  EADDRNOTAVAIL: [99, "Cannot assign requested address"],
  ENODEV: [19, "No such device"],
};

/** A real UDP socket that can join multicast groups: what listenMulticast returns. */
export class NodeMulticastPort extends NodeUDPPort implements IMulticastTransport {
  private loopback = 1;
  private ttl = 1;
  private outgoingInterface = "0.0.0.0";

  /** Joins group `addr` on `iface` (any by default). @returns a Deferred failing with MulticastJoinError */
  joinGroup(addr: string, iface = ""): Deferred<null> {
    return this.changeMembership(addr, iface, true);
  }

  /** Leaves group `addr`. @returns a Deferred failing with MulticastJoinError when not a member */
  leaveGroup(addr: string, iface = ""): Deferred<null> {
    return this.changeMembership(addr, iface, false);
  }

  /** 1 when this host's own members hear what this socket sends to a group, else 0. */
  getLoopbackMode(): number {
    return this.loopback;
  }

  /** Sets IP_MULTICAST_LOOP. */
  setLoopbackMode(mode: boolean | number): void {
    this.loopback = mode ? 1 : 0;
    this.socket.setMulticastLoopback(Boolean(mode));
  }

  /** IP_MULTICAST_TTL. */
  getTTL(): number {
    return this.ttl;
  }

  /** Sets IP_MULTICAST_TTL. @throws Error outside 0..255, as struct.pack("B") does */
  setTTL(ttl: number): void {
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 255) throw new Error("struct.error: ubyte format requires 0 <= number <= 255");
    this.ttl = ttl;
    this.socket.setMulticastTTL(ttl);
  }

  /** The interface datagrams to a group leave by. */
  getOutgoingInterface(): string {
    return this.outgoingInterface;
  }

  /** Sets IP_MULTICAST_IF. @returns a Deferred firing with 1 */
  setOutgoingInterface(addr: string): Deferred<number> {
    if (!DOTTED_QUAD.test(addr)) return fail(new Failure(new DNSLookupError(addr)));
    this.socket.setMulticastInterface(addr);
    this.outgoingInterface = addr;
    return succeed(1);
  }

  private changeMembership(addr: string, iface: string, join: boolean): Deferred<null> {
    if (!DOTTED_QUAD.test(addr)) return fail(new Failure(new DNSLookupError(addr)));
    try {
      const through = iface === "" ? undefined : iface;
      if (join) this.socket.addMembership(addr, through);
      else this.socket.dropMembership(addr, through);
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code ?? "";
      const [errno, reason] = ERRNO[code] ?? [0, (thrown as Error).message];
      return fail(new Failure(new MulticastJoinError(addr, iface, errno, reason)));
    }
    return succeed(null);
  }
}
