/**
 * One direction of a simulated TCP connection: the bytes one end wrote, on
 * their way to the other. Writes made in the same turn of the loop leave
 * together; the network's segmentation decides how they are cut; each
 * segment arrives after the latency, never before one sent earlier (TCP keeps
 * order even if the latency changes), and the FIN follows the last byte.
 */
import { cutSegments } from "./segmentation";
import type { SimulatedNetwork } from "./simulated-network";

/** The receiving end of a pipe. */
export interface PipeReceiver {
  /** A segment arrived. */
  arrive(bytes: Uint8Array): void;
  /** The sender closed its side (FIN) after everything it wrote. */
  arriveEof(): void;
  /** The sender reset the connection (RST). */
  arriveReset(): void;
}

type Outgoing = { readonly kind: "data"; readonly bytes: Uint8Array } | { readonly kind: "fin" };

export class Pipe {
  /** Bytes written and not yet handed to the receiving protocol. */
  inFlight = 0;
  /** True once the FIN has been queued: nothing more can be written. */
  finished = false;
  private queue: Outgoing[] = [];
  private flushScheduled = false;
  private lastArrival = 0;
  private reset = false;

  constructor(
    private readonly network: SimulatedNetwork,
    private readonly receiver: PipeReceiver,
    private readonly label: string,
  ) {}

  /** Queues bytes to send; they leave at the end of this turn of the loop. */
  write(bytes: Uint8Array): void {
    if (this.finished || this.reset || bytes.length === 0) return;
    this.inFlight += bytes.length;
    this.queue.push({ kind: "data", bytes });
    this.scheduleFlush();
  }

  /** Queues the FIN after everything written so far. */
  finish(): void {
    if (this.finished || this.reset) return;
    this.finished = true;
    this.queue.push({ kind: "fin" });
    this.scheduleFlush();
  }

  /** Sends a RST now: unsent data is dropped; the reset still takes the latency to arrive. */
  sendReset(): void {
    if (this.reset) return;
    this.reset = true;
    this.finished = true;
    this.queue = [];
    this.inFlight = 0;
    this.network.simulation.scheduleIo(this.network.latency, () => this.receiver.arriveReset(), `RST ${this.label}`);
  }

  /** The receiver consumed `count` bytes. */
  consumed(count: number): void {
    this.inFlight = Math.max(0, this.inFlight - count);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.network.simulation.scheduleIo(0, () => this.flush(), `send ${this.label}`);
  }

  private flush(): void {
    this.flushScheduled = false;
    const items = this.queue;
    this.queue = [];
    let data: Uint8Array[] = [];
    const sendData = () => {
      for (const segment of cutSegments(data, this.network.segmentation, this.network.random)) {
        this.schedule(() => this.receiver.arrive(segment), `deliver ${segment.length} bytes ${this.label}`);
      }
      data = [];
    };
    for (const item of items) {
      if (item.kind === "data") {
        data.push(item.bytes);
        continue;
      }
      sendData();
      this.schedule(() => this.receiver.arriveEof(), `FIN ${this.label}`);
    }
    sendData();
  }

  private schedule(run: () => void, label: string): void {
    const sim = this.network.simulation;
    const at = Math.max(sim.seconds() + this.network.latency, this.lastArrival);
    this.lastArrival = at;
    // Segments already on the wire still arrive if the sender resets later.
    sim.scheduleIo(at - sim.seconds(), run, label);
  }
}
