/**
 * Checks judged where learner code cannot reach. The program and the
 * scenario's actions run in the runner (beside learner code, which may patch
 * whatever it finds there); that side only writes down what it observed:
 * every value the scenario read from its driver and every action it took, in
 * order. The verdict is computed elsewhere (the page) by running the very
 * same check code, `runCheck`, over a driver that replays those observations.
 * The runner's own verdict is never used, so nothing learner code does to the
 * runner's realm can turn a failing check into a pass: it could only change
 * the observations, which are the program's behaviour, and which the judge
 * holds to the check's own steps (a record that strays from them fails).
 *
 *   runner:  observeCheck(new SimulatedDriver(source, file), check) -> observations
 *   page:    judgeCheck(observations, check, source)                 -> CheckResult
 *
 * A wait's stop condition (`until`) is evaluated only in the runner, where
 * time passes; what the judge decides is read after the wait, from what was
 * observed then.
 */
import { z } from "zod";
import { ScenarioError, type ScenarioDriver } from "./driver";
import { runCheck } from "./run-checks";
import type { Check, CheckResult } from "./scenario";

/** A plain value: what a driver call returned or a property held, copied. */
const DataSchema = z.object({ data: z.unknown().optional() }).strict();
/** A live object the driver handed out (a client, a socket, an IRC server); later observations name it by id. */
const RefSchema = z.object({ ref: z.number().int().nonnegative() }).strict();
const ThrewSchema = z.object({ threw: z.object({ name: z.string(), message: z.string() }).strict() }).strict();

export const ObservationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("get"),
    target: z.number().int().nonnegative(),
    key: z.string(),
    value: z.union([DataSchema, z.object({ method: z.literal(true) }).strict()]),
  }),
  z.object({
    kind: z.literal("call"),
    target: z.number().int().nonnegative(),
    key: z.string(),
    /** The arguments, as JSON with objects of the driver named by id: the judge's own call must match. */
    args: z.string(),
    async: z.boolean(),
    outcome: z.union([DataSchema, RefSchema, ThrewSchema]),
  }),
]);

export type Observation = z.output<typeof ObservationSchema>;
type Outcome = Extract<Observation, { kind: "call" }>["outcome"];

/** Read from the judge's own copy, never from the record: the code under check is the page's. */
const LOCAL_KEYS = new Set(["source"]);
/** What `await` and JSON.stringify look up on any object: not the scenario's reads. */
const UNOBSERVED_KEYS = new Set(["then", "toJSON"]);

/**
 * Runs `check` on `driver` (which has not been started), writing down what
 * the scenario observed. The runner's verdict is thrown away.
 * @returns the observations, in the order the scenario made them.
 */
export async function observeCheck(driver: ScenarioDriver, check: Check): Promise<Observation[]> {
  const recorder = new Recorder();
  try {
    await runCheck(recorder.wrap(driver) as ScenarioDriver, check);
  } catch {
    // What happened is in the observations (the call that threw); the judge meets the same end.
  }
  return recorder.observations;
}

/**
 * Judges `check` from what a runner observed, running the check's own steps
 * against `source` (the page's copy of the code under check).
 * @returns the check's result; a record that does not follow the check's
 *   steps, or ends early, fails it.
 */
export async function judgeCheck(observations: readonly unknown[], check: Check, source: string): Promise<CheckResult> {
  const base = { id: check.id, title: check.title };
  const replay = new Replay(observations, source);
  try {
    const { transcript: _transcript, ...result } = await runCheck(replay.driver(), check);
    return result;
  } catch (thrown) {
    // The first divergence explains it; the check's clean-up meets the record's end after it.
    const first = replay.differs ?? thrown;
    const why = first instanceof Error ? first.message : String(first);
    return { ...base, passed: false, detail: `This check could not be judged: ${why}`, hint: check.onFail };
  }
}

/** The judge's verdict on a record that strays from the check's steps. */
class ObservationsDiffer extends Error {}

class Recorder {
  readonly observations: Observation[] = [];
  private nextId = 0;
  private readonly targets = new WeakMap<object, { target: object; id: number }>();
  /** Above zero while a wait's stop condition runs: what it reads decides when time stops, not the verdict. */
  private quiet = 0;

  wrap(target: object): object {
    const id = this.nextId++;
    const proxy = new Proxy(target, { get: (real, key) => this.get(real, id, key) });
    this.targets.set(proxy, { target, id });
    return proxy;
  }

  private get(real: object, id: number, key: string | symbol): unknown {
    const value: unknown = Reflect.get(real, key, real);
    if (typeof key === "symbol" || UNOBSERVED_KEYS.has(key) || LOCAL_KEYS.has(key)) return value;
    if (typeof value === "function") {
      if (this.quiet === 0) this.observations.push({ kind: "get", target: id, key, value: { method: true } });
      return (...args: unknown[]) => this.call(real, id, key, value as (...a: unknown[]) => unknown, args);
    }
    if (this.quiet > 0) return value;
    this.observations.push({ kind: "get", target: id, key, value: { data: copy(value) } });
    return value;
  }

  private call(real: object, id: number, key: string, method: (...a: unknown[]) => unknown, args: unknown[]): unknown {
    const given = args.map((arg) => this.unwrapArgument(arg));
    if (this.quiet > 0) return Reflect.apply(method, real, given);
    const entry: Extract<Observation, { kind: "call" }> = { kind: "call", target: id, key, args: describeArguments(args, (arg) => this.targets.get(arg as object)?.id), async: false, outcome: { data: undefined } };
    this.observations.push(entry);
    let result: unknown;
    try {
      result = Reflect.apply(method, real, given);
    } catch (thrown) {
      entry.outcome = threw(thrown);
      throw thrown;
    }
    if (!(result instanceof Promise)) return this.settle(entry, result);
    entry.async = true;
    return result.then(
      (value: unknown) => this.settle(entry, value),
      (thrown: unknown) => {
        entry.outcome = threw(thrown);
        throw thrown;
      },
    );
  }

  /** Writes down what a call gave and hands the scenario the same (a live object wrapped, to observe it later). */
  private settle(entry: Extract<Observation, { kind: "call" }>, value: unknown): unknown {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const proxy = this.wrap(value);
      entry.outcome = { ref: this.targets.get(proxy)!.id };
      return proxy;
    }
    entry.outcome = { data: copy(value) };
    return value;
  }

  private unwrapArgument(arg: unknown): unknown {
    if (typeof arg === "function") {
      const condition = arg as (...a: unknown[]) => unknown;
      return (...a: unknown[]) => {
        this.quiet++;
        try {
          return condition(...a);
        } finally {
          this.quiet--;
        }
      };
    }
    return (typeof arg === "object" && arg !== null && this.targets.get(arg)?.target) || arg;
  }
}

class Replay {
  private index = 0;
  /** Where the record first strayed from the check's steps, if it did. */
  differs: ObservationsDiffer | null = null;
  private readonly ids = new WeakMap<object, number>();

  constructor(
    private readonly observations: readonly unknown[],
    private readonly source: string,
  ) {}

  driver(): ScenarioDriver {
    return this.object(0) as ScenarioDriver;
  }

  private object(id: number): object {
    const proxy = new Proxy(Object.create(null) as object, { get: (_, key) => this.get(id, key) });
    this.ids.set(proxy, id);
    return proxy;
  }

  private get(id: number, key: string | symbol): unknown {
    if (typeof key === "symbol" || UNOBSERVED_KEYS.has(key)) return undefined;
    if (LOCAL_KEYS.has(key)) return id === 0 ? this.source : undefined;
    const seen = this.next("get", id, key);
    if ("method" in seen.value) return (...args: unknown[]) => this.call(id, key, args);
    return seen.value.data;
  }

  private call(id: number, key: string, args: unknown[]): unknown {
    const seen = this.next("call", id, key);
    const mine = describeArguments(args, (arg) => this.ids.get(arg as object));
    if (mine !== seen.args) {
      this.differs ??= new ObservationsDiffer(`the runner called ${key} with ${seen.args}, the check calls it with ${mine}.`);
      throw this.differs;
    }
    const outcome = this.outcome(seen.outcome);
    if (!seen.async) {
      if (outcome.threw) throw outcome.threw;
      return outcome.value;
    }
    return outcome.threw ? Promise.reject(outcome.threw) : Promise.resolve(outcome.value);
  }

  private outcome(outcome: Outcome): { value?: unknown; threw?: Error } {
    if ("ref" in outcome) return { value: this.object(outcome.ref) };
    if (!("threw" in outcome)) return { value: outcome.data };
    const { name, message } = outcome.threw;
    if (name === "ScenarioError") return { threw: new ScenarioError(message) };
    const error = new Error(message);
    error.name = name;
    return { threw: error };
  }

  private next<K extends Observation["kind"]>(kind: K, target: number, key: string): Extract<Observation, { kind: K }> {
    try {
      return this.read(kind, target, key);
    } catch (thrown) {
      if (thrown instanceof ObservationsDiffer) this.differs ??= thrown;
      throw thrown;
    }
  }

  private read<K extends Observation["kind"]>(kind: K, target: number, key: string): Extract<Observation, { kind: K }> {
    const raw = this.observations[this.index++];
    if (raw === undefined) throw new ObservationsDiffer(`the runner's record ended before the check did (at ${key}).`);
    const parsed = ObservationSchema.safeParse(raw);
    if (!parsed.success) throw new ObservationsDiffer(`the runner's record is malformed at entry ${this.index}.`);
    const seen = parsed.data;
    if (seen.kind !== kind || seen.target !== target || seen.key !== key) {
      throw new ObservationsDiffer(`the runner's record strays from the check's steps at entry ${this.index} (${seen.kind} ${seen.key}, where the check does ${kind} ${key}).`);
    }
    return seen as Extract<Observation, { kind: K }>;
  }
}

/** A copy of a plain value (strings, numbers, arrays and records of them), as it crosses to the judge. */
function copy(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== "object") return typeof value === "function" ? undefined : value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function threw(thrown: unknown): Outcome {
  if (thrown instanceof Error) return { threw: { name: thrown.name, message: thrown.message } };
  return { threw: { name: "Error", message: String(thrown) } };
}

/** Arguments as JSON; objects of the driver as {"ref": id}, functions (a wait's condition) as "until". */
function describeArguments(args: readonly unknown[], idOf: (arg: unknown) => number | undefined): string {
  return JSON.stringify(args, function (this: unknown, _key: string, value: unknown) {
    if (typeof value === "function") return "until";
    if (typeof value === "object" && value !== null) {
      const id = idOf(value);
      if (id !== undefined) return { ref: id };
    }
    return value === undefined ? null : value;
  });
}
