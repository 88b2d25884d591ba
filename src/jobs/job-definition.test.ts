import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, payloadUpgrade, preparePayload, readPayload } from './job-definition.ts';

/** Version 1 had `name`; version 2 split it; version 3 added a greeting with a default. */
const greetV1 = z.object({ name: z.string().min(1) });
const greetV2 = z.object({ first: z.string().min(1), last: z.string() });
const greetJob = defineJob({
  type: 'test.greet',
  version: 3,
  schema: z.object({ first: z.string().min(1), last: z.string(), greeting: z.string().default('Hello') }),
  upgrades: [
    payloadUpgrade(1, greetV1, ({ name }) => {
      const [first = name, ...rest] = name.split(' ');
      return { first, last: rest.join(' ') };
    }),
    payloadUpgrade(2, greetV2, (payload) => ({ ...payload, greeting: 'Hi' })),
  ],
  handler: async (payload) => `${payload.greeting}, ${payload.first}`,
});

describe('job declarations', () => {
  it('prepares a payload with defaults, or refuses it with a typed error naming the field', () => {
    expect(preparePayload(greetJob, { first: 'Ada', last: 'Lovelace' })).toEqual({
      first: 'Ada',
      last: 'Lovelace',
      greeting: 'Hello',
    });
    expect(() => preparePayload(greetJob, { first: '', last: 3 })).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'invalid_job_payload',
        param: 'first',
        message: expect.stringMatching(
          /^Invalid payload for job test\.greet \(schema version 3\): first: .+ \(and 1 more issue\)\.$/,
        ),
      }),
    );
  });

  it('upgrades an older payload step by step to the current version', () => {
    expect(readPayload(greetJob, { name: 'Grace Brewster Hopper' }, 1)).toEqual({
      ok: true,
      payload: { first: 'Grace', last: 'Brewster Hopper', greeting: 'Hi' },
    });
    expect(readPayload(greetJob, { first: 'Alan', last: 'Turing' }, 2)).toEqual({
      ok: true,
      payload: { first: 'Alan', last: 'Turing', greeting: 'Hi' },
    });
    expect(readPayload(greetJob, { first: 'Ada', last: '', greeting: 'Hey' }, 3)).toEqual({
      ok: true,
      payload: { first: 'Ada', last: '', greeting: 'Hey' },
    });
  });

  it('reports a payload it cannot read with the type, the schema version and the zod issue', () => {
    const broken = readPayload(greetJob, { name: 42 }, 1);
    expect(broken).toEqual({
      ok: false,
      error: expect.stringMatching(/^The payload of job test\.greet \(schema version 1\) does not parse: name: /),
    });
    expect(readPayload(greetJob, { first: 'Ada' }, 3)).toEqual({
      ok: false,
      error: expect.stringMatching(/^The payload of job test\.greet \(schema version 3\) does not parse: last: /),
    });
    expect(readPayload(greetJob, {}, 4)).toEqual({
      ok: false,
      error:
        'The payload of job test.greet has schema version 4, newer than this worker knows (3); run it on an upgraded worker.',
    });
    const noOldVersions = defineJob({ ...greetJob, upgrades: [] });
    expect(readPayload(noOldVersions, { first: 'Alan', last: 'Turing' }, 2)).toEqual({
      ok: false,
      error:
        'The payload of job test.greet has schema version 2, which this version can no longer read (it reads 3–3).',
    });
  });

  it('refuses declarations whose versions do not add up', () => {
    expect(() => defineJob({ ...greetJob, version: 0 })).toThrow('whole number');
    expect(() => defineJob({ ...greetJob, version: 2 })).toThrow('an upgrade from version 2 is not older than 2');
  });
});
