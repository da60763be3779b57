import { existsSync } from 'node:fs';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';
import { startDesk } from '../../desk/startDesk.ts';
import { DeskReviewLog } from '../../leads/DeskReviewLog.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the review desk: the leads in a browser, behind a login, with reviews and an audit trail.',
  usage: '[--db FILE] [--port 8080] [--host 127.0.0.1] [--trust-proxy]',
  options: {
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'the database the scans write (read-only, between scans)' },
    port: { type: 'string', default: '8080', valueName: 'port', description: 'TCP port' },
    host: { type: 'string', default: '127.0.0.1', valueName: 'address', description: 'address to listen on (put a TLS proxy in front for anything but localhost)' },
    'trust-proxy': { type: 'boolean', description: 'trust X-Forwarded-Proto from the TLS proxy in front (cookies become Secure)' },
  },
  details: `Users, sessions, reviews and the audit log live in <db>.desk.sqlite beside the database, so
reviews are accepted while a scan writes the database; the next scan merges them into leads.
Add accounts first: bidwatch users add NAME --role reviewer (password on stdin).`,
  async run(values) {
    const db = String(values.db);
    if (!existsSync(db)) throw new CliError(`database not found: ${db} (run \`bidwatch scan\` first)`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port ${String(values.port)}: give a port number`);
    const desk = await startDesk({ db, port, host: String(values.host), trustProxy: Boolean(values['trust-proxy']) });
    if (desk.store.users().length === 0) console.log(`no accounts yet: add one with \`bidwatch users add NAME --role admin --db ${db}\``);
    console.log(`review desk: ${desk.url}  (store: ${DeskReviewLog.pathFor(db)}; leads: ${desk.snapshot.state}${desk.snapshot.report ? `, scan ${desk.snapshot.report.run.run_id}` : ''})`);
    await new Promise<void>((resolve) => {
      const stop = () => void desk.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
