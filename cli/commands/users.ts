import { existsSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';
import { DeskStore } from '../../desk/DeskStore.ts';
import { DeskError } from '../../desk/DeskError.ts';
import { deskRoles } from '../../desk/deskRoles.ts';
import { DeskReviewLog } from '../../leads/DeskReviewLog.ts';

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage review-desk accounts: add NAME --role admin|reviewer|analyst (password on stdin), list, unlock NAME.',
  usage: 'add NAME --role ROLE | list | unlock NAME [--db FILE]',
  allowPositionals: true,
  options: {
    role: { type: 'string', valueName: 'role', description: `${deskRoles.join(' | ')}` },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'the database the desk serves (accounts live in <db>.desk.sqlite)' },
  },
  details: `The password is read from stdin (first line), never from the command line, and stored as an
scrypt hash (N = 2^17, r = 8, p = 1: 128 MiB per hash).
Examples:
  printf '%s\\n' "$PASSWORD" | bidwatch users add wang --role reviewer
  bidwatch users list
  bidwatch users unlock wang`,
  async run(values, positionals) {
    const [action, name, ...extra] = positionals;
    if (extra.length > 0) throw new CliError(`unexpected: ${extra.join(' ')}`);
    const db = String(values.db);
    if (!existsSync(db)) throw new CliError(`database not found: ${db} (run \`bidwatch scan\` first)`);
    const store = DeskStore.open(DeskReviewLog.pathFor(db));
    const operator = `cli:${process.env.USER ?? 'unknown'}`;
    try {
      if (action === 'list') {
        for (const user of store.users()) console.log(`${user.name}\t${user.role}${user.locked_until && Date.parse(user.locked_until) > Date.now() ? `\tlocked until ${user.locked_until}` : ''}`);
        return;
      }
      if (!name) throw new CliError('which user? e.g. `bidwatch users add wang --role reviewer`');
      if (action === 'unlock') {
        store.unlock(name, operator);
        console.log(`${name}: unlocked`);
        return;
      }
      if (action !== 'add') throw new CliError(`unknown action "${action ?? ''}": add, list or unlock`);
      if (!values.role) throw new CliError(`--role is required: ${deskRoles.join(' | ')}`);
      if (process.stdin.isTTY) process.stderr.write(`password for ${name} (input is shown; pipe it in to hide it): `);
      const password = (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
      const user = await store.addUser(name, String(values.role), password, operator);
      console.log(`${user.name}: added as ${user.role}`);
    } catch (error) {
      if (error instanceof DeskError) throw new CliError(error.message);
      throw error;
    } finally {
      store.close();
    }
  },
};
