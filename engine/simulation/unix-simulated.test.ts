import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import { Protocol } from "../twisted/internet/protocol";
import { clientFromString, serverFromString } from "../twisted/internet/endpoints";
import { CannotListenError } from "../twisted/internet/error";
import type { Failure } from "../twisted/python/failure";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

class Echo extends Protocol {
  override dataReceived(data: string): void {
    this.transport!.write(data);
  }
}

describe("Unix domain sockets on a simulated host", () => {
  it("listens as a file on the host's filesystem, and removes it when it stops", () => {
    const log = captureLog();
    const port = reactor.listenUNIX("/tmp/echo.sock", serverFactory(() => new Echo()), 50, 0o600);
    expect(reactor.host.fs.exists("/tmp/echo.sock")).toBe(true);
    expect(reactor.host.fs.mode("/tmp/echo.sock")).toBe(0o600);
    expect(reactor.host.fs.list("/tmp").map((e) => e.name)).toContain("echo.sock");
    expect(String(port.getHost())).toBe("UNIXAddress('/tmp/echo.sock')");
    expect(reactor.host.listeningPorts()).toEqual([{ host: "localhost", transport: "UNIX", interface: "", port: 0, path: "/tmp/echo.sock", owner: "Factory" }]);
    port.stopListening();
    expect(reactor.host.listeningPorts()).toEqual([]);
    expect(reactor.host.fs.exists("/tmp/echo.sock")).toBe(false);
    log.stop();
    expect(log.lines).toEqual(["Factory starting on '/tmp/echo.sock'", "(UNIX Port /tmp/echo.sock Closed)"]);
  });

  it("connects a client to the server, with Twisted's UNIXAddresses on each end", () => {
    const servers = serverFactory(() => new RecordingProtocol());
    reactor.listenUNIX("/tmp/echo.sock", servers);
    const clients = new RecordingClientFactory();
    reactor.connectUNIX("/tmp/echo.sock", clients);
    reactor.runUntilIdle();
    const [client] = clients.built;
    const [server] = servers.built;
    expect(String(client!.transport!.getPeer())).toBe("UNIXAddress('/tmp/echo.sock')");
    expect(String(client!.transport!.getHost())).toBe("UNIXAddress(None)");
    expect(String(server!.transport!.getPeer())).toBe("UNIXAddress(None)");
    expect(String(server!.transport!.getHost())).toBe("UNIXAddress('/tmp/echo.sock')");
    client!.transport!.write("hello");
    reactor.runUntilIdle();
    expect(server!.received).toBe("hello");
  });

  it("refuses a path that already exists: a stale socket file is 'Address already in use'", () => {
    reactor.host.fs.write("/tmp/echo.sock", "");
    expect(() => reactor.listenUNIX("/tmp/echo.sock", serverFactory(() => new Echo()))).toThrow(
      new CannotListenError("", "b'/tmp/echo.sock'", "[Errno 98] Address already in use"),
    );
    expect(() => reactor.listenUNIX("/nowhere/echo.sock", serverFactory(() => new Echo()), 50, 0o666, true)).toThrow(
      "Couldn't listen on any:b'/nowhere/echo.sock': [Errno 2] No such file or directory.",
    );
    expect(reactor.host.fs.exists("/nowhere")).toBe(false);
  });

  it("fails a client with Twisted's errors: no such file, or nobody listening", () => {
    const clients = new RecordingClientFactory();
    reactor.connectUNIX("/tmp/missing.sock", clients);
    reactor.host.fs.write("/tmp/stale.sock", "");
    reactor.connectUNIX("/tmp/stale.sock", clients);
    reactor.runUntilIdle();
    expect(clients.events.filter((e) => e.startsWith("clientConnectionFailed"))).toEqual([
      "clientConnectionFailed ConnectError",
      "clientConnectionFailed ConnectionRefusedError",
    ]);
  });

  it("parses unix: endpoint strings, long and short, and serves the same protocol", () => {
    const failures: string[] = [];
    serverFromString(reactor, "unix:address=/tmp/a.sock:mode=600:lockfile=0").listen(serverFactory(() => new Echo()));
    expect(reactor.host.fs.mode("/tmp/a.sock")).toBe(0o600);
    expect(reactor.host.fs.exists("/tmp/a.sock.lock")).toBe(false);
    serverFromString(reactor, "unix:/tmp/b.sock").listen(serverFactory(() => new Echo()));
    expect(reactor.host.fs.mode("/tmp/b.sock")).toBe(0o666);
    expect(reactor.host.fs.exists("/tmp/b.sock.lock")).toBe(true);
    const got: string[] = [];
    for (const description of ["unix:/tmp/a.sock", "unix:path=/tmp/b.sock:timeout=5"]) {
      clientFromString(reactor, description)
        .connect(new RecordingClientFactory())
        .addCallback((protocol) => {
          protocol.transport!.write(description);
          reactor.callLater(1, () => got.push((protocol as RecordingProtocol).received));
        });
    }
    clientFromString(reactor, "unix:/tmp/c.sock").connect(new RecordingClientFactory()).addErrback((f: Failure) => failures.push(f.getErrorMessage()));
    reactor.advance(2);
    expect(got).toEqual(["unix:/tmp/a.sock", "unix:path=/tmp/b.sock:timeout=5"]);
    expect(failures).toEqual(["An error occurred while connecting: 2: No such file or directory."]);
  });

  it("with a lockfile, refuses a lock held, releases it on stop, and leaves a regular file at the path alone", () => {
    const first = reactor.listenUNIX("/tmp/x.sock", serverFactory(() => new Echo()), 50, 0o666, true);
    expect(() => reactor.listenUNIX("/tmp/x.sock", serverFactory(() => new Echo()), 50, 0o666, true)).toThrow("Cannot acquire lock");
    first.stopListening();
    expect(reactor.host.fs.exists("/tmp/x.sock.lock")).toBe(false);
    // A stale lock and a regular file: Twisted removes only a socket, so the bind fails.
    reactor.host.fs.write("/tmp/y.sock.lock", "1234");
    reactor.host.fs.write("/tmp/y.sock", "");
    expect(() => reactor.listenUNIX("/tmp/y.sock", serverFactory(() => new Echo()), 50, 0o666, true)).toThrow("Address already in use");
  });
});
