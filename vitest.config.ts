import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["engine/**/*.test.ts", "test/**/*.test.ts", "lessons/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // Every temporary file of the run lives in one folder removed at its end.
    globalSetup: ["scripts/scratch-tmpdir.ts"],
  },
});
