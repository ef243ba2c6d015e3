/**
 * The real upstream finger server a twin's `fingerd:` step stands for, on a
 * free loopback port of this machine.
 */
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import type { WorldStep } from "../../engine";

/** A `fingerd:` step: the upstream finger server a scenario sets up. */
export type FingerdStep = Extract<WorldStep, { fingerd: string }>;

/**
 * The real upstream finger server a `fingerd:` step describes, on a free
 * loopback port: it keeps what each connection sent, answers once a line has
 * arrived (its reply's pieces with real pauses between them), and closes.
 */
export class RealFingerDaemon {
  readonly requests: string[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private step: FingerdStep) {}

  /** Starts listening (if not already) and resolves with the port. */
  async listen(): Promise<number> {
    if (!this.server) {
      const server = createServer((socket) => this.answer(socket));
      this.server = server;
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    }
    return (this.server.address() as AddressInfo).port;
  }

  /** Answers later queries by `step`. */
  serve(step: FingerdStep): void {
    this.step = step;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    const index = this.requests.push("") - 1;
    const decoder = new StringDecoder("utf8");
    let answering = false;
    socket.on("data", (chunk: Buffer) => {
      this.requests[index] += decoder.write(chunk);
      if (answering || !this.requests[index]!.includes("\n")) return;
      answering = true;
      const { segments = [this.step.reply ?? ""], gap, delay } = this.step;
      const writeFrom = (next: number): void => {
        if (socket.destroyed) return;
        if (next >= segments.length) {
          socket.end();
          return;
        }
        socket.write(segments[next]!, "utf8");
        if (next + 1 < segments.length && gap > 0) setTimeout(() => writeFrom(next + 1), gap * 1000);
        else writeFrom(next + 1);
      };
      setTimeout(() => writeFrom(0), delay * 1000);
    });
  }
}
