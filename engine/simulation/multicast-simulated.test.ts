import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import { DatagramProtocol } from "../twisted/internet/protocol";
import type { UDPAddress } from "../twisted/internet/interfaces";
import { CannotListenError, MulticastJoinError } from "../twisted/internet/error";
import type { Failure } from "../twisted/python/failure";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

class Listener extends DatagramProtocol {
  override noisy = false;
  readonly got: [string, UDPAddress][] = [];
  override datagramReceived(datagram: string, addr: UDPAddress): void {
    this.got.push([datagram, addr]);
  }
}

const GROUP = "228.0.0.5";

describe("IP multicast on the simulated network", () => {
  it("reaches every member on every host that joined the group, and no one else", () => {
    const network = reactor.host.network;
    const [alpha, beta, gamma] = ["alpha", "beta", "gamma"].map((name) => network.addHost(name));
    const members = [alpha!, beta!].map((host) => {
      const listener = new Listener();
      const port = host.listenMulticast(9999, listener, "", 8192, true);
      port.joinGroup(GROUP);
      return listener;
    });
    const outsider = new Listener();
    gamma!.listenMulticast(9999, outsider, "", 8192, true);
    const sender = new Listener();
    const sending = reactor.listenMulticast(0, sender);
    sending.write("Client: Ping", [GROUP, 9999]);
    reactor.runUntilIdle();
    const from: UDPAddress = [reactor.host.ip, sending.getHost().port];
    for (const member of members) expect(member.got).toEqual([["Client: Ping", from]]);
    expect(outsider.got).toEqual([]);
  });

  it("lets several sockets share a port with listenMultiple, and each gets its copy", () => {
    const first = new Listener();
    const second = new Listener();
    reactor.listenMulticast(9999, first, "", 8192, true).joinGroup(GROUP);
    reactor.listenMulticast(9999, second, "", 8192, true);
    reactor.listenUDP(0, new Listener()).write("hello", [GROUP, 9999]);
    reactor.runUntilIdle();
    expect(first.got.map(([d]) => d)).toEqual(["hello"]);
    expect(second.got.map(([d]) => d)).toEqual(["hello"]);
  });

  it("refuses a shared port to a socket without listenMultiple, as Linux does", () => {
    reactor.listenMulticast(9999, new Listener(), "", 8192, true);
    expect(() => reactor.listenMulticast(9999, new Listener())).toThrow(CannotListenError);
    expect(() => reactor.listenUDP(9999, new Listener())).toThrow("Couldn't listen on any:9999: [Errno 98] Address already in use.");
  });

  it("delivers to the sender's own host only while loopback mode is on", () => {
    const member = new Listener();
    const port = reactor.listenMulticast(9999, member, "", 8192, true);
    port.joinGroup(GROUP);
    expect(port.getLoopbackMode()).toBe(1);
    port.write("one", [GROUP, 9999]);
    reactor.runUntilIdle();
    port.setLoopbackMode(0);
    expect(port.getLoopbackMode()).toBe(0);
    port.write("two", [GROUP, 9999]);
    reactor.runUntilIdle();
    expect(member.got.map(([d]) => d)).toEqual(["one"]);
  });

  it("keeps datagrams on the sender's host with a TTL of 0", () => {
    const remote = new Listener();
    reactor.host.network.addHost("beta").listenMulticast(9999, remote, "", 8192, true).joinGroup(GROUP);
    const port = reactor.listenMulticast(0, new Listener());
    expect(port.getTTL()).toBe(1);
    port.setTTL(0);
    port.write("stay home", [GROUP, 9999]);
    reactor.runUntilIdle();
    expect(remote.got).toEqual([]);
    port.setTTL(5);
    port.write("go out", [GROUP, 9999]);
    reactor.runUntilIdle();
    expect(remote.got.map(([d]) => d)).toEqual(["go out"]);
  });

  it("stops hearing the group after leaveGroup", () => {
    const member = new Listener();
    const port = reactor.listenMulticast(9999, member, "", 8192, true);
    port.joinGroup(GROUP);
    port.leaveGroup(GROUP);
    port.write("anyone?", [GROUP, 9999]);
    reactor.runUntilIdle();
    expect(member.got).toEqual([]);
  });

  it("fails joinGroup and leaveGroup with Twisted's MulticastJoinError", () => {
    const port = reactor.listenMulticast(0, new Listener());
    const errors: string[] = [];
    const record = (f: Failure) => {
      expect(f.check(MulticastJoinError)).not.toBeNull();
      errors.push(f.getErrorMessage());
      return null;
    };
    port.joinGroup(GROUP).addErrback(record);
    port.joinGroup(GROUP).addErrback(record);
    port.joinGroup("10.0.0.1").addErrback(record);
    port.leaveGroup(GROUP).addErrback(record);
    port.leaveGroup(GROUP).addErrback(record);
    // The same texts real Twisted 22.4 gives (engine/node/real-multicast-unix.test.ts compares them).
    expect(errors).toEqual([
      "(b'\\xe4\\x00\\x00\\x05', b'\\x00\\x00\\x00\\x00', 98, 'Address already in use')",
      "(b'\\n\\x00\\x00\\x01', b'\\x00\\x00\\x00\\x00', 22, 'Invalid argument')",
      "(b'\\xe4\\x00\\x00\\x05', b'\\x00\\x00\\x00\\x00', 99, 'Cannot assign requested address')",
    ]);
  });

  it("sets the outgoing interface, firing with 1 as Twisted does", () => {
    const port = reactor.listenMulticast(0, new Listener());
    expect(port.getOutgoingInterface()).toBe("0.0.0.0");
    const fired: unknown[] = [];
    port.setOutgoingInterface("127.0.0.1").addCallback((r) => fired.push(r));
    expect(fired).toEqual([1]);
    expect(port.getOutgoingInterface()).toBe("127.0.0.1");
  });
});
