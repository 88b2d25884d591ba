import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LabelingService } from '../../labeling/labeling-service.ts';
import type { Actor } from '../../labeling/labeling-access.ts';

/** The labeling actor of a request (organization, role, annotator id); 401/403 when there is none. */
export function labelingActor(labeling: LabelingService, request: FastifyRequest): Actor {
  return labeling.actor(request.principal ?? null);
}

export const projectParams = z.object({ project: z.string().min(1) });
export const taskParams = z.object({ project: z.string().min(1), task: z.string().min(1) });
export const jobParams = z.object({ job: z.string().min(1) });
