/**
 * The modules learner code can import, under Twisted's own paths:
 * `import { reactor, protocol } from "twisted/internet"`.
 */
import * as internet from "../twisted/internet";
import * as address from "../twisted/internet/address";
import * as defer from "../twisted/internet/defer";
import * as endpoints from "../twisted/internet/endpoints";
import * as error from "../twisted/internet/error";
import * as protocol from "../twisted/internet/protocol";
import * as task from "../twisted/internet/task";
import * as protocols from "../twisted/protocols";
import * as basic from "../twisted/protocols/basic";
import * as python from "../twisted/python";
import * as failure from "../twisted/python/failure";
import * as log from "../twisted/python/log";

export const learnerModules: Readonly<Record<string, unknown>> = {
  "twisted/internet": internet,
  "twisted/internet/address": address,
  "twisted/internet/defer": defer,
  "twisted/internet/endpoints": endpoints,
  "twisted/internet/error": error,
  "twisted/internet/protocol": protocol,
  "twisted/internet/task": task,
  "twisted/protocols": protocols,
  "twisted/protocols/basic": basic,
  "twisted/python": python,
  "twisted/python/failure": failure,
  "twisted/python/log": log,
};

/** The module paths learner code may import, for error messages and the editor. */
export const learnerModuleNames = Object.keys(learnerModules);
