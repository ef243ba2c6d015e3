// The other half of an event loop: waiting on many sockets at once with select().
const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch" };

// ---- A tiny model of the kernel: sockets whose bytes arrive at set times ----
let clock = 0;

function now(): string {
  return `[${clock}s]`;
}

// What a client sends, and when: a line, or "" when it closes the connection.
interface Arrival {
  readonly time: number;
  readonly data: string;
}

class Socket {
  constructor(
    readonly name: string,
    private readonly arrivals: Arrival[],
  ) {}

  // Something has arrived by now (a line, or the close): recv() would not wait.
  readable(): boolean {
    return this.arrivals.length > 0 && this.arrivals[0]!.time <= clock;
  }

  // When the next thing arrives (Infinity if nothing will).
  nextArrival(): number {
    return this.arrivals[0]?.time ?? Infinity;
  }

  // Reads what has arrived; "" means the client closed. If nothing has arrived yet,
  // recv blocks: the whole program waits until it does.
  recv(): string {
    const next = this.arrivals.shift();
    if (!next) return "";
    clock = Math.max(clock, next.time);
    return next.data;
  }

  send(data: string): void {
    // The kernel takes it; this model does not follow it to the client.
  }
}

// select(): waits until at least one of the sockets is readable, then returns
// every readable one, in the order given. It blocks only when none is ready.
function select(sockets: Socket[]): Socket[] {
  const soonest = Math.min(...sockets.map((socket) => socket.nextArrival()));
  clock = Math.max(clock, soonest);
  return sockets.filter((socket) => socket.readable());
}

// ---- The server: two connections, already accepted ----
// alice sends her name at 2 s and closes at 3 s; bob sends his at 1 s and closes at 4 s.
const alice = new Socket("alice", [{ time: 2, data: "alice\r\n" }, { time: 3, data: "" }]);
const bob = new Socket("bob", [{ time: 1, data: "bob\r\n" }, { time: 4, data: "" }]);

// What to do with what one socket delivered: the "protocol".
function handle(socket: Socket, data: string): void {
  if (data === "") {
    console.log(`${now()} ${socket.name} closed`);
    return;
  }
  const user = data.replace(/\r\n$/, "");
  const status = statuses[user] ?? "No such user";
  socket.send(status + "\r\n");
  console.log(`${now()} ${socket.name} asked: answered "${status}"`);
}

// The loop, as a naive server writes it: read each socket in turn, to the end.
// Your task: demultiplex with select() instead, so whoever is ready is served first.
// (Exported because it is the part of this file worth keeping: the heart of a reactor.)
export function serve(sockets: Socket[]): void {
  for (const socket of sockets) {
    let data: string;
    do {
      data = socket.recv();
      handle(socket, data);
    } while (data !== "");
  }
}

serve([alice, bob]);
console.log(`${now()} no sockets left to watch`);
