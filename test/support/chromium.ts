import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';
import { aptInstall } from './aptInstall.ts';

/** Debian's browser, and a CJK font so the screenshots of the Chinese report show text, not boxes. */
export const CHROMIUM_PACKAGES = ['chromium', 'fonts-wqy-microhei'] as const;
export const CHROMIUM_INSTALL_COMMAND = `sudo apt-get install -y ${CHROMIUM_PACKAGES.join(' ')}`;

/** Names Chromium goes by on PATH (Debian, Ubuntu's snap wrapper, Google's build). */
const COMMAND_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export interface ChromiumSearch {
  /** Where CHROMIUM and PATH are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The browser playwright downloads itself (`npx playwright install chromium`), if any. Default: playwright-core's path. */
  playwrightExecutable?: () => string | null;
  /** May the setup install packages? Default: running as root with apt-get on PATH. */
  canInstall?: boolean;
  /** Installs the packages (default: apt-get update + apt-get install). */
  install?: (packages: readonly string[]) => void;
  /** Where the setup says what it does (default stderr). */
  log?: (line: string) => void;
}

let found: Promise<string> | null = null;

/**
 * The Chromium executable for the browser tests, found or installed, so `npm test` passes on a
 * fresh machine by itself: `CHROMIUM` (a path), then `chromium`/`google-chrome` on PATH, then the
 * browser playwright downloaded; failing those, as root on Debian, it installs Debian's package
 * (saying so on stderr). Otherwise it throws an error whose message is the one command to run.
 * Called lazily from the browser tests' `beforeAll`, so runs without them do not pay for it;
 * the answer is kept for the rest of the worker.
 *
 * @example
 * const browser = await chromium.launch({ executablePath: await findOrInstallChromium() });
 */
export function findOrInstallChromium(search: ChromiumSearch = {}): Promise<string> {
  if (Object.keys(search).length > 0) return locate(search);
  found ??= locate(search).catch((error: unknown) => {
    found = null;
    throw error;
  });
  return found;
}

async function locate(search: ChromiumSearch): Promise<string> {
  const env = search.env ?? process.env;
  const log = search.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fromEnv = env.CHROMIUM;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM=${fromEnv} is not an executable file: point it at a Chromium or Chrome binary, or unset it`);
  }
  const existing = onPath(env.PATH ?? '') ?? playwrightBrowser(search);
  if (existing) return existing;

  const canInstall = search.canInstall ?? (process.getuid?.() === 0 && onPath(env.PATH ?? '', ['apt-get']) !== null);
  if (!canInstall) {
    throw new Error(
      `The browser tests need Chromium, and none was found (CHROMIUM unset; no ${COMMAND_NAMES.join('/')} on PATH; no playwright browser). ` +
        `Install it with: ${CHROMIUM_INSTALL_COMMAND}   (or set CHROMIUM=/path/to/chrome)`,
    );
  }
  log(`[test setup] Chromium not found: installing Debian's ${CHROMIUM_PACKAGES.join(' ')} (apt-get, as root) for the browser tests …`);
  (search.install ?? aptInstall)(CHROMIUM_PACKAGES);
  const installed = onPath(env.PATH ?? '');
  if (!installed) throw new Error(`installed ${CHROMIUM_PACKAGES.join(' ')}, yet no ${COMMAND_NAMES.join('/')} on PATH: check the apt output above`);
  log(`[test setup] installed: ${installed}`);
  return installed;
}

export function onPath(path: string, names: readonly string[] = COMMAND_NAMES): string | null {
  for (const name of names) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function playwrightBrowser(search: ChromiumSearch): string | null {
  try {
    const path = search.playwrightExecutable ? search.playwrightExecutable() : chromium.executablePath();
    return path && isExecutable(path) ? path : null;
  } catch {
    return null;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return existsSync(path);
  } catch {
    return false;
  }
}
