// One echo protocol, served on a TCP port and on a Unix domain socket.
import { endpoints, error, protocol, reactor } from "twisted/internet";
import type { Failure } from "twisted/python/failure";

class Echo extends protocol.Protocol {
  dataReceived(data: string) {
    this.transport!.write(data);
  }
}

const factory = protocol.Factory.forProtocol(Echo);

function cannotListen(failure: Failure) {
  const reason = failure.value as error.CannotListenError;
  console.log(`cannot listen: ${reason.socketError}`);
}

endpoints.serverFromString(reactor, "tcp:8000").listen(factory).addErrback(cannotListen);
// Serve the same factory on the Unix socket /tmp/echo.sock.
reactor.run();
