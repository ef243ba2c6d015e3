/**
 * A client on the simulated network that is not learner code: the terminal's
 * nc and telnet, and the checks' scripted peers. It connects through the
 * host's own connectTCP, so it exercises the same path a learner's client
 * would, and it may connect from another host (to test interface binding).
 */
import { ClientContextFactory } from "../twisted/internet/ssl";
import { TLSMemoryBIOFactory } from "../twisted/protocols/tls";
import type { Failure } from "../twisted/python/failure";
import { ConnectionDone } from "../twisted/internet/error";
import { ClientFactory, Protocol } from "../twisted/internet/protocol";
import type { HostedReactor } from "../simulation/simulated-network";

/** What a client hears about its connection. */
export interface ClientEvents {
  onConnected?(): void;
  onData?(text: string): void;
  /** The connection ended; `clean` is false for a reset or abort. */
  onClosed?(clean: boolean): void;
  /** The connection attempt failed; `reason` says why (refused, timed out, unknown host). */
  onRefused?(reason?: string): void;
}

export type ClientState = "connecting" | "open" | "closed" | "refused";

/** A handle on one scripted connection. */
export class SimulatedClient {
  state: ClientState = "connecting";
  /** Everything received so far. */
  received = "";
  /** Virtual time at which the connection closed, if it did. */
  closedAt: number | null = null;
  /** Why the attempt failed, when state is "refused" (e.g. "ConnectionRefusedError"). */
  failure: string | null = null;
  /** True once this side half-closed (sent FIN) but may still receive. */
  halfClosed = false;
  /** False while the client reads nothing (a slow reader): what arrives waits unread and the sender's buffer fills. */
  reading = true;
  private protocol: Protocol | null = null;

  /**
   * Connects to `host:port` from the host named `from` (the reactor's own host by default).
   * @throws Error if `from` names no host.
   */
  constructor(
    private readonly reactor: HostedReactor,
    readonly host: string,
    readonly port: number,
    private readonly events: ClientEvents = {},
    from?: string,
    /** Speak TLS, accepting any certificate (as curl -k): `received` and send() are plaintext. */
    tls = false,
    /** Connect to this Unix domain socket path on the host instead of to `host:port`. */
    unixPath?: string,
  ) {
    const client = this;
    class PeerProtocol extends Protocol {
      override connectionMade(): void {
        client.protocol = this;
        if (!client.reading) this.transport?.pauseProducing();
        client.state = "open";
        client.events.onConnected?.();
      }
      override dataReceived(data: string): void {
        client.received += data;
        client.events.onData?.(data);
      }
      override connectionLost(reason: Failure): void {
        client.state = "closed";
        client.closedAt = client.reactor.seconds();
        client.events.onClosed?.(reason.check(ConnectionDone) !== null);
      }
    }
    class PeerFactory extends ClientFactory {
      override noisy = false;
      override protocol = PeerProtocol;
      override clientConnectionFailed(_connector: unknown, reason: Failure): void {
        client.state = "refused";
        client.failure = (reason.value as Error).name ?? "Error";
        client.events.onRefused?.(reason.getErrorMessage());
      }
    }
    const origin = from === undefined ? reactor.host : reactor.host.network.getHost(from);
    if (!origin) throw new Error(`no host named ${from} on the simulated network`);
    const factory = new PeerFactory();
    if (unixPath !== undefined) origin.connectUNIX(unixPath, factory);
    else origin.connectTCP(host, port, tls ? new TLSMemoryBIOFactory(new ClientContextFactory(), true, factory) : factory);
  }

  /** Sends text (as UTF-8) or raw bytes, if the connection is open. */
  send(data: string | Uint8Array): void {
    if (this.state === "open" && !this.halfClosed) this.protocol?.transport?.write(data);
  }

  /** Closes the connection cleanly (FIN), no longer reading. */
  close(): void {
    if (this.state === "open") this.protocol?.transport?.loseConnection();
  }

  /** Half-closes (FIN) but keeps reading, as `nc -N` does after its input ends. */
  halfClose(): void {
    if (this.state !== "open" || this.halfClosed) return;
    this.halfClosed = true;
    this.protocol?.transport?.loseWriteConnection();
  }

  /**
   * Stops (false) or resumes (true) reading, as a client that is busy or slow:
   * unread bytes stay in the network, so the server's write buffer fills and
   * its producer is paused. Takes effect at connectionMade when called earlier.
   */
  setReading(reading: boolean): void {
    this.reading = reading;
    if (this.state !== "open") return;
    if (reading) this.protocol?.transport?.resumeProducing();
    else this.protocol?.transport?.pauseProducing();
  }

  /** Resets the connection (RST), dropping anything unsent. */
  abort(): void {
    if (this.state === "open") this.protocol?.transport?.abortConnection();
  }
}
