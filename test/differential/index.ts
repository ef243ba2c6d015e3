/** Every TypeScript scenario; run_scenarios.py lists the Python twins. */
import { cancelScenarios } from "./cancel-scenarios";
import { chainScenarios } from "./chain-scenarios";
import { clockScenarios } from "./clock-scenarios";
import { componentsScenarios } from "./components-scenarios";
import { concurrencyScenarios } from "./concurrency-scenarios";
import { cooperatorScenarios } from "./cooperator-scenarios";
import type { Scenario } from "./harness";
import { inlineScenarios } from "./inline-scenarios";
import { listScenarios } from "./list-scenarios";

export const allScenarios: readonly Scenario[] = [
  ...chainScenarios,
  ...cancelScenarios,
  ...listScenarios,
  ...inlineScenarios,
  ...clockScenarios,
  ...cooperatorScenarios,
  ...concurrencyScenarios,
  ...componentsScenarios,
];
