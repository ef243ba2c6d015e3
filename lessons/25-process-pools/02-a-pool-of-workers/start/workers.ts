// A pool of worker processes: jobs wait in a queue and go to whichever worker is idle.
import { defer, protocol, reactor, stdio } from "twisted/internet";
import type { Failure } from "twisted/python/failure";
import { amp } from "twisted/protocols";
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

// The child's side: AMP over its own stdin and stdout.
class Worker extends amp.AMP {
  countPrimes({ n }: { n: number }) {
    return { count: countPrimes(n) };
  }

  // The parent closed our stdin: there is no more work, so the process ends.
  override connectionLost(reason: Failure) {
    super.connectionLost(reason);
    reactor.stop();
  }
}
CountPrimes.responder(Worker.prototype.countPrimes);

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
    this.amp.connectionLost(reason);
    this.ended.callback(reason.getErrorMessage());
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
}

class ProcessPool {
  readonly workers: WorkerConnector[] = [];
  private readonly idle: WorkerConnector[] = [];
  private readonly queue: Job[] = [];

  constructor(
    readonly min: number,
    readonly max: number,
  ) {}

  /** Starts the smallest number of workers. */
  start() {
    while (this.workers.length < this.min) this.idle.push(this.startWorker());
  }

  /** Runs `command` on the first idle worker: a Deferred that fires with its answer. */
  doWork(command: typeof amp.Command, args: Record<string, unknown>) {
    const result = new defer.Deferred<Record<string, unknown>>();
    this.queue.push({ command, args, result });
    this.dispatch();
    return result;
  }

  /** Closes every worker's stdin: a Deferred that fires once all have ended. */
  stop() {
    for (const worker of this.workers) worker.loseConnection();
    return defer.gatherResults(this.workers.map((worker) => worker.ended));
  }

  // Hands queued jobs to idle workers, starting new ones up to the largest number.
  private dispatch() {
    // Your code: while jobs wait, take an idle worker (or start one, below max), call the job's command on it,
    // put the worker back among the idle ones when the answer comes, and pass the answer on to job.result.
  }

  private startWorker() {
    const worker = new WorkerConnector();
    reactor.spawnProcess(worker, sys.executable, [sys.executable, sys.argv[0]!, "child"]);
    this.workers.push(worker);
    return worker;
  }
}

if (sys.argv[1] === "child") {
  new stdio.StandardIO(new Worker());
} else {
  const pool = new ProcessPool(2, 3);
  pool.start();
  console.log(`the pool started ${pool.workers.length} workers`);
  const limits = [100, 200, 300, 400, 500, 600, 700, 800, 900];
  const jobs = limits.map((n) => pool.doWork(CountPrimes, { n }));
  defer
    .gatherResults(jobs)
    .addCallback((results) => {
      console.log(`primes below 100, 200, ... 900: ${results.map((result) => result.count).join(" ")}`);
      const used = pool.workers.filter((worker) => worker.jobsDone > 0).length;
      console.log(`${jobs.length} jobs ran on ${used} workers`);
      return pool.stop();
    })
    .addCallback(() => {
      console.log("every worker has ended");
      reactor.stop();
    });
}
reactor.run();
