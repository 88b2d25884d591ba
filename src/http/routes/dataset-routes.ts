import { createReadStream } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readerRoles, requireActor, requireRoles, targetOrg } from '../../accounts/access-control.ts';
import type * as Api from '../../api-contract/datasets.ts';
import { createDatasetBody, exportDatasetBody, runRecipeBody } from '../../api-contract/datasets.ts';
import type { List } from '../../api-contract/list.ts';
import type { DataWorkbench } from '../../data/data-workbench.ts';
import { exportFileNames } from '../../data/exporters/export-job.ts';
import { operatorCatalog } from '../../data/operators/operator-catalog.ts';
import { importFormats, textSplits } from '../../data/readers/index.ts';
import { parseRecipe } from '../../data/recipes/recipe.ts';
import { jobStatuses } from '../../jobs/job-types.ts';
import { notFound } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { saveUpload } from './dataset-upload-support.ts';
import { parseInput } from './parse-input.ts';
import { presentDataset, presentVersion } from './present-dataset.ts';
import { presentJob } from './present-job.ts';

const datasetParams = z.object({ dataset: z.string().min(1) });
const versionParams = datasetParams.extend({
  version: z.union([z.literal('latest'), z.coerce.number().int().positive()]),
});
const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  orgId: z.string().optional(),
});
const exportFileParams = datasetParams.extend({ exportId: z.string().min(1), file: z.enum(exportFileNames) });
const importFields = z
  .object({
    format: z.enum(importFormats).optional(),
    split: z.enum(textSplits).optional(),
    delimiter: z.string().min(1).max(2).optional(),
    encoding: z.string().min(1).max(40).optional(),
    maxLineCharacters: z.coerce.number().int().positive().optional(),
    repair: z.enum(['true', 'false']).optional(),
    textField: z.string().min(1).optional(),
    messagesField: z.string().min(1).optional(),
    idField: z.string().min(1).optional(),
    promptField: z.string().min(1).optional(),
    responseField: z.string().min(1).optional(),
    systemField: z.string().min(1).optional(),
    chosenField: z.string().min(1).optional(),
    rejectedField: z.string().min(1).optional(),
    orgId: z.string().optional(),
  })
  .strict();
const jobsQuery = z.object({
  type: z.string().optional(),
  status: z.enum(jobStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  orgId: z.string().optional(),
});

/** /v1/datasets… and /v1/jobs…: the data workbench API, scoped to the caller's organization. */
export function registerDatasetRoutes(app: FastifyInstance, services: AppServices): void {
  const workbench = services.dataWorkbench;
  if (!workbench) return;
  const requireCredential = authenticate(services.authenticator);
  /** The caller's organization (the operator names one with ?orgId=). */
  const orgOf = (request: FastifyRequest, requested?: string): string => {
    const actor = requireActor(request.principal);
    requireRoles(actor, readerRoles);
    return targetOrg(actor, requested ?? (request.query as { orgId?: string } | undefined)?.orgId);
  };

  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: services.config.data.uploadLimitMb * 1024 * 1024, files: 1 },
    });
    registerRoutes(scope, workbench, requireCredential, orgOf, services.config.data.uploadLimitMb);
  });
}

function registerRoutes(
  app: FastifyInstance,
  workbench: DataWorkbench,
  requireCredential: ReturnType<typeof authenticate>,
  orgOf: (request: FastifyRequest, requested?: string) => string,
  uploadLimitMb: number,
): void {
  app.get('/v1/datasets/operators', { onRequest: requireCredential }, async (request) => {
    orgOf(request);
    return { object: 'list', data: operatorCatalog() };
  });

  app.post('/v1/datasets/recipes/validate', { onRequest: requireCredential }, async (request) => {
    orgOf(request);
    const { recipe } = parseInput(z.object({ recipe: z.string().min(1) }), request.body);
    return { object: 'recipe', valid: true, ...parseRecipe(recipe) };
  });

  app.post('/v1/datasets', { onRequest: requireCredential }, async (request, reply) => {
    const body = parseInput(createDatasetBody, request.body);
    const dataset = await workbench.createDataset(orgOf(request), body.name, body.description);
    return reply.code(201).send(presentDataset(dataset));
  });

  app.get('/v1/datasets', { onRequest: requireCredential }, async (request): Promise<List<Api.Dataset>> => ({
    object: 'list',
    data: (await workbench.listDatasets(orgOf(request))).map(presentDataset),
  }));

  app.get('/v1/datasets/:dataset', { onRequest: requireCredential }, async (request): Promise<Api.DatasetDetail> => {
    const { dataset } = parseInput(datasetParams, request.params);
    const orgId = orgOf(request);
    const found = await workbench.getDataset(orgId, dataset);
    const versions = await workbench.listVersions(orgId, found.id);
    return {
      ...presentDataset(found),
      versions: versions.map(({ samples: _samples, ...version }) => presentVersion(version)),
    };
  });

  app.delete('/v1/datasets/:dataset', { onRequest: requireCredential }, async (request) => {
    const { dataset } = parseInput(datasetParams, request.params);
    const found = await workbench.getDataset(orgOf(request), dataset);
    await workbench.deleteDataset(found.orgId, found.id);
    return { object: 'dataset', id: found.id, deleted: true };
  });

  app.post('/v1/datasets/:dataset/imports', { onRequest: requireCredential }, async (request, reply) => {
    const { dataset } = parseInput(datasetParams, request.params);
    const orgId = orgOf(request);
    const target = await workbench.getDataset(orgId, dataset);
    const upload = await saveUpload(request, workbench.paths.uploadDirectory(orgId), uploadLimitMb);
    const fields = parseInput(importFields, upload.fields);
    const mapping = Object.fromEntries(
      Object.entries({
        text: fields.textField,
        messages: fields.messagesField,
        id: fields.idField,
        prompt: fields.promptField,
        response: fields.responseField,
        system: fields.systemField,
        chosen: fields.chosenField,
        rejected: fields.rejectedField,
      }).filter(([, value]) => value !== undefined),
    );
    const job = await workbench.startImport(orgId, target.id, {
      file: upload.file,
      sourceName: upload.fileName,
      format: fields.format,
      mapping,
      readerOptions: {
        split: fields.split,
        delimiter: fields.delimiter,
        repair: fields.repair === 'true',
        encoding: fields.encoding,
        maxLineCharacters: fields.maxLineCharacters,
      },
      removeFile: true,
    });
    return reply.code(202).send(presentJob(job));
  });

  app.get(
    '/v1/datasets/:dataset/versions',
    { onRequest: requireCredential },
    async (request): Promise<List<Api.DatasetVersion>> => {
      const { dataset } = parseInput(datasetParams, request.params);
      const versions = await workbench.listVersions(orgOf(request), dataset);
      return { object: 'list', data: versions.map(presentVersion) };
    },
  );

  app.get('/v1/datasets/:dataset/versions/:version', { onRequest: requireCredential }, async (request) => {
    const { dataset, version } = parseInput(versionParams, request.params);
    return presentVersion(await workbench.getVersion(orgOf(request), dataset, version));
  });

  app.get(
    '/v1/datasets/:dataset/versions/:version/records',
    { onRequest: requireCredential },
    async (request): Promise<Api.RecordPage> => {
      const { dataset, version } = parseInput(versionParams, request.params);
      const { offset, limit } = parseInput(pageQuery, request.query);
      const page = await workbench.browseRecords(orgOf(request), dataset, version, offset, limit);
      return { object: 'list', total: page.total, offset, limit, data: page.records };
    },
  );

  app.post('/v1/datasets/:dataset/runs', { onRequest: requireCredential }, async (request, reply) => {
    const { dataset } = parseInput(datasetParams, request.params);
    const body = parseInput(runRecipeBody, request.body);
    const job = await workbench.startRecipe(orgOf(request), dataset, body.recipe, body.fromVersion);
    return reply.code(202).send(presentJob(job));
  });

  /** Starts an export job (GET /v1/jobs/:id follows it); its files are downloaded below. */
  app.post(
    '/v1/datasets/:dataset/versions/:version/exports',
    { onRequest: requireCredential },
    async (request, reply) => {
      const { dataset, version } = parseInput(versionParams, request.params);
      const body = parseInput(exportDatasetBody, request.body);
      const job = await workbench.startExport(orgOf(request), dataset, { version, ...body });
      return reply.code(202).send(presentJob(job));
    },
  );

  app.get(
    '/v1/datasets/:dataset/exports/:exportId/files/:file',
    { onRequest: requireCredential },
    async (request, reply) => {
      const { dataset, exportId, file } = parseInput(exportFileParams, request.params);
      const download = await workbench.exportDownload(orgOf(request), dataset, exportId, file);
      return reply
        .header(
          'content-type',
          file.endsWith('.jsonl') ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="${download.downloadName}"`)
        .send(createReadStream(download.file));
    },
  );

  app.get('/v1/jobs', { onRequest: requireCredential }, async (request) => {
    const query = parseInput(jobsQuery, request.query);
    const jobs = await workbench.listJobs(orgOf(request, query.orgId), {
      type: query.type,
      status: query.status,
      limit: query.limit,
    });
    return { object: 'list', data: jobs.map(presentJob) };
  });

  app.get('/v1/jobs/:jobId', { onRequest: requireCredential }, async (request) => {
    const { jobId } = parseInput(z.object({ jobId: z.string().min(1) }), request.params);
    const job = await workbench.getJob(orgOf(request), jobId);
    if (!job) throw notFound(`No job '${jobId}'.`, 'job_not_found', 'job');
    return presentJob(job);
  });

  app.post('/v1/jobs/:jobId/cancel', { onRequest: requireCredential }, async (request) => {
    const { jobId } = parseInput(z.object({ jobId: z.string().min(1) }), request.params);
    const job = await workbench.cancelJob(orgOf(request), jobId);
    if (!job) throw notFound(`No job '${jobId}'.`, 'job_not_found', 'job');
    return presentJob(job);
  });
}
