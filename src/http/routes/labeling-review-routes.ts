import type { FastifyInstance } from 'fastify';
import {
  bulkReviewBody,
  historyQuery,
  predictionsBody,
  type LabelEventView,
} from '../../api-contract/labeling-review.ts';
import type { LabelEvent } from '../../labeling/label-history.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { listOf } from './admin-route-support.ts';
import { labelingActor, projectParams, taskParams } from './labeling-route-support.ts';
import { parseInput } from './parse-input.ts';

function presentEvent(event: LabelEvent): LabelEventView {
  return { object: 'labeling.label_event', ...event };
}

/** Review of many tasks at once, imported model predictions, and the label history. */
export function registerLabelingReviewRoutes(app: FastifyInstance, services: AppServices): void {
  const labeling = services.labeling;
  if (!labeling) return;
  const requireCredential = authenticate(services.authenticator);

  app.post('/v1/labeling/projects/:project/review', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return labeling.bulkReview(labelingActor(labeling, request), project, parseInput(bulkReviewBody, request.body));
  });

  app.post('/v1/labeling/projects/:project/predictions', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return labeling.importPredictions(
      labelingActor(labeling, request),
      project,
      parseInput(predictionsBody, request.body),
    );
  });

  app.get('/v1/labeling/projects/:project/history', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    const events = await labeling.projectHistory(
      labelingActor(labeling, request),
      project,
      parseInput(historyQuery, request.query),
    );
    return listOf(events.map(presentEvent));
  });

  app.get('/v1/labeling/projects/:project/tasks/:task/history', { onRequest: requireCredential }, async (request) => {
    const { project, task } = parseInput(taskParams, request.params);
    const events = await labeling.taskHistory(labelingActor(labeling, request), project, task);
    return listOf(events.map(presentEvent));
  });
}
