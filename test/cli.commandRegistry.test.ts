import { describe, expect, it } from 'vitest';
import { commandLoaders, findCommand } from '../cli/commandRegistry.ts';

describe('the command registry', () => {
  it('names each command as the command names itself, once', async () => {
    const names = commandLoaders.map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
    for (const [name, load] of commandLoaders) expect((await load()).name).toBe(name);
  });

  it('finds a command by name and nothing for an unknown one', async () => {
    expect((await findCommand('sql'))?.name).toBe('sql');
    expect(await findCommand('scna')).toBeUndefined();
  });
});
