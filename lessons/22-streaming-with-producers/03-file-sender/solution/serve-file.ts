// Send a file to every client with basic.FileSender, then hang up.
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { filepath } from "twisted/python";

class ServeFile extends protocol.Protocol<ServeFileFactory> {
  connectionMade() {
    const file = new filepath.FilePath(this.factory.path).open();
    const sending = new basic.FileSender().beginFileTransfer(file, this.transport!);
    sending.addCallback((lastByte) => {
      console.log(lastByte === "\n" ? "Sent the whole file, ending in a newline" : "Sent the whole file");
      this.transport!.loseConnection();
    });
    sending.addErrback((reason) => console.log(`The transfer stopped: ${reason.getErrorMessage()}`));
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
