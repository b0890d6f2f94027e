import net from 'node:net';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../scripts/embedded-postgres.js';

// Tests run against real PostgreSQL and Redis: DATABASE_URL / REDIS_URL when set, else
// the local servers on their standard ports; without a reachable PostgreSQL (and outside
// CI) an embedded one is started for the run.
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

let embedded: EmbeddedPostgresHandle | undefined;

export async function setup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    if (process.env.DATABASE_URL) {
      process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    } else if (await reachable('127.0.0.1', 5432)) {
      process.env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
    } else if (process.env.CI) {
      throw new Error('CI: PostgreSQL is not reachable on 127.0.0.1:5432 and DATABASE_URL is unset');
    } else {
      embedded = await startEmbeddedPostgres({ dataDir: '.data/test-pg', port: 54329 });
      process.env.TEST_DATABASE_URL = embedded.adminUrl;
    }
  }
  if (!process.env.TEST_REDIS_URL) {
    if (process.env.REDIS_URL) process.env.TEST_REDIS_URL = process.env.REDIS_URL;
    else if (await reachable('127.0.0.1', 6379)) process.env.TEST_REDIS_URL = 'redis://127.0.0.1:6379';
    else throw new Error('Redis is not reachable on 127.0.0.1:6379 and REDIS_URL is unset (tests need a real Redis)');
  }
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
