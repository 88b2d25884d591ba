import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readerRoles, requireActor, requireRoles, targetOrg } from '../../accounts/access-control.ts';
import type { Principal } from '../../accounts/principal.ts';
import type { Batch, BatchList, FileList, FileObject } from '../../api-contract/batches.ts';
import { createBatchBody, pageQuerySchema } from '../../api-contract/batches.ts';
import type { BatchService } from '../../batches/batch-service.ts';
import { KaiyuanError, invalidRequest } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { parseInput } from './parse-input.ts';
import { page, presentBatch, presentFile } from './present-batch.ts';

const fileParams = z.object({ fileId: z.string().min(1) });
const batchParams = z.object({ batchId: z.string().min(1) });

/** `/v1/files…` and `/v1/batches…` (OpenAI's Files and Batch API), scoped to the caller's organization. */
export function registerBatchRoutes(app: FastifyInstance, services: AppServices): void {
  const batches = services.batches;
  if (!batches) return;
  const preHandler = authenticate(services.authenticator);
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: services.config.batches.fileLimitMb * 1024 * 1024 + 1, files: 1 },
    });
    registerRoutes(scope, batches, preHandler, services.config.batches.fileLimitMb);
  });
}

/** The caller and its organization (the operator names one with ?orgId=). */
function callerOf(request: FastifyRequest): { principal: Principal; orgId: string } {
  const principal = requireActor(request.principal);
  requireRoles(principal, readerRoles);
  const orgId = targetOrg(principal, (request.query as { orgId?: string } | undefined)?.orgId);
  return { principal, orgId };
}

function registerRoutes(
  app: FastifyInstance,
  batches: BatchService,
  preHandler: ReturnType<typeof authenticate>,
  fileLimitMb: number,
) {
  app.post('/v1/files', { onRequest: preHandler }, async (request): Promise<FileObject> => {
    const { orgId } = callerOf(request);
    if (!request.isMultipart())
      throw invalidRequest('Upload the file as multipart/form-data with the parts "file" and "purpose".', 'file');
    let purpose = '';
    let upload: { filename: string; content: Buffer } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (upload || part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        const content = await part.toBuffer().catch((error: unknown) => {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return null;
          throw error;
        });
        if (!content || part.file.truncated)
          throw new KaiyuanError('file_too_large', `The file is larger than the limit of ${fileLimitMb} MB.`, {
            status: 413,
            type: 'invalid_request_error',
            param: 'file',
            params: { limitMb: fileLimitMb },
          });
        upload = { filename: part.filename || 'upload.jsonl', content };
      } else if (part.fieldname === 'purpose') purpose = String(part.value);
    }
    if (!upload) throw invalidRequest('The upload has no part named "file".', 'file', 'missing_file');
    return presentFile(await batches.uploadFile(orgId, { ...upload, purpose }));
  });

  app.get('/v1/files', { onRequest: preHandler }, async (request): Promise<FileList> => {
    const { orgId } = callerOf(request);
    const query = parseInput(pageQuerySchema, request.query);
    return page(await batches.listFiles(orgId, query), query.limit, presentFile);
  });

  app.get('/v1/files/:fileId', { onRequest: preHandler }, async (request): Promise<FileObject> => {
    const { fileId } = parseInput(fileParams, request.params);
    return presentFile(await batches.getFile(callerOf(request).orgId, fileId));
  });

  app.get('/v1/files/:fileId/content', { onRequest: preHandler }, async (request, reply) => {
    const { fileId } = parseInput(fileParams, request.params);
    const { file, content } = await batches.fileContent(callerOf(request).orgId, fileId);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${encodeURIComponent(file.filename)}"`)
      .send(content);
  });

  app.delete('/v1/files/:fileId', { onRequest: preHandler }, async (request) => {
    const { fileId } = parseInput(fileParams, request.params);
    await batches.deleteFile(callerOf(request).orgId, fileId);
    return { id: fileId, object: 'file' as const, deleted: true };
  });

  app.post('/v1/batches', { onRequest: preHandler }, async (request): Promise<Batch> => {
    const { principal, orgId } = callerOf(request);
    const body = parseInput(createBatchBody, request.body);
    return presentBatch(await batches.createBatch(principal, orgId, body));
  });

  app.get('/v1/batches', { onRequest: preHandler }, async (request): Promise<BatchList> => {
    const { orgId } = callerOf(request);
    const query = parseInput(pageQuerySchema.omit({ purpose: true }), request.query);
    return page(await batches.listBatches(orgId, query), query.limit, presentBatch);
  });

  app.get('/v1/batches/:batchId', { onRequest: preHandler }, async (request): Promise<Batch> => {
    const { batchId } = parseInput(batchParams, request.params);
    return presentBatch(await batches.getBatch(callerOf(request).orgId, batchId));
  });

  app.post('/v1/batches/:batchId/cancel', { onRequest: preHandler }, async (request): Promise<Batch> => {
    const { batchId } = parseInput(batchParams, request.params);
    return presentBatch(await batches.cancelBatch(callerOf(request).orgId, batchId));
  });
}
