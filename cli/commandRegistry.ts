import type { Command } from './Command.ts';

/** Every `bidwatch` subcommand, in the order `bidwatch --help` lists them. */
export const commands: Command[] = [];
