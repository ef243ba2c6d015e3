import { describe, expect, it } from "vitest";
import { continueTarget } from "./ContinueButton";

const steps = ["a", "b", "c", "d"].map((id) => ({ id, href: `/lessons/x/${id}/`, title: id.toUpperCase() }));

describe("continueTarget", () => {
  it("has nowhere to continue for a learner with no progress", () => {
    expect(continueTarget(steps, null, () => false, () => false)).toBeNull();
  });

  it("continues on the page the learner was last on, when they have not passed it", () => {
    expect(continueTarget(steps, { href: "/lessons/x/c/" }, (id) => id === "a", () => true)?.id).toBe("c");
  });

  it("moves past the last page once it is passed, to the next step not passed", () => {
    const passed = new Set(["a", "b", "c", "d"].slice(0, 3));
    expect(continueTarget(steps, { href: "/lessons/x/b/" }, (id) => passed.has(id), () => true)?.id).toBe("d");
  });

  it("falls back to the first unpassed step when the last page is unknown", () => {
    expect(continueTarget(steps, null, (id) => id === "a", (id) => id === "a")?.id).toBe("b");
  });
});
