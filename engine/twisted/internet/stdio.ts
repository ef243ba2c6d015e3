/**
 * twisted.internet.stdio: a protocol connected to the program's own standard
 * input and output, as if they were a connection. A child process that a
 * parent started with spawnProcess talks to it this way: what the parent
 * writes to the child's stdin arrives in dataReceived, and transport.write
 * goes to the child's stdout, which the parent reads (ampoule's workers speak
 * AMP like this). End of file on stdin ends the connection.
 *
 * The program's streams are the process's: runtime/child-program.ts gives
 * each child process a StandardIO bound to its own pipes (stdioFor). The course's main program
 * has the terminal for its streams, which StandardIO does not drive.
 */
import { ConnectionDone } from "./error";
import type { IAddress, IProducer, IProtocol, ITransport } from "./interfaces";
import { Failure } from "../python/failure";
import { log } from "../python";
import { encodeData, StreamDecoder } from "./wire";

/** The two pipes of a process, as StandardIO needs them. */
export interface StandardStreams {
  /** Writes to the process's stdout. */
  writeStdout(data: Uint8Array): void;
  /** Closes the process's stdout: the reader sees end of file. */
  closeStdout(): void;
  /** Calls `listener` with each piece that arrives on stdin. */
  onStdin(listener: (data: Uint8Array) => void): void;
  /** Calls `listener` once stdin reaches end of file. */
  onStdinClosed(listener: () => void): void;
}

/** The address of either end of a pipe: it has no host or port. */
export class PipeAddress {
  readonly type = "PIPE";

  toString(): string {
    return "<twisted.internet._posixstdio.PipeAddress object>";
  }
}

/**
 * The transport of a protocol over stdin and stdout. Like Twisted's (on
 * POSIX), end of file on stdin calls connectionLost with ConnectionDone, and
 * loseConnection closes stdout and stops reading.
 */
export class StandardIO implements ITransport {
  disconnecting = false;
  disconnected = false;
  private protocol: IProtocol | null;
  private readonly decoder: StreamDecoder;
  private reading = true;
  private readonly paused: Uint8Array[] = [];

  /**
   * Connects `proto` to this process's stdin and stdout: makeConnection runs at once.
   * @param streams the process's pipes (engine use: a child process's module passes its own, see stdioFor).
   * @throws Error when the program has no pipes to connect to (the course's main program).
   */
  constructor(proto: IProtocol, streams?: StandardStreams) {
    const found = streams ?? null;
    if (!found) {
      throw new Error(
        "StandardIO needs the standard input and output of a child process: the program you run has the course's terminal for them, " +
          "which StandardIO does not drive. Start this code with reactor.spawnProcess, and it talks to its parent over its pipes.",
      );
    }
    this.streams = found;
    this.protocol = proto;
    this.decoder = new StreamDecoder(proto);
    found.onStdin((data) => this.arrived(data));
    found.onStdinClosed(() => this.connectionLost(new Failure(new ConnectionDone("Connection was closed cleanly."))));
    proto.makeConnection(this);
  }

  private readonly streams: StandardStreams;

  get connected(): boolean {
    return !this.disconnected;
  }

  write(data: string | Uint8Array): void {
    if (this.disconnecting || this.disconnected) return;
    this.streams.writeStdout(encodeData(data));
  }

  writeSequence(data: Iterable<string | Uint8Array>): void {
    for (const piece of data) this.write(piece);
  }

  /** Closes stdout and stops reading stdin; connectionLost follows. */
  loseConnection(): void {
    if (this.disconnecting || this.disconnected) return;
    this.disconnecting = true;
    this.reading = false;
    this.streams.closeStdout();
    this.connectionLost(new Failure(new ConnectionDone("Connection was closed cleanly.")));
  }

  abortConnection(): void {
    this.loseConnection();
  }

  loseWriteConnection(): void {
    this.streams.closeStdout();
  }

  getPeer(): IAddress {
    return new PipeAddress() as unknown as IAddress;
  }

  getHost(): IAddress {
    return new PipeAddress() as unknown as IAddress;
  }

  registerProducer(producer: IProducer, streaming: boolean): void {
    void streaming;
    if (this.disconnected) producer.stopProducing();
  }

  unregisterProducer(): void {}

  pauseProducing(): void {
    this.reading = false;
  }

  resumeProducing(): void {
    if (this.disconnecting || this.disconnected) return;
    this.reading = true;
    const waiting = this.paused.splice(0);
    for (const data of waiting) this.arrived(data);
  }

  stopProducing(): void {
    this.loseConnection();
  }

  private arrived(data: Uint8Array): void {
    if (this.disconnected || !this.protocol) return;
    if (!this.reading) {
      if (!this.disconnecting) this.paused.push(data);
      return;
    }
    const value = this.decoder.decode(data);
    if (value !== null) this.protocol.dataReceived(value as string);
  }

  private connectionLost(reason: Failure): void {
    if (this.disconnected) return;
    this.disconnected = true;
    const protocol = this.protocol;
    this.protocol = null;
    try {
      protocol?.connectionLost(reason);
    } catch (thrown) {
      log.err(new Failure(thrown));
    }
  }
}

/** The stdio module of one child process: StandardIO connects to that process's pipes. */
export function stdioFor(streams: StandardStreams): { StandardIO: new (proto: IProtocol) => StandardIO; PipeAddress: typeof PipeAddress } {
  class ProcessStandardIO extends StandardIO {
    constructor(proto: IProtocol) {
      super(proto, streams);
    }
  }
  Object.defineProperty(ProcessStandardIO, "name", { value: "StandardIO" });
  return { StandardIO: ProcessStandardIO, PipeAddress };
}
