/**
 * twisted.application.internet.ClientService: keeps one outgoing connection
 * up. It connects through an endpoint when started; when the attempt fails
 * or the connection drops, it waits (backoffPolicy: 1.5^n seconds plus up to
 * one second of jitter, at most a minute) and tries again. whenConnected()
 * gives the connected protocol; stopService() closes the connection and its
 * Deferred fires once it is gone. The states and transitions are Twisted's
 * _ClientMachine, written out by hand.
 */
import { CancelledError, Deferred, fail, maybeDeferred, succeed } from "../internet/defer";
import type { IStreamClientEndpoint } from "../internet/endpoints";
import { installedReactor } from "../internet/installed";
import type { IDelayedCall } from "../internet/interfaces";
import { Factory, type Protocol } from "../internet/protocol";
import type { Failure } from "../python/failure";
import { Failure as FailureClass } from "../python/failure";
import * as log from "../python/log";
import { Service } from "./service";

/** Given the number of failed attempts in a row, the seconds to wait before the next one. */
export type RetryPolicy = (attempt: number) => number;

/** The clock ClientService schedules retries on. */
export interface RetryClock {
  callLater(delay: number, f: () => void): IDelayedCall;
}

/**
 * An exponential backoff: min(initialDelay * factor^attempt, maxDelay) plus
 * jitter() (by default a random number in [0, 1), from the reactor's seeded
 * source in the simulation).
 */
export function backoffPolicy(initialDelay = 1.0, maxDelay = 60.0, factor = 1.5, jitter: () => number = () => installedReactor().random()): RetryPolicy {
  return (attempt) => {
    const raw = initialDelay * factor ** Math.min(100, attempt);
    const delay = Number.isFinite(raw) ? Math.min(raw, maxDelay) : maxDelay;
    return delay + jitter();
  };
}

type State = "init" | "connecting" | "waiting" | "connected" | "disconnecting" | "restarting" | "stopped";

/** Python's repr of a float in a log line: 2.0, not 2. */
function floatText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** The state machine behind ClientService (Twisted's _ClientMachine). */
class ClientMachine {
  state: State = "init";
  failedAttempts = 0;
  private connectionInProgress: Deferred<unknown> = succeed(null);
  private awaiting: [Deferred<Protocol>, number | null][] = [];
  private stopWaiters: Deferred<null>[] = [];
  private current: Protocol | null = null;
  private retryCall: IDelayedCall | null = null;

  constructor(
    private readonly endpoint: IStreamClientEndpoint,
    private readonly factory: Factory,
    private readonly retryPolicy: RetryPolicy,
    private readonly clock: () => RetryClock,
    private readonly prepareConnection: ((protocol: Protocol) => unknown) | null,
  ) {}

  start(): void {
    if (this.state === "init" || this.state === "stopped") {
      this.state = "connecting";
      this.connect();
    } else if (this.state === "disconnecting") {
      this.state = "restarting";
      this.failedAttempts = 0;
    }
  }

  stop(): Deferred<null> {
    switch (this.state) {
      case "init":
      case "stopped":
        this.state = "stopped";
        return succeed(null);
      case "connecting": {
        this.state = "disconnecting";
        const waiting = this.waitForStop();
        this.connectionInProgress.cancel();
        return waiting;
      }
      case "waiting": {
        this.state = "stopped";
        const waiting = this.waitForStop();
        this.unawait(null);
        this.retryCall?.cancel();
        this.retryCall = null;
        this.finishStopping();
        return waiting;
      }
      case "connected": {
        this.state = "disconnecting";
        const waiting = this.waitForStop();
        this.current?.transport?.loseConnection();
        return waiting;
      }
      case "restarting":
        this.state = "disconnecting";
        return this.waitForStop();
      case "disconnecting":
        return this.waitForStop();
    }
  }

  whenConnected(failAfterFailures: number | null): Deferred<Protocol> {
    if (this.state === "connected") return succeed(this.current!);
    if (this.state === "stopped") return fail(new CancelledError());
    const result = new Deferred<Protocol>();
    this.awaiting.push([result, failAfterFailures]);
    return result;
  }

  private connect(): void {
    const machine = this;
    const user = this.factory;
    class DisconnectFactory extends Factory {
      override noisy = false;
      // Twisted's _DisconnectFactory passes every other attribute to the user's factory, doStart and doStop included.
      override doStart(): void {
        user.doStart();
      }
      override doStop(): void {
        user.doStop();
      }
      override buildProtocol(addr: Parameters<Factory["buildProtocol"]>[0]): Protocol | null {
        const built = user.buildProtocol(addr);
        if (built) {
          const lost = built.connectionLost.bind(built);
          built.connectionLost = (reason: Failure) => {
            try {
              lost(reason);
            } finally {
              machine.clientDisconnected();
            }
          };
        }
        return built;
      }
    }
    this.connectionInProgress = this.endpoint
      .connect(new DisconnectFactory())
      .addCallback((protocol: Protocol) =>
        this.prepareConnection ? maybeDeferred(() => this.prepareConnection!(protocol)).addCallback(() => protocol) : protocol,
      )
      .addCallback((protocol: Protocol) => this.connectionMade(protocol))
      .addErrback((failure: Failure) => this.connectionFailed(failure));
  }

  private connectionMade(protocol: Protocol): void {
    if (this.state !== "connecting") return;
    this.state = "connected";
    this.failedAttempts = 0;
    this.current = protocol;
    const waiting = this.awaiting.splice(0);
    for (const [d] of waiting) d.callback(protocol);
  }

  private connectionFailed(failure: Failure): null {
    if (this.state === "connecting") {
      this.state = "waiting";
      this.scheduleRetry();
      const ready: Deferred<Protocol>[] = [];
      this.awaiting = this.awaiting.flatMap(([d, remaining]): [Deferred<Protocol>, number | null][] => {
        if (remaining === null) return [[d, remaining]];
        if (remaining <= 1) {
          ready.push(d);
          return [];
        }
        return [[d, remaining - 1]];
      });
      for (const d of ready) d.errback(failure);
    } else if (this.state === "disconnecting") {
      this.state = "stopped";
      this.unawait(null);
      this.finishStopping();
    }
    return null;
  }

  private clientDisconnected(): void {
    if (this.state === "connected") {
      this.state = "waiting";
      this.current = null;
      this.scheduleRetry();
    } else if (this.state === "disconnecting") {
      this.state = "stopped";
      this.unawait(null);
      this.finishStopping();
      this.current = null;
    } else if (this.state === "restarting") {
      this.state = "connecting";
      this.finishStopping();
      this.connect();
    }
  }

  private scheduleRetry(): void {
    this.failedAttempts += 1;
    const delay = this.retryPolicy(this.failedAttempts);
    log.msg(`Scheduling retry ${this.failedAttempts} to connect ${describe(this.endpoint)} in ${floatText(delay)} seconds.`);
    this.retryCall = this.clock().callLater(delay, () => {
      this.retryCall = null;
      if (this.state !== "waiting") return;
      this.state = "connecting";
      this.connect();
    });
  }

  private waitForStop(): Deferred<null> {
    const waiting = new Deferred<null>();
    this.stopWaiters.push(waiting);
    return waiting;
  }

  private finishStopping(): void {
    for (const waiting of this.stopWaiters.splice(0)) waiting.callback(null);
  }

  /** Fails every whenConnected Deferred with CancelledError (the service stopped). */
  private unawait(value: null): void {
    void value;
    for (const [d] of this.awaiting.splice(0)) d.errback(new FailureClass(new CancelledError()));
  }
}

function describe(endpoint: IStreamClientEndpoint): string {
  return `<${endpoint.constructor.name} object>`;
}

/** Options for ClientService, as Python's keyword arguments. */
export interface ClientServiceOptions {
  /** Seconds to wait after the n-th failure in a row; backoffPolicy() by default. */
  readonly retryPolicy?: RetryPolicy | null;
  /** Where retries are scheduled; the installed reactor by default. */
  readonly clock?: RetryClock | null;
  /** Called with each new connection's protocol before whenConnected hears of it (may return a Deferred). */
  readonly prepareConnection?: ((protocol: Protocol) => unknown) | null;
}

/**
 * A service that keeps a connection to `endpoint` open while it runs,
 * reconnecting with backoff whenever the attempt fails or the link drops.
 * `factory` may be typed by a learner's own interface, as an adapter returns
 * it (`IIRCClientFactory(f)`): it must be a protocol factory at run time.
 */
export class ClientService extends Service {
  private readonly machine: ClientMachine;

  constructor(
    endpoint: IStreamClientEndpoint,
    factory: Factory | { buildProtocol(addr: any): unknown },
    options: ClientServiceOptions | RetryPolicy | null = {},
  ) {
    super();
    const settings: ClientServiceOptions = typeof options === "function" ? { retryPolicy: options } : (options ?? {});
    const clock = settings.clock ?? null;
    this.machine = new ClientMachine(
      endpoint,
      factory as Factory,
      settings.retryPolicy ?? defaultPolicy,
      () => clock ?? (installedReactor() as unknown as RetryClock),
      settings.prepareConnection ?? null,
    );
  }

  /**
   * The connected protocol, now or once connected. Fails with CancelledError
   * if the service stops first, or with the connection error after
   * `failAfterFailures` failed attempts in a row (null: never).
   */
  whenConnected(failAfterFailures: number | null = null): Deferred<Protocol> {
    return this.machine.whenConnected(failAfterFailures);
  }

  /** Starts connecting (a second start while running only logs a warning). */
  override startService(): void {
    if (this.running) {
      log.msg(`Duplicate ClientService.startService ${describeService(this)}`);
      return;
    }
    super.startService();
    this.machine.start();
  }

  /** Stops retrying and closes the connection; the Deferred fires once it is closed. */
  override stopService(): Deferred<null> {
    super.stopService();
    return this.machine.stop();
  }
}

const defaultPolicy: RetryPolicy = backoffPolicy();

function describeService(service: ClientService): string {
  return `<${service.constructor.name} object>`;
}
