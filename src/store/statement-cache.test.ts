import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

describe('withStatementCache', () => {
  it('prepares a statement once per SQL text and still runs, reads and iterates', () => {
    const database = new SqliteDatabase(':memory:');
    let prepared = 0;
    const original = database.prepare.bind(database);
    database.prepare = ((sql: string) => {
      prepared++;
      return original(sql);
    }) as typeof database.prepare;
    const cached = withStatementCache(database);
    cached.prepare('create table t (x integer)').run([]);
    for (let index = 0; index < 5; index++) cached.prepare('insert into t (x) values (?)').run([index]);
    expect(cached.prepare('select x from t order by x').all([])).toEqual([0, 1, 2, 3, 4].map((x) => ({ x })));
    const first = cached.prepare('select x from t order by x').iterate([]);
    const second = cached.prepare('select x from t order by x').iterate([]);
    expect([first.next().value, second.next().value]).toEqual([{ x: 0 }, { x: 0 }]);
    first.return?.();
    second.return?.();
    expect(prepared).toBe(3 + 2);
  });
});
