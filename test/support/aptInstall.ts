import { execFileSync } from 'node:child_process';

/**
 * Installs Debian packages with apt-get (the test setup does this only as root, and says so
 * first). Waits for dpkg's lock, since another test worker may be installing at the same time.
 *
 * @example
 * aptInstall(['chromium', 'fonts-wqy-microhei']);
 */
export function aptInstall(packages: readonly string[]): void {
  const run = (args: string[]) => {
    try {
      execFileSync('apt-get', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`apt-get ${args.join(' ')} failed:\n${stderr?.toString() ?? ''}${stdout?.toString().slice(-2000) ?? ''}`);
    }
  };
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  run([...wait, 'update', '-qq']);
  run([...wait, 'install', '-y', '-qq', ...packages]);
}
