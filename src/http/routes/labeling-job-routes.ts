import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { parseInput } from './admin-route-support.ts';
import { jobParams, labelingActor, projectParams } from './labeling-route-support.ts';

const assistSchema = z
  .object({
    model: z.string().min(1),
    template: z.string().min(1).max(20_000).optional(),
    overwrite: z.boolean().optional(),
    pairsPerChunk: z.number().int().min(1).max(20).optional(),
    maxTokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    concurrency: z.number().int().min(1).max(16).optional(),
  })
  .strict();

/** Model-assisted labeling as background jobs: pre-labeling, QA generation, job status and cancel. */
export function registerLabelingJobRoutes(app: FastifyInstance, services: AppServices): void {
  const labeling = services.labeling;
  if (!labeling) return;
  const preHandler = authenticate(services.authenticator);

  app.post('/v1/labeling/projects/:project/prelabel', { preHandler }, async (request, reply) => {
    const { project } = parseInput(projectParams, request.params);
    return reply
      .code(202)
      .send(
        await labeling.startPrelabel(labelingActor(labeling, request), project, parseInput(assistSchema, request.body)),
      );
  });

  app.post('/v1/labeling/projects/:project/generate-qa', { preHandler }, async (request, reply) => {
    const { project } = parseInput(projectParams, request.params);
    return reply
      .code(202)
      .send(
        await labeling.startQaGeneration(
          labelingActor(labeling, request),
          project,
          parseInput(assistSchema, request.body),
        ),
      );
  });

  app.get('/v1/labeling/jobs/:job', { preHandler }, async (request) => {
    const { job } = parseInput(jobParams, request.params);
    return labeling.getJob(labelingActor(labeling, request), job);
  });

  app.post('/v1/labeling/jobs/:job/cancel', { preHandler }, async (request) => {
    const { job } = parseInput(jobParams, request.params);
    return labeling.cancelJob(labelingActor(labeling, request), job);
  });
}
