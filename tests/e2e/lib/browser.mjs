/**
 * Debian's chromium driven by playwright-core (no browser download): headless, a fresh
 * profile per launch, nothing that phones home.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A persistent context in a temp profile; `close()` also removes the profile. */
export async function launch({ width = 1400, height = 900, downloadsPath } = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'telemetry-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width, height },
    acceptDownloads: true,
    downloadsPath,
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
