"use client";
import { useEffect } from "react";
import { progressStore } from "./progress-store";

/** Remembers this page as the one to resume from. Renders nothing. */
export default function VisitRecorder({ href, title }: { readonly href: string; readonly title: string }) {
  useEffect(() => progressStore.setLast(href, title), [href, title]);
  return null;
}
