import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import { ProcessProtocol, ServerFactory } from "../twisted/internet/protocol";
import { LineReceiver } from "../twisted/protocols/basic";
import { getProcessOutput, getProcessOutputAndValue, getProcessValue } from "../twisted/internet/utils";
import type { Failure } from "../twisted/python/failure";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => {
  ({ reactor, restore } = newSimulation());
  reactor.host.fs.seed({
    "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\nmoshez:x:1000:1000:Moshe Zadka,,,:/home/moshez:/bin/bash\n",
    "/home/moshez/.plan": "Happy and well",
    "/etc/users": "moshez: happy and well\nshawn: alive \n",
  });
});
afterEach(() => restore());

function outcome<T>(d: { addCallbacks(cb: (v: T) => unknown, eb: (f: Failure) => unknown): unknown }) {
  const result: { value?: T; failure?: Failure } = {};
  d.addCallbacks(
    (v) => {
      result.value = v;
    },
    (f) => {
      result.failure = f;
    },
  );
  return result;
}

describe("getProcessOutput and friends", () => {
  it("fires with a command's stdout", () => {
    const r = outcome(getProcessOutput("echo", ["hello", "world"]));
    reactor.runUntilIdle();
    expect(r.value).toBe("hello world\n");
  });

  it("runs the simulated finger: Debian's long format with the user's .plan", () => {
    const r = outcome(getProcessOutput("finger", ["moshez"]));
    reactor.runUntilIdle();
    expect(r.value).toBe(
      "Login: moshez         \t\t\tName: Moshe Zadka\n" +
        "Directory: /home/moshez             \tShell: /bin/bash\n" +
        "Never logged in.\nNo mail.\nPlan:\nHappy and well\n",
    );
  });

  it("errbacks with IOError as soon as the command writes to stderr; the end is an unhandled error", () => {
    const logged = captureLog();
    const r = outcome(getProcessOutput("finger", ["nosuchuser"]));
    reactor.runUntilIdle();
    logged.stop();
    expect(r.failure?.getErrorMessage()).toBe('got stderr: "finger: nosuchuser: no such user.\\n"');
    expect((r.failure?.value as Error).name).toBe("IOError");
    expect(logged.lines.some((l) => l.startsWith("Unhandled error in Deferred:") && l.includes("ProcessDone"))).toBe(true);
  });

  it("includes stderr in the output with errortoo", () => {
    const r = outcome(getProcessOutput("cat", ["/etc/users", "/nope"], {}, null, null, true));
    reactor.runUntilIdle();
    expect(r.value).toBe("moshez: happy and well\nshawn: alive \ncat: /nope: No such file or directory\n");
  });

  it("getProcessValue fires with the exit code; a missing command exits 1 like a failed exec", () => {
    const yes = outcome(getProcessValue("true"));
    const no = outcome(getProcessValue("false"));
    const missing = outcome(getProcessValue("nosuchcommand"));
    reactor.runUntilIdle();
    expect([yes.value, no.value, missing.value]).toEqual([0, 1, 1]);
  });

  it("getProcessOutputAndValue gives stdout, stderr and the code, feeding stdin", () => {
    const r = outcome(getProcessOutputAndValue("cat", [], {}, null, null, "from stdin"));
    reactor.runUntilIdle();
    expect(r.value).toEqual(["from stdin", "", 0]);
  });

  it("a command takes virtual time: sleep 2 ends two seconds later", () => {
    const r = outcome(getProcessValue("sleep", ["2"]));
    reactor.advance(1.9);
    expect(r.value).toBeUndefined();
    reactor.advance(0.2);
    expect(r.value).toBe(0);
  });
});

describe("reactor.spawnProcess with a ProcessProtocol", () => {
  class Recorder extends ProcessProtocol {
    events: string[] = [];
    override connectionMade(): void {
      this.events.push("connectionMade");
    }
    override outReceived(data: string): void {
      this.events.push(`out ${JSON.stringify(data)}`);
    }
    override errReceived(data: string): void {
      this.events.push(`err ${JSON.stringify(data)}`);
    }
    override inConnectionLost(): void {
      this.events.push("inConnectionLost");
    }
    override outConnectionLost(): void {
      this.events.push("outConnectionLost");
    }
    override errConnectionLost(): void {
      this.events.push("errConnectionLost");
    }
    override processExited(reason: Failure): void {
      this.events.push(`processExited ${(reason.value as Error).name}`);
    }
    override processEnded(reason: Failure): void {
      this.events.push(`processEnded ${reason.getErrorMessage()}`);
    }
  }

  it("goes through the whole lifecycle in Twisted's order", () => {
    const p = new Recorder();
    reactor.spawnProcess(p, "ls", ["ls", "/home"]);
    reactor.runUntilIdle();
    expect(p.events).toEqual([
      "connectionMade",
      'out "moshez\\n"',
      "inConnectionLost",
      "outConnectionLost",
      "errConnectionLost",
      "processExited ProcessDone",
      "processEnded A process has ended without apparent errors: process finished with exit code 0.",
    ]);
  });

  it("writes to stdin and closes it; a signal ends the process with ProcessTerminated", () => {
    const p = new Recorder();
    const t = reactor.spawnProcess(p, "/bin/cat", ["cat"]);
    t.write("one ");
    t.write("two");
    reactor.runUntilIdle();
    t.signalProcess("TERM");
    reactor.runUntilIdle();
    // Like a real pipe, what was written before the command read it comes in one read.
    expect(p.events).toContain('out "one two"');
    expect(p.events.at(-1)).toBe("processEnded A process has ended with a probable error condition: process ended by signal 15.");
    expect(t.pid).toBeNull();
    expect(() => t.signalProcess("KILL")).toThrow(/already exited/);
  });

  it("kills a child with SIGPIPE when it writes to a stdout the parent closed", () => {
    reactor.host.processes.define("chatty", (proc) => {
      proc.later(1, () => proc.stdout("are you there?\n"));
    });
    const p = new Recorder();
    const t = reactor.spawnProcess(p, "chatty", ["chatty"]);
    t.closeStdout();
    reactor.advance(2);
    expect(p.events.at(-1)).toMatch(/signal 13/);
  });

  it("runs lesson-defined commands and lists processes in the table", () => {
    reactor.host.processes.define("fortune", (proc) => {
      proc.stdout(`${proc.args.join(" ")}: fortune favours the bold\n`);
      return 0;
    });
    const r = outcome(getProcessOutput("fortune", ["today"]));
    reactor.runUntilIdle();
    expect(r.value).toBe("today: fortune favours the bold\n");
    expect(reactor.host.processes.list()).toEqual([
      { pid: 1000, command: "fortune today", state: "exited", startedAt: 0, endedAt: 0, exitCode: 0, signal: null, pipes: { stdin: false, stdout: false, stderr: false } },
    ]);
  });
});

describe("finger user@host over the simulated network", () => {
  it("asks the remote finger server and prints its answer with CRLF as LF", () => {
    const other = reactor.host.network.addHost("other.example");
    const received: string[] = [];
    class FingerServer extends LineReceiver {
      override lineReceived(user: string): void {
        received.push(user);
        this.transport!.write("Remote status\r\nsecond line\r\n");
        this.transport!.loseConnection();
      }
    }
    const factory = new ServerFactory();
    factory.noisy = false;
    factory.protocol = FingerServer;
    other.listenTCP(79, factory);
    const r = outcome(getProcessOutput("finger", ["-l", "moshez@other.example"]));
    const refused = outcome(getProcessOutputAndValue("finger", ["x@127.0.0.1"]));
    reactor.runUntilIdle();
    expect(received).toEqual(["/W moshez"]);
    expect(r.value).toBe("Remote status\nsecond line\n");
    expect(refused.value).toEqual(["", "finger: connect: Connection refused\n", 1]);
  });
});
