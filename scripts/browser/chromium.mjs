// Headless Debian Chromium for the browser checks, driven by playwright-core. The flags keep it
// off the network (this machine's is closed: background services would only fail) and out of the
// user's profile. $CHROMIUM names another binary.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`error: no Chromium at ${executablePath}; run scripts/browser.sh or set CHROMIUM`);
    process.exit(2);
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
