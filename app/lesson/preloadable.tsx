"use client";
/**
 * A component loaded on first use, as with next/dynamic, that can also be
 * loaded ahead of time. Once its module is in, it renders in the very commit
 * that shows it, instead of its fallback first and itself in a later commit.
 *
 * The debugger's views load this way while the learner reads: the first Step,
 * which opens the callback chain, measured 75 ms when it had to wait for the
 * chunk and render the view twice (a step should take under 16 ms).
 */
import { lazy, Suspense, type ComponentType, type ReactNode } from "react";

export interface Preloadable<P> {
  (props: P): ReactNode;
  /** Starts loading the module (once); a failed load may be tried again. */
  preload(): void;
}

export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, fallback: ReactNode = null): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const start = () => {
    loading ??= load().then((module) => {
      loaded = module.default;
      return module;
    });
    loading.catch(() => (loading = null));
    return loading;
  };
  const Lazy = lazy(start) as unknown as ComponentType<P>;
  function View(props: P): ReactNode {
    const Component = loaded;
    if (Component) return <Component {...props} />;
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return Object.assign(View, { preload: () => void start().catch(() => undefined) });
}

/** Calls `work` when the browser is idle (or soon, where it cannot say); returns a cancel function. */
export function whenIdle(work: () => void, timeoutMs = 2000): () => void {
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(work, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 300);
  return () => clearTimeout(id);
}
