// One short conversation, printed next to the socket calls Twisted makes for you.
import { protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

function show(socketCall: string, twisted: string) {
  console.log(`${socketCall.padEnd(40)}| ${twisted}`);
}

class ServerProtocol extends basic.LineReceiver {
  connectionMade() {
    show("server: accept()", "buildProtocol(), connectionMade()");
    this.sendLine("Whose status?");
    show('server: send("Whose status?\\r\\n")', 'sendLine("Whose status?")');
  }

  lineReceived(user: string) {
    show(`server: recv() -> "${user}\\r\\n"`, `lineReceived("${user}")`);
    this.sendLine("Happy and well");
    show('server: send("Happy and well\\r\\n")', 'sendLine("Happy and well")');
    this.transport!.loseConnection();
    show("server: close()", "transport.loseConnection()");
  }
}

class ClientProtocol extends basic.LineReceiver {
  lineReceived(line: string) {
    show(`client: recv() -> "${line}\\r\\n"`, `lineReceived("${line}")`);
    if (line === "Whose status?") {
      this.sendLine("alice");
      show('client: send("alice\\r\\n")', 'sendLine("alice")');
    }
  }

  connectionLost() {
    show('client: recv() -> "" (the peer closed)', "connectionLost(reason)");
    reactor.stop();
  }
}

const serverFactory = protocol.ServerFactory.forProtocol(ServerProtocol);
const clientFactory = protocol.ClientFactory.forProtocol(ClientProtocol);
serverFactory.noisy = false;
clientFactory.noisy = false;

show("the socket call", "what you write with Twisted");
reactor.listenTCP(1079, serverFactory);
show("server: socket(), bind(1079), listen()", "reactor.listenTCP(1079, factory)");
reactor.connectTCP("localhost", 1079, clientFactory);
show("client: socket(), connect()", 'reactor.connectTCP("localhost", 1079, factory)');
reactor.run();
