/**
 * Interactive widgets a lesson can place in its prose with a line
 * `::: widget NAME`. The names are fixed in lessons/schema.ts (WIDGETS),
 * so a lesson naming an unknown widget fails validation.
 */
import type { ComponentType } from "react";
import type { WidgetName } from "../../lessons/schema";
import ConcurrencyTimeline from "./ConcurrencyTimeline";

export const widgets: Record<WidgetName, ComponentType> = {
  "concurrency-timeline": ConcurrencyTimeline,
};
