import { createRequire } from 'node:module';
import type { CorpusCase } from '../../case';

// node:sqlite (SQLite compiled into Node >= 22.5): a native sqlite binding with nothing to build.
interface Statement { run(...values: unknown[]): unknown; get(...values: unknown[]): unknown }
interface Database { exec(sql: string): void; prepare(sql: string): Statement }
const load = createRequire(process.cwd() + '/');
let db: { insert: Statement; select: Statement; remove: Statement } | undefined;
function open() {
  const { DatabaseSync } = load('node:sqlite') as { DatabaseSync: new (path: string) => Database };
  const database = new DatabaseSync(':memory:');
  database.exec('CREATE TABLE calls (id INTEGER PRIMARY KEY, caller TEXT, ms INTEGER)');
  return {
    insert: database.prepare('INSERT INTO calls (id, caller, ms) VALUES (?, ?, ?)'),
    select: database.prepare('SELECT caller, ms FROM calls WHERE id = ?'),
    remove: database.prepare('DELETE FROM calls WHERE id = ?'),
  };
}
let id = 0;
export default {
  description: 'node:sqlite in-memory DB: prepared insert, select and delete of one row per call',
  kind: 'clean',
  unavailable: () => {
    try {
      load('node:sqlite');
      return undefined;
    } catch {
      return `node:sqlite is not available on Node ${process.versions.node}`;
    }
  },
  cycle: () => {
    db ??= open();
    const row = id++;
    db.insert.run(row, `+1 555 ${row}`, row % 1000);
    const got = db.select.get(row);
    db.remove.run(row);
    return got;
  },
} satisfies CorpusCase;
