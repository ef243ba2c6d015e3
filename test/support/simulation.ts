/**
 * Helpers for the engine's own tests: a fresh simulated reactor installed as
 * "the reactor", protocols that record what happens to them, and a log
 * capture. Not part of the public door.
 */
import type { Failure } from "../../engine/twisted/python/failure";
import * as log from "../../engine/twisted/python/log";
import { discardUnhandledErrors } from "../../engine/twisted/internet/defer";
import { installReactor } from "../../engine/twisted/internet/reactor";
import { ClientFactory, Factory, Protocol } from "../../engine/twisted/internet/protocol";
import { newSimulatedReactor, type HostedReactor, type SimulatedMachineOptions } from "../../engine/simulation/simulated-network";

/** A new simulated reactor, installed; call restore() when done. */
export function newSimulation(options: SimulatedMachineOptions = {}): { reactor: HostedReactor; restore: () => void } {
  discardUnhandledErrors();
  const reactor = newSimulatedReactor(options);
  const previous = installReactor(reactor);
  return { reactor, restore: () => installReactor(previous) };
}

/** A protocol that records its lifecycle and everything it receives. */
export class RecordingProtocol extends Protocol {
  readonly events: string[] = [];
  readonly chunks: string[] = [];
  received = "";
  lost: Failure | null = null;

  override connectionMade(): void {
    this.events.push("connectionMade");
  }

  override dataReceived(data: string): void {
    this.chunks.push(data);
    this.received += data;
  }

  override connectionLost(reason: Failure): void {
    this.lost = reason;
    this.events.push(`connectionLost ${(reason.value as Error).name}`);
  }
}

/** A server factory whose protocols are made by `build` (and collected in `built`). */
export function serverFactory<P extends Protocol>(build: () => P): Factory & { built: P[] } {
  const built: P[] = [];
  const factory = new Factory() as Factory & { built: P[] };
  factory.noisy = false;
  factory.built = built;
  factory.buildProtocol = () => {
    const protocol = build();
    protocol.factory = factory;
    built.push(protocol);
    return protocol;
  };
  return factory;
}

/** A client factory that records its hooks and the protocols it built. */
export class RecordingClientFactory<P extends Protocol = RecordingProtocol> extends ClientFactory {
  readonly events: string[] = [];
  readonly built: P[] = [];
  override noisy = false;

  constructor(private readonly build: () => P = () => new RecordingProtocol() as unknown as P) {
    super();
  }

  override buildProtocol(): P {
    const protocol = this.build();
    protocol.factory = this;
    this.built.push(protocol);
    return protocol;
  }

  override startedConnecting(): void {
    this.events.push("startedConnecting");
  }

  override clientConnectionFailed(_connector: unknown, reason: Failure): void {
    this.events.push(`clientConnectionFailed ${(reason.value as Error).name}`);
  }

  override clientConnectionLost(_connector: unknown, reason: Failure): void {
    this.events.push(`clientConnectionLost ${(reason.value as Error).name}`);
  }
}

/** Records log lines until stop(). */
export function captureLog(): { readonly lines: string[]; stop(): void } {
  const lines: string[] = [];
  const observer = (event: log.LogEvent) => void lines.push(event.text);
  log.addObserver(observer);
  return { lines, stop: () => log.removeObserver(observer) };
}
