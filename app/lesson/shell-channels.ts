/**
 * The terminal's open requests to the runner: connections (nc, curl), commands
 * (twistd, file writes) and inspections (netstat, ps), each under an id the
 * runner's events carry back. LessonSession sends the requests; this routes
 * the answers to the handlers waiting for them.
 */
import type { RunnerEvent } from "../../engine";
import type { CommandHandlers, ConnectionHandlers } from "../terminal/shell";

/** The runner's answer to a netstat or ps inspection. */
export type Inspected = Extract<RunnerEvent, { type: "inspected" }>;

/** The runner's events that answer a terminal's request. */
export type ChannelEvent = Extract<RunnerEvent, { type: "connected" | "data" | "closed" | "refused" | "exec-output" | "exec-exit" | "inspected" }>;

/** The terminal's open connections, commands and inspections, by the id the runner answers with. */
export class ShellChannels {
  private readonly connections = new Map<number, ConnectionHandlers>();
  private readonly commands = new Map<number, CommandHandlers>();
  private readonly inspections = new Map<number, (event: Inspected) => void>();
  private nextId = 1;

  /** A fresh id for a request to the runner, unique among connections and commands. */
  newId(): number {
    return this.nextId++;
  }

  /** Registers the handlers of connection `conn`; its events go to them until it closes. */
  openConnection(conn: number, handlers: ConnectionHandlers): void {
    this.connections.set(conn, handlers);
  }

  /** Forgets connection `conn` (the terminal closed it). */
  forgetConnection(conn: number): void {
    this.connections.delete(conn);
  }

  /** Registers a command's handlers under a fresh id, which it returns; they get its output until it exits. */
  addCommand(handlers: CommandHandlers): number {
    const id = this.newId();
    this.commands.set(id, handlers);
    return id;
  }

  /** Registers what gets an inspection's answer under a fresh id, which it returns. */
  addInspection(answer: (event: Inspected) => void): number {
    const id = this.newId();
    this.inspections.set(id, answer);
    return id;
  }

  /** Hands `event` to the connection, command or inspection it answers (ignored if that is gone). */
  route(event: ChannelEvent): void {
    switch (event.type) {
      case "connected":
        this.connections.get(event.conn)?.onConnected();
        break;
      case "data":
        this.connections.get(event.conn)?.onData(event.data);
        break;
      case "closed":
        this.connections.get(event.conn)?.onClosed(event.clean);
        this.connections.delete(event.conn);
        break;
      case "refused":
        this.connections.get(event.conn)?.onRefused();
        this.connections.delete(event.conn);
        break;
      case "exec-output":
        this.commands.get(event.id)?.onOutput(event.text, event.stream);
        break;
      case "exec-exit":
        this.commands.get(event.id)?.onExit(event.code);
        this.commands.delete(event.id);
        break;
      case "inspected":
        this.inspections.get(event.id)?.(event);
        this.inspections.delete(event.id);
        break;
    }
  }

  /** Closes every connection (not cleanly) and ends every command (no exit code): the run they belonged to is gone. */
  dropAll(): void {
    for (const handlers of this.connections.values()) handlers.onClosed(false);
    this.connections.clear();
    for (const handlers of this.commands.values()) handlers.onExit(null);
    this.commands.clear();
  }
}
