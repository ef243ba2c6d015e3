import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { World } from "../../engine";
import { IrcClient, parseIrcLine } from "./irc-client";
import { Shell, type ShellHost } from "./shell";

/** A client whose sent lines and printed lines are recorded. */
function recorded(nick = "learner") {
  const sent: string[] = [];
  const printed: string[] = [];
  let ended = 0;
  const client = new IrcClient(nick, "irc.freenode.org", {
    send: (line) => sent.push(line),
    print: (lines) => printed.push(...lines),
    ended: () => ended++,
  });
  return { client, sent, printed, ended: () => ended };
}

describe("parseIrcLine", () => {
  it("takes apart prefix, command, middle parameters and the trailing one", () => {
    expect(parseIrcLine(":alice!~alice@users.sim PRIVMSG #twisted :hello there")).toEqual({
      prefix: "alice!~alice@users.sim",
      command: "PRIVMSG",
      params: ["#twisted", "hello there"],
    });
    expect(parseIrcLine("PING :irc.freenode.org")).toEqual({ prefix: "", command: "PING", params: ["irc.freenode.org"] });
    expect(parseIrcLine(":srv 353 learner = #twisted :@alice bob")).toEqual({ prefix: "srv", command: "353", params: ["learner", "=", "#twisted", "@alice bob"] });
  });
});

describe("the terminal's IRC client", () => {
  it("registers with NICK and USER once connected, and answers PING with PONG", () => {
    const { client, sent } = recorded();
    client.connected();
    client.received("PING :irc.freenode.org\r\n");
    expect(sent).toEqual(["NICK learner", "USER learner 0 * :Learner in the finger course", "PONG :irc.freenode.org"]);
  });

  it("keeps a partial line until its end arrives", () => {
    const { client, printed } = recorded();
    client.received(":irc.freenode.org 001 learner :Welc");
    expect(printed).toEqual([]);
    client.received("ome to the network\r\n");
    expect(printed[0]).toBe("-!- Welcome to the network");
  });

  it("takes another nickname when its own is taken before it is registered", () => {
    const { client, sent, printed } = recorded("alice");
    client.received(":irc.freenode.org 433 * alice :Nickname already in use\r\n");
    expect(sent).toEqual(["NICK alice_"]);
    expect(printed).toEqual(["-!- Nickname alice is already in use."]);
    expect(client.nick).toBe("alice_");
  });

  it("joins, says plain text in the channel it joined, and shows channel and private messages apart", () => {
    const { client, sent, printed } = recorded();
    client.typed("/join #twisted");
    expect(sent).toEqual(["JOIN #twisted"]);
    client.received(":learner!~learner@h JOIN :#twisted\r\n:irc.freenode.org 353 learner = #twisted :@alice bob fingerbot learner\r\n");
    expect(client.prompt).toBe("[#twisted] ");
    client.typed("hello");
    client.typed("/msg fingerbot moshez");
    client.received(":alice!~alice@users.sim PRIVMSG #twisted :hi learner\r\n");
    client.received(":fingerbot!~fingerbot@h PRIVMSG learner :Status of moshez: happy and well\r\n");
    expect(sent.slice(1)).toEqual(["PRIVMSG #twisted :hello", "PRIVMSG fingerbot :moshez"]);
    expect(printed).toEqual([
      "-!- You have joined #twisted",
      "[#twisted] -!- Here: @alice bob fingerbot learner",
      "[#twisted] <learner> hello",
      "-> *fingerbot* moshez",
      "[#twisted] <alice> hi learner",
      "*fingerbot* Status of moshez: happy and well",
    ]);
  });

  it("leaves a channel: plain text then goes to the channel joined before it, or nowhere", () => {
    const { client, sent, printed } = recorded();
    client.received(":learner!~l@h JOIN :#twisted\r\n:learner!~l@h JOIN :#python\r\n");
    expect(client.prompt).toBe("[#python] ");
    client.typed("/part");
    client.received(":learner!~l@h PART #python\r\n");
    expect(client.prompt).toBe("[#twisted] ");
    client.received(":learner!~l@h PART #nowhere\r\n");
    expect(client.channels).toEqual(["#twisted"]);
    client.received(":learner!~l@h PART #TWISTED :bye\r\n");
    expect(client.prompt).toBe("[irc.freenode.org] ");
    expect(sent).toEqual(["PART #python"]);
    expect(printed.at(-1)).toBe("-!- You have left #TWISTED");
  });

  it("says where text goes when it is in no channel, and explains bad commands", () => {
    const { client, sent, printed } = recorded();
    client.typed("moshez");
    client.typed("/msg fingerbot");
    client.typed("/frob");
    expect(sent).toEqual([]);
    expect(printed).toEqual([
      "-!- You are in no channel: /join #twisted to talk there, or /msg NICK TEXT to talk to one person.",
      "-!- usage: /msg NICK TEXT",
      "-!- Unknown command /frob. Type /help for the commands.",
    ]);
  });

  it("shows the server's errors, and ends once when the link closes", () => {
    const { client, printed, ended } = recorded();
    client.received(":irc.freenode.org 401 learner fingerbot :No such nick or channel name\r\n");
    client.received("ERROR :Closing connection\r\n");
    client.closed();
    client.closed();
    expect(printed).toEqual(["-!- fingerbot No such nick or channel name", "-!- Closing connection", "-!- Disconnected from irc.freenode.org."]);
    expect(ended()).toBe(1);
  });
});

describe("irc in the shell", () => {
  function shellOver(host: ShellHost) {
    let screen = "";
    const shell = new Shell(host, (text) => (screen += text));
    shell.start();
    return { shell, screen: () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ""), raw: () => screen };
  }

  it("connects to irc.freenode.org:6667, sends typed lines to the client, and Ctrl-C quits back to the prompt", () => {
    const sent: string[] = [];
    let handlers: Parameters<ShellHost["connect"]>[2] | null = null;
    const host = {
      connect(h: string, port: number, events: Parameters<ShellHost["connect"]>[2]) {
        sent.push(`connect ${h} ${port}`);
        handlers = events;
        return { send: (t: string) => sent.push(t), halfClose: () => {}, close: () => sent.push("close") };
      },
      describeProgram: () => "finger.tac.ts is running",
    } as unknown as ShellHost;
    const { shell, screen, raw } = shellOver(host);
    shell.input("irc\r");
    handlers!.onConnected();
    shell.input("/msg fingerbot moshez\r");
    shell.input("\x03");
    expect(sent).toEqual([
      "connect irc.freenode.org 6667",
      "NICK learner\r\n",
      "USER learner 0 * :Learner in the finger course\r\n",
      "PRIVMSG fingerbot :moshez\r\n",
      "QUIT :Leaving\r\n",
    ]);
    // The typed line left the input row, as in irssi; the client printed what it did.
    expect(raw()).toContain("/msg fingerbot moshez\r\x1b[2K");
    expect(raw()).not.toContain("/msg fingerbot moshez\r\n");
    expect(screen()).toContain("-> *fingerbot* moshez");
    handlers!.onData("ERROR :Closing connection\r\n");
    handlers!.onClosed(true);
    shell.input("status\r");
    expect(screen()).toContain("-!- Disconnected from irc.freenode.org.");
    expect(screen()).toMatch(/learner@finger:~\$ status\r\nfinger.tac.ts is running/);
  });

  it("a second Ctrl-C closes the link without waiting for the server", () => {
    const sent: string[] = [];
    const host = {
      connect: () => ({ send: (t: string) => sent.push(t), halfClose: () => {}, close: () => sent.push("close") }),
    } as unknown as ShellHost;
    const { shell, screen } = shellOver(host);
    shell.input("irc\r");
    shell.input("\x03");
    shell.input("\x03");
    expect(sent).toEqual(["QUIT :Leaving\r\n", "close"]);
    expect(screen()).toContain("-!- Disconnected from irc.freenode.org.");
    expect(screen().endsWith("learner@finger:~$ ")).toBe(true);
  });

  it("rejects a nickname IRC would not take", () => {
    const { shell, screen } = shellOver({} as ShellHost);
    shell.input("irc 9lives\r");
    expect(screen()).toContain("usage: irc [NICK] [HOST [PORT]]");
  });
});

describe("irc against the lesson's bot in a simulated world", () => {
  it("the learner joins #twisted, sees fingerbot there, asks it privately and reads the answer", () => {
    const solution = readFileSync(new URL("../../lessons/06-finger-stage-2/06-announce-on-irc/solution/finger.tac.ts", import.meta.url), "utf8");
    const world = new World({ files: { "/etc/users": "moshez: happy and well\nshawn: alive\n" } });
    expect(world.start(solution, "finger.tac.ts").status).toBe("running");
    world.advanceTo(1);
    const printed: string[] = [];
    let connection: ReturnType<World["connect"]> | null = null;
    const client = new IrcClient("learner", "irc.freenode.org", {
      send: (line) => world.enter(() => connection!.send(`${line}\r\n`)),
      print: (lines) => printed.push(...lines),
      ended: () => {},
    });
    connection = world.connect("irc.freenode.org", 6667, {
      onConnected: () => client.connected(),
      onData: (data) => client.received(data),
      onClosed: () => client.closed(),
      onRefused: () => client.refused(6667),
    });
    world.advanceTo(2);
    client.typed("/join #twisted");
    world.advanceTo(3);
    client.typed("/msg fingerbot moshez");
    world.advanceTo(4);
    world.advanceTo(5);
    client.typed("moshez");
    world.advanceTo(6);
    expect(printed).toContain("[#twisted] -!- Here: @alice bob fingerbot learner");
    expect(printed).toContain("*fingerbot* Status of moshez: happy and well");
    // Said in the channel, the name gets no answer from the bot.
    expect(printed.filter((line) => line.includes("fingerbot") && line.includes("Status")).length).toBe(1);
  });
});
