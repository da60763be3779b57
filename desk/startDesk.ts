import { serve, type ServerType } from '@hono/node-server';
import { DeskReviewLog } from '../leads/DeskReviewLog.ts';
import { createDeskApp } from './createDeskApp.ts';
import { DeskStore, type DeskSettings } from './DeskStore.ts';
import { LeadSnapshot } from './LeadSnapshot.ts';

export interface StartDeskOptions {
  /** The main database the scans write. */
  db: string;
  port: number;
  host: string;
  trustProxy?: boolean;
  settings?: Partial<DeskSettings>;
  /** How often to look for a finished scan. */
  pollMs?: number;
}

export interface RunningDesk {
  url: string;
  store: DeskStore;
  snapshot: LeadSnapshot;
  close(): Promise<void>;
}

/** Opens the desk's store beside `db`, reads the latest scan, starts the HTTP server. */
export async function startDesk(options: StartDeskOptions): Promise<RunningDesk> {
  const store = DeskStore.open(DeskReviewLog.pathFor(options.db), options.settings);
  const snapshot = new LeadSnapshot(options.db);
  await snapshot.refresh();
  snapshot.watch(options.pollMs ?? 2000);
  const app = createDeskApp({ store, snapshot, trustProxy: options.trustProxy });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(started));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    store,
    snapshot,
    close: () => new Promise<void>((resolve) => {
      snapshot.stop();
      server.close(() => {
        store.close();
        resolve();
      });
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}
