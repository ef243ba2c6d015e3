import Link from "next/link";

/** The bar at the top of every page. */
export default function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden="true">☞</span>
        Evolution of Finger
      </Link>
      {children}
      <nav aria-label="Site" className="site-nav">
        <Link href="/glossary/">Glossary</Link>
        <Link href="/instructor/">Instructors</Link>
      </nav>
    </header>
  );
}
