/**
 * twisted.protocols.policies: TimeoutMixin, which closes a connection that
 * stays idle too long. As in Twisted, nothing resets the timer by itself:
 * call resetTimeout() when data arrives, and setTimeout(null) in connectionLost.
 *
 * Python mixes it in with multiple inheritance; here it wraps a base class:
 * `class Finger extends policies.TimeoutMixin(basic.LineReceiver) { ... }`.
 */
import type { IDelayedCall } from "../internet/interfaces";
import { installedReactor } from "../internet/installed";
import type { ITransport } from "../internet/protocol";

type Constructor<T = object> = new (...args: any[]) => T;

/** What TimeoutMixin adds to a class. */
export interface TimeoutBehaviour {
  /** Seconds of idleness allowed, or null for no timeout. */
  timeOut: number | null;
  /** Restarts the countdown (call it whenever there is activity). */
  resetTimeout(): void;
  /** Changes the timeout (null cancels it); returns the previous one. */
  setTimeout(period: number | null): number | null;
  /** Hook: the time ran out. The default closes the connection (loseConnection). */
  timeoutConnection(): void;
  /** How the timer is scheduled; the installed reactor's callLater unless overridden (e.g. a task.Clock in tests). */
  callLater(period: number, f: () => void): IDelayedCall;
}

/** Adds TimeoutMixin's behaviour to `Base` (usually a Protocol class). */
export function TimeoutMixin<B extends Constructor<{ transport?: ITransport | null }>>(Base: B) {
  return class extends Base implements TimeoutBehaviour {
    timeOut: number | null = null;
    _timeoutCall: IDelayedCall | null = null;

    callLater(period: number, f: () => void): IDelayedCall {
      return installedReactor().callLater(period, f);
    }

    resetTimeout(): void {
      if (this._timeoutCall && this.timeOut !== null) this._timeoutCall.reset(this.timeOut);
    }

    setTimeout(period: number | null): number | null {
      const previous = this.timeOut;
      this.timeOut = period;
      if (this._timeoutCall) {
        if (period === null) {
          if (this._timeoutCall.active()) this._timeoutCall.cancel();
          this._timeoutCall = null;
        } else {
          this._timeoutCall.reset(period);
        }
      } else if (period !== null) {
        this._timeoutCall = this.callLater(period, () => this._timedOut());
      }
      return previous;
    }

    timeoutConnection(): void {
      this.transport?.loseConnection();
    }

    _timedOut(): void {
      this._timeoutCall = null;
      this.timeoutConnection();
    }
  };
}
