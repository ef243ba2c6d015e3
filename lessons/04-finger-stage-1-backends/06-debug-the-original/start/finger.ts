// Twisted's shipped finger08.py, ported with Python 3's types kept: statuses are bytes.
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { failure } from "twisted/python";

type bytes = Uint8Array;

// Python's b"...": the text encoded as UTF-8 bytes.
function b(text: string): bytes {
  return new TextEncoder().encode(text);
}

// Python's left + right for str and bytes: it refuses to mix them, with Python's message.
function concat(left: string | bytes, right: string | bytes): string | bytes {
  if (typeof left === "string" && typeof right === "string") return left + right;
  if (typeof left === "string") throw new TypeError('can only concatenate str (not "bytes") to str');
  if (typeof right === "string") throw new TypeError("can't concat str to bytes");
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left);
  joined.set(right, left.length);
  return joined;
}

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);

    const onError = (err: failure.Failure) => "Internal error in server";
    d.addErrback(onError);

    const writeResponse = (message: bytes) => {
      this.transport!.write(concat(message, b("\r\n")));
      this.transport!.loseConnection();
    };
    d.addCallback(writeResponse);
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private users: Record<string, bytes>) {
    super();
  }

  getUser(user: string): defer.Deferred<bytes> {
    return defer.succeed(this.users[user] ?? b("No such user"));
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory({ moshez: b("Happy and well") }));
reactor.run();
