import { expect, test } from "./fixtures";
import { checkItems, terminalRows, typeInTerminal } from "./helpers";

test("a learner makes a certificate the tutorial's way, runs stage 8, and fetches the same page over HTTPS with curl -k", async ({ strictPage: page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-8/recap/");
  const rows = terminalRows(page);
  // xterm wraps long lines and drops the space a line breaks at: compare without whitespace.
  const shows = (text: string) =>
    expect.poll(async () => ((await rows.textContent()) ?? "").replace(/\s+/g, ""), { timeout: 20_000 }).toContain(text.replace(/\s+/g, ""));

  // Without a certificate the program stops as it starts, saying which file is missing.
  await page.getByRole("button", { name: "Run" }).click();
  await shows("No such file or directory: '/cert.pem'");

  await typeInTerminal(page, "openssl req -x509 -newkey rsa:2048 -keyout key.pem -out cert.pem -days 365 -nodes -subj /CN=localhost");
  await typeInTerminal(page, "ls");
  await shows("cert.pem");
  await page.getByRole("button", { name: "Run" }).click();
  await shows("Site (TLS) starting on 443");

  await typeInTerminal(page, "curl -k https://localhost/moshez");
  await shows("<p>happy and well</p><p>(sent over TLS)</p>");
  await page.screenshot({ path: testInfo.outputPath("finger-stage-8-https.png") });
  await typeInTerminal(page, "curl http://localhost:8000/moshez");
  await shows("<p>(sent in the clear)</p>");
  await typeInTerminal(page, "curl https://localhost/moshez");
  await shows("curl: (60) SSL certificate problem: self-signed certificate");

  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("tab", { name: "Checks" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText(/(\d+) of \1 passed/);
  // "failed —" is a failing check's label; a passing one may quote "Failed to load application" in its detail.
  await expect(checkItems(page).filter({ hasText: "failed —" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("finger-stage-8-checks.png") });
});
