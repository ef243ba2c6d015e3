import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const XMLRPC_STEP = ["06-finger-stage-2", "07-announce-over-xml-rpc"];

test("the XML-RPC step: the learner runs the tutorial's client as a terminal command, and the solution passes every check", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-2/announce-over-xml-rpc/");
  await expect(page.getByRole("heading", { level: 1, name: "Announce over XML-RPC" })).toBeVisible();
  await replaceCode(page, lessonFile(...XMLRPC_STEP, "solution", "finger.tac.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("Site starting on 8000");

  await typeInTerminal(page, "xmlrpc http://localhost:8000/RPC2 getUser moshez");
  await expect(terminal).toContainText("happy and well");
  await typeInTerminal(page, "xmlrpc http://localhost:8000/RPC2 setUser moshez");
  await expect(terminal).toContainText("xmlrpc.client.Fault: <Fault 8001: 'procedure setUser not found'>");
  await typeInTerminal(page, "curl -i http://localhost:8000/RPC2");
  await expect(terminal).toContainText("Allow: POST");

  await page.getByRole("button", { name: "Check" }).click();
  const items = checkItems(page);
  await expect(items).toHaveCount(7);
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("7 of 7 passed");
});

test("stage 3's recap runs as it is: the front page lists the users from the host's /etc/users", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-3/recap/");
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("Site starting on 8000");
  await typeInTerminal(page, "curl http://localhost:8000/");
  await expect(terminal).toContainText('<ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li></ul>');
  await typeInTerminal(page, "xmlrpc http://localhost:8000/RPC2 getUsers");
  await expect(terminal).toContainText("['moshez', 'shawn']");
});
