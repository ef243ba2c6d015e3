// A notice board: the page's button sends what its input holds to every client listening on port 1079,
// and a clock on the page ticks every second. Two event loops, one thread: the page's and the reactor's.
import { protocol, reactor, task } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";
import * as pagesupport from "pagesupport";

// Hook the page's loop into the reactor before it runs, as tksupport.install(root) does a Tk window.
const page = pagesupport.install();

class Listener extends basic.LineReceiver {
  constructor(readonly listeners: Listener[]) {
    super();
  }

  connectionMade() {
    this.listeners.push(this);
  }

  connectionLost(reason: failure.Failure) {
    this.listeners.splice(this.listeners.indexOf(this), 1);
  }
}

class BoardFactory extends protocol.ServerFactory {
  // Every connected client, oldest first: shared by all connections, so the factory keeps it.
  listeners: Listener[] = [];

  buildProtocol() {
    return new Listener(this.listeners);
  }
}

const board = new BoardFactory();
let seconds = 0;

function tick() {
  page.show(`up ${seconds} s, ${board.listeners.length} listening`);
  seconds += 1;
}

// A press of the page's button: runs in the reactor, between its other events.
function send(text: string) {
  for (const listener of board.listeners) listener.sendLine(text);
  console.log(`sent ${text} to ${board.listeners.length} listening`);
}

page.onClick(send);
new task.LoopingCall(tick).start(1.0);
reactor.listenTCP(1079, board);
reactor.run();
