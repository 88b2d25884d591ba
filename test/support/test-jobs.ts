import { z } from 'zod';
import { defineJob, payloadUpgrade } from '../../src/jobs/job-definition.ts';

/** Reports progress `steps` times, `delayMs` apart: a job long enough to cancel while it runs. */
export const slowJob = defineJob({
  type: 'test.slow',
  version: 1,
  schema: z.object({ steps: z.number().int().positive(), delayMs: z.number().int().min(0) }),
  handler: async ({ steps, delayMs }, context) => {
    for (let index = 0; index < steps; index++) {
      await context.progress({ itemsDone: index, itemsTotal: steps });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  },
});

/** Version 1 of a greeting job, as an older deploy declared it. */
export const greetV1 = defineJob({
  type: 'test.greet',
  version: 1,
  schema: z.object({ name: z.string().min(1) }),
  handler: async ({ name }) => `Hello, ${name}`,
});

/** Version 2, as the current deploy declares it: `name` became `first` + `last`; version 1 is upgraded. */
export const greetV2 = defineJob({
  type: 'test.greet',
  version: 2,
  schema: z.object({ first: z.string().min(1), last: z.string() }),
  upgrades: [
    payloadUpgrade(1, greetV1.schema, ({ name }) => {
      const [first, ...rest] = name.split(' ');
      return { first, last: rest.join(' ') };
    }),
  ],
  handler: async ({ first, last }) => `Hello, ${first} (${last})`,
});
