import type { FastifyInstance } from 'fastify';
import { assistBody } from '../../api-contract/labeling-projects.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { parseInput } from './parse-input.ts';
import { jobParams, labelingActor, projectParams } from './labeling-route-support.ts';
import { presentJob } from './present-job.ts';

/** Model-assisted labeling as background jobs: pre-labeling, QA generation, job status and cancel. */
export function registerLabelingJobRoutes(app: FastifyInstance, services: AppServices): void {
  const labeling = services.labeling;
  if (!labeling) return;
  const requireCredential = authenticate(services.authenticator);

  app.post('/v1/labeling/projects/:project/prelabel', { onRequest: requireCredential }, async (request, reply) => {
    const { project } = parseInput(projectParams, request.params);
    const job = await labeling.startPrelabel(
      labelingActor(labeling, request),
      project,
      parseInput(assistBody, request.body),
    );
    return reply.code(202).send(presentJob(job));
  });

  app.post('/v1/labeling/projects/:project/generate-qa', { onRequest: requireCredential }, async (request, reply) => {
    const { project } = parseInput(projectParams, request.params);
    const job = await labeling.startQaGeneration(
      labelingActor(labeling, request),
      project,
      parseInput(assistBody, request.body),
    );
    return reply.code(202).send(presentJob(job));
  });

  app.get('/v1/labeling/jobs/:job', { onRequest: requireCredential }, async (request) => {
    const { job } = parseInput(jobParams, request.params);
    return presentJob(await labeling.getJob(labelingActor(labeling, request), job));
  });

  app.post('/v1/labeling/jobs/:job/cancel', { onRequest: requireCredential }, async (request) => {
    const { job } = parseInput(jobParams, request.params);
    return presentJob(await labeling.cancelJob(labelingActor(labeling, request), job));
  });
}
