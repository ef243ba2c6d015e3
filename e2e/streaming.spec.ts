import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode } from "./helpers";

/** A push producer writing 16 KiB chunks, and in the same program a client that reads nothing for its first second. */
const SLOW_READER = `import { interfaces, protocol, reactor } from "twisted/internet";
class Chunks implements interfaces.IPushProducer {
  sent = 0;
  paused = false;
  constructor(readonly transport: interfaces.ITransport) {}
  produce() {
    while (!this.paused && this.sent < 8) { this.transport.write("x".repeat(16384)); this.sent += 1; }
    if (this.sent === 8 && !this.paused) { this.transport.unregisterProducer(); this.transport.loseConnection(); }
  }
  pauseProducing() { this.paused = true; }
  resumeProducing() { this.paused = false; this.produce(); }
  stopProducing() { this.paused = true; }
}
class Sender extends protocol.Protocol {
  connectionMade() { const chunks = new Chunks(this.transport!); this.transport!.registerProducer(chunks, true); chunks.produce(); }
}
class SlowReader extends protocol.Protocol {
  connectionMade() {
    this.transport!.pauseProducing();
    reactor.callLater(1, () => this.transport!.resumeProducing());
  }
}
const factory = new protocol.ServerFactory();
factory.protocol = Sender;
reactor.listenTCP(8030, factory);
const slow = new protocol.ClientFactory();
slow.protocol = SlowReader;
reactor.connectTCP("localhost", 8030, slow);
reactor.run();`;

function control(page: Page, name: string) {
  return page.getByRole("region", { name: "Debugger" }).getByRole("button", { name, exact: true });
}

async function openStep(page: Page, slug: string): Promise<void> {
  await page.goto(`/lessons/streaming-with-producers/${slug}/`);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
}

test("the reactor view shows a push producer paused while a slow client holds more than 64 KiB back", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openStep(page, "push-producer");
  await replaceCode(page, SLOW_READER);
  await control(page, "Restart").click();
  await page.getByRole("tab", { name: "Reactor", exact: true }).click();
  const connections = page.getByRole("region", { name: "Reactor", exact: true }).getByRole("table", { name: "Open connections" });
  const server = connections.getByRole("row").filter({ hasText: "127.0.0.1:8030 →" });
  const producer = connections.getByRole("row").filter({ hasText: /^Producer Chunks/ });
  // Step event by event until the server's end shows its producer, registered and already paused.
  await expect(async () => {
    await control(page, "Step").click();
    await expect(producer).toHaveText("Producer Chunks (push): paused, over 64 KiB waits to be sent", { timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await expect(server).toContainText("81920 B");
  await page.screenshot({ path: "test-results/streaming-reactor-view.png" });

  // Once the reader reads (at 1.0 s), the producer finishes, unregisters and the connection closes.
  await expect(async () => {
    await control(page, "Step").click();
    await expect(server).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 30_000 });
});

test("FileSender's step: the start fails every check, the solution passes them against a slow client", async ({ strictPage: page }) => {
  await openStep(page, "file-sender");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("0 of 3 passed", { timeout: 30_000 });
  await replaceCode(page, lessonFile("22-streaming-with-producers", "03-file-sender", "solution", "serve-file.ts"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("3 of 3 passed", { timeout: 30_000 });
  await expect(checkItems(page)).toHaveCount(3);
});
