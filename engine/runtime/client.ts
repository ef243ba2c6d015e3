/**
 * A client on the simulated network that is not learner code: the terminal's
 * nc and telnet, and the checks' scripted peers. It connects through the
 * reactor's own connectTCP, so it exercises the same path a learner's client would.
 */
import { Failure } from "../twisted/python/failure";
import { ConnectionDone } from "../twisted/internet/error";
import { ClientFactory, Protocol } from "../twisted/internet/protocol";
import type { SimulatedReactor } from "../twisted/internet/simulated-reactor";

/** What a client hears about its connection. */
export interface ClientEvents {
  onConnected?(): void;
  onData?(text: string): void;
  /** The connection ended; `clean` is false for a reset or abort. */
  onClosed?(clean: boolean): void;
  onRefused?(): void;
}

export type ClientState = "connecting" | "open" | "closed" | "refused";

/** A handle on one scripted connection. */
export class SimulatedClient {
  state: ClientState = "connecting";
  /** Everything received so far. */
  received = "";
  /** Virtual time at which the connection closed, if it did. */
  closedAt: number | null = null;
  private protocol: Protocol | null = null;

  constructor(
    private readonly reactor: SimulatedReactor,
    readonly host: string,
    readonly port: number,
    private readonly events: ClientEvents = {},
  ) {
    const client = this;
    class PeerProtocol extends Protocol {
      override connectionMade(): void {
        client.protocol = this;
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
      override clientConnectionFailed(): void {
        client.state = "refused";
        client.events.onRefused?.();
      }
    }
    reactor.connectTCP(host, port, new PeerFactory());
  }

  /** Sends text, if the connection is open. */
  send(text: string): void {
    if (this.state === "open") this.protocol?.transport?.write(text);
  }

  /** Closes the connection cleanly (FIN). */
  close(): void {
    if (this.state === "open") this.protocol?.transport?.loseConnection();
  }
}
