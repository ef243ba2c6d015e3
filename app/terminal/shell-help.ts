/**
 * The course terminal's help. `help` alone fits the terminal's visible rows at 1280x720
 * (a list that scrolls its own top away is no help); `help TOPIC` gives the details.
 */
export const SHELL_HELP = [
  "Commands (help COMMAND tells more):",
  "  nc HOST PORT       connect, type lines (or telnet)",
  "  finger USER@HOST   ask a finger server (:PORT too)",
  "  curl [-ik] URL     a page; xmlrpc, pb, openssl",
  "  clients N PORT     N clients connect at once",
  "  irc [NICK]         chat on irc.freenode.org",
  "  twistd -y FILE     run an application (-n: here)",
  "  printf echo cat tail ls rm  text and files",
  "  jobs fg kill ps    background clients, processes",
  "  netstat status clear  ports, program; clear screen",
  "Run (Ctrl+Enter) starts your program. Up/Down recall",
  "history; Ctrl-C ends the current client.",
];

const TOPICS: Record<string, readonly string[]> = {
  nc: [
    "nc HOST PORT: connect; each line you type is sent ending in CRLF (as nc -C).",
    "CMD | nc [-C] [-N] HOST PORT: send CMD's output exactly as it is;",
    "  -C turns LF into CRLF, -N closes your sending half when the output ends.",
    "CMD &: run it in the background; jobs lists them, fg %N brings one back.",
    "Ctrl-D sends what you typed so far; on an empty line it closes your",
    "sending half (end of file) and waits for the server's answer.",
  ],
  telnet: ["telnet HOST PORT: the same as nc HOST PORT, with telnet's messages."],
  finger: [
    "finger USER@HOST[:PORT]: ask a finger server (port 79 unless given).",
    "The :PORT form is this terminal's; on a real machine use nc -C HOST PORT.",
    "finger -l USER@HOST sends /W USER, as Debian's finger does.",
  ],
  curl: [
    "curl [-i] URL: fetch a web page with GET; -i shows the status line and headers.",
    "  -X METHOD      use another method (POST, PUT, ...)",
    "  -d DATA        send DATA as the body of a POST",
    "  -H 'Name: v'   add a request header",
    "  -I             HEAD: headers only",
    "  -m SECONDS     give up after SECONDS on the reactor's clock",
    "  -k             https: accept a self-signed certificate",
    "https://HOST[:PORT]/PATH speaks TLS (port 443 unless given).",
  ],
  openssl: [
    "openssl req -x509 -newkey rsa:2048 -keyout key.pem -out cert.pem -days 365 -nodes",
    "  makes a self-signed certificate (cert.pem) and its key (key.pem), as the",
    "  tutorial does; -subj /CN=localhost names it without asking questions.",
    "openssl x509 -in cert.pem -noout -subject: whose certificate it is.",
  ],
  xmlrpc: [
    "xmlrpc URL METHOD [ARG...]: call METHOD over XML-RPC, each ARG a string,",
    "and print the result, as print(xmlrpc.client.ServerProxy(URL).METHOD(ARG))",
    "does in Python: xmlrpc http://localhost:8000/RPC2 getUser moshez",
    "A Fault or an HTTP error is printed as Python names it.",
  ],
  pb: [
    "pb HOST:PORT METHOD [ARG...]: call remote_METHOD on a Perspective Broker",
    "server's root with each ARG a str, as the tutorial's fingerPBclient.py does:",
    "pb localhost:8889 getUser moshez",
  ],
  clients: ["clients N PORT [TEXT]: N clients connect at once and each sends TEXT (default moshez)."],
  irc: [
    "irc [NICK] [HOST [PORT]]: join IRC as NICK (default learner) on irc.freenode.org",
    "  port 6667, where alice and bob sit in #twisted. Then:",
    "  /join #twisted, /msg fingerbot moshez, /names, /me, /nick, /part, /help;",
    "  other text is said in the channel. /quit or Ctrl-C leaves.",
  ],
  printf: ["printf 'TEXT': print TEXT with escapes (\\n, \\r, \\t); pipe it into nc to send exact bytes."],
  echo: ["echo TEXT [> FILE | >> FILE]: print TEXT, or write it to (append it to) a simulated file."],
  cat: ["cat FILE: print a simulated file."],
  tail: ["tail [-n N] FILE: the last N lines (10) of a file: tail twistd.log."],
  twistd: [
    "twistd -ny FILE.tac.ts: run the application in the foreground, its log here;",
    "  Ctrl-C stops it (SIGINT), and its services' stopService runs.",
    "twistd -y FILE.tac.ts: run it in the background, as a daemon: the log goes",
    "  to twistd.log, its PID to twistd.pid; kill $(cat twistd.pid) stops it.",
    "twistd PLUGIN [OPTIONS]: a plugin from twisted/plugins/ (twistd --help lists",
    "  them): twistd finger --file=/etc/users. --logfile, --pidfile, -u/-g too.",
  ],
  ls: ["ls [DIR]: list the simulated files."],
  rm: ["rm FILE: delete a simulated file (echo TEXT > FILE makes it again)."],
  jobs: ["jobs: list background clients; fg [%N] brings one back; kill %N ends one."],
  fg: ["fg [%N]: bring a background client to the foreground."],
  kill: [
    "kill %N: end background client N.",
    "kill [-INT] 1: send your program SIGTERM (or SIGINT), as kill does.",
    "kill [-INT|-9] PID: signal another process, such as a twistd daemon:",
    "  kill $(cat twistd.pid)",
  ],
  ps: ["ps: processes on the simulated host (your program is process 1)."],
  netstat: ["netstat: listening ports and open connections."],
  status: ["status: is your program running?"],
  clear: ["clear: clear the screen (also Ctrl-L)."],
  help: ["help [COMMAND]: the list of commands, or more about one."],
};

/** The lines `help` prints for its arguments. */
export function helpLines(args: readonly string[]): readonly string[] {
  const topic = args[0];
  if (!topic) return SHELL_HELP;
  return TOPICS[topic] ?? [`help: no help for ${topic} (type help for the list)`];
}
