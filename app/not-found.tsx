import Link from "next/link";
import SiteHeader from "./SiteHeader";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main className="home">
        <h1>Nothing listens on this port</h1>
        <p>The page you asked for does not exist. <Link href="/">Back to the lessons</Link>.</p>
      </main>
    </>
  );
}
