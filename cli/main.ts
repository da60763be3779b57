#!/usr/bin/env node
/**
 * `bidwatch` entry point: finds the subcommand, parses its options, prints `--help`.
 * Subcommands live in cli/commands/, one file each, listed in cli/commandRegistry.ts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findCommand, loadAllCommands } from './commandRegistry.ts';
import type { Command } from './Command.ts';
import { CliError } from './CliError.ts';
import { InputError } from '../ingest/InputError.ts';

/** The version in package.json, found from this file, so it is right from any working directory. */
export function bidwatchVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function commandHelp(command: Command): string {
  const lines = [`Usage: bidwatch ${command.name} ${command.usage}`, '', command.summary, '', 'Options:'];
  const entries = Object.entries(command.options);
  entries.push(['help', { type: 'boolean', short: 'h', description: 'show this help' }]);
  for (const [name, option] of entries) {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ` <${option.valueName ?? name}>` : ''}`;
    const fallback = option.default !== undefined && option.type === 'string' ? ` (default: ${String(option.default)})` : '';
    lines.push(`  ${flag.padEnd(34)} ${option.description}${fallback}`);
  }
  if (command.details) lines.push('', command.details.trim());
  return lines.join('\n');
}

async function mainHelp(): Promise<string> {
  const commands = await loadAllCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: bidwatch <command> [options]',
    '',
    'Finds bid-rigging and tender anomalies in procurement records and turns them into case leads (问题线索).',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `bidwatch <command> --help` for the options of one command; `bidwatch --version` prints the version.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await mainHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(`bidwatch ${bidwatchVersion()}`);
    return 0;
  }
  const command = await findCommand(name);
  if (!command) {
    console.error(`bidwatch: unknown command "${name}"\n\n${await mainHelp()}`);
    return 2;
  }
  try {
    const options = Object.fromEntries(
      Object.entries(command.options).map(([key, { description: _d, valueName: _v, ...option }]) => [key, option]),
    );
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (values.help) {
      console.log(commandHelp(command));
      return 0;
    }
    const code = await command.run(values, positionals);
    return code ?? 0;
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`bidwatch ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof CliError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`bidwatch ${name}: ${error.message}\nRun \`bidwatch ${name} --help\` for usage.`);
      return error instanceof CliError ? error.exitCode : 2;
    }
    throw error;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry || process.env.BIDWATCH_CLI === '1') {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : error);
      process.exitCode = 1;
    },
  );
}
