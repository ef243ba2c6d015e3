// A pool of worker processes that survives its workers: a crash or a stuck job costs one job, not the pool.
import { defer, protocol, reactor, stdio, task } from "twisted/internet";
import { failure } from "twisted/python";
import type { Failure } from "twisted/python/failure";
import { amp } from "twisted/protocols";
import * as os from "os";
import * as sys from "sys";

// CPU-heavy work: how many primes are there below n?
function countPrimes(n: number): number {
  let count = 0;
  for (let candidate = 2; candidate < n; candidate++) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= candidate; divisor++) {
      if (candidate % divisor === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

class CountPrimes extends amp.Command {
  static arguments_ = [["n", new amp.Integer()]];
  static response = [["count", new amp.Integer()]];
}

// A job that kills its worker, and one that takes far too long.
class Crash extends amp.Command {
  static arguments_ = [];
  static response = [];
}

class Stall extends amp.Command {
  static arguments_ = [["seconds", new amp.Float()]];
  static response = [];
}

// The child's side: AMP over its own stdin and stdout.
class Worker extends amp.AMP {
  countPrimes({ n }: { n: number }) {
    return { count: countPrimes(n) };
  }

  crash() {
    os._exit(1);
    return {};
  }

  stall({ seconds }: { seconds: number }) {
    return task.deferLater(reactor, seconds, () => ({}));
  }

  // The parent closed our stdin: there is no more work, so the process ends.
  override connectionLost(reason: Failure) {
    super.connectionLost(reason);
    reactor.stop();
  }
}
CountPrimes.responder(Worker.prototype.countPrimes);
Crash.responder(Worker.prototype.crash);
Stall.responder(Worker.prototype.stall);

// The parent's side: AMP over the child's pipes. This protocol is AMP's transport.
class WorkerConnector extends protocol.ProcessProtocol {
  override receivesBytes = true;
  readonly amp = new amp.AMP();
  readonly ended = new defer.Deferred<string>();

  override connectionMade() {
    this.amp.makeConnection(this);
  }

  override outReceived(data: Uint8Array) {
    this.amp.dataReceived(data);
  }

  override errReceived(data: Uint8Array) {
    console.log(`worker said: ${new TextDecoder().decode(data).trim()}`);
  }

  override processEnded(reason: Failure) {
    // The pool hears first, and replaces a worker that died; then the call it was answering fails with `reason`.
    this.ended.callback(reason.getErrorMessage());
    this.amp.connectionLost(reason);
  }

  /** How many jobs this worker has answered. */
  jobsDone = 0;

  // What AMP calls on its transport.
  write(data: Uint8Array) {
    this.transport!.write(data);
  }
  loseConnection() {
    this.transport!.closeStdin();
  }
  getPeer() {
    return "worker process";
  }
  getHost() {
    return "parent process";
  }
}

// A job waiting for a worker: the command, its arguments, and the Deferred its caller holds.
interface Job {
  readonly command: typeof amp.Command;
  readonly args: Record<string, unknown>;
  readonly result: defer.Deferred<Record<string, unknown>>;
  /** Seconds the job may take, or null for no limit. */
  readonly timeout: number | null;
}

class ProcessPool {
  readonly workers: WorkerConnector[] = [];
  private readonly idle: WorkerConnector[] = [];
  private readonly queue: Job[] = [];
  /** How many workers the pool has started, replacements included. */
  started = 0;
  private stopping = false;

  constructor(
    readonly min: number,
    readonly max: number,
  ) {}

  /** Starts the smallest number of workers. */
  start() {
    while (this.workers.length < this.min) this.idle.push(this.startWorker());
  }

  /** Runs `command` on the first idle worker: a Deferred that fires with its answer. */
  doWork(command: typeof amp.Command, args: Record<string, unknown>, timeout: number | null = null) {
    const result = new defer.Deferred<Record<string, unknown>>();
    this.queue.push({ command, args, result, timeout });
    this.dispatch();
    return result;
  }

  /** Closes every worker's stdin: a Deferred that fires once all have ended. */
  stop() {
    this.stopping = true;
    for (const worker of this.workers) worker.loseConnection();
    return defer.gatherResults(this.workers.map((worker) => worker.ended));
  }

  // Hands queued jobs to idle workers, starting new ones up to the largest number.
  private dispatch() {
    while (this.queue.length > 0) {
      let worker = this.idle.shift();
      if (worker === undefined && this.workers.length < this.max) worker = this.startWorker();
      if (worker === undefined) return;
      const job = this.queue.shift()!;
      const busy = worker;
      const call = busy.amp.callRemote(job.command, job.args);
      // Your code: give the call the job's timeout, if it has one.
      call.addBoth((outcome) => {
        busy.jobsDone++;
        // Your code: a job that timed out leaves its worker stuck: retire it, and kill it.
        if (this.workers.includes(busy)) {
          this.idle.push(busy);
        }
        this.dispatch();
        return outcome;
      }).chainDeferred(job.result);
    }
  }

  private startWorker() {
    const worker = new WorkerConnector();
    reactor.spawnProcess(worker, sys.executable, [sys.executable, sys.argv[0]!, "child"]);
    this.workers.push(worker);
    this.started++;
    // Your code: a worker that ends while the pool runs has died, and is replaced.
    return worker;
  }

  // Takes a worker out of the pool, and starts another while the pool is below its smallest size.
  private retire(worker: WorkerConnector) {
    if (!this.workers.includes(worker) || this.stopping) return;
    this.workers.splice(this.workers.indexOf(worker), 1);
    if (this.idle.includes(worker)) this.idle.splice(this.idle.indexOf(worker), 1);
    if (this.workers.length < this.min) this.idle.push(this.startWorker());
  }
}

if (sys.argv[1] === "child") {
  new stdio.StandardIO(new Worker());
} else {
  const pool = new ProcessPool(2, 2);
  pool.start();
  const failed = (what: string) => (reason: failure.Failure) => {
    console.log(`${what}: ${reason.type.name}: ${reason.getErrorMessage()}`);
  };
  pool
    .doWork(Crash, {})
    .addCallbacks(() => console.log("the crash job answered"), failed("a worker crashed"))
    .addCallback(() => pool.doWork(CountPrimes, { n: 1000 }))
    .addCallback((result) => console.log(`after the crash, primes below 1000: ${result.count}`))
    .addCallback(() => pool.doWork(Stall, { seconds: 10 }, 1))
    .addCallbacks(() => console.log("the stalled job answered"), failed("a job timed out"))
    .addCallback(() => pool.doWork(CountPrimes, { n: 2000 }))
    .addCallback((result) => console.log(`after the timeout, primes below 2000: ${result.count}`))
    .addCallback(() => {
      console.log(`the pool started ${pool.started} workers in all`);
      return pool.stop();
    })
    .addCallback(() => reactor.stop());
}
reactor.run();
