"use client";
import Link from "next/link";
import { useEffect } from "react";

/**
 * The page at a step's old URL: it sends the learner on to where the step
 * lives now. The export is static, so this is a client-side redirect (with a
 * link for anyone whose script is off).
 */
export default function MovedStep({ href, title }: { readonly href: string; readonly title: string }) {
  useEffect(() => window.location.replace(href), [href]);
  return (
    <main className="home">
      <h1>This step has moved</h1>
      <p>
        “{title}” now lives at <Link href={href}>{href}</Link>. Your saved code and progress moved with it.
      </p>
    </main>
  );
}
