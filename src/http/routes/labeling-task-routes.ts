import type { FastifyInstance } from 'fastify';
import { labelBody, reviewBody, type LabelingTask } from '../../api-contract/labeling-tasks.ts';
import { taskListQuery } from '../../api-contract/labeling-review.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';
import { labelingActor, projectParams, taskParams } from './labeling-route-support.ts';

/** Tasks: the annotator's queue, drafts, skips, submissions, and review. */
export function registerLabelingTaskRoutes(app: FastifyInstance, services: AppServices): void {
  const labeling = services.labeling;
  if (!labeling) return;
  const requireCredential = authenticate(services.authenticator);

  app.get('/v1/labeling/projects/:project/tasks', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return listOf(
      await labeling.annotation.listTasks(
        labelingActor(labeling, request),
        project,
        parseInput(taskListQuery, request.query),
      ),
    );
  });

  app.get('/v1/labeling/projects/:project/next', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    const task = await labeling.annotation.next(labelingActor(labeling, request), project);
    return task ?? { object: 'labeling.task', id: null, done: true };
  });

  app.get('/v1/labeling/projects/:project/tasks/:task', { onRequest: requireCredential }, async (request) => {
    const { project, task } = parseInput(taskParams, request.params);
    return labeling.annotation.getTask(labelingActor(labeling, request), project, task);
  });

  app.put('/v1/labeling/projects/:project/tasks/:task/draft', { onRequest: requireCredential }, async (request) => {
    const { project, task } = parseInput(taskParams, request.params);
    return labeling.annotation.saveDraft(
      labelingActor(labeling, request),
      project,
      task,
      parseInput(labelBody, request.body),
    );
  });

  app.post('/v1/labeling/projects/:project/tasks/:task/submit', { onRequest: requireCredential }, async (request) => {
    const { project, task } = parseInput(taskParams, request.params);
    return labeling.annotation.submit(
      labelingActor(labeling, request),
      project,
      task,
      parseInput(labelBody, request.body),
    );
  });

  app.post('/v1/labeling/projects/:project/tasks/:task/skip', { onRequest: requireCredential }, async (request) => {
    const { project, task } = parseInput(taskParams, request.params);
    return labeling.annotation.skip(labelingActor(labeling, request), project, task);
  });

  app.post('/v1/labeling/projects/:project/tasks/:task/review', { onRequest: requireCredential }, async (request) => {
    const { project, task } = parseInput(taskParams, request.params);
    const reviewed = await labeling.reviews.review(
      labelingActor(labeling, request),
      project,
      task,
      parseInput(reviewBody, request.body),
    );
    const answer: LabelingTask = { object: 'labeling.task', ...reviewed };
    return answer;
  });
}
