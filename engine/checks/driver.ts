/**
 * What a check scenario runs against. The simulated driver runs the
 * learner's program in a World on virtual time; lesson tooling provides a
 * real-network driver (a Python twin on real Twisted over loopback), so the
 * very same scenarios can compare the two.
 */
import type { NetworkConditions } from "../twisted/internet/simulated-network";
import type { ClientState, SimulatedClient } from "../runtime/client";
import { World, formatProgramError } from "../runtime/world";

/** A client connection as a scenario sees it. */
export interface DriverClient {
  readonly state: ClientState;
  readonly received: string;
}

export interface ScenarioDriver {
  /** Starts the program; resolves with an error message if it could not start. */
  start(): Promise<string | null>;
  connect(host: string, port: number): DriverClient;
  send(client: DriverClient, text: string): void;
  /** Closes the connection (the simulation's loseConnection; a FIN on a real socket). */
  close(client: DriverClient): void;
  /** Stops sending but keeps reading (a FIN). */
  halfClose(client: DriverClient): void;
  /** Changes latency and segmentation where the driver can; a real network ignores it. */
  setNetwork(conditions: Partial<NetworkConditions>): void;
  /** Lets work already queued run (no time passes in a simulation). */
  settle(): Promise<void>;
  /** Lets `seconds` pass, returning early once `until()` holds. */
  wait(seconds: number, until?: () => boolean): Promise<void>;
  /** Everything the program printed and logged so far. */
  output(): string;
  /** Only what the program printed to stdout, line by line. */
  stdout(): string[];
  reactorRunning(): boolean;
  /** Why the program was stopped from outside (it blocked the reactor), or null. */
  fatal(): string | null;
  /** The program's source, for checks that read the code. */
  readonly source: string;
  dispose(): Promise<void>;
}

/** Runs a learner program in a fresh simulated world. */
export class SimulatedDriver implements ScenarioDriver {
  readonly world = new World();

  constructor(
    readonly source: string,
    private readonly file: string,
  ) {}

  async start(): Promise<string | null> {
    const outcome = this.world.start(this.source, this.file);
    if (outcome.status === "blocked") return outcome.error.message;
    return outcome.status === "error" ? formatProgramError(outcome.error) : null;
  }

  connect(host: string, port: number): DriverClient {
    return this.world.connect(host, port);
  }

  send(client: DriverClient, text: string): void {
    this.world.enter(() => (client as SimulatedClient).send(text));
  }

  close(client: DriverClient): void {
    this.world.enter(() => (client as SimulatedClient).close());
  }

  halfClose(client: DriverClient): void {
    this.world.enter(() => (client as SimulatedClient).halfClose());
  }

  setNetwork(conditions: Partial<NetworkConditions>): void {
    this.world.setNetworkConditions(conditions);
  }

  async settle(): Promise<void> {
    this.world.runUntilIdle();
  }

  async wait(seconds: number, until?: () => boolean): Promise<void> {
    this.world.advanceTo(this.world.reactor.seconds() + seconds, until);
  }

  output(): string {
    return this.world.output.map((line) => line.text).join("\n");
  }

  stdout(): string[] {
    return this.world.output.filter((line) => line.stream === "stdout").map((line) => line.text);
  }

  reactorRunning(): boolean {
    this.world.runUntilIdle();
    return this.world.reactor.running;
  }

  fatal(): string | null {
    return this.world.blocked?.message ?? null;
  }

  async dispose(): Promise<void> {}
}
