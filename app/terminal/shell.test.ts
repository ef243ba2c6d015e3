import { describe, expect, it } from "vitest";
import { printf, Shell, splitPipe, splitWords, wrapText, type CommandHandlers, type ConnectionHandlers, type ShellHost } from "./shell";

/** A host that records what the shell asks of it and answers as told. */
function fakeHost() {
  const calls: string[] = [];
  const files: Record<string, string> = {};
  const host: ShellHost & { calls: string[]; files: Record<string, string>; connections: ConnectionHandlers[] } = {
    calls,
    files,
    connections: [],
    connect(h, port, handlers) {
      calls.push(`connect ${h} ${port}`);
      host.connections.push(handlers);
      return {
        send: (text) => calls.push(`send ${JSON.stringify(text)}`),
        halfClose: () => calls.push("half-close"),
        close: () => calls.push("close"),
      };
    },
    exec(argv, handlers: CommandHandlers) {
      calls.push(`exec ${argv.join(" ")}`);
      if (argv[0] === "echo") handlers.onOutput(`${argv.slice(1).join(" ")}\n`, "stdout");
      handlers.onExit(0);
      return { interrupt: () => calls.push("interrupt") };
    },
    writeFile(path, content, append, handlers) {
      files[path] = append ? (files[path] ?? "") + content : content;
      handlers.onExit(0);
    },
    inspect: async (what) => [`${what} output`],
    describeProgram: () => "running",
    signal(name) {
      calls.push(`signal ${name}`);
      return true;
    },
  };
  return host;
}

function shellWith(host: ShellHost) {
  let screen = "";
  const shell = new Shell(host, (text) => (screen += text));
  shell.start();
  return { shell, screen: () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") };
}

describe("the terminal's shell", () => {
  it("connects with nc and sends each typed line with CRLF", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("nc localhost 1079\r");
    host.connections[0]!.onConnected();
    shell.input("moshez\r");
    expect(host.calls).toEqual(["connect localhost 1079", 'send "moshez\\r\\n"']);
  });

  it("sends typed text without a line end on Ctrl-D, and closes the sending half on Ctrl-D at an empty line", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("nc localhost 1079\r");
    host.connections[0]!.onConnected();
    shell.input("mosh");
    shell.input("\x04");
    shell.input("\x04");
    expect(host.calls).toEqual(["connect localhost 1079", 'send "mosh"', "half-close"]);
    host.connections[0]!.onData("Happy and well\r\n");
    host.connections[0]!.onClosed(true);
    expect(host.calls).not.toContain("close");
  });

  it("closes the sending half after piped input with nc -N, as nc -N does at the end of its input", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("printf 'moshez\\r\\n' | nc -N localhost 1079\r");
    host.connections[0]!.onConnected();
    expect(host.calls).toEqual(["connect localhost 1079", 'send "moshez\\r\\n"', "half-close"]);
  });

  it("keeps the sending half open after piped input without -N", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("printf 'moshez\\r\\n' | nc localhost 1079\r");
    host.connections[0]!.onConnected();
    expect(host.calls).toEqual(["connect localhost 1079", 'send "moshez\\r\\n"']);
  });

  it("ignores Ctrl-D at the prompt", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("\x04");
    expect(host.calls).toEqual([]);
  });

  it("prints telnet's messages and returns to the prompt when the server closes", () => {
    const host = fakeHost();
    const { shell, screen } = shellWith(host);
    shell.input("telnet localhost 1079\r");
    host.connections[0]!.onConnected();
    host.connections[0]!.onData("No such user\r\n");
    host.connections[0]!.onClosed(true);
    expect(screen()).toContain("Trying 127.0.0.1...");
    expect(screen()).toContain("Connected to localhost.");
    expect(screen()).toMatch(/No such user\r\n\r*Connection closed by foreign host\.\r\n\r*learner@finger/);
  });

  it("says a refused connection the way nc does", () => {
    const host = fakeHost();
    const { shell, screen } = shellWith(host);
    shell.input("nc localhost 1080\r");
    host.connections[0]!.onRefused();
    expect(screen()).toContain("nc: connect to localhost port 1080 (tcp) failed: Connection refused");
  });

  it("redirects a command's output into a file with > and >>", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input('echo "moshez: happy and well" > /etc/users\r');
    shell.input("echo shawn: alive >> /etc/users\r");
    expect(host.files["/etc/users"]).toBe("moshez: happy and well\nshawn: alive\n");
  });

  it("runs host commands and reports unknown ones", () => {
    const host = fakeHost();
    const { shell, screen } = shellWith(host);
    shell.input("finger moshez@localhost:1079\r");
    shell.input("frobnicate\r");
    expect(host.calls).toContain("exec finger moshez@localhost:1079");
    expect(screen()).toContain("frobnicate: command not found");
  });

  it("runs the xmlrpc client on the host, the tutorial's fingerXRclient.py as a command", () => {
    const host = fakeHost();
    const { shell, screen } = shellWith(host);
    shell.input("xmlrpc http://localhost:8000/RPC2 getUser moshez\r");
    expect(host.calls).toContain("exec xmlrpc http://localhost:8000/RPC2 getUser moshez");
    shell.input("help xmlrpc\r");
    expect(screen()).toContain("xmlrpc URL METHOD [ARG...]");
  });

  it("opens N clients at once with clients N PORT TEXT", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("clients 3 1079 nobody\r");
    expect(host.calls.filter((call) => call === "connect localhost 1079")).toHaveLength(3);
    for (const connection of host.connections) connection.onConnected();
    expect(host.calls.filter((call) => call === 'send "nobody\\r\\n"')).toHaveLength(3);
  });

  it("recalls history with the up arrow", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("status\r");
    shell.input("\x1b[A\r");
    expect(host.calls).toEqual([]);
  });

  it("pipes printf's text into nc exactly, so a bare LF can be sent", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("printf 'moshez\\n' | nc localhost 1079\r");
    host.connections[0]!.onConnected();
    shell.input("typed\r");
    expect(host.calls).toEqual(["connect localhost 1079", 'send "moshez\\n"']);
  });

  it("turns LF into CRLF with nc -C, and pipes echo's output", () => {
    const host = fakeHost();
    const { shell, screen } = shellWith(host);
    shell.input("echo alice | nc -C localhost 1079\r");
    host.connections[0]!.onConnected();
    host.connections[0]!.onData("No such user\r\n");
    host.connections[0]!.onClosed(true);
    expect(host.calls).toEqual(["connect localhost 1079", 'send "alice\\r\\n"']);
    expect(screen()).not.toMatch(/\n\r*alice \| nc/);
    expect(screen()).toMatch(/No such user\r\n\r*learner@finger/);
  });

  it("lists background clients with jobs, brings one back with fg and ends another with kill", () => {
    const host = fakeHost();
    const { shell, screen } = shellWith(host);
    shell.input("nc localhost 1079 &\r");
    shell.input("nc localhost 1079 &\r");
    shell.input("jobs\r");
    expect(screen()).toContain("[1]  Running                 nc localhost 1079");
    expect(screen()).toContain("[2]  Running                 nc localhost 1079");
    shell.input("kill %2\r");
    expect(screen()).toContain("[2]  Terminated              nc localhost 1079");
    expect(host.calls.filter((call) => call === "close")).toHaveLength(1);
    shell.input("fg\r");
    shell.input("moshez\r");
    expect(host.calls.at(-1)).toBe('send "moshez\\r\\n"');
  });

  it("sends the program SIGTERM with kill 1, and SIGINT with kill -INT 1; other PIDs are the host's kill's", () => {
    const host = fakeHost();
    const { shell } = shellWith(host);
    shell.input("kill 1\r");
    shell.input("kill -INT 1\r");
    shell.input("kill 42\r");
    expect(host.calls).toEqual(["signal SIGTERM", "signal SIGINT", "exec kill 42"]);
  });

  it("printf understands backslash escapes and %s", () => {
    expect(printf(["a\\r\\nb\\t%s!", "x"])).toBe("a\r\nb\tx!");
    expect(splitPipe("printf 'a|b' | nc localhost 1")).toEqual(["printf 'a|b'", "nc localhost 1"]);
  });

  it("wraps long lines between words, and breaks a word only when it must", () => {
    expect(wrapText("The reactor is running, listening on port 1079. Try: nc localhost 1079", 31)).toEqual([
      "The reactor is running,",
      "listening on port 1079. Try:",
      "nc localhost 1079",
    ]);
    expect(wrapText("abcdefghijklmnopqrstuvwxyz", 11)).toEqual(["abcdefghij", "klmnopqrst", "uvwxyz"]);
  });

  it("prints a program's line above the prompt, styled line by line when wrapped", () => {
    let screen = "";
    const shell = new Shell(fakeHost(), (text) => (screen += text), () => 21);
    shell.start();
    shell.printAbove("Unhandled Error in the server", "\x1b[31m");
    expect(screen).toContain("\x1b[31mUnhandled Error in\x1b[0m\r\n\x1b[31mthe server\x1b[0m\r\n");
  });

  it("draws one prompt after a traceback printed while a command waits for its answer", () => {
    const host = fakeHost();
    let finish: CommandHandlers | null = null;
    host.exec = (argv, handlers) => {
      finish = handlers;
      return { interrupt: () => {} };
    };
    const { shell, screen } = shellWith(host);
    shell.input("finger moshez@localhost\r");
    shell.printAbove("Unhandled error in Deferred:\nTraceback (most recent call last):\nError: boom");
    finish!.onOutput("Login: moshez\n", "stdout");
    finish!.onExit(0);
    const prompts = screen().split("learner@finger:~$ ").length - 1;
    // The greeting's prompt and the one after finger ends: none while finger ran.
    expect(prompts).toBe(2);
    expect(screen()).toMatch(/Error: boom\r\n\r?Login: moshez\r\nlearner@finger:~\$ $/);
  });

  it("splits quoted words", () => {
    expect(splitWords(`echo "a b" 'c d' e`)).toEqual(["echo", "a b", "c d", "e"]);
  });
});

describe("the terminal's help", () => {
  it("lists every command in lines that fit a 1280x720 terminal without scrolling", () => {
    const { shell, screen } = shellWith(fakeHost());
    shell.input("help\r");
    const lines = screen().split("\r\n");
    const helpLines = lines.slice(lines.findIndex((line) => line.startsWith("Commands")), -1);
    expect(helpLines.length).toBeLessThanOrEqual(12);
    for (const line of helpLines) expect(line.length).toBeLessThanOrEqual(54);
    for (const command of ["nc", "finger", "curl", "clients", "twistd", "printf", "tail", "jobs", "kill", "netstat", "status", "clear"])
      expect(helpLines.join("\n")).toMatch(new RegExp(`\\b${command}\\b`));
  });

  it("tells more about one command, and says when it has nothing on it", () => {
    const { shell, screen } = shellWith(fakeHost());
    shell.input("help curl\r");
    expect(screen()).toContain("-X METHOD");
    shell.input("help frobnicate\r");
    expect(screen()).toContain("help: no help for frobnicate (type help for the list)");
  });
});

describe("twistd and its daemon in the terminal", () => {
  /** A host whose cat prints a pid file and whose other commands record themselves. */
  function hostWithPidFile() {
    const host = fakeHost();
    host.exec = (argv, handlers) => {
      host.calls.push(`exec ${argv.join(" ")}`);
      if (argv[0] === "cat" && argv[1] === "twistd.pid") handlers.onOutput("1004\n", "stdout");
      handlers.onExit(0);
      return { interrupt: () => host.calls.push("interrupt") };
    };
    return host;
  }

  it("runs twistd on the host, and kill $(cat twistd.pid) signals the daemon's PID there", () => {
    const host = hostWithPidFile();
    const { shell } = shellWith(host);
    shell.input("twistd -y finger.tac.ts\r");
    shell.input("kill $(cat twistd.pid)\r");
    shell.input("kill -INT 1\r");
    expect(host.calls).toEqual(["exec twistd -y finger.tac.ts", "exec cat twistd.pid", "exec kill 1004", "signal SIGINT"]);
  });

  it("tails a file on the host", () => {
    const host = hostWithPidFile();
    const { shell } = shellWith(host);
    shell.input("tail -n 3 twistd.log\r");
    expect(host.calls).toEqual(["exec tail -n 3 twistd.log"]);
  });
});
