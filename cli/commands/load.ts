import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { ProgressBar } from '../ProgressBar.ts';
import { loadDirectory } from '../../ingest/loadDirectory.ts';
import { inspectInputDirectory } from '../../ingest/inspectInputDirectory.ts';
import { printLoadSummary } from '../printLoadSummary.ts';
import { loadOcdsInput } from '../../ingest/ocds/loadOcdsInput.ts';
import { printOcdsLoadSummary } from '../printOcdsLoadSummary.ts';
import { cliErrorFromOcdsInput } from '../cliErrorFromOcdsInput.ts';
import { openForWrite } from '../openForWrite.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';

export const loadCommand: Command = {
  name: 'load',
  summary: 'Load a directory of <type>.jsonl files into the database (no rules run).',
  usage: '--input DIR [--db FILE] | --format ocds FILE|DIR [--db FILE]',
  allowPositionals: true,
  options: {
    input: { type: 'string', short: 'i', valueName: 'dir', description: 'directory of <type>.jsonl files (required)' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'DuckDB database file (created if missing)' },
    format: { type: 'string', default: 'records', valueName: 'format', description: 'records (<type>.jsonl, the record contract) or ocds (OCDS JSON Lines / release or record packages: docs/ocds-mapping.md)' },
    'batch-size': { type: 'string', valueName: 'n', description: 'lines per batch and transaction (default 1,000,000 with the SQL loader, 50,000 with BIDWATCH_LOADER=js)' },
  },
  async run(values, positionals) {
    if (values.format === 'ocds') {
      const path = String(values.input ?? positionals[0] ?? '');
      if (!path) throw new CliError('load --format ocds needs a FILE or DIR');
      const db = await openForWrite(String(values.db));
      try {
        printOcdsLoadSummary(await loadOcdsInput(db, path).catch(cliErrorFromOcdsInput));
      } finally {
        db.close();
      }
      return;
    }
    if (values.format !== 'records') throw new CliError(`unknown --format ${String(values.format)}: records or ocds`);
    if (!values.input) throw new CliError('--input is required');
    const input = String(values.input);
    inspectInputDirectory(input);
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) throw new CliError('--batch-size must be a positive integer');
    const db = await openForWrite(String(values.db));
    try {
      const bar = new ProgressBar('load');
      const started = performance.now();
      const summary = await loadDirectory(db, input, { batchSize, onWarning: (line) => console.error(`bidwatch load: ${line}`), onProgress: (p) => bar.update(p.allBytesRead, p.allBytesTotal, `${p.type} ${p.linesRead.toLocaleString()} lines`) });
      bar.done(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      printLoadSummary(summary);
    } finally {
      db.close();
    }
  },
};
