/**
 * twisted.internet.protocol.ProcessProtocol: how a program talks to a child
 * process it spawned. stdout and stderr arrive as events; stdin is written
 * through the transport; the end comes as processExited then processEnded,
 * with ProcessDone (exit 0) or ProcessTerminated (anything else).
 */
import type { Failure } from "../python/failure";
import type { IProcessTransport } from "./interfaces";

export type { IProcessTransport } from "./interfaces";

/** Override the hooks you need: outReceived, errReceived, processEnded, ... */
export class ProcessProtocol {
  transport: IProcessTransport | null = null;
  /** 1 while the process runs. */
  connected = 0;
  /** Engine extension: true to receive Uint8Array instead of UTF-8 text. */
  receivesBytes = false;

  /** Called by the process transport: stores it and calls connectionMade(). */
  makeConnection(transport: IProcessTransport): void {
    this.connected = 1;
    this.transport = transport;
    this.connectionMade();
  }

  /** Hook: the process has started. */
  connectionMade(): void {}

  /** Data from the child on `childFD` (1 stdout, 2 stderr); calls outReceived / errReceived. */
  childDataReceived(childFD: number, data: string): void {
    if (childFD === 1) this.outReceived(data);
    else if (childFD === 2) this.errReceived(data);
  }

  /** Hook: the child wrote to stdout (bytes when receivesBytes is true). */
  outReceived(data: string | Uint8Array): void {
    void data;
  }

  /** Hook: the child wrote to stderr (bytes when receivesBytes is true). */
  errReceived(data: string | Uint8Array): void {
    void data;
  }

  /** One of the child's pipes closed; calls inConnectionLost / outConnectionLost / errConnectionLost. */
  childConnectionLost(childFD: number): void {
    if (childFD === 0) this.inConnectionLost();
    else if (childFD === 1) this.outConnectionLost();
    else if (childFD === 2) this.errConnectionLost();
  }

  /** Hook: the child's stdin closed. */
  inConnectionLost(): void {}
  /** Hook: the child's stdout closed. */
  outConnectionLost(): void {}
  /** Hook: the child's stderr closed. */
  errConnectionLost(): void {}

  /** Hook: the child exited (its pipes may still be open). */
  processExited(reason: Failure): void {
    void reason;
  }

  /** Hook: the child exited and all its pipes are closed: the end. */
  processEnded(reason: Failure): void {
    void reason;
  }
}
