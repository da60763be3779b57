import { execFileSync } from 'node:child_process';

/**
 * The Chromium the browser tests drive: $CHROMIUM, else `chromium` on the PATH. (Placeholder
 * until the shared helper that can also install it lands; same name and signature.)
 */
export async function findOrInstallChromium(): Promise<string> {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no Chromium found: set CHROMIUM, or install it (as root: apt-get install -y chromium fonts-wqy-microhei)');
  }
}
