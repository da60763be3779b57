import type { ParseArgsConfig } from 'node:util';

/** Options in node:util parseArgs form, each with the help text `--help` prints. */
export type CommandOptions = Record<
  string,
  NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string }
>;

/**
 * One `bidwatch` subcommand. A command parses nothing itself: `cli/main.ts` parses its
 * options (and prints `--help` from them), then calls `run` with the values.
 */
export interface Command {
  name: string;
  summary: string;
  /** Usage line after `bidwatch <name>`, e.g. `[--input DIR] [--db FILE]`. */
  usage: string;
  /** Extra help text printed after the options (examples, notes). */
  details?: string;
  options: CommandOptions;
  allowPositionals?: boolean;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number | void>;
}
