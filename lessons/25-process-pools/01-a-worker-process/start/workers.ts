// A worker process that answers AMP commands over its stdin and stdout, and the parent that starts it.
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
    // Hand AMP this protocol as its transport.
  }

  override outReceived(data: Uint8Array) {
    // The worker's stdout is AMP's incoming data.
  }

  override errReceived(data: Uint8Array) {
    console.log(`worker said: ${new TextDecoder().decode(data).trim()}`);
  }

  override processEnded(reason: Failure) {
    // Tell AMP its connection is gone.
    this.ended.callback(reason.getErrorMessage());
  }

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

if (sys.argv[1] === "child") {
  new stdio.StandardIO(new Worker());
} else {
  const worker = new WorkerConnector();
  reactor.spawnProcess(worker, sys.executable, [sys.executable, sys.argv[0]!, "child"]);
  worker.amp.callRemote(CountPrimes, { n: 5000 }).addCallback((result) => {
    console.log(`primes below 5000: ${result.count}`);
    worker.loseConnection();
  });
  worker.ended.addCallback((why) => {
    console.log(`the worker ended: ${why}`);
    reactor.stop();
  });
}
reactor.run();
