/**
 * The modules learner code can import, under Twisted's own paths:
 * `import { reactor, protocol } from "twisted/internet"`,
 * `import { service, strports } from "twisted/application"`, plus the few
 * Python standard modules the lessons use (`time`, `pwd`, `html`, `builtins`),
 * and zope.interface (`import { Interface, implementer } from "zope/interface"`),
 * and the course's own `pagesupport` (the lesson page's panel as a foreign event loop).
 */
import * as application from "../twisted/application";
import * as applicationInternet from "../twisted/application/internet";
import * as service from "../twisted/application/service";
import * as strports from "../twisted/application/strports";
import * as internet from "../twisted/internet";
import * as address from "../twisted/internet/address";
import * as defer from "../twisted/internet/defer";
import * as endpoints from "../twisted/internet/endpoints";
import * as error from "../twisted/internet/error";
import * as interfaces from "../twisted/internet/interfaces";
import * as protocol from "../twisted/internet/protocol";
import * as ssl from "../twisted/internet/ssl";
import * as task from "../twisted/internet/task";
import * as testing from "../twisted/internet/testing";
import * as threads from "../twisted/internet/threads";
import * as stdio from "../twisted/internet/stdio";
import * as utils from "../twisted/internet/utils";
import * as protocols from "../twisted/protocols";
import * as amp from "../twisted/protocols/amp";
import * as basic from "../twisted/protocols/basic";
import * as policies from "../twisted/protocols/policies";
import * as tls from "../twisted/protocols/tls";
import * as python from "../twisted/python";
import * as components from "../twisted/python/components";
import * as failure from "../twisted/python/failure";
import * as filepath from "../twisted/python/filepath";
import * as log from "../twisted/python/log";
import * as usage from "../twisted/python/usage";
import * as plugin from "../twisted/plugin";
import * as logger from "../twisted/logger";
import * as sys from "../stdlib/sys";
import * as os from "../stdlib/os";
import * as textwrap from "../stdlib/textwrap";
import * as getopt from "../stdlib/getopt";
import * as web from "../twisted/web";
import * as webClient from "../twisted/web/client";
import * as webError from "../twisted/web/error";
import * as builtins from "../twisted/python/builtins";
import * as exceptions from "../twisted/python/exceptions";
import * as delayedCall from "../twisted/internet/delayed-call";
import * as httpChannel from "../twisted/web/http-channel";
import * as xmlParse from "../twisted/web/xml-parse";
import * as webHttp from "../twisted/web/http";
import * as webResource from "../twisted/web/resource";
import * as webServer from "../twisted/web/server";
import * as webStatic from "../twisted/web/static";
import * as webUtil from "../twisted/web/util";
import * as webXmlrpc from "../twisted/web/xmlrpc";
import * as html from "../stdlib/html";
import * as stdlibBuiltins from "../stdlib/builtins";
import * as spread from "../twisted/spread";
import * as banana from "../twisted/spread/banana";
import * as flavors from "../twisted/spread/flavors";
import * as jelly from "../twisted/spread/jelly";
import * as pb from "../twisted/spread/pb";
import * as cred from "../twisted/cred";
import * as credCheckers from "../twisted/cred/checkers";
import * as credCredentials from "../twisted/cred/credentials";
import * as credError from "../twisted/cred/error";
import * as credPortal from "../twisted/cred/portal";
import * as words from "../twisted/words";
import * as wordsProtocols from "../twisted/words/protocols";
import * as irc from "../twisted/words/protocols/irc";
import * as trial from "../twisted/trial";
import * as trialUnittest from "../twisted/trial/unittest";
import * as pagesupport from "../stdlib/pagesupport";
import * as pwd from "../stdlib/pwd";
import * as time from "../stdlib/time";
import * as sqlite3 from "../stdlib/sqlite3";
import * as enterprise from "../twisted/enterprise";
import * as adbapi from "../twisted/enterprise/adbapi";
import * as zopeInterface from "../zope/interface";
import { recordModule } from "../zope/interface/repr";

export const learnerModules: Readonly<Record<string, unknown>> = {
  "twisted/application": application,
  "twisted/application/internet": applicationInternet,
  "twisted/application/service": service,
  "twisted/application/strports": strports,
  "twisted/internet": internet,
  "twisted/internet/address": address,
  "twisted/internet/defer": defer,
  "twisted/internet/endpoints": endpoints,
  "twisted/internet/error": error,
  "twisted/internet/interfaces": interfaces,
  "twisted/internet/protocol": protocol,
  "twisted/internet/ssl": ssl,
  "twisted/internet/task": task,
  "twisted/internet/testing": testing,
  "twisted/internet/threads": threads,
  "twisted/internet/stdio": stdio,
  "twisted/internet/utils": utils,
  "twisted/protocols": protocols,
  "twisted/protocols/amp": amp,
  "twisted/protocols/basic": basic,
  "twisted/protocols/policies": policies,
  "twisted/protocols/tls": tls,
  "twisted/python": python,
  "twisted/python/components": components,
  "twisted/python/failure": failure,
  "twisted/python/filepath": filepath,
  "twisted/python/log": log,
  "twisted/python/usage": usage,
  "twisted/plugin": plugin,
  "twisted/logger": logger,
  "twisted/web": web,
  "twisted/web/client": webClient,
  "twisted/web/error": webError,
  "twisted/web/http": webHttp,
  "twisted/web/resource": webResource,
  "twisted/web/server": webServer,
  "twisted/web/static": webStatic,
  "twisted/web/util": webUtil,
  "twisted/web/xmlrpc": webXmlrpc,
  builtins: stdlibBuiltins,
  html,
  "twisted/spread": spread,
  "twisted/spread/banana": banana,
  "twisted/spread/flavors": flavors,
  "twisted/spread/jelly": jelly,
  "twisted/spread/pb": pb,
  "twisted/enterprise": enterprise,
  "twisted/enterprise/adbapi": adbapi,
  "twisted/cred": cred,
  "twisted/cred/checkers": credCheckers,
  "twisted/cred/credentials": credCredentials,
  "twisted/cred/error": credError,
  "twisted/cred/portal": credPortal,
  "twisted/trial": trial,
  "twisted/trial/unittest": trialUnittest,
  "twisted/words": words,
  "twisted/words/protocols": wordsProtocols,
  "twisted/words/protocols/irc": irc,
  getopt,
  // The course's own module (the lesson page's panel), not Python's: see stdlib/pagesupport.ts.
  pagesupport,
  os,
  pwd,
  sqlite3,
  sys,
  textwrap,
  time,
  "zope/interface": zopeInterface,
};

/** The module paths learner code may import, for error messages and the editor. */
export const learnerModuleNames = Object.keys(learnerModules);

/**
 * Gives every exported class and function the name it is exported under. A production
 * bundle minifies class names (ConnectionRefusedError becomes "bU"), but
 * Twisted's names show up everywhere a learner looks: Failure types, log
 * lines ("ServerFactory starting on 1079"), tracebacks. Export names survive
 * minification, so they are the source of truth.
 */
function nameExportedClasses(namespace: unknown, seen = new Set<unknown>()): void {
  if (namespace === null || typeof namespace !== "object" || seen.has(namespace)) return;
  seen.add(namespace);
  for (const [key, value] of Object.entries(namespace)) {
    // Minified names are one to three characters; longer ones are real (an alias keeps its class's name).
    if (typeof value === "function" && value.name.length <= 3 && value.name !== key) {
      Object.defineProperty(value, "name", { value: key, configurable: true });
    } else if (value && typeof value === "object") {
      nameExportedClasses(value, seen);
    }
  }
}

for (const namespace of Object.values(learnerModules)) nameExportedClasses(namespace);
// Python's built-in exceptions are not imported by learners but reach them in Failures (a check's fake backend raises RuntimeError).
nameExportedClasses(builtins);
// Nor are these, which learners meet all the same: NotImplementedError from a LineReceiver without lineReceived
// (a minified bundle printed it as "nx: ..."), the DelayedCall callLater returns, a malformed XML-RPC body or chunked request.
for (const namespace of [exceptions, delayedCall, httpChannel, xmlParse]) nameExportedClasses(namespace);
// Python's repr() names a class by its module ("<twisted.web.resource.Resource object at 0x...>"): the deepest path that exports it.
for (const [path, namespace] of Object.entries(learnerModules).sort(([a], [b]) => b.split("/").length - a.split("/").length)) {
  for (const value of Object.values(namespace as object)) if (typeof value === "function") recordModule(value, path.replaceAll("/", "."));
}
