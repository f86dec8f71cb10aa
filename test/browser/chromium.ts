import { type Browser, chromium } from 'playwright-core';

/** What Chromium is told at launch: no sandbox (CI containers run as root), nothing that reaches the internet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the machine's Chromium (Debian's `chromium`; the driver's own download is not used), headless. Each
 * launch gets a fresh, temporary profile (`--user-data-dir`), removed when the browser closes.
 */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? 'chromium';
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
