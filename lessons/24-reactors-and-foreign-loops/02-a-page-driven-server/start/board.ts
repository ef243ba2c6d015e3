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

// TODO: tick() shows "up N s, M listening" on the page, then counts one more second.
function tick() {}

// TODO: send(text) sends text as a line to every listener and prints "sent TEXT to M listening".
function send(text: string) {}

// TODO: call send for every press of the page's button, and tick every second (starting now).
reactor.listenTCP(1079, board);
reactor.run();
