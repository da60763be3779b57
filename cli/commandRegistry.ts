import type { Command } from './Command.ts';
import { scanCommand } from './commands/scan.ts';
import { loadCommand } from './commands/load.ts';
import { generateCommand } from './commands/generate.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { publishCommand } from './commands/publish.ts';
import { reviewCommand } from './commands/review.ts';
import { reportCommand } from './commands/report.ts';
import { ingestCommand } from './commands/ingest.ts';
import { sqlCommand } from './commands/sql.ts';
import { schemaCommand } from './commands/schema.ts';
import { exportCommand } from './commands/export.ts';
import { rulesCommand } from './commands/rules.ts';
import { screensCommand } from './commands/screens.ts';
import { serveCommand } from './commands/serve.ts';
import { usersCommand } from './commands/users.ts';
import { indicatorsCommand } from './commands/indicators.ts';

/** Every `bidwatch` subcommand, in the order `bidwatch --help` lists them. */
export const commands: Command[] = [scanCommand, loadCommand, ingestCommand, generateCommand, evaluateCommand, publishCommand, reviewCommand, reportCommand, sqlCommand, schemaCommand, exportCommand, rulesCommand, screensCommand, serveCommand, usersCommand, indicatorsCommand];
