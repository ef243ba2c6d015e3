"use client";
/** Development only: re-renders the page when a lesson file changes on disk. */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const POLL_MS = 1500;

export default function LessonReloader() {
  const router = useRouter();
  useEffect(() => {
    let known: number | null = null;
    let stopped = false;
    const poll = async () => {
      try {
        const { version } = (await (await fetch("/lessons-version/", { cache: "no-store" })).json()) as { version: number };
        if (known !== null && version !== known) router.refresh();
        known = version;
      } catch {
        // The dev server is restarting: try again on the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [router]);
  return null;
}
