import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode } from "./helpers";

const USE_DEFERREDS = "/lessons/finger-stage-1-backends/use-deferreds/";
const useDeferreds = () => lessonFile("04-finger-stage-1-backends", "01-use-deferreds", "solution", "finger.ts");

test("a reply that lacks only its line ending gets a likely fix about the line ending", async ({ strictPage: page }) => {
  await page.goto(USE_DEFERREDS);
  await replaceCode(page, useDeferreds().replace('this.transport!.write(message + "\\r\\n");', "this.transport!.write(message);"));
  await page.getByRole("button", { name: "Check" }).click();
  const failed = checkItems(page).filter({ hasText: "failed" }).first();
  await expect(failed).toContainText('Likely fix: The reply is right but has no line ending: write "\\r\\n" after');
  await expect(failed).not.toContainText("callback");
});

test("a Failure in a check's text keeps its class name in the production build", async ({ strictPage: page }) => {
  await page.goto(USE_DEFERREDS);
  await replaceCode(page, useDeferreds().replace('(err: failure.Failure) => "Internal error in server"', "(err: failure.Failure) => String(err)"));
  await page.getByRole("button", { name: "Check" }).click();
  const backend = checkItems(page).filter({ hasText: "When getUser's Deferred fails" });
  await expect(backend).toContainText("[Failure instance: RuntimeError: the user database is down]");
});

test("a check that saw the program raise says so, with the line", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/output-from-a-non-empty-factory/");
  const solution = lessonFile("02-finger-stage-1", "07-output-from-a-non-empty-factory", "solution", "finger.ts");
  await replaceCode(page, solution.replace('return this.users[user] ?? "No such user";', "return (this.users as any).get(user);"));
  await page.getByRole("button", { name: "Check" }).click();
  const first = checkItems(page).first();
  await expect(first).toContainText("instead, the client received nothing and the connection closed.");
  await expect(first).toContainText("Meanwhile the program logged an unhandled error: TypeError: this.users.get is not a function (finger.ts, line 20, in getUser).");
  await expect(first).toContainText("Likely fix: Fix the error on line 20 first");
  await expect(page.getByRole("region", { name: "Checks" })).not.toContainText("got received");
});
