import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createProjectBody,
  labelingExportBody,
  type LabelingProject as ProjectResource,
} from '../../api-contract/labeling-projects.ts';
import type { LabelingProject } from '../../labeling/labeling-types.ts';
import { labelingExportFileNames } from '../../labeling/export/labeling-export-job.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';
import { presentJob } from './present-job.ts';
import { labelingActor, projectParams } from './labeling-route-support.ts';

const annotatorsSchema = z.object({ annotators: z.array(z.string().min(1)).min(1).max(1000) }).strict();
const exportFileParams = z.object({
  project: z.string().min(1),
  export: z.string().min(1),
  file: z.enum(labelingExportFileNames),
});

function presentProject(project: LabelingProject): ProjectResource {
  return { object: 'labeling.project', ...project };
}

/** Labeling projects: create over a dataset version, list, show, annotators, progress, agreement, export. */
export function registerLabelingProjectRoutes(app: FastifyInstance, services: AppServices): void {
  const labeling = services.labeling;
  if (!labeling) return;
  const requireCredential = authenticate(services.authenticator);

  app.post('/v1/labeling/projects', { onRequest: requireCredential }, async (request, reply) => {
    const project = await labeling.projects.create(
      labelingActor(labeling, request),
      parseInput(createProjectBody, request.body),
    );
    return reply.code(201).send(presentProject(project));
  });

  app.get('/v1/labeling/projects', { onRequest: requireCredential }, async (request) => {
    const projects = await labeling.projects.list(labelingActor(labeling, request));
    return listOf(projects.map(presentProject));
  });

  app.get('/v1/labeling/projects/:project', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return presentProject(await labeling.projects.get(labelingActor(labeling, request), project));
  });

  app.delete('/v1/labeling/projects/:project', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    await labeling.projects.delete(labelingActor(labeling, request), project);
    return { object: 'labeling.project', id: project, deleted: true };
  });

  app.put('/v1/labeling/projects/:project/annotators', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    const { annotators } = parseInput(annotatorsSchema, request.body);
    return presentProject(await labeling.projects.setAnnotators(labelingActor(labeling, request), project, annotators));
  });

  app.get('/v1/labeling/projects/:project/progress', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return labeling.progress(labelingActor(labeling, request), project);
  });

  app.get('/v1/labeling/projects/:project/agreement', { onRequest: requireCredential }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return labeling.agreement(labelingActor(labeling, request), project);
  });

  /** Starts an export job (GET /v1/labeling/jobs/:id follows it); its files are downloaded below. */
  app.post('/v1/labeling/projects/:project/exports', { onRequest: requireCredential }, async (request, reply) => {
    const { project } = parseInput(projectParams, request.params);
    const job = await labeling.startExport(
      labelingActor(labeling, request),
      project,
      parseInput(labelingExportBody, request.body),
    );
    return reply.code(202).send(presentJob(job));
  });

  app.get(
    '/v1/labeling/projects/:project/exports/:export/:file',
    { onRequest: requireCredential },
    async (request, reply) => {
      const { project, export: exportId, file } = parseInput(exportFileParams, request.params);
      const absolute = await labeling.exportFile(labelingActor(labeling, request), project, exportId, file);
      return reply
        .header(
          'content-type',
          file.endsWith('.json')
            ? 'application/json; charset=utf-8'
            : file.endsWith('.jsonl')
              ? 'application/x-ndjson; charset=utf-8'
              : 'text/plain; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="${exportId}-${file}"`)
        .send(createReadStream(absolute));
    },
  );
}
