import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { labelingExportFormats } from '../../labeling/export/labeling-export.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { listOf, parseInput } from './admin-route-support.ts';
import { labelingActor, projectParams } from './labeling-route-support.ts';

const createSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).optional(),
    dataset: z.string().min(1),
    version: z.number().int().positive().optional(),
    labelSchema: z.record(z.string(), z.unknown()),
    overlap: z.number().int().min(1).max(20).optional(),
    instructions: z.string().max(20_000).optional(),
    annotators: z.array(z.string().min(1)).max(1000).optional(),
  })
  .strict();
const annotatorsSchema = z.object({ annotators: z.array(z.string().min(1)).min(1).max(1000) }).strict();
const exportFileParams = z.object({ project: z.string().min(1), export: z.string().min(1), file: z.string().min(1) });
const exportSchema = z
  .object({
    format: z.enum(labelingExportFormats),
    validationRatio: z.number().min(0).max(0.99).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

/** Labeling projects: create over a dataset version, list, show, annotators, progress, agreement, export. */
export function registerLabelingProjectRoutes(app: FastifyInstance, services: AppServices): void {
  const labeling = services.labeling;
  if (!labeling) return;
  const preHandler = authenticate(services.authenticator);

  app.post('/v1/labeling/projects', { preHandler }, async (request, reply) => {
    const project = await labeling.projects.create(
      labelingActor(labeling, request),
      parseInput(createSchema, request.body),
    );
    return reply.code(201).send({ object: 'labeling.project', ...project });
  });

  app.get('/v1/labeling/projects', { preHandler }, async (request) => {
    const projects = await labeling.projects.list(labelingActor(labeling, request));
    return listOf(projects.map((project) => ({ object: 'labeling.project', ...project })));
  });

  app.get('/v1/labeling/projects/:project', { preHandler }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return { object: 'labeling.project', ...(await labeling.projects.get(labelingActor(labeling, request), project)) };
  });

  app.delete('/v1/labeling/projects/:project', { preHandler }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    await labeling.projects.delete(labelingActor(labeling, request), project);
    return { object: 'labeling.project', id: project, deleted: true };
  });

  app.put('/v1/labeling/projects/:project/annotators', { preHandler }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    const { annotators } = parseInput(annotatorsSchema, request.body);
    return {
      object: 'labeling.project',
      ...(await labeling.projects.setAnnotators(labelingActor(labeling, request), project, annotators)),
    };
  });

  app.get('/v1/labeling/projects/:project/progress', { preHandler }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return labeling.progress(labelingActor(labeling, request), project);
  });

  app.get('/v1/labeling/projects/:project/agreement', { preHandler }, async (request) => {
    const { project } = parseInput(projectParams, request.params);
    return labeling.agreement(labelingActor(labeling, request), project);
  });

  app.post('/v1/labeling/projects/:project/exports', { preHandler }, async (request, reply) => {
    const { project } = parseInput(projectParams, request.params);
    const result = await labeling.export(
      labelingActor(labeling, request),
      project,
      parseInput(exportSchema, request.body),
    );
    return reply.code(201).send({ object: 'labeling.export', ...result, directory: undefined });
  });

  app.get('/v1/labeling/projects/:project/exports/:export/:file', { preHandler }, async (request, reply) => {
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
  });
}
