/**
 * How a Python twin is launched on real Twisted: the Python that prepares
 * Twisted before the twin runs (loopback-only listening, orders over stdin,
 * the course's files), the three ways to run a twin (a script, a .tac under
 * twistd -n, a command line), and the markers the prepared twin says on its
 * standard error for the driver to wait on.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { twinFolder } from "./twin-files";

/** The Python that runs twins: Debian's, with python3-twisted. */
export const PYTHON = "/usr/bin/python3";
/** Where the course's own Python modules for twins live (pagesupport). */
const TWIN_MODULES = path.join(path.dirname(new URL(import.meta.url).pathname), "python");
// Said once the reactor runs: the twin's ports are open.
export const READY_MARKER = "__finger_reactor_running__";
// Said when a `patch:` order replaced the factory's method, or found none to replace.
export const PATCHED_MARKER = "__finger_patched__";
export const NOT_PATCHED_MARKER = "__finger_not_patched__";
// Said when a port the twin listens on is taken: by an endpoint, the failure
// would only reach a Deferred and the twin would run on, so the driver would
// talk to whatever else holds the port.
export const PORT_TAKEN_MARKER = "__finger_port_taken__";
// Followed by how many delayed calls the reactor holds: said when asked, and after shutdown.
export const DELAYED_CALLS_MARKER = "__finger_delayed_calls__";
// Said once connections to a host and port are sent to the driver's finger server.
export const REDIRECTED_MARKER = "__finger_redirected__";
// Followed by how many handlers a page event was handed to.
export const UI_DELIVERED_MARKER = "__finger_ui_delivered__";
// Followed by what the program showed on the page, as JSON (said by pagesupport.py).
export const PAGE_DISPLAY_MARKER = "__finger_page_display__";
/** Every marker's line, taken out of the output a check compares. */
export const MARKERS = new RegExp(
  `^.*(?:${READY_MARKER}|${PATCHED_MARKER}|${NOT_PATCHED_MARKER}|${PORT_TAKEN_MARKER}|${DELAYED_CALLS_MARKER}|${REDIRECTED_MARKER}|${UI_DELIVERED_MARKER}|${PAGE_DISPLAY_MARKER}).*\\n`,
  "gm",
);

// Prepares real Twisted before the twin runs: loopback-only listening, a
// marker on stderr once the reactor runs (so the driver knows the ports are
// open), and fake backends ordered over stdin.
const PREPARE = [
  "import json, os, sys",
  "_courseFiles = os.environ.get('FINGER_TWIN_FILES')",
  "from twisted.internet import defer, reactor, stdio, task",
  "from twisted.protocols import basic",
  "def _say(text):",
  "    os.write(2, (text + '\\n').encode())",
  `reactor.callWhenRunning(_say, "${READY_MARKER}")`,
  // An IRC bot talks to no real network: port 1 on loopback refuses it, and ClientService retries.
  "_connectTCP = reactor.connectTCP",
  // Connections to an upstream finger server of the scenario go to the driver's.
  "_redirects = {}",
  "def _hostKey(host):",
  "    host = host.decode() if isinstance(host, bytes) else host",
  "    return '127.0.0.1' if host == 'localhost' or host.startswith('127.') else host",
  // Those a scenario set before the twin started come in FINGER_TWIN_REDIRECTS.
  "for _r in json.loads(os.environ.get('FINGER_TWIN_REDIRECTS') or '[]'):",
  "    _redirects[(_hostKey(_r['redirect']), _r['port'])] = _r['to']",
  "def _connectOffline(host, port, factory, timeout=30, bindAddress=None):",
  "    if (_hostKey(host), port) in _redirects:",
  "        host, port = '127.0.0.1', _redirects[(_hostKey(host), port)]",
  "    elif port == 6667 and host not in ('127.0.0.1', 'localhost', '::1'):",
  "        host, port = '127.0.0.1', 1",
  "    return _connectTCP(host, port, factory, timeout, bindAddress)",
  "reactor.connectTCP = _connectOffline",
  "_factories = {}",
  "_listenTCP = reactor.listenTCP",
  "def _listenOnLoopback(port, factory, backlog=50, interface=''):",
  "    try:",
  "        listening = _listenTCP(port, factory, backlog, interface if interface not in ('', '0.0.0.0', '::') else '127.0.0.1')",
  "    except Exception as e:",
  `        _say("${PORT_TAKEN_MARKER} " + str(e))`,
  "        raise",
  "    _factories[listening.getHost().port] = factory",
  "    return listening",
  "reactor.listenTCP = _listenOnLoopback",
  "_listenUDP = reactor.listenUDP",
  "def _listenUDPOnLoopback(port, protocol, interface='', maxPacketSize=8192):",
  "    return _listenUDP(port, protocol, interface if interface not in ('', '0.0.0.0') else '127.0.0.1', maxPacketSize)",
  "reactor.listenUDP = _listenUDPOnLoopback",
  // Unix sockets: an absolute path is taken inside the twin's private folder.
  "def _privatePath(address):",
  "    if _courseFiles and isinstance(address, (str, bytes)) and os.path.isabs(address):",
  "        return os.path.join(_courseFiles, os.fsdecode(address).lstrip('/'))",
  "    return address",
  "_listenUNIX = reactor.listenUNIX",
  "reactor.listenUNIX = lambda address, *args, **kwargs: _listenUNIX(_privatePath(address), *args, **kwargs)",
  "_connectUNIX = reactor.connectUNIX",
  "reactor.connectUNIX = lambda address, *args, **kwargs: _connectUNIX(_privatePath(address), *args, **kwargs)",
  "def _sayDelayedCalls():",
  `    _say("${DELAYED_CALLS_MARKER} %d" % len(reactor.getDelayedCalls()))`,
  `reactor.addSystemEventTrigger("after", "shutdown", _sayDelayedCalls)`,
  "class _Orders(basic.LineReceiver):",
  "    delimiter = b'\\n'",
  "    def lineReceived(self, line):",
  "        order = json.loads(line)",
  "        if order.get('delayedCalls'):",
  "            return _sayDelayedCalls()",
  "        if 'ui' in order:",
  "            import pagesupport",
  `            return _say("${UI_DELIVERED_MARKER} %d" % pagesupport._deliver(order['ui'], order['text']))`,
  "        if 'redirect' in order:",
  "            _redirects[(_hostKey(order['redirect']), order['port'])] = order['to']",
  `            return _say("${REDIRECTED_MARKER}")`,
  "        factory = _factories.get(order['port'])",
  "        if not callable(getattr(factory, order['patch'], None)):",
  `            return _say("${NOT_PATCHED_MARKER}")`,
  "        def settle():",
  "            if 'fail' in order:",
  "                raise RuntimeError(order['fail'])",
  "            return order['answer'].encode()",
  "        def backend(*args, **kwargs):",
  "            if order['after'] > 0:",
  "                return task.deferLater(reactor, order['after'], settle)",
  "            return defer.maybeDeferred(settle)",
  "        setattr(factory, order['patch'], backend)",
  `        _say("${PATCHED_MARKER}")`,
  "stdio.StandardIO(_Orders(), stdout=os.open(os.devnull, os.O_WRONLY))",
  // The course's own files (/etc/users): open() of such a path reads the copy in FINGER_TWIN_FILES.
  "import builtins",
  "_open = builtins.open",
  "def _openCourseFile(file, *args, **kwargs):",
  "    if _courseFiles and isinstance(file, (str, bytes)) and os.path.isabs(file):",
  "        copy = os.path.join(_courseFiles, os.fsdecode(file).lstrip('/'))",
  "        if os.path.isfile(copy):",
  "            file = copy",
  "    return _open(file, *args, **kwargs)",
  "builtins.open = _openCourseFile",
];

// A script runs as __main__.
const RUN_SCRIPT = [...PREPARE, "sys.argv = sys.argv[1:]", "import runpy", "runpy.run_path(sys.argv[0], run_name='__main__')"].join("\n");

// A .tac runs under twistd -n (no daemon, no pid file). twistd logs to
// standard output and sends print() to its log: both go to stderr here, so
// standard output holds what the simulation calls stdout (nothing, under twistd).
const RUN_TAC = [
  ...PREPARE,
  "from twisted.scripts.twistd import run",
  "sys.stdout = sys.stderr",
  "sys.argv = ['twistd', '--nodaemon', '--pidfile=', '--python=' + sys.argv[1]]",
  "run()",
].join("\n");

// A command line (`twistd -n finger --file=/etc/users`) runs real twistd in
// the twin's private folder, which holds a copy of the twin's files (its
// finger/ package and twisted/plugins/): the folder is on sys.path, as
// PYTHONPATH=. puts it for the tutorial, so twistd finds the plugin.
const RUN_COMMAND = [
  ...PREPARE,
  "from twisted.scripts.twistd import run",
  "sys.stdout = sys.stderr",
  "sys.path.append(os.getcwd())",
  "sys.argv = sys.argv[1:]",
  "run()",
].join("\n");

/** What startTwin needs: the twin, how to run it, its private folder, and the redirects ordered before it started. */
export interface TwinLaunch {
  readonly twinPath: string;
  readonly command: readonly string[] | undefined;
  readonly courseFiles: string;
  readonly redirects: readonly { redirect: string; port: number; to: number }[];
}

/**
 * Spawns the twin (`python3 -u -c BOOTSTRAP ...`, with the bootstrap that
 * fits: command line, .tac or script) in its private folder, `courseFiles`;
 * a command line runs beside a copy of the twin's folder there.
 */
export function startTwin({ twinPath, command, courseFiles, redirects }: TwinLaunch): ChildProcess {
  const bootstrap = command ? RUN_COMMAND : twinPath.endsWith(".tac") ? RUN_TAC : RUN_SCRIPT;
  // A twin with a package of its own beside it (twin/finger/) finds it as `PYTHONPATH=. twistd -ny` would: twistd
  // does not put the .tac's folder on sys.path. Only then, so no other twin's imports change. No .pyc is left there.
  // Every twin finds the course's own modules for twins (pagesupport), which no Python module shadows.
  const twinDir = path.dirname(twinPath);
  const hasPackage = readdirSync(twinDir, { withFileTypes: true }).some((entry) => entry.isDirectory());
  const pythonPath = [TWIN_MODULES, hasPackage ? twinDir : null, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  if (command) cpSync(twinFolder(twinPath), courseFiles, { recursive: true, dereference: true });
  const env = {
    ...process.env,
    PYTHONPATH: pythonPath,
    PYTHONDONTWRITEBYTECODE: "1",
    FINGER_TWIN_FILES: courseFiles,
    FINGER_TWIN_REDIRECTS: JSON.stringify(redirects),
  };
  // The twin's working directory is its private folder: a relative cert.pem is looked for there.
  const argv = command ? [...command] : [twinPath];
  return spawn(PYTHON, ["-u", "-c", bootstrap, ...argv], { stdio: ["pipe", "pipe", "pipe"], env, cwd: courseFiles });
}
