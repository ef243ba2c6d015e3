/**
 * ClientService, differentially: the same scenarios run on the engine's
 * twisted.application.internet.ClientService and on real Twisted 22.4's
 * (client_service.py), each with a task.Clock, a jitter-free backoffPolicy
 * and a scripted endpoint whose attempts fail, hang or connect. The
 * transcripts (connection attempts and their times, "Scheduling retry"
 * lines, whenConnected and stopService outcomes, pending calls) must be
 * equal. Skipped, with the reason, where python3-twisted is missing.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientService, backoffPolicy } from "../../engine/twisted/application/internet";
import { Deferred, fail, succeed } from "../../engine/twisted/internet/defer";
import type { IStreamClientEndpoint } from "../../engine/twisted/internet/endpoints";
import { ConnectionDone, ConnectionRefusedError } from "../../engine/twisted/internet/error";
import { Factory, Protocol } from "../../engine/twisted/internet/protocol";
import { Clock } from "../../engine/twisted/internet/task";
import { StringTransport } from "../../engine/twisted/internet/testing";
import { Failure } from "../../engine/twisted/python/failure";
import * as log from "../../engine/twisted/python/log";
import { REPO } from "../support/serve-harness";

const PYTHON = process.env.TWISTED_PYTHON ?? "/usr/bin/python3";
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.application.internet"], { stdio: "ignore" }).status === 0;

type Step = ["start"] | ["stop"] | ["whenConnected", number?] | ["advance", number] | ["drop"] | ["pending"];

interface Scenario {
  readonly name: string;
  readonly outcomes: readonly ("ok" | "fail" | "hang")[];
  readonly steps: readonly Step[];
}

const SCENARIOS: Scenario[] = [
  { name: "connects at once; whenConnected before and after", outcomes: ["ok"], steps: [["whenConnected"], ["start"], ["whenConnected"], ["pending"]] },
  { name: "refused three times, with growing delays, then connected", outcomes: ["fail", "fail", "fail", "ok"], steps: [["whenConnected"], ["start"], ["advance", 10], ["pending"]] },
  {
    name: "a dropped link is retried after 1.5 s, and the count starts afresh after a success",
    outcomes: ["ok", "fail", "ok", "ok"],
    steps: [["start"], ["advance", 2], ["drop"], ["whenConnected"], ["advance", 5], ["drop"], ["advance", 2]],
  },
  { name: "whenConnected(2) fails after the second failure", outcomes: ["fail", "fail", "fail", "ok"], steps: [["whenConnected", 2], ["whenConnected", 1], ["whenConnected"], ["start"], ["advance", 10]] },
  {
    name: "stop while connected waits until the connection is lost",
    outcomes: ["ok"],
    steps: [["start"], ["stop"], ["whenConnected"], ["advance", 1], ["drop"], ["whenConnected"], ["stop"], ["pending"]],
  },
  { name: "stop while waiting to retry cancels the retry", outcomes: ["fail"], steps: [["whenConnected"], ["start"], ["stop"], ["pending"], ["advance", 5], ["whenConnected"]] },
  { name: "stop during an attempt cancels it", outcomes: ["hang"], steps: [["whenConnected"], ["start"], ["stop"], ["advance", 5], ["pending"]] },
  {
    name: "start again while disconnecting reconnects once the old link is gone",
    outcomes: ["ok", "ok"],
    steps: [["start"], ["stop"], ["start"], ["whenConnected"], ["drop"], ["advance", 1]],
  },
  { name: "stop before start", outcomes: [], steps: [["stop"], ["whenConnected"], ["start"], ["advance", 2], ["stop"], ["pending"]] },
];

/** Python's "%g". */
function g(n: number): string {
  return String(Number(n.toPrecision(6)));
}

function runOnEngine(scenario: Scenario): string[] {
  const lines: string[] = [];
  const clock = new Clock();
  const out = (text: string) => lines.push(`${g(clock.seconds())} ${text}`);
  const observer = (event: log.LogEvent) => {
    if (event.text.startsWith("Scheduling retry")) out(event.text.replace(/<[^>]*>/g, "<endpoint>"));
  };
  const built: Recording[] = [];
  class Recording extends Protocol {
    number = 0;
    override connectionMade(): void {
      this.number = built.length;
      out(`protocol ${this.number} connectionMade`);
    }
    override connectionLost(reason: Failure): void {
      out(`protocol ${this.number} connectionLost ${(reason.value as Error).name}`);
    }
  }
  const factory = new Factory();
  factory.buildProtocol = () => {
    const p = new Recording();
    p.factory = factory;
    built.push(p);
    return p;
  };
  const outcomes = [...scenario.outcomes];
  let attempts = 0;
  let current: Protocol | null = null;
  const endpoint: IStreamClientEndpoint = {
    connect(wrapped) {
      attempts += 1;
      const outcome = outcomes.shift() ?? "fail";
      out(`connect attempt ${attempts} -> ${outcome}`);
      if (outcome === "fail") return fail(new ConnectionRefusedError());
      if (outcome === "hang") return new Deferred<Protocol>(() => out("attempt cancelled"));
      const p = wrapped.buildProtocol(null as never)!;
      p.makeConnection(new StringTransport());
      current = p;
      return succeed(p);
    },
  };
  const service = new ClientService(endpoint, factory, { retryPolicy: backoffPolicy(1, 60, 1.5, () => 0), clock });
  const report = (label: string) => [
    (result: unknown) => void out(`${label} -> ${result instanceof Recording ? `protocol ${result.number}` : result === null ? "None" : String(result)}`),
    (failure: Failure) => void out(`${label} failed ${(failure.value as Error).name}`),
  ] as const;
  log.addObserver(observer);
  try {
    for (const step of scenario.steps) {
      const [kind] = step;
      if (kind === "start") service.startService();
      else if (kind === "stop") service.stopService().addCallbacks(...report("stopped"));
      else if (kind === "whenConnected") {
        const n = step[1];
        (n === undefined ? service.whenConnected() : service.whenConnected(n)).addCallbacks(...report(`whenConnected(${n ?? ""})`));
      } else if (kind === "advance") {
        for (let i = 0; i < Math.trunc(step[1] * 10); i++) clock.advance(0.1);
      } else if (kind === "drop") current!.connectionLost(new Failure(new ConnectionDone()));
      else out(`pending calls ${clock.getDelayedCalls().length}`);
    }
  } finally {
    log.removeObserver(observer);
  }
  return lines;
}

let twisted: Record<string, string[]> = {};

describe.skipIf(!realTwisted)(
  realTwisted ? "ClientService matches Twisted 22.4's" : `ClientService differential (SKIPPED: ${PYTHON} cannot import twisted; install python3-twisted)`,
  () => {
    beforeAll(() => {
      const run = spawnSync(PYTHON, [path.join(REPO, "test/differential/client_service.py")], { input: JSON.stringify(SCENARIOS), encoding: "utf8", timeout: 60000 });
      if (run.status !== 0) throw new Error(`client_service.py failed:\n${run.stderr}`);
      twisted = JSON.parse(run.stdout) as Record<string, string[]>;
    }, 70000);

    for (const scenario of SCENARIOS) {
      it(scenario.name, () => {
        expect(runOnEngine(scenario)).toEqual(twisted[scenario.name]);
      });
    }
  },
);
