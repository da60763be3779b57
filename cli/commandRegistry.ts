import type { Command } from './Command.ts';
import { scanCommand } from './commands/scan.ts';
import { loadCommand } from './commands/load.ts';
import { generateCommand } from './commands/generate.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { publishCommand } from './commands/publish.ts';
import { reviewCommand } from './commands/review.ts';
import { reportCommand } from './commands/report.ts';

/** Every `bidwatch` subcommand, in the order `bidwatch --help` lists them. */
export const commands: Command[] = [scanCommand, loadCommand, generateCommand, evaluateCommand, publishCommand, reviewCommand, reportCommand];
