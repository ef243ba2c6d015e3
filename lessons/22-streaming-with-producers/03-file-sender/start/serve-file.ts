// Send a file to every client with basic.FileSender, then hang up.
import { endpoints, protocol, reactor } from "twisted/internet";
import { filepath } from "twisted/python";

class ServeFile extends protocol.Protocol<ServeFileFactory> {
  connectionMade() {
    // The whole file goes into the write buffer at once, however slowly the client reads.
    // TODO: send it with basic.FileSender instead, and close once the transfer is done.
    this.transport!.write(new filepath.FilePath(this.factory.path).getContent());
    console.log("Sent the whole file");
    this.transport!.loseConnection();
  }
}

class ServeFileFactory extends protocol.ServerFactory {
  protocol = ServeFile;
  constructor(readonly path: string) {
    super();
  }
}

new endpoints.TCP4ServerEndpoint(reactor, 8030).listen(new ServeFileFactory("/srv/fox.txt"));
reactor.run();
