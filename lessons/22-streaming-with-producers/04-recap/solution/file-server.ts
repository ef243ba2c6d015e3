// A small file server: a client names a file in /srv, and gets it through FileSender.
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { filepath } from "twisted/python";

class FileServer extends basic.LineReceiver {
  lineReceived(name: string) {
    let file;
    try {
      file = new filepath.FilePath("/srv").child(name).open();
    } catch {
      // No such file, a directory, or a name like ../etc/passwd that leaves /srv.
      this.sendLine(`No such file: ${name}`);
      this.transport!.loseConnection();
      return;
    }
    const sending = new basic.FileSender().beginFileTransfer(file, this.transport!);
    sending.addCallback(() => {
      console.log(`Sent ${name}`);
      this.transport!.loseConnection();
    });
    sending.addErrback((reason) => console.log(`Stopped sending ${name}: ${reason.getErrorMessage()}`));
  }
}

const factory = new protocol.ServerFactory();
factory.protocol = FileServer;
new endpoints.TCP4ServerEndpoint(reactor, 8030).listen(factory);
reactor.run();
