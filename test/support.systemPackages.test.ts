import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_COMMAND, CHROMIUM_PACKAGES, findOrInstallChromium } from './support/chromium.ts';
import { JAVA_MAVEN_INSTALL_COMMAND, findOrInstallJavaAndMaven } from './support/javaAndMaven.ts';
import { withTempDir } from './support/withDatabase.ts';

function executable(path: string): string {
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

/** A machine with nothing on PATH but `dir`, and no playwright browser. */
const freshMachine = (dir: string) => ({ env: { PATH: dir }, playwrightExecutable: () => null });

describe('finding Chromium for the browser tests (a fresh machine)', () => {
  it('without Chromium and without root, fails with the one command to run', async () => {
    await withTempDir(async (dir) => {
      const failure = findOrInstallChromium({ ...freshMachine(dir), canInstall: false });
      await expect(failure).rejects.toThrow(CHROMIUM_INSTALL_COMMAND);
    });
  });

  it('as root, installs Debian\'s chromium, says so, and uses what it installed', async () => {
    await withTempDir(async (dir) => {
      const said: string[] = [];
      const installed: string[][] = [];
      const path = await findOrInstallChromium({
        ...freshMachine(dir),
        canInstall: true,
        install: (packages) => {
          installed.push([...packages]);
          executable(join(dir, 'chromium'));
        },
        log: (line) => said.push(line),
      });
      expect(path).toBe(join(dir, 'chromium'));
      expect(installed).toEqual([[...CHROMIUM_PACKAGES]]);
      expect(said.join('\n')).toContain('installing Debian\'s chromium fonts-wqy-microhei');
    });
  });

  it('prefers CHROMIUM, then PATH, then playwright\'s browser, and installs nothing when one is there', async () => {
    await withTempDir(async (dir) => {
      mkdirSync(join(dir, 'bin'));
      const own = executable(join(dir, 'my-chrome'));
      const onPath = executable(join(dir, 'bin', 'google-chrome'));
      const playwright = executable(join(dir, 'playwright-chrome'));
      const never = () => {
        throw new Error('must not install');
      };
      expect(await findOrInstallChromium({ env: { CHROMIUM: own, PATH: join(dir, 'bin') }, install: never, canInstall: true })).toBe(own);
      expect(await findOrInstallChromium({ env: { PATH: join(dir, 'bin') }, playwrightExecutable: () => playwright, install: never, canInstall: true })).toBe(onPath);
      expect(await findOrInstallChromium({ env: { PATH: join(dir, 'empty') }, playwrightExecutable: () => playwright, install: never, canInstall: true })).toBe(playwright);
      await expect(findOrInstallChromium({ env: { CHROMIUM: join(dir, 'missing'), PATH: '' }, install: never })).rejects.toThrow('is not an executable file');
    });
  });
});

describe('finding Java and Maven for the Kafka tests (a fresh machine)', () => {
  it('without them and without root, fails with the one command to run', async () => {
    await withTempDir(async (dir) => {
      expect(() => findOrInstallJavaAndMaven({ env: { PATH: dir }, canInstall: false })).toThrow(JAVA_MAVEN_INSTALL_COMMAND);
    });
  });

  it('as root, installs the missing ones and says so; with both there, installs nothing', async () => {
    await withTempDir(async (dir) => {
      executable(join(dir, 'java'));
      const said: string[] = [];
      findOrInstallJavaAndMaven({ env: { PATH: dir }, canInstall: true, install: () => void executable(join(dir, 'mvn')), log: (line) => said.push(line) });
      expect(said.join('\n')).toContain('mvn not found: installing Debian\'s default-jdk-headless maven');
      expect(() => findOrInstallJavaAndMaven({ env: { PATH: dir }, install: () => { throw new Error('must not install'); } })).not.toThrow();
    });
  });
});
