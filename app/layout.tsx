import type { Metadata, Viewport } from "next";
import "highlight.js/styles/github-dark.css";
import "./globals.css";
import LessonReloader from "./LessonReloader";
import StorageNotice from "./progress/StorageNotice";

export const metadata: Metadata = {
  title: { default: "Evolution of Finger", template: "%s · Evolution of Finger" },
  description: "Learn event loops, Deferreds and protocols by building Twisted's finger service, step by step, in your browser.",
};

export const viewport: Viewport = { themeColor: "#0d1017", colorScheme: "dark" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <StorageNotice />
        {children}
        {process.env.NODE_ENV === "development" && <LessonReloader />}
      </body>
    </html>
  );
}
