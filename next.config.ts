import type { NextConfig } from "next";

// A static export: the whole course is HTML, JS and CSS that any static host
// can serve. Learner code runs in the browser, so no server is needed.
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  reactStrictMode: true,
  images: { unoptimized: true },
  devIndicators: false,
};

export default config;
