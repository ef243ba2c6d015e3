// Tests for a finger protocol, with no network: the protocol talks to a StringTransport.
import { address, protocol, testing } from "twisted/internet";
import { basic } from "twisted/protocols";
import { unittest } from "twisted/trial";

// The code under test.
class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    this.sendLine(this.factory.users.get(user) ?? "No such user");
    this.transport!.loseConnection();
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
  constructor(readonly users: Map<string, string>) {
    super();
  }
}

// The tests.
export class FingerProtocolTests extends unittest.TestCase {
  transport!: testing.StringTransport;
  proto!: FingerProtocol;

  setUp() {
    const factory = new FingerFactory(new Map([["moshez", "Happy and well"]]));
    this.proto = factory.buildProtocol(new address.IPv4Address("TCP", "127.0.0.1", 12345)) as FingerProtocol;
    this.transport = new testing.StringTransport();
    this.proto.makeConnection(this.transport);
  }

  test_known_user() {
    this.proto.dataReceived("moshez\r\n");
    this.assertEqual(this.transport.value(), "Happy and well\r\n");
  }

  // Test an unknown user, and that the connection is closed after the answer.
}
