import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import type { Database } from '../../db/Database.ts';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the schema reference (every table, view and column with its meaning), as in docs/schema.md.',
  usage: '[--output FILE] [--check FILE] [--db FILE]',
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'write it to FILE instead of stdout (e.g. docs/schema.md)' },
    check: { type: 'string', valueName: 'file', description: 'exit 1 when FILE differs from the reference (CI: docs/schema.md is stale)' },
    db: { type: 'string', valueName: 'file', description: 'document this database (read-only) instead of a freshly built empty one' },
  },
  details: `Without --db the reference is built from an empty in-memory database with every model and
result table, so it does not depend on local data. After changing a model header, a column, or
results/resultColumns.ts: npx bidwatch schema --output docs/schema.md`,
  async run(values) {
    // Loaded on use, so listing or starting other commands does not pay for them.
    const [{ schemaReference }, { openFreshSchema }, { relationDocs }, { openReadOnly }, { SqlError }] = await Promise.all([
      import('../../results/schemaReference/schemaReference.ts'),
      import('../../results/schemaReference/openFreshSchema.ts'),
      import('../../results/schemaReference/relationDocs.ts'),
      import('../sql/openReadOnly.ts'),
      import('../sql/SqlError.ts'),
    ]);
    let db: Database;
    try {
      db = values.db ? await openReadOnly(String(values.db)) : await openFreshSchema();
    } catch (error) {
      if (error instanceof SqlError) throw new CliError(error.message, 1);
      throw error;
    }
    try {
      const { markdown, stale } = await schemaReference(db, relationDocs());
      if (stale.length > 0) console.error(`warning: documented columns not in the database: ${stale.join(', ')}`);
      if (values.check) {
        const path = String(values.check);
        const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
        if (current !== markdown) throw new CliError(`${path} is out of date: run npx bidwatch schema --output ${path}`, 1);
        console.error(`${path} is up to date`);
        return;
      }
      if (values.output) {
        const path = String(values.output);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, markdown);
        console.error(`wrote ${path}`);
      } else {
        process.stdout.write(markdown);
      }
    } finally {
      db.close();
    }
  },
};
