import type { Command } from './Command.ts';

/**
 * Every `bidwatch` subcommand, in the order `bidwatch --help` lists them, each loaded only when
 * it runs: a command's module pulls in its whole stage (the loader, the rules, the desk …), and an
 * analyst's `bidwatch sql` should not pay for the scan's. The name here must equal the command's
 * own `name` (test/cli.commandRegistry.test.ts).
 */
export const commandLoaders: ReadonlyArray<readonly [name: string, load: () => Promise<Command>]> = [
  ['scan', async () => (await import('./commands/scan.ts')).scanCommand],
  ['load', async () => (await import('./commands/load.ts')).loadCommand],
  ['ingest', async () => (await import('./commands/ingest.ts')).ingestCommand],
  ['generate', async () => (await import('./commands/generate.ts')).generateCommand],
  ['eval', async () => (await import('./commands/evaluate.ts')).evaluateCommand],
  ['publish', async () => (await import('./commands/publish.ts')).publishCommand],
  ['review', async () => (await import('./commands/review.ts')).reviewCommand],
  ['report', async () => (await import('./commands/report.ts')).reportCommand],
  ['sql', async () => (await import('./commands/sql.ts')).sqlCommand],
  ['schema', async () => (await import('./commands/schema.ts')).schemaCommand],
  ['export', async () => (await import('./commands/export.ts')).exportCommand],
  ['rules', async () => (await import('./commands/rules.ts')).rulesCommand],
  ['screens', async () => (await import('./commands/screens.ts')).screensCommand],
  ['serve', async () => (await import('./commands/serve.ts')).serveCommand],
  ['users', async () => (await import('./commands/users.ts')).usersCommand],
  ['indicators', async () => (await import('./commands/indicators.ts')).indicatorsCommand],
];

/** The command called `name`, loaded; undefined for an unknown name. */
export async function findCommand(name: string): Promise<Command | undefined> {
  const entry = commandLoaders.find(([candidate]) => candidate === name);
  return entry ? entry[1]() : undefined;
}

/** Every command, loaded (for the overall `--help`, which lists their summaries). */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(commandLoaders.map(([, load]) => load()));
}
